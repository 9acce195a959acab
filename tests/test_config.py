"""fsr-regex-functions: read by the flake8 plugin and the command line alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import python, run_process

from flake8_fstring_regex.config import ConfigError, PatternArg, parse_function_spec

SOURCE = (
    "import mylib\nfrom mylib import finder\nk = 1\n"
    'mylib.compile_pattern(rf"{k}-{6}")\n'
    'finder("text", rf"{k}-{6}")\n'
    'mylib.search(flags=0, regexp=rf"{k}-{6}")\n'
)
SETTING = "mylib.compile_pattern, mylib.finder:1, mylib.search:regexp"
EXPECTED_LINES = [4, 5, 6]


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("m.f", ("m.f", PatternArg(0, "pattern"))),
        ("m.f:2", ("m.f", PatternArg(2, None))),
        ("m.f:regexp", ("m.f", PatternArg(None, "regexp"))),
        ("a.b.f:1:regexp", ("a.b.f", PatternArg(1, "regexp"))),
    ],
)
def test_spec_syntax(spec, expected):
    assert parse_function_spec(spec) == expected


@pytest.mark.parametrize("spec", ["f", "m.f:", "m.f:1:2:3", "m.f:-1", "m.1f", "m.f:a b"])
def test_bad_spec_is_refused(spec):
    with pytest.raises(ConfigError):
        parse_function_spec(spec)


@pytest.mark.parametrize("config_name", ["setup.cfg", "tox.ini", ".flake8"])
def test_plugin_and_command_read_the_same_config(tmp_path, config_name):
    (tmp_path / config_name).write_text(f"[flake8]\nfsr-regex-functions = {SETTING}\n")
    (tmp_path / "m.py").write_text(SOURCE)
    via_flake8 = run_process(*python("-m", "flake8", "--select=FSR", "m.py"), cwd=tmp_path)
    via_cli = run_process(*python("-m", "flake8_fstring_regex", "m.py"), cwd=tmp_path)
    assert via_flake8.out == via_cli.out
    assert [int(line.split(":")[1]) for line in via_cli.out.splitlines()] == EXPECTED_LINES


def test_without_config_nothing_is_reported(tmp_path):
    (tmp_path / "m.py").write_text(SOURCE)
    assert run_process(*python("-m", "flake8_fstring_regex", "m.py"), cwd=tmp_path).out == ""


def test_config_is_found_in_a_parent_directory(tmp_path, cli, monkeypatch):
    (tmp_path / "setup.cfg").write_text(f"[flake8]\nfsr_regex_functions =\n    {SETTING}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path / "sub")
    assert len(cli("m.py").out.splitlines()) == 3


def test_command_line_option_overrides_config(tmp_path, cli, monkeypatch):
    (tmp_path / "setup.cfg").write_text(f"[flake8]\nfsr-regex-functions = {SETTING}\n")
    (tmp_path / "m.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    result = cli("--fsr-regex-functions", "mylib.compile_pattern", "m.py")
    assert [int(line.split(":")[1]) for line in result.out.splitlines()] == [4]


def test_configured_function_is_fixed_too(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("m.py").write_text(SOURCE)
    assert cli("--fsr-regex-functions", SETTING, "--fix", "m.py").code == 1
    assert cli("--fsr-regex-functions", SETTING, "m.py").out == ""
    assert 'mylib.compile_pattern(rf"{k}-{{6}}")' in Path("m.py").read_text()


def test_bad_config_is_one_line_for_both(tmp_path):
    (tmp_path / "setup.cfg").write_text("[flake8]\nfsr-regex-functions = notqualified\n")
    (tmp_path / "m.py").write_text(SOURCE)
    for command in (python("-m", "flake8", "m.py"), python("-m", "flake8_fstring_regex", "m.py")):
        result = run_process(*command, cwd=tmp_path)
        assert result.code != 0
        assert "Traceback" not in result.err
        assert "bad fsr-regex-functions entry 'notqualified'" in result.err
