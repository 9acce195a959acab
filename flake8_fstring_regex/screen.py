"""The second fast path: an ``ast`` screen between the text and libcst.

The text pre-filter names candidate lines; this walks only the statements
that cover them, in the ``ast`` tree (flake8 already has one; elsewhere
CPython's parser builds it far faster than libcst). It answers the same
question, "can this file hold a finding?", with a superset of the detector's
rules, so a False is always safe and libcst parses only files that are very
likely to hold a finding.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from flake8_fstring_regex.line_set import LineSet
from flake8_fstring_regex.quantifier import (
    doubled_quantifiers,
    ends_in_regex_syntax,
    field_quantifier,
    format_fields,
)


def _is_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def _has_text(node: ast.JoinedStr) -> bool:
    return any(isinstance(value, ast.Constant) for value in node.values)


def _fstring_may_report(node: ast.JoinedStr, in_regex: bool) -> bool:
    previous: object = None
    for value in node.values:
        before, previous = previous, value
        if not isinstance(value, ast.FormattedValue):
            continue
        if value.conversion != -1 or value.format_spec is not None:
            continue
        inner = value.value
        if isinstance(inner, ast.Tuple) and 1 <= len(inner.elts) <= 2:
            if all(_is_int(e) for e in inner.elts) and (in_regex or _has_text(node)):
                return True  # FSR002: in a regex, or in any f-string with text
        elif _is_int(inner):
            if in_regex:
                return True
            if isinstance(before, ast.Constant) and isinstance(before.value, str):
                if ends_in_regex_syntax(before.value, raw=True):
                    return True
    return False


def _template_may_report(call: ast.Call) -> bool:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "format"):
        return False
    template = func.value
    if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
        return False
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return False
    import string

    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template.value)]
    except ValueError:
        return False  # str.format() would raise anyway; libcst agrees it is no template
    names = [name for name in fields if name is not None]
    positional = 0 if any(name == "" for name in names) else len(call.args)
    return any(field_quantifier(name, positional) is not None for name in names)


def _is_template_call(node: ast.Call) -> bool:
    """``"literal".format(...)``"""
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    )


def _callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _literal_may_report(node: ast.AST, in_regex: bool) -> bool:
    """Checks on one node of a subtree that may be (part of) a regex."""
    if isinstance(node, ast.JoinedStr):
        return _fstring_may_report(node, in_regex)
    if isinstance(node, ast.Call):
        return _template_may_report(node)
    if in_regex and isinstance(node, ast.Constant) and isinstance(node.value, str):
        if any(inside[:1].isidentifier() for _, _, inside in format_fields(node.value)):
            return False  # a {name} field: a str.format() template, never FSR003
        return any(True for _ in doubled_quantifiers(node.value))
    return False


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
            if any(_literal_may_report(inner, in_regex) for inner in ast.walk(node)):
                return True
            continue
        if _literal_may_report(node, in_regex):
            return True
        children: Iterator[ast.AST] = ast.iter_child_nodes(node)
        if isinstance(node, ast.Call) and _is_template_call(node):
            # The literal receiver of .format() is a template, which
            # _literal_may_report checked above, never a regex itself.
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
