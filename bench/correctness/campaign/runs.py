"""Running the command under test on a tree, and reading what it said."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import flake8_fstring_regex
from bench.correctness.campaign.records import Reported
from bench.correctness.campaign.tree import command_roots, within

TOOL: tuple[str, ...] = (sys.executable, "-m", "flake8_fstring_regex")

_ERROR_LINE = re.compile(r"^(?P<path>.+?): error: (?P<reason>.+)$")
_REWRITING = re.compile(r"^Rewriting (?P<path>.+)$")
# The line --fix closes with (ruff's wording, findings for errors).
_FIX_SUMMARY = re.compile(
    r"^(?:Found \d+ findings? \(\d+ fixed, \d+ remaining\)\."
    r"|Found \d+ findings?\.|All checks passed!)$"
)


@dataclass
class Outcome:
    """One run of the command, read."""

    args: list[str]
    status: Optional[int]  # None: killed after the timeout
    seconds: float
    findings: list[Reported] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # relative path -> reason
    rewritten: list[str] = field(default_factory=list)
    stray_lines: list[str] = field(default_factory=list)
    crash: str = ""


def environment() -> dict[str, str]:
    """This process's environment, with the package the campaign imported first
    on the path: the subprocess runs the same code."""
    package_parent = str(Path(flake8_fstring_regex.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_parent, env.get("PYTHONPATH", "")) if p
    )
    env.pop("PYTHONWARNINGS", None)
    return env


def _reported(item: object, relative: str) -> Reported:
    if not isinstance(item, dict):
        raise ValueError("a finding is not a JSON object")
    return Reported(
        path=relative,
        line=int(item["line"]),
        column=int(item["column"]),
        code=str(item["code"]),
        message=str(item["message"]),
        replacement=str(item["replacement"]),
    )


def run_command(
    command: Sequence[str],
    args: Sequence[str],
    root: Path,
    *,
    cwd: Path,
    timeout: float,
    expect_json: bool,
) -> Outcome:
    """Run the command with ``args`` on the tree ``root`` and read what it said."""
    argv = [*command, *args, *command_roots(root)]
    start = time.perf_counter()
    try:
        process = subprocess.run(
            argv,
            cwd=cwd,
            env=environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - start
        return Outcome(list(args), None, seconds, crash=f"hung: no exit after {timeout:g} s")
    outcome = Outcome(list(args), process.returncode, time.perf_counter() - start)
    stdout = process.stdout.decode("utf-8", "surrogateescape")
    stderr = process.stderr.decode("utf-8", "surrogateescape")

    real_root = os.path.realpath(root)

    def relative(path: str) -> str:
        # A file reached through a link is named by the file it links to.
        real = os.path.realpath(path)
        return os.path.relpath(real if within(real, real_root) else path, real_root)

    for line in stderr.splitlines():
        error = _ERROR_LINE.match(line)
        rewriting = _REWRITING.match(line)
        if error and os.path.isabs(error.group("path")):
            outcome.errors[relative(error.group("path"))] = error.group("reason")
        elif rewriting and os.path.isabs(rewriting.group("path")):
            outcome.rewritten.append(relative(rewriting.group("path")))
        elif "--fix" in args and _FIX_SUMMARY.match(line):
            continue
        elif line.strip():
            outcome.stray_lines.append(line)
    if "Traceback (most recent call last)" in stderr:
        last = [line for line in stderr.splitlines() if line.strip()][-1]
        outcome.crash = f"traceback: {last.strip()}"
    elif process.returncode < 0:
        outcome.crash = f"killed by signal {-process.returncode}"
    elif process.returncode not in (0, 1, 2):
        outcome.crash = f"exit status {process.returncode}"
    elif expect_json:
        try:
            findings = json.loads(stdout)
            if not isinstance(findings, list):
                raise ValueError("not a JSON array")
            outcome.findings = [_reported(f, relative(str(f["path"]))) for f in findings]
        except (ValueError, KeyError, TypeError) as error:
            outcome.crash = f"stdout is not the JSON report: {error}"
    return outcome
