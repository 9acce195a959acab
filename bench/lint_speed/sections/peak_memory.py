"""The peak resident memory of the check command over the corpus."""

from __future__ import annotations

from dataclasses import dataclass

from bench.lint_speed.corpus import Corpus
from bench.lint_speed.section import Context, Row, Target, Verdict
from bench.lint_speed.tools import (
    BenchError,
    cli_command,
    expect_status,
    peak_memory_bytes,
    run_timed,
)

MAX_MB = 150.0
PEAK = Target("peak memory of the check", f"< {MAX_MB:g} MB")


@dataclass
class PeakMemory:
    files: int
    bytes: int
    peak_bytes: int
    peak_mb: float
    returncode: int

    def rows(self) -> list[Row]:
        return [
            (
                "memory", "peak RSS of flake8-fstring-regex FILES", "1",
                f"{self.peak_mb:.1f} MB", "-", f"{self.files} files (ru_maxrss)",
            )
        ]

    def verdicts(self) -> list[Verdict]:
        return [PEAK.judge(f"{self.peak_mb:.1f} MB", self.peak_mb < MAX_MB)]


class PeakMemorySection:
    """How much memory the check command needs."""

    name = "memory"
    counts = ()
    targets = (PEAK,)

    def warm_up(self, corpus: Corpus) -> None:
        expect_status(
            run_timed([*cli_command(), *corpus.files], cwd=corpus.root), (1,),
            "flake8-fstring-regex",
        )

    def run(self, context: Context) -> PeakMemory:
        corpus = context.corpus
        peak, status = peak_memory_bytes([*cli_command(), *corpus.files], corpus.root)
        context.progress(f"memory: peak {peak / 1e6:.1f} MB (status {status})")
        if status not in (0, 1, 2):
            raise BenchError(f"flake8-fstring-regex exited with status {status} in the memory run")
        return PeakMemory(len(corpus.files), corpus.bytes, peak, peak / 1e6, status)
