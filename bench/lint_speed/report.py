"""The lint-speed benchmark's table, its targets and its JSON document."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Optional

from bench.lint_speed.section import Measurement, Row, Section, Verdict, not_run_row

HEADER: Row = ("section", "measurement", "runs", "median", "ratio", "note")
# Each section, and what it measured (None: not selected by --only).
Outcome = tuple[Section, Optional[Measurement]]


def table_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    rows: list[Row] = []
    for section, measured in outcomes:
        rows += [not_run_row(section.name)] if measured is None else measured.rows()
    return rows


def verdicts(outcomes: Sequence[Outcome]) -> list[Verdict]:
    """Every target of every section: PASS, FAIL, or SKIP when not measured."""
    found: list[Verdict] = []
    for section, measured in outcomes:
        found += [t.skip() for t in section.targets] if measured is None else measured.verdicts()
    return found


def format_table(rows: Sequence[Row]) -> list[str]:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER) - 1)]
    lines = []
    for row in [HEADER, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if row is HEADER:
            lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 4)
    return lines


def target_lines(judged: Sequence[Verdict]) -> list[str]:
    width = max(len(verdict.target) for verdict in judged)
    return [
        f"  {v.status:<4}  {v.target:<{width}}  {v.measured}  (target {v.bound})" for v in judged
    ]


def report_lines(title: str, outcomes: Sequence[Outcome]) -> list[str]:
    return [
        title,
        "",
        *format_table(table_rows(outcomes)),
        "",
        "targets:",
        *target_lines(verdicts(outcomes)),
    ]


def sections_document(outcomes: Sequence[Outcome]) -> dict[str, object]:
    """Each section's figures by name, with ``skipped`` telling whether it ran."""
    return {
        section.name: (
            {"skipped": True} if measured is None else {"skipped": False, **asdict(measured)}
        )
        for section, measured in outcomes
    }


def write_json(path: Path, document: Mapping[str, object]) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
