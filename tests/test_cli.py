"""The command line: reports, exit codes, discovery, stdin, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, python, run_process

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
GOOD = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\n'
MESSAGE = "FSR001 '{6}' in an f-string regex inserts '6', not a regex quantifier; write '{{6}}'"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def test_reports_in_flake8_format_and_exits_1(tree, cli):
    write("a.py", BAD)
    result = cli("a.py")
    assert result.out == f"a.py:3:20: {MESSAGE}\n"
    assert (result.code, result.err) == (1, "")


def test_clean_exits_0(tree, cli):
    write("a.py", GOOD)
    assert (cli("a.py").code, cli("a.py").out) == (0, "")


def test_json_format(tree, cli):
    write("a.py", BAD)
    result = cli("--format", "json", "a.py")
    assert json.loads(result.out) == [
        {
            "path": "a.py",
            "line": 3,
            "column": 20,
            "end_line": 3,
            "end_column": 23,
            "code": "FSR001",
            "message": MESSAGE.split(" ", 1)[1],
            "evidence": "regex-place",
            "replacement": "{{6}}",
            "fix": {
                "applicability": "safe",
                "edits": [{
                    "start": {"line": 3, "column": 12},
                    "end": {"line": 3, "column": 24},
                    "content": 'rf"{k}\\d{{6}}"',
                }],
            },
        }
    ]
    assert result.code == 1


def test_select_and_ignore(tree, cli):
    write("a.py", 'import re\nk = 1\nre.compile(rf"{k}\\d{6}\\d{2,3}")\n')
    assert [ln.split()[1] for ln in cli("a.py").out.splitlines()] == ["FSR001", "FSR002"]
    assert [ln.split()[1] for ln in cli("--select", "FSR002", "a.py").out.splitlines()] == [
        "FSR002"
    ]
    assert [ln.split()[1] for ln in cli("--ignore", "FSR002", "a.py").out.splitlines()] == [
        "FSR001"
    ]


def test_directories_skip_usual_places_and_honour_exclude(tree, cli):
    write("pkg/mod.py", BAD)
    write("pkg/sub/deep.py", BAD)
    write("pkg/notes.txt", BAD)
    for skipped in (".git", ".tox", "build", "__pycache__", "node_modules", "x.egg-info"):
        write(f"pkg/{skipped}/hidden.py", BAD)
    write("env/pyvenv.cfg", "")
    write("env/lib/site.py", BAD)
    write("pkg/generated/gen.py", BAD)
    write("lib/venv/__init__.py", BAD)  # a package named venv, not a virtualenv
    write("lib/build/__init__.py", BAD)  # a package named build, not build output
    result = cli("--exclude", "generated,*.txt", ".")
    paths = sorted({line.split(":")[0] for line in result.out.splitlines()})
    assert paths == [
        os.path.join(".", "lib", "build", "__init__.py"),
        os.path.join(".", "lib", "venv", "__init__.py"),
        os.path.join(".", "pkg", "mod.py"),
        os.path.join(".", "pkg", "sub", "deep.py"),
    ]


def test_an_explicit_file_is_checked_whatever_its_name(tree, cli):
    write("script", BAD)
    assert cli("script").code == 1


def test_directory_named_like_a_module_is_walked(tree, cli):
    write("odd.py/inner.py", BAD)
    result = cli("odd.py")
    assert result.out.startswith(os.path.join("odd.py", "inner.py") + ":3:20:")


def test_symlink_loop_terminates_and_visits_each_file_once(tree, cli):
    write("loop/a.py", BAD)
    os.symlink("..", "loop/up")
    os.symlink("a.py", "loop/alias.py")
    result = cli("loop", "loop/a.py")
    assert result.out.count(MESSAGE) == 1


def test_stdin_check_and_fix(cli):
    checked = cli("-", stdin=BAD.encode())
    assert checked.out == f"-:3:20: {MESSAGE}\n" and checked.code == 1
    named = cli("--stdin-display-name", "src/x.py", "-", stdin=BAD.encode())
    assert named.out.startswith("src/x.py:3:20: FSR001")
    fixed = cli("--fix", "-", stdin=BAD.encode())
    assert fixed.stdout_bytes == GOOD.encode() and fixed.code == 1
    clean = cli("--fix", "-", stdin=GOOD.encode())
    assert clean.stdout_bytes == GOOD.encode() and clean.code == 0


def test_stdin_bad_input_echoes_the_source_unchanged(cli):
    result = cli("--fix", "-", stdin=b"re.compile(rf'{k}\\d{6}'\n")
    assert result.code == 2
    assert result.stdout_bytes == b"re.compile(rf'{k}\\d{6}'\n"
    assert result.err.count("\n") == 1 and result.err.startswith("-: error: cannot parse")


BAD_INPUTS = {
    "nul.py": b"x = 1\0\n",
    "latin1.py": b"import re\nk = '\xe9'\nre.compile(rf'{k}\\d{6}')\n",
    "bom_cookie.py": b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
    "syntax.py": b"import re\nre.compile(rf'{k}\\d{6}'\n",
    # Nested too deeply for libcst, in the very statement that needs it.
    "deep.py": b"import re\nre.compile(rf'{k}\\d{6}', " + b"(" * 3000 + b")" * 3000 + b")\n",
    "chain.py": b"import re\nre.compile(rf'{k}\\d{6}', " + b"1+" * 20000 + b"1)\n",
    # ast keeps an implicit concatenation flat; libcst nests it.
    "concat.py": b"import re\nre.compile(rf'{k}\\d{6}' " + b" 'x'" * 2000 + b")\n",
}


@pytest.mark.parametrize("mode", [(), ("--fix",), ("--diff",)], ids=["check", "fix", "diff"])
def test_bad_input_one_line_each_others_still_processed(tree, cli, mode):
    for name, data in BAD_INPUTS.items():
        Path(name).write_bytes(data)
    write("z_good.py", BAD)
    names = sorted(BAD_INPUTS) + ["missing.py", "z_good.py"]
    result = cli(*mode, *names)
    assert result.code == 2
    errors = result.err.splitlines()
    errors = [line for line in errors if not line.startswith(("Rewriting", "Found "))]
    assert [line.split(":")[0] for line in errors] == sorted(BAD_INPUTS) + ["missing.py"]
    assert all(": error: " in line for line in errors)
    assert "Traceback" not in result.err
    for name, data in BAD_INPUTS.items():
        assert Path(name).read_bytes() == data, f"{name} must be left untouched"
    if mode == ("--fix",):
        assert Path("z_good.py").read_text() == GOOD
    elif mode == ():
        assert result.out.startswith("z_good.py:3:20: FSR001")


def test_read_only_file_is_refused_not_replaced(tree, cli, monkeypatch):
    target = write("ro.py", BAD)
    os.chmod(target, 0o444)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # as a non-root user
    result = cli("--fix", "ro.py")
    assert result.code == 2
    assert result.err == (
        "ro.py: error: cannot write: permission denied (file is read-only)\nFound 1 finding.\n"
    )
    assert result.out == f"ro.py:3:20: {MESSAGE}\n", "the finding that remains is reported"
    assert target.read_text() == BAD


def test_read_only_file_when_writable_keeps_its_bits(tree, cli):
    target = write("ro.py", BAD)
    os.chmod(target, 0o444)
    if not os.access(target, os.W_OK):
        pytest.skip("only a privileged user may write a read-only file")
    assert cli("--fix", "ro.py").code == 1
    assert target.read_text() == GOOD and (target.stat().st_mode & 0o777) == 0o444


def test_interrupted_write_leaves_the_file_whole(tree, cli, monkeypatch):
    target = write("a.py", BAD)

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = cli("--fix", "a.py")
    assert result.code == 2
    assert result.err == "a.py: error: cannot write: No space left on device\nFound 1 finding.\n"
    assert target.read_text() == BAD
    assert sorted(p.name for p in tree.iterdir()) == ["a.py"], "no temporary file left behind"


def test_symlinked_file_stays_a_link(tree, cli):
    write("real.py", BAD)
    os.symlink("real.py", "link.py")
    assert cli("--fix", "link.py").code == 1
    assert os.path.islink("link.py") and Path("real.py").read_text() == GOOD


def test_console_script_and_module_do_not_import_flake8(tree):
    write("a.py", BAD)
    probe = (
        "import sys, runpy; sys.argv = ['x', 'a.py']\n"
        "try:\n    runpy.run_module('flake8_fstring_regex', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        "assert 'flake8' not in sys.modules, 'flake8 was imported'\n"
        "sys.exit(code)\n"
    )
    result = run_process(*python("-c", probe), cwd=tree)
    assert result.code == 1, result.err
    assert result.out == f"a.py:3:20: {MESSAGE}\n"


def test_clean_files_never_import_libcst(tree):
    # The second and third lines pass the text gate; the ast screen stops them.
    write("a.py", "import re\nx = f'{y}' + '{0}'.format(1)\nprint(f'item{0}')\n")
    probe = (
        "import sys\nfrom flake8_fstring_regex.cli import main\n"
        "code = main(['a.py'])\n"
        "assert 'libcst' not in sys.modules, 'libcst was imported for a clean file'\n"
        "sys.exit(code)\n"
    )
    result = run_process(*python("-c", probe), cwd=tree)
    assert (result.code, result.err) == (0, "")


def test_a_file_the_text_gate_stops_imports_only_what_it_needs(tree):
    """Start-up: a file without candidates needs neither the ast screen nor
    the noqa reading, and a run writing nothing without configuration files
    needs neither configparser nor tempfile; nor dataclasses, ast,
    tokenize, shutil (which argparse imports to find the terminal's width)."""
    write("a.py", "import re\nx = re.compile(r'\\d{6}')  # flake8: noqa\n")
    probe = (
        "import sys\nfrom flake8_fstring_regex.cli import main\n"
        "code = main(['a.py'])\n"
        "needless = {'configparser', 'tempfile', 'libcst', 'tokenize.open',\n"
        "    'flake8_fstring_regex.noqa', 'flake8_fstring_regex.screen',\n"
        "    'flake8_fstring_regex.statements', 'flake8_fstring_regex.fix',\n"
        # Each costs more than checking a clean file (dataclasses brings inspect).
        "    'dataclasses', 'inspect', 'ast', 'tokenize', 'shutil', 'unicodedata'}\n"
        "assert not needless & set(sys.modules), needless & set(sys.modules)\n"
        "sys.exit(code)\n"
    )
    result = run_process(*python("-c", probe), cwd=tree)
    assert (result.code, result.err) == (0, "")


def test_python_dash_m_runs_the_command(tree):
    write("a.py", BAD)
    result = run_process(*python("-m", "flake8_fstring_regex", "--fix", "a.py"), cwd=tree)
    assert (result.code, result.err) == (
        1, "Rewriting a.py\nFound 1 finding (1 fixed, 0 remaining).\n"
    )


def test_libcst_codemod_applies_the_same_fix(tree):
    for case in sorted((ROOT / "tests" / "fix_cases").glob("*.in.py")):
        write(case.name, case.read_text())
    result = run_process(
        *python(
            "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress", "-x",
            "flake8_fstring_regex.codemod.EscapeSwallowedQuantifiers", ".",
        ),
        cwd=tree,
    )
    assert result.code == 0, result.err
    for case in sorted((ROOT / "tests" / "fix_cases").glob("*.in.py")):
        expected = case.with_name(case.name.replace(".in.py", ".out.py")).read_text()
        assert Path(case.name).read_text() == expected, case.name


def test_many_files_on_every_core_give_the_same_output_in_the_same_order(tree, cli):
    for index in range(80):
        write(f"pkg/m{index:02d}.py", BAD if index % 3 else GOOD)
    write("pkg/m50.py", "x = (\n")  # not a finding candidate: not parsed, no error
    Path("pkg/m51.py").write_bytes(b"\xff\xfe bad")
    serial = cli("-j", "1", "pkg")
    parallel = cli("-j", "2", "pkg")
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    assert serial.code == 2 and serial.err.startswith(os.path.join("pkg", "m51.py"))
    assert serial.out.count("FSR001") == 52
    fixed = cli("-j", "2", "--fix", "pkg")
    assert fixed.err.count("Rewriting") == 52
    assert cli("-j", "2", "pkg").out == ""


def test_negative_jobs_is_a_usage_error(cli):
    with pytest.raises(SystemExit) as exit_info:
        cli("-j", "-1", ".")
    assert exit_info.value.code == 2


def test_version_is_printed(cli):
    with pytest.raises(SystemExit) as exit_info:
        cli("--version")
    assert exit_info.value.code == 0


def test_version_matches_the_installed_distribution(tree):
    from importlib.metadata import version

    result = run_process(*python("-m", "flake8_fstring_regex", "--version"), cwd=tree)
    assert result.out == f"flake8-fstring-regex {version('flake8-fstring-regex')}\n"
