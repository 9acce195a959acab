"""Tests of the concurrency benchmark, ``python -m bench.concurrency``, at a small scale.

The figures come from a real, shared machine, so the tests compare strategies
with each other (ratios to ``single``) with room for a busy two-core machine,
and never assert an absolute time.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import run_module

from bench.concurrency import command as concurrency
from bench.concurrency.checks import evaluate_checks
from bench.concurrency.report import busy_machine_lines
from bench.concurrency.results import Measurement, StrategyResult, gil_enabled, usable_cpus
from bench.concurrency.strategies import STRATEGY_NAMES
from bench.concurrency.workload import CPU, SLEEP, Workload, calibrate_cpu_iterations, spin

REPO_ROOT = Path(__file__).resolve().parents[1]
GEVENT_INSTALLED = importlib.util.find_spec("gevent") is not None
EXPECTED_STRATEGIES = [
    name for name in STRATEGY_NAMES if GEVENT_INSTALLED or not name.startswith("gevent")
]
SMALL_SLEEP = ["--sleep", "0.1", "--steps", "3", "--repeat", "3"]


def run_bench(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_module("bench.concurrency", *arguments, timeout=timeout)


def medians(document: dict[str, Any]) -> dict[str, float]:
    return {entry["strategy"]: entry["median"] for entry in document["results"]}


@pytest.fixture(scope="module")
def sleep_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """One full run of every strategy, sleep workload, three runs each, with --check."""
    json_path = tmp_path_factory.mktemp("sleep") / "figures.json"
    completed = run_bench(*SMALL_SLEEP, "--check", "--json", str(json_path))
    document = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {}
    return completed, document


def test_sleep_workload_check_passes(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    completed, document = sleep_run
    assert completed.returncode == 0, completed.stdout + completed.stderr
    expected_checks = len(EXPECTED_STRATEGIES) - 1
    assert completed.stdout.count("  PASS  ") == expected_checks
    assert "FAIL" not in completed.stdout
    assert [check["passed"] for check in document["checks"]] == [True] * expected_checks


def test_every_strategy_is_listed_with_a_figure(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    completed, document = sleep_run
    rows = {line.split()[0]: line.split() for line in completed.stdout.splitlines() if line}
    for name in EXPECTED_STRATEGIES:
        assert float(rows[name][1]) > 0, rows[name]
        assert rows[name][4].endswith("x") and rows[name][5].endswith("%")
    assert [entry["strategy"] for entry in document["results"]] == EXPECTED_STRATEGIES


def test_json_has_every_figure_and_the_machine_facts(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, document = sleep_run
    assert document["workload"] == {
        "kind": "sleep",
        "tasks": 2,
        "steps": 3,
        "step_seconds": 0.1,
        "cpu_iterations_per_step": 0,
        "ideal_seconds": pytest.approx(0.3),
        "sequential_seconds": pytest.approx(0.6),
    }
    assert document["repeat"] == 3
    machine = document["machine"]
    assert machine["python_version"] == ".".join(map(str, sys.version_info[:3]))
    assert machine["gil_enabled"] is gil_enabled()
    for key in ("implementation", "platform", "cpu_count", "multiprocessing_start_method"):
        assert machine[key]
    for entry in document["results"]:
        assert len(entry["seconds"]) == 3
        assert entry["min"] <= entry["median"] <= entry["max"]
        assert entry["efficiency"] == pytest.approx(0.3 / entry["median"])
        assert entry["explanation"]
    single = medians(document)["single"]
    for entry in document["results"]:
        assert entry["speedup"] == pytest.approx(single / entry["median"])


def test_threads_processes_and_asyncio_halve_the_sleeps(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, document = sleep_run
    times = medians(document)
    for name in ("threading", "thread-pool", "multiprocessing", "process-pool", "asyncio"):
        assert times[name] / times["single"] < 0.7, (name, times)


def test_gevent_needs_monkey_patching_to_overlap_sleeps(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    pytest.importorskip("gevent")
    _, document = sleep_run
    times = medians(document)
    assert 0.9 <= times["gevent"] / times["single"] <= 1.2, times
    assert times["gevent-patched"] / times["single"] < 0.7, times


def test_progress_goes_to_stderr(
    sleep_run: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    completed, _ = sleep_run
    total = 3 * len(EXPECTED_STRATEGIES)
    first = rf"^\[ *1/{total}\] single \(run 1/3\) \.\.\. [0-9.]+ s$"
    last = rf"^\[{total}/{total}\] [a-z-]+ \(run 3/3\) \.\.\. [0-9.]+ s$"
    assert re.search(first, completed.stderr, re.MULTILINE), completed.stderr
    assert re.search(last, completed.stderr, re.MULTILINE), completed.stderr
    assert "(run" not in completed.stdout


SPIN_PROBE = (
    "import sys, time; from bench.concurrency.workload import spin; "
    "start = time.perf_counter(); spin(int(sys.argv[1])); print(time.perf_counter() - start)"
)


def spin_seconds(iterations: int, copies: int) -> float:
    """The slowest of ``copies`` interpreters spinning side by side."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", SPIN_PROBE, str(iterations)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(copies)
    ]
    return max(float(child.communicate(timeout=60)[0]) for child in children)


def two_cores_are_free(iterations: int) -> bool:
    """Whether two processes spinning at once take well under twice as long as one.

    On a machine where something else keeps a core busy (or whose two virtual
    CPUs share one physical core), no process strategy can beat a single thread
    by much, so the test cannot expect it to.
    """
    if usable_cpus() < 2:
        return False
    slowdowns = [spin_seconds(iterations, 2) / spin_seconds(iterations, 1) for _ in range(3)]
    return statistics.median(slowdowns) <= 1.5


def test_cpu_workload_shows_the_gil(tmp_path: Path) -> None:
    probe_iterations = calibrate_cpu_iterations(0.2)
    free_before = two_cores_are_free(probe_iterations)
    json_path = tmp_path / "cpu.json"
    completed = run_bench(
        "--workload", "cpu", "--sleep", "0.2", "--steps", "2", "--repeat", "3",
        "--only", "single,threading,multiprocessing", "--json", str(json_path),
    )
    assert completed.returncode == 0, completed.stderr
    assert "calibrating CPU work" in completed.stderr
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert document["workload"]["cpu_iterations_per_step"] > 0
    times = medians(document)
    assert list(times) == ["single", "threading", "multiprocessing"]
    cores = {entry["strategy"]: entry["cores_busy"] for entry in document["results"]}
    if gil_enabled():
        assert cores["threading"] <= 1.2, cores
        assert times["threading"] / times["single"] >= 0.6, times
    rows = [line.split() for line in completed.stdout.splitlines()]
    assert ["strategy", "time", "(s)", "min", "max", "speed-up", "efficiency", "cores"] in [
        row[:8] for row in rows
    ]
    if not (free_before and two_cores_are_free(probe_iterations)):
        pytest.skip(f"fewer than two free cores, so processes cannot run in parallel: {times}")
    assert times["multiprocessing"] / times["single"] <= 0.9, times


@pytest.mark.parametrize(
    "arguments",
    [
        ["--only", "nosuch"],
        ["--only", "single,nosuch"],
        ["--steps", "0"],
        ["--tasks", "-2"],
        ["--sleep", "-1"],
        ["--sleep", "nan"],
        ["--repeat", "many"],
        ["--workload", "disk"],
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(arguments: list[str]) -> None:
    completed = run_bench(*arguments)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert len(completed.stderr.splitlines()) == 1, completed.stderr
    assert "error:" in completed.stderr


def test_plot_without_matplotlib_is_a_clear_message(tmp_path: Path) -> None:
    png = tmp_path / "chart.png"
    hide_matplotlib_and_run = (
        "import runpy, sys; sys.modules['matplotlib'] = None; "
        f"sys.argv = ['concurrency', '--only', 'single', '--plot', {str(png)!r}]; "
        "runpy.run_module('bench.concurrency', run_name='__main__', alter_sys=True)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", hide_matplotlib_and_run],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        "python -m bench.concurrency: error: --plot needs matplotlib, which is not installed"
        " (pip install matplotlib)"
    ]
    assert completed.stdout == ""
    assert not png.exists()


def test_plot_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "chart.png"
    completed = run_bench(
        "--sleep", "0.02", "--steps", "2", "--only", "single,threading", "--plot", str(png)
    )
    assert completed.returncode == 0, completed.stderr
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_run_one_prints_the_time_as_json() -> None:
    completed = run_bench("--run-one", "asyncio", "--sleep", "0.05", "--steps", "2")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report["strategy"] == "asyncio"
    assert report["gil_enabled"] is gil_enabled()
    assert report["seconds"] >= 0.1


def test_in_process_threads_and_asyncio_overlap_sleeps() -> None:
    workload = Workload(SLEEP, tasks=2, steps=2, step_seconds=0.1)
    single = concurrency.run_one("single", workload)["seconds"]
    assert single >= 0.4
    for name in ("threading", "thread-pool", "asyncio"):
        assert concurrency.run_one(name, workload)["seconds"] / single < 0.7, name


def test_measure_in_child_counts_the_worker_processes_cpu_time() -> None:
    # The work's CPU time, measured here: unlike a calibration by wall-clock
    # time, it does not shrink when other processes take the cores.
    iterations = 100_000
    while True:
        start = time.process_time()
        spin(iterations)
        own = time.process_time() - start
        if own >= 0.1:
            break
        iterations *= 2
    workload = Workload(CPU, tasks=2, steps=1, step_seconds=own, cpu_iterations=iterations)
    measurement = concurrency.measure_in_child("process-pool", workload)
    assert measurement.seconds > 0
    assert measurement.gil_enabled is gil_enabled()
    if sys.platform != "win32":
        # Two tasks ran in worker processes: their CPU time is counted.
        assert measurement.cpu_seconds >= 1.5 * own, (measurement, own)


def test_calibrated_cpu_step_takes_about_the_sleep() -> None:
    iterations = calibrate_cpu_iterations(0.05)
    workload = Workload(CPU, tasks=1, steps=3, step_seconds=0.05, cpu_iterations=iterations)
    seconds = concurrency.run_one("single", workload)["seconds"]
    assert 0.03 <= seconds <= 0.6
    assert spin(5) == 0 ^ 1 ^ 4 ^ 9 ^ 16


def fake_results(times: dict[str, float], gil: bool = True) -> dict[str, StrategyResult]:
    return {name: StrategyResult(name, (seconds,), gil) for name, seconds in times.items()}


def test_checks_fail_when_the_write_ups_conclusions_do_not_hold() -> None:
    sleep = Workload(SLEEP, tasks=2, steps=5, step_seconds=1.0)
    outcomes = evaluate_checks(
        fake_results({"single": 10.0, "threading": 5.1, "gevent": 5.0, "gevent-patched": 10.0}),
        sleep,
    )
    assert [(outcome.name.split()[0], outcome.passed) for outcome in outcomes] == [
        ("threading", True),
        ("gevent", False),
        ("gevent-patched", False),
    ]
    assert "multiprocessing" not in " ".join(outcome.name for outcome in outcomes)
    assert evaluate_checks(fake_results({"threading": 5.0}), sleep) == []


def test_cpu_checks_follow_the_gil() -> None:
    cpu = Workload(CPU, tasks=2, steps=5, step_seconds=1.0, cpu_iterations=1)
    with_gil = evaluate_checks(fake_results({"single": 10.0, "threading": 5.0}), cpu)
    assert [outcome.passed for outcome in with_gil] == [False]
    assert "GIL" in with_gil[0].name
    without_gil = evaluate_checks(fake_results({"single": 10.0, "threading": 5.0}, gil=False), cpu)
    if usable_cpus() >= 2:
        assert [outcome.passed for outcome in without_gil] == [True]
        assert "parallel" in without_gil[0].name
    else:
        assert without_gil == []


def test_check_failure_exits_1_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_times = {"single": 1.0, "threading": 0.5, "asyncio": 1.0}

    def measure(name: str, workload: Workload) -> Measurement:
        return Measurement(fake_times[name], 0.0, True)

    monkeypatch.setattr(concurrency, "measure_in_child", measure)
    status = concurrency.main(["--only", "threading,asyncio", "--check", "--sleep", "0.1"])
    captured = capsys.readouterr()
    assert status == 1
    assert "FAIL  asyncio overlaps the sleeps" in captured.out
    assert "PASS  threading overlaps the sleeps" in captured.out
    assert captured.err.splitlines()[-1] == (
        "python -m bench.concurrency: failed checks: asyncio overlaps the sleeps"
    )
    assert "note: --check compares with single, so it runs too" in captured.err


def test_busy_machine_warning_follows_singles_share_of_a_core() -> None:
    cpu = Workload(CPU, tasks=2, steps=1, step_seconds=1.0, cpu_iterations=1)
    starved = {"single": StrategyResult("single", (2.0,), True, cpu_seconds=(1.0,))}
    whole_core = {"single": StrategyResult("single", (2.0,), True, cpu_seconds=(1.98,))}
    assert busy_machine_lines(starved, cpu) == [
        "Warning: single kept only 0.5 of a core busy: other load on this machine is slowing"
        " the CPU work, so these figures are unreliable."
    ]
    assert busy_machine_lines(whole_core, cpu) == []
    assert busy_machine_lines(starved, Workload(SLEEP, 2, 1, 1.0)) == []
