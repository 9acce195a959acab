"""Recognise a libcst replacement-field expression shaped like a quantifier."""

from __future__ import annotations

from typing import NamedTuple, Optional

import libcst as cst


class Quantifier(NamedTuple):
    """A quantifier swallowed by a replacement field: ``{6}``, ``{2,4}``, ``{3,}``."""

    text: str  # the quantifier as the author meant it, e.g. "{2,4}"
    inserted: str  # what the replacement field inserts instead, e.g. "(2, 4)"
    is_tuple: bool

    @property
    def escaped(self) -> str:
        """The quantifier with doubled braces, as an f-string must spell it."""
        return "{" + self.text + "}"


def _decimal(node: cst.BaseExpression) -> Optional[str]:
    """The digits of an unparenthesised decimal integer literal, else None."""
    if isinstance(node, cst.Integer) and not node.lpar:
        value = node.value
        if value.isascii() and value.isdigit():
            return str(int(value))
    return None


def quantifier_of(expression: cst.BaseExpression) -> Optional[Quantifier]:
    """The quantifier a field expression stands for, or None.

    ``6`` is ``{6}``; the bare tuples ``2,4`` and ``3,`` are ``{2,4}`` and
    ``{3,}``. Parenthesised values, other number forms (``0x10``, ``1_0``),
    and tuples of any other shape (``2,4,``) are not quantifiers.
    """
    single = _decimal(expression)
    if single is not None:
        return Quantifier("{" + single + "}", single, is_tuple=False)
    if not isinstance(expression, cst.Tuple) or expression.lpar:
        return None
    elements = expression.elements
    if not all(isinstance(element, cst.Element) for element in elements):
        return None  # a starred element: {*6,}
    bounds = [_decimal(element.value) for element in elements]
    if any(bound is None for bound in bounds):
        return None
    trailing_comma = isinstance(elements[-1].comma, cst.Comma)
    if len(bounds) == 1 and trailing_comma:
        low = str(bounds[0])
        return Quantifier("{" + low + ",}", f"({low},)", is_tuple=True)
    if len(bounds) == 2 and not trailing_comma:
        low, high = str(bounds[0]), str(bounds[1])
        return Quantifier("{" + low + "," + high + "}", f"({low}, {high})", is_tuple=True)
    return None
