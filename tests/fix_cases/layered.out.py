# An f-string that str.format() formats again: the quantifier must survive
# both layers, {{{{6}}}} in the f-string, or {{6}} once the f is dropped.
import re

k = "key"
re.compile(rf"{k}\d{{{{6}}}}-{{0}}".format(k))
re.compile(r"\d{{6}}-{0}".format(k))
re.compile((r"\d{{2,3}}-" + "{0}").format(k))
re.compile(rf"{k}\d{{{6}}}")  # escaped braces around a field: already {6}
re.compile(f"\\d\\d\\d{{{{2}}}}\\d{{0}}")  # the f stays: {{2}} is meant doubled
