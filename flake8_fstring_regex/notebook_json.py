"""A notebook's JSON text, read with positions, so that a fix rewrites a
cell's ``source`` in place and leaves every other byte of the file alone.

The document is decoded by :mod:`json` (the standard library's own scanner,
``raw_decode`` and ``scanstring``); this module only walks the top object,
its ``cells`` array and each cell's keys, recording where each ``source``
value and each of its strings lie in the text. No re-dumping: an edit
replaces the few raw characters that changed, written in the style the
file already uses (``\\uXXXX`` escapes or not, ``\\/`` or ``/``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

_DECODER = json.JSONDecoder()
# json's own string scanner (C when available); typeshed does not list it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(
    json.decoder, "scanstring"
)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_ESCAPED_NON_ASCII = re.compile(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])")


class NotebookJSONError(ValueError):
    """Text that is not a JSON object; the message is one line."""


@dataclass(frozen=True)
class RawString:
    """One JSON string of a ``source`` value: ``start`` is its opening
    quote, ``end`` just past its closing quote."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class RawSource:
    """A cell's ``source`` value: a list of strings (``is_list``) or one
    string, and where it lies in the text."""

    start: int
    end: int
    is_list: bool
    strings: tuple[RawString, ...]

    @property
    def text(self) -> str:
        return "".join(s.value for s in self.strings)


@dataclass(frozen=True)
class RawCell:
    """One element of ``cells``: its decoded object, and its ``source`` when
    that is a string or a list of strings (None otherwise)."""

    value: Any
    source: Union[RawSource, None]


@dataclass(frozen=True)
class RawNotebook:
    """The decoded top object and its cells with their positions."""

    value: dict[str, Any]
    cells: tuple[RawCell, ...]


def _skip(text: str, at: int) -> int:
    match = _WHITESPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _expect(text: str, at: int, char: str) -> int:
    if not text.startswith(char, at):
        found = repr(text[at]) if at < len(text) else "the end"
        raise NotebookJSONError(f"invalid JSON: expected {char!r} at offset {at}, found {found}")
    return at + 1


def _value(text: str, at: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, at)
    except json.JSONDecodeError as error:
        raise NotebookJSONError(
            f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def _string(text: str, at: int) -> tuple[str, int]:
    at = _expect(text, at, '"')
    try:
        return _scanstring(text, at, True)
    except json.JSONDecodeError as error:
        raise NotebookJSONError(
            f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def _members(text: str, at: int) -> Any:
    """(key, value start) for each member of the object starting at ``at``,
    and finally (None, end of the object). The caller decodes each value and
    sends the offset past it."""
    at = _skip(text, _expect(text, _skip(text, at), "{"))
    if text.startswith("}", at):
        yield None, at + 1
        return
    while True:
        key, at = _string(text, at)
        at = _skip(text, _expect(text, _skip(text, at), ":"))
        at = _skip(text, (yield key, at))
        if text.startswith("}", at):
            yield None, at + 1
            return
        at = _skip(text, _expect(text, at, ","))


def _source(text: str, at: int) -> tuple[Any, int, Union[RawSource, None]]:
    """Decode a ``source`` value, with positions when it is a string or a
    list of strings."""
    if text.startswith('"', at):
        value, end = _string(text, at)
        return value, end, RawSource(at, end, False, (RawString(value, at, end),))
    if not text.startswith("[", at):
        value, end = _value(text, at)
        return value, end, None
    value, end = _value(text, at)  # the whole list, checked by json itself
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return value, end, None
    strings = []
    position = _skip(text, at + 1)
    for _ in value:
        item, after = _string(text, position)
        strings.append(RawString(item, position, after))
        position = _skip(text, after)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
    return value, end, RawSource(at, end, True, tuple(strings))


def _cell(text: str, at: int) -> tuple[RawCell, int]:
    if not text.startswith("{", at):
        value, end = _value(text, at)
        return RawCell(value, None), end
    members = _members(text, at)
    obj: dict[str, Any] = {}
    source = None
    key, position = next(members)
    while key is not None:
        if key == "source":
            obj[key], end, source = _source(text, position)
        else:
            obj[key], end = _value(text, position)
        key, position = members.send(end)
    if not isinstance(obj.get("source"), (str, list)):
        source = None
    return RawCell(obj, source), position


def _cells(text: str, at: int) -> tuple[list[Any], int, tuple[RawCell, ...]]:
    if not text.startswith("[", at):
        value, end = _value(text, at)
        return value, end, ()
    cells: list[RawCell] = []
    position = _skip(text, at + 1)
    if text.startswith("]", position):
        return [], position + 1, ()
    while True:
        cell, position = _cell(text, position)
        cells.append(cell)
        position = _skip(text, position)
        if text.startswith("]", position):
            return [c.value for c in cells], position + 1, tuple(cells)
        position = _skip(text, _expect(text, position, ","))


def read_notebook(text: str) -> RawNotebook:
    """The notebook's top object, with each cell's ``source`` located.

    NotebookJSONError (one line) when ``text`` is not one JSON object.
    """
    if not text.startswith("{", _skip(text, 0)):
        _value(text, _skip(text, 0))  # says why when it is not JSON at all
        raise NotebookJSONError("the top level is not a JSON object")
    members = _members(text, 0)
    top: dict[str, Any] = {}
    cells: tuple[RawCell, ...] = ()
    try:
        key, position = next(members)
        while key is not None:
            if key == "cells":
                top[key], end, cells = _cells(text, position)
            else:
                top[key], end = _value(text, position)
            key, position = members.send(end)
    except RecursionError:
        raise NotebookJSONError("invalid JSON: nested too deeply") from None
    if _skip(text, position) != len(text):
        raise NotebookJSONError(f"invalid JSON: extra data at offset {_skip(text, position)}")
    return RawNotebook(top, cells)


# Writing: the style of the file, and edits in that style.


@dataclass(frozen=True)
class Style:
    """How the file writes strings: non-ASCII as ``\\uXXXX`` escapes
    (``ensure_ascii``), and ``/`` as ``\\/``."""

    ensure_ascii: bool
    escaped_slash: bool

    def dump(self, value: str) -> str:
        """``value`` as a JSON string literal, quotes included."""
        literal = json.dumps(value, ensure_ascii=self.ensure_ascii)
        return literal.replace("/", "\\/") if self.escaped_slash else literal


def style_of(raw: str, document: str) -> Style:
    """The style of a stretch of raw JSON (a string or a source value), the
    whole document deciding what the stretch does not show."""

    def ensure_ascii(text: str) -> Union[bool, None]:
        if not text.isascii():
            return False
        return True if _ESCAPED_NON_ASCII.search(text) else None

    chosen = ensure_ascii(raw)
    if chosen is None:
        chosen = ensure_ascii(document)
    escaped_slash = "\\/" in raw or ("/" not in raw and "\\/" in document)
    return Style(bool(chosen), escaped_slash)


def char_offsets(raw: str) -> list[int]:
    """Where each decoded character of the JSON string literal ``raw``
    (quotes included) starts in ``raw``, then where the closing quote is.

    A surrogate pair written as two escapes is one character, as json
    decodes it.
    """
    offsets = []
    at, end = 1, len(raw) - 1
    while at < end:
        offsets.append(at)
        if raw[at] != "\\":
            at += 1
        elif raw[at + 1] != "u":
            at += 2
        else:
            high = int(raw[at + 2:at + 6], 16)
            at += 6
            if 0xD800 <= high < 0xDC00 and raw.startswith("\\u", at):
                low = int(raw[at + 2:at + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    at += 6
    offsets.append(end)
    return offsets
