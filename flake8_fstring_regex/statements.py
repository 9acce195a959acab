"""The ``ast`` of only the top-level statements that matter, for large files.

``ast.parse`` of a whole module costs about a hundred times the source's
size in memory: gigabytes for a generated module of millions of lines. The
command (flake8 hands the plugin its own tree) parses a large file in
pieces instead: one linear scan of the text (strings, comments, brackets,
continuations) finds where each top-level statement starts, and only the
statements covering candidate lines, the imports, and the statements that
mention a name those assign are parsed. The result is a module whose body
holds just those statements, at their places in the file; every later step
(the screen, the reduced libcst input) needs no more.

The scan is exact on valid Python; where it cannot be sure (a PEP 701
f-string nesting quotes, unbalanced brackets) it says so and the caller
parses the whole file.
"""

from __future__ import annotations

import ast
import re
from array import array
from bisect import bisect_right
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Optional

from flake8_fstring_regex.regex_names import DEFAULT_ROOTS
from flake8_fstring_regex.source import (
    LineSet,
    LineStarts,
    binding_lines,
    line_starts,
    name_occurrences,
    nested_statements,
    parse_ast,
)

# Files from this size on are parsed in pieces.
PIECEWISE_FROM = 4_000_000

_TOKEN = re.compile(
    r"(?P<comment>#[^\r\n]*)"
    r"|(?P<string>[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|\"))"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<newline>\\?(?:\r\n|\r|\n))"
)
_ENDS = {
    "'": re.compile(r"[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'"),
    '"': re.compile(r'[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"'),
    "'''": re.compile(r"(?:[^'\\]|\\[\s\S]|'(?!''))*'''"),
    '"""': re.compile(r'(?:[^"\\]|\\[\s\S]|"(?!""))*"""'),
}
# A line that continues the statement above: a clause of a compound
# statement, or what follows a decorator.
_CLAUSE = re.compile(r"(?:else|elif|except|finally)\b")
_FIELD_BRACES = re.compile(r"\{\{|\}\}|[{}]")
_IMPORT_WORD = re.compile(r"(?<!\w)import(?!\w)")


class Unsure(Exception):
    """The scan cannot tell where statements start: parse the whole file."""


def statement_starts(text: str, lines: LineStarts) -> array[int]:
    """The first line of every top-level statement, in order."""
    starts = array("q")
    depth = 0
    logical_start = 0  # offset where the current logical line starts
    decorated = False
    position = 0
    length = len(text)
    while position < length:
        match = _TOKEN.search(text, position)
        if match is None:
            break
        kind = match.lastgroup
        position = match.end()
        if kind == "string":
            quote = match.group().lstrip("rRbBuUfF")
            end = _ENDS[quote].match(text, position)
            if end is None:
                raise Unsure("a string that does not close")
            if "f" in match.group().lower() and _field_left_open(text[position : end.end()]):
                raise Unsure("an f-string nesting its own quotes")
            position = end.end()
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                raise Unsure("unbalanced brackets")
        elif kind == "newline" and depth == 0 and not match.group().startswith("\\"):
            line_text = text[logical_start : logical_start + 8]
            if line_text[:1] not in (" ", "\t", "\f", "#", "\r", "\n", ""):
                if not decorated and not _CLAUSE.match(line_text):
                    starts.append(lines.line_of(logical_start))
                decorated = line_text.startswith("@")
            logical_start = position
    if depth:
        raise Unsure("unbalanced brackets")
    line_text = text[logical_start : logical_start + 8]
    if line_text[:1] not in (" ", "\t", "\f", "#", "") and not decorated:
        if not _CLAUSE.match(line_text):
            starts.append(lines.line_of(logical_start))
    return starts


def _field_left_open(body: str) -> bool:
    depth = 0
    for brace in _FIELD_BRACES.findall(body):
        if brace == "{":
            depth += 1
        elif brace == "}" and depth:
            depth -= 1
    return depth > 0


def _word_lines(text: str, names: Collection[str], lines: LineStarts) -> set[int]:
    """The lines where one of ``names`` occurs as a word."""
    return {line for found in word_lines(text, names, lines).values() for line in found}


def word_lines(text: str, names: Collection[str], lines: LineStarts) -> dict[str, list[int]]:
    """For each of ``names`` that occurs in ``text`` as a word, the lines
    where it does (one pass over the text)."""
    found: dict[str, list[int]] = {}
    for name, offset in name_occurrences(text, names):
        found.setdefault(name, []).append(lines.line_of(offset))
    return found


def assigned_names(nodes: Iterable[ast.AST]) -> set[str]:
    """The names that ``nodes`` and the statements nested in them assign."""
    return _assigned(nodes)


def _assigned(nodes: Iterable[ast.AST], lines: Optional[LineSet] = None) -> set[str]:
    """The names ``nodes`` and the statements nested in them assign (by
    an assignment covering one of ``lines``, when given)."""
    names: set[str] = set()
    for inner in nested_statements(nodes):
        if lines is not None and isinstance(inner, ast.stmt):
            if not lines.any_within(inner.lineno, inner.end_lineno or inner.lineno):
                continue
        if isinstance(inner, ast.Assign):
            names.update(t.id for t in inner.targets if isinstance(t, ast.Name))
        elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
            names.add(inner.target.id)
    return names


class Pieces:
    """The top-level statements of a text, parsed on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = line_starts(text)
        self.starts = statement_starts(text, self.lines)
        self.parsed: dict[int, list[ast.stmt]] = {}

    def _index(self, line: int) -> int:
        return bisect_right(self.starts, line) - 1

    def index_of(self, line: int) -> int:
        """The piece (top-level statement) holding ``line`` (-1: before the first)."""
        return self._index(line)

    def _span(self, index: int) -> tuple[int, int]:
        first = self.starts[index]
        last = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.lines)
        return first, last

    def parse(self, indexes: Iterable[int]) -> Optional[list[ast.stmt]]:
        """The statements of the pieces at ``indexes`` and of those parsed
        before (None: one does not parse). Consecutive pieces are parsed
        together: one call for a run of candidate statements."""
        wanted = sorted(index for index in set(indexes) - set(self.parsed) if index >= 0)
        runs: list[list[int]] = []
        for index in wanted:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            tree = self._parse_run(run[0], run[-1])
            if tree is None:
                return None
            self.parsed[run[0]] = tree.body
            self.parsed.update((index, []) for index in run[1:])
        return [node for index in sorted(self.parsed) for node in self.parsed[index]]

    def parse_apart(self, indexes: Iterable[int]) -> Optional[list[ast.stmt]]:
        """The statements of the pieces at ``indexes``, kept nowhere: the
        caller holds them as long as it needs them. One parse of the pieces
        at their lines (blank lines in between). None when they do not
        parse."""
        wanted = sorted(index for index in set(indexes) if index >= 0)
        parts: list[str] = []
        line = 1  # the next line of the text being built
        previous = -2
        for index in wanted:
            first, last = self._span(index)
            if index != previous + 1 and first > line:
                # Blank lines up to the piece ("\r" after a lone "\r": a
                # "\n" would join it into one "\r\n" line break).
                blank = "\r" if parts and parts[-1].endswith("\r") else "\n"
                parts.append(blank * (first - line))
            begin = self.lines.start_of(first)
            end = self.lines.end_of(last) if last < len(self.lines) else len(self.text)
            piece = self.text[begin:end]
            if not piece.endswith(("\n", "\r")):
                piece += "\n"  # the text's last line
            parts.append(piece)
            line, previous = last + 1, index
        tree = parse_ast("".join(parts))
        if not isinstance(tree, ast.Module):
            return None
        return tree.body

    def _parse_run(self, first_index: int, last_index: int) -> Optional[ast.Module]:
        first, last = self._span(first_index)[0], self._span(last_index)[1]
        begin = self.lines.start_of(first)
        end = self.lines.end_of(last) if last < len(self.lines) else len(self.text)
        tree = parse_ast(self.text[begin:end])
        if not isinstance(tree, ast.Module):
            return None
        if first > 1:
            ast.increment_lineno(tree, first - 1)
        return tree

    def imports(self, roots: Collection[str] = DEFAULT_ROOTS) -> set[int]:
        """The pieces holding the word ``import`` (every import that may
        bind a module-level name: after a semicolon, under ``if``, ``try``,
        ``with`` or ``for``, in a decorated function declaring it
        ``global``...), and those that may bind one of ``roots`` otherwise
        (``re = ...``): a superset of what reduce.py keeps."""
        found: set[int] = set()
        for match in _IMPORT_WORD.finditer(self.text):
            found.add(self._index(self.lines.line_of(match.start())))
        found.update(self._index(line) for line in binding_lines(self.text, self.lines, roots))
        found.discard(-1)
        return found


@lru_cache(maxsize=1)
def pieces_of(text: str) -> Pieces:
    """The pieces of ``text``, scanned once for the parse and the ``# noqa``
    reading of the same text (Unsure when the scan cannot tell)."""
    return Pieces(text)


def partial_tree(
    text: str, lines: Collection[int], roots: Collection[str] = DEFAULT_ROOTS
) -> Optional[ast.AST]:
    """An ``ast.Module`` holding the top-level statements of ``text`` that
    cover ``lines``, its imports, and the statements mentioning a name the
    former assign; the whole module's tree for a small text, or when the
    scan is unsure. None when the text does not parse."""
    if len(text) < PIECEWISE_FROM:
        return parse_ast(text)
    try:
        pieces = pieces_of(text)
    except Unsure:
        return parse_ast(text)
    wanted = {pieces._index(line) for line in lines}
    candidates = pieces.parse(wanted)
    if candidates is None:
        return None
    # The screen reads names only where a candidate line's assignment binds them.
    mentions = _word_lines(text, _assigned(candidates, LineSet(lines)), pieces.lines)
    body = pieces.parse(
        wanted | pieces.imports(roots) | {pieces._index(line) for line in mentions}
    )
    if body is None:
        return None
    return ast.Module(body=body, type_ignores=[])


def parses(text: str, lines: Collection[int]) -> bool:
    """Whether the statements covering ``lines`` parse (the whole text for
    a small one, or when the scan is unsure)."""
    if len(text) < PIECEWISE_FROM:
        return parse_ast(text) is not None
    try:
        pieces = pieces_of(text)  # the fixed text's analysis scans it again
    except Unsure:
        return parse_ast(text) is not None
    return pieces.parse(pieces._index(line) for line in lines) is not None
