"""bench.correctness.gate_audit: the fast paths and the whole-module detector agree,
and a gate that hid a finding would be caught."""

from __future__ import annotations

import pytest

from bench.correctness import gate_audit

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\nre.compile(r"{}\\d{2}".format(k))\n'


def test_the_audit_passes_on_a_tree_with_findings(tmp_path, capsys):
    for index in range(6):
        (tmp_path / f"m{index}.py").write_text(BAD if index % 2 else "x = 1\n")
    (tmp_path / "broken.py").write_bytes(b"x = '\xff'\n")
    assert gate_audit.main([str(tmp_path), "-j", "2"]) == 0
    out = capsys.readouterr().out
    assert "7 files" in out and "6 findings in 3 files" in out and "all but 0 files" in out
    assert "1 unreadable" in out


def test_a_gate_that_hides_a_finding_is_caught(tmp_path, monkeypatch):
    path = tmp_path / "m.py"
    path.write_text(BAD)
    monkeypatch.setattr("flake8_fstring_regex.analysis.candidate_lines", lambda *a: set())
    verdict = gate_audit.audit_file(str(path))
    assert verdict.differs and verdict.gated == [] and len(verdict.whole) == 2
    assert "hidden by the gates [(3, " in gate_audit.describe(verdict)


def test_a_missing_directory_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit) as stop:
        gate_audit.main(["/no/such/dir"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
