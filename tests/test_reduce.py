"""libcst sees only the statements that matter; findings must not change."""

from __future__ import annotations

import ast
import warnings

import pytest
from expectations import FIXTURES

from flake8_fstring_regex.analysis import analyse
from flake8_fstring_regex.detect import find_in_source
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.reduce import reduced_source
from flake8_fstring_regex.source import physical_lines

LONG_MODULE = '''import re as regexp
from re import compile as c

PATTERN = rf"{__name__}_(\\d{6})"


class Report:
    """Many methods; one holds a finding."""

    def a(self):
        return 1

    def b(self, key):
        local = rf"{key}x{4}"
        return regexp.search(local, "")

    @staticmethod
    def c():
        return 3


def far_away():
    return c(PATTERN)

x = 1; y = (
    2)
z = regexp.compile(rf"{x}-{2}")
'''


def positions(text: str, reduce: bool) -> list[tuple[int, int, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(text)
    lines = candidate_lines(text) if reduce else None
    return [(f.line, f.column, f.code) for f in find_in_source(text, tree=tree, lines=lines)]


def test_reduced_source_keeps_positions_and_drops_the_rest():
    tree = ast.parse(LONG_MODULE)
    reduced = reduced_source(LONG_MODULE, tree, candidate_lines(LONG_MODULE))
    assert reduced is not None
    kept = physical_lines(reduced.text)
    original = physical_lines(LONG_MODULE)
    assert [original[number - 1] for number in reduced.origin] == kept
    assert "def a(self)" not in reduced.text and "def c()" not in reduced.text
    assert "def far_away()" in reduced.text, "a statement using PATTERN is context"
    assert "import re as regexp" in reduced.text
    assert "from re import compile as c" in reduced.text


def test_findings_are_the_same_with_and_without_reduction():
    found = positions(LONG_MODULE, reduce=True)
    assert found == positions(LONG_MODULE, reduce=False)
    assert [code for _, _, code in found] == ["FSR001", "FSR001", "FSR001"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.name)
def test_every_fixture_agrees(path):
    text = path.read_text(encoding="utf-8")
    try:
        positions(text, reduce=False)
    except SyntaxError:
        pytest.skip("this Python cannot parse the fixture with ast")
    assert positions(text, reduce=True) == positions(text, reduce=False)


def test_fix_with_tabs_and_wide_characters_before_the_literal():
    source = 'import re\nif True:\n\tk = "ü"; re.compile(rf"ü{k}\\d{6}")\n'
    fixed = analyse(source.encode()).fixed().decode()
    assert fixed == 'import re\nif True:\n\tk = "ü"; re.compile(rf"ü{k}\\d{{6}}")\n'


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("ending", ["", "\n", "x = 1"])
def test_reduced_lines_are_the_file_lines_with_any_line_break(newline, ending):
    text = (LONG_MODULE + ending).replace("\n", newline)
    reduced = reduced_source(text, ast.parse(text), candidate_lines(text))
    assert reduced is not None
    original = physical_lines(text)
    assert [original[number - 1] for number in reduced.origin] == physical_lines(reduced.text)
    assert positions(text, reduce=True) == positions(text, reduce=False)
