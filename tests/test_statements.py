"""Large files are parsed statement by statement (statements.py): the
scan must find where every top-level statement starts, and the findings
must be those of a whole parse."""

from __future__ import annotations

import ast
import re
import warnings

import pytest
from expectations import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex import source, statements
from flake8_fstring_regex.analysis import analyse, find_through_gates
from flake8_fstring_regex.source import LineStarts

TRICKY = '''import re
@decorator
@other(
1)
def f():
    return 1
x = [
1,
]; y = 2
if x:
    pass
else:
    pass
s = """
z = 1
"""
t = 'a\\
b'
u = 1 + \\
2
try:
    import regex
except ImportError:
    regex = None
P = rf"{x}\\d{6}"
# comment at the start
re.compile(P)
'''


def _starts_by_ast(text: str) -> list[int]:
    """The first line of each top-level statement that does not start on
    the line where the one before ends (``x = 1; y = 2`` is one piece)."""
    tree = ast.parse(text)
    starts: list[int] = []
    previous_end = 0
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if first != previous_end:
            starts.append(first)
        previous_end = node.end_lineno or node.lineno
    return starts


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.name)
def test_the_scan_finds_every_statement_start(path):
    text = path.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = _starts_by_ast(text)
        except SyntaxError:
            pytest.skip("this Python cannot parse the fixture")
    try:
        found = list(statements.statement_starts(text, LineStarts(text)))
    except statements.Unsure:
        pytest.skip("the scan is unsure (PEP 701 quotes): the whole file is parsed")
    assert found == expected


def test_the_scan_on_tricky_layouts():
    found = list(statements.statement_starts(TRICKY, LineStarts(TRICKY)))
    assert found == _starts_by_ast(TRICKY)


@pytest.mark.parametrize(
    "text", ['x = f"{a["b"]}"\n', "x = (\n", "x = )\n", "x = 'open\n"]
)
def test_the_scan_says_when_it_is_unsure(text):
    with pytest.raises(statements.Unsure):
        statements.statement_starts(text, LineStarts(text))


@pytest.fixture
def piecewise(monkeypatch):
    monkeypatch.setattr(statements, "PIECEWISE_FROM", 0)


def _places(text):
    return [(f.line, f.column, f.code, f.message) for f in find_through_gates(text)[0]]


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.glob("*.py")) + [None], ids=lambda p: p.name if p else "tricky"
)
def test_piecewise_parsing_finds_what_a_whole_parse_finds(path, monkeypatch):
    text = path.read_text(encoding="utf-8") if path else TRICKY
    whole = _places(text)
    monkeypatch.setattr(statements, "PIECEWISE_FROM", 0)
    assert _places(text) == whole
    if path is None:
        assert whole  # the tricky layout holds a finding, far from its import


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from([
            "import re\n", "x = 1\n", 'P = rf"{x}\\d{6}"\n', "re.compile(P)\n",
            'Q = f"{x} took {3} s"\n', "def f():\n    return re.search(rf'\\d{2,3}', s)\n",
            "class C:\n    R = rf'[a-z]{4}'\n", '"""doc\nre.compile(rf"\\d{5}")\n"""\n',
            "y = (\n1)\n", "@d\ndef g(): pass\n", "if x:\n    import regex\n",
        ]),
        max_size=12,
    )
)
def test_piecewise_parsing_is_a_whole_parse_on_generated_modules(pieces):
    text = "".join(pieces)
    whole = _places(text)
    statements.PIECEWISE_FROM, saved = 0, statements.PIECEWISE_FROM
    try:
        assert _places(text) == whole
    finally:
        statements.PIECEWISE_FROM = saved


def test_a_fix_in_a_piecewise_file_is_checked_to_parse(piecewise):
    text = TRICKY.encode()
    fixed = analyse(text).fixed()
    assert b"\\d{{6}}" in fixed and analyse(fixed).findings == []


@pytest.mark.parametrize("chunk", [1, 2, 7, 1 << 20])
@given(st.text(alphabet="ab\n\r", max_size=60))
@settings(max_examples=200)
def test_line_starts_are_where_python_starts_lines(chunk, text):
    """The line table, built a chunk of lines at a time, has every line's
    start: after \\n, \\r\\n or a lone \\r (ast's line numbers)."""
    expected = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    previous = source._LINE_CHUNK
    source._LINE_CHUNK = chunk
    try:
        starts = LineStarts(text)
    finally:
        source._LINE_CHUNK = previous
    assert [starts.start_of(line) for line in range(1, len(starts) + 1)] == expected
