"""FSR004 from the text and from the ``ast`` tree: supersets of detect.py."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.rules.shapes import (
    FORMAT_ATTRIBUTE,
    QUANTIFIER_FIELD,
    format_fields,
    quantifier_text,
)

if TYPE_CHECKING:
    import ast  # imported where a screen runs: a file the text gate stops never needs it

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


def text_candidates(source: str, callees: Collection[str] = ()) -> Iterator[int]:
    """Offsets of quantifier-shaped fields in what may be the template of a
    ``.format`` call that leaves them quantifiers (``callees``: the last
    names of configured regex functions)."""
    if ".format" not in source and FORMAT_ATTRIBUTE.search(source) is None:
        return
    fields = QUANTIFIER_FIELD.finditer(source)
    first = next(fields, None)
    if first is None:
        return  # most files with a .format call: no need to read the calls
    from flake8_fstring_regex.rules.format_template.format_calls import FormatCalls

    calls = FormatCalls(source, callees)
    for match in itertools.chain([first], fields):
        if calls.template_may_report(match):
            yield match.start()


# An automatic field's inside, as the detector reads it ({} {:x} {!r} {.a} {[0]}).
_AUTOMATIC = re.compile(r"[!:.\[]|$")
# An automatic field, as the value shows it: {} {:x} {!r} {.a} {[0]}.
_AUTOMATIC_IN_VALUE = re.compile(r"\{[}!:.\[]")


def _value_may_report(value: str, positional: Optional[int]) -> bool:
    """Whether a template whose value is ``value``, formatted with
    ``positional`` positional arguments (None: any number), may hold a
    field that stands for a quantifier. Read from the value, not the
    source: a field of the source is in the value too (escapes may add
    braces, never take a field's away), so every quantifier-shaped run
    counts, however the braces around it pair."""
    automatic = _AUTOMATIC_IN_VALUE.search(value) is not None
    for match in QUANTIFIER_FIELD.finditer(value):
        inside = match.group()[1:-1]
        if "," in inside or automatic or positional is None or int(inside) >= positional:
            return True
    return False


def held_template_may_report(template: str, *, exact: bool, positional: int) -> bool:
    """Whether a string assigned to a name that is formatted later
    (``NAME = "..."`` then ``NAME.format(...)``, with ``positional``
    positional arguments at the fewest) and used as a pattern may hold a
    field that stands for a quantifier. ``exact``: the value has the
    source's braces (no Python escape in the literal), so its fields are
    read as the detector reads the source."""
    if exact:
        return _template_may_report(template, positional)
    return _value_may_report(template, positional)


def added_parts(node: ast.AST) -> Iterator[ast.AST]:
    """The pieces of a ``+`` concatenation (one node otherwise)."""
    import ast

    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from added_parts(node.left)
        yield from added_parts(node.right)
    else:
        yield node


def _template_may_report(text: str, positional: int) -> bool:
    """Whether one literal of a template, read as the detector reads it,
    holds a field that stands for a quantifier with ``positional``
    positional arguments."""
    fields = [inside for _, _, inside in format_fields(text)]
    if any(_AUTOMATIC.match(inside) for inside in fields):
        positional = 0  # automatic numbering cannot mix with {6}
    return any(field_quantifier(inside, positional) is not None for inside in fields)


def screen(node: ast.AST, in_regex: bool, exact: bool) -> bool:
    """Whether a ``"...".format(...)`` call that may reach a regex place
    holds, in its template (string literals, concatenated or added), a
    field that may stand for a quantifier (read as the detector reads it
    when ``exact``)."""
    import ast

    if not (in_regex and isinstance(node, ast.Call)):
        return False
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "format"):
        return False
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return False  # the detector reads no template then
    texts: list[str] = []
    merged = False  # plain text that ast merged with an f-string's
    for part in added_parts(func.value):
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            texts.append(part.value)
        elif isinstance(part, ast.JoinedStr):
            # Plain strings and f-strings concatenated: the plain parts are
            # the template, which ast merged with the f-strings' text.
            texts += [str(v.value) for v in part.values if isinstance(v, ast.Constant)]
            merged = True
        else:
            return False  # a receiver of anything else is no template
    if exact and not merged:
        return any(_template_may_report(text, len(node.args)) for text in texts)
    return any(_value_may_report(text, len(node.args)) for text in texts)
