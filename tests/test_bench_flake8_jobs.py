"""bench.correctness.flake8_jobs: flake8 -j2 and -j1 agree, on a small tree with
findings in many files."""

from __future__ import annotations

from bench.correctness import flake8_jobs

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\nre.compile(rf"{k}-{2,3}")\n'


def test_jobs_agree(tmp_path, capsys):
    for index in range(12):
        (tmp_path / f"m{index}.py").write_text(BAD if index % 2 else "x = 1\n")
    assert flake8_jobs.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "-j1 12 FSR lines" in out and "identical" in out
