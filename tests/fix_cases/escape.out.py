# Each swallowed quantifier gets doubled braces; whitespace inside is dropped
# because a regex quantifier cannot hold spaces. Nothing else changes.
import re

key = "sales"
re.compile(rf"{key}_(\d{{6}})_(\d{{6}})\.xlsx")
re.compile(rf"{key}-(\d{{8}})")
re.compile(rf"{key}-(\d{{2,4}})-(\d{{2,4}})-(\d{{3,}})-(\d{{3,}})")
re.compile(
    rf"""
    {key}   # the key
    \d{{4}}   # a year
    """,
    re.VERBOSE,
)
re.compile(rf"{key}\d{{6}}")   # already right: unchanged
width = f"{key:{6}}"   # a width, not a quantifier: unchanged
