"""The command's job policy: gate in the main process, workers only for
the files the text gate lets through, and only when there are enough."""

from __future__ import annotations

import pytest

from flake8_fstring_regex import pool as pool_module
from flake8_fstring_regex import process
from flake8_fstring_regex.process import Job, process_files

FINDING = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
CLEAN = "x = 1\n"


def _tree(tmp_path, findings: int, clean: int) -> list[str]:
    paths = []
    for n in range(findings + clean):
        path = tmp_path / f"m{n:03}.py"
        path.write_text(FINDING if n % 2 == 0 and n // 2 < findings else CLEAN)
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


def test_few_candidates_never_start_workers(tmp_path, spy):
    paths = _tree(tmp_path, findings=process.WORKER_THRESHOLD - 1, clean=30)
    outcomes = list(process_files(paths, Job(), jobs=2))
    assert spy.started == 0
    assert _summary(outcomes) == _summary(process_files(paths, Job(), jobs=1))


def test_many_candidates_go_to_workers_in_order(tmp_path, spy):
    paths = _tree(tmp_path, findings=process.WORKER_THRESHOLD + 2, clean=30)
    outcomes = list(process_files(paths, Job(), jobs=2))
    assert spy.started == 1
    assert len(spy.items) == process.WORKER_THRESHOLD + 2  # the clean files stay here
    assert _summary(outcomes) == _summary(process_files(paths, Job(), jobs=1))
    assert [o.name for o in outcomes] == paths
