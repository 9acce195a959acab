"""The ``ast`` gate, between the text gate and libcst.

The text gate names candidate lines; this walks only the statements that
cover them, in the ``ast`` tree (flake8 already has one; elsewhere CPython's
parser builds it far faster than libcst), and asks every rule family whether
a node may hold one of its findings. Each family's screen is a superset of
its libcst rule, so a False is always safe.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.rules.format_template.gates import is_template_call
from flake8_fstring_regex.source import LineSet

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces


def _may_report(node: ast.AST, in_regex: bool) -> bool:
    return any(family.screen(node, in_regex) for family in FAMILIES)


def _callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _covering(nodes: Iterator[ast.AST], lines: LineSet) -> Iterator[ast.AST]:
    for node in nodes:
        first = getattr(node, "lineno", None)
        if first is None:
            yield node  # no position (arguments, comprehension...): look inside
            continue
        last = getattr(node, "end_lineno", None) or first
        if lines.any_within(first, last):
            yield node


def worth_parsing(
    tree: ast.AST, lines: Collection[int], regex_callees: Collection[str], source: str
) -> bool:
    """Whether the statements covering ``lines`` may hold a finding.

    ``regex_callees`` are the last names of every function that may take a
    regex (aliases included); a literal is "maybe a regex" when it sits in a
    call to one of them, or is assigned to a name used again in ``source``.
    """
    line_set = LineSet(lines)
    stack = [(node, False) for node in _covering(ast.iter_child_nodes(tree), line_set)]
    while stack:
        node, in_regex = stack.pop()
        if isinstance(node, ast.JoinedStr):
            # Positions inside f-strings are unreliable before 3.12: check
            # the whole literal, nested f-strings included.
            if any(_may_report(inner, in_regex) for inner in ast.walk(node)):
                return True
            continue
        if _may_report(node, in_regex):
            return True
        children: Iterator[ast.AST] = ast.iter_child_nodes(node)
        if isinstance(node, ast.Call) and is_template_call(node):
            # The literal receiver of .format() is a template, which the
            # families checked above, never a regex itself.
            children = iter([*node.args, *node.keywords])
        elif isinstance(node, ast.Call) and _callee_name(node) in regex_callees:
            in_regex = True
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(source.count(name) > 1 for name in names):
                in_regex = True  # the name may be passed as a pattern elsewhere
        stack.extend((child, in_regex) for child in _covering(children, line_set))
    return False


def may_hold_finding(
    source: str,
    places: Optional[RegexPlaces],
    tree: Optional[ast.AST],
    lines: Collection[int],
) -> bool:
    """False when the statements covering the candidate ``lines`` cannot
    hold any finding of any code (True when there is no tree to look at:
    newer syntax than this Python's, for libcst to decide)."""
    if tree is None:
        return True
    from flake8_fstring_regex.regex_names import DEFAULT_FUNCTIONS, callee_names

    functions = places.functions if places is not None else DEFAULT_FUNCTIONS
    return worth_parsing(tree, lines, callee_names(functions, source), source)
