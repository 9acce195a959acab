"""A finding: where, what, and the replacement that fixes it."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True)
class Finding:
    """One reported problem. ``node`` is replaced by ``replacement`` to fix it.

    ``last_line`` is the last line of the string literal that holds the
    finding: like flake8, a ``# noqa`` there covers a multi-line string.
    """

    line: int
    column: int
    code: str
    message: str
    node: cst.CSTNode
    replacement: cst.CSTNode
    replacement_text: str
    last_line: int
