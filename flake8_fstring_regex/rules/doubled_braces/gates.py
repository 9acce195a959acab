"""FSR003 from the text and from the ``ast`` tree: supersets of detect.py."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from flake8_fstring_regex.rules.shapes import format_fields, quantifier_text

if TYPE_CHECKING:
    import ast  # imported where a screen runs: a file the text gate stops never needs it

# A quantifier whose braces are doubled, as an f-string would need them.
_DOUBLED = re.compile(r"\{\{(\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?)\}\}")


def doubled_quantifiers(body: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, quantifier)`` of every ``{{6}}``-shaped run in a plain
    string's source, skipping braces that a backslash escapes or that a
    third brace makes part of something else (``{{{6}}}``)."""
    for match in _DOUBLED.finditer(body):
        start, end = match.span()
        if (start and body[start - 1] in "{\\") or body[end : end + 1] == "}":
            continue
        yield start, end, quantifier_text(match.group(2), match.group(3) or "", match.group(4))


def names_a_field(body: str) -> bool:
    """Whether the text has a ``{name}`` field: a str.format() template,
    which no regex is (timid)."""
    return any(inside[:1].isidentifier() for _, _, inside in format_fields(body))


def text_candidates(source: str, callees: Collection[str] = ()) -> Iterator[int]:
    """Offsets of every ``{{6}}``-shaped run."""
    return (match.start() for match in _DOUBLED.finditer(source))


def screen(node: ast.AST, in_regex: bool, exact: bool) -> bool:
    """Whether a string constant that may be a regex holds a doubled
    quantifier, read as the detector reads it when ``exact``; otherwise
    escapes may have made braces or backslashes the source does not have,
    and any ``{{6}}``-shaped run counts."""
    import ast

    if not (in_regex and isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    if not exact:
        return _DOUBLED.search(node.value) is not None
    if names_a_field(node.value):
        return False
    return any(True for _ in doubled_quantifiers(node.value))
