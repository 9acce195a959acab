"""Give libcst only the statements that matter.

libcst parses about ten times slower than ``ast``, and its scope metadata
costs more still: a whole test module can take seconds. A finding lives in
the statement that covers a candidate line, and its context is the module's
imports and, for a pattern held in a name, the statements that mention that
name. Every other line is dropped (empty lines would cost libcst a node
each): columns stay exactly as
in the file once ``origin`` maps each kept line back to its number.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple, Optional

from flake8_fstring_regex.source import LineSet, LineStarts


def _span(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno] + [d.lineno for d in decorators])
    return first, node.end_lineno or node.lineno


def _covers(span: tuple[int, int], lines: LineSet) -> bool:
    return lines.any_within(span[0], span[1])


def _holds_import(node: ast.stmt) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, (ast.If, ast.Try)):  # guarded or optional imports
        return any(isinstance(inner, (ast.Import, ast.ImportFrom)) for inner in ast.walk(node))
    return False


class _Selection:
    def __init__(self, lines: LineSet) -> None:
        self.lines = lines
        self.kept: list[tuple[int, int]] = []
        self.candidates: list[ast.stmt] = []
        self.others: list[tuple[ast.stmt, tuple[int, int]]] = []

    def block(self, body: Sequence[ast.stmt]) -> None:
        for node in body:
            span = _span(node)
            if not _covers(span, self.lines):
                if _holds_import(node):
                    self.kept.append(span)
                else:
                    self.others.append((node, span))
                continue
            if isinstance(node, ast.ClassDef) and node.body:
                inner = _Selection(self.lines)
                inner.block(node.body)
                if inner.candidates:  # keep the header and the methods that matter
                    self.kept.append((span[0], _span(node.body[0])[0] - 1))
                    self.kept += inner.kept
                    self.candidates += inner.candidates
                    self.others += inner.others
                    continue
            self.kept.append(span)
            self.candidates.append(node)


def _assigned_names(nodes: Iterable[ast.stmt]) -> set[str]:
    """Names that kept module- or class-level assignments bind: such a name
    may be passed as a pattern anywhere (a local is used in its own, kept,
    function)."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


class Reduced(NamedTuple):
    """The kept lines, and the file's line number of each of them."""

    text: str
    origin: list[int]


def reduced_source(text: str, tree: ast.Module, lines: Collection[int]) -> Optional[Reduced]:
    """The lines of the statements that matter, or None when nothing worth
    dropping remains."""
    selection = _Selection(LineSet(lines))
    selection.block(tree.body)
    starts = LineStarts(text)  # eight bytes a line, not a list of the lines
    # Lines as Python numbers them: a text ending in a break has no empty last one.
    count = len(starts) - 1 if text.endswith(("\n", "\r")) else len(starts)

    def lines_of(first: int, last: int) -> str:
        end = starts.end_of(last) if last < count else len(text)
        return text[starts.start_of(first) : end if end >= 0 else len(text)]

    names = _assigned_names(selection.candidates)
    if names:
        # A name assigned a pattern may be passed to a regex function elsewhere.
        mention = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b")
        for _, span in selection.others:
            if mention.search(lines_of(span[0], min(span[1], count))):
                selection.kept.append(span)
    keep = bytearray(count)
    for first, last in selection.kept:
        keep[first - 1 : last] = b"\1" * (min(last, count) - first + 1)
    if all(keep):
        return None
    origin = [index + 1 for index, flag in enumerate(keep) if flag]
    runs: list[str] = []
    run_first = previous = -1
    for number in origin:
        if number != previous + 1:
            if previous > 0:
                runs.append(lines_of(run_first, previous))
            run_first = number
        previous = number
    if previous > 0:
        runs.append(lines_of(run_first, previous))
    return Reduced("".join(runs), origin)
