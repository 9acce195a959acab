"""Audit the fast paths: the gates never hide a finding.

The text gate, the ast screen and the reduced libcst input may only answer
"no finding possible" where the detector, run on the whole module, finds
nothing. For every Python file under the given trees (default: this
Python's standard library and site-packages) the detector runs both ways,
and the two must report the same findings at the same places with the same
replacements. libcst parses every file whole, so this is slow (tens of
milliseconds a file): a campaign, not a test.

    python -m bench.correctness.gate_audit [DIR ...] [-j N]

Exit status: 0 when both ways agree on every file, 1 when they differ on
one (each difference is printed), 2 for bad arguments.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from bench._cli import OneLineErrorParser, positive_int
from bench.correctness.campaign.tree import default_roots
from flake8_fstring_regex.analysis import find_through_gates
from flake8_fstring_regex.files import discover, read_source
from flake8_fstring_regex.source import InputError, decode_source

if TYPE_CHECKING:
    from flake8_fstring_regex.findings import Finding

PROG = "python -m bench.correctness.gate_audit"

Place = tuple[int, int, str, str]  # line, column, code, replacement


@dataclass
class FileVerdict:
    """One file audited: what each way found, or why it could not say."""

    path: str
    gated: list[Place] = field(default_factory=list)
    whole: list[Place] = field(default_factory=list)
    unreadable: Optional[str] = None  # cannot be read or decoded
    whole_failure: Optional[str] = None  # libcst cannot parse the whole module
    gated_failure: Optional[str] = None

    @property
    def differs(self) -> bool:
        if self.unreadable is not None:
            return False
        if self.whole_failure is not None:
            return False  # nothing to compare with (counted apart)
        return self.gated_failure is not None or self.gated != self.whole


def _places(findings: Sequence[Finding]) -> list[Place]:
    return sorted((f.line, f.column, f.code, f.edit.text if f.edit else "") for f in findings)


def audit_file(path: str) -> FileVerdict:
    """Run the detector through the gates and on the whole module."""
    from flake8_fstring_regex.detect import ParseFailure, find_in_source

    verdict = FileVerdict(path)
    try:
        text, _ = decode_source(read_source(path))
    except InputError as error:
        verdict.unreadable = str(error)
        return verdict
    try:
        verdict.whole = _places(find_in_source(text))
    except ParseFailure as failure:
        verdict.whole_failure = str(failure)
    try:
        verdict.gated = _places(find_through_gates(text)[0])
    except InputError as error:
        verdict.gated_failure = str(error)
    return verdict


@dataclass
class AuditReport:
    files: int = 0
    with_findings: int = 0
    findings: int = 0
    unreadable: int = 0
    whole_failures: int = 0
    differences: list[FileVerdict] = field(default_factory=list)
    seconds: float = 0.0


def run_audit(roots: Sequence[str], jobs: int) -> AuditReport:
    report = AuditReport()
    started = time.perf_counter()
    paths = list(discover(roots))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for verdict in pool.map(audit_file, paths, chunksize=16):
            report.files += 1
            if verdict.unreadable is not None:
                report.unreadable += 1
            elif verdict.whole_failure is not None:
                report.whole_failures += 1
            if verdict.whole:
                report.with_findings += 1
                report.findings += len(verdict.whole)
            if verdict.differs:
                report.differences.append(verdict)
    report.seconds = time.perf_counter() - started
    return report


def describe(verdict: FileVerdict) -> str:
    if verdict.gated_failure is not None:
        return f"{verdict.path}: the gated way failed ({verdict.gated_failure})"
    hidden = [p for p in verdict.whole if p not in verdict.gated]
    extra = [p for p in verdict.gated if p not in verdict.whole]
    return f"{verdict.path}: hidden by the gates {hidden}; only through the gates {extra}"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = OneLineErrorParser(
        prog=PROG,
        description="Check that the fast paths (text gate, ast screen, reduced libcst "
        "input) report exactly what the detector reports on whole modules.",
    )
    parser.add_argument(
        "roots", nargs="*", metavar="DIR",
        help="trees to audit (default: this Python's standard library and site-packages)",
    )
    parser.add_argument(
        "-j", "--jobs", type=positive_int, default=os.cpu_count() or 1,
        help="processes to use (default: every core)",
    )
    args = parser.parse_args(argv)
    roots = args.roots or [str(root) for root in default_roots()]
    missing = [root for root in roots if not os.path.isdir(root)]
    if missing:
        parser.error(f"not a directory: {missing[0]}")
    report = run_audit(roots, args.jobs)
    for verdict in report.differences:
        print(describe(verdict))
    print(
        f"{report.files} files in {report.seconds:.0f} s: {report.findings} findings in "
        f"{report.with_findings} files, the same through the gates and on whole modules "
        f"in all but {len(report.differences)} files; {report.unreadable} unreadable, "
        f"{report.whole_failures} that libcst cannot parse whole"
    )
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
