"""Worker processes that end when the run ends, however it ends.

A ``concurrent.futures`` process pool whose workers are set up by
``stop.worker_setup`` (they ignore SIGINT and die with the main process) and
are killed, not waited for, when the run stops early: they only compute, so
nothing of value is lost, and a stop takes effect at once instead of after
each worker's current files.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Callable, Optional, TypeVar

from flake8_fstring_regex.stop import Stopped, requested, signals_blocked, worker_setup

Item = TypeVar("Item")
Result = TypeVar("Result")


class Pool:
    def __init__(self, workers: int) -> None:
        self._executor = ProcessPoolExecutor(
            max_workers=workers, initializer=worker_setup, initargs=(os.getpid(),)
        )
        self._workers: list[multiprocessing.process.BaseProcess] = []

    def __enter__(self) -> Pool:
        return self

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        """``function(item)`` for each item, in order (``function`` must be
        picklable)."""
        before = set(multiprocessing.active_children())
        # Every task is submitted (and every worker started) here, with the
        # stop signals blocked: the threads and processes this starts
        # inherit the mask, so only the main thread ever handles them.
        with signals_blocked():
            results = self._executor.map(function, items, chunksize=16)
        self._workers = [p for p in multiprocessing.active_children() if p not in before]
        try:
            yield from results
        except BrokenProcessPool:
            signum = requested()
            if signum is not None:  # the workers got the signal too
                raise Stopped(signum) from None
            raise

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        error: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        if error is None:
            self._executor.shutdown(wait=True)
            return
        _quiet_executor_thread()
        for worker in self._workers:
            if worker.is_alive():
                worker.kill()
        # Not shut down, not waited for: a worker killed while sending a
        # result can leave the executor's own thread waiting for the rest of
        # it (see stopped_pool).
        global _stopped_pool
        _stopped_pool = True


_stopped_pool = False


def _quiet_executor_thread() -> None:
    """The executor's thread, finding its workers killed, marks futures the
    stop already cancelled as failed, and Python 3.11 raises for that
    (InvalidStateError) and prints a traceback. Nothing is wrong: the run is
    ending; keep the output clean."""
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if not isinstance(args.exc_value, InvalidStateError):
            previous(args)

    threading.excepthook = hook


def stopped_pool() -> bool:
    """Whether a pool was stopped early in this process. Its manager thread
    may then never end, so the process must leave with ``os._exit`` (the
    workers are already killed, and the main process writes nothing more)."""
    return _stopped_pool
