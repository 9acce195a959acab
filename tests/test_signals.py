"""A clean stop: real processes, real signals, with and without workers.

Each run fixes a tree big enough to be still writing when the signal is
sent (right after the first ``Rewriting`` line). After the signal no file
may be written, except the one replacement that may be under way when it
arrives: at most one file is newer than the signal, and the files that
changed are exactly those reported. The command exits
130/143 quickly and quietly, and no worker outlives it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flake8_fstring_regex.analysis import analyse

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
FILLER = "x = [" + ", ".join(str(n) for n in range(200)) + "]\n"
# One second, as promised, plus room for a loaded CI machine.
LIMIT = 2.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Enough files (over the 64 that start workers), each slow enough."""
    root = tmp_path_factory.mktemp("signals")
    body = (BAD + FILLER) * 20
    for index in range(120):
        (root / f"m{index:03d}.py").write_text(body)
    return root, body


def _group_members(group: int) -> list[int]:
    """Live (not zombie) processes in a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            members.append(int(entry.name))
    return members


def _run_and_signal(tree: Path, *, sig: int, to_group: bool, jobs: str):
    proc = subprocess.Popen(
        [sys.executable, "-m", "flake8_fstring_regex", "--fix", "-j", jobs, str(tree)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        bufsize=0,  # unbuffered: readline must not keep later lines from communicate
    )
    try:
        first = proc.stderr.readline()  # the run is writing files now
        assert first.startswith(b"Rewriting"), first + proc.stderr.read()
        sent_ns = time.time_ns()
        sent = time.monotonic()
        (os.killpg if to_group else os.kill)(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
        elapsed = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    return proc, first + err, sent_ns, elapsed


def _workers_gone(group: int) -> bool:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if not _group_members(group):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "sig, to_group",
    [
        (signal.SIGINT, True),  # Ctrl-C in a terminal
        (signal.SIGTERM, True),
        (signal.SIGTERM, False),  # only the main process: the workers must follow
        (signal.SIGINT, False),
    ],
    ids=["int-group", "term-group", "term-main", "int-main"],
)
def test_a_stop_signal_ends_the_run_at_once_and_writes_nothing_after_it(
    corpus, tmp_path, sig, to_group, jobs
):
    source, body = corpus
    tree = tmp_path / "tree"
    tree.mkdir()
    for path in source.iterdir():
        (tree / path.name).write_text(body)
    proc, err, sent_ns, elapsed = _run_and_signal(tree, sig=sig, to_group=to_group, jobs=jobs)
    assert proc.returncode == 128 + sig, err.decode()
    assert elapsed < LIMIT, f"took {elapsed:.2f} s to stop"
    assert b"Traceback" not in err, err.decode()
    assert _workers_gone(proc.pid), "a worker outlived the main process"
    files = sorted(tree.iterdir())
    assert [p.name for p in files if not p.name.endswith(".py")] == [], "temporary file left"
    changed = {p.name for p in files if p.read_text() != body}
    reported = {Path(line.split(" ", 1)[1]).name for line in err.decode().splitlines()}
    assert changed == reported, "a file was written but not reported, or the reverse"
    # Only a replacement already under way when the signal came may finish.
    late = [p.name for p in files if p.stat().st_mtime_ns > sent_ns]
    assert len(late) <= 1, f"written after the signal: {late}"
    assert 0 < len(changed) < len(files), "the signal came too late to test anything"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_end_when_the_main_process_is_killed(corpus, tmp_path):
    source, body = corpus
    tree = tmp_path / "tree"
    tree.mkdir()
    for path in source.iterdir():
        (tree / path.name).write_text(body)
    fixed = _fixed(body)
    proc, err, _, _ = _run_and_signal(tree, sig=signal.SIGKILL, to_group=False, jobs="2")
    assert proc.returncode == -signal.SIGKILL
    assert _workers_gone(proc.pid), "workers kept running after the main process was killed"
    # Every file is whole: the old bytes or the fixed ones, never a mix.
    for path in tree.glob("*.py"):
        assert path.read_text() in (body, fixed), path.name
    # A kill -9 cannot be caught: if it lands between naming the copy and
    # renaming it (two system calls in a row), that one copy keeps its name.
    left = [p for p in tree.iterdir() if not p.name.endswith(".py")]
    assert len(left) <= 1, left
    for path in left:
        assert path.name.startswith(".fsr-") and path.name.endswith(".tmp"), path.name
        assert path.read_text() == fixed


def _fixed(body: str) -> str:
    """The fixed text of one file, computed without writing anything."""
    fixed = analyse(body.encode()).fixed().decode()
    assert fixed != body
    return fixed
