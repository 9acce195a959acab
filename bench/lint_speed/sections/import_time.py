"""``python -X importtime`` of the plugin module: in a flake8 process, and alone."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from bench.lint_speed.children.import_probe import MARK, PLUGIN_MODULE
from bench.lint_speed.corpus import Corpus
from bench.lint_speed.section import Context, Count, Row, Target, Verdict, median
from bench.lint_speed.tools import CHILDREN, BenchError, Timed, expect_status, run_flake8, run_timed

MAX_MS = 5.0
RUNS = Count("import_runs", 11, 5, "import-time runs (default 11, quick 5)")
IMPORT = Target("import of the plugin module", f"<= {MAX_MS:g} ms, no libcst")

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


@dataclass
class ImportLine:
    self_us: int
    cumulative_us: int
    depth: int
    module: str


def parse_importtime(stderr: str, after_mark: Optional[str] = None) -> list[ImportLine]:
    """The ``-X importtime`` lines of ``stderr`` (only those after ``after_mark``)."""
    lines: list[ImportLine] = []
    started = after_mark is None
    for raw in stderr.splitlines():
        if not started:
            started = raw.strip() == after_mark
            continue
        match = _IMPORT_LINE.match(raw)
        if match:
            depth = len(match.group(3)) // 2
            lines.append(
                ImportLine(int(match.group(1)), int(match.group(2)), depth, match.group(4))
            )
    return lines


@dataclass
class ImportRun:
    """One import of the plugin module in a flake8-like process and in a bare one."""

    in_flake8_ms: float  # self times of everything imported after flake8's own imports
    plugin_line_ms: float  # cumulative time of the plugin module's line, bare interpreter
    new_modules: list[str]  # what the plugin import added to a flake8 process
    libcst_modules: list[str]  # libcst modules present after either import


def _libcst_in(timed: Timed, lines: Sequence[ImportLine]) -> list[str]:
    found = set(timed.stdout.split())
    found.update(line.module for line in lines if line.module.split(".")[0] == "libcst")
    return sorted(found)


def _probe(mode: str) -> Timed:
    timed = run_timed([sys.executable, "-X", "importtime", str(CHILDREN / "import_probe.py"), mode])
    expect_status(timed, (0,), f"importing the plugin ({mode})")
    return timed


def run_import_once() -> ImportRun:
    """Import the plugin module in a flake8-like process and in a bare one."""
    in_flake8 = _probe("in-flake8")
    new = parse_importtime(in_flake8.stderr, after_mark=MARK)
    if not any(line.module == PLUGIN_MODULE for line in new):
        raise BenchError(f"no import-time line for {PLUGIN_MODULE} after flake8's imports")
    bare = _probe("bare")
    bare_lines = parse_importtime(bare.stderr)
    plugin_lines = [line for line in bare_lines if line.module == PLUGIN_MODULE]
    if not plugin_lines:
        raise BenchError(f"no import-time line for {PLUGIN_MODULE}")
    return ImportRun(
        in_flake8_ms=sum(line.self_us for line in new) / 1000,
        plugin_line_ms=plugin_lines[0].cumulative_us / 1000,
        new_modules=[line.module for line in new],
        libcst_modules=sorted(set(_libcst_in(in_flake8, new)) | set(_libcst_in(bare, bare_lines))),
    )


@dataclass
class Figures:
    values: list[float]
    median: float


@dataclass
class ImportTime:
    runs: int
    in_flake8_ms: Figures
    plugin_line_ms: Figures
    new_modules: list[str]
    libcst_imported: bool
    libcst_modules: list[str]

    def rows(self) -> list[Row]:
        runs = str(self.runs)
        libcst = "yes: " + ", ".join(self.libcst_modules[:3]) if self.libcst_imported else "no"
        return [
            (
                "import", "plugin module, after flake8's own imports", runs,
                f"{self.in_flake8_ms.median:.2f} ms", "-",
                f"sum of self times of {len(self.new_modules)} new modules; "
                f"libcst imported: {libcst}",
            ),
            (
                "import", "plugin module, bare interpreter", runs,
                f"{self.plugin_line_ms.median:.2f} ms", "-",
                f"cumulative time of the {PLUGIN_MODULE} line",
            ),
        ]

    def verdicts(self) -> list[Verdict]:
        ms = self.in_flake8_ms.median
        libcst = "libcst imported" if self.libcst_imported else "libcst not imported"
        return [
            IMPORT.judge(f"{ms:.2f} ms, {libcst}", ms <= MAX_MS and not self.libcst_imported)
        ]


class ImportTimeSection:
    """What importing the plugin module costs, and whether it pulls in libcst."""

    name = "import"
    counts = (RUNS,)
    targets = (IMPORT,)

    def warm_up(self, corpus: Corpus) -> None:
        run_flake8(True, corpus.files, corpus.root)
        run_import_once()

    def run(self, context: Context) -> ImportTime:
        runs = context.count(RUNS)
        results = []
        for index in range(runs):
            result = run_import_once()
            results.append(result)
            context.progress(
                f"import run {index + 1}/{runs}: {result.in_flake8_ms:.2f} ms after flake8, "
                f"{result.plugin_line_ms:.2f} ms bare"
            )
        in_flake8 = [result.in_flake8_ms for result in results]
        bare = [result.plugin_line_ms for result in results]
        libcst = sorted({name for result in results for name in result.libcst_modules})
        return ImportTime(
            runs=runs,
            in_flake8_ms=Figures(in_flake8, median(in_flake8)),
            plugin_line_ms=Figures(bare, median(bare)),
            new_modules=results[-1].new_modules,
            libcst_imported=bool(libcst),
            libcst_modules=libcst,
        )
