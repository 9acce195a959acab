"""Configuration: the file flake8 would use, its keys given flake8's meaning
(checked against flake8's own code), read alike by the plugin, the command
and the codemod."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest
from conftest import python, run_process
from flake8 import utils as flake8_utils
from flake8.exceptions import ExecutionError
from flake8.style_guide import Decision, DecisionEngine
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.config import (
    ConfigError,
    PatternArg,
    Settings,
    load_settings,
    normalize_path,
    parse_function_spec,
    parse_per_file_ignores,
)
from flake8_fstring_regex.decisions import Choice, Decisions
from flake8_fstring_regex.files import is_excluded

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


# -- Decisions, paths and per-file-ignores, checked against flake8's own code --

CODES = ("FSR001", "FSR002", "FSR003", "FSR004")
PREFIXES = ["F", "FS", "FSR", "FSR0", "FSR00", "FSR001", "FSR002", "FSR003", "E", "W6"]
prefix_lists = st.one_of(st.none(), st.lists(st.sampled_from(PREFIXES), max_size=3))


def flake8_reports(choice: Choice, code: str) -> bool:
    options = argparse.Namespace(
        select=None if choice.select is None else list(choice.select),
        ignore=None if choice.ignore is None else list(choice.ignore),
        extend_select=list(choice.extend_select),
        extend_ignore=list(choice.extend_ignore),
        # What flake8 registers with pyflakes, pycodestyle, mccabe and us.
        extended_default_select=["C90", "F", "E", "W", "FSR"],
        extended_default_ignore=[],
    )
    return DecisionEngine(options).decision_for(code) is Decision.Selected


@settings(max_examples=400, deadline=None, derandomize=True)
@given(prefix_lists, prefix_lists, prefix_lists, prefix_lists)
def test_decisions_as_flake8s_decision_engine(select, ignore, extend_select, extend_ignore):
    choice = Choice(
        None if select is None else tuple(select),
        None if ignore is None else tuple(ignore),
        tuple(extend_select or ()),
        tuple(extend_ignore or ()),
    )
    for code in CODES:
        assert choice.reports(code) is flake8_reports(choice, code), code


MAPPINGS = [
    "a.py:FSR001",
    "a.py,b.py:FSR001,FSR002\nsub/*.py : FSR",
    "a.py:FSR001 b.py:FSR002",
    "a.py: FSR001\n  b.py:\n c.py:FSR003",
    "",
    "   ",
    "a.py",
    "a.py:FSR001:FSR002",
    "a.py:FSR001,:FSR002",
    "FOO b.py:FSR001",
    ":FSR001",
]


@pytest.mark.parametrize("text", MAPPINGS)
def test_per_file_ignores_parse_as_flake8(text):
    try:
        pairs = flake8_utils.parse_files_to_codes_mapping(text)
        expected = [(name, tuple(codes)) for name, codes in pairs]
    except ExecutionError:
        with pytest.raises(ConfigError):
            parse_per_file_ignores(text)
    else:
        assert parse_per_file_ignores(text) == expected


@pytest.mark.parametrize(
    "pattern", [".", "..", "a.py", "*.py", "./top.py", "sub/gen.py", "sub/", "/abs/x", "sub//"]
)
def test_patterns_normalize_as_flake8(pattern, tmp_path):
    assert normalize_path(pattern, str(tmp_path)) == flake8_utils.normalize_path(
        pattern, str(tmp_path)
    )


@pytest.mark.parametrize(
    "path", ["a.py", "./a.py", "sub/gen.py", "./sub/deep", ".", "..", "sub/", "/x/sub/gen.py"]
)
@pytest.mark.parametrize(
    "patterns", [["a.py"], ["*.py"], ["sub"], ["gen*"], [".*"], ["*/sub/*"], ["/x/*"], []]
)
def test_paths_match_as_flake8(path, patterns):
    logger = logging.getLogger("test-quiet")
    expected = flake8_utils.matches_filename(path, patterns, "%(path)s", logger)
    assert is_excluded(path, patterns) is expected


def test_longest_per_file_pattern_alone_applies():
    decisions = Decisions(
        Choice(),
        (("*.py", ("FSR001",)), ("sub*.py", ("FSR002",)), ("subx.py", ("FSR003",))),
    )
    assert decisions.codes_for("./sub.py", CODES) == ("FSR001", "FSR003", "FSR004")
    # Equally long: the first listed wins, the other does not add to it.
    assert decisions.codes_for("subx.py", CODES) == ("FSR001", "FSR003", "FSR004")
    assert decisions.codes_for("a.py", CODES) == ("FSR002", "FSR003", "FSR004")


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().exclude = ()  # type: ignore[misc]


# -- Which file, and what a malformed one gives --


def test_pyproject_tool_flake8_replaces_flake8_files_in_the_current_directory_only(tmp_path):
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = FSR002\n")
    (tmp_path / "pyproject.toml").write_text('[tool.flake8]\nselect = ["FSR001"]\n')
    (tmp_path / "sub").mkdir()
    assert load_settings(start=str(tmp_path)).decisions.choice.select == ("FSR001",)
    # From a subdirectory, flake8 (and Flake8-pyproject) see setup.cfg only.
    here = load_settings(start=str(tmp_path / "sub"))
    assert here.decisions.choice.select == ("FSR002",)
    assert here.source == str(tmp_path / "setup.cfg")


def test_own_table_only_without_a_flake8_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flake8-fstring-regex]\nextend-ignore = "FSR003"\n'
    )
    (tmp_path / "sub").mkdir()
    assert load_settings(start=str(tmp_path / "sub")).decisions.choice.extend_ignore == ("FSR003",)
    (tmp_path / "tox.ini").write_text("[flake8]\nmax-line-length = 100\n")
    assert load_settings(start=str(tmp_path / "sub")).decisions.choice.extend_ignore == ()


def test_the_home_directory_is_not_searched(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "project").mkdir(parents=True)
    (home / "setup.cfg").write_text("[flake8]\nselect = FSR002\n")
    monkeypatch.setenv("HOME", str(home))
    assert load_settings(start=str(home / "project")).source is None
    assert load_settings(start=str(home)).source == str(home / "setup.cfg")


def test_unparseable_ini_file_is_skipped_as_flake8_skips_it(tmp_path):
    (tmp_path / "setup.cfg").write_text("not an ini file\n[flake8\n")
    (tmp_path / "tox.ini").write_text("[flake8]\nselect = FSR004\n")
    assert load_settings(start=str(tmp_path)).decisions.choice.select == ("FSR004",)


def test_exclude_from_the_file_is_relative_to_it_and_replaces_the_default(tmp_path):
    (tmp_path / ".flake8").write_text("[flake8]\nexclude = ./gen.py, build\n")
    (tmp_path / "sub").mkdir()
    loaded = load_settings(start=str(tmp_path / "sub"))
    assert loaded.exclude == (str(tmp_path / "gen.py"), "build")
    assert ".git" in load_settings(start=str(tmp_path / "sub"), isolated=True).exclude


def test_command_line_replaces_the_files_value_key_by_key(tmp_path):
    (tmp_path / "setup.cfg").write_text("[flake8]\nselect = FSR001\nextend-ignore = FSR002\n")
    loaded = load_settings({"select": "FSR003,FSR004"}, start=str(tmp_path))
    assert loaded.decisions.choice.select == ("FSR003", "FSR004")
    assert loaded.decisions.choice.extend_ignore == ("FSR002",)


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("pyproject.toml", "[tool.flake8\n", "pyproject.toml: not valid TOML"),
        ("pyproject.toml", "[tool.flake8]\nselect = {a = 1}\n", "select: expected a string"),
        ("pyproject.toml", "[tool]\nflake8 = 3\n", "[tool.flake8] must be a table"),
        ("pyproject.toml", "[tool.flake8-fstring-regex]\nselct = 'FSR'\n", "unknown key 'selct'"),
        ("setup.cfg", "[flake8]\nextend-ignore = fsr001\n", "'fsr001' is not a code prefix"),
        ("setup.cfg", "[flake8]\nignore = FSR0001\n", "'FSR0001' is not a code prefix"),
        ("tox.ini", "[flake8]\nper-file-ignores = a.py\n", "per-file-ignores: unexpected"),
        ("tox.ini", "[flake8]\nselect = A\nselect = B\n", "tox.ini: While reading"),
        (".flake8", "[flake8]\nfsr-regex-functions = f\n", "bad fsr-regex-functions entry"),
    ],
)
def test_malformed_configuration_is_one_line_and_exit_2(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    (tmp_path / "m.py").write_text(SOURCE)
    result = run_process(*python("-m", "flake8_fstring_regex", "m.py"), cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1, result.err
    assert message in result.err


def test_stdin_under_an_excluded_name_is_left_alone(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "setup.cfg").write_text("[flake8]\nextend-exclude = gen_*.py\n")
    data = b'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
    skipped = cli("--fix", "--stdin-display-name", "gen_a.py", "-", stdin=data)
    assert (skipped.code, skipped.out, skipped.stdout_bytes) == (0, "", data)
    fixed = cli("--fix", "--stdin-display-name", "a.py", "-", stdin=data)
    assert fixed.code == 1 and fixed.stdout_bytes != data


# -- The codemod reads the same configuration --

CODEMOD = ("-m", "libcst.tool", "codemod", "--no-format", "-x",
           "flake8_fstring_regex.codemod.EscapeSwallowedQuantifiers")


def test_codemod_applies_the_configuration(tmp_path):
    bad = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\nre.compile(r"\\d{{6}}")\n'
    for name in ("a.py", "skip/b.py", "c.py", "gen.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(bad)
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nper-file-ignores = c.py:FSR003\nextend-exclude = skip,./gen.py\n"
    )
    result = run_process(*python(*CODEMOD, "."), cwd=tmp_path)
    assert result.code == 0, result.err
    fixed = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\nre.compile(r"\\d{6}")\n'
    assert (tmp_path / "a.py").read_text() == fixed
    # FSR003 ignored there: its doubled braces stay.
    assert (tmp_path / "c.py").read_text() == fixed.replace(r'r"\d{6}"', r'r"\d{{6}}"')
    assert (tmp_path / "skip" / "b.py").read_text() == bad
    assert (tmp_path / "gen.py").read_text() == bad


def test_codemod_refuses_a_malformed_configuration(tmp_path):
    (tmp_path / "a.py").write_text(SOURCE)
    (tmp_path / "setup.cfg").write_text("[flake8]\nextend-ignore = nope\n")
    result = run_process(*python(*CODEMOD, "."), cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err
    ours = [line for line in result.err.splitlines() if "flake8-fstring-regex" in line]
    assert ours == [
        "flake8-fstring-regex: error: setup.cfg: extend-ignore: 'nope' is not a code prefix "
        "(1 to 3 capital letters, then up to 3 digits)"
    ]
    assert (tmp_path / "a.py").read_text() == SOURCE
