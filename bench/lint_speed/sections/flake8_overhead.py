"""flake8 -j1 on the corpus with and without the plugin loaded, interleaved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

from bench.lint_speed.corpus import Corpus
from bench.lint_speed.section import Context, Count, Row, Target, Verdict, median, seconds
from bench.lint_speed.tools import Timed, distribution_version, run_flake8

METHOD = (
    "same flake8 and files, both runs through one driver that wraps "
    "flake8.plugins.finder.find_plugins; the 'without' run drops the "
    "flake8-fstring-regex entry point (flake8 runs every loaded tree plugin "
    "whatever --select says), runs interleaved; the 'with' runs also time the "
    "plugin's load and run() with time.process_time"
)
MAX_PERCENT = 1.0
REPEAT = Count(
    "repeat", 1, 1,
    "flake8 runs with and without the plugin (default 1; minutes each on the stdlib)",
)
OVERHEAD = Target("flake8 overhead of the plugin", f"<= {MAX_PERCENT:g}% (CPU time)")


@dataclass
class Timings:
    """The runs of one variant: per-run figures and their medians."""

    wall: list[float]
    cpu: list[float]
    median_wall: float
    median_cpu: float
    returncodes: list[int]
    fsr_findings: int = 0

    @classmethod
    def of(cls, runs: Sequence[Timed], fsr_findings: int = 0) -> Timings:
        walls = [run.wall for run in runs]
        cpus = [run.cpu for run in runs]
        return cls(
            walls, cpus, median(walls), median(cpus), [run.returncode for run in runs],
            fsr_findings,
        )

    def describe(self) -> str:
        return f"{seconds(self.median_cpu)} CPU / {seconds(self.median_wall)} wall"


@dataclass
class PluginCpu:
    """The plugin's own CPU time in one "with" run."""

    load_cpu: float
    run_cpu: float
    files: int
    percent: float  # of the rest of that run


@dataclass
class Flake8Overhead:
    files: int
    bytes: int
    runs: int
    method: str
    flake8_version: Optional[str]
    with_plugin: Timings
    without_plugin: Timings
    ratio_wall: float
    ratio_cpu: float
    overhead_percent_wall: float
    overhead_percent_cpu: float
    # The plugin's own CPU time in each "with" run, over the rest of that
    # run: free of the run-to-run noise that the A/B ratio carries.
    plugin_cpu: list[PluginCpu] = field(default_factory=list)
    attributed_percent: Optional[float] = None
    # Run-to-run spread of the baseline, a measure of the A/B noise.
    without_cpu_spread_percent: float = 0.0

    def rows(self) -> list[Row]:
        runs = str(self.runs)
        return [
            (
                "flake8", "flake8 -j1, FSR plugin not loaded", runs,
                self.without_plugin.describe(), "1.000", f"{self.files} files; baseline",
            ),
            (
                "flake8", "flake8 -j1, FSR plugin loaded", runs, self.with_plugin.describe(),
                f"{self.ratio_cpu:.3f}",
                f"A/B {self.overhead_percent_cpu:+.2f}% CPU, "
                f"{self.overhead_percent_wall:+.2f}% wall "
                f"(baseline spread {self.without_cpu_spread_percent:.1f}%); "
                f"{self.with_plugin.fsr_findings} FSR findings",
            ),
            *self._attributed_rows(),
        ]

    def _attributed_rows(self) -> list[Row]:
        if not self.plugin_cpu or self.attributed_percent is None:
            return []
        load = median([entry.load_cpu for entry in self.plugin_cpu])
        run = median([entry.run_cpu for entry in self.plugin_cpu])
        return [
            (
                "flake8", "  of which inside the plugin (load + run())", str(len(self.plugin_cpu)),
                f"{seconds(load + run)} CPU", "-",
                f"{self.attributed_percent:.2f}% of the rest of the run; "
                f"load {seconds(load)}, run() {seconds(run)}",
            )
        ]

    def verdicts(self) -> list[Verdict]:
        # The plugin's own CPU share when the driver could time it; the A/B
        # difference of two whole runs otherwise (noisier than 1% on a busy
        # machine, so it is reported beside, not judged on, when both exist).
        attributed = self.attributed_percent
        overhead = self.overhead_percent_cpu if attributed is None else attributed
        basis = "A/B CPU" if attributed is None else "inside the plugin"
        return [
            OVERHEAD.judge(
                f"{overhead:.2f}% {basis} (A/B: {self.overhead_percent_cpu:+.2f}% CPU, "
                f"{self.overhead_percent_wall:+.2f}% wall)",
                overhead <= MAX_PERCENT,
            )
        ]


class Flake8OverheadSection:
    """flake8 with the plugin loaded against flake8 without it."""

    name = "flake8"
    counts = (REPEAT,)
    targets = (OVERHEAD,)

    def warm_up(self, corpus: Corpus) -> None:
        run_flake8(False, corpus.files, corpus.root)
        run_flake8(True, corpus.files, corpus.root)

    def run(self, context: Context) -> Flake8Overhead:
        corpus, repeat, progress = context.corpus, context.count(REPEAT), context.progress
        progress(f"flake8 -j1 with and without the plugin on {len(corpus.files)} files...")
        runs: dict[bool, list[Timed]] = {True: [], False: []}
        findings: dict[bool, int] = {True: 0, False: 0}
        attributed: list[PluginCpu] = []
        for index in range(repeat):
            # Alternate the order so slow drift (thermal, page cache) cancels out.
            for with_plugin in (True, False) if index % 2 == 0 else (False, True):
                run = run_flake8(with_plugin, corpus.files, corpus.root)
                runs[with_plugin].append(run.timed)
                findings[with_plugin] = run.fsr_findings
                if (
                    run.plugin_load_cpu is not None
                    and run.plugin_run_cpu is not None
                    and run.plugin_files is not None
                ):
                    plugin = run.plugin_load_cpu + run.plugin_run_cpu
                    attributed.append(
                        PluginCpu(
                            run.plugin_load_cpu, run.plugin_run_cpu, run.plugin_files,
                            plugin / (run.timed.cpu - plugin) * 100,
                        )
                    )
                progress(
                    f"flake8 run {index + 1}/{repeat} {'with' if with_plugin else 'without'} "
                    f"the plugin: {run.timed.wall:.2f} s wall, {run.timed.cpu:.2f} s CPU"
                )
        loaded = Timings.of(runs[True], findings[True])
        without = Timings.of(runs[False], findings[False])
        ratio_wall = loaded.median_wall / without.median_wall
        ratio_cpu = loaded.median_cpu / without.median_cpu
        return Flake8Overhead(
            files=len(corpus.files),
            bytes=corpus.bytes,
            runs=repeat,
            method=METHOD,
            flake8_version=distribution_version("flake8"),
            with_plugin=loaded,
            without_plugin=without,
            ratio_wall=ratio_wall,
            ratio_cpu=ratio_cpu,
            overhead_percent_wall=(ratio_wall - 1) * 100,
            overhead_percent_cpu=(ratio_cpu - 1) * 100,
            plugin_cpu=attributed,
            attributed_percent=(
                median([entry.percent for entry in attributed]) if attributed else None
            ),
            without_cpu_spread_percent=(
                (max(without.cpu) - min(without.cpu)) / without.median_cpu * 100
            ),
        )
