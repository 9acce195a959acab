"""The ways of running the tasks: the write-up's six, plus patched gevent and a process pool.

Each strategy has a *prepare* function that does the imports (and, for
``gevent-patched``, the monkey-patching) and returns the runner that is timed,
so the figure covers the strategy itself as in the write-up, not import time.
Strategy-specific modules are imported lazily: each strategy runs in a fresh
interpreter, and gevent should patch as little already-imported code as possible.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from bench.concurrency.workload import CPU, Workload, run_task, run_task_async

Runner = Callable[[], None]
Preparer = Callable[[Workload], Runner]


@dataclass(frozen=True)
class Strategy:
    """One way of running the tasks, with why it takes the time it takes."""

    name: str
    prepare: Preparer
    why_sleep: str
    why_cpu: str
    why_cpu_without_gil: str = ""
    needs_gevent: bool = False

    def explain(self, workload_kind: str, gil_enabled: bool) -> str:
        """One line saying why this strategy takes the time it does."""
        if workload_kind != CPU:
            return self.why_sleep
        if not gil_enabled and self.why_cpu_without_gil:
            return self.why_cpu_without_gil
        return self.why_cpu


def prepare_single(workload: Workload) -> Runner:
    """Way 0 of the write-up: call the task functions one after the other."""

    def run() -> None:
        for _ in range(workload.tasks):
            run_task(workload)

    return run


def prepare_threading(workload: Workload) -> Runner:
    """Way 1 of the write-up: one ``threading.Thread`` per task, start all, join all."""
    import threading

    def run() -> None:
        threads = [
            threading.Thread(target=run_task, args=(workload,))
            for _ in range(workload.tasks)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return run


def prepare_thread_pool(workload: Workload) -> Runner:
    """Way 2 of the write-up: submit every task to a default ``ThreadPoolExecutor`` and wait."""
    from concurrent.futures import ThreadPoolExecutor, wait

    def run() -> None:
        with ThreadPoolExecutor() as executor:
            futures = [executor.submit(run_task, workload) for _ in range(workload.tasks)]
            wait(futures)
        for future in futures:
            future.result()

    return run


def prepare_multiprocessing(workload: Workload) -> Runner:
    """Way 3 of the write-up: one ``multiprocessing.Process`` per task, start all, join all."""
    import multiprocessing

    def run() -> None:
        processes = [
            multiprocessing.Process(target=run_task, args=(workload,))
            for _ in range(workload.tasks)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        failed = [process.exitcode for process in processes if process.exitcode != 0]
        if failed:
            raise RuntimeError(f"worker processes exited with codes {failed}")

    return run


def prepare_process_pool(workload: Workload) -> Runner:
    """Not in the write-up: submit every task to a default ``ProcessPoolExecutor``."""
    from concurrent.futures import ProcessPoolExecutor, wait

    def run() -> None:
        with ProcessPoolExecutor() as executor:
            futures = [executor.submit(run_task, workload) for _ in range(workload.tasks)]
            wait(futures)
        for future in futures:
            future.result()

    return run


def prepare_asyncio(workload: Workload) -> Runner:
    """Way 4 of the write-up: an ``asyncio.create_task`` per task, awaited, in ``asyncio.run``."""
    import asyncio

    async def main() -> None:
        tasks = [asyncio.create_task(run_task_async(workload)) for _ in range(workload.tasks)]
        for task in tasks:
            await task

    def run() -> None:
        asyncio.run(main())

    return run


def _import_gevent() -> Any:
    return importlib.import_module("gevent")


def prepare_gevent(workload: Workload) -> Runner:
    """Way 5 of the write-up: ``gevent.spawn`` per task, ``gevent.joinall``, no monkey-patching."""
    gevent = _import_gevent()

    def run() -> None:
        greenlets = [gevent.spawn(run_task, workload) for _ in range(workload.tasks)]
        gevent.joinall(greenlets, raise_error=True)

    return run


def prepare_gevent_patched(workload: Workload) -> Runner:
    """Way 5 after ``gevent.monkey.patch_all()``, which makes ``time.sleep`` cooperative."""
    monkey: Any = importlib.import_module("gevent.monkey")
    monkey.patch_all()
    return prepare_gevent(workload)


_GIL_SERIALISES = "the GIL lets one thread at a time run Python code: no faster than single"
_ONE_THREAD_CPU = "one thread: CPU work never yields, so the tasks run one after another"
_OWN_INTERPRETER = "one GIL per process: the work runs on separate cores"

STRATEGIES: tuple[Strategy, ...] = (
    Strategy(
        name="single",
        prepare=prepare_single,
        why_sleep="the baseline: one thread runs the tasks one after another",
        why_cpu="the baseline: one thread runs the tasks one after another",
    ),
    Strategy(
        name="threading",
        prepare=prepare_threading,
        why_sleep="time.sleep releases the GIL, so the threads' waits overlap",
        why_cpu=_GIL_SERIALISES,
        why_cpu_without_gil="free-threaded build, no GIL: the threads run on separate cores",
    ),
    Strategy(
        name="thread-pool",
        prepare=prepare_thread_pool,
        why_sleep="threads again, min(32, cpus + 4) workers by default, plus pool set-up",
        why_cpu=_GIL_SERIALISES,
        why_cpu_without_gil="free-threaded build, no GIL: the pool's threads run on separate cores",
    ),
    Strategy(
        name="multiprocessing",
        prepare=prepare_multiprocessing,
        why_sleep="waits overlap; the extra is starting each process (fork or spawn)",
        why_cpu=_OWN_INTERPRETER,
    ),
    Strategy(
        name="process-pool",
        prepare=prepare_process_pool,
        why_sleep="cpu-count worker processes by default: their waits overlap, plus start-up",
        why_cpu=_OWN_INTERPRETER,
    ),
    Strategy(
        name="asyncio",
        prepare=prepare_asyncio,
        why_sleep="one thread: the event loop runs another task at each await asyncio.sleep",
        why_cpu=_ONE_THREAD_CPU,
    ),
    Strategy(
        name="gevent",
        prepare=prepare_gevent,
        why_sleep="not monkey-patched: time.sleep blocks the only thread, the hub never switches",
        why_cpu=_ONE_THREAD_CPU,
        needs_gevent=True,
    ),
    Strategy(
        name="gevent-patched",
        prepare=prepare_gevent_patched,
        why_sleep="monkey.patch_all() makes time.sleep yield to the hub: greenlets overlap",
        why_cpu=_ONE_THREAD_CPU,
        needs_gevent=True,
    ),
)

STRATEGY_NAMES: tuple[str, ...] = tuple(strategy.name for strategy in STRATEGIES)
BASELINE = "single"


def strategy_named(name: str) -> Strategy:
    """Return the strategy called ``name``; raise KeyError for an unknown name."""
    for strategy in STRATEGIES:
        if strategy.name == name:
            return strategy
    raise KeyError(name)
