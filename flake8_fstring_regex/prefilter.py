"""Cheap text checks that decide a file *cannot* hold a finding.

libcst is an order of magnitude slower than ``ast``; most files never need it.
These checks may only answer "no finding possible" (return False) or "maybe"
(return True): a false "maybe" costs a parse, a false "no" would hide a bug,
so every shortcut here errs towards "maybe". The verdict comes from the tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces

# A replacement field shaped like a quantifier: {6}, { 8 }, {2,4}, {3,}.
# \s also covers newlines, which PEP 701 allows inside a field.
_FIELD = re.compile(r"\{\s*\d+\s*(?:,\s*\d*\s*)?\}")
# An f-string opening quote, with any prefix spelling (f, F, rf, fR, Rf, ...).
_F_OPENING = re.compile(r"(?<![A-Za-z0-9_])(?:[rR]?[fF]|[fF][rR])['\"]")
# A quantifier written with doubled braces, {{6}} or {{2,3}} (FSR003).
_DOUBLED = re.compile(r"\{\{\s*\d+\s*(?:,\s*\d*\s*)?\}\}")
# Words without which no call in the file can take a regex (FSR003/FSR004).
_REGEX_PLACE = re.compile(r"\bre\b|\bregex\b|pytest|re_path|\burl\b|Regex|\.str\.|filter\(")
# How many lines back a multi-line replacement field is looked for.
_FIELD_SPAN_LINES = 20


def _opens_f_string_before(source: str, pos: int) -> bool:
    """Whether an f-string may be open at ``pos``: conservative, text only."""
    line_start = source.rfind("\n", 0, pos) + 1
    # A backslash continuation keeps a single-quoted string open across lines.
    while line_start >= 2 and source[line_start - 2] == "\\":
        line_start = source.rfind("\n", 0, line_start - 1) + 1
    if _F_OPENING.search(source, line_start, pos):
        return True
    # PEP 701 lets a replacement field span lines in any f-string: a line
    # that closes a field before any quote may continue an earlier line's
    # f-string, so look a few lines further back.
    head = source[line_start:pos]
    closing = head.find("}")
    if closing >= 0 and not any(q in head[:closing] for q in "'\""):
        back = line_start
        for _ in range(_FIELD_SPAN_LINES):
            back = source.rfind("\n", 0, max(back - 1, 0)) + 1
        if _F_OPENING.search(source, back, line_start):
            return True
    # Inside a triple-quoted string the opening quote is on an earlier line:
    # look at the nearest triple quote of each kind and its prefix.
    for quote in ('"""', "'''"):
        at = source.rfind(quote, 0, pos)
        if at > 0 and "f" in source[max(0, at - 2) : at].lower():
            return True
    return False


def may_hold_fstring_finding(source: str) -> bool:
    """False when no f-string in ``source`` can hold a quantifier-shaped field."""
    for match in _FIELD.finditer(source):
        if _opens_f_string_before(source, match.start()):
            return True
    return False


def may_hold_finding(source: str, places: Optional[RegexPlaces] = None) -> bool:
    """False when ``source`` cannot hold any finding of any code."""
    if may_hold_fstring_finding(source):
        return True
    # FSR003 needs a doubled-brace quantifier, FSR004 a str.format() call and
    # a quantifier-shaped field; both only where a regex goes.
    if not (_DOUBLED.search(source) or (".format" in source and _FIELD.search(source))):
        return False
    if _REGEX_PLACE.search(source):
        return True
    extra = places.functions if places is not None else ()
    return any(name.rsplit(".", 1)[-1] in source for name in extra)
