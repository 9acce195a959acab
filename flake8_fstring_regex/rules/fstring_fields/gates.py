"""FSR001/FSR002 from the text and from the ``ast`` tree: supersets of the
libcst rule in detect.py, so a "no" here is always safe."""

from __future__ import annotations

import itertools
import re
import warnings
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.rules.shapes import QUANTIFIER_FIELD
from flake8_fstring_regex.source import line_starts

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

if TYPE_CHECKING:
    import ast  # imported where a screen runs: a file the text gate stops never needs it
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

# An f-string opening quote, with any prefix spelling (f, F, rf, fR, Rf, ...),
# not preceded by a word character. The same as
# (?<![A-Za-z0-9_])(?:[rR]?[fF]|[fF][rR])['"], written to start with a
# character class: the engine then skips to an f or an r instead of trying
# the look-behind at every offset (five times faster).
_F_OPENING = re.compile(
    r"[fFrR](?<![A-Za-z0-9_].)(?:(?<=[fF])[rR]?|(?<=[rR])[fF])['\"]"
)
# How many lines back a multi-line replacement field is looked for.
_FIELD_SPAN_LINES = 20


class _OpenFStrings:
    """Whether an f-string may be open at an offset: conservative, text
    only, and linear in the source over all the offsets asked in increasing
    order (every search is done once for the whole source, then bisected).

    An f-string may be open at ``pos`` when an f-string opening quote
    precedes it on its logical line (physical lines joined by backslash
    continuations); or when the line closes a replacement field before any
    quote (PEP 701 lets a field span lines) and an opening is on one of the
    lines above; or when the nearest triple quote of either kind before it
    carries an ``f`` prefix.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = line_starts(source)
        self.openings = array("q", (m.start() for m in _F_OPENING.finditer(source)))
        self.triples = [_occurrences(source, '"""'), _occurrences(source, "'''")]
        self._line = 0  # the last physical line asked about, and its logical start
        self._logical = 0
        self._field_closed: dict[int, int] = {}  # logical start -> end of the closing head

    def may_be_open(self, pos: int) -> bool:
        line_start = self._logical_start(self.starts.line_of(pos))
        if self._opening_within(line_start, pos):
            return True
        if self._closes_a_field_first(line_start) < pos:
            first = max(1, self.starts.line_of(line_start) - _FIELD_SPAN_LINES)
            if self._opening_within(self.starts.start_of(first), line_start):
                return True
        source = self.source
        for places in self.triples:
            index = bisect_right(places, pos - 3) - 1
            if index >= 0:
                at = places[index]
                if at > 0 and "f" in source[max(0, at - 2) : at].lower():
                    return True
        return False

    def _opening_within(self, start: int, end: int) -> bool:
        index = bisect_left(self.openings, start)
        return index < len(self.openings) and self.openings[index] < end

    def _logical_start(self, line: int) -> int:
        """Where the logical line holding physical ``line`` starts (lines are
        asked in increasing order: each is walked over once)."""
        if line == self._line:
            return self._logical
        if line < self._line:
            self._line = self._logical = 0  # asked out of order: walk back afresh
        first = line
        while first > 1 and first - 1 > self._line and self._continued(first - 1):
            first -= 1
        if first - 1 == self._line and first > 1 and self._continued(first - 1):
            logical = self._logical
        else:
            logical = self.starts.start_of(first)
        self._line, self._logical = line, logical
        return logical

    def _continued(self, line: int) -> bool:
        """Whether physical ``line`` ends in a backslash continuation."""
        end = self.starts.start_of(line + 1) - 1  # its line break's last character
        if self.source[end] == "\n" and end and self.source[end - 1] == "\r":
            end -= 1
        return end > 0 and self.source[end - 1] == "\\"

    def _closes_a_field_first(self, line_start: int) -> int:
        """The offset of the first ``}`` from ``line_start`` when no quote
        comes before it, else the source's length (never before a field)."""
        closing = self._field_closed.get(line_start)
        if closing is None:
            source = self.source
            closing = source.find("}", line_start)
            if closing < 0 or any(source.find(q, line_start, closing) >= 0 for q in "'\""):
                closing = len(source)
            self._field_closed = {line_start: closing}  # lines come in order: keep one
        return closing


def _occurrences(source: str, quote: str) -> array[int]:
    """Every offset where ``quote`` starts, overlapping ones included,
    unless a backslash escapes its first character (an escaped triple
    quote inside a string does not close it)."""
    places = array("q")
    at = source.find(quote)
    while at >= 0:
        slashes = 0
        while at - slashes > 0 and source[at - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            places.append(at)
        at = source.find(quote, at + 1)
    return places


def text_candidates(source: str, callees: Collection[str] = ()) -> Iterator[int]:
    """Offsets of quantifier-shaped fields where an f-string may be open."""
    matches = QUANTIFIER_FIELD.finditer(source)
    first = next(matches, None)
    if first is None:
        return
    open_here = _OpenFStrings(source)
    if not open_here.openings:
        return  # no f-string anywhere (a triple-quoted one opens like any other)
    for match in itertools.chain([first], matches):
        if not _escaped(source, match) and open_here.may_be_open(match.start()):
            yield match.start()


def _escaped(source: str, field: re.Match[str]) -> bool:
    """Whether the braces of a quantifier-shaped ``field`` make it no field
    the detector reports, in an f-string or not: ``{{6}}`` (an even run of
    opening braces is all escapes: the text is {6}, the correct idiom) or
    ``{{{6}}}`` (a field inside escaped braces, also correct)."""
    start = field.start()
    run = 1
    while start - run >= 0 and source[start - run] == "{":
        run += 1
    return run % 2 == 0 or (run >= 3 and source.startswith("}}", field.end()))


# --- ast --------------------------------------------------------------------


def _is_int(node: ast.AST) -> bool:
    import ast

    return isinstance(node, ast.Constant) and type(node.value) is int


_PREFIX = re.compile(r"[fFrR]{1,2}(?=['\"])")
_NAMED_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*\\N)\{([^{}\r\n]*)\}")


def _one_literal(segment: str) -> bool:
    """Whether ``segment`` is one string literal, not several concatenated."""
    import io
    import tokenize

    pieces, depth = 0, 0
    starts = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12 and newer
    ends = getattr(tokenize, "FSTRING_END", -1)
    try:
        for token in tokenize.generate_tokens(io.StringIO(segment).readline):
            if token.type == starts:
                pieces += depth == 0
                depth += 1
            elif token.type == ends:
                depth -= 1
            elif token.type == tokenize.STRING and depth == 0:
                pieces += 1
    except (tokenize.TokenError, SyntaxError):
        return False
    return pieces == 1


def source_twin(node: ast.JoinedStr, segment: str) -> Optional[ast.JoinedStr]:
    """``node``, an f-string literal whose source is ``segment``, with its
    text parts as the detector reads them (the source, in which a non-raw
    literal's ``\\\\`` is one backslash) instead of their values: read
    again as a raw literal. None when that cannot be done: several
    literals concatenated, or fields that differ (nested literals with escapes)."""
    import ast

    opening = _PREFIX.match(segment)
    if opening is None or not _one_literal(segment):
        return None
    raw = "r" in opening.group().lower()
    if "f" not in opening.group().lower():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if not raw:  # \N{NAME} as text, its braces escaped for the raw reading
                segment = "r" + _NAMED_ESCAPE.sub(r"\1{{\2}}", segment)
            twin = ast.parse("(" + segment + "\n)", mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(twin, ast.JoinedStr):
        return None
    fields = [ast.dump(v) for v in node.values if isinstance(v, ast.FormattedValue)]
    if fields != [ast.dump(v) for v in twin.values if isinstance(v, ast.FormattedValue)]:
        return None
    for value in twin.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            value.value = _value(value.value, raw)
    return twin


def screen(node: ast.AST, in_regex: bool, exact: bool) -> bool:
    """Whether an f-string node may hold an FSR001/FSR002 finding (by its
    look only when ``exact``: an escape may hide what the source shows)."""
    import ast

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
            # The look is read in the text right before the field; when an
            # escape may have changed that text, it cannot be read here.
            if not exact or looks_like_regex(before.value, is_tuple=is_tuple, raw=True):
                return True
    return False
