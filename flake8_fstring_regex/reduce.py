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
import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple, Optional

from flake8_fstring_regex.regex_names import DEFAULT_ROOTS
from flake8_fstring_regex.source import (
    LineSet,
    binding_lines,
    line_starts,
    name_occurrences,
    nested_statements,
)


def _span(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno] + [d.lineno for d in decorators])
    return first, node.end_lineno or node.lineno


def _covers(span: tuple[int, int], lines: LineSet) -> bool:
    return lines.any_within(span[0], span[1])


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _holds_import(node: ast.stmt) -> bool:
    """Whether a top-level statement may bind a module-level name by an
    import: an import, one nested in a compound statement (``if``, ``try``,
    ``with``, ``for``...: the same scope), or in a function that declares
    a name ``global``."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, ast.ClassDef):
        return False  # a class body is a scope of its own
    inner = list(ast.walk(node))
    if not any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in inner):
        return False
    return not isinstance(node, _FUNCTIONS) or any(isinstance(n, ast.Global) for n in inner)


class _Selection:
    def __init__(self, lines: LineSet) -> None:
        self.lines = lines
        self.kept: list[tuple[int, int]] = []
        self.candidates: list[ast.stmt] = []
        self.others: list[tuple[ast.stmt, tuple[int, int]]] = []

    def block(self, body: Sequence[ast.stmt]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: ast.stmt) -> None:
        span = _span(node)
        if not _covers(span, self.lines):
            if _holds_import(node):
                self.kept.append(span)
            else:
                self.others.append((node, span))
            return
        if isinstance(node, ast.ClassDef) and node.body:
            inner = _Selection(self.lines)
            inner.block(node.body)
            if inner.candidates:  # keep the header and the methods that matter
                self.kept.append((span[0], _span(node.body[0])[0] - 1))
                self.kept += inner.kept
                self.candidates += inner.candidates
                self.others += inner.others
                return
        self.kept.append(span)
        self.candidates.append(node)


def _assigned_names(nodes: Iterable[ast.stmt]) -> set[str]:
    """Names that kept statements, or statements nested in them, assign:
    the detector matches a name passed as a pattern anywhere in the module
    with every assignment to it."""
    names: set[str] = set()
    for node in nested_statements(nodes):
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


class Reduced(NamedTuple):
    """The kept lines, and the file's line number of each of them."""

    text: str
    origin: list[int]


Span = tuple[int, int]  # first and last line, inclusive


class Unit(NamedTuple):
    """A top-level statement that covers candidate lines: the lines libcst
    must see for it, its ``ast`` statements that cover candidates, and the
    top-level statement itself."""

    spans: list[Span]
    statements: list[ast.stmt]
    node: ast.stmt


class Plan:
    """What libcst must see of a text: ``context`` (imports, and statements
    mentioning a name that a candidate statement assigns) and one ``Unit``
    per top-level statement covering candidate lines. Any part of the units
    can be given to libcst with the whole context (detect.py does so for a
    file with very many of them)."""

    def __init__(
        self, text: str, tree: ast.Module, lines: Collection[int],
        roots: Collection[str] = DEFAULT_ROOTS,
    ) -> None:
        self.text = text
        self.starts = line_starts(text)  # eight bytes a line, not a list of the lines
        # Lines as Python numbers them: a text ending in a break has no empty last one.
        self.count = len(self.starts) - 1 if text.endswith(("\n", "\r")) else len(self.starts)
        line_set = LineSet(lines)
        self.context: list[Span] = []
        self.units: list[Unit] = []
        others: list[tuple[ast.stmt, Span]] = []
        for node in tree.body:
            selection = _Selection(line_set)
            selection.statement(node)
            others += selection.others
            if selection.candidates:
                self.units.append(Unit(selection.kept, selection.candidates, node))
            else:
                self.context += selection.kept
        if others and roots:
            # libcst qualifies re.compile by any binding of re, not only an import.
            bound = LineSet(binding_lines(text, self.starts, roots))
            self.context += [span for _, span in others if bound.any_within(*span)]
        names = _assigned_names(s for unit in self.units for s in unit.statements)
        if names and others:
            # A name assigned a pattern may be passed to a regex function
            # elsewhere (names as ast gives them: NFKC-normalised).
            mentioned = LineSet(self.starts.line_of(at) for _, at in name_occurrences(text, names))
            self.context += [span for _, span in others if mentioned.any_within(*span)]

    def _lines_of(self, first: int, last: int) -> str:
        end = self.starts.end_of(last) if last < self.count else len(self.text)
        return self.text[self.starts.start_of(first) : end if end >= 0 else len(self.text)]

    def render(self, units: Iterable[Unit]) -> Optional[Reduced]:
        """The context and ``units``, lines at their places (``origin``), or
        None when that is every line of the text."""
        spans = sorted(
            (first, min(last, self.count))
            for first, last in itertools.chain(
                self.context, (span for unit in units for span in unit.spans)
            )
            if first <= min(last, self.count)
        )
        merged: list[list[int]] = []
        for first, last in spans:
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        if merged == [[1, self.count]]:
            return None
        origin: list[int] = []
        runs: list[str] = []
        for first, last in merged:
            origin.extend(range(first, last + 1))
            runs.append(self._lines_of(first, last))
        return Reduced("".join(runs), origin)


def reduced_source(text: str, tree: ast.Module, lines: Collection[int]) -> Optional[Reduced]:
    """The lines of the statements that matter, or None when nothing worth
    dropping remains."""
    plan = Plan(text, tree, lines)
    return plan.render(plan.units)


def shown_nodes(unit: Unit) -> Iterator[ast.AST]:
    """The nodes of ``unit`` that lie on its kept lines (a class's header
    and the methods that matter, not the methods left out)."""
    kept = LineSet(line for first, last in unit.spans for line in range(first, last + 1))
    stack: list[ast.AST] = [unit.node]
    while stack:
        node = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            last = getattr(node, "end_lineno", None) or first
            if not kept.any_within(first, last):
                continue
        yield node
        stack.extend(ast.iter_child_nodes(node))
