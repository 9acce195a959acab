"""The body of a plain string literal, as FSR003 and FSR004 read it."""

from __future__ import annotations

from typing import Optional

import libcst as cst


def plain_body(literal: cst.SimpleString) -> Optional[tuple[int, str]]:
    """Where the body of a plain (not f, not bytes) literal starts in its
    source, and the body; None for a literal neither rule reads."""
    source = literal.value
    if "f" in literal.prefix or "b" in literal.prefix:
        return None
    if "r" not in literal.prefix and "\\N{" in source:
        return None  # timid: \N{...} braces are not format fields; too rare to model
    opening = len(literal.prefix) + len(literal.quote)
    return opening, source[opening : len(source) - len(literal.quote)]
