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
FSR003 = Code(
    "FSR003",
    "doubled-brace quantifier in a regex that is not an f-string",
    "'{field}' in a regex that is not an f-string is not the quantifier '{fix}' "
    "(braces are doubled only in f-strings); write '{fix}'",
)
FSR004 = Code(
    "FSR004",
    "single-brace quantifier in a str.format() regex template",
    "'{field}' in a str.format() regex template is a replacement field "
    "(an error at run time), not a regex quantifier; write '{fix}'",
)

CODES: dict[str, Code] = {c.code: c for c in (FSR001, FSR002, FSR003, FSR004)}


def message(code: Code, field: str, fix: str, inserted: str = "") -> str:
    """The full flake8 message text, code first."""
    return f"{code.code} " + code.template.format(field=field, inserted=inserted, fix=fix)
