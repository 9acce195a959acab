"""Parity with flake8, in real processes: for a matrix of configuration files
(each key, in each kind of file flake8 reads, Flake8-pyproject's
[tool.flake8] included) over one tree of sources with findings and
suppressions, the command reports exactly the FSR lines flake8 prints (also
with ``flake8 -j2``), and ``--fix`` changes exactly those lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pytest
from conftest import python, run_process

TREE = {
    "exempt.py": r'''# flake8: noqa
import re

k = 1
a = re.compile(rf"{k}\d{6}")
''',
    "exempt_codes.py": r'''import re

    # FLAKE8=noqa: FSR002
k = 1
a = re.compile(rf"{k}\d{6}")
''',
    "not_exempt.py": r'''import re

k = 1  # flake8: noqa
a = re.compile(rf"{k}\d{6}")
''',
    "sub/deep/x.py": r'''import re

from mylib import compile_pattern

k = 1
a = compile_pattern(rf"{k}\d{6}")
b = re.compile(r"\d{{6}}")
''',
    "sub/gen.py": r'''import re

k = 1
a = re.compile(rf"{k}\d{6}")
b = re.compile(rf"{k}\d{2,3}")
''',
    "tests/test_a.py": r'''import re

k = 1
a = re.compile(rf"{k}\d{6}")
b = re.compile(r"\d{{2}}")
''',
    "top.py": r'''import re

import mylib

k = 1
a = re.compile(rf"{k}\d{6}")
b = re.compile(rf"{k}\d{2,3}")
c = re.compile(r"\d{{6}}")
d = re.compile(r"\d{6}-{0}".format(k))
e = re.compile(rf"{k}\d{6}")  # noqa
f = re.compile(rf"{k}\d{6}")  # noqa: FSR001
g = re.compile(rf"{k}\d{6}")  # NOQA:FSR002
h = re.compile(rf"{k}\d{6}")  # noqa: fsr001
i = re.compile(rf"{k}\d{6}")  # noqa: FSR
j = re.compile(rf"{k}\d{6}")  # noqa:FSR003,FSR001
m = re.compile(rf"{k}\d{6}") \
    if k else None  # noqa: FSR001
n = re.compile(rf"{k}\d{6}" + """
""")  # noqa
o = re.compile(
    rf"{k}\d{6}",
)  # noqa
p = re.compile(rf"{k}\d{6}")  #noqa
q = mylib.compile_pattern(rf"{k}\d{6}")
r = re.compile(rf"""{k}\d{6}
# noqa""")
''',
}

Value = Union[str, list[str]]
REPORT = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>FSR\d{3}) ")
FUNCTIONS = "mylib.compile_pattern"
PER_FILE = ["sub/deep/x.py:FSR003", "sub/*.py:FSR001", "tests/*:FSR", "top.py:FSR003 FSR004"]
COMBINED: dict[str, Value] = {
    "select": "FSR",
    "extend-ignore": ["FSR004"],
    "per-file-ignores": PER_FILE,
    "extend-exclude": ["exempt*.py", "./not_exempt.py"],
    "fsr-regex-functions": [FUNCTIONS],
}


@dataclass
class Case:
    """One configuration file (or two), where to run, and extra options
    given to both flake8 and the command."""

    kind: str  # setup.cfg, tox.ini, .flake8, pyproject.toml, or none
    values: dict[str, Value]
    cwd: str = "."
    options: list[str] = field(default_factory=list)
    also: dict[str, dict[str, Value]] = field(default_factory=dict)  # more files
    parallel: bool = False


CASES = {
    "none": Case("none", {}, options=["--select=FSR"]),
    "select": Case("setup.cfg", {"select": "FSR001,FSR003"}),
    "ignore": Case("tox.ini", {"ignore": "FSR002"}),
    # FSR001 selected explicitly beats FSR ignored explicitly: longest prefix.
    "extend-select": Case(".flake8", {"ignore": "FSR", "extend-select": "FSR001"}),
    "extend-ignore": Case("pyproject.toml", {"extend-ignore": ["FSR002", "FSR004"]}),
    # The longest matching pattern alone applies: x.py keeps its FSR001.
    "per-file-ignores": Case("setup.cfg", {"per-file-ignores": "\n".join(PER_FILE)}),
    "per-file-ignores-toml": Case("pyproject.toml", {"per-file-ignores": PER_FILE}),
    # Patterns with a / are relative to the file's directory (exclude) or to
    # the current one (per-file-ignores), here below the file's.
    "parent-directory": Case(
        ".flake8",
        {"exclude": "sub/deep", "per-file-ignores": "./gen.py:FSR002"},
        cwd="sub",
    ),
    "exclude": Case("tox.ini", {"exclude": "./top.py,sub/gen.py"}),
    "extend-exclude": Case("pyproject.toml", {"extend-exclude": ["tests", "exempt*.py"]}),
    "fsr-regex-functions": Case("setup.cfg", {"fsr-regex-functions": FUNCTIONS}),
    "fsr-regex-functions-toml": Case("pyproject.toml", {"fsr-regex-functions": [FUNCTIONS]}),
    # Flake8-pyproject: [tool.flake8] replaces setup.cfg's [flake8] entirely.
    "pyproject-wins": Case(
        "pyproject.toml", {"extend-ignore": "FSR003"},
        also={"setup.cfg": {"select": "FSR002", "fsr-regex-functions": FUNCTIONS}},
    ),
    "command-line": Case(
        "setup.cfg", {"select": "FSR001", "extend-ignore": "FSR002"},
        options=["--select=FSR", "--extend-ignore=FSR003", "--exclude=sub"],
    ),
    **{
        f"combined-{kind}": Case(kind, COMBINED, parallel=True)
        for kind in ("setup.cfg", "tox.ini", ".flake8", "pyproject.toml")
    },
}


def _ini(values: dict[str, Value]) -> str:
    lines = ["[flake8]"]
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key} =")
            lines += [f"    {item}" for item in value]
        elif "\n" in value:
            lines.append(f"{key} =")
            lines += [f"    {item}" for item in value.splitlines()]
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def _toml(values: dict[str, Value], table: str = "flake8") -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = [f"[tool.{table}]"]
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key} = [{', '.join(quoted(item) for item in value)}]")
        else:
            lines.append(f"{key} = {quoted(value)}")
    return "\n".join(lines) + "\n"


def config_text(kind: str, values: dict[str, Value]) -> str:
    return _toml(values) if kind == "pyproject.toml" else _ini(values)


def build(root: Path, case: Case) -> Path:
    for name, text in TREE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    files = dict(case.also)
    if case.kind != "none":
        files[case.kind] = case.values
    for kind, values in files.items():
        (root / kind).write_text(config_text(kind, values))
    return root / case.cwd


def reported(output: str, cwd: Path) -> list[tuple[str, int, int, str]]:
    """The FSR reports, by file (resolved), line, column and code."""
    found = []
    for line in output.splitlines():
        match = REPORT.match(line)
        if match:
            path = str((cwd / match["path"]).resolve())
            found.append((path, int(match["line"]), int(match["column"]), match["code"]))
    return sorted(found)


def flake8(cwd: Path, *options: str) -> list[tuple[str, int, int, str]]:
    return reported(flake8_output(cwd, *options), cwd)


def flake8_output(cwd: Path, *options: str) -> str:
    result = run_process(*python("-m", "flake8", *options), cwd=cwd)
    assert "Traceback" not in result.err, result.err
    return result.out


def safely_fixable(output: str, cwd: Path) -> set[tuple[str, int]]:
    """The lines of flake8's reports whose string reaches a regex place: the
    others only look like regexes, and --fix leaves them (unsafe fixes)."""
    return {
        (path, line)
        for path, line, _, _ in reported(
            "\n".join(ln for ln in output.splitlines() if "looks like a regex" not in ln), cwd
        )
    }


@pytest.mark.parametrize("name", list(CASES))
def test_command_reports_what_flake8_reports(tmp_path, name):
    case = CASES[name]
    cwd = build(tmp_path, case)
    expected = flake8(cwd, *case.options)
    assert expected, "each case must leave something to compare"
    if case.parallel:
        assert flake8(cwd, "-j2", *case.options) == expected
    result = run_process(*python("-m", "flake8_fstring_regex", *case.options), cwd=cwd)
    assert result.err == ""
    assert result.code == 1
    assert reported(result.out, cwd) == expected
    assert len(result.out.splitlines()) == len(expected)


@pytest.mark.parametrize("name", ["per-file-ignores", "parent-directory", "combined-pyproject.toml"])
def test_fix_changes_exactly_the_reported_lines(tmp_path, name):
    case = CASES[name]
    cwd = build(tmp_path, case)
    output = flake8_output(cwd, *case.options)
    expected = safely_fixable(output, cwd)
    assert expected, "each case must leave something to fix"
    before = {name: (tmp_path / name).read_text().splitlines() for name in TREE}
    result = run_process(*python("-m", "flake8_fstring_regex", "--fix", *case.options), cwd=cwd)
    assert result.code == 1, result.err
    changed = set()
    for name, old in before.items():
        new = (tmp_path / name).read_text().splitlines()
        assert len(new) == len(old)
        path = str((tmp_path / name).resolve())
        changed |= {(path, number) for number, pair in enumerate(zip(old, new), 1) if pair[0] != pair[1]}
    assert changed == expected
    assert safely_fixable(flake8_output(cwd, *case.options), cwd) == set()


def test_own_table_means_what_flake8s_section_means(tmp_path):
    """[tool.flake8-fstring-regex], for projects without flake8, reads like
    a [flake8] section: compared with flake8 reading the same keys."""
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    build(ours, Case("none", {}))
    (ours / "pyproject.toml").write_text(_toml(COMBINED, "flake8-fstring-regex"))
    build(theirs, Case("setup.cfg", COMBINED))
    result = run_process(*python("-m", "flake8_fstring_regex"), cwd=ours)
    relocated = [
        (p.replace(str(theirs.resolve()), str(ours.resolve())), *rest) for p, *rest in flake8(theirs)
    ]
    assert reported(result.out, ours) == sorted(relocated) != []
