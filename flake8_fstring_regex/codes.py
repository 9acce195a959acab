"""The table of codes: every message says what is wrong, why, and the fix.

A retired code is never reused: add new codes at the end of the table.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """One rule: its code, a one-line title, and the message template."""

    code: str
    title: str
    template: str


FSR001 = Code(
    "FSR001",
    "integer replacement field in an f-string regex",
    "'{field}' in an f-string inserts '{inserted}', not a regex quantifier; write '{fix}'",
)
FSR002 = Code(
    "FSR002",
    "tuple replacement field in an f-string (a swallowed {m,n} quantifier)",
    "'{field}' in an f-string inserts '{inserted}', not a regex quantifier; write '{fix}'",
)
CODES: dict[str, Code] = {c.code: c for c in (FSR001, FSR002)}


def message(code: Code, field: str, inserted: str, fix: str) -> str:
    """The full flake8 message text, code first."""
    return f"{code.code} " + code.template.format(field=field, inserted=inserted, fix=fix)
