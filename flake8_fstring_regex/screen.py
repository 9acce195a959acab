"""The ``ast`` gate, between the text gate and libcst.

The text gate names candidate lines; this walks only the statements that
cover them, in the ``ast`` tree (flake8 already has one; elsewhere CPython's
parser builds it far faster than libcst), and asks every rule family whether
a node may hold one of its findings. Each family's screen is a superset of
its libcst rule, so a False is always safe.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Set
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.rules.format_template.gates import held_template_may_report
from flake8_fstring_regex.source import LineSet, nested_statements

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces
    from flake8_fstring_regex.regex_names import PatternPlaces


def _may_report(node: ast.AST, in_regex: bool) -> bool:
    return any(family.screen(node, in_regex) for family in FAMILIES)


def _callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _covering(nodes: Iterable[ast.AST], lines: LineSet) -> Iterator[ast.AST]:
    for node in nodes:
        first = getattr(node, "lineno", None)
        if first is None:
            yield node  # no position (arguments, comprehension...): look inside
            continue
        last = getattr(node, "end_lineno", None) or first
        if lines.any_within(first, last):
            yield node


def _assigned_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id] if node.value is not None else []
    return []


_WORD = re.compile(r"\w+")
# Below this many names, each is looked for on its own.
_FEW_NAMES = 16


def _used_again(statements: Iterable[ast.AST], source: str) -> frozenset[str]:
    """The names assigned in ``statements`` that occur twice or more in
    ``source`` as words: only such a name can be assigned a pattern here and
    passed to a regex function elsewhere. One pass over the source for all."""
    wanted = {name for node in nested_statements(statements) for name in _assigned_names(node)}
    if not wanted:
        return frozenset()
    seen: dict[str, int] = {}
    if len(wanted) <= _FEW_NAMES:
        for name in wanted:
            word = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
            seen[name] = sum(1 for _ in itertools.islice(word.finditer(source), 2))
    else:
        for match in _WORD.finditer(source):
            found = match.group()
            if found in wanted:
                seen[found] = seen.get(found, 0) + 1
    return frozenset(name for name, count in seen.items() if count > 1)


def _string_parts(node: ast.AST) -> Iterator[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _string_parts(node.left)
        yield from _string_parts(node.right)
    else:
        yield node


_FORMATTED_NAME = re.compile(r"(\w+)\s*\.\s*format\b")


def _holds_a_template(node: ast.AST, formatted: Set[str]) -> bool:
    """``NAME = "..."`` with ``NAME.format(...)`` elsewhere (``formatted``:
    names used again and formatted): the detector reads the string as a
    str.format() template when NAME is passed as a pattern."""
    if not any(name in formatted for name in _assigned_names(node)):
        return False
    value = node.value  # type: ignore[attr-defined]  # Assign or AnnAssign
    return any(
        isinstance(part, ast.Constant)
        and isinstance(part.value, str)
        and held_template_may_report(part.value)
        for part in _string_parts(value)
    )


def _children(
    node: ast.AST, in_regex: bool, places: Mapping[str, PatternPlaces], used_again: Set[str]
) -> Iterator[tuple[ast.AST, bool]]:
    """Each child of ``node``, and whether it may reach a regex place as the
    detector decides: a call's pattern argument (by position or keyword),
    the value of an assignment to a name used again, and, within those,
    the operands of ``+`` (a concatenation is one node in ``ast``)."""
    if isinstance(node, ast.Call):
        where = places.get(_callee_name(node))
        yield node.func, False
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
    names = _assigned_names(node)
    if names:
        value = node.value  # type: ignore[attr-defined]  # Assign or AnnAssign
        pattern = any(name in used_again for name in names)
        yield from ((child, child is value and pattern) for child in ast.iter_child_nodes(node))
        return
    yield from ((child, False) for child in ast.iter_child_nodes(node))


def lines_worth_parsing(
    tree: ast.AST, lines: Collection[int], places: Mapping[str, PatternPlaces], source: str
) -> set[int]:
    """The lines of the nodes, among the statements covering ``lines``,
    that may hold a finding (empty: none may).

    ``places`` says where the calls to each function name may take a regex
    (aliases included); a literal is "maybe a regex" when it is such an
    argument, or is assigned to a name used again in ``source``, as a whole
    or as an operand of ``+``: the places where the detector looks.
    """
    line_set = LineSet(lines)
    statements = list(_covering(ast.iter_child_nodes(tree), line_set))
    used_again = _used_again(statements, source)
    formatted = used_again & set(_FORMATTED_NAME.findall(source)) if used_again else set()
    found: set[int] = set()
    stack = [(node, False, getattr(node, "lineno", 0)) for node in statements]
    while stack:
        node, in_regex, line = stack.pop()
        if _may_report(node, in_regex) or _holds_a_template(node, formatted):
            found.add(line)
            continue
        # Positions inside f-strings are unreliable before 3.12: look at the
        # whole literal, nested f-strings included, at the literal's line.
        positioned = line == getattr(node, "lineno", None) and not isinstance(node, ast.JoinedStr)
        for child, child_in_regex in _children(node, in_regex, places, used_again):
            if not positioned:
                stack.append((child, child_in_regex, line))
            elif not isinstance(child, ast.stmt) or any(_covering([child], line_set)):
                # Only statements are left out: within one, every
                # expression is looked at (cheaper than asking each).
                stack.append((child, child_in_regex, getattr(child, "lineno", line)))
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
    from flake8_fstring_regex.regex_names import DEFAULT_FUNCTIONS, pattern_places

    functions = places.functions if places is not None else DEFAULT_FUNCTIONS
    return lines_worth_parsing(tree, lines, pattern_places(functions, source), source)


def may_hold_finding(
    source: str,
    places: Optional[RegexPlaces],
    tree: Optional[ast.AST],
    lines: Collection[int],
) -> bool:
    """False when the statements covering the candidate ``lines`` cannot
    hold any finding of any code."""
    return bool(screened_lines(source, places, tree, lines))
