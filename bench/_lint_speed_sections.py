"""The five measurements of the lint-speed benchmark, each a JSON-ready dict.

Every section returns plain data (lists of per-run figures and their
medians); formatting and the targets live in ``_lint_speed_report``.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Optional

from bench._lint_speed_corpus import (
    FINDINGS_PER_GENERATED_FILE,
    Corpus,
    copy_corpus,
    generate_fix_corpus,
    write_fixit_root,
)
from bench._lint_speed_tools import (
    BenchError,
    Timed,
    cli_command,
    command_version,
    distribution_version,
    expect_status,
    fixit_command,
    peak_memory_bytes,
    ruff_command,
    run_flake8,
    run_import_once,
    run_timed,
)

Section = dict[str, Any]
Progress = Callable[[str], None]

FLAKE8_METHOD = (
    "same flake8 and files, both runs through one driver that wraps "
    "flake8.plugins.finder.find_plugins; the 'without' run drops the "
    "flake8-fstring-regex entry point (flake8 runs every loaded tree plugin "
    "whatever --select says), runs interleaved; the 'with' runs also time the "
    "plugin's load and run() with time.process_time"
)
RUFF_ARGUMENTS = ("check", "--no-cache", "--preview", "--select", "RUF039", "--quiet", "--isolated")
FIXIT_RULE = "fixit.rules.no_redundant_fstring"
SCALES = (1, 2, 4)
# time(4x) / time(1x) above this (ideal 4.0, +10%) is growth faster than linear.
LINEAR_LIMIT = 4.4

_CLI_REPORT = re.compile(r":\d+:\d+: FSR\d{3} ", re.MULTILINE)
_FIXIT_COUNT = re.compile(r"(\d+) files? (?:checked|clean)")


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _timings(runs: Sequence[Timed]) -> Section:
    walls = [run.wall for run in runs]
    cpus = [run.cpu for run in runs]
    return {
        "wall": walls,
        "cpu": cpus,
        "median_wall": _median(walls),
        "median_cpu": _median(cpus),
        "returncodes": [run.returncode for run in runs],
    }


def skipped() -> Section:
    return {"skipped": True}


def flake8_section(corpus: Corpus, repeat: int, progress: Progress) -> Section:
    """flake8 -j1 on the corpus with and without the plugin, interleaved."""
    runs: dict[str, list[Timed]] = {"with": [], "without": []}
    findings: dict[str, int] = {}
    attributed: list[Section] = []
    for index in range(repeat):
        # Alternate the order so slow drift (thermal, page cache) cancels out.
        order = (True, False) if index % 2 == 0 else (False, True)
        for with_plugin in order:
            key = "with" if with_plugin else "without"
            run = run_flake8(with_plugin, corpus.files, corpus.root)
            runs[key].append(run.timed)
            findings[key] = run.fsr_findings
            if run.plugin_load_cpu is not None and run.plugin_run_cpu is not None:
                plugin = run.plugin_load_cpu + run.plugin_run_cpu
                attributed.append(
                    {
                        "load_cpu": run.plugin_load_cpu,
                        "run_cpu": run.plugin_run_cpu,
                        "files": run.plugin_files,
                        "percent": plugin / (run.timed.cpu - plugin) * 100,
                    }
                )
            progress(
                f"flake8 run {index + 1}/{repeat} {key} the plugin: "
                f"{run.timed.wall:.2f} s wall, {run.timed.cpu:.2f} s CPU"
            )
    with_, without = _timings(runs["with"]), _timings(runs["without"])
    with_["fsr_findings"], without["fsr_findings"] = findings["with"], findings["without"]
    ratio_wall = with_["median_wall"] / without["median_wall"]
    ratio_cpu = with_["median_cpu"] / without["median_cpu"]
    return {
        "skipped": False,
        "files": len(corpus.files),
        "bytes": corpus.bytes,
        "runs": repeat,
        "method": FLAKE8_METHOD,
        "flake8_version": distribution_version("flake8"),
        "with": with_,
        "without": without,
        "ratio_wall": ratio_wall,
        "ratio_cpu": ratio_cpu,
        "overhead_percent_wall": (ratio_wall - 1) * 100,
        "overhead_percent_cpu": (ratio_cpu - 1) * 100,
        # The plugin's own CPU time in each "with" run, over the rest of that
        # run: free of the run-to-run noise that the A/B ratio carries.
        "plugin_cpu": attributed,
        "attributed_percent": (
            _median([entry["percent"] for entry in attributed]) if attributed else None
        ),
        # Run-to-run spread of the baseline, a measure of the A/B noise.
        "without_cpu_spread_percent": (
            (max(without["cpu"]) - min(without["cpu"])) / without["median_cpu"] * 100
        ),
    }


def import_section(runs: int, progress: Progress) -> Section:
    """``python -X importtime`` of the plugin module, ``runs`` times."""
    results = []
    for index in range(runs):
        result = run_import_once()
        results.append(result)
        progress(
            f"import run {index + 1}/{runs}: {result.in_flake8_ms:.2f} ms after flake8, "
            f"{result.plugin_line_ms:.2f} ms bare"
        )
    in_flake8 = [result.in_flake8_ms for result in results]
    bare = [result.plugin_line_ms for result in results]
    libcst = sorted({name for result in results for name in result.libcst_modules})
    return {
        "skipped": False,
        "runs": runs,
        "in_flake8_ms": {"values": in_flake8, "median": _median(in_flake8)},
        "plugin_line_ms": {"values": bare, "median": _median(bare)},
        "new_modules": results[-1].new_modules,
        "libcst_imported": bool(libcst),
        "libcst_modules": libcst,
    }


def _cli_and_ruff(
    corpus: Corpus, repeat: int, progress: Progress
) -> tuple[Section, Section]:
    cli = cli_command()
    ruff = ruff_command()
    cli_runs: list[Timed] = []
    ruff_runs: list[Timed] = []
    findings = errors = 0
    for index in range(repeat):
        order = ("cli", "ruff") if index % 2 == 0 else ("ruff", "cli")
        for tool in order:
            if tool == "cli":
                timed = run_timed([*cli, *corpus.files], cwd=corpus.root)
                expect_status(timed, (0, 1, 2), "flake8-fstring-regex")
                if "Traceback (most recent call last)" in timed.stderr:
                    raise BenchError("flake8-fstring-regex crashed:\n" + timed.stderr[-2000:])
                findings = len(_CLI_REPORT.findall(timed.stdout))
                errors = timed.stderr.count(": error: ")
                cli_runs.append(timed)
            elif ruff is not None:
                timed = run_timed(
                    [*ruff, *RUFF_ARGUMENTS, *corpus.files], cwd=corpus.root, capture_stdout=False
                )
                expect_status(timed, (0, 1), "ruff")
                ruff_runs.append(timed)
            else:
                continue
            progress(f"check run {index + 1}/{repeat} {tool}: {timed.wall:.2f} s wall")
    files = len(corpus.files)
    cli_section: Section = {
        "installed": True,
        "command": " ".join(["flake8-fstring-regex", "FILES..."]),
        "version": distribution_version("flake8-fstring-regex"),
        "findings": findings,
        "files_with_errors": errors,
        **_timings(cli_runs),
    }
    cli_section["per_file_ms"] = cli_section["median_wall"] / files * 1000
    if ruff is None:
        return cli_section, {"installed": False}
    ruff_section: Section = {
        "installed": True,
        "command": " ".join(["ruff", *RUFF_ARGUMENTS, "FILES..."]),
        "version": command_version(ruff),
        **_timings(ruff_runs),
    }
    ruff_section["per_file_ms"] = ruff_section["median_wall"] / files * 1000
    return cli_section, ruff_section


def _fixit(
    corpus: Corpus, every: int, workdir: Path, progress: Progress
) -> Section:
    fixit = fixit_command()
    if fixit is None:
        return {"installed": False}
    subset = copy_corpus(corpus.every_nth(every), workdir / "fixit-subset")
    write_fixit_root(subset.root)
    argv = [*fixit, "--rules", FIXIT_RULE, "lint", *subset.files]
    progress(f"fixit on {len(subset.files)} of {len(corpus.files)} files (every {every}th)...")
    timed = run_timed(argv, cwd=subset.root, capture_stdout=False)
    counted = [int(n) for n in _FIXIT_COUNT.findall(timed.stderr)]
    if timed.returncode < 0 or not counted or counted[-1] == 0:
        tail = "\n".join(timed.stderr.strip().splitlines()[-5:])
        raise BenchError(f"fixit checked no file (status {timed.returncode}):\n{tail}")
    progress(f"fixit: {timed.wall:.2f} s wall for {counted[-1]} files")
    per_file = timed.wall / len(subset.files)
    return {
        "installed": True,
        "command": f"fixit --rules {FIXIT_RULE} lint FILES...",
        "version": distribution_version("fixit"),
        "every": every,
        "subset_files": len(subset.files),
        "subset_bytes": subset.bytes,
        "files_checked": counted[-1],
        "wall": [timed.wall],
        "median_wall": timed.wall,
        "returncodes": [timed.returncode],
        "per_file_ms": per_file * 1000,
        "extrapolated_wall": per_file * len(corpus.files),
    }


def check_section(
    corpus: Corpus, repeat: int, fixit_every: int, workdir: Path, progress: Progress
) -> Section:
    """The check command against ruff's one rule and Fixit's one rule."""
    cli, ruff = _cli_and_ruff(corpus, repeat, progress)
    fixit = _fixit(corpus, fixit_every, workdir, progress)
    return {
        "skipped": False,
        "files": len(corpus.files),
        "bytes": corpus.bytes,
        "runs": repeat,
        "tools": {"flake8-fstring-regex": cli, "ruff": ruff, "fixit": fixit},
        "ratio_cli_to_ruff": (
            cli["median_wall"] / ruff["median_wall"] if ruff["installed"] else None
        ),
        "fixit_per_file_over_cli": (
            fixit["per_file_ms"] / cli["per_file_ms"] if fixit["installed"] else None
        ),
    }


def linearity_verdict(ratio: float) -> str:
    """How time(4x) / time(1x) compares with linear growth (4.0)."""
    if ratio > LINEAR_LIMIT:
        return "super-linear"
    if ratio < 3.6:
        return "linear (below 4.0: fixed start-up cost)"
    return "linear"


def fix_section(files: int, repeat: int, workdir: Path, progress: Progress) -> Section:
    """``--fix`` on generated corpora of 1x, 2x and 4x ``files`` files."""
    cli = cli_command()
    pristine = {
        scale: generate_fix_corpus(workdir / f"fix-{scale}x", files * scale) for scale in SCALES
    }
    walls: dict[int, list[float]] = {scale: [] for scale in SCALES}
    for index in range(repeat):
        # Rotate the order of the sizes from one repetition to the next.
        order = SCALES[index % len(SCALES):] + SCALES[: index % len(SCALES)]
        for scale in order:
            work = workdir / "fix-work"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine[scale].root, work)
            # One process: the growth with size, not the pool's start-up.
            timed = run_timed(
                [*cli, "-j1", "--fix", *pristine[scale].files], cwd=work, capture_stdout=False
            )
            expect_status(timed, (1,), "flake8-fstring-regex --fix")
            rewritten = timed.stderr.count("Rewriting ")
            if rewritten != len(pristine[scale].files):
                raise BenchError(
                    f"--fix rewrote {rewritten} of {len(pristine[scale].files)} generated files"
                )
            walls[scale].append(timed.wall)
            progress(
                f"fix run {index + 1}/{repeat} {scale}x ({files * scale} files): {timed.wall:.2f} s"
            )
    shutil.rmtree(workdir / "fix-work", ignore_errors=True)
    scales: list[Section] = []
    medians = {scale: _median(walls[scale]) for scale in SCALES}
    for scale in SCALES:
        median = medians[scale]
        scales.append(
            {
                "scale": scale,
                "files": files * scale,
                "bytes": pristine[scale].bytes,
                "wall": walls[scale],
                "median_wall": median,
                "files_per_second": files * scale / median,
            }
        )
    t1, t2, t4 = medians[1], medians[2], medians[4]
    ratio = t4 / t1
    return {
        "skipped": False,
        "files_1x": files,
        "findings_per_file": FINDINGS_PER_GENERATED_FILE,
        "runs": repeat,
        "scales": scales,
        "ratio_2x_1x": t2 / t1,
        "ratio_4x_1x": ratio,
        "marginal_ms_per_file": (t4 - t1) / (3 * files) * 1000,
        "verdict": linearity_verdict(ratio),
    }


def memory_section(corpus: Corpus, progress: Progress) -> Section:
    """Peak resident memory of the check command over the corpus."""
    argv = [*cli_command(), *corpus.files]
    peak, status = peak_memory_bytes(argv, corpus.root)
    progress(f"memory: peak {peak / 1e6:.1f} MB (status {status})")
    if status not in (0, 1, 2):
        raise BenchError(f"flake8-fstring-regex exited with status {status} in the memory run")
    return {
        "skipped": False,
        "files": len(corpus.files),
        "bytes": corpus.bytes,
        "peak_bytes": peak,
        "peak_mb": peak / 1e6,
        "returncode": status,
    }


def warm_up(workdir: Path, only: Sequence[str], progress: Progress) -> None:
    """Run each tool the chosen sections use once on one small file, untimed,
    so that no timed run pays for compiling modules or a cold disk cache."""
    progress("warming up (each tool once on one generated file)...")
    corpus = generate_fix_corpus(workdir / "warm-up", 1)
    write_fixit_root(corpus.root)
    if "flake8" in only:
        run_flake8(False, corpus.files, corpus.root)
    if "flake8" in only or "import" in only:
        run_flake8(True, corpus.files, corpus.root)
    if "import" in only:
        run_import_once()
    cli = cli_command()
    if {"check", "memory"} & set(only):
        expect_status(
            run_timed([*cli, *corpus.files], cwd=corpus.root), (1,), "flake8-fstring-regex"
        )
    fixit = fixit_command()
    if "check" in only and fixit is not None:
        run_timed([*fixit, "--rules", FIXIT_RULE, "lint", *corpus.files], cwd=corpus.root)
    if "fix" in only:
        expect_status(
            run_timed([*cli, "--fix", *corpus.files], cwd=corpus.root),
            (1,),
            "flake8-fstring-regex --fix",
        )
    shutil.rmtree(corpus.root, ignore_errors=True)


def load_average() -> Optional[list[float]]:
    """The 1, 5 and 15 minute load averages, where the platform has them."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_facts() -> Section:
    """The interpreter, platform and tool versions the figures come from."""
    import platform

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": usable,
        "flake8": distribution_version("flake8"),
        "libcst": distribution_version("libcst"),
        "flake8-fstring-regex": distribution_version("flake8-fstring-regex"),
        "ruff": distribution_version("ruff"),
        "fixit": distribution_version("fixit"),
        "load_average_at_start": load_average(),
    }
