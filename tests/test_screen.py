"""The ``ast`` screen decides what the libcst detector decides: a literal is
read as a regex only where the detector reads it as one, and the screen
looks only at the nodes that cover candidate lines."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import libcst as cst
import pytest
from gates import gates_pass

from flake8_fstring_regex import screen, source
from flake8_fstring_regex.detect import find_in_module
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.source import parse_ast

MESSAGE = (
    "import re\n"
    "def check(found):\n"
    "    e = ('Block {0} of\\n'\n"
    "         'item {1} and {TAB}{3}\\n')\n"
    "    e = e.format(found, 1, TAB='  ')\n"
    "    {use}\n"
)


def _detected(code: str) -> bool:
    return bool(find_in_module(cst.parse_module(code)))


@pytest.mark.parametrize(
    "use, reported",
    [
        ("raise RuntimeError(e)", False),  # a message, formatted and raised
        ("print(e); print(e)", False),
        ("return re.compile(e)", True),  # the same name passed as a pattern
        ("return re.search(e, found)", True),
        ("return re.compile(pattern=e)", True),
        ("return re.sub('x', e, found)", False),  # the replacement, not the pattern
    ],
)
def test_a_formatted_template_reaches_libcst_only_when_passed_as_a_pattern(use, reported):
    code = MESSAGE.replace("{use}", use)
    assert _detected(code) is reported
    assert gates_pass(code) is reported
    assert _screen_passes(code) is reported  # (the text gate may stop it first)


@pytest.mark.parametrize(
    "use, reported",
    [
        ("print(code); print(code)", False),
        ("re.compile(code)", True),
        ("pytest.raises(ValueError, match=code)", True),
        ("self.assertRegex(text, code)", True),
        ("self.assertRegex(code, text)", False),  # the text, not the regex
    ],
)
def test_an_assigned_literal_is_a_regex_only_when_passed_as_a_pattern(use, reported):
    code = f'import re, pytest\ncode = "a\\\\d{{{{2}}}}"\ntext = "x"\n{use}\n'
    assert candidate_lines(code)
    assert _detected(code) is reported
    assert gates_pass(code) is reported


def test_the_screen_walks_only_the_nodes_covering_candidate_lines(monkeypatch):
    entries = "".join(f"    'key{n}': ('value', {n}, [{n}, {n + 1}]),\n" for n in range(2000))
    code = (
        "import re\nk = 1\nTABLE = {\n" + entries
        + "    'bad': re.compile(rf'{k}\\d{6}'),\n" + entries.replace("key", "more") + "}\n"
    )
    lines = candidate_lines(code)
    assert len(lines) == 1
    asked = []
    real = screen._may_report

    def counting(node, in_regex, exact=True):
        asked.append(node)
        return real(node, in_regex, exact)

    monkeypatch.setattr(screen, "_may_report", counting)
    found = screen.screened_lines(code, None, parse_ast(code), lines)
    assert found == lines
    assert len(asked) < 50, f"{len(asked)} nodes asked for one candidate line"


FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.py"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_family_screen_says_yes_only_for_the_node_types_it_declares(path):
    tree = parse_ast(path.read_text(encoding="utf-8"))
    if tree is None:
        pytest.skip("this Python cannot parse the fixture")
    said_yes = 0
    for node in ast.walk(tree):
        for family in FAMILIES:
            for in_regex in (False, True):
                for exact in (False, True):
                    if family.screen(node, in_regex, exact):
                        said_yes += 1
                        assert type(node).__name__ in family.screened, (family.codes, node)
    assert said_yes


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20])
def test_words_are_counted_whole_across_chunks(monkeypatch, chunk):
    text = "alpha beta\nalpha_2 gamma\r\n\n  beta beta\u00e9\nlast"
    monkeypatch.setattr(source, "_COUNT_CHUNK", chunk)
    source.word_counts.cache_clear()
    try:
        assert source.word_counts(text) == Counter(re.findall(r"\w+", text))
    finally:
        source.word_counts.cache_clear()


@pytest.mark.parametrize(
    "code, passes",
    [
        ('x = f"[\\t]{3}"\n', True),  # a Python escape: the value hides the class
        ('x = f"\\N{SPACE} and {3}"\n', False),  # read from the source: no look
        ('x = f"a\\\\d b took {3} s"\n', False),  # \\d is kept in the value
        ('x = f"took {3} s"\n', False),
    ],
)
def test_an_fstring_is_asked_as_a_regex_only_when_an_escape_may_hide_its_look(code, passes):
    assert gates_pass(code) is passes
    assert _detected(code) is passes


@pytest.mark.parametrize(
    "use, reported",
    [
        ('compile(code, "<s>", "exec")', False),  # the builtin
        ("from re import compile\ncompile(code)", True),
        ("from re import (\n    compile,\n)\ncompile(code)", True),
        ("from re import \\\n    compile\ncompile(code)", True),
        ("def compile(p):\n    pass\ncompile(code)", False),  # the module's own
        ("case.assertRegex(text, code)", False),  # unittest's only on self
        ("pattern = re.compile('x')\npattern.match(code)", False),  # the text, not a pattern
        ("def f(p):\n    p.match(code)", False),
        ("get().compile(code)", False),  # no qualified name
        ("from re import *\ncompile(code)", False),  # libcst does not follow * imports
        ("import regex as rx\nrx.compile(code)", True),
        ("self.assertRaisesRegex(ValueError, code)", True),
        ("s.contains(code)", False),  # pandas' only on .str
        ("s.str.contains(code)", True),
        ('s.str.replace(code, "")', False),  # a regex only with regex=True
        ('s.str.replace(code, "", regex=True)', True),
        ("df.filter(regex=code)", True),
    ],
)
def test_a_call_takes_a_pattern_only_in_the_shapes_the_detector_reads(use, reported):
    code = f'import re\ncode = "a\\\\d{{{{2}}}}"\ntext = "x"\n{use}\n'
    assert candidate_lines(code)
    assert _detected(code) is reported
    assert gates_pass(code) is reported
    assert _screen_passes(code) is reported


HELD = 'import re\nmsg = "Expected {0} in {1}"\ndef f(a, b):\n    return {use}\n'


@pytest.mark.parametrize(
    "use, reported",
    [
        ("msg.format(a, b), re.compile(msg)", False),  # {0} and {1} are arguments
        ("msg.format(a), re.compile(msg)", True),  # {1} can only be a quantifier
        ("msg.format(a, b), msg.format(a), re.compile(msg)", True),  # the fewest count
        ("msg.format(*a), re.compile(msg)", False),  # *args: nothing is reported
        ("msg.format(a), print(msg)", False),  # never a pattern
    ],
)
def test_a_held_template_counts_the_fewest_arguments_of_its_format_calls(use, reported):
    code = HELD.replace("{use}", use)
    assert _detected(code) is reported
    assert _screen_passes(code) is reported  # the text gate may stop some first
    if reported:
        assert gates_pass(code)  # the gates never hide a finding


def _screen_passes(code: str) -> bool:
    """The ``ast`` screen alone, every line a candidate."""
    every_line = set(range(1, code.count("\n") + 2))
    return bool(screen.screened_lines(code, None, parse_ast(code), every_line))


@pytest.mark.parametrize(
    "literal, reported",
    [
        (r"f'\u0394{3}'", False),  # the source ends in a digit: no look
        (r"f'{2}\N{GREEK CAPITAL LETTER DELTA}{3}'", False),
        (r"f'\x5cd{3}'", False),  # the value's \d is not in the source
        (r"f'\t[\t]{3}'", True),  # the source's class holds an escape
        (r"f'\t\\d{3}'", True),  # \\ in the source is one backslash
        ('f"""\\u0394\n\\\\d{3}"""', True),
        ('f"""\\u0394\n{3}"""', False),
    ],
)
def test_an_fstring_with_escapes_is_read_from_its_source(literal, reported):
    code = f"x = 1\nmessage = {literal}\n"
    assert _detected(code) is reported
    assert _screen_passes(code) is reported


def test_concatenated_fstrings_with_escapes_stay_a_maybe():
    code = "message = f'\\u0394' f'{3}'\n"  # each literal's text is its own
    assert not _detected(code)
    assert _screen_passes(code)


@pytest.mark.parametrize(
    "code",
    [
        # A format spec's field is no f-string field of its own.
        "x = f'{10:#{1}0x}'\n",
        "x = f'{10:{\"#\"}1{0}{\"x\"}}'\n",
        # A template held in a name (formatted by keyword, passed as a
        # pattern): each concatenated piece is read as the detector reads
        # it, {{2}} an escaped brace pair, not a regex's doubled quantifier.
        'import re\nT = (r"a={p} "\n     r"\\d{{2}}")\nT = T.format(p=1)\nre.compile(T)\n',
        # Columns count UTF-8 bytes: non-ASCII text before the literal on
        # its line must not shift where its source is read.
        "x = '\u00e9\u00e9\u00e9'; m = f'\\u0394{3}'\n",
    ],
)
def test_the_screen_reads_what_the_detector_reads(code):
    assert not _detected(code)
    assert not _screen_passes(code)
