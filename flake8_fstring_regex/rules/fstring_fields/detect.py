"""FSR001/FSR002 on the libcst tree: the exact rule, and its edit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple, Optional

import libcst as cst

from flake8_fstring_regex.findings import REGEX_LOOK, REGEX_PLACE
from flake8_fstring_regex.rules.fstring_fields import FSR001, FSR002
from flake8_fstring_regex.rules.fstring_fields.gates import looks_like_regex

if TYPE_CHECKING:
    from flake8_fstring_regex.detect import Collected, Reporter
    from flake8_fstring_regex.findings import Finding


class Quantifier(NamedTuple):
    """A quantifier swallowed by a replacement field: ``{6}``, ``{2,4}``, ``{3,}``."""

    text: str  # the quantifier as the author meant it, e.g. "{2,4}"
    inserted: str  # what the replacement field inserts instead, e.g. "(2, 4)"
    is_tuple: bool


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


def _wrapped(
    before: Optional[cst.BaseFormattedStringContent],
    after: Optional[cst.BaseFormattedStringContent],
) -> bool:
    """Whether the field sits in escaped braces, ``{{{6}}}``: the value is
    ``{6}`` already, the correct idiom."""
    text = cst.FormattedStringText
    if not (isinstance(before, text) and isinstance(after, text)):
        return False
    opening = len(before.value) - len(before.value.rstrip("{"))
    return opening >= 2 and opening % 2 == 0 and after.value.startswith("}}")


def _in_fstring(
    report: Reporter, fstring: cst.FormattedString, collected: Collected
) -> Iterator[Finding]:
    is_regex = fstring in collected.regexes
    # Formatted once more by .format(): the braces must survive both layers
    # ({{6}} in an f-string, {{{{6}}}} in an f-string that .format() reads).
    escape = 3 if fstring in collected.layers else 1
    raw = "r" in fstring.prefix
    source = fstring.start
    parts = fstring.parts
    for index, part in enumerate(parts):
        if isinstance(part, cst.FormattedStringText):
            source += part.value
            continue
        start = len(source)
        source += report.code_for_node(part)
        if not isinstance(part, cst.FormattedStringExpression):
            continue
        if part.conversion is not None or part.format_spec is not None or part.equal:
            continue
        quantifier = quantifier_of(part.expression)
        if quantifier is None:
            continue
        before = parts[index - 1] if index else None
        after = parts[index + 1] if index + 1 < len(parts) else None
        if _wrapped(before, after):
            continue
        looks = isinstance(before, cst.FormattedStringText) and looks_like_regex(
            before.value, is_tuple=quantifier.is_tuple, raw=raw
        )
        if is_regex or looks:
            code = FSR002 if quantifier.is_tuple else FSR001
            yield report.finding(
                code, fstring, source, start, len(source),
                fix="{" * escape + quantifier.text + "}" * escape,
                meant=quantifier.text,
                inserted=quantifier.inserted,
                evidence=REGEX_PLACE if is_regex else REGEX_LOOK,
            )


def detect(collected: Collected, report: Reporter) -> Iterator[Finding]:
    """FSR001/FSR002 in every f-string of the module."""
    for fstring in collected.fstrings:
        yield from _in_fstring(report, fstring, collected)
