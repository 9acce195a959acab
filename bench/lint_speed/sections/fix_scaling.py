"""``--fix`` on generated corpora of 1x, 2x and 4x the file count."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from bench.lint_speed.corpus import FINDINGS_PER_GENERATED_FILE, Corpus, generate_fix_corpus
from bench.lint_speed.section import Context, Count, Row, Target, Verdict, median, seconds
from bench.lint_speed.tools import BenchError, cli_command, expect_status, run_timed

SCALES = (1, 2, 4)
# time(4x) / time(1x) above this (ideal 4.0, +10%) is growth faster than linear.
LINEAR_LIMIT = 4.4
FILES = Count("fix_files", 40, 5, "generated files at 1x for --fix (default 40, quick 5)")
REPEAT = Count("fix_repeat", 5, 1, "--fix runs at each size (default 5, quick 1)")
LINEAR = Target("--fix grows linearly", f"time(4x)/time(1x) <= {LINEAR_LIMIT:g} (ideal 4.0)")


def linearity_verdict(ratio: float) -> str:
    """How time(4x) / time(1x) compares with linear growth (4.0)."""
    if ratio > LINEAR_LIMIT:
        return "super-linear"
    if ratio < 3.6:
        return "linear (below 4.0: fixed start-up cost)"
    return "linear"


@dataclass
class Scale:
    scale: int
    files: int
    bytes: int
    wall: list[float]
    median_wall: float
    files_per_second: float


@dataclass
class FixScaling:
    files_1x: int
    findings_per_file: int
    runs: int
    scales: list[Scale]
    ratio_2x_1x: float
    ratio_4x_1x: float
    marginal_ms_per_file: float
    verdict: str

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        first = self.scales[0].median_wall
        for entry in self.scales:
            note = f"{entry.files_per_second:.1f} files/s"
            if entry.scale == SCALES[-1]:
                note += f"; ideal ratio 4.0: {self.verdict}"
            rows.append(
                (
                    "fix", f"--fix, {entry.scale}x ({entry.files} generated files)",
                    str(self.runs), seconds(entry.median_wall),
                    f"{entry.median_wall / first:.3f}", note,
                )
            )
        return rows

    def verdicts(self) -> list[Verdict]:
        ratio = self.ratio_4x_1x
        return [LINEAR.judge(f"{ratio:.2f} ({self.verdict})", ratio <= LINEAR_LIMIT)]


class FixScalingSection:
    """How ``--fix`` time grows with the number of files."""

    name = "fix"
    counts = (FILES, REPEAT)
    targets = (LINEAR,)

    def warm_up(self, corpus: Corpus) -> None:
        expect_status(
            run_timed([*cli_command(), "--fix", *corpus.files], cwd=corpus.root),
            (1,),
            "flake8-fstring-regex --fix",
        )

    def run(self, context: Context) -> FixScaling:
        files, repeat, workdir = context.count(FILES), context.count(REPEAT), context.workdir
        cli = cli_command()
        pristine = {
            scale: generate_fix_corpus(workdir / f"fix-{scale}x", files * scale)
            for scale in SCALES
        }
        walls: dict[int, list[float]] = {scale: [] for scale in SCALES}
        work = workdir / "fix-work"
        for index in range(repeat):
            # Rotate the order of the sizes from one repetition to the next.
            order = SCALES[index % len(SCALES):] + SCALES[: index % len(SCALES)]
            for scale in order:
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(pristine[scale].root, work)
                # One process: the growth with size, not the pool's start-up.
                timed = run_timed(
                    [*cli, "-j1", "--fix", *pristine[scale].files], cwd=work,
                    capture_stdout=False,
                )
                expect_status(timed, (1,), "flake8-fstring-regex --fix")
                rewritten = timed.stderr.count("Rewriting ")
                if rewritten != len(pristine[scale].files):
                    raise BenchError(
                        f"--fix rewrote {rewritten} of {len(pristine[scale].files)} generated files"
                    )
                walls[scale].append(timed.wall)
                context.progress(
                    f"fix run {index + 1}/{repeat} {scale}x ({files * scale} files): "
                    f"{timed.wall:.2f} s"
                )
        shutil.rmtree(work, ignore_errors=True)
        medians = {scale: median(walls[scale]) for scale in SCALES}
        t1, t2, t4 = medians[1], medians[2], medians[4]
        return FixScaling(
            files_1x=files,
            findings_per_file=FINDINGS_PER_GENERATED_FILE,
            runs=repeat,
            scales=[
                Scale(
                    scale, files * scale, pristine[scale].bytes, walls[scale], medians[scale],
                    files * scale / medians[scale],
                )
                for scale in SCALES
            ],
            ratio_2x_1x=t2 / t1,
            ratio_4x_1x=t4 / t1,
            marginal_ms_per_file=(t4 - t1) / (3 * files) * 1000,
            verdict=linearity_verdict(t4 / t1),
        )
