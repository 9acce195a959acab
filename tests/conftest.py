"""Shared helpers: run the command line in-process or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from flake8_fstring_regex.cli import main

# Property tests run derandomized (a fixed seed) by default, so CI never fails
# by chance; HYPOTHESIS_PROFILE=long is the randomized, longer run
# (README, Development).
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str
    stdout_bytes: bytes = b""


@pytest.fixture
def cli(capsys):
    """Call the command in-process: cli("--fix", path, stdin=b"...")."""

    def run(*args: str, stdin: bytes = b"") -> Result:
        binary_out = io.BytesIO()
        code = main(list(args), stdin=io.BytesIO(stdin), stdout=binary_out)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, binary_out.getvalue())

    return run


def run_process(*args: str, cwd: Path | None = None, stdin: bytes = b"") -> Result:
    """Run a real process with this interpreter's environment."""
    env = dict(os.environ, PYTHONWARNINGS="error::DeprecationWarning")
    proc = subprocess.run(
        list(args), cwd=cwd, input=stdin, capture_output=True, env=env, timeout=600
    )
    return Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode(), proc.stdout)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def run_module(
    module: str, *arguments: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m MODULE`` from the checkout, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
    )
