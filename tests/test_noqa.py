"""``# noqa`` read exactly as flake8 reads it, checked against flake8 itself.

flake8's own FileProcessor and Violation (in-process) say, for every line
and code, whether a report there is suppressed and whether the whole file
is skipped; noqa.py must give the same answer, on hand-picked spellings and
on generated sources (line ranges of backslash continuations, multi-line
strings, comments inside strings, bracketed statements, CRLF files).
"""

from __future__ import annotations

import argparse
import io
from typing import NamedTuple

import pytest
from flake8.processor import FileProcessor
from flake8.violation import Violation
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.analysis import analyse
from flake8_fstring_regex.noqa import (
    _texts,
    exempts_file,
    lines_as_read,
    noqa_texts,
    unsuppressed,
)

CODES = ("FSR001", "FSR002", "FSR003", "FSR004")

INLINE = [
    "# noqa", "# NOQA", "# NoQa", "#noqa", "#  noqa", "# noqa:FSR001", "# noqa: FSR001",
    "# noqa:  FSR001", "# noqa : FSR001", "# noqa: fsr001", "# noqa: FSR", "# noqa: FSR0",
    "# noqa:FSR001,FSR002", "# noqa: FSR002 FSR001", "# noqa: E501,FSR00", "# noqa:E501",
    "# noqa - FSR001", "# noqa:\tFSR003", "# noqa:FSR001,,FSR003", "# type: int  # noqa:FSR004",
    "# noqa:FSR001 because", "# noqa: FSR001:FSR002", "# noqa:FSR0011", "# noqa:X1,FSR",
]
FILE_WIDE = [
    "# flake8: noqa", "# flake8:noqa", "# FLAKE8=NOQA", "#flake8: noqa", "# flake8 : noqa",
    "    # flake8: noqa: FSR001", "x = 1  # flake8: noqa", "# flake8: noqa-ish",
    "# flake8:\tnoqa", "\t# Flake8= noqa", "# flake8: no qa",
]


def flake8_options() -> argparse.Namespace:
    return argparse.Namespace(
        hang_closing=False, indent_size=4, max_line_length=79, max_doc_length=None,
        verbose=0, disable_noqa=False,
    )


def flake8_lines(text: str) -> list[str]:
    """The lines flake8 reads from a file holding ``text``."""
    return io.StringIO(text, newline=None).readlines()


def flake8_suppressed(text: str) -> set[tuple[int, str]]:
    """(line, code) pairs flake8 would not report, from flake8's own code."""
    processor = FileProcessor("t.py", flake8_options(), lines=flake8_lines(text))
    if processor.should_ignore_file():
        return {(n, c) for n in range(1, len(processor.lines) + 1) for c in CODES}
    suppressed = set()
    for number in range(1, len(processor.lines) + 1):
        physical = processor.noqa_line_for(number)
        if physical is None:
            physical = processor.lines[number - 1]  # flake8 reads it from the file
        for code in CODES:
            violation = Violation(code, "t.py", number, 1, "", physical)
            if violation.is_inline_ignored(False):
                suppressed.add((number, code))
    return suppressed


class Report(NamedTuple):
    line: int
    code: str


def our_suppressed(text: str) -> set[tuple[int, str]]:
    count = len(flake8_lines(text))
    every = [Report(n, c) for n in range(1, count + 1) for c in CODES]
    if exempts_file(text):
        return {(r.line, r.code) for r in every}
    kept = set(unsuppressed(text, every))
    return {(r.line, r.code) for r in every if r not in kept}


STATEMENTS = [
    'a = re.compile(rf"{k}\\d{6}")  {0}\n',
    'b = re.compile(rf"{k}\\d{6}") \\\n    if k else None  {0}\n',
    'c = re.compile(rf"{k}\\d{6}" + """\n""")  {0}\n',
    'd = re.compile(\n    rf"{k}\\d{6}",  {0}\n)\n',
    'e = re.compile(\n    rf"{k}\\d{6}",\n)  {0}\n',
    'f = """text\n{0}\n"""\n',
    'g = f"""{k}\n{{6}}"""  {0}\n',
    "def h():\n    x = 1 + \\\n        2  {0}\n    return x\n",
    "{0}\n",
]


@pytest.mark.parametrize("comment", INLINE)
@pytest.mark.parametrize("statement", STATEMENTS)
def test_inline_spellings_and_ranges_as_flake8(statement, comment):
    text = "import re\nk = 1\n" + statement.replace("{0}", comment)
    assert our_suppressed(text) == flake8_suppressed(text)


@pytest.mark.parametrize("comment", FILE_WIDE)
def test_file_wide_spellings_as_flake8(comment):
    text = f"import re\n{comment}\nk = 1\n"
    processor = FileProcessor("t.py", flake8_options(), lines=flake8_lines(text))
    assert exempts_file(text) is processor.should_ignore_file()


def test_codes_after_file_wide_noqa_still_skip_the_file():
    """flake8 5 to 7 read '# flake8: noqa: FSR002' as file-wide: FSR001 too."""
    source = b'import re\n# flake8: noqa: FSR002\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
    assert analyse(source).findings == []
    assert analyse(source.replace(b"flake8: noqa", b"flake8 noqa")).findings != []


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(st.sampled_from(STATEMENTS), st.sampled_from(INLINE + FILE_WIDE[:1] + [""])),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_generated_sources_as_flake8(blocks, newline):
    text = "import re\nk = 1\n" + "".join(s.replace("{0}", c) for s, c in blocks)
    text = text.replace("\n", newline)
    assert our_suppressed(text) == flake8_suppressed(text)


def test_untokenizable_text_falls_back_to_the_line():
    text = 'x = (\n    1,  # noqa: FSR001\n'  # never closed
    assert our_suppressed(text) == flake8_suppressed(text)
    assert (2, "FSR001") in our_suppressed(text)


def test_a_file_without_findings_is_never_tokenized(monkeypatch):
    import tokenize

    def refuse(*args, **kwargs):
        raise AssertionError("tokenized")

    monkeypatch.setattr(tokenize, "generate_tokens", refuse)
    assert analyse(b"import re\nx = re.compile(r'\\d{6}')  # noqa\n").findings == []


NESTED = [
    "class C:\n    @d\n    def m(self):\n        return (1,  {0}\n  2)\n",
    "x = 1; \\\ny = 2  {0}\n",
    "if k:\n    s = '''\n{0}'''\n# after the block {0}\n",
    "@decorator(\n    1)  {0}\ndef g():\n    pass\n\n\n",
    "try:\n    import regex  {0}\nexcept ImportError:\n    regex = None\n",
    "t = 'a\\\nb'  {0}\n",
]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(STATEMENTS + NESTED),
            st.sampled_from(INLINE[:6] + ["# comment", ""]),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_statements_alone_read_as_the_whole_file(blocks, newline):
    """Tokenizing only the top-level statements holding findings gives
    every line the text a whole-file pass gives it (and flake8 gives)."""
    text = "import re\nk = 1\n" + "".join(s.replace("{0}", c) for s, c in blocks)
    text = text.replace("\n", newline)
    every = set(range(1, len(flake8_lines(text)) + 1))
    assert noqa_texts(text, every) == _texts(lines_as_read(text), every)
    assert our_suppressed(text) == flake8_suppressed(text)


def test_only_the_statements_with_findings_are_tokenized(monkeypatch):
    import tokenize

    fed: list[str] = []
    original = tokenize.generate_tokens

    def counting(readline):
        def reading():
            line = readline()
            fed.append(line)
            return line

        return original(reading)

    monkeypatch.setattr(tokenize, "generate_tokens", counting)
    body = "".join(f"V{i} = {i}\n" for i in range(5000))
    source = f'import re\n{body}P = re.compile(\n    rf"{{k}}\\d{{6}}",  # noqa\n)\n{body}'
    assert analyse(source.encode()).findings == []
    assert analyse(source.replace("# noqa", "").encode()).findings != []
    assert 0 < len(fed) < 20


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("before", ["", "\x0b", "\x0c", " \t", "x\x0b"])
def test_file_wide_mark_on_any_line_ending_as_flake8(newline, before):
    text = newline.join(["import re", "k = 1", f"{before}# flake8: noqa", "x = 2", ""])
    processor = FileProcessor("t.py", flake8_options(), lines=flake8_lines(text))
    assert exempts_file(text) is processor.should_ignore_file()
    split = newline.join(["import re", "# flake8:", "noqa", ""])
    assert exempts_file(split) is False
