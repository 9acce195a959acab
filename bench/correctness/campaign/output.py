"""What the campaign prints for each tree, its closing line, and its JSON."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from bench.correctness.campaign.invariants import INVARIANTS
from bench.correctness.campaign.records import CorpusReport

_NUMBER = re.compile(r"(?<![\w-])(?:0x[0-9a-fA-F]+|\d+(?::\d+)?)(?![\w])")


def reason_kind(reason: str) -> str:
    """An error reason with its numbers (bytes, offsets, positions) blanked."""
    return _NUMBER.sub("N", reason)


def known_failure_lines(report: CorpusReport) -> list[str]:
    """For each invariant marked as known to fail: how often it failed here,
    or that it held (then its mark can go)."""
    lines = []
    counts = Counter(v.kind for v in report.known_violations)
    for invariant in INVARIANTS:
        if not invariant.known_failure:
            continue
        if counts[invariant.name]:
            verdict = f"{counts[invariant.name]} violation(s), known ({invariant.known_failure})"
        elif report.rewritten:
            verdict = "held on every rewritten file: its known-failure mark can go"
        else:
            verdict = "not exercised (no file rewritten)"
        lines.append(f"   known to fail: {invariant.name}: {verdict}")
    return lines


def summary(report: CorpusReport) -> str:
    """The lines printed for one tree."""
    codes = Counter(f.code for f in report.findings)
    files_with = len({f.path for f in report.findings})
    lines = [f"== {report.root}"]
    if report.python:
        lines.append(f"   errors judged by: {report.python}")
    lines += [
        f"   files:      {report.files} .py ({report.checked} checked,"
        f" {len(report.not_reached)} not reached, {len(report.set_aside)} set aside;"
        f" {len(report.named_only)} only because their directory was named)",
        f"   findings:   {len(report.findings)} in {files_with} file(s)"
        + (" (" + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())) + ")" if codes else ""),
        f"   rewritten:  {len(report.rewritten)}",
        f"   errors:     {len(report.errors)}",
    ]
    by_kind = Counter(reason_kind(e.reason) for e in report.errors)
    for kind, count in sorted(by_kind.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"      {count:5d}  {kind}")
    if report.findings:
        lines.append("   before --fix, the files with findings got: " + "; ".join(report.identity))
    lines += [
        f"   violations: {len(report.violations)}",
        *known_failure_lines(report),
        f"   crashes:    {len(report.crashes)}",
        f"   time:       {report.seconds:.1f} s",
    ]
    for finding in report.findings:
        lines.append(
            f"   finding  {finding.path}:{finding.line}:{finding.column}: {finding.code}"
            f"  {finding.snippet}"
        )
    for error in report.errors:
        verdict = {
            None: "not judged",
            True: "CPython compiles it",
            False: f"CPython rejects it too ({error.compile_error})",
        }[error.compiles]
        lines.append(f"   error    {error.path}: {error.reason}  [{verdict}]")
    for path in report.not_reached:
        lines.append(f"   not reached  {path}")
    for crash in report.crashes:
        culprits = ", ".join(crash.files) or "not reproducible on a subset"
        lines.append(f"   CRASH    {crash.phase}: {crash.reason}; file(s): {culprits}")
    for violation in report.violations:
        where = f"{violation.path}: " if violation.path else ""
        lines.append(f"   VIOLATION  {where}{violation.kind}: {violation.detail}")
    for violation in report.known_violations:
        where = f"{violation.path}: " if violation.path else ""
        lines.append(f"   known      {where}{violation.kind}: {violation.detail}")
    return "\n".join(lines) + "\n"


def totals(reports: Sequence[CorpusReport]) -> str:
    """The closing line."""
    return (
        f"== total: {len(reports)} tree(s), {sum(r.files for r in reports)} .py files,"
        f" {sum(len(r.findings) for r in reports)} findings,"
        f" {sum(len(r.rewritten) for r in reports)} rewritten,"
        f" {sum(len(r.errors) for r in reports)} errors,"
        f" {sum(len(r.violations) for r in reports)} violations"
        f" (and {sum(len(r.known_violations) for r in reports)} known),"
        f" {sum(len(r.crashes) for r in reports)} crashes,"
        f" {sum(r.seconds for r in reports):.1f} s\n"
    )


def json_document(reports: Sequence[CorpusReport]) -> dict[str, Any]:
    """Everything, for tools."""
    return {
        "python": sys.version.split()[0],
        "failed": any(r.failed for r in reports),
        "invariants": [asdict(invariant) for invariant in INVARIANTS],
        "corpora": [asdict(r) for r in reports],
    }
