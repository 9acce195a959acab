"""What each concurrent task does: the original one-second sleeps, or calibrated CPU work.

The write-up's two functions, ``print_numbers`` and ``print_letters``, each loop
five times over ``time.sleep(1)``.  Here every task is the same loop of ``steps`` steps;
a step either sleeps (the original workload) or spins in pure Python for about as
long (the ``cpu`` workload, which shows what the GIL does).  The printing is left
out: it costs microseconds and would mix with the table on stdout.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

SLEEP = "sleep"
CPU = "cpu"
WORKLOAD_KINDS = (SLEEP, CPU)

_CALIBRATION_SAMPLE_SECONDS = 0.1
_CALIBRATION_TRIALS = 5


@dataclass(frozen=True)
class Workload:
    """The work every strategy runs: ``tasks`` tasks of ``steps`` steps each."""

    kind: str
    tasks: int
    steps: int
    step_seconds: float
    cpu_iterations: int = 0

    @property
    def ideal_seconds(self) -> float:
        """Time if all tasks overlapped perfectly: one task's worth of steps."""
        return self.steps * self.step_seconds

    @property
    def sequential_seconds(self) -> float:
        """Time if the tasks ran one after another."""
        return self.tasks * self.ideal_seconds

    def describe(self) -> str:
        """One line such as ``sleep workload: 2 tasks x 5 steps x 1.00 s``."""
        return (
            f"{self.kind} workload: {self.tasks} tasks x {self.steps} steps"
            f" x {self.step_seconds:.2f} s"
        )


def spin(iterations: int) -> int:
    """Busy pure-Python work; the running thread holds the GIL throughout."""
    total = 0
    for number in range(iterations):
        total ^= number * number
    return total


def run_step(workload: Workload) -> None:
    """One step of a task: sleep, or spin for about as long."""
    if workload.kind == CPU:
        spin(workload.cpu_iterations)
    else:
        # Looked up on the module at call time, so that gevent's monkey-patching
        # (which replaces time.sleep) takes effect, exactly as in the write-up.
        time.sleep(workload.step_seconds)


def run_task(workload: Workload) -> None:
    """One task: the write-up's ``print_numbers`` or ``print_letters`` without printing."""
    for _ in range(workload.steps):
        run_step(workload)


async def run_task_async(workload: Workload) -> None:
    """The async version of a task, as in the write-up: ``await asyncio.sleep`` per step.

    With the cpu workload each step spins, then yields to the event loop, which is
    the best a coroutine can do: the spinning itself never gives way.
    """
    import asyncio  # imported here so that non-asyncio children stay lean

    for _ in range(workload.steps):
        if workload.kind == CPU:
            spin(workload.cpu_iterations)
            await asyncio.sleep(0)
        else:
            await asyncio.sleep(workload.step_seconds)


def _time_spin(iterations: int) -> float:
    start = time.perf_counter()
    spin(iterations)
    return time.perf_counter() - start


def calibrate_cpu_iterations(step_seconds: float) -> int:
    """Return how many :func:`spin` iterations take about ``step_seconds`` here.

    Grows a sample until it takes a measurable time, then times it a few more
    times and scales the median, which shrugs off a neighbour's burst of work.
    """
    iterations = 10_000
    while _time_spin(iterations) < _CALIBRATION_SAMPLE_SECONDS:
        iterations *= 2
    elapsed = statistics.median(_time_spin(iterations) for _ in range(_CALIBRATION_TRIALS))
    return max(1, round(iterations * step_seconds / elapsed))
