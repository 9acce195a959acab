"""The concurrency benchmark's outputs: the table, the JSON document and the chart."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from bench.concurrency.checks import CheckOutcome
from bench.concurrency.results import StrategyResult, efficiency, speedups
from bench.concurrency.strategies import BASELINE, strategy_named
from bench.concurrency.workload import CPU, Workload


def _describe_machine(machine: Mapping[str, Any]) -> str:
    if machine["gil_enabled"]:
        gil = "GIL enabled"
    else:
        gil = "free-threaded build, GIL disabled: threads can run Python code in parallel"
    return (
        f"{machine['implementation']} {machine['python_version']} on {machine['platform']},"
        f" {machine['usable_cpus']} usable CPUs, multiprocessing start method"
        f" {machine['multiprocessing_start_method']}, {gil}"
    )


def header_lines(workload: Workload, repeat: int, machine: Mapping[str, Any]) -> list[str]:
    """What was run and where, above the table."""
    runs = "1 run" if repeat == 1 else f"{repeat} runs (median, min, max)"
    lines = [f"Concurrency comparison, {workload.describe()}, {runs} per strategy"]
    if workload.kind == CPU:
        lines.append(
            f"Each step is {workload.cpu_iterations:,} pure-Python iterations,"
            f" calibrated to take about {workload.step_seconds:.2f} s here."
        )
    lines.append(
        f"Ideal concurrent time {workload.ideal_seconds:.2f} s;"
        f" one after another {workload.sequential_seconds:.2f} s."
    )
    lines.append(_describe_machine(machine))
    return lines


def table_lines(
    results: Mapping[str, StrategyResult], workload: Workload, repeat: int
) -> list[str]:
    """The results table: time, speed-up over single, efficiency and why.

    With the cpu workload a ``cores`` column shows CPU time over wall-clock time:
    about 1 for anything the GIL or a single thread serialises.
    """
    speedup_by_name = speedups(results)
    show_spread = repeat > 1
    show_cores = workload.kind == CPU
    title = f"{'strategy':<16} {'time (s)':>8}"
    if show_spread:
        title += f" {'min':>6} {'max':>6}"
    title += f" {'speed-up':>8} {'efficiency':>10}"
    if show_cores:
        title += f" {'cores':>5}"
    title += "  why"
    rows = []
    for name, result in results.items():
        row = f"{name:<16} {result.median:>8.2f}"
        if show_spread:
            row += f" {result.minimum:>6.2f} {result.maximum:>6.2f}"
        row += f" {_format_speedup(speedup_by_name[name]):>8}"
        row += f" {efficiency(result, workload):>10.0%}"
        if show_cores:
            row += f" {result.cores_busy:>5.1f}"
        row += "  " + strategy_named(name).explain(workload.kind, result.gil_enabled)
        rows.append(row)
    return [title, "-" * len(title), *rows]


BUSY_MACHINE_CORES = 0.8
"""Below this share of a core, single's CPU work was visibly slowed by other load."""


def busy_machine_lines(results: Mapping[str, StrategyResult], workload: Workload) -> list[str]:
    """A warning when, with the cpu workload, single did not get a whole core."""
    baseline = results.get(BASELINE)
    if workload.kind != CPU or baseline is None or not baseline.cpu_seconds:
        return []
    if baseline.cores_busy >= BUSY_MACHINE_CORES:
        return []
    return [
        f"Warning: single kept only {baseline.cores_busy:.1f} of a core busy: other load"
        " on this machine is slowing the CPU work, so these figures are unreliable."
    ]


def _format_speedup(speedup: float | None) -> str:
    return "-" if speedup is None else f"{speedup:.2f}x"


def check_lines(outcomes: Sequence[CheckOutcome]) -> list[str]:
    """The write-up's conclusions as checks, one line each."""
    if not outcomes:
        return ["No check applies to the strategies and workload that were run."]
    lines = ["Checks (the original write-up's conclusions, on this machine):"]
    for outcome in outcomes:
        verdict = "PASS" if outcome.passed else "FAIL"
        lines.append(f"  {verdict}  {outcome.name}: {outcome.detail}")
    return lines


def json_document(
    results: Mapping[str, StrategyResult],
    workload: Workload,
    repeat: int,
    machine: Mapping[str, Any],
    outcomes: Sequence[CheckOutcome] | None,
) -> dict[str, Any]:
    """Every figure and the machine facts, ready for ``json.dump``."""
    speedup_by_name = speedups(results)
    document: dict[str, Any] = {
        "benchmark": "concurrency",
        "workload": {
            "kind": workload.kind,
            "tasks": workload.tasks,
            "steps": workload.steps,
            "step_seconds": workload.step_seconds,
            "cpu_iterations_per_step": workload.cpu_iterations,
            "ideal_seconds": workload.ideal_seconds,
            "sequential_seconds": workload.sequential_seconds,
        },
        "repeat": repeat,
        "machine": dict(machine),
        "results": [
            {
                "strategy": name,
                "seconds": list(result.seconds),
                "median": result.median,
                "min": result.minimum,
                "max": result.maximum,
                "cpu_seconds": list(result.cpu_seconds),
                "cores_busy": result.cores_busy,
                "speedup": speedup_by_name[name],
                "efficiency": efficiency(result, workload),
                "gil_enabled": result.gil_enabled,
                "explanation": strategy_named(name).explain(workload.kind, result.gil_enabled),
            }
            for name, result in results.items()
        ],
    }
    if outcomes is not None:
        document["checks"] = [
            {"name": outcome.name, "passed": outcome.passed, "detail": outcome.detail}
            for outcome in outcomes
        ]
    return document


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    """Write the JSON document, indented, with a final newline."""
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def load_pyplot() -> Any:
    """Import matplotlib's pyplot with a file-only backend; ImportError if missing."""
    matplotlib: Any = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    return importlib.import_module("matplotlib.pyplot")


def write_plot(
    pyplot: Any, path: Path, results: Mapping[str, StrategyResult], workload: Workload
) -> None:
    """A PNG bar chart of the median times, min-max whiskers, and the ideal time."""
    names = list(results)
    medians = [results[name].median for name in names]
    below = [results[name].median - results[name].minimum for name in names]
    above = [results[name].maximum - results[name].median for name in names]
    figure, axes = pyplot.subplots(figsize=(9, 4.8))
    axes.bar(names, medians, yerr=[below, above], capsize=4, color="tab:blue")
    axes.axhline(workload.ideal_seconds, color="tab:green", linestyle="--", label="ideal")
    axes.axhline(
        workload.sequential_seconds, color="tab:red", linestyle=":", label="one after another"
    )
    tallest = max([workload.sequential_seconds, *(results[name].maximum for name in names)])
    axes.set_ylim(0, tallest * 1.25)
    axes.set_ylabel("seconds (median)")
    axes.set_title(workload.describe())
    axes.legend(loc="upper right", ncol=2)
    axes.tick_params(axis="x", labelrotation=20)
    figure.tight_layout()
    figure.savefig(str(path), dpi=110)
    pyplot.close(figure)
