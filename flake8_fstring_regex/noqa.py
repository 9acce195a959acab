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

The file is tokenized only when it has findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from flake8_fstring_regex.source import LINE_BREAK

if TYPE_CHECKING:
    import tokenize

# flake8's own patterns (flake8.defaults.NOQA_INLINE_REGEXP and NOQA_FILE).
NOQA_INLINE = re.compile(
    r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE
)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_CODE_SEPARATORS = re.compile(r"[,\s]")
_FILE_MARK = re.compile("flake8", re.IGNORECASE)


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
    return any(NOQA_FILE.match(line) for line in lines_as_read(text))


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


def _tokens(lines: list[str]) -> list[tokenize.TokenInfo]:
    import tokenize

    feed = iter(lines)
    return list(tokenize.generate_tokens(lambda: next(feed)))


def noqa_text(lines: list[str]) -> dict[int, str]:
    """For each line number, the text flake8 searches for its ``# noqa``:
    all the lines of the tokens between two line ends, joined. Empty when
    the file cannot be tokenized (each line then stands for itself)."""
    import tokenize

    try:
        tokens = _tokens(lines)
    except (tokenize.TokenError, SyntaxError):
        return {}
    texts: dict[int, str] = {}
    first, last = len(lines) + 2, -1
    for token in tokens:
        if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
            continue
        first = min(first, token.start[0])
        last = max(last, token.end[0])
        if token.type in (tokenize.NL, tokenize.NEWLINE):
            joined = "".join(lines[first - 1 : last])
            texts.update(dict.fromkeys(range(first, last + 1), joined))
            first, last = len(lines) + 2, -1
    return texts


def unsuppressed(text: str, findings: Sequence[F]) -> list[F]:
    """The findings no ``# noqa`` comment covers (see also exempts_file)."""
    if not findings:
        return []
    lines = lines_as_read(text)
    texts = noqa_text(lines)
    kept = []
    for finding in findings:
        number = finding.line
        own = lines[number - 1] if 0 < number <= len(lines) else ""
        if not suppresses(texts.get(number, own), finding.code):
            kept.append(finding)
    return kept
