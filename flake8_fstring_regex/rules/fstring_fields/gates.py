"""FSR001/FSR002 from the text and from the ``ast`` tree: supersets of the
libcst rule in detect.py, so a "no" here is always safe."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from flake8_fstring_regex.rules.shapes import QUANTIFIER_FIELD

# When no regex place is known, a field is a swallowed quantifier only on
# evidence that prose does not have (version numbers, addresses, file names,
# Markdown and sentences have "." and ")" before numbers, never these):
# - strong: the text before it ends in an escaped class or escaped dot
#   (\d \w \s \D \W \S \., an odd number of backslashes), or in a bracket
#   class with a range, a negation or an escape ([0-9a-f], [^,], [\w.]);
# - weak: it ends in "." or ")", which counts for a tuple field ({0,40}
#   inserts "(0, 40)", which no prose means) or when the same text (since
#   the previous field) has other regex-only syntax: a strong atom, a group
#   extension "(?", or ".*" / ".+". Only that text: an error message may
#   quote a regex far from its numbers ("tags.{1}... pattern: [\p{L}]*").
_ESCAPE = r"(?<!\\)(?:\\\\)*\\[dwsDWS.]"
_CLASS = r"\[(?:\^[^\]]*|[^\]]*(?:\w-\w|\\)[^\]]*)\]"
_STRONG_TAIL = re.compile(f"(?:{_ESCAPE}|{_CLASS})\\Z")
_WEAK_TAIL = re.compile(r"[.)]\Z")
_REGEX_SYNTAX = re.compile(f"{_ESCAPE}|{_CLASS}|\\(\\?|(?<!\\\\)\\.[*+]")
# In a non-raw literal only "\\" changes the backslashes of the value.
_ESCAPED_BACKSLASH = re.compile(r"\\\\")


def _value(text: str, raw: bool) -> str:
    return text if raw else _ESCAPED_BACKSLASH.sub(lambda _: "\\", text)


def looks_like_regex(before: str, *, is_tuple: bool, raw: bool) -> bool:
    """Whether a quantifier-shaped field right after literal text ``before``
    (source, ``raw`` or not) is, by look alone, a swallowed quantifier."""
    tail = _value(before, raw)
    if _STRONG_TAIL.search(tail):
        return True
    if not _WEAK_TAIL.search(tail):
        return False
    return is_tuple or _REGEX_SYNTAX.search(tail[:-1]) is not None


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
