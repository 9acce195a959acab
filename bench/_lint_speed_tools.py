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

PLUGIN_DISTRIBUTION = "flake8-fstring-regex"
PLUGIN_MODULE = "flake8_fstring_regex.plugin"


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

# flake8 runs every tree plugin it loads on every file, whatever --select
# says (selection only filters the reports), so "without the plugin" has to
# mean "plugin not loaded". This driver wraps flake8's plugin discovery and,
# for the "without" variant, drops this distribution's entry point; both
# variants run the same driver, so they differ in nothing else. It reports
# the distributions it kept so the benchmark can check the filter worked.
# In the "with" variant it also measures the CPU time flake8 spends loading
# the plugin (its import, and libcst's when a file needs it) and in its
# run() (the plugin's own share of the same run).
FLAKE8_DRIVER = r"""
import re
import sys
import time

from flake8.plugins import finder

_find_plugins = finder.find_plugins
_load_plugin = getattr(finder, "_load_plugin", None)
_keep_fsr = sys.argv[1] == "with"
_cpu = {"load": 0.0, "run": 0.0, "files": 0}


def _normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def find_plugins(*args, **kwargs):
    found = _find_plugins(*args, **kwargs)
    kept = [p for p in found if _keep_fsr or _normal(p.package) != "flake8-fstring-regex"]
    names = sorted({_normal(p.package) for p in kept})
    sys.stderr.write("lint-speed plugins: " + " ".join(names) + "\n")
    return kept


def load_plugin(plugin):
    if _normal(plugin.package) != "flake8-fstring-regex":
        return _load_plugin(plugin)
    start = time.process_time()
    loaded = _load_plugin(plugin)
    _cpu["load"] += time.process_time() - start
    original = loaded.obj.run

    def run(self):
        start = time.process_time()
        results = list(original(self))
        _cpu["run"] += time.process_time() - start
        _cpu["files"] += 1
        return iter(results)

    loaded.obj.run = run
    return loaded


finder.find_plugins = find_plugins
if _keep_fsr and _load_plugin is not None:
    finder._load_plugin = load_plugin

from flake8.main.cli import main

status = main(sys.argv[2:])
if _keep_fsr and _load_plugin is not None:
    sys.stderr.write("lint-speed plugin cpu: %(load)r %(run)r %(files)r\n" % _cpu)
sys.exit(status)
"""

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
    argv = [sys.executable, "-c", FLAKE8_DRIVER, mode, "-j1", "--isolated", *files]
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
        if line.startswith("lint-speed plugins: "):
            plugins.extend(line.split(": ", 1)[1].split())
        elif line.startswith("lint-speed plugin cpu: "):
            load, run_cpu, files = line.split(": ", 1)[1].split()
            run.plugin_load_cpu, run.plugin_run_cpu = float(load), float(run_cpu)
            run.plugin_files = int(files)
    if (PLUGIN_DISTRIBUTION in plugins) != with_plugin:
        raise BenchError(
            f"flake8 {mode} the plugin loaded {plugins or 'no plugins'}: "
            "the driver did not control the plugin"
        )
    run.fsr_findings = len(_FSR_REPORT.findall(timed.stdout))
    timed.stdout = ""  # flake8's report of a whole corpus is large: keep the count only
    return run


# ---------------------------------------------------------------- import time

IMPORT_MARK = "lint-speed: flake8 ready"
# What flake8 has imported when it loads plugins: its application, checker
# and the entry-point discovery that reads every distribution's metadata.
IMPORT_IN_FLAKE8 = f"""
import configparser, sys
import flake8.checker, flake8.main.application, flake8.main.cli
from flake8.plugins import finder
try:
    finder.find_plugins(configparser.RawConfigParser(), finder.PluginOptions.blank())
except (AttributeError, TypeError):
    finder.find_plugins(configparser.RawConfigParser())
sys.stderr.write({IMPORT_MARK!r} + "\\n")
sys.stderr.flush()
import {PLUGIN_MODULE}
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] == "libcst")))
"""
IMPORT_BARE = f"""
import sys
import {PLUGIN_MODULE}
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] == "libcst")))
"""

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


@dataclass
class ImportLine:
    self_us: int
    cumulative_us: int
    depth: int
    module: str


def parse_importtime(stderr: str, after_mark: Optional[str] = None) -> list[ImportLine]:
    """The ``-X importtime`` lines of ``stderr`` (only those after ``after_mark``)."""
    lines: list[ImportLine] = []
    started = after_mark is None
    for raw in stderr.splitlines():
        if not started:
            started = raw.strip() == after_mark
            continue
        match = _IMPORT_LINE.match(raw)
        if match:
            depth = len(match.group(3)) // 2
            lines.append(
                ImportLine(int(match.group(1)), int(match.group(2)), depth, match.group(4))
            )
    return lines


@dataclass
class ImportRun:
    """One ``python -X importtime`` import of the plugin module."""

    in_flake8_ms: float  # self times of everything imported after flake8's own imports
    plugin_line_ms: float  # cumulative time of the plugin module's line, bare interpreter
    new_modules: list[str]  # what the plugin import added to a flake8 process
    libcst_modules: list[str]  # libcst modules present after either import


def _libcst_in(timed: Timed, lines: Sequence[ImportLine]) -> list[str]:
    found = set(timed.stdout.split())
    found.update(line.module for line in lines if line.module.split(".")[0] == "libcst")
    return sorted(found)


def run_import_once() -> ImportRun:
    """Import the plugin module in a flake8-like process and in a bare one."""
    in_flake8 = run_timed([sys.executable, "-X", "importtime", "-c", IMPORT_IN_FLAKE8])
    expect_status(in_flake8, (0,), "importing the plugin after flake8")
    new = parse_importtime(in_flake8.stderr, after_mark=IMPORT_MARK)
    if not any(line.module == PLUGIN_MODULE for line in new):
        raise BenchError(f"no import-time line for {PLUGIN_MODULE} after flake8's imports")
    bare = run_timed([sys.executable, "-X", "importtime", "-c", IMPORT_BARE])
    expect_status(bare, (0,), "importing the plugin")
    bare_lines = parse_importtime(bare.stderr)
    plugin_lines = [line for line in bare_lines if line.module == PLUGIN_MODULE]
    if not plugin_lines:
        raise BenchError(f"no import-time line for {PLUGIN_MODULE}")
    return ImportRun(
        in_flake8_ms=sum(line.self_us for line in new) / 1000,
        plugin_line_ms=plugin_lines[0].cumulative_us / 1000,
        new_modules=[line.module for line in new],
        libcst_modules=sorted(
            set(_libcst_in(in_flake8, new)) | set(_libcst_in(bare, bare_lines))
        ),
    )


# ---------------------------------------------------------------- peak memory

# The measured command is the only child of this fresh wrapper, so the
# wrapper's RUSAGE_CHILDREN maximum resident set size is that command's own.
MEMORY_WRAPPER = """
import resource, subprocess, sys
completed = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(completed.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory_bytes(argv: Sequence[str], cwd: Path) -> tuple[int, int]:
    """(peak resident set size in bytes, exit status) of ``argv`` run alone."""
    timed = run_timed([sys.executable, "-c", MEMORY_WRAPPER, *argv], cwd=cwd)
    expect_status(timed, (0,), "the memory wrapper")
    status, maxrss = (int(word) for word in timed.stdout.split())
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return (maxrss if sys.platform == "darwin" else maxrss * 1024), status
