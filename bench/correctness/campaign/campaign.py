"""The four runs over one tree (check, --fix, --fix again, check), the facts
gathered between them, and the invariants they are judged by."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Optional, TextIO

from bench.correctness.campaign import invariants as inv
from bench.correctness.campaign.invariants import Breach
from bench.correctness.campaign.judges import compile_verdicts, corpus_python, read_lines
from bench.correctness.campaign.output import summary
from bench.correctness.campaign.records import (
    CorpusReport,
    Crash,
    ErrorRecord,
    FindingRecord,
    Reported,
    Violation,
)
from bench.correctness.campaign.runs import TOOL, Outcome, run_command
from bench.correctness.campaign.tree import (
    Snapshot,
    changed_files,
    command_roots,
    copy_corpus,
    hard_link_names,
    plant_identity,
    python_files,
    refreshed,
    second_name_entries,
    snapshot,
)
from flake8_fstring_regex.files import discover

_MAX_RESTARTS = 5


class _Restart(Exception):
    """A run crashed and was bisected: set the culprits aside and start over."""

    def __init__(self, culprits: list[str]) -> None:
        super().__init__(culprits)
        self.culprits = culprits


def _snippet(lines: Sequence[str], number: int, width: int = 120) -> str:
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    return text if len(text) <= width else text[: width - 3] + "..."


class CorpusCampaign:
    """The four runs over one tree, and the checks between them."""

    def __init__(
        self,
        root: Path,
        workdir: Path,
        *,
        command: Sequence[str] = TOOL,
        timeout: float = 1800.0,
        judge: bool = True,
    ) -> None:
        self.source = root
        self.workdir = workdir
        self.command = list(command)
        self.timeout = timeout
        self.report = CorpusReport(root=str(root))
        self.python = corpus_python(root) if judge else None
        self.judge = judge
        self.report.python = self.python or ""
        self._scratch = 0
        self._files: list[str] = []  # the .py files of the copy, relative

    # -- helpers

    def _breaches(self, breaches: Iterable[Breach]) -> None:
        for breach in breaches:
            violation = Violation(breach.invariant.name, breach.detail, breach.path)
            if breach.invariant.known_failure:
                self.report.known_violations.append(violation)
            else:
                self.report.violations.append(violation)

    def _fresh_dir(self, stem: str) -> Path:
        self._scratch += 1
        directory = self.workdir / f"{stem}-{self._scratch}"
        directory.mkdir(parents=True)
        return directory

    def _run(self, copy: Path, args: Sequence[str], phase: str, source: Path) -> Outcome:
        """Run one phase; on a crash, bisect it to its file(s) and restart."""
        outcome = run_command(
            self.command, args, copy, cwd=self.workdir, timeout=self.timeout,
            expect_json="--fix" not in args,
        )
        if outcome.crash:
            culprits = self._bisect(list(self._files), args, source)
            self.report.crashes.append(Crash(phase, outcome.crash, culprits))
            raise _Restart(culprits)
        self._breaches(inv.stderr_clean(phase, outcome.stray_lines))
        return outcome

    def _crashes(self, files: Sequence[str], args: Sequence[str], source: Path) -> bool:
        scratch = self._fresh_dir("bisect")
        try:
            for relative in files:
                (scratch / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / relative, scratch / relative)
            outcome = run_command(
                self.command, args, scratch, cwd=self.workdir, timeout=self.timeout,
                expect_json="--fix" not in args,
            )
            return bool(outcome.crash)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _bisect(self, files: list[str], args: Sequence[str], source: Path) -> list[str]:
        """The smallest run of files found that still crashes ([] if none does)."""
        if not self._crashes(files, args, source):
            return []
        while len(files) > 1:
            middle = len(files) // 2
            if self._crashes(files[:middle], args, source):
                files = files[:middle]
            elif self._crashes(files[middle:], args, source):
                files = files[middle:]
            else:
                break  # it takes files from both halves
        return files

    def _expect_status(self, outcome: Outcome, phase: str, changed: bool) -> None:
        self._breaches(inv.exit_status(phase, outcome.status, bool(outcome.errors), changed))

    def _tree_kept(self, phase: str, before: Snapshot, after: Snapshot) -> set[str]:
        """The files whose content changed; any other change is a violation."""
        self._breaches(inv.no_file_appears(phase, before, after))
        self._breaches(inv.no_file_vanishes(phase, before, after))
        self._breaches(inv.kind_and_mode_kept(phase, before, after))
        return changed_files(before, after)

    # -- the campaign

    def run(self) -> CorpusReport:
        start = time.perf_counter()
        for _ in range(_MAX_RESTARTS + 1):
            copy = self._fresh_dir("corpus")
            copy_corpus(self.source, copy, self.report.set_aside)
            try:
                self._campaign(copy)
                break
            except _Restart as restart:
                if not restart.culprits:
                    break  # not reproducible file by file: reported, nothing to set aside
                self.report.set_aside += restart.culprits
                self._reset()
            finally:
                shutil.rmtree(copy, ignore_errors=True)
                shutil.rmtree(self._second_names_dir(copy), ignore_errors=True)
        self.report.seconds = time.perf_counter() - start
        return self.report

    def _reset(self) -> None:
        """Forget a partial run; crashes and files set aside are kept."""
        kept = (self.report.crashes, self.report.set_aside)
        self.report = CorpusReport(root=self.report.root, python=self.report.python)
        self.report.crashes, self.report.set_aside = kept

    @staticmethod
    def _second_names_dir(copy: Path) -> Path:
        return copy.with_name(copy.name + "-second-names")

    def _reached(self, copy: Path, roots: Sequence[str]) -> set[str]:
        real_copy = os.path.realpath(copy)
        return {os.path.relpath(os.path.realpath(path), real_copy) for path in discover(roots)}

    def _campaign(self, copy: Path) -> None:
        report = self.report
        before = snapshot(copy)
        files = self._files = python_files(before, copy)
        report.files = len(files)
        reached = self._reached(copy, command_roots(copy))
        # A file reached under another name (a symbolic or hard link) is reached.
        linked = {f for f in files if os.path.islink(copy / f)} | hard_link_names(before, reached)
        report.not_reached = [f for f in files if f not in reached and f not in linked]
        report.checked = report.files - len(report.not_reached)
        report.named_only = sorted(reached - self._reached(copy, [str(copy)]))

        check = self._run(copy, ["--format", "json"], "check", self.source)
        self._expect_status(check, "check", bool(check.findings))
        self._record_findings(copy, check)
        self._record_errors(check)
        with_findings = {f.path for f in check.findings}

        planted = plant_identity(copy, sorted(with_findings), self._second_names_dir(copy))
        report.identity = planted.describe()
        before = refreshed(before, copy, planted.second_names)

        fix = self._run(copy, ["--fix"], "fix", self.source)
        after_fix = snapshot(copy)
        self._expect_status(fix, "fix", bool(fix.rewritten))
        changed = self._tree_kept("first --fix", before, after_fix)
        report.rewritten = sorted(changed)
        refused = inv.refused(check.errors, fix.errors)
        self._breaches(inv.only_files_with_findings(changed, with_findings))
        self._breaches(inv.rewrites_announced(fix.rewritten, changed))
        self._breaches(inv.fix_not_refused(check.errors, fix.errors))
        self._breaches(inv.every_finding_fixed(with_findings, changed, refused))
        self._same_errors("first --fix", check.errors, fix.errors)
        self._breaches(inv.links_kept(before, after_fix, second_name_entries(planted)))
        self._breaches(inv.owner_kept(before, after_fix))
        self._breaches(inv.xattrs_kept(before, after_fix))
        self._check_rewritten(copy, sorted(changed & with_findings), check.findings)

        again = self._run(copy, ["--fix"], "second fix", copy)
        after_again = snapshot(copy)
        self._expect_status(again, "second fix", bool(again.rewritten))
        self._breaches(
            inv.second_fix_changes_nothing(self._tree_kept("second --fix", after_fix, after_again))
        )
        self._breaches(inv.second_fix_silent(again.rewritten))
        self._same_errors("second --fix", fix.errors, again.errors)

        recheck = self._run(copy, ["--format", "json"], "check after fix", copy)
        self._expect_status(recheck, "check after fix", bool(recheck.findings))
        self._breaches(inv.nothing_left(recheck.findings, refused))
        self._same_errors("check after fix", check.errors, recheck.errors)

    def _same_errors(
        self, phase: str, first: dict[str, str], second: dict[str, str]
    ) -> None:
        self._breaches(inv.errors_repeated(phase, first, second))
        self._breaches(inv.no_new_error(phase, first, second))

    def _record_findings(self, copy: Path, check: Outcome) -> None:
        lines: dict[str, list[str]] = {}
        for finding in check.findings:
            if finding.path not in lines:
                lines[finding.path] = read_lines((copy / finding.path).read_bytes())
            self.report.findings.append(
                FindingRecord(
                    path=finding.path,
                    line=finding.line,
                    column=finding.column,
                    code=finding.code,
                    message=finding.message,
                    replacement=finding.replacement,
                    snippet=_snippet(lines[finding.path], finding.line),
                )
            )

    def _record_errors(self, check: Outcome) -> None:
        judge = self.python or sys.executable
        paths = {rel: str(self.source / rel) for rel in check.errors}
        verdicts = (
            compile_verdicts(judge, sorted(paths.values()), self.timeout) if self.judge else {}
        )
        for relative, reason in sorted(check.errors.items()):
            record = ErrorRecord(relative, reason)
            if paths[relative] in verdicts:
                verdict = verdicts[paths[relative]]
                breaches = inv.error_legitimate(relative, reason, verdict)
                record.judge = judge
                record.compiles = verdict is None
                record.compile_error = verdict or ""
                record.legitimate = not breaches
                self._breaches(breaches)
            self.report.errors.append(record)

    def _check_rewritten(
        self, copy: Path, paths: Sequence[str], findings: Sequence[Reported]
    ) -> None:
        """A rewritten file parses wherever its original did, and only finding lines changed."""
        lines_with_findings: dict[str, set[int]] = {}
        for finding in findings:
            lines_with_findings.setdefault(finding.path, set()).add(finding.line)
        judges = [sys.executable] + ([self.python] if self.python else [])
        originals = [str(self.source / p) for p in paths]
        fixed = [str(copy / p) for p in paths]
        verdicts = {
            python: compile_verdicts(python, originals + fixed, self.timeout)
            for python in (judges if self.judge else [])
        }
        for relative, original_path, fixed_path in zip(paths, originals, fixed):
            old, new = Path(original_path).read_bytes(), Path(fixed_path).read_bytes()
            self._breaches(inv.parses_with_libcst_after(relative, new))
            self._breaches(inv.parses_with_ast_after(relative, old, new))
            for python, answer in verdicts.items():
                self._breaches(
                    inv.compiles_after(relative, python, answer, original_path, fixed_path)
                )
            self._breaches(inv.line_count_kept(relative, old, new))
            self._breaches(
                inv.only_finding_lines(relative, old, new, lines_with_findings.get(relative, set()))
            )


def run_campaign(
    roots: Sequence[Path],
    *,
    workdir: Path,
    command: Sequence[str] = TOOL,
    timeout: float = 1800.0,
    judge: bool = True,
    out: Optional[TextIO] = None,
) -> list[CorpusReport]:
    """Run the campaign over each tree in turn, printing each summary as it ends."""
    reports = []
    workdir = Path(os.path.realpath(workdir))
    for root in roots:
        campaign = CorpusCampaign(root, workdir, command=command, timeout=timeout, judge=judge)
        report = campaign.run()
        reports.append(report)
        if out is not None:
            out.write(summary(report))
            out.flush()
    return reports
