"""What the detector reports (a Finding) and how a fix changes the source
(an Edit): two types, because the report is printed everywhere and the edit
only matters to the fixer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:
    import libcst as cst

    from flake8_fstring_regex.detect import Layer

    StringLiteral = Union[cst.SimpleString, cst.FormattedString]


@dataclass(frozen=True)
class Edit:
    """Replace ``literal_code(literal)[start:end]`` with ``text``.

    The literal starts at ``literal_line`` and ``literal_column`` of the file;
    several edits to one literal are applied together. ``meant`` is the
    quantifier the author meant (``{6}``): the fixer proves that the fixed
    expression's value is the old one with exactly that restored.
    """

    literal: StringLiteral
    start: int
    end: int
    text: str
    literal_line: int
    literal_column: int
    meant: str
    layer: Optional[Layer] = None  # the .format() call formatting the literal again


@dataclass(frozen=True)
class Finding:
    """One reported problem: where (1-based lines, 0-based columns, the end
    exclusive), which code, the message, and the edit that fixes it.

    ``last_line`` is the last line of the literal: like flake8, a ``# noqa``
    there covers a multi-line string. ``evidence`` says why the string is
    taken for a regex: it reaches a regex place (``REGEX_PLACE``), or it only
    looks like one (``REGEX_LOOK``, whose fix is never applied unasked).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    message: str
    last_line: int
    evidence: str = "regex-place"
    edit: Optional[Edit] = None


# How a fix may be applied (ruff's applicability): SAFE fixes by --fix,
# UNSAFE ones only with --unsafe-fixes.
SAFE = "safe"
UNSAFE = "unsafe"

# Why a string is taken for a regex (Finding.evidence).
REGEX_PLACE = "regex-place"  # a resolved pattern argument, or a name passed as one
REGEX_LOOK = "regex-look"  # no regex place known: its text has regex-only syntax
