"""Running the tools the lint-speed benchmark compares, and timing them.

Every measurement runs in a child process. Wall time is taken around the
child with ``time.perf_counter``; CPU time (user + system) is the growth of
``RUSAGE_CHILDREN`` across the run, which is exact because children run one
at a time.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bench.lint_speed.children import flake8_driver

PLUGIN_DISTRIBUTION = flake8_driver.DISTRIBUTION
# The programs run in a child process, by path (see children/__init__.py).
CHILDREN = Path(__file__).resolve().parent / "children"


class BenchError(Exception):
    """A tool did not behave as the benchmark needs (not a slow result)."""


_environment: Optional[dict[str, str]] = None


def use_bytecode_cache(directory: Path) -> None:
    """Let every child cache compiled modules under ``directory``.

    Users run installed code from ``.pyc`` files; with
    ``PYTHONDONTWRITEBYTECODE`` set, every child would compile the project's
    modules again and the import and start-up figures would measure the
    compiler. ``PYTHONPYCACHEPREFIX`` keeps the cache out of the source tree;
    a warm-up run fills it before anything is timed.
    """
    global _environment
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(directory)
    _environment = environment


@dataclass
class Timed:
    """One child process run: its times, exit status and output."""

    wall: float
    cpu: float
    returncode: int
    stdout: str
    stderr: str


def run_timed(
    argv: Sequence[str],
    *,
    cwd: Optional[Path] = None,
    capture_stdout: bool = True,
) -> Timed:
    """Run ``argv`` to completion and time it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        completed = subprocess.run(
            list(argv),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            errors="replace",
            env=_environment,
            check=False,
        )
    except OSError as error:
        raise BenchError(f"cannot run {argv[0]}: {error}") from None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu, completed.returncode, completed.stdout or "", completed.stderr)


def expect_status(timed: Timed, allowed: Sequence[int], what: str) -> None:
    """Raise BenchError when a tool crashed rather than reporting findings."""
    if timed.returncode not in allowed:
        tail = "\n".join(timed.stderr.strip().splitlines()[-5:])
        raise BenchError(f"{what} exited with status {timed.returncode}:\n{tail}")


def _next_to_python(name: str) -> Optional[str]:
    """A console script installed beside this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    return shutil.which(name)


def cli_command() -> list[str]:
    """The project's command line, as installed."""
    script = _next_to_python("flake8-fstring-regex")
    return [script] if script else [sys.executable, "-m", "flake8_fstring_regex"]


def ruff_command() -> Optional[list[str]]:
    """``ruff``, or None when it is not installed."""
    script = _next_to_python("ruff")
    if script:
        return [script]
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    return None


def fixit_command() -> Optional[list[str]]:
    """``fixit``, or None when it is not installed."""
    if importlib.util.find_spec("fixit") is None:
        return None
    script = _next_to_python("fixit")
    return [script] if script else [sys.executable, "-m", "fixit"]


def distribution_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def command_version(command: Sequence[str]) -> str:
    """The first line ``COMMAND --version`` prints."""
    completed = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, check=False
    )
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0] if lines else "unknown version"


# ---------------------------------------------------------------- flake8

_FLAKE8_FAILURE_SIGNS = (
    "Traceback (most recent call last)",
    "failed during execution",
    "There was a critical error",
)
_FSR_REPORT = re.compile(r":\d+:\d+: FSR\d{3} ", re.MULTILINE)


@dataclass
class Flake8Run:
    timed: Timed
    fsr_findings: int
    plugins: list[str]
    # CPU seconds inside the plugin (load, run) and files it ran on; None
    # without the plugin, or with a flake8 whose loader could not be wrapped.
    plugin_load_cpu: Optional[float] = None
    plugin_run_cpu: Optional[float] = None
    plugin_files: Optional[int] = None


def run_flake8(with_plugin: bool, files: Sequence[str], cwd: Path) -> Flake8Run:
    """``flake8 -j1`` on ``files``, with or without this plugin loaded."""
    mode = "with" if with_plugin else "without"
    argv = [sys.executable, str(CHILDREN / "flake8_driver.py"), mode, "-j1", "--isolated", *files]
    timed = run_timed(argv, cwd=cwd)
    expect_status(timed, (0, 1), f"flake8 ({mode} the plugin)")
    # Status 1 also means findings, so a crash shows only on stderr: a run
    # that stopped early would look fast.
    if any(sign in timed.stderr for sign in _FLAKE8_FAILURE_SIGNS):
        tail = "\n".join(timed.stderr.strip().splitlines()[-8:])
        raise BenchError(f"flake8 ({mode} the plugin) failed:\n{tail}")
    plugins: list[str] = []
    run = Flake8Run(timed, 0, plugins)
    for line in timed.stderr.splitlines():
        if line.startswith(flake8_driver.PLUGINS_LINE):
            plugins.extend(line[len(flake8_driver.PLUGINS_LINE):].split())
        elif line.startswith(flake8_driver.PLUGIN_CPU_LINE):
            load, run_cpu, count = line[len(flake8_driver.PLUGIN_CPU_LINE):].split()
            run.plugin_load_cpu, run.plugin_run_cpu = float(load), float(run_cpu)
            run.plugin_files = int(count)
    if (PLUGIN_DISTRIBUTION in plugins) != with_plugin:
        raise BenchError(
            f"flake8 {mode} the plugin loaded {plugins or 'no plugins'}: "
            "the driver did not control the plugin"
        )
    run.fsr_findings = len(_FSR_REPORT.findall(timed.stdout))
    timed.stdout = ""  # flake8's report of a whole corpus is large: keep the count only
    return run


# ---------------------------------------------------------------- peak memory


def peak_memory_bytes(argv: Sequence[str], cwd: Path) -> tuple[int, int]:
    """(peak resident set size in bytes, exit status) of ``argv`` run alone."""
    timed = run_timed([sys.executable, str(CHILDREN / "memory_wrapper.py"), *argv], cwd=cwd)
    expect_status(timed, (0,), "the memory wrapper")
    status, maxrss = (int(word) for word in timed.stdout.split())
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return (maxrss if sys.platform == "darwin" else maxrss * 1024), status
