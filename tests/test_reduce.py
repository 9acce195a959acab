"""libcst sees only the statements that matter; findings must not change."""

from __future__ import annotations

import ast
import warnings

import pytest
from expectations import FIXTURES

from flake8_fstring_regex import detect
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


# Names said in one group and used in another: a template assigned, formatted
# and passed as a pattern far apart; an f-string passed by name; a class whose
# header and kept method fall in different groups from their context.
GROUPED_MODULE = '''import re
from re import compile as c

TEMPLATE = "id-{0}-{3}"
SHOWN = f"{__name__} took {3} s"
HELD = rf"{__name__}\\d{6}"
PLAIN = "a\\\\d{{2}}"


class Checks:
    LIMIT = rf"{__name__}\\w{2,4}"

    def first(self, key):
        return re.compile(rf"{key}\\d{6}")

    def second(self, key):
        return c(rf"{key}\\s{3,}")


TEMPLATE_TEXT = TEMPLATE.format(1, 2)
KEPT = re.compile(TEMPLATE)
BY_NAME = re.search(HELD, "x")
AGAIN = re.compile(PLAIN)
LAST = re.match(Checks.LIMIT, "y")
SHOWN_AS_PATTERN = re.search(SHOWN, rf"{__name__}\\d{6}")
SECOND = "no-{0}-{4}"
SECOND_TEXT = SECOND.format(rf"{__name__}\\d{6}")
SECOND_KEPT = re.compile(SECOND)
'''


def _all(text: str) -> list[tuple[int, int, str, str, str]]:
    tree = ast.parse(text)
    return [
        (f.line, f.column, f.code, f.message, f.evidence)
        for f in find_in_source(text, tree=tree, lines=candidate_lines(text))
    ]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_groups_of_statements_find_what_the_whole_module_finds(monkeypatch, size):
    whole = _all(GROUPED_MODULE)
    assert len(whole) >= 6
    monkeypatch.setattr(detect, "GROUP_SIZE", size)
    assert _all(GROUPED_MODULE) == whole


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.name)
def test_every_fixture_agrees_in_groups_of_one(monkeypatch, path):
    text = path.read_text(encoding="utf-8")
    try:
        whole = _all(text)
    except SyntaxError:
        pytest.skip("this Python cannot parse the fixture with ast")
    monkeypatch.setattr(detect, "GROUP_SIZE", 1)
    assert _all(text) == whole
