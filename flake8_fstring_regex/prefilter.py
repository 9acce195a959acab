"""Cheap text checks that decide a file *cannot* hold a finding.

libcst is an order of magnitude slower than ``ast``; most files never need it.
These checks may only answer "no finding possible" (return False) or "maybe"
(return True): a false "maybe" costs a parse, a false "no" would hide a bug,
so every shortcut here errs towards "maybe". The verdict comes from the tree.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.line_set import LINE_BREAK
from flake8_fstring_regex.nesting import parse_ast

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces

# A replacement field shaped like a quantifier: {6}, { 8 }, {2,4}, {3,}.
# \s also covers newlines, which PEP 701 allows inside a field.
_FIELD = re.compile(r"\{\s*\d+\s*(?:,\s*\d*\s*)?\}")
# An f-string opening quote, with any prefix spelling (f, F, rf, fR, Rf, ...).
_F_OPENING = re.compile(r"(?<![A-Za-z0-9_])(?:[rR]?[fF]|[fF][rR])['\"]")
# A quantifier written with doubled braces, {{6}} or {{2,3}} (FSR003).
_DOUBLED = re.compile(r"\{\{\s*\d+\s*(?:,\s*\d*\s*)?\}\}")
# Words without which no call in the file can take a regex (FSR003/FSR004).
_REGEX_PLACE = re.compile(r"\bre\b|\bregex\b|pytest|re_path|\burl\b|Regex|\.str\.|filter\(")
# How many lines back a multi-line replacement field is looked for.
_FIELD_SPAN_LINES = 20


def _opens_f_string_before(source: str, pos: int) -> bool:
    """Whether an f-string may be open at ``pos``: conservative, text only."""
    line_start = source.rfind("\n", 0, pos) + 1
    # A backslash continuation keeps a single-quoted string open across lines.
    while line_start >= 2 and source[line_start - 2] == "\\":
        line_start = source.rfind("\n", 0, line_start - 1) + 1
    if _F_OPENING.search(source, line_start, pos):
        return True
    # PEP 701 lets a replacement field span lines in any f-string: a line
    # that closes a field before any quote may continue an earlier line's
    # f-string, so look a few lines further back.
    head = source[line_start:pos]
    closing = head.find("}")
    if closing >= 0 and not any(q in head[:closing] for q in "'\""):
        back = line_start
        for _ in range(_FIELD_SPAN_LINES):
            back = source.rfind("\n", 0, max(back - 1, 0)) + 1
        if _F_OPENING.search(source, back, line_start):
            return True
    # Inside a triple-quoted string the opening quote is on an earlier line:
    # look at the nearest triple quote of each kind and its prefix.
    for quote in ('"""', "'''"):
        at = source.rfind(quote, 0, pos)
        if at > 0 and "f" in source[max(0, at - 2) : at].lower():
            return True
    return False


def _line_of(source: str, pos: int) -> int:
    if "\r" in source:  # rare: count every kind of line break, as Python does
        return len(LINE_BREAK.findall(source, 0, pos)) + 1
    return source.count("\n", 0, pos) + 1


def candidate_lines(source: str, places: Optional[RegexPlaces] = None) -> set[int]:
    """Lines that may hold a finding (empty: the source cannot hold one).

    A line number is that of a quantifier-shaped field's opening brace; the
    tree-based screen looks only at the statements covering these lines.
    """
    lines = {
        _line_of(source, m.start())
        for m in _FIELD.finditer(source)
        if _opens_f_string_before(source, m.start())
    }
    # FSR003 needs a doubled-brace quantifier, FSR004 a quantifier-shaped
    # field in a str.format() template; both only where a regex goes.
    plain = {_line_of(source, m.start()) for m in _DOUBLED.finditer(source)}
    if ".format" in source:
        from flake8_fstring_regex.format_text import FormatCalls  # few files need it

        calls = FormatCalls(source)
        plain.update(
            _line_of(source, m.start())
            for m in _FIELD.finditer(source)
            if calls.template_may_report(m)
        )
    if plain and _may_take_a_regex(source, places):
        lines |= plain
    return lines


def _may_take_a_regex(source: str, places: Optional[RegexPlaces]) -> bool:
    if _REGEX_PLACE.search(source):
        return True
    extra = places.functions if places is not None else ()
    return any(name.rsplit(".", 1)[-1] in source for name in extra)


def may_hold_finding(
    source: str,
    places: Optional[RegexPlaces] = None,
    tree: Optional[ast.AST] = None,
    lines: Optional[set[int]] = None,
) -> bool:
    """False when ``source`` cannot hold any finding of any code.

    The text names candidate lines (or ``lines`` were computed already);
    then, when an ``ast`` tree is given or can be built, the screen looks at
    the statements covering them.
    """
    if lines is None:
        lines = candidate_lines(source, places)
    if not lines:
        return False
    if tree is None:
        try:
            tree = parse_ast(source)
        except (RecursionError, MemoryError):
            return True  # the nesting guard refuses it with a clear message
        if tree is None:
            return True  # newer syntax than this Python's: libcst decides
    from flake8_fstring_regex.regex_names import DEFAULT_FUNCTIONS, callee_names
    from flake8_fstring_regex.screen import worth_parsing

    functions = places.functions if places is not None else DEFAULT_FUNCTIONS
    return worth_parsing(tree, lines, callee_names(functions, source), source)
