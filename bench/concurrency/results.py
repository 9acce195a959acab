"""Measured figures of the concurrency benchmark and the facts about the machine."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from dataclasses import dataclass
from typing import Any, Mapping

from bench.concurrency.strategies import BASELINE
from bench.concurrency.workload import Workload


def gil_enabled() -> bool:
    """True unless this is a free-threaded interpreter running without its GIL."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if is_gil_enabled is None:
        return True
    return bool(is_gil_enabled())


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity where the OS tells), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def machine_facts() -> dict[str, Any]:
    """The machine and interpreter facts that explain the figures."""
    import multiprocessing

    return {
        "python_version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus(),
        "gil_enabled": gil_enabled(),
        "free_threaded_build": hasattr(sys, "_is_gil_enabled"),
        "multiprocessing_start_method": multiprocessing.get_start_method(),
    }


def cpu_seconds_used() -> float:
    """CPU time used so far by this process and the child processes it has waited for.

    Child processes count once joined (on POSIX; Windows reports no child times).
    """
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass(frozen=True)
class Measurement:
    """One timed run of one strategy, as its fresh interpreter reports it."""

    seconds: float
    cpu_seconds: float
    gil_enabled: bool


@dataclass(frozen=True)
class StrategyResult:
    """Every run of one strategy, measured in fresh interpreters.

    ``seconds`` is wall-clock time; ``cpu_seconds`` the CPU time spent meanwhile
    by the strategy's interpreter and its worker processes: their ratio tells how
    many cores were busy (about 1 for threads under the GIL, 2 for two processes).
    """

    name: str
    seconds: tuple[float, ...]
    gil_enabled: bool = True
    cpu_seconds: tuple[float, ...] = ()

    @property
    def cores_busy(self) -> float:
        """Median over the runs of CPU time over wall-clock time."""
        ratios = [cpu / wall for cpu, wall in zip(self.cpu_seconds, self.seconds) if wall > 0]
        return statistics.median(ratios) if ratios else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    @property
    def maximum(self) -> float:
        return max(self.seconds)


def speedups(results: Mapping[str, StrategyResult]) -> dict[str, float | None]:
    """Each strategy's speed-up over ``single`` (median against median), if it ran."""
    baseline = results.get(BASELINE)
    return {
        name: (baseline.median / result.median if baseline and result.median > 0 else None)
        for name, result in results.items()
    }


def efficiency(result: StrategyResult, workload: Workload) -> float:
    """The ideal concurrent time (steps x step time) over the measured median."""
    return workload.ideal_seconds / result.median if result.median > 0 else 0.0
