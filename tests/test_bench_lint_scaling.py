"""bench.lint_scaling's inputs are what they say they are (the timings
themselves are a benchmark, never a test)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench import lint_scaling
from flake8_fstring_regex.analysis import analyse

SIZE = 20_000


@pytest.mark.parametrize("shape", lint_scaling.CLEAN_SHAPES)
def test_a_clean_shape_has_its_size_and_no_finding(shape):
    text = lint_scaling.SHAPES[shape](SIZE)
    assert len(text) >= SIZE - 10
    assert analyse(text.encode()).findings == []


def test_the_candidate_shape_with_findings_has_one_in_a_hundred_lines():
    text = lint_scaling.SHAPES["candidates-findings"](SIZE)
    lines = text.count("\n")
    found = len(analyse(text.encode()).findings)
    assert 0 < found and abs(found - lines / 100) <= 2


def test_with_findings_holds_exactly_that_many():
    assert len(analyse(lint_scaling.with_findings(SIZE, 7).encode()).findings) == 7


def test_the_floor_program_reads_every_file(tmp_path):
    names = []
    for index in range(3):
        path = tmp_path / f"m{index}.py"
        path.write_bytes("x = '{0}'\n".encode() if index else b"\xff\xfe not utf-8")
        names.append(str(path))
    missing = str(tmp_path / "missing.py")
    assert subprocess.run([sys.executable, "-c", lint_scaling.FLOOR, *names]).returncode == 0
    assert subprocess.run(
        [sys.executable, "-c", lint_scaling.FLOOR, missing], capture_output=True
    ).returncode != 0
