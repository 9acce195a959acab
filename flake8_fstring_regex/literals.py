"""String literals of the ``ast`` tree, read in their source.

The screens read a literal's value; the detector reads its source. The two
agree when the node is one literal (``ast`` merges ``"a" "b"`` into one
constant; libcst keeps the pieces) and its value keeps every character of
its source that a rule reads: a raw literal, or one without a Python escape
(``\\t``, ``\\x7b``, ``\\N{...}``, an octal escape, a quote, a line
continuation). Such a literal is *exact*; any other is read by the screens
as "maybe".
"""

from __future__ import annotations

import ast
import re
from array import array
from bisect import bisect_right
from itertools import accumulate
from typing import Optional

from flake8_fstring_regex.rules.format_template.gates import added_parts
from flake8_fstring_regex.rules.fstring_fields.gates import source_twin
from flake8_fstring_regex.source import line_starts

# A Python escape that gives the value other text than the source: \t,
# \b, \x41, \N{SPACE}, an octal escape, a quote, a backslash before a line
# break (not \\, nor the \d a regex means, which the value keeps).
PYTHON_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[abfnrtvxuUN0-7'\"\r\n]")

# One string literal, whole: its prefix, then its body in one of the groups.
_ONE_LITERAL = re.compile(
    r"([rRbBuUfF]{0,2})"
    r"(?:'''((?:[^\\']|\\[\s\S]|'(?!''))*)'''"
    r'|"""((?:[^\\"]|\\[\s\S]|"(?!""))*)"""'
    r"|'((?:[^\\'\r\n]|\\[\s\S])*)'"
    r'|"((?:[^\\"\r\n]|\\[\s\S])*)")'
)


# What may separate concatenated literals: spaces, line breaks (in
# brackets), continuations, comments.
_BETWEEN_LITERALS = re.compile(r"(?:\s|\\\r?\n|\\\r|#[^\r\n]*)*")


class Literals:
    """The literals of one source: whether each is exact, and its source."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._ascii: dict[int, bool] = {}
        self._widths: dict[int, array[int]] = {}

    def exact(self, node: ast.AST) -> bool:
        """Whether the string values a screen reads in ``node`` (a literal,
        or the template of a ``.format`` call) show their source. Only for
        a node whose position can be trusted."""
        if isinstance(node, ast.Call):
            func = node.func
            if not isinstance(func, ast.Attribute):
                return True
            return all(self.exact(part) for part in added_parts(func.value))
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        ):
            pieces = self.pieces(node)
            return pieces is not None and len(pieces) == 1
        return True

    def pieces(self, node: ast.AST) -> Optional[list[str]]:
        """The source text between the quotes of each literal ``node``
        concatenates (one for a single literal), when each is exact; None
        when one is not, or the source cannot be read so (an f-string whose
        fields hold quotes)."""
        segment = self.segment(node)
        if segment is None:
            return None
        bodies: list[str] = []
        at = 0
        while True:
            literal = _ONE_LITERAL.match(segment, at)
            if literal is None:
                return None
            body = next(group for group in literal.groups()[1:] if group is not None)
            if "r" not in literal.group(1).lower() and PYTHON_ESCAPE.search(body):
                return None
            bodies.append(body)
            at = _BETWEEN_LITERALS.match(segment, literal.end()).end()  # type: ignore[union-attr]
            if at == len(segment):
                return bodies

    def twin(self, node: ast.JoinedStr) -> Optional[ast.JoinedStr]:
        """The f-string ``node`` with its text parts read from the source,
        as the detector reads them (fstring_fields.gates.source_twin)."""
        segment = self.segment(node)
        return source_twin(node, segment) if segment is not None else None

    def segment(self, node: ast.AST) -> Optional[str]:
        """The source text of ``node``."""
        end_line = getattr(node, "end_lineno", None)
        end_column = getattr(node, "end_col_offset", None)
        if end_line is None or end_column is None:
            return None
        start = self._offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        return self.source[start : self._offset(end_line, end_column)]

    def _offset(self, line: int, column: int) -> int:
        """The offset of ``column`` (in UTF-8 bytes, as ``ast`` counts) of
        ``line``: the same number on an ASCII line; on another, found in a
        table of its characters' widths, built once a line."""
        starts = line_starts(self.source)
        start = starts.start_of(line)
        if self._ascii.get(line) is None:
            end = starts.end_of(line)
            text = self.source[start : end if end >= 0 else len(self.source)]
            self._ascii[line] = text.isascii()
            if not self._ascii[line]:
                widths = (len(c.encode("utf-8", "surrogatepass")) for c in text)
                self._widths[line] = array("q", accumulate(widths, initial=0))
        if self._ascii[line]:
            return start + column
        return start + bisect_right(self._widths[line], column) - 1
