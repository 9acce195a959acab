"""File names as printed: always one line, whatever bytes the name holds.

A name is printed as it is unless it holds a control character (a newline,
a tab, U+0085), a line or paragraph separator, a byte that is not valid
UTF-8, a double quote or a backslash. Then it is printed in double quotes
with C escapes, as git quotes names (``"a\\nb.py"``, ``"caf\\351.py"`` for
the Latin-1 byte 0xE9): unambiguous, and the form ``git apply`` and GNU
``patch`` read back in a diff's file headers.
"""

from __future__ import annotations

import os

_NAMED = {
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}

# Backslash separates directories on Windows; elsewhere it is a name's own.
_SPECIAL_ASCII = frozenset('"\\' if os.sep == "/" else '"')


def _needs_escape(char: str) -> bool:
    if char in _SPECIAL_ASCII:
        return True
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return True
    if code < 0x80:
        return False
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid UTF-8
        return True
    import unicodedata  # only for a name with such characters

    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs")


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        raw = bytes([code - 0xDC00])
    else:
        raw = char.encode("utf-8", "surrogatepass")
    return "".join(f"\\{byte:03o}" for byte in raw)


def show_path(name: str) -> str:
    """``name`` as it is printed: unchanged, or quoted with C escapes."""
    if not any(_needs_escape(char) for char in name):
        return name
    return '"' + "".join(_escape(char) if _needs_escape(char) else char for char in name) + '"'
