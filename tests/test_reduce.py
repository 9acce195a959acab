"""libcst sees only the statements that matter; findings must not change."""

from __future__ import annotations

import ast
import warnings

import pytest
from expectations import FIXTURES

from flake8_fstring_regex import detect, grouped
from flake8_fstring_regex.analysis import analyse, find_through_gates
from flake8_fstring_regex.detect import find_in_source
from flake8_fstring_regex.fix import FixFailure
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.reduce import reduced_source
from flake8_fstring_regex.source import InputError, physical_lines

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the fixtures
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


def _gated(text: str) -> list[tuple[int, int, str, str, str]]:
    found, _ = find_through_gates(text)
    return [(f.line, f.column, f.code, f.message, f.evidence) for f in found]


@pytest.fixture
def groups_of(monkeypatch):
    """Statements a few at a time, in as many groups as that makes."""

    def set_size(size: int) -> None:
        monkeypatch.setattr(grouped, "GROUP_SIZE", size)
        monkeypatch.setattr(grouped, "MOST_GROUPS", 10_000)

    return set_size


@pytest.mark.parametrize("size", [1, 2, 5])
def test_the_pipeline_in_groups_finds_what_it_finds_whole(groups_of, size):
    whole = _gated(GROUPED_MODULE)
    assert len(whole) == 10
    groups_of(size)
    assert _gated(GROUPED_MODULE) == whole


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.name)
def test_every_fixture_agrees_through_the_pipeline_in_groups(groups_of, path):
    text = path.read_text(encoding="utf-8")
    whole = _gated(text)
    groups_of(1)
    assert _gated(text) == whole


def test_a_statement_that_does_not_parse_is_reported_as_in_a_whole_file(groups_of):
    text = GROUPED_MODULE + 'BROKEN = re.compile(rf"{__name__}\\d{6}") +\n'

    with pytest.raises(InputError) as whole:
        find_through_gates(text)
    groups_of(1)
    with pytest.raises(InputError) as in_groups:
        find_through_gates(text)
    assert str(in_groups.value) == str(whole.value)


def test_groups_hold_each_finding_once_and_in_order(groups_of):
    body = "".join(f'P{n} = re.compile(rf"{{k}}\\d{{{n % 9 + 1}}}")\n' for n in range(40))
    text = "import re\nk = 'x'\n" + body
    whole = _gated(text)
    assert len(whole) == 40
    groups_of(3)
    assert _gated(text) == whole


def test_fixing_a_file_that_does_not_parse_elsewhere_is_refused_and_says_why(groups_of):
    groups_of(1)
    text = GROUPED_MODULE + "broken = 1 +\n"
    analysis = analyse(text.encode())
    assert analysis.findings, "checked in groups: the statement elsewhere is not parsed"
    with pytest.raises(FixFailure, match="the file does not parse"):
        analysis.fix()


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_groups_keep_lines_with_any_line_break(groups_of, newline):
    text = GROUPED_MODULE.replace("\n", newline)
    whole = _gated(text)
    assert len(whole) == 10
    groups_of(1)
    assert _gated(text) == whole
