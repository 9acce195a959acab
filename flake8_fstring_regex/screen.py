"""The ``ast`` gate, between the text gate and libcst.

The text gate names candidate lines; this walks only the statements that
cover them, in the ``ast`` tree (flake8 already has one; elsewhere CPython's
parser builds it far faster than libcst), and asks every rule family whether
a node may hold one of its findings. Each family's screen is a superset of
its libcst rule, so a False is always safe.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Set
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.literals import Literals
from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.rules.format_template.gates import (
    added_parts,
    held_template_may_report,
)
from flake8_fstring_regex.source import (
    FEW_NAMES,
    LineSet,
    line_starts,
    name_occurrences,
    nested_statements,
    word_counts,
)

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces
    from flake8_fstring_regex.regex_names import CallPlaces


def _screens_by_type() -> dict[
    type[ast.AST], tuple[Callable[[ast.AST, bool, bool], bool], ...]
]:
    kinds = {kind for family in FAMILIES for kind in family.screened}
    return {
        getattr(ast, kind): tuple(f.screen for f in FAMILIES if kind in f.screened)
        for kind in kinds
    }


# Each node is asked only of the families that screen its type.
_SCREENS = _screens_by_type()


def _may_report(node: ast.AST, in_regex: bool, exact: bool = True) -> bool:
    return any(screen(node, in_regex, exact) for screen in _SCREENS.get(type(node), ()))


def _covering(nodes: Iterable[ast.AST], lines: LineSet) -> Iterator[ast.AST]:
    for node in nodes:
        first = getattr(node, "lineno", None)
        if first is None:
            yield node  # no position (arguments, comprehension...): look inside
            continue
        last = getattr(node, "end_lineno", None) or first
        decorators = getattr(node, "decorator_list", None)
        if decorators:  # above the def or class line
            first = min([first] + [d.lineno for d in decorators])
        if lines.any_within(first, last):
            yield node


def _covers(node: ast.stmt, lines: LineSet) -> bool:
    return lines.any_within(node.lineno, node.end_lineno or node.lineno)


def _assigned_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id] if node.value is not None else []
    return []


def _mentions(
    statements: Iterable[ast.AST], source: str, lines: LineSet
) -> dict[str, list[int]]:
    """The offsets in ``source`` where each name assigned in ``statements``
    by an assignment covering one of ``lines`` occurs as a word, for the
    names that occur twice or more: only such a name can be assigned a
    pattern here and passed to a regex function elsewhere (an assignment
    covering no candidate line holds no literal the screen looks at)."""
    wanted = {
        name
        for node in nested_statements(statements)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and _covers(node, lines)
        for name in _assigned_names(node)
    }
    if len(wanted) > FEW_NAMES:
        # Many names: every word counted once, in C (few: looked for at once).
        counts = word_counts(source)
        wanted = {name for name in wanted if counts[name] > 1}
    seen: dict[str, list[int]] = {}
    for name, offset in name_occurrences(source, wanted):
        seen.setdefault(name, []).append(offset)
    return {name: offsets for name, offsets in seen.items() if len(offsets) > 1}


def _pattern_names(call: ast.Call, places: CallPlaces) -> Iterator[str]:
    """The names a call passes where a regex function takes its pattern."""
    where = places.of(call)
    if where is None:
        return
    for index, argument in enumerate(call.args):
        if isinstance(argument, ast.Name) and (where.anywhere or index in where.positions):
            yield argument.id
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and (
            where.anywhere or keyword.arg in where.keywords
        ):
            yield keyword.value.id


class _NameFacts:
    """What the calls say about the names in ``mentions``, as the detector's
    ``Facts``: which are passed as a pattern (a superset, by call shape),
    and for each ``NAME.format(...)`` the fewest positional arguments (None
    when one call has ``*args``). Only the nodes covering a line where such
    a name occurs are walked: every such call is on one."""

    def __init__(
        self, tree: ast.AST, mentions: Mapping[str, list[int]], source: str, places: CallPlaces
    ) -> None:
        self.patterns: set[str] = set()
        self.formatted: dict[str, Optional[int]] = {}
        if not mentions:
            return
        starts = line_starts(source)
        line_set = LineSet(starts.line_of(o) for offsets in mentions.values() for o in offsets)
        stack = list(_covering(ast.iter_child_nodes(tree), line_set))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.JoinedStr):  # positions inside are unreliable before 3.12
                for call in ast.walk(node):
                    if isinstance(call, ast.Call):
                        self._call(call, places)
                continue
            if isinstance(node, ast.Call):
                self._call(node, places)
            stack.extend(_covering(ast.iter_child_nodes(node), line_set))
        self.patterns &= mentions.keys()

    def _call(self, call: ast.Call, places: CallPlaces) -> None:
        self.patterns.update(_pattern_names(call, places))
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "format"
            and isinstance(func.value, ast.Name)
        ):
            name = func.value.id
            count: Optional[int] = len(call.args)
            if any(isinstance(argument, ast.Starred) for argument in call.args):
                count = None
            if name in self.formatted:
                previous = self.formatted[name]
                count = None if previous is None or count is None else min(previous, count)
            self.formatted[name] = count

    def templates(self) -> dict[str, Optional[int]]:
        """The names both passed as a pattern and formatted: the detector
        reads what they are assigned as str.format() templates."""
        return {name: self.formatted[name] for name in self.patterns & self.formatted.keys()}


# Nodes that hold no literal: not worth a visit.
_INERT = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop, ast.Name, ast.alias)


def _holds_a_template(
    node: ast.AST, templates: Mapping[str, Optional[int]], literals: Literals, placed: bool
) -> bool:
    """``NAME = "..."`` with ``NAME.format(...)`` elsewhere and NAME passed
    as a pattern (``templates``: such names, with the fewest positional
    arguments of their calls): the detector reads the string as a
    str.format() template. Its fields are read from the value as the
    detector reads the source (``{{2}}`` is no field) when the literal is
    exact (literals.py); the plain text ast merged into an f-string, as
    the value shows it."""
    if not templates:
        return False
    counts = [templates[name] for name in _assigned_names(node) if name in templates]
    positional = min((count for count in counts if count is not None), default=None)
    if positional is None:
        return False  # not a template, or formatted with *args: nothing reported
    value = node.value  # type: ignore[attr-defined]  # Assign or AnnAssign
    for part in added_parts(value):
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            # Each piece of a concatenation, as the detector reads it.
            pieces = literals.pieces(part) if placed else None
            if pieces is None:
                if held_template_may_report(part.value, exact=False, positional=positional):
                    return True
            elif any(
                held_template_may_report(piece, exact=True, positional=positional)
                for piece in pieces
            ):
                return True
        elif isinstance(part, ast.JoinedStr):  # f"{x}" "a{3}": the plain piece is one
            texts = [v.value for v in part.values if isinstance(v, ast.Constant)]
            if any(
                held_template_may_report(str(text), exact=False, positional=positional)
                for text in texts
            ):
                return True
    return False


def _callee_attribute(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def _children(
    node: ast.AST, in_regex: bool, places: CallPlaces, patterns: Set[str],
    templates: Mapping[str, Optional[int]],
) -> Iterator[tuple[ast.AST, bool]]:
    """Each child of ``node``, and whether it may reach a regex place as the
    detector decides: a call's pattern argument (by position or keyword),
    the value of an assignment to a name passed as a pattern, and, within those,
    the operands of ``+`` (a concatenation is one node in ``ast``)."""
    if isinstance(node, ast.Call):
        where = places.of(node)
        func = node.func
        if in_regex and isinstance(func, ast.Attribute) and func.attr == "format":
            # "...".format(...) reaching a regex place: its receiver's
            # f-string parts reach it too, formatted once more.
            yield func.value, True
        else:
            yield func, False
        for index, argument in enumerate(node.args):
            yield argument, where is not None and (where.anywhere or index in where.positions)
        for keyword in node.keywords:
            yield keyword, where is not None and (
                where.anywhere or keyword.arg in where.keywords
            )
        return
    if isinstance(node, ast.keyword) or (
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
    ):
        yield from ((child, in_regex) for child in ast.iter_child_nodes(node))
        return
    if isinstance(node, ast.JoinedStr):
        # ast merges plain strings concatenated with f-strings into the
        # f-string: its text parts are those plain strings too.
        for child in node.values:
            yield child, in_regex and isinstance(child, ast.Constant)
        return
    if isinstance(node, ast.FormattedValue):
        # A format spec's fields are no f-string's own (the detector reads
        # only an f-string's top-level fields): only what they hold.
        yield node.value, False
        spec = node.format_spec
        if isinstance(spec, ast.JoinedStr):
            yield from ((child, False) for child in spec.values)
        return
    names = _assigned_names(node) if isinstance(node, (ast.Assign, ast.AnnAssign)) else ()
    if names:
        value = node.value  # type: ignore[attr-defined]  # Assign or AnnAssign
        # A name also formatted holds a template, not a regex (unless the
        # value is itself formatted: "...".format(...) gives the regex).
        formatted = isinstance(value, ast.Call) and _callee_attribute(value) == "format"
        pattern = any(name in patterns and (formatted or name not in templates) for name in names)
        yield from ((child, child is value and pattern) for child in ast.iter_child_nodes(node))
        return
    yield from ((child, False) for child in ast.iter_child_nodes(node))


def _looks_fine_in_source(node: ast.JoinedStr, literals: Literals) -> bool:
    """Whether the f-string ``node``, read from its source, has no field
    that may be a swallowed quantifier by look (False when it cannot be
    read so)."""
    twin = literals.twin(node)
    return twin is not None and not _may_report(twin, False, True)


def lines_worth_parsing(
    tree: ast.AST, lines: Collection[int], places: CallPlaces, source: str
) -> set[int]:
    """The lines of the nodes, among the statements covering ``lines``,
    that may hold a finding (empty: none may).

    ``places`` says where the calls to each function name may take a regex
    (aliases included); a literal is "maybe a regex" when it is such an
    argument, or is assigned to a name that some call in ``source`` passes
    as a pattern, as a whole or as an operand of ``+``: the places where
    the detector looks.
    """
    line_set = LineSet(lines)
    statements = list(_covering(ast.iter_child_nodes(tree), line_set))
    facts = _NameFacts(tree, _mentions(statements, source, line_set), source, places)
    patterns, templates = facts.patterns, facts.templates()
    found: set[int] = set()
    # (node, whether it may reach a regex place, the line to name, whether
    # its children's positions can be trusted)
    stack = [(node, False, getattr(node, "lineno", 0), True) for node in statements]
    literals = Literals(source)
    while stack:
        node, in_regex, line, placed = stack.pop()
        # The screens read values, the detector the source: they agree for
        # an exact literal (literals.py), asked only where a screen reads
        # one (a regex place, or an f-string's look).
        exact = True
        if type(node) in _SCREENS and (in_regex or isinstance(node, ast.JoinedStr)):
            exact = placed and literals.exact(node)
        if _may_report(node, in_regex, exact) and not (
            # An f-string's look, read again from its source (when its
            # position can be trusted): the detector's reading.
            placed and not exact and not in_regex and isinstance(node, ast.JoinedStr)
            and _looks_fine_in_source(node, literals)
        ) or _holds_a_template(node, templates, literals, placed):
            found.add(line)
            continue
        # Positions inside f-strings are unreliable before 3.12: look at the
        # whole literal, nested f-strings included, at the literal's line.
        children_placed = placed and not isinstance(node, ast.JoinedStr)
        first = getattr(node, "lineno", None)
        # Within a node on one line every child covers that line; across
        # lines, only the children covering a candidate line are looked at.
        last = getattr(node, "end_lineno", None) or first
        spans_lines = (
            children_placed and first is not None and last is not None and last > first
        )
        for child, child_in_regex in _children(node, in_regex, places, patterns, templates):
            if isinstance(child, _INERT):
                continue
            if not children_placed:
                stack.append((child, child_in_regex, line, False))
            elif not (spans_lines or isinstance(child, ast.stmt)) or any(
                _covering([child], line_set)
            ):
                stack.append((child, child_in_regex, getattr(child, "lineno", line), True))
    return found


def screened_lines(
    source: str,
    places: Optional[RegexPlaces],
    tree: Optional[ast.AST],
    lines: Collection[int],
) -> Collection[int]:
    """The lines, among the statements covering the candidate ``lines``,
    where a finding may be: libcst needs to see only the statements that
    cover them (empty: no finding of any code). All of ``lines`` when there
    is no tree to look at (newer syntax than this Python's, for libcst to
    decide)."""
    if tree is None:
        return lines
    from flake8_fstring_regex.regex_names import DEFAULT_FUNCTIONS, CallPlaces

    functions = places.functions if places is not None else DEFAULT_FUNCTIONS
    return lines_worth_parsing(tree, lines, CallPlaces(functions, source), source)


def may_hold_finding(
    source: str,
    places: Optional[RegexPlaces],
    tree: Optional[ast.AST],
    lines: Collection[int],
) -> bool:
    """False when the statements covering the candidate ``lines`` cannot
    hold any finding of any code."""
    return bool(screened_lines(source, places, tree, lines))
