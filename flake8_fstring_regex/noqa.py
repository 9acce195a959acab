"""``# noqa`` comments, read exactly as flake8 reads them.

flake8 applies these itself; the command and the codemod need the same
rules so that a suppressed finding is neither reported nor fixed:

- A line starting (after whitespace) with ``# flake8: noqa`` or
  ``# flake8=noqa`` (any case) exempts the whole file, even when codes
  follow (flake8 5 to 7 read ``# flake8: noqa: E123`` as file-wide too).
- ``# noqa`` suppresses every finding whose line it covers; ``# noqa: A1,B2``
  (or ``# noqa:A1 B2``) only codes starting with one of those listed. Codes
  must look like ``[A-Z]+[0-9]+`` in any case, but are compared as written:
  ``# noqa: fsr001`` suppresses nothing, while ``# noqa: FSR`` (no digits)
  or ``# noqa : FSR001`` is a bare ``# noqa`` and suppresses everything.
- A comment covers the lines of the tokens between two line ends: a
  backslash-continued statement, or a string spanning lines, is one unit,
  and a ``# noqa`` anywhere on it (even inside a string) covers all of it.

The file is tokenized only when it has findings, and then only the
top-level statements that hold them (statements.py finds where each
starts): the whole file only when that scan is unsure or a statement does
not tokenize. One difference remains: flake8 reads every line alone when
any part of the file does not tokenize, which a file it can parse never
does (flake8 runs no plugin on a file it cannot parse).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from typing import Protocol, TypeVar

from flake8_fstring_regex.source import LINE_BREAK

# flake8's own patterns (flake8.defaults.NOQA_INLINE_REGEXP and NOQA_FILE).
NOQA_INLINE = re.compile(
    r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE
)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_CODE_SEPARATORS = re.compile(r"[,\s]")
_FILE_MARK = re.compile("flake8", re.IGNORECASE)
# The file-level pattern at the start of any line, without splitting the text: a line
# holds no break but the one ending it, so ``\s`` may not cross one.
_FILE_LINE = re.compile(
    r"(?:\A|(?<=[\r\n]))[^\S\r\n]*# flake8[:=][^\S\r\n]*noqa", re.IGNORECASE
)


class Located(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def code(self) -> str: ...


F = TypeVar("F", bound=Located)


def lines_as_read(text: str) -> list[str]:
    """The lines flake8 reads: each ending with ``\\n`` whatever the file's
    line ends (universal newlines), the last one as it is."""
    parts = LINE_BREAK.split(text)
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def exempts_file(text: str) -> bool:
    """Whether a ``# flake8: noqa`` line makes flake8 skip the whole file."""
    if _FILE_MARK.search(text) is None:
        return False
    return _FILE_LINE.search(text) is not None


def suppresses(comment_text: str, code: str) -> bool:
    """Whether the ``# noqa`` in ``comment_text`` (if any) covers ``code``."""
    match = NOQA_INLINE.search(comment_text)
    if match is None:
        return False
    listed = match.group("codes")
    if listed is None:
        return True
    codes = tuple(item.strip() for item in _CODE_SEPARATORS.split(listed) if item.strip())
    return code.startswith(codes)


class Untokenizable(Exception):
    """``tokenize`` gives up on the text (flake8 then reads each line alone)."""


def _units(lines: Sequence[str]) -> Iterator[tuple[int, int]]:
    """flake8's noqa units of ``lines`` (1-based, first and last line): the
    lines of the tokens between two line ends. Streams the tokens: a
    module of millions of lines must not be held as a list of them."""
    import tokenize

    feed = iter(lines)
    first, last = len(lines) + 2, -1
    try:
        for token in tokenize.generate_tokens(lambda: next(feed, "")):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                yield first, last
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        raise Untokenizable from None


def _texts(lines: Sequence[str], wanted: Collection[int], offset: int = 0) -> dict[int, str]:
    """For each line of ``wanted`` that a unit of ``lines`` covers (their
    numbers in the file being ``offset`` more), the unit's lines joined."""
    texts: dict[int, str] = {}
    for first, last in _units(lines):
        hit = [n for n in range(first + offset, last + offset + 1) if n in wanted]
        if hit:
            joined = "".join(lines[first - 1 : last])
            texts.update(dict.fromkeys(hit, joined))
    return texts


def _region_texts(text: str, wanted: Collection[int]) -> dict[int, str]:
    """The noqa texts of ``wanted``, tokenizing only the top-level
    statements that hold them (with the comments and blank lines after
    each, up to the next one).

    At a top-level statement's first line the tokenizer holds nothing over
    (no bracket, string or backslash is open; a statement that starts on
    a line ended by ``\\`` is part of the one before, see statements.py),
    so tokenizing the statement alone gives the tokens a whole-file pass
    gives there. Raises Untokenizable when the scan is unsure of the
    statements or a statement does not tokenize: the caller then
    tokenizes the whole file, as flake8 does.
    """
    from flake8_fstring_regex.statements import Unsure, pieces_of

    try:
        pieces = pieces_of(text)
    except Unsure:
        raise Untokenizable from None
    starts, line_starts = pieces.starts, pieces.lines
    count = len(line_starts)
    regions: set[tuple[int, int]] = set()
    for number in wanted:
        index = bisect_right(starts, number) - 1
        first = starts[index] if index >= 0 else 1
        last = starts[index + 1] - 1 if index + 1 < len(starts) else count
        regions.add((first, last))
    texts: dict[int, str] = {}
    for first, last in sorted(regions):
        begin = line_starts.start_of(first)
        end = line_starts.end_of(last) if last < count else len(text)
        texts.update(_texts(lines_as_read(text[begin:end]), wanted, first - 1))
    return texts


def noqa_texts(text: str, wanted: Collection[int]) -> dict[int, str]:
    """For each line of ``wanted``, the text flake8 searches for its
    ``# noqa``: all the lines of the tokens between two line ends, joined.
    A line missing from the result stands for itself (flake8 reads every
    line alone when the file cannot be tokenized)."""
    try:
        return _region_texts(text, wanted)
    except Untokenizable:
        pass
    try:
        return _texts(lines_as_read(text), wanted)
    except Untokenizable:
        return {}


def unsuppressed(text: str, findings: Sequence[F]) -> list[F]:
    """The findings no ``# noqa`` comment covers (see also exempts_file)."""
    if not findings:
        return []
    wanted = {finding.line for finding in findings}
    texts = noqa_texts(text, wanted)
    missing = wanted - set(texts)
    if missing:
        from flake8_fstring_regex.source import LineStarts

        starts = LineStarts(text)
        for number in missing:
            if 0 < number <= len(starts):
                end = starts.end_of(number)
                line = text[starts.start_of(number) : end if end >= 0 else len(text)]
                texts[number] = LINE_BREAK.sub("\n", line)
    return [f for f in findings if not suppresses(texts.get(f.line, ""), f.code)]
