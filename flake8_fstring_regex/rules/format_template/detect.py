"""FSR004 on the libcst tree: the exact rule, and its edit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import libcst as cst

from flake8_fstring_regex.rules.format_template import FSR004
from flake8_fstring_regex.rules.format_template.gates import field_quantifier
from flake8_fstring_regex.rules.plain_literals import plain_body
from flake8_fstring_regex.rules.shapes import format_fields

if TYPE_CHECKING:
    from flake8_fstring_regex.detect import Collected, Reporter
    from flake8_fstring_regex.findings import Finding

# An automatic field ({}, {:x}, {!r}, {.a}, {[0]}).
_AUTOMATIC = re.compile(r"[!:.\[]|$")


def _in_template(
    report: Reporter, literal: cst.SimpleString, positional: int
) -> Iterator[Finding]:
    read = plain_body(literal)
    if read is None:
        return
    opening, body = read
    source = literal.value
    fields = list(format_fields(body))
    if any(_AUTOMATIC.match(inside) for _, _, inside in fields):
        # Automatic numbering ({}) cannot mix with {6}: every number is wrong.
        positional = 0
    for start, end, inside in fields:
        meant = field_quantifier(inside, positional)
        if meant is not None:
            yield report.finding(
                FSR004, literal, source, opening + start, opening + end,
                fix="{" + meant + "}", meant=meant,
            )


def detect(collected: Collected, report: Reporter) -> Iterator[Finding]:
    """FSR004 in every str.format() template that reaches a regex place
    (``positional``: the fewest positional arguments it is given)."""
    for template, positional in collected.templates.items():
        if isinstance(template, cst.SimpleString):
            yield from _in_template(report, template, positional)
