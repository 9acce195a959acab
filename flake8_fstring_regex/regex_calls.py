"""Which calls take a regex, and which of their arguments is the pattern."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Optional

import libcst as cst


class PatternArg(NamedTuple):
    """Where a function takes its pattern: a position and/or a keyword."""

    position: Optional[int]
    keyword: Optional[str]

    def find(self, args: Sequence[cst.Arg]) -> Optional[cst.BaseExpression]:
        """The pattern expression among a call's arguments, if it is there."""
        positional = 0
        for arg in args:
            if arg.star:
                return None  # *args or **kwargs: the pattern cannot be located
            if arg.keyword is not None:
                if arg.keyword.value == self.keyword:
                    return arg.value
            else:
                if positional == self.position:
                    return arg.value
                positional += 1
        return None


_PATTERN_FIRST = PatternArg(0, "pattern")
_RE_FUNCTIONS = (
    "compile",
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "split",
    "sub",
    "subn",
)
# The third-party ``regex`` module adds these to the ``re`` set.
_REGEX_EXTRA = ("splititer", "subf", "subfn")

DEFAULT_FUNCTIONS: dict[str, PatternArg] = {
    **{f"re.{name}": _PATTERN_FIRST for name in _RE_FUNCTIONS},
    **{f"regex.{name}": _PATTERN_FIRST for name in _RE_FUNCTIONS + _REGEX_EXTRA},
}
