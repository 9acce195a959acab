"""What the detector reports (a Finding) and how a fix changes the source
(an Edit): two types, because the report is printed everywhere and the edit
only matters to the fixer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:
    import libcst as cst

    StringLiteral = Union[cst.SimpleString, cst.FormattedString]


@dataclass(frozen=True)
class Edit:
    """Replace ``literal_code(literal)[start:end]`` with ``text``.

    The literal starts at ``literal_line`` and ``literal_column`` of the file;
    several edits to one literal are applied together.
    """

    literal: StringLiteral
    start: int
    end: int
    text: str
    literal_line: int
    literal_column: int


@dataclass(frozen=True)
class Finding:
    """One reported problem: where (1-based lines, 0-based columns, the end
    exclusive), which code, the message, and the edit that fixes it.

    ``last_line`` is the last line of the literal: like flake8, a ``# noqa``
    there covers a multi-line string.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    message: str
    last_line: int
    edit: Optional[Edit] = None
