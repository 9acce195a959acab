"""A file with very many candidate statements, a group at a time.

``ast`` costs about ten kilobytes a statement and libcst tens: checked
whole, a generated module of 16,000 findings takes a gigabyte. When more
than ``GROUP_SIZE`` top-level statements cover candidate lines, the
command (flake8 hands the plugin its own tree) takes them a group at a
time, in at most ``MOST_GROUPS`` groups: each group's statements are parsed
with ``ast`` together with the module's imports and the statements that
mention a name they assign (the same context statements.partial_tree
gives), screened, and given to libcst; then the group's trees are dropped
and only its findings kept. A statement's findings depend on nothing else
(see reduce.py), so the findings are those of the whole file.

At most ``MOST_GROUPS`` groups, because a few steps of each group read the
whole text (the screen's word counts, the reduction's line table): reading
it a bounded number of times keeps the whole linear.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.source import word_counts
from flake8_fstring_regex.statements import (
    Unsure,
    assigned_names,
    pieces_of,
    word_lines,
)

if TYPE_CHECKING:
    from flake8_fstring_regex.findings import Finding
    from flake8_fstring_regex.regex_calls import RegexPlaces

# More top-level statements with candidates than this: a group at a time.
GROUP_SIZE = 200
MOST_GROUPS = 16


def _groups(indexes: Sequence[int]) -> Iterator[Sequence[int]]:
    size = max(GROUP_SIZE, -(-len(indexes) // MOST_GROUPS))
    for start in range(0, len(indexes), size):
        yield indexes[start : start + size]


def find_in_groups(
    text: str, lines: Collection[int], places: Optional[RegexPlaces]
) -> Optional[list[Finding]]:
    """The findings of ``text`` (candidate ``lines``), a group of statements
    at a time; None when the file is not worth it or cannot be taken apart
    (few candidate statements, a scan unsure of where statements start, a
    statement that does not parse): the caller then parses it whole."""
    try:
        pieces = pieces_of(text)
    except Unsure:
        return None
    by_piece: dict[int, list[int]] = {}
    for line in lines:
        by_piece.setdefault(pieces.index_of(line), []).append(line)
    indexes = sorted(by_piece)
    if len(indexes) <= GROUP_SIZE:
        return None
    # A name assigned in a group and mentioned elsewhere brings the
    # statements mentioning it (names that occur once cannot: one count of
    # every word first, in C).
    counts = word_counts(text)
    from flake8_fstring_regex.regex_names import DEFAULT_ROOTS, roots

    imports = pieces.imports(roots(places.functions) if places else DEFAULT_ROOTS)
    found: dict[tuple[int, int, str], Finding] = {}
    for group in _groups(indexes):
        body = pieces.parse_apart(sorted(set(group) | imports))
        if body is None:
            return None  # a syntax error: the whole file's parse reports it
        names = {name for name in assigned_names(body) if counts[name] > 1}
        if names:
            mentions = word_lines(text, names, pieces.lines).values()
            context = {pieces.index_of(line) for found_at in mentions for line in found_at}
            context -= set(group) | imports
            if context:
                more = pieces.parse_apart(context)
                if more is None:
                    return None
                body = sorted(body + more, key=lambda node: node.lineno)
        group_lines = [line for index in group for line in by_piece[index]]
        part = _find_in_group(text, ast.Module(body=body, type_ignores=[]), group_lines, places)
        for finding in part:
            found.setdefault((finding.line, finding.column, finding.code), finding)
    return sorted(found.values(), key=lambda f: (f.line, f.column))


def _find_in_group(
    text: str, tree: ast.Module, lines: Collection[int], places: Optional[RegexPlaces]
) -> list[Finding]:
    from flake8_fstring_regex.detect import find_in_source
    from flake8_fstring_regex.regex_calls import DEFAULT_PLACES
    from flake8_fstring_regex.screen import screened_lines

    worth = screened_lines(text, places, tree, lines)
    if not worth:
        return []
    return find_in_source(text, places or DEFAULT_PLACES, tree=tree, lines=worth)
