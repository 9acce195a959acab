"""Per-file work shared by the command line and the codemod: bytes to
findings, and findings to fixed bytes. No printing, no file system."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from flake8_fstring_regex.files import InputError, decode_source
from flake8_fstring_regex.nesting import parse_ast
from flake8_fstring_regex.prefilter import candidate_lines, may_hold_finding

if TYPE_CHECKING:
    import libcst as cst

    from flake8_fstring_regex.finding import Finding
    from flake8_fstring_regex.regex_calls import RegexPlaces

# Python's own line breaks; str.splitlines also splits on \f, \v, \x1c...
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as Python numbers them."""
    return _LINE_BREAK.split(text)


@dataclass
class Analysis:
    """What one source holds: the findings to report and fix, and how many
    others are left alone (not selected, or under ``# noqa``). ``module`` is
    None when the source could not hold a finding and libcst was not needed."""

    data: bytes
    findings: list[Finding] = field(default_factory=list)
    left_alone: int = 0
    module: Optional[cst.Module] = None
    places: Optional[RegexPlaces] = None

    def fixed(self) -> bytes:
        """The source with every reported finding fixed (FixFailure if unsafe)."""
        if self.module is None or not self.findings:
            return self.data
        from flake8_fstring_regex.fix import fix_module
        from flake8_fstring_regex.regex_calls import DEFAULT_PLACES

        fixed = fix_module(
            self.module, self.findings, left_alone=self.left_alone, places=self.places or DEFAULT_PLACES
        )
        return fixed.bytes


def analyse(
    data: bytes,
    *,
    places: Optional[RegexPlaces] = None,
    select: Sequence[str] = ("FSR",),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Findings in ``data`` that are selected and not under ``# noqa``.

    Raises InputError (one line) when the source cannot be decoded or parsed.
    """
    text = decode_source(data)
    if not candidate_lines(text, places):
        return Analysis(data)
    try:
        tree = parse_ast(text)
    except (RecursionError, MemoryError):
        tree = None  # the nesting guard below refuses it with a clear message
    if tree is not None and not may_hold_finding(text, places, tree):
        return Analysis(data)
    from flake8_fstring_regex.detect import ParseFailure, find_in_source
    from flake8_fstring_regex.noqa import is_suppressed
    from flake8_fstring_regex.regex_calls import DEFAULT_PLACES

    try:
        module, found = find_in_source(data, places or DEFAULT_PLACES, text=text, tree=tree)
    except ParseFailure as failure:
        raise InputError(str(failure)) from None
    lines = split_lines(text)
    kept = [
        f
        for f in found
        if f.code.startswith(tuple(select))
        and not (ignore and f.code.startswith(tuple(ignore)))
        and not is_suppressed(f, lines)
    ]
    return Analysis(data, kept, len(found) - len(kept), module, places)
