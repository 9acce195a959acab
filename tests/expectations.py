"""Read the expected findings written next to the code in fixture files.

A fixture line ends with ``# CODE@COLUMN ...`` for findings on that line, or
``CODE@OFFSET:COLUMN`` for a line OFFSET lines away (a multi-line string).
"""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

_COMMENT = re.compile(r"#\s*((?:FSR\d{3}@-?\d+(?::\d+)?\s*)+)$")
_TOKEN = re.compile(r"(FSR\d{3})@(?:(-?\d+):)?(\d+)")

Expected = tuple[int, int, str]


def expected_findings(source: str) -> list[Expected]:
    """(line, column, code) for every expectation written in ``source``."""
    found: list[Expected] = []
    for number, line in enumerate(source.splitlines(), start=1):
        comment = _COMMENT.search(line)
        if comment is None:
            continue
        for code, offset, column in _TOKEN.findall(comment.group(1)):
            found.append((number + int(offset or 0), int(column), code))
    return sorted(found)


def show(findings: list[Expected], source: str) -> str:
    """A readable listing: each finding with the source line it points at."""
    lines = source.splitlines()
    return "\n".join(f"{ln}:{col} {code}  | {lines[ln - 1].strip()}" for ln, col, code in findings)
