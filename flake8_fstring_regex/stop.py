"""A clean stop on SIGINT and SIGTERM.

The main process is the only one that writes files. While the command runs,
SIGINT and SIGTERM raise ``Stopped`` in it at once, except inside
``no_stop()``, the few system calls that replace one file: there the signal
waits until the replacement is complete, then stops the run. So no file is
written after a signal arrives, and a replacement in progress is never cut
in half. Worker processes only read and compute; they end with the main
process however it ends (see ``worker_setup``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Callable, Optional, Union

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_Handler = Union[Callable[[int, Optional[FrameType]], Any], int, None]


class Stopped(BaseException):
    """Raised in the main process by a stop signal; ``signum`` says which.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


class _State:
    def __init__(self) -> None:
        self.signum: Optional[int] = None
        self.deferring = False


_state = _State()


def _on_signal(signum: int, frame: Optional[FrameType]) -> None:
    if _state.signum is None:
        _state.signum = signum
    if not _state.deferring:
        raise Stopped(_state.signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into ``Stopped`` for the duration (main
    thread only; elsewhere the process keeps its handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[signal.Signals, _Handler] = {}
    _state.signum = None
    _state.deferring = False
    try:
        for number in STOP_SIGNALS:
            previous[number] = signal.signal(number, _on_signal)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _state.signum = None


def _mask(how: int) -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(how, STOP_SIGNALS)


@contextmanager
def no_stop() -> Iterator[None]:
    """Run the body whole: a stop signal that arrives meanwhile takes effect
    when it ends. One that arrived before stops the run before the body.
    Nested uses are part of the outermost one.

    Blocking the signals in this thread also makes CPython run any handler
    still pending (it checks for signals when the mask call returns).
    """
    if threading.current_thread() is not threading.main_thread() or _state.deferring:
        yield
        return
    try:
        _mask(signal.SIG_BLOCK)
        if _state.signum is not None:
            raise Stopped(_state.signum)
    except BaseException:
        _mask(signal.SIG_UNBLOCK)
        raise
    _state.deferring = True
    try:
        yield
    finally:
        _state.deferring = False
        _mask(signal.SIG_UNBLOCK)  # runs the handler of a signal held meanwhile
        if _state.signum is not None:  # one handled by another thread
            raise Stopped(_state.signum)  # a stop wins over any error


@contextmanager
def signals_blocked() -> Iterator[None]:
    """Block the stop signals in this thread while the body starts threads
    or processes: they inherit the mask, so a stop signal is always handled
    by the main thread (threads) or by ``worker_setup`` (processes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _mask(signal.SIG_BLOCK)
    try:
        yield
    finally:
        _mask(signal.SIG_UNBLOCK)


# prctl(2) option: a signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def worker_setup(parent: int) -> None:
    """Run first in each worker process.

    SIGINT (a Ctrl-C reaches the whole process group) is ignored: the main
    process decides, and ends the workers. SIGTERM ends a worker at once,
    quietly. A worker never outlives the main process: on Linux the kernel
    kills it when the main process dies, however it dies (PR_SET_PDEATHSIG);
    elsewhere a thread checks every 0.2 s that the parent is still there.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _mask(signal.SIG_UNBLOCK)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)


def _die_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(0.2)
    os._exit(1)


def requested() -> Optional[int]:
    """The stop signal received so far in this run, if any."""
    return _state.signum
