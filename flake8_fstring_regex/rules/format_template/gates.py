"""FSR004 from the text and from the ``ast`` tree: supersets of detect.py."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from typing import Optional

from flake8_fstring_regex.rules.shapes import QUANTIFIER_FIELD, quantifier_text

# The same shape with single braces, as a str.format() field name.
_FIELD_NAME = re.compile(r"\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?")


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
    return quantifier_text(low, comma, high)


def text_candidates(source: str) -> Iterator[int]:
    """Offsets of quantifier-shaped fields in what may be the template of a
    ``.format`` call that leaves them quantifiers."""
    if ".format" not in source:
        return
    from flake8_fstring_regex.rules.format_template.format_calls import FormatCalls

    calls = FormatCalls(source)
    for match in QUANTIFIER_FIELD.finditer(source):
        if calls.template_may_report(match):
            yield match.start()


def screen(node: ast.AST, in_regex: bool) -> bool:
    """Whether a ``"...".format(...)`` call's template holds a field that
    stands for a quantifier (``in_regex`` does not matter: the screen only
    looks where a regex may go)."""
    if not isinstance(node, ast.Call):
        return False
    template = _template_of(node)
    if template is None or any(isinstance(arg, ast.Starred) for arg in node.args):
        return False
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template)]
    except ValueError:
        return False  # str.format() would raise anyway; libcst agrees it is no template
    names = [name for name in fields if name is not None]
    positional = 0 if any(name == "" for name in names) else len(node.args)
    return any(field_quantifier(name, positional) is not None for name in names)


def _template_of(node: ast.Call) -> Optional[str]:
    """The template of ``"literal".format(...)``, else None."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "format":
        if isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
            return func.value.value
    return None


def is_template_call(node: ast.Call) -> bool:
    """``"literal".format(...)``"""
    return _template_of(node) is not None
