"""Time the same tasks run single-threaded, with threads, processes, asyncio and gevent.

Reproduces a classic comparison: two tasks of five one-second sleeps, run six
ways (one thread; ``threading``; ``ThreadPoolExecutor``; ``multiprocessing``;
``asyncio``; ``gevent`` without monkey-patching), plus gevent after monkey-patching
and a ``ProcessPoolExecutor``.  Every strategy runs in a fresh interpreter, so
that monkey-patching or a started pool cannot leak into another's figure, and is
timed there with ``time.perf_counter`` around just the strategy.

    python -m bench.concurrency                              # the original workload, about a minute
    python -m bench.concurrency --workload cpu --sleep 0.5   # calibrated CPU work: the GIL
    python -m bench.concurrency --sleep 0.1 --repeat 3 --check --json out.json

Exit status: 0 when all went well, 1 when a check failed or a strategy crashed,
2 for bad usage.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from bench._cli import OneLineErrorParser, comma_choices, positive_int, positive_seconds
from bench.concurrency.checks import CheckOutcome, evaluate_checks
from bench.concurrency.report import (
    busy_machine_lines,
    check_lines,
    header_lines,
    json_document,
    load_pyplot,
    table_lines,
    write_json,
    write_plot,
)
from bench.concurrency.results import (
    Measurement,
    StrategyResult,
    cpu_seconds_used,
    gil_enabled,
    machine_facts,
)
from bench.concurrency.strategies import BASELINE, STRATEGY_NAMES, strategy_named
from bench.concurrency.workload import (
    CPU,
    SLEEP,
    WORKLOAD_KINDS,
    Workload,
    calibrate_cpu_iterations,
)

PROG = "python -m bench.concurrency"
_PACKAGE_PARENT = Path(__file__).resolve().parents[2]


class UsageError(Exception):
    """Bad input found after parsing: reported on one line, exit status 2."""


class StrategyFailed(Exception):
    """A strategy's interpreter did not report a time: exit status 1."""


def _strategy_list(text: str) -> list[str]:
    return comma_choices(text, STRATEGY_NAMES, "strategy")


def _strategy_name(text: str) -> str:
    if text not in STRATEGY_NAMES:
        raise argparse.ArgumentTypeError(f"unknown strategy {text!r}")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m bench.concurrency``."""
    parser = OneLineErrorParser(
        prog=PROG,
        description=(
            "Reproduce a classic write-up comparing concurrency models: time the same"
            " tasks run single-threaded, with threading, a thread pool, multiprocessing,"
            " a process pool, asyncio and gevent (unpatched and monkey-patched), each"
            " in a fresh interpreter. See bench/README.md."
        ),
        epilog="Progress goes to stderr, the table to stdout. "
        "Exit status: 0 ok, 1 a check failed or a strategy crashed, 2 bad usage.",
    )
    parser.add_argument("--sleep", type=positive_seconds, default=1.0, metavar="S",
                        help="seconds per step (default 1, as in the write-up)")
    parser.add_argument("--steps", type=positive_int, default=5, metavar="N",
                        help="steps per task (default 5)")
    parser.add_argument("--tasks", type=positive_int, default=2, metavar="N",
                        help="tasks run concurrently (default 2)")
    parser.add_argument("--repeat", type=positive_int, default=1, metavar="N",
                        help="runs per strategy; the table shows median, min and max")
    parser.add_argument("--workload", choices=WORKLOAD_KINDS, default=SLEEP,
                        help="sleep (the write-up's) or cpu: pure-Python work calibrated"
                        " to take about as long as each sleep")
    parser.add_argument("--only", type=_strategy_list, metavar="NAME,...",
                        help=f"run only these strategies, from: {','.join(STRATEGY_NAMES)}")
    parser.add_argument("--json", type=Path, metavar="PATH",
                        help="write every figure and the machine facts as JSON")
    parser.add_argument("--plot", type=Path, metavar="PATH",
                        help="write a PNG bar chart (needs matplotlib)")
    parser.add_argument("--check", action="store_true",
                        help="check the write-up's conclusions; exit 1 naming any that fail")
    parser.add_argument("--run-one", type=_strategy_name, help=argparse.SUPPRESS)
    parser.add_argument("--cpu-iterations", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def _progress(message: str, end: str = "\n") -> None:
    sys.stderr.write(message + end)
    sys.stderr.flush()


def _gevent_installed() -> bool:
    return importlib.util.find_spec("gevent") is not None


def select_strategies(only: Sequence[str] | None, check: bool) -> list[str]:
    """The strategies to run, in the table's order, without any that cannot run here."""
    wanted = set(only) if only else set(STRATEGY_NAMES)
    if check and BASELINE not in wanted:
        _progress(f"note: --check compares with {BASELINE}, so it runs too")
        wanted.add(BASELINE)
    selected = [name for name in STRATEGY_NAMES if name in wanted]
    needing_gevent = [name for name in selected if strategy_named(name).needs_gevent]
    if needing_gevent and not _gevent_installed():
        if only:
            verb = "needs" if len(needing_gevent) == 1 else "need"
            raise UsageError(
                f"{', '.join(needing_gevent)} {verb} gevent, which is not installed"
                " (pip install gevent)"
            )
        _progress(f"note: skipping {', '.join(needing_gevent)}: gevent is not installed")
        selected = [name for name in selected if name not in needing_gevent]
    return selected


def child_arguments(name: str, workload: Workload) -> list[str]:
    """The arguments that make a fresh interpreter run and time one strategy."""
    return [
        "--run-one", name,
        "--workload", workload.kind,
        "--tasks", str(workload.tasks),
        "--steps", str(workload.steps),
        "--sleep", repr(workload.step_seconds),
        "--cpu-iterations", str(workload.cpu_iterations),
    ]


def _child_environment() -> dict[str, str]:
    environment = dict(os.environ)
    search_path = [str(_PACKAGE_PARENT)]
    if environment.get("PYTHONPATH"):
        search_path.append(environment["PYTHONPATH"])
    environment["PYTHONPATH"] = os.pathsep.join(search_path)
    return environment


def measure_in_child(name: str, workload: Workload) -> Measurement:
    """Run one strategy in a fresh interpreter and return what it measured."""
    command = [sys.executable, "-m", "bench.concurrency", *child_arguments(name, workload)]
    completed = subprocess.run(
        command, stdout=subprocess.PIPE, text=True, env=_child_environment(), check=False
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        raise StrategyFailed(
            f"strategy {name} failed in its interpreter (exit status {completed.returncode})"
        )
    report = json.loads(lines[-1])
    return Measurement(
        float(report["seconds"]), float(report["cpu_seconds"]), bool(report["gil_enabled"])
    )


def run_one(name: str, workload: Workload) -> dict[str, Any]:
    """Time one strategy in this interpreter: the ``--run-one`` side."""
    runner = strategy_named(name).prepare(workload)
    cpu_start = cpu_seconds_used()
    start = time.perf_counter()
    runner()
    seconds = time.perf_counter() - start
    cpu_seconds = cpu_seconds_used() - cpu_start
    return {
        "strategy": name,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "gil_enabled": gil_enabled(),
    }


def run_all(names: Sequence[str], workload: Workload, repeat: int) -> dict[str, StrategyResult]:
    """Run every strategy ``repeat`` times, round by round, showing progress on stderr."""
    runs: dict[str, list[Measurement]] = {name: [] for name in names}
    total = len(names) * repeat
    done = 0
    for round_number in range(1, repeat + 1):
        for name in names:
            done += 1
            label = name if repeat == 1 else f"{name} (run {round_number}/{repeat})"
            _progress(f"[{done:>{len(str(total))}}/{total}] {label} ...", end=" ")
            measurement = measure_in_child(name, workload)
            runs[name].append(measurement)
            _progress(f"{measurement.seconds:.2f} s")
    return {name: _collect(name, runs[name]) for name in names}


def _collect(name: str, measurements: Sequence[Measurement]) -> StrategyResult:
    return StrategyResult(
        name,
        seconds=tuple(measurement.seconds for measurement in measurements),
        gil_enabled=measurements[-1].gil_enabled,
        cpu_seconds=tuple(measurement.cpu_seconds for measurement in measurements),
    )


def build_workload(arguments: argparse.Namespace) -> Workload:
    """The workload from the options, calibrating the CPU work once if needed."""
    workload = Workload(arguments.workload, arguments.tasks, arguments.steps, arguments.sleep)
    if workload.kind != CPU:
        return workload
    _progress(f"calibrating CPU work to {workload.step_seconds:.2f} s per step ...", end=" ")
    iterations = calibrate_cpu_iterations(workload.step_seconds)
    _progress(f"{iterations:,} iterations")
    return replace(workload, cpu_iterations=iterations)


def _check_output_path(option: str, path: Path | None) -> None:
    if path is not None and not path.parent.is_dir():
        raise UsageError(f"{option}: no such directory: {path.parent}")


def _load_pyplot_or_fail() -> Any:
    try:
        return load_pyplot()
    except ImportError:
        raise UsageError(
            "--plot needs matplotlib, which is not installed"
            " (pip install matplotlib)"
        ) from None


def _report(
    arguments: argparse.Namespace,
    results: dict[str, StrategyResult],
    workload: Workload,
    pyplot: Any,
) -> int:
    machine = machine_facts()
    outcomes: list[CheckOutcome] | None = None
    lines = ["", *header_lines(workload, arguments.repeat, machine), ""]
    lines += table_lines(results, workload, arguments.repeat)
    lines += busy_machine_lines(results, workload)
    if arguments.check:
        outcomes = evaluate_checks(results, workload)
        lines += ["", *check_lines(outcomes)]
    print("\n".join(lines))
    if arguments.json is not None:
        document = json_document(results, workload, arguments.repeat, machine, outcomes)
        write_json(arguments.json, document)
    if pyplot is not None:
        write_plot(pyplot, arguments.plot, results, workload)
    failed = [outcome.name for outcome in outcomes or [] if not outcome.passed]
    if failed:
        _progress(f"{PROG}: failed checks: {'; '.join(failed)}")
        return 1
    return 0


def _benchmark(arguments: argparse.Namespace) -> int:
    _check_output_path("--json", arguments.json)
    _check_output_path("--plot", arguments.plot)
    pyplot = _load_pyplot_or_fail() if arguments.plot is not None else None
    names = select_strategies(arguments.only, arguments.check)
    workload = build_workload(arguments)
    _progress(f"running {len(names)} strategies, {workload.describe()}")
    results = run_all(names, workload, arguments.repeat)
    return _report(arguments, results, workload, pyplot)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--run-one``, time one strategy); return the exit status."""
    arguments = build_parser().parse_args(argv)
    if arguments.run_one is not None:
        workload = Workload(
            arguments.workload, arguments.tasks, arguments.steps, arguments.sleep,
            arguments.cpu_iterations,
        )
        print(json.dumps(run_one(arguments.run_one, workload)), flush=True)
        return 0
    try:
        return _benchmark(arguments)
    except UsageError as error:
        _progress(f"{PROG}: error: {error}")
        return 2
    except (StrategyFailed, OSError) as error:
        _progress(f"\n{PROG}: error: {error}")
        return 1
    except KeyboardInterrupt:
        _progress(f"\n{PROG}: interrupted")
        return 130
