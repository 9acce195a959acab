"""Text shapes more than one family reads: a quantifier-shaped replacement
field, and the fields of a str.format() template."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A replacement field shaped like a quantifier: {6}, { 8 }, {2,4}, {3,}.
# \s also covers newlines, which PEP 701 allows inside a field.
QUANTIFIER_FIELD = re.compile(r"\{\s*\d+\s*(?:,\s*\d*\s*)?\}")
# A ".format" attribute, not a prefix of .format_map or .formatter; Python
# allows spaces and line continuations around the dot, and in brackets line
# breaks and comments.
FORMAT_ATTRIBUTE = re.compile(r"\.(?:\s|\\\r?\n|\\\r|#[^\r\n]*(?:\r\n?|\n))*format(?!\w)")


def quantifier_text(low: str, comma: str, high: str) -> str:
    """``{6}``, ``{2,4}`` or ``{3,}`` from the digits (leading zeros dropped)."""
    return "{" + str(int(low)) + (comma and "," + (str(int(high)) if high else "")) + "}"


def format_fields(body: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, inside)`` of every replacement field of a str.format()
    template's source; ``{{`` and ``}}`` are literal braces."""
    index, length = 0, len(body)
    while index < length:
        char = body[index]
        if char in "{}" and body[index + 1 : index + 2] == char:
            index += 2
            continue
        if char != "{":
            index += 1
            continue
        depth, end = 1, index + 1
        while end < length and depth:
            depth += {"{": 1, "}": -1}.get(body[end], 0)
            end += 1
        if depth:
            return  # unbalanced: str.format() would raise; nothing to say
        yield index, end, body[index + 1 : end - 1]
        index = end
