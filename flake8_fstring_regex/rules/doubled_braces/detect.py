"""FSR003 on the libcst tree: the exact rule, and its edit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import libcst as cst

from flake8_fstring_regex.rules.doubled_braces import FSR003
from flake8_fstring_regex.rules.doubled_braces.gates import doubled_quantifiers, names_a_field
from flake8_fstring_regex.rules.plain_literals import plain_body

if TYPE_CHECKING:
    from flake8_fstring_regex.detect import Collected, Reporter
    from flake8_fstring_regex.findings import Finding


def _in_literal(report: Reporter, literal: cst.SimpleString) -> Iterator[Finding]:
    read = plain_body(literal)
    if read is None:
        return
    opening, body = read
    source = literal.value
    if names_a_field(body):
        return  # timid: {ptr} is a str.format() field, no regex has one
    for start, end, quantifier in doubled_quantifiers(body):
        yield report.finding(
            FSR003, literal, source, opening + start, opening + end,
            fix=quantifier, meant=quantifier,
        )


def detect(collected: Collected, report: Reporter) -> Iterator[Finding]:
    """FSR003 in every plain literal that reaches a regex place."""
    for literal in collected.regexes:
        if isinstance(literal, cst.SimpleString):
            yield from _in_literal(report, literal)
