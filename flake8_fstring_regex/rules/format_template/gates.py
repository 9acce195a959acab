"""FSR004 from the text and from the ``ast`` tree: supersets of detect.py."""

from __future__ import annotations

import ast
import itertools
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
    fields = QUANTIFIER_FIELD.finditer(source)
    first = next(fields, None)
    if first is None:
        return  # most files with a .format call: no need to read the calls
    from flake8_fstring_regex.rules.format_template.format_calls import FormatCalls

    calls = FormatCalls(source)
    for match in itertools.chain([first], fields):
        if calls.template_may_report(match):
            yield match.start()


def held_template_may_report(template: str) -> bool:
    """Whether a string assigned to a name that is formatted later
    (``NAME = "..."`` then ``NAME.format(...)``) and used as a pattern
    holds a field that stands for a quantifier, whatever the calls pass."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template)]
    except ValueError:
        return False  # str.format() would raise anyway
    return any(field_quantifier(name, 0) is not None for name in fields if name is not None)


def screen(node: ast.AST, in_regex: bool) -> bool:
    """Whether a ``"...".format(...)`` call that may reach a regex place
    holds, in its template, a field that stands for a quantifier."""
    if not (in_regex and isinstance(node, ast.Call)):
        return False
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "format"):
        return False
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return False
    receiver = func.value
    if isinstance(receiver, ast.JoinedStr):
        # Plain strings and f-strings concatenated: the plain parts are the
        # template, which ast merged with the f-strings' text (rare: maybe).
        return any(
            isinstance(value, ast.Constant) and QUANTIFIER_FIELD.search(str(value.value))
            for value in receiver.values
        )
    if not (isinstance(receiver, ast.Constant) and isinstance(receiver.value, str)):
        return False
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(receiver.value)]
    except ValueError:
        return False  # str.format() would raise anyway; libcst agrees it is no template
    names = [name for name in fields if name is not None]
    positional = 0 if any(name == "" for name in names) else len(node.args)
    return any(field_quantifier(name, positional) is not None for name in names)
