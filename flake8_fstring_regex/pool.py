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
        global _started
        _started = True
        self._size = workers
        _quiet_executor_thread()
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
        # Chunks small enough that every worker gets some (the files that
        # reach the pool are few, and each may take long): with one chunk
        # of 16, sixteen heavy files all went to one worker.
        chunk = max(1, min(16, len(items) // (self._size * 4)))
        with signals_blocked():
            results = self._executor.map(function, items, chunksize=chunk)
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
        for worker in self._workers:
            if worker.is_alive():
                worker.kill()
        # Not shut down, not waited for: a worker killed while sending a
        # result can leave the executor's own thread waiting for the rest of
        # it (see stopped_pool).
        global _stopped_pool
        _stopped_pool = True


_stopped_pool = False
# A stop can also arrive between two outcomes, outside the pool's own code:
# the pool's __exit__ then runs only when the generator holding it is closed.
_started = False


def _quiet_executor_thread() -> None:
    """Keep the output clean when the run ends with workers killed (a stop
    signal to the process group reaches them too):
    - the executor's thread marks futures the stop already cancelled as
      failed, and Python 3.11 raises for that (InvalidStateError);
    - the queue's feeder thread, still sending tasks, finds the pipe to the
      dead workers closed (OSError).
    Neither means anything is wrong, and nothing is lost: a worker never
    writes a file, and a pool that breaks otherwise raises BrokenProcessPool
    in the main thread."""
    previous = threading.excepthook
    if getattr(previous, "quiet_pool", False):
        return

    def hook(args: threading.ExceptHookArgs) -> None:
        if isinstance(args.exc_value, InvalidStateError):
            return
        feeder = args.thread is not None and args.thread.name.startswith("QueueFeederThread")
        if feeder and isinstance(args.exc_value, OSError):
            return
        previous(args)

    hook.quiet_pool = True  # type: ignore[attr-defined]
    threading.excepthook = hook


def stopped_pool() -> bool:
    """Whether a pool was started (and may have been stopped early) in this
    process. Its threads may then never end, or fail at interpreter exit on
    pipes to killed workers, so after a stop the process must leave with
    ``os._exit`` (workers never write, and die with the main process)."""
    return _stopped_pool or _started
