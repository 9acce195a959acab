"""The original write-up's conclusions, stated as checks against the measured medians.

Each check compares a strategy's median time with ``single``'s.  The limits leave
room for a busy two-core machine: with two tasks, a strategy that overlaps the
sleeps must take at most 0.65 of single's time (ideal: 0.5), unpatched gevent at
least 0.9 of it (ideal: 1.0).  With the cpu workload, strategies bound to one
thread at a time must take at least 0.75 of single's time (ideal: 1.0), and
processes at most 0.75 of it on two free cores (ideal: 0.5): CPU work is far
more sensitive to a neighbour's load than sleeping is, so ``--repeat`` helps.
Checks apply only to strategies that were run, and only with two tasks or more
(with one task there is nothing to overlap).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Mapping

from bench.concurrency.results import StrategyResult, usable_cpus
from bench.concurrency.strategies import BASELINE
from bench.concurrency.workload import CPU, Workload

OVERLAP_TOLERANCE = 0.15
"""How far above the ideal ratio an overlapping strategy may be, with the sleep workload."""

PARALLEL_TOLERANCE = 0.25
"""How far above the ideal ratio a parallel strategy may be, with the cpu workload."""

NO_FASTER_LIMIT = 0.75
"""The least ratio to single for strategies that must not beat it (1.0 is ideal)."""

GEVENT_UNPATCHED_LIMIT = 0.9
"""The least ratio to single for gevent without monkey-patching, with the sleep workload."""

SLEEP_OVERLAPPING = (
    "threading",
    "thread-pool",
    "multiprocessing",
    "process-pool",
    "asyncio",
    "gevent-patched",
)
THREADED = ("threading", "thread-pool")
ONE_THREAD = ("asyncio", "gevent", "gevent-patched")
MULTI_PROCESS = ("multiprocessing", "process-pool")


@dataclass(frozen=True)
class CheckOutcome:
    """One conclusion checked on this machine."""

    name: str
    passed: bool
    detail: str


def _default_pool_cpus() -> int:
    process_cpu_count = getattr(os, "process_cpu_count", os.cpu_count)
    count: int | None = process_cpu_count()
    return count or 1


def worker_limit(strategy: str, tasks: int) -> int:
    """How many tasks a strategy can run at once, with its default settings."""
    if strategy == "thread-pool":
        return min(tasks, 32, _default_pool_cpus() + 4)
    if strategy == "process-pool":
        return min(tasks, _default_pool_cpus())
    return tasks


def ideal_ratio(tasks: int, at_once: int) -> float:
    """The ideal time over the one-after-another time, running ``at_once`` at a time."""
    return math.ceil(tasks / max(1, at_once)) / tasks


def _at_most(
    name: str, ratio: float, limit: float, result: StrategyResult, baseline: StrategyResult
) -> CheckOutcome:
    detail = (
        f"{ratio:.2f} x single's time ({result.median:.2f} s vs {baseline.median:.2f} s),"
        f" needs <= {limit:.2f}"
    )
    return CheckOutcome(name, ratio <= limit, detail)


def _at_least(
    name: str, ratio: float, limit: float, result: StrategyResult, baseline: StrategyResult
) -> CheckOutcome:
    detail = (
        f"{ratio:.2f} x single's time ({result.median:.2f} s vs {baseline.median:.2f} s),"
        f" needs >= {limit:.2f}"
    )
    return CheckOutcome(name, ratio >= limit, detail)


def _sleep_check(
    strategy: str, result: StrategyResult, baseline: StrategyResult, tasks: int
) -> CheckOutcome:
    ratio = result.median / baseline.median
    if strategy == "gevent":
        name = "gevent without monkey-patching runs the sleeps one after another"
        return _at_least(name, ratio, GEVENT_UNPATCHED_LIMIT, result, baseline)
    limit = ideal_ratio(tasks, worker_limit(strategy, tasks)) + OVERLAP_TOLERANCE
    return _at_most(f"{strategy} overlaps the sleeps", ratio, limit, result, baseline)


def _cpu_check(
    strategy: str, result: StrategyResult, baseline: StrategyResult, tasks: int
) -> CheckOutcome | None:
    ratio = result.median / baseline.median
    runs_in_parallel = strategy in MULTI_PROCESS or (
        strategy in THREADED and not result.gil_enabled
    )
    if runs_in_parallel:
        at_once = min(worker_limit(strategy, tasks), usable_cpus())
        if at_once < 2:
            return None
        limit = ideal_ratio(tasks, at_once) + PARALLEL_TOLERANCE
        name = f"{strategy} runs CPU work on {at_once} cores in parallel"
        return _at_most(name, ratio, limit, result, baseline)
    if strategy in THREADED:
        name = f"{strategy} is no faster than single with CPU work (the GIL)"
    elif strategy in ONE_THREAD:
        name = f"{strategy} is no faster than single with CPU work (one thread)"
    else:
        return None
    return _at_least(name, ratio, NO_FASTER_LIMIT, result, baseline)


def evaluate_checks(
    results: Mapping[str, StrategyResult], workload: Workload
) -> list[CheckOutcome]:
    """Check the write-up's conclusions against the medians of the strategies that ran."""
    baseline = results.get(BASELINE)
    if baseline is None or baseline.median <= 0 or workload.tasks < 2:
        return []
    outcomes: list[CheckOutcome] = []
    for strategy, result in results.items():
        if strategy == BASELINE:
            continue
        if workload.kind == CPU:
            outcome = _cpu_check(strategy, result, baseline, workload.tasks)
        elif strategy in SLEEP_OVERLAPPING or strategy == "gevent":
            outcome = _sleep_check(strategy, result, baseline, workload.tasks)
        else:
            outcome = None
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
