"""The command's job policy: gate in the main process, workers only for
the files the text gate lets through, and only when they are several and
hold enough text to pay for the workers."""

from __future__ import annotations

import pytest

from flake8_fstring_regex import pool as pool_module
from flake8_fstring_regex import process
from flake8_fstring_regex.process import Job, process_files

FINDING = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
CLEAN = "x = 1\n"


def _tree(tmp_path, findings: int, clean: int, size: int = 0) -> list[str]:
    """``findings`` files with a finding (padded with comments to ``size``
    characters), ``clean`` clean ones, and one that cannot be read."""
    padded = FINDING + "# padding\n" * max(0, (size - len(FINDING)) // 10)
    paths = []
    for n in range(findings + clean):
        path = tmp_path / f"m{n:03}.py"
        path.write_text(padded if n % 2 == 0 and n // 2 < findings else CLEAN)
        paths.append(str(path))
    (tmp_path / "bad.py").write_bytes(b"\0")
    return paths + [str(tmp_path / "bad.py")]


class _Spy:
    started = 0

    def __init__(self, workers: int) -> None:
        type(self).started += 1
        self._real = _RealPool(workers)

    def __enter__(self):
        self._real.__enter__()
        return self

    def map(self, function, items):
        type(self).items = list(items)
        return self._real.map(function, self.items)

    def __exit__(self, *exc):
        return self._real.__exit__(*exc)


_RealPool = pool_module.Pool


@pytest.fixture
def spy(monkeypatch):
    _Spy.started = 0
    monkeypatch.setattr(pool_module, "Pool", _Spy)
    return _Spy


def _summary(outcomes):
    return [(o.name.rsplit("/", 1)[-1], len(o.reports), bool(o.error)) for o in outcomes]


@pytest.mark.parametrize(
    "findings, size",
    [
        (10, 0),  # many small candidate files: less text than a pool costs
        (1, process.WORKER_BYTES * 2),  # one large one: nothing to share
    ],
)
def test_little_work_past_the_gate_never_starts_workers(tmp_path, spy, findings, size):
    paths = _tree(tmp_path, findings=findings, clean=30, size=size)
    outcomes = list(process_files(paths, Job(), jobs=2))
    assert spy.started == 0
    assert _summary(outcomes) == _summary(process_files(paths, Job(), jobs=1))


def test_enough_work_goes_to_workers_in_order(tmp_path, spy):
    paths = _tree(tmp_path, findings=4, clean=30, size=process.WORKER_BYTES // 3)
    outcomes = list(process_files(paths, Job(), jobs=2))
    assert spy.started == 1
    assert len(spy.items) == 4  # the clean files stay here
    assert _summary(outcomes) == _summary(process_files(paths, Job(), jobs=1))
    assert [o.name for o in outcomes] == paths


def _pid_after_a_nap(_item: int) -> int:
    import os
    import time

    time.sleep(0.2)  # busy long enough that the next item goes to another worker
    return os.getpid()


def test_a_few_long_items_are_shared_by_the_workers():
    """Chunks small enough that every worker gets some: with one chunk of
    sixteen, a few heavy files all went to one worker."""
    with _RealPool(2) as pool:
        pids = list(pool.map(_pid_after_a_nap, list(range(4))))
    assert len(set(pids)) == 2
