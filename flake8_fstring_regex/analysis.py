"""The one pipeline: source to findings, and findings to fixed bytes.

The plugin, the command line, the codemod and bench's gate audit all call
:func:`find_through_gates` (the plugin directly, the others through
:func:`analyse`). No printing, no file system.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.noqa import exempts_file
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.screen import may_hold_finding
from flake8_fstring_regex.source import InputError, decode_source, parse_ast

if TYPE_CHECKING:
    from flake8_fstring_regex.findings import Finding
    from flake8_fstring_regex.regex_calls import RegexPlaces

# A literal nested in another literal's field is fixed one pass later.
_MAX_PASSES = 3

# ``tree`` when the caller has not parsed the text yet.
_NOT_PARSED = ast.Module(body=[], type_ignores=[])


def find_through_gates(
    text: str,
    places: Optional[RegexPlaces] = None,
    *,
    tree: Optional[ast.AST] = _NOT_PARSED,
) -> tuple[list[Finding], bool]:
    """Every finding in ``text`` (before selection and noqa), through the
    fast paths: the text gate, the ``ast`` screen, libcst on the statements
    that matter. Also says whether ``ast`` parsed the text.

    ``tree`` is the text's ``ast`` tree when the caller has one (flake8
    does), or None when this Python cannot parse it. Raises InputError (one
    line) when libcst cannot parse what it is given.

    bench's gate audit checks this gives what the detector gives on the
    whole module.
    """
    lines = candidate_lines(text, places)
    if not lines:
        return [], False
    if tree is _NOT_PARSED:
        try:
            tree = parse_ast(text)
        except (RecursionError, MemoryError):
            tree = None  # the nesting guard below refuses it with a clear message
    if tree is not None and not may_hold_finding(text, places, tree, lines):
        return [], True
    from flake8_fstring_regex.detect import ParseFailure, find_in_source
    from flake8_fstring_regex.regex_calls import DEFAULT_PLACES

    try:
        found = find_in_source(text, places or DEFAULT_PLACES, tree=tree, lines=lines)
    except ParseFailure as failure:
        raise InputError(str(failure)) from None
    return found, tree is not None


@dataclass
class Analysis:
    """What one source holds: the findings to report and fix, and how many
    others are left alone (not selected, or under ``# noqa``)."""

    data: bytes
    text: str = ""
    encoding: str = "utf-8"
    findings: list[Finding] = field(default_factory=list)
    left_alone: int = 0
    places: Optional[RegexPlaces] = None
    select: Sequence[str] = ("FSR",)
    ignore: Sequence[str] = ()
    parsed_by_ast: bool = False

    def fixed(self) -> bytes:
        """The source with every reported finding fixed.

        Raises FixFailure when the result would not parse, when a finding it
        was asked to fix remains, or when the text cannot be re-encoded to
        exactly the original bytes outside the edits.
        """
        from flake8_fstring_regex.fix import FixFailure, fix_text

        if not self.findings:
            return self.data
        if self.text.encode(self.encoding) != self.data:
            raise FixFailure(
                f"cannot re-encode the file exactly as {self.encoding}; left unchanged"
            )
        current = self
        for _ in range(_MAX_PASSES):
            edits = [f.edit for f in current.findings if f.edit is not None]
            new_text = fix_text(current.text, edits)
            if self.parsed_by_ast and parse_ast(new_text) is None:
                raise FixFailure("the fix would not parse; left unchanged")
            try:
                current = analyse(
                    new_text.encode(self.encoding), places=self.places,
                    select=self.select, ignore=self.ignore,
                )
            except InputError as error:
                raise FixFailure(f"the fix would not parse ({error}); left unchanged") from None
            if not current.findings:
                break
        if current.findings or current.left_alone != self.left_alone:
            raise FixFailure("the fix would leave findings behind; left unchanged")
        return current.data


def analyse(
    data: bytes,
    *,
    places: Optional[RegexPlaces] = None,
    select: Sequence[str] = ("FSR",),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Findings in ``data`` that are selected and not under ``# noqa``
    (flake8's rules, noqa.py).

    Raises InputError (one line) when the source cannot be decoded or parsed.
    """
    text, encoding = decode_source(data)
    result = Analysis(data, text, encoding, places=places, select=select, ignore=ignore)
    if exempts_file(text):  # "# flake8: noqa": flake8 skips the whole file
        return result
    found, result.parsed_by_ast = find_through_gates(text, places)
    if not found:
        return result
    from flake8_fstring_regex.noqa import unsuppressed

    result.findings = unsuppressed(
        text,
        [
            f
            for f in found
            if f.code.startswith(tuple(select))
            and not (ignore and f.code.startswith(tuple(ignore)))
        ],
    )
    result.left_alone = len(found) - len(result.findings)
    return result
