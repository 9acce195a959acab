"""The text and ast gates asked together, as the pipeline asks them."""

from __future__ import annotations

from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.screen import may_hold_finding
from flake8_fstring_regex.source import parse_ast


def gates_pass(source: str) -> bool:
    """Whether the gates let ``source`` through to libcst."""
    lines = candidate_lines(source)
    return bool(lines) and may_hold_finding(source, None, parse_ast(source), lines)
