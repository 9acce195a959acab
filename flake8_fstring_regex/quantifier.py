"""Recognise text shaped like a regex quantifier (no libcst here: the screen
runs before libcst is imported)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional


# The value of the text before a field ends in regex-only syntax: an escaped
# class (\d \w \s \D \W \S, with an odd number of backslashes), ] ) or ".".
_REGEX_TAIL = re.compile(r"(?:(?<!\\)(?:\\\\)*\\[dwsDWS]|[\]).])\Z")
# In a non-raw literal only "\\" changes the backslashes of the value.
_ESCAPED_BACKSLASH = re.compile(r"\\\\")


def ends_in_regex_syntax(text: str, *, raw: bool) -> bool:
    """Whether literal source ``text`` ends with syntax only a regex uses."""
    value = text if raw else _ESCAPED_BACKSLASH.sub(lambda _: "\\", text)
    return _REGEX_TAIL.search(value) is not None


# A quantifier whose braces are doubled, as an f-string would need them.
_DOUBLED = re.compile(r"\{\{(\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?)\}\}")
# The same shape with single braces, as a str.format() field name.
_FIELD_NAME = re.compile(r"\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?")


def _quantifier_text(low: str, comma: str, high: str) -> str:
    return "{" + str(int(low)) + (comma and "," + (str(int(high)) if high else "")) + "}"


def doubled_quantifiers(body: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, quantifier)`` of every ``{{6}}``-shaped run in a plain
    string's source, skipping braces that a backslash escapes or that a
    third brace makes part of something else (``{{{6}}}``)."""
    for match in _DOUBLED.finditer(body):
        start, end = match.span()
        if (start and body[start - 1] in "{\\") or body[end : end + 1] == "}":
            continue
        yield start, end, _quantifier_text(match.group(2), match.group(3) or "", match.group(4))


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


def field_quantifier(inside: str, positional: int) -> Optional[str]:
    """The quantifier a str.format() field stands for, or None.

    ``6`` is a quantifier when the call has fewer than 7 positional arguments
    (so the field could only raise IndexError); ``2,4`` and ``3,`` always are
    (no keyword argument can have that name).
    """
    match = _FIELD_NAME.fullmatch(inside)
    if match is None:
        return None
    low, comma, high = match.group(1), match.group(2) or "", match.group(3)
    if not comma and int(low) < positional:
        return None
    return _quantifier_text(low, comma, high)
