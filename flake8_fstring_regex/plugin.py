"""The flake8 front end: a thin shell around the shared detector.

flake8 classifies plugins by their constructor's parameter names: taking
``tree`` makes this a tree plugin, ``lines`` gives the source without opening
the file (so ``flake8 -`` and editors work). libcst is imported only when the
text pre-filter says a file may hold a finding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_fstring_regex import __version__
from flake8_fstring_regex.prefilter import may_hold_finding

Result = tuple[int, int, str, type]


class Plugin:
    """flake8 entry point for the ``FSR`` codes."""

    name = "flake8-fstring-regex"
    version = __version__

    __slots__ = ("_tree", "_lines")

    def __init__(self, tree: ast.AST, lines: list[str], filename: str) -> None:
        self._tree = tree
        self._lines = lines

    def run(self) -> Iterator[Result]:
        source = "".join(self._lines)
        if not may_hold_finding(source):
            return
        from flake8_fstring_regex.detect import ParseFailure, find_in_source

        try:
            _, findings = find_in_source(source, tree=self._tree)
        except ParseFailure:
            return  # flake8 reports syntax errors itself (E999)
        for finding in findings:
            yield finding.line, finding.column, finding.message, type(self)
