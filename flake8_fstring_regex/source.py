"""Source text as Python reads it: decoding, parsing with ``ast``, line
breaks and line numbers. No libcst here: every gate runs before it."""

from __future__ import annotations

import itertools
import re
import warnings
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import ast


class InputError(Exception):
    """A source that cannot be processed; the message is one line for the user."""


# Python's own line breaks; str.splitlines also splits on \f, \v, \x1c...
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def decode_source(data: bytes) -> tuple[str, str]:
    """Decode like Python does (BOM, PEP 263 cookie, else UTF-8): the text
    without its BOM, and the encoding (``utf-8-sig`` when there is a BOM), so
    that ``text.encode(encoding)`` gives the bytes back.

    InputError when the bytes are not text Python would accept.
    """
    if b"\0" in data:
        raise InputError("contains NUL bytes (not Python source)")
    if not data.startswith(_BOM) and b"coding" not in data[: _second_line_end(data)]:
        try:  # no BOM and no cookie: UTF-8 (tokenize says so, slower to import)
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass  # tokenize's reading gives the error its own words
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise InputError(f"cannot decode: {error.msg}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot decode as {encoding}: byte {error.object[error.start]:#04x} "
            f"at offset {error.start}"
        ) from None
    return text, encoding


_BOM = b"\xef\xbb\xbf"


def _second_line_end(data: bytes) -> int:
    """Where the second line (as tokenize reads lines) ends."""
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    return len(data) if second < 0 else second + 1


def parse_ast(text: str) -> Optional[ast.AST]:
    """The ``ast`` tree, or None when this Python's grammar rejects the text
    (code for a newer Python: libcst may still parse it)."""
    import ast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the user's code
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, OverflowError):
            return None


def split_lines(text: str) -> list[str]:
    """Lines without their breaks, as Python numbers them."""
    return LINE_BREAK.split(text)


def physical_lines(text: str) -> list[str]:
    """Lines with their breaks, numbered as Python numbers them."""
    if "\r" in text:
        return _LINE.findall(text)
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()[:-1]  # the text after the last break has none
    if last:
        lines.append(last)
    return lines


_LINE_CHUNK = 1 << 20


def _line_after(start: int, length: int) -> int:
    return start + length + 1  # past the line and its break


@lru_cache(maxsize=1)
def line_starts(text: str) -> LineStarts:
    """The line table of ``text``, built once however many steps ask."""
    return LineStarts(text)


class LineStarts:
    """Offsets where each line starts: line numbers of offsets in
    logarithmic time (a file can have thousands of candidates). Eight bytes
    a line: a module of millions of lines must not cost gigabytes."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = array("q", [0])
        if "\r" in text:
            starts.extend(m.end() for m in LINE_BREAK.finditer(text))
        else:
            # Line lengths summed in C, a chunk of lines at a time (a list of
            # every line of a large file would cost more than the table).
            start, length = 0, len(text)
            while start < length:
                end = text.find("\n", start + _LINE_CHUNK)
                end = length if end < 0 else end + 1
                lengths = map(len, text[start:end].split("\n"))
                first = array("q", itertools.accumulate(lengths, _line_after, initial=start))
                starts.extend(first[1:-1])  # each line's start but the chunk's own
                start = end
        self._starts = starts

    def __len__(self) -> int:
        """How many lines (a text ending in a line break has an empty last one)."""
        return len(self._starts)

    def end_of(self, line: int) -> int:
        """The offset just after 1-based ``line``'s break (the next line's
        start), or -1 for the last line."""
        return self._starts[line] if line < len(self._starts) else -1

    def line_of(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect_right(self._starts, offset)

    def start_of(self, line: int) -> int:
        """The offset where 1-based ``line`` starts."""
        return self._starts[line - 1]


class LineSet:
    """A sorted set of line numbers that answers "any line in [first,
    last]?" in logarithmic time."""

    __slots__ = ("_lines",)

    def __init__(self, lines: Iterable[int]) -> None:
        self._lines = sorted(set(lines))

    def any_within(self, first: int, last: int) -> bool:
        index = bisect_left(self._lines, first)
        return index < len(self._lines) and self._lines[index] <= last


def nested_statements(nodes: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """``nodes`` and every statement nested in their bodies (``if``,
    ``for``, ``def``, ``class``...), without walking expressions."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                stack.extend(inner)


_WORD = re.compile(r"\w+")
# Words are counted this many characters at a time (a list of every word of
# a large file would cost hundreds of megabytes).
_COUNT_CHUNK = 1 << 20


@lru_cache(maxsize=1)
def word_counts(text: str) -> Counter[str]:
    """How many times each word occurs in ``text``: counted in C, a chunk
    at a time (words never span a line break), once per text however many
    steps ask."""
    counts: Counter[str] = Counter()
    start, length = 0, len(text)
    ascii_text = text.isascii()
    while start < length:
        end = text.find("\n", start + _COUNT_CHUNK)
        end = length if end < 0 else end
        if ascii_text:
            counts.update(_WORD.findall(text, start, end))
        else:
            counts.update(map(ast_name, _NAME_RUN.findall(text, start, end)))
        start = end
    return counts


# A run of characters a name may hold, in text that is not ASCII: any
# non-ASCII character may be part of one (·, combining marks, ﬁ...).
_NAME_RUN = re.compile(r"[^\s!-/:-@\[-\^`{-~]+")
# Up to this many names, one pattern looks for them all; above, every word
# of the text is read (and the screen counts them first).
FEW_NAMES = 16


def ast_name(word: str) -> str:
    """``word`` as ``ast`` names it: NFKC-normalised (ﬁle is file)."""
    if word.isascii():
        return word
    import unicodedata

    return unicodedata.normalize("NFKC", word)


def after_word_character(text: str, at: int, also: str = "") -> bool:
    """Whether the character before ``at`` is a word character (or one of
    ``also``): a match there is the end of a longer word. Patterns of
    words check it after matching: one that starts with a look-behind is
    tried at every offset, one that starts with its words lets the engine
    skip ahead."""
    return at > 0 and (text[at - 1] in also or _WORD.match(text, at - 1) is not None)


def binding_lines(text: str, lines: LineStarts, names: Collection[str]) -> set[int]:
    """The lines where one of ``names`` occurs as a word that is neither an
    attribute nor followed by a dot: where it may be bound (``re = ...``,
    ``class re``, ``for re in``...) rather than used (``re.compile``).
    libcst qualifies ``re.compile`` by any binding of ``re``, not only an
    import."""
    if not names:
        return set()
    found: set[int] = set()
    pattern = re.compile("(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)(?!\s*\.)")
    for match in pattern.finditer(text):
        if not after_word_character(text, match.start(), "."):  # nor an attribute
            found.add(lines.line_of(match.start()))
    return found


def name_occurrences(text: str, names: Collection[str]) -> Iterator[tuple[str, int]]:
    """``(name, offset)`` of every occurrence of one of ``names`` (as
    ``ast`` gives them) as a word of ``text``, in one pass."""
    if not names:
        return
    if not text.isascii():
        for match in _NAME_RUN.finditer(text):
            word = ast_name(match.group())
            if word in names:
                yield word, match.start()
        return
    if len(names) > FEW_NAMES:
        for match in _WORD.finditer(text):
            if match.group() in names:
                yield match.group(), match.start()
        return
    mention = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)")
    for match in mention.finditer(text):
        yield match.group(), match.start()
