"""``# noqa`` comments, read the way flake8 reads them.

flake8 applies these itself; the command-line front end needs the same rule
so that a suppressed finding is neither reported nor fixed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flake8_fstring_regex.findings import Finding

# The same pattern flake8 uses: "# noqa" alone suppresses everything on the
# line, "# noqa: A1,B2" only codes starting with one of those listed.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,\s]+")


def _suppresses(line: str, code: str) -> bool:
    match = _NOQA.search(line)
    if match is None:
        return False
    listed = match.group("codes")
    if listed is None:
        return True
    codes = tuple(c for c in _SEPARATORS.split(listed) if c)
    return code.startswith(codes)


def is_suppressed(finding: Finding, lines: Sequence[str]) -> bool:
    """Whether a ``# noqa`` on the finding's line, or on the last line of
    its (multi-line) string literal, suppresses it."""
    for number in {finding.line, finding.last_line}:
        if 0 < number <= len(lines) and _suppresses(lines[number - 1], finding.code):
            return True
    return False
