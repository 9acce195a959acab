"""Line numbering as Python does it, and a sorted set of line numbers that
answers "any line in [first, last]?" in logarithmic time (a file can have
hundreds of candidate lines)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator


# Python's own line breaks; str.splitlines also splits on \f, \v, \x1c...
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineSet:
    __slots__ = ("_lines",)

    def __init__(self, lines: Iterable[int]) -> None:
        self._lines = sorted(set(lines))

    def __bool__(self) -> bool:
        return bool(self._lines)

    def __iter__(self) -> Iterator[int]:
        return iter(self._lines)

    def any_within(self, first: int, last: int) -> bool:
        index = bisect_left(self._lines, first)
        return index < len(self._lines) and self._lines[index] <= last
