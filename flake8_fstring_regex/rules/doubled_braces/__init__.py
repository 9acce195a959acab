"""FSR003: a quantifier written with doubled braces (``{{6}}``) in a regex
that is not an f-string, where the braces stay doubled.

- text: a ``{{6}}``-shaped run, in a file where some call may take a regex;
- ast: such a run in a string constant that may be a regex;
- libcst: the same in a plain literal that reaches a regex place.
"""

from __future__ import annotations

from flake8_fstring_regex.rules.base import Code, Family
from flake8_fstring_regex.rules.doubled_braces import gates

FSR003 = Code(
    "FSR003",
    "doubled-brace quantifier in a regex that is not an f-string",
    "'{field}' in a regex that is not an f-string is not the quantifier '{fix}' "
    "(braces are doubled only in f-strings); write '{fix}'",
)

FAMILY = Family(
    codes=(FSR003,),
    text_candidates=gates.text_candidates,
    needs_regex_place=True,
    screen=gates.screen,
    screened=("Constant",),
    detector="flake8_fstring_regex.rules.doubled_braces.detect",
)
