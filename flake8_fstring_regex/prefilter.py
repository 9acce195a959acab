"""The text gate: cheap checks that decide a file *cannot* hold a finding.

libcst is an order of magnitude slower than ``ast``; most files never need it.
These checks may only answer "no finding possible" (return False) or "maybe"
(return True): a false "maybe" costs a parse, a false "no" would hide a bug,
so every shortcut here errs towards "maybe". The verdict comes from the tree.
Each rule family says which offsets of the text may hold one of its findings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.source import LineStarts, line_starts

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces

# Words without which no call in the file can take a regex (FSR003/FSR004).
# (Attribute names only as words: ``.str`` and ``.contains`` may be on
# different lines, ``filter`` and its ``(`` too.)
# Python allows spaces, line breaks (in brackets), continuations and
# comments between a dot and its attribute: "s . str", "s.\<newline>str".
_REGEX_PLACE = re.compile(
    r"\bre\b|\bregex\b|pytest|re_path|\burl\b|Regex|\bfilter\b"
    r"|\.(?:\s|\\\r?\n|\\\r|#[^\r\n]*(?:\r\n?|\n))*str\b"
)


def candidate_lines(source: str, places: Optional[RegexPlaces] = None) -> set[int]:
    """Lines that may hold a finding (empty: the source cannot hold one).

    A line number is that of a candidate's first character; the ``ast``
    screen looks only at the statements covering these lines.
    """
    starts: Optional[LineStarts] = None
    lines: set[int] = set()
    may_take_a_regex: Optional[bool] = None
    callees = [name.rsplit(".", 1)[-1] for name in places.functions] if places else ()
    for family in FAMILIES:
        offsets = iter(family.text_candidates(source, callees))
        first = next(offsets, None)
        if first is None:
            continue
        if family.needs_regex_place:
            if may_take_a_regex is None:
                may_take_a_regex = _may_take_a_regex(source, places)
            if not may_take_a_regex:
                continue
        if starts is None:
            starts = line_starts(source)
        lines.add(starts.line_of(first))
        lines.update(starts.line_of(offset) for offset in offsets)
    return lines


def _may_take_a_regex(source: str, places: Optional[RegexPlaces]) -> bool:
    if _REGEX_PLACE.search(source):
        return True
    extra = places.functions if places is not None else ()
    return any(name.rsplit(".", 1)[-1] in source for name in extra)
