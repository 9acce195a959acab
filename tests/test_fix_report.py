"""What --fix says when it is done: ruff's summary line (findings where ruff
says errors), --show-fixes, and the findings that could not be fixed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
TWO = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}\\d{2,3}")\n'
SIX = "'{6}' in an f-string regex inserts '6', not a regex quantifier; write '{{6}}'"
GOOD = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\n'


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_summary_counts_fixed_and_remaining(tree, cli, monkeypatch):
    Path("a.py").write_text(TWO)
    Path("ro.py").write_text(BAD)
    real_access = os.access

    def access(path, *args, **kwargs):  # ro.py read-only, as for a non-root user
        return os.path.basename(path) != "ro.py" and real_access(path, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    result = cli("--fix", "a.py", "ro.py")
    assert result.code == 2
    assert result.err.splitlines() == [
        "Rewriting a.py",
        "ro.py: error: cannot write: permission denied (file is read-only)",
        "Found 3 findings (2 fixed, 1 remaining).",
    ]
    assert result.out.startswith("ro.py:3:20: FSR001 "), "what remains is reported"
    assert Path("ro.py").read_text() == BAD


@pytest.mark.parametrize(
    ("files", "summary"),
    [
        ({"a.py": BAD}, "Found 1 finding (1 fixed, 0 remaining)."),
        ({"a.py": TWO, "b.py": BAD}, "Found 3 findings (3 fixed, 0 remaining)."),
        ({"a.py": GOOD}, "All checks passed!"),
    ],
)
def test_summary_wording(tree, cli, files, summary):
    for name, text in files.items():
        Path(name).write_text(text)
    result = cli("--fix", *files)
    assert result.err.splitlines()[-1] == summary


def test_summary_for_standard_input_goes_to_stderr(cli):
    result = cli("--fix", "-", stdin=BAD.encode())
    assert result.stdout_bytes == GOOD.encode()
    assert result.err == "Found 1 finding (1 fixed, 0 remaining).\n"


def test_show_fixes_lists_every_fix(tree, cli):
    Path("a.py").write_text(TWO)
    Path("b.py").write_text(BAD)
    result = cli("--fix", "--show-fixes", "a.py", "b.py")
    assert result.code == 1
    assert result.err.splitlines() == [
        "Rewriting a.py",
        "Rewriting b.py",
        "",
        "Fixed 3 findings:",
        "- a.py:",
        f"    3:20 FSR001 {SIX}",
        "    3:25 FSR002 '{2,3}' in an f-string regex inserts '(2, 3)', not a regex quantifier; "
        "write '{{2,3}}'",
        "- b.py:",
        f"    3:20 FSR001 {SIX}",
        "",
        "Found 3 findings (3 fixed, 0 remaining).",
    ]
    assert result.out == ""


def test_show_fixes_without_fixes_prints_only_the_summary(tree, cli):
    Path("a.py").write_text(GOOD)
    assert cli("--fix", "--show-fixes", "a.py").err == "All checks passed!\n"
