"""The check command against ruff's nearest rule and Fixit with one rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bench.lint_speed.corpus import Corpus, copy_corpus, write_fixit_root
from bench.lint_speed.section import Context, Count, Progress, Row, Target, Verdict, median, seconds
from bench.lint_speed.tools import (
    BenchError,
    Timed,
    cli_command,
    command_version,
    distribution_version,
    expect_status,
    fixit_command,
    ruff_command,
    run_timed,
)

RUFF_ARGUMENTS = ("check", "--no-cache", "--preview", "--select", "RUF039", "--quiet", "--isolated")
FIXIT_RULE = "fixit.rules.no_redundant_fstring"
RUFF_RATIO_MAX = 1.0
FIXIT_SPEEDUP_MIN = 100.0

REPEAT = Count("check_repeat", 5, 3, "runs of the check command and of ruff (default 5, quick 3)")
FIXIT_EVERY = Count(
    "fixit_every", 20, 20, "run Fixit on every Nth file of the corpus only (default 20)"
)
AGAINST_RUFF = Target("check vs ruff's single rule", f"time ratio <= {RUFF_RATIO_MAX:g}")
AGAINST_FIXIT = Target("check vs Fixit (per file)", f">= {FIXIT_SPEEDUP_MIN:g}x faster")

_CLI_REPORT = re.compile(r":\d+:\d+: FSR\d{3} ", re.MULTILINE)
_FIXIT_COUNT = re.compile(r"(\d+) files? (?:checked|clean)")


@dataclass
class ToolRuns:
    """Timed runs of one tool over the whole corpus."""

    command: str
    version: Optional[str]
    wall: list[float]
    cpu: list[float]
    median_wall: float
    median_cpu: float
    returncodes: list[int]
    per_file_ms: float

    @classmethod
    def of(cls, command: str, version: Optional[str], runs: list[Timed], files: int) -> ToolRuns:
        walls = [run.wall for run in runs]
        cpus = [run.cpu for run in runs]
        return cls(
            command, version, walls, cpus, median(walls), median(cpus),
            [run.returncode for run in runs], median(walls) / files * 1000,
        )


@dataclass
class FixitRun:
    """Fixit once over a subset of the corpus (it is far slower)."""

    command: str
    version: Optional[str]
    every: int
    subset_files: int
    subset_bytes: int
    files_checked: int
    wall: float
    returncode: int
    per_file_ms: float
    extrapolated_wall: float  # for the whole corpus


@dataclass
class CheckSpeed:
    files: int
    bytes: int
    runs: int
    cli: ToolRuns
    findings: int  # the check command's, in its last run
    files_with_errors: int
    ruff: Optional[ToolRuns]  # None: not installed
    fixit: Optional[FixitRun]  # None: not installed
    ratio_cli_to_ruff: Optional[float]
    fixit_per_file_over_cli: Optional[float]

    def rows(self) -> list[Row]:
        runs = str(self.runs)
        rows: list[Row] = [
            (
                "check", "flake8-fstring-regex FILES (all cores)", runs,
                seconds(self.cli.median_wall), "1.000",
                f"{self.files} files, {self.cli.per_file_ms:.2f} ms/file, "
                f"{self.findings} findings, {self.files_with_errors} unreadable; baseline",
            )
        ]
        if self.ruff is not None and self.ratio_cli_to_ruff is not None:
            rows.append(
                (
                    "check", "ruff --select RUF039 (all cores)", runs,
                    seconds(self.ruff.median_wall),
                    f"{self.ruff.median_wall / self.cli.median_wall:.3f}",
                    f"{self.ruff.version}; check/ruff = {self.ratio_cli_to_ruff:.2f}",
                )
            )
        else:
            rows.append(("check", "ruff --select RUF039", "-", "-", "-", "not installed"))
        if self.fixit is not None and self.fixit_per_file_over_cli is not None:
            fixit = self.fixit
            rows.append(
                (
                    "check", f"fixit lint, 1 rule, {fixit.subset_files}-file subset", "1",
                    f"{fixit.per_file_ms:.1f} ms/file", f"{self.fixit_per_file_over_cli:.1f}",
                    f"every {fixit.every}th file, {seconds(fixit.wall)}; per-file ratio; "
                    f"whole corpus extrapolated: {seconds(fixit.extrapolated_wall)}",
                )
            )
        else:
            rows.append(("check", "fixit lint, 1 rule", "-", "-", "-", "not installed"))
        return rows

    def verdicts(self) -> list[Verdict]:
        ruff, speedup = self.ratio_cli_to_ruff, self.fixit_per_file_over_cli
        return [
            AGAINST_RUFF.judge(
                None if ruff is None else f"{ruff:.2f}",
                None if ruff is None else ruff <= RUFF_RATIO_MAX,
            ),
            AGAINST_FIXIT.judge(
                None if speedup is None else f"{speedup:.1f}x",
                None if speedup is None else speedup >= FIXIT_SPEEDUP_MIN,
            ),
        ]


def _fixit(corpus: Corpus, every: int, workdir: Path, progress: Progress) -> Optional[FixitRun]:
    fixit = fixit_command()
    if fixit is None:
        return None
    subset = copy_corpus(corpus.every_nth(every), workdir / "fixit-subset")
    write_fixit_root(subset.root)
    argv = [*fixit, "--rules", FIXIT_RULE, "lint", *subset.files]
    progress(f"fixit on {len(subset.files)} of {len(corpus.files)} files (every {every}th)...")
    timed = run_timed(argv, cwd=subset.root, capture_stdout=False)
    counted = [int(n) for n in _FIXIT_COUNT.findall(timed.stderr)]
    if timed.returncode < 0 or not counted or counted[-1] == 0:
        tail = "\n".join(timed.stderr.strip().splitlines()[-5:])
        raise BenchError(f"fixit checked no file (status {timed.returncode}):\n{tail}")
    progress(f"fixit: {timed.wall:.2f} s wall for {counted[-1]} files")
    per_file = timed.wall / len(subset.files)
    return FixitRun(
        command=f"fixit --rules {FIXIT_RULE} lint FILES...",
        version=distribution_version("fixit"),
        every=every,
        subset_files=len(subset.files),
        subset_bytes=subset.bytes,
        files_checked=counted[-1],
        wall=timed.wall,
        returncode=timed.returncode,
        per_file_ms=per_file * 1000,
        extrapolated_wall=per_file * len(corpus.files),
    )


class CheckSpeedSection:
    """The check command beside ruff and Fixit, on the same files."""

    name = "check"
    counts = (REPEAT, FIXIT_EVERY)
    targets = (AGAINST_RUFF, AGAINST_FIXIT)

    def warm_up(self, corpus: Corpus) -> None:
        expect_status(
            run_timed([*cli_command(), *corpus.files], cwd=corpus.root), (1,),
            "flake8-fstring-regex",
        )
        fixit = fixit_command()
        if fixit is not None:
            run_timed([*fixit, "--rules", FIXIT_RULE, "lint", *corpus.files], cwd=corpus.root)

    def run(self, context: Context) -> CheckSpeed:
        corpus, repeat = context.corpus, context.count(REPEAT)
        cli, ruff = cli_command(), ruff_command()
        cli_runs: list[Timed] = []
        ruff_runs: list[Timed] = []
        findings = errors = 0
        for index in range(repeat):
            for tool in ("cli", "ruff") if index % 2 == 0 else ("ruff", "cli"):
                if tool == "cli":
                    timed = run_timed([*cli, *corpus.files], cwd=corpus.root)
                    expect_status(timed, (0, 1, 2), "flake8-fstring-regex")
                    if "Traceback (most recent call last)" in timed.stderr:
                        raise BenchError("flake8-fstring-regex crashed:\n" + timed.stderr[-2000:])
                    findings = len(_CLI_REPORT.findall(timed.stdout))
                    errors = timed.stderr.count(": error: ")
                    cli_runs.append(timed)
                elif ruff is not None:
                    timed = run_timed(
                        [*ruff, *RUFF_ARGUMENTS, *corpus.files], cwd=corpus.root,
                        capture_stdout=False,
                    )
                    expect_status(timed, (0, 1), "ruff")
                    ruff_runs.append(timed)
                else:
                    continue
                context.progress(f"check run {index + 1}/{repeat} {tool}: {timed.wall:.2f} s wall")
        files = len(corpus.files)
        cli_figures = ToolRuns.of(
            "flake8-fstring-regex FILES...", distribution_version("flake8-fstring-regex"),
            cli_runs, files,
        )
        ruff_figures = None
        if ruff is not None:
            ruff_figures = ToolRuns.of(
                " ".join(["ruff", *RUFF_ARGUMENTS, "FILES..."]), command_version(ruff),
                ruff_runs, files,
            )
        fixit = _fixit(corpus, context.count(FIXIT_EVERY), context.workdir, context.progress)
        return CheckSpeed(
            files=files,
            bytes=corpus.bytes,
            runs=repeat,
            cli=cli_figures,
            findings=findings,
            files_with_errors=errors,
            ruff=ruff_figures,
            fixit=fixit,
            ratio_cli_to_ruff=(
                None if ruff_figures is None else cli_figures.median_wall / ruff_figures.median_wall
            ),
            fixit_per_file_over_cli=(
                None if fixit is None else fixit.per_file_ms / cli_figures.per_file_ms
            ),
        )
