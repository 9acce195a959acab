"""flake8 itself, run as a real process, with the plugin installed."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from conftest import python, run_process
from expectations import FIXTURES, expected_findings

from flake8_fstring_regex import detect
from flake8_fstring_regex.plugin import Plugin

FLAKE8 = python("-m", "flake8", "--isolated", "--select=FSR")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "report_files.py"
MESSAGE_6 = "FSR001 '{6}' in an f-string regex inserts '6', not a regex quantifier; write '{{6}}'"


def test_exact_lines_on_the_bundled_example():
    result = run_process(*FLAKE8, str(EXAMPLE))
    assert result.code == 1, result.err
    assert result.out.splitlines() == [
        f"{EXAMPLE}:15:41: {MESSAGE_6}",
        f"{EXAMPLE}:15:49: {MESSAGE_6}",
        f"{EXAMPLE}:21:40: FSR002 '{{2,4}}' in an f-string regex inserts '(2, 4)', "
        "not a regex quantifier; write '{{2,4}}'",
    ]
    assert result.err == ""


def flake8_findings(*args: str, path: Path) -> list[tuple[int, int, str]]:
    result = run_process(*FLAKE8, *args, str(path))
    assert "Traceback" not in result.err, result.err
    found = []
    for line in result.out.splitlines():
        _, row, col, message = line.split(":", 3)
        found.append((int(row), int(col) - 1, message.split()[0]))
    return sorted(found)


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_fixture_through_flake8(jobs):
    path = FIXTURES / "fsr001_fsr002.py"
    assert flake8_findings(jobs, path=path) == expected_findings(path.read_text())


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 701 f-strings need Python 3.12")
def test_pep701_through_flake8():
    path = FIXTURES / "pep701.py"
    assert flake8_findings(path=path) == expected_findings(path.read_text())


def test_noqa_suppresses(tmp_path):
    target = tmp_path / "n.py"
    target.write_text(
        'import re\nk = 1\n'
        're.compile(rf"{k}\\d{6}")  # noqa: FSR001\n'
        're.compile(rf"{k}\\d{6}")  # noqa: FSR002\n'
        're.compile(rf"{k}\\d{6}")  # noqa\n'
    )
    assert flake8_findings(path=target) == [(4, 19, "FSR001")]


def test_stdin_is_read_from_lines_not_the_file():
    result = run_process(
        *FLAKE8, "--stdin-display-name=piped.py", "-",
        stdin=b'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n',
    )
    assert result.out == f"piped.py:3:20: {MESSAGE_6}\n"


def test_version_lists_the_plugin():
    result = run_process(*python("-m", "flake8", "--version"))
    assert "flake8-fstring-regex:" in result.out


def test_syntax_error_is_flake8s_to_report(tmp_path):
    target = tmp_path / "broken.py"
    target.write_text('import re\nre.compile(rf"{k}\\d{6}"\n')
    result = run_process(*python("-m", "flake8", "--isolated"), str(target))
    assert "E999" in result.out and "FSR" not in result.out
    assert "Traceback" not in result.err


def test_plugin_yields_nothing_when_libcst_fails(monkeypatch):
    source = 'import re\nre.compile(rf"{__name__}\\d{6}")\n'

    def refuse(*args, **kwargs):
        raise detect.ParseFailure("cannot parse: simulated")

    monkeypatch.setattr(detect, "find_in_source", refuse)
    plugin = Plugin(ast.parse(source), source.splitlines(True))
    assert list(plugin.run()) == []


def test_importing_the_plugin_does_not_import_libcst():
    probe = "import sys, flake8_fstring_regex.plugin; sys.exit('libcst' in sys.modules)"
    result = run_process(*python("-c", probe))
    assert result.code == 0, "importing the plugin imported libcst"
