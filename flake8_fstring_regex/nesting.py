"""Refuse input nested deeper than libcst can parse without crashing.

libcst's native parser recurses on nesting and can overflow the stack on
pathological input (thousands of nested brackets or chained operators),
which kills the process instead of raising. CPython's own parser raises
cleanly, so the depth is measured on the ``ast`` tree (flake8 hands us one)
and on the brackets of the text, before libcst ever sees the source.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

from flake8_fstring_regex.source import parse_ast

# libcst's Python-side visitors hit RecursionError near 1000 levels anyway;
# CPython itself refuses more than 200 nested brackets.
MAX_DEPTH = 800

_BRACKET = re.compile(r"[()\[\]{}]")


def _bracket_depth_within(text: str, limit: int) -> bool:
    """Bracket nesting of the raw text (strings included: an overestimate)."""
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "([{":
            depth += 1
            if depth > limit:
                return False
        elif depth:
            depth -= 1
    return True


def _tree_depth_within(tree: ast.AST, limit: int) -> bool:
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return True


def nested_too_deeply(text: str, tree: Optional[ast.AST] = None) -> bool:
    """Whether libcst must not be given ``text``."""
    if not _bracket_depth_within(text, MAX_DEPTH):
        return True
    if tree is None:
        try:
            tree = parse_ast(text)
        except (RecursionError, MemoryError):
            return True
    return tree is not None and not _tree_depth_within(tree, MAX_DEPTH)
