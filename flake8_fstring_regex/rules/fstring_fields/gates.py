"""FSR001/FSR002 from the text and from the ``ast`` tree: supersets of the
libcst rule in detect.py, so a "no" here is always safe."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from flake8_fstring_regex.rules.shapes import QUANTIFIER_FIELD

# When no regex place is known, a field is a swallowed quantifier only on
# evidence that prose does not have. Chosen on data (README, "Which strings
# are regexes"): version numbers, addresses, file names, globs, console
# markup, LaTeX and sentences have ".", ")", "]", "*" and escaped
# punctuation before numbers, never these:
# - strong: the text before it ends in an escaped class (\d \w \s \D \W \S,
#   an odd number of backslashes), or in a regex-only bracket class: negated
#   ([^,]), holding an escape ([\w.]), or made of ranges and single
#   characters with no word left over ([0-9a-f], [A-Za-z_]; not [green]);
# - weak: it ends in ".", ")", "]" or an escaped metacharacter (\. \) \+),
#   which counts for a tuple field ({0,40} inserts "(0, 40)", which no prose
#   means) or when the same text (since the previous field) has other
#   regex-only syntax: an escaped class or anchor not followed by a letter
#   (\d+, \b, \Z; not a path's \data), a regex-only class, a group extension
#   "(?", a lazy quantifier (+? *? ??  }?) or ".+". Only that text: an error
#   message may quote a regex far from its numbers ("tags.{1}... [\p{L}]*").
_ESCAPE_CLASS = r"(?<!\\)(?:\\\\)*\\[dwsDWS]"
_CLASS = re.compile(r"\[(\^?)((?:[^\]\\]|\\.)*)\]")
_RANGE = re.compile(r"[^\\]-[^\\]")
_WORD = re.compile(r"[A-Za-z]{2}")
_STRONG_TAIL = re.compile(_ESCAPE_CLASS + r"\Z")
_WEAK_TAIL = re.compile(r"(?:[.)\]]|(?<!\\)(?:\\\\)*\\[.)\]*+?|^$])\Z")
_MARKER = re.compile(
    r"(?<!\\)(?:\\\\)*\\[dwsDWSbBAZ](?![A-Za-z])|\(\?|[+*?}]\?|(?<![\\.])\.\+"
)
# In a non-raw literal only "\\" changes the backslashes of the value.
_ESCAPED_BACKSLASH = re.compile(r"\\\\")


def _value(text: str, raw: bool) -> str:
    return text if raw else _ESCAPED_BACKSLASH.sub(lambda _: "\\", text)


def _regex_class(negated: str, inside: str) -> bool:
    """Whether ``[inside]`` is a class only a regex writes."""
    if negated or "\\" in inside:
        return True
    left = _RANGE.sub("", inside)
    return left != inside and not _WORD.search(left)


def _ends_in_class(text: str) -> bool:
    opening = text.rfind("[")
    match = _CLASS.fullmatch(text, opening) if opening >= 0 else None
    return match is not None and _regex_class(match.group(1), match.group(2))


def looks_like_regex(before: str, *, is_tuple: bool, raw: bool) -> bool:
    """Whether a quantifier-shaped field right after literal text ``before``
    (source, ``raw`` or not) is, by look alone, a swallowed quantifier."""
    tail = _value(before, raw)
    if _STRONG_TAIL.search(tail) or _ends_in_class(tail):
        return True
    if not _WEAK_TAIL.search(tail):
        return False
    if is_tuple or _MARKER.search(tail):
        return True
    return any(_regex_class(m.group(1), m.group(2)) for m in _CLASS.finditer(tail))


# --- text -------------------------------------------------------------------

# An f-string opening quote, with any prefix spelling (f, F, rf, fR, Rf, ...).
_F_OPENING = re.compile(r"(?<![A-Za-z0-9_])(?:[rR]?[fF]|[fF][rR])['\"]")
# How many lines back a multi-line replacement field is looked for.
_FIELD_SPAN_LINES = 20


def _opens_f_string_before(source: str, pos: int) -> bool:
    """Whether an f-string may be open at ``pos``: conservative, text only."""
    line_start = source.rfind("\n", 0, pos) + 1
    # A backslash continuation keeps a single-quoted string open across lines.
    while line_start >= 2 and source[line_start - 2] == "\\":
        line_start = source.rfind("\n", 0, line_start - 1) + 1
    if _F_OPENING.search(source, line_start, pos):
        return True
    # PEP 701 lets a replacement field span lines in any f-string: a line
    # that closes a field before any quote may continue an earlier line's
    # f-string, so look a few lines further back.
    head = source[line_start:pos]
    closing = head.find("}")
    if closing >= 0 and not any(q in head[:closing] for q in "'\""):
        back = line_start
        for _ in range(_FIELD_SPAN_LINES):
            back = source.rfind("\n", 0, max(back - 1, 0)) + 1
        if _F_OPENING.search(source, back, line_start):
            return True
    # Inside a triple-quoted string the opening quote is on an earlier line:
    # look at the nearest triple quote of each kind and its prefix.
    for quote in ('"""', "'''"):
        at = source.rfind(quote, 0, pos)
        if at > 0 and "f" in source[max(0, at - 2) : at].lower():
            return True
    return False


def text_candidates(source: str) -> Iterator[int]:
    """Offsets of quantifier-shaped fields where an f-string may be open."""
    for match in QUANTIFIER_FIELD.finditer(source):
        if _opens_f_string_before(source, match.start()):
            yield match.start()


# --- ast --------------------------------------------------------------------


def _is_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def screen(node: ast.AST, in_regex: bool) -> bool:
    """Whether an f-string node may hold an FSR001/FSR002 finding."""
    if not isinstance(node, ast.JoinedStr):
        return False
    previous: object = None
    for value in node.values:
        before, previous = previous, value
        if not isinstance(value, ast.FormattedValue):
            continue
        if value.conversion != -1 or value.format_spec is not None:
            continue
        inner = value.value
        is_tuple = isinstance(inner, ast.Tuple)
        if isinstance(inner, ast.Tuple):
            if not (1 <= len(inner.elts) <= 2 and all(_is_int(e) for e in inner.elts)):
                continue
        elif not _is_int(inner):
            continue
        if in_regex:
            return True
        if isinstance(before, ast.Constant) and isinstance(before.value, str):
            if looks_like_regex(before.value, is_tuple=is_tuple, raw=True):
                return True
    return False
