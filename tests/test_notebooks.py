"""Jupyter notebooks: checked and fixed cell by cell, every other byte kept.

The fixtures in tests/notebooks/ are written in different JSON styles
(indentation, escaping, key order, final newline); each has a golden
``.fixed.ipynb`` that ``--fix`` must write byte for byte.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_process
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.notebook import read
from flake8_fstring_regex.notebook_magics import is_python_cell, mask
from flake8_fstring_regex.process import Job, process_source

NOTEBOOKS = ROOT / "tests" / "notebooks"
FIXTURES = ["magics", "two_space_ascii"]
QUANTIFIER = (
    "FSR001 '{%s}' in an f-string regex inserts '%s', not a regex quantifier; write '{{%s}}'"
)


def message(n: str) -> str:
    return QUANTIFIER % (n, n, n)


def notebook(*cells: object, **top: object) -> dict:
    """An nbformat 4 notebook: a str cell is code, ("markdown", text) is not."""
    built = []
    for cell in cells:
        if isinstance(cell, tuple):
            kind, source = cell
            built.append({"cell_type": kind, "metadata": {}, "source": source})
        else:
            built.append({
                "cell_type": "code", "execution_count": None, "metadata": {},
                "outputs": [], "source": cell,
            })
    return {"cells": built, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **top}


def write(path: Path, value: dict, **dump: object) -> Path:
    path.write_text(json.dumps(value, **dump), encoding="utf-8")  # type: ignore[arg-type]
    return path


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Reports


def test_findings_are_reported_per_cell_counting_all_cells(here, cli):
    shutil.copy(NOTEBOOKS / "magics.ipynb", "nb.ipynb")
    result = cli("nb.ipynb")
    assert result.out.splitlines() == [
        f"nb.ipynb:cell 3:3:37: {message('4')}",
        f"nb.ipynb:cell 5:3:34: {message('2')}",
        f"nb.ipynb:cell 7:2:24: {message('4')}",
        f"nb.ipynb:cell 7:2:30: {message('2')}",
    ]
    assert (result.code, result.err) == (1, "")


def test_a_real_process_reports_the_same(here):
    shutil.copy(NOTEBOOKS / "magics.ipynb", "nb.ipynb")
    result = run_process(sys.executable, "-m", "flake8_fstring_regex", "nb.ipynb")
    assert result.code == 1, result.err
    assert result.out.splitlines()[0] == f"nb.ipynb:cell 3:3:37: {message('4')}"


def test_json_reports_carry_the_cell_and_lines_within_it(here, cli):
    cells = (("markdown", "# title"), "import re\n", "x = 1\nre.compile(rf'\\d{6}')")
    write(here / "nb.ipynb", notebook(*cells))
    [entry] = json.loads(cli("--format", "json", "nb.ipynb").out)
    assert (entry["path"], entry["cell"], entry["line"], entry["column"]) == ("nb.ipynb", 3, 2, 17)
    assert (entry["end_line"], entry["end_column"]) == (2, 20)
    assert list(entry)[:3] == ["path", "cell", "line"]
    [edit] = entry["fix"]["edits"]
    assert (edit["start"], edit["end"]) == ({"line": 2, "column": 12}, {"line": 2, "column": 21})


def test_an_import_in_one_cell_counts_in_another(here, cli):
    # Known as re.compile's pattern (a regex place), so the fix is safe.
    cells = ("import re as regex\n", ("markdown", "text"), "regex.compile(rf'\\d{6}')")
    write(here / "nb.ipynb", notebook(*cells))
    result = cli("--format", "json", "nb.ipynb")
    [entry] = json.loads(result.out)
    assert (entry["cell"], entry["evidence"]) == (3, "regex-place")
    assert entry["fix"]["applicability"] == "safe"


def test_noqa_in_a_cell_is_honoured(here, cli):
    write(here / "nb.ipynb", notebook("import re\nre.compile(rf'\\d{6}')  # noqa: FSR001\n"))
    assert (cli("nb.ipynb").code, cli("nb.ipynb").out) == (0, "")


def test_directories_are_walked_for_notebooks_but_not_checkpoints(here, cli):
    shutil.copy(NOTEBOOKS / "magics.ipynb", here / "a.ipynb")
    (here / ".ipynb_checkpoints").mkdir()
    shutil.copy(NOTEBOOKS / "magics.ipynb", here / ".ipynb_checkpoints" / "a-checkpoint.ipynb")
    paths = {line.split(":")[0] for line in cli(".").out.splitlines()}
    assert paths == {"./a.ipynb"}


def test_other_languages_are_left_alone(here, cli):
    pattern = "import re\nre.compile(rf'\\d{6}')"
    r_notebook = notebook(pattern, metadata={"language_info": {"name": "R"}})
    write(here / "r.ipynb", r_notebook)
    sql_cell = notebook(pattern)
    sql_cell["cells"][0]["metadata"] = {"vscode": {"languageId": "sql"}}
    write(here / "sql.ipynb", sql_cell)
    result = cli("r.ipynb", "sql.ipynb")
    assert (result.code, result.out, result.err) == (0, "", "")


# Fixing


@pytest.mark.parametrize("name", FIXTURES)
def test_fix_writes_the_golden_notebook_byte_for_byte(here, cli, name):
    target = shutil.copy(NOTEBOOKS / f"{name}.ipynb", here / "nb.ipynb")
    result = cli("--fix", "nb.ipynb")
    assert result.code == 1
    assert "Rewriting nb.ipynb" in result.err
    assert Path(target).read_bytes() == (NOTEBOOKS / f"{name}.fixed.ipynb").read_bytes()


@pytest.mark.parametrize("name", FIXTURES)
def test_fixing_the_golden_notebook_changes_nothing(here, cli, name):
    target = shutil.copy(NOTEBOOKS / f"{name}.fixed.ipynb", here / "nb.ipynb")
    before = Path(target).read_bytes()
    result = cli("--fix", "nb.ipynb")
    assert (result.code, result.out, result.err) == (0, "", "All checks passed!\n")
    assert Path(target).read_bytes() == before


@pytest.mark.parametrize("name", FIXTURES)
def test_diff_is_the_notebook_text_fix_would_write(here, cli, name):
    target = shutil.copy(NOTEBOOKS / f"{name}.ipynb", here / "nb.ipynb")
    before = Path(target).read_bytes()
    result = cli("--diff", "nb.ipynb")
    assert result.code == 1
    assert Path(target).read_bytes() == before
    after = (NOTEBOOKS / f"{name}.fixed.ipynb").read_text(encoding="utf-8")
    expected = difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.splitlines(keepends=True),
        "a/nb.ipynb", "b/nb.ipynb",
    )
    assert result.out.replace("\n\\ No newline at end of file\n", "") == "".join(expected)


def test_a_notebook_fixes_through_standard_input(cli):
    data = (NOTEBOOKS / "magics.ipynb").read_bytes()
    result = cli("--fix", "--stdin-display-name", "nb.ipynb", "-", stdin=data)
    assert result.stdout_bytes == (NOTEBOOKS / "magics.fixed.ipynb").read_bytes()
    assert f"nb.ipynb:cell 3:3:37: {message('4')}" not in result.err  # fixed, not left


def test_magic_lines_stay_byte_identical(here, cli):
    cell = [
        "import re\n", "%load_ext autoreload\n", "!echo '{6}'\n", "files = !ls\n",
        "re.compile?\n", "for f in files:\n", "    !wc -l {f} \\\n", "        | sort\n",
        "    re.compile(rf'{f}\\d{6}')\n", "??re",
    ]
    write(here / "nb.ipynb", notebook(cell), indent=1)
    cli("--fix", "nb.ipynb")
    fixed = json.loads((here / "nb.ipynb").read_text())["cells"][0]["source"]
    assert fixed == [*cell[:8], "    re.compile(rf'{f}\\d{{6}}')\n", "??re"]


def test_unsafe_fixes_need_asking_in_notebooks_too(here, cli):
    # No regex function receives the pattern: only its look says regex.
    path = write(here / "nb.ipynb", notebook("pattern = rf'^\\d{4}-\\d{2}$'\n"), indent=1)
    before = path.read_bytes()
    assert cli("--fix", "nb.ipynb").code == 1
    assert path.read_bytes() == before
    assert cli("--fix", "--unsafe-fixes", "nb.ipynb").code == 1
    assert json.loads(path.read_text())["cells"][0]["source"] == "pattern = r'^\\d{4}-\\d{2}$'\n"


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_escapes_around_an_edit_are_kept(here, cli, ensure_ascii):
    line = "re.compile(rf'é😀{x}/\\d{6}\\t')  # naïve\n"
    path = write(
        here / "nb.ipynb", notebook(["import re\n", line]), indent=2, ensure_ascii=ensure_ascii
    )
    before = path.read_text(encoding="utf-8")
    cli("--fix", "nb.ipynb")
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("{6}", "{{6}}")
    assert ("\\ud83d\\ude00" in after) == ensure_ascii


def test_a_change_within_one_string_of_an_odd_split_stays_there(here, cli):
    # An unusual split of the source: the literal spans two strings.
    value = notebook(["import re\n", "re.compile(rf'{x}\\d{", "6}')\n"])
    path = write(here / "nb.ipynb", value, indent=3)
    before = path.read_text()
    cli("--fix", "nb.ipynb")
    assert path.read_text() == before.replace('"6}', '"{6}}')


def test_a_change_across_two_strings_rewrites_the_value_in_its_style(here, cli):
    # The two fixes of one line fall in two strings of the list.
    value = notebook(["import re\n", "re.compile(rf'{x}\\d{6}", "\\d{7}')\n"])
    path = write(here / "nb.ipynb", value, indent=3)
    cli("--fix", "nb.ipynb")
    text = path.read_text()
    lines = '"import re\\n",\n            "re.compile(rf\'{x}\\\\d{{6}}\\\\d{{7}}\')\\n"'
    assert '"source": [\n            ' + lines + "\n         ]" in text
    fixed, original = json.loads(text), value
    fixed["cells"][0]["source"] = original["cells"][0]["source"]
    assert fixed == original


@pytest.mark.parametrize("slash", [True, False])
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_value_written_anew_takes_the_files_escaping(here, cli, ensure_ascii, slash):
    def dump(source: list[str]) -> str:
        text = json.dumps(notebook(source), indent=1, ensure_ascii=ensure_ascii)
        return text.replace("/", "\\/") if slash else text

    # Two fixes of one line fall in two strings: the value is written anew.
    path = here / "nb.ipynb"
    path.write_text(dump(["import re\n", "re.compile(rf'{x}é/\\d{6}", "\\d{7}')\n"]))
    cli("--fix", "nb.ipynb")
    fixed = ["import re\n", "re.compile(rf'{x}é/\\d{{6}}\\d{{7}}')\n"]
    assert path.read_text() == dump(fixed)


def test_a_bom_and_a_coding_line_are_kept(here, cli):
    path = here / "nb.ipynb"
    cell = "# -*- coding: latin-1 -*-\nimport re\nre.compile(rf'é{x}\\d{6}')"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(notebook(cell), ensure_ascii=False).encode())
    cli("--fix", "nb.ipynb")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert json.loads(data[3:])["cells"][0]["source"] == cell.replace("{6}", "{{6}}")


# Bad input


MALFORMED = {
    "invalid JSON": (b'{"nbformat": 4, "cells": [', "not a notebook: invalid JSON"),
    "not an object": (b"[]", "not a notebook: the top level is not a JSON object"),
    "nbformat 3": (b'{"nbformat": 3, "worksheets": []}', "nbformat 4 expected, found 3"),
    "no cells": (b'{"nbformat": 4}', "not a notebook: no list of cells"),
    "no source": (b'{"nbformat": 4, "cells": [{"cell_type": "code"}]}', "cell 1 has no source"),
    "number source": (
        b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 1}]}',
        "cell 1's source is neither a string nor a list of strings",
    ),
    "list of numbers": (
        b'{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": [1]}]}',
        "cell 1's source is neither",
    ),
    "not UTF-8": (b'{"nbformat": 4, "cells": ["\xff"]}', "not a notebook: not UTF-8"),
    "extra data": (b'{"nbformat": 4, "cells": []} {}', "invalid JSON: extra data"),
    "does not parse": (
        b'{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ""},'
        b' {"cell_type": "code", "source": ["import re\\n", "x = (re.compile(rf\'{6}\')\\n"]}]}',
        # The line is the parser's: 2 from Python 3.10 on, 3 (end of input) on 3.9.
        "cell 2: line ",
    ),
}


@pytest.mark.parametrize("mode", ["check", "--fix", "--diff"])
@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_notebook_is_one_line_and_exit_2(here, cli, case, mode):
    data, expected = MALFORMED[case]
    (here / "nb.ipynb").write_bytes(data)
    result = cli(*([] if mode == "check" else [mode]), "nb.ipynb")
    assert result.code == 2
    assert result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith("nb.ipynb: error: ") and expected in line, line
    if case == "does not parse":
        assert "does not parse, even with IPython magics masked" in line
    assert (here / "nb.ipynb").read_bytes() == data


def test_one_bad_notebook_does_not_stop_the_others(here, cli):
    (here / "bad.ipynb").write_bytes(b"{")
    shutil.copy(NOTEBOOKS / "magics.ipynb", here / "good.ipynb")
    result = cli("bad.ipynb", "good.ipynb")
    assert result.code == 2
    assert len(result.out.splitlines()) == 4


# Masking


def masked(text: str) -> list[int]:
    out, lines = mask(text)
    assert out.count("\n") == text.count("\n")
    return sorted(lines)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("%matplotlib inline\nx = 1", [0]),
        ("!ls\n!!ls -l\nx = !pwd\na, b = %sx ls", [0, 1, 2, 3]),
        ("?re\n??re.compile\nre.compile?\nre.compile??\nlst[0]?", [0, 1, 2, 3, 4]),
        ("%%time\nx = 1", [0]),
        ("!echo a \\\n  b \\\n  c\nx = 1", [0, 1, 2]),
        ("if x:\n    %time f()\n    !ls", [1, 2]),
        # Python, not IPython: inside brackets, strings and comments.
        ('s = ("%s"\n     % x)', []),
        ('"""\n%s\n!important\nWhat is this?\n"""', []),
        ("x = 1  # why?\ny = a != b", []),
        ("x = [\n    !ls\n]", []),
    ],
)
def test_what_is_masked(text, lines):
    assert masked(text) == lines


def test_masking_keeps_indentation_so_blocks_still_parse():
    out, _ = mask("for f in files:\n    !wc -l {f}\n")
    compile(out, "cell", "exec")
    line = out.splitlines()[1]
    assert line.startswith("    pass") and len(line) == len("    !wc -l {f}")


@pytest.mark.parametrize(
    ("text", "python"),
    [
        ("%%bash\necho {6}", False),
        ("%%writefile x.py\nimport re", False),
        ("\n%%html\n<b>", False),
        ("%%time\nx = 1", True),
        ("%%timeit x = 1\ny = x", True),
        ("pip install regex", False),
        ("cd data", False),
        ("time = 3", True),
        ("time.sleep(1)", True),
        ("x = 1", True),
        ("", True),
    ],
)
def test_which_cells_are_python(text, python):
    assert is_python_cell(text) is python


def test_cells_left_out_are_not_part_of_the_module():
    value = notebook("a = 1", "%%bash\nls", ("markdown", "m"), "b = 2\nc = 3")
    nb = read(json.dumps(value).encode())
    assert nb.module == "a = 1\nb = 2\nc = 3\n"
    assert [nb.locate(n) for n in (1, 2, 3)] == [(1, 1), (4, 1), (4, 2)]


# flake8 users: nbqa


def test_nbqa_runs_flake8_with_the_plugin_on_a_notebook(here):
    pytest.importorskip("nbqa", reason="nbqa is in the test extras: pip install -e '.[test]'")
    shutil.copy(NOTEBOOKS / "magics.ipynb", "notebook.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "nbqa", "flake8", "notebook.ipynb", "--select", "FSR"],
        capture_output=True, text=True, timeout=300,
    )
    # nbqa numbers code cells only: its cell_2 is the notebook's cell 3.
    assert result.stdout.splitlines()[0] == f"notebook.ipynb:cell_2:3:37: {message('4')}"
    assert result.returncode == 1, result.stderr


# Property: a fix changes code cells' sources and nothing else.

_LINES = st.sampled_from([
    "x = 1", "re.compile(rf'{x}\\d{6}')", "re.search(rf'\\d{2,3}{x}', s)", "pattern = rf'^\\d{4}$'",
    "%time f()", "!ls /tmp", "files = !ls", "re.compile?", "# café ✓", "s = 'naïve/😀'",
    "if x:\n    y = re.match(rf'{x}\\w{3}', s)\n    !echo {y}", "",
])
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def notebooks(draw: st.DrawFn) -> dict:
    cells = []
    for _ in range(draw(st.integers(1, 5))):
        lines = ["import re", *draw(st.lists(_LINES, max_size=5))]
        text = "\n".join(lines) + draw(st.sampled_from(["", "\n"]))
        kind = draw(st.sampled_from(["code", "code", "markdown", "raw"]))
        source: object = text
        if draw(st.booleans()):  # a list: one string per line, some split again
            cuts = draw(st.lists(st.integers(0, len(text)), max_size=3))
            ends = sorted({m.end() for m in re.finditer("\n", text)} | set(cuts) | {len(text)})
            source = [text[a:b] for a, b in zip([0, *ends], ends) if b > a]
        cell = {"cell_type": kind, "metadata": {"tags": draw(st.lists(_TEXT, max_size=2))},
                "source": source}
        if kind == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [draw(_TEXT)]}]
            cell["execution_count"] = draw(st.sampled_from([None, 1, 2]))
        cells.append(cell)
    return {"cells": cells, "metadata": {"title": draw(_TEXT)}, "nbformat": 4, "nbformat_minor": 4}


@settings(max_examples=150)
@given(
    value=notebooks(), indent=st.sampled_from([None, 1, 2, 4]), ensure_ascii=st.booleans(),
    sort_keys=st.booleans(), newline=st.booleans(), slash=st.booleans(), unsafe=st.booleans(),
)
def test_fixing_changes_only_code_cells_sources(
    value, indent, ensure_ascii, sort_keys, newline, slash, unsafe
):
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    text = (text.replace("/", "\\/") if slash else text) + ("\n" if newline else "")
    data = text.encode()
    outcome = process_source("nb.ipynb", data, Job("fix", unsafe_fixes=unsafe))
    assert outcome.error is None
    fixed = outcome.fixed_source or data
    before, after = json.loads(data), json.loads(fixed)
    for old, new in zip(before["cells"], after["cells"]):
        if old["cell_type"] == "code":
            assert type(new["source"]) is type(old["source"])
            old, new = {**old, "source": None}, {**new, "source": None}
        assert new == old
    assert {**after, "cells": None} == {**before, "cells": None}
    assert fixed.endswith(b"\n") == newline
    # Fixed once, fixed for good.
    again = process_source("nb.ipynb", fixed, Job("fix", unsafe_fixes=unsafe))
    assert (again.error, again.changed) == (None, False)
