"""Prove a fix by the value it computes.

Before a rewritten literal is written, the value of each changed expression
is computed before and after the fix: every replacement field that is not a
swallowed quantifier stands for an opaque placeholder, and a ``.format()``
receiver is formatted with placeholder arguments. The fix is proven when the
new value equals the old one with each swallowed quantifier restored as the
author meant it (``{6}``, ``{2,4}``, ``{3,}``) and nothing else changed.
Anything that cannot be evaluated this way is not proven.
"""

from __future__ import annotations

import ast
import string
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Optional

import libcst as cst

if TYPE_CHECKING:
    from flake8_fstring_regex.detect import Layer
    from flake8_fstring_regex.findings import Edit

# Private-use characters: placeholders for fields, markers for quantifiers.
_FIELD = 0xE000
_ARGUMENT = 0xE800
_KEYWORD = 0xEC00
_MARKER = 0xF0000


class _Unprovable(Exception):
    pass


class _Fields:
    """Numbers replacement fields in the order met, across one expression."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return chr(_FIELD + self.count)


def _literal_value(code: str, fields: _Fields) -> str:
    """The value of one string literal's source, fields as placeholders."""
    try:
        node = cst.parse_expression(code)
    except cst.ParserSyntaxError:
        raise _Unprovable from None
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix:
            raise _Unprovable
        return _evaluate(code)
    if not isinstance(node, cst.FormattedString):
        raise _Unprovable
    quote = node.end
    prefix = node.start[: -len(quote)].replace("f", "").replace("F", "")
    body = "".join(
        part.value.replace("{{", "{").replace("}}", "}")
        if isinstance(part, cst.FormattedStringText)
        else fields.next()
        for part in node.parts
    )
    return _evaluate(prefix + quote + body + quote)


def _evaluate(code: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the user's code
        try:
            value = ast.literal_eval(code)
        except (SyntaxError, ValueError):
            raise _Unprovable from None
    if not isinstance(value, str):
        raise _Unprovable
    return value


class _Keywords(dict[str, str]):
    """The call's keyword arguments as placeholders (any name, with **kwargs)."""

    def __init__(self, names: frozenset[str], open_keywords: bool) -> None:
        super().__init__((name, chr(_KEYWORD + i)) for i, name in enumerate(sorted(names)))
        self.open_keywords = open_keywords

    def __missing__(self, key: str) -> str:
        if not self.open_keywords:
            raise KeyError(key)
        self[key] = chr(_KEYWORD + len(self))
        return self[key]


def _formatted(template: str, layer: Layer) -> str:
    if layer.positional is None:
        raise _Unprovable  # *args: the arguments are unknown
    arguments = [chr(_ARGUMENT + i) for i in range(layer.positional)]
    try:
        return string.Formatter().vformat(
            template, arguments, _Keywords(layer.keywords, layer.open_keywords)
        )
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        raise _Unprovable from None


def _marked(code: str, edits: Sequence[Edit], first: int) -> str:
    """``code`` with each edit's span replaced by a marker character."""
    for number, edit in sorted(enumerate(edits, first), key=lambda e: -e[1].start):
        code = code[: edit.start] + chr(_MARKER + number) + code[edit.end :]
    return code


def proven(
    old_code: Mapping[cst.CSTNode, str],
    new_code: Mapping[cst.CSTNode, str],
    edits: Mapping[cst.CSTNode, Sequence[Edit]],
    parts: Sequence[cst.CSTNode],
    layer: Optional[Layer],
) -> bool:
    """Whether rewriting ``parts`` (one literal, or the pieces of a
    ``.format()`` receiver ``layer``) from ``old_code`` to ``new_code``
    restores exactly each edit's ``meant`` quantifier and changes nothing
    else in the value."""
    try:
        old_fields, new_fields = _Fields(), _Fields()
        old_pieces, new_pieces = [], []
        meant: dict[str, str] = {}
        for part in parts:
            part_edits = list(edits.get(part, ()))
            first = len(meant)
            meant.update(
                (chr(_MARKER + number), edit.meant)
                for number, edit in enumerate(part_edits, first)
            )
            marked = _marked(old_code[part], part_edits, first)
            old_pieces.append(_literal_value(marked, old_fields))
            new_pieces.append(_literal_value(new_code.get(part, old_code[part]), new_fields))
        old, new = "".join(old_pieces), "".join(new_pieces)
        if layer is not None:
            old, new = _formatted(old, layer), _formatted(new, layer)
    except _Unprovable:
        return False
    if any(chr(_MARKER + number) in new for number in range(len(meant))):
        return False
    for marker, quantifier in meant.items():
        old = old.replace(marker, quantifier)
    return old == new
