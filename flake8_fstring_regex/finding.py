"""A finding: where, what, and the edit that fixes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import libcst as cst

Literal = Union[cst.SimpleString, cst.FormattedString]


@dataclass(frozen=True)
class Finding:
    """One reported problem.

    The fix replaces ``literal_code(literal)[start:end]`` with
    ``replacement_text``; the literal starts at ``literal_line`` and
    ``literal_column`` of the file. ``last_line`` is the last line of the
    literal: like flake8, a ``# noqa`` there covers a multi-line string.
    """

    line: int
    column: int
    code: str
    message: str
    literal: Literal
    start: int
    end: int
    replacement_text: str
    last_line: int
    literal_line: int
    literal_column: int


def literal_code(literal: Literal) -> str:
    """The source of a string literal without its parentheses."""
    if isinstance(literal, cst.SimpleString):
        return literal.value
    return (
        literal.start
        + "".join(
            part.value if isinstance(part, cst.FormattedStringText) else _code(part)
            for part in literal.parts
        )
        + literal.end
    )


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)
