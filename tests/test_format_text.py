"""The pre-filter's reading of str.format() calls (FSR004) from text.

It may only drop a field the detector would not report: the property test
builds templates, calls and their surroundings, and checks every FSR004
line the detector finds is a candidate line.
"""

from __future__ import annotations

import ast
import warnings
from typing import Optional

import libcst as cst
import pytest
from gates import gates_pass
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.analysis import analyse
from flake8_fstring_regex.detect import find_in_module
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.rules.format_template import format_calls
from flake8_fstring_regex.rules.format_template.format_calls import (
    NOT_A_CALL,
    STARRED,
    positional_arguments,
)


def count_after_format(code: str) -> Optional[int]:
    at = code.index(".format") + len(".format")
    return positional_arguments(code, at)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('"{0}".format(a)', 1),
        ('"{0}".format()', 0),
        ('"{0}".format(a, b, key=c)', 2),
        ('"{0}".format(key=c, **more)', 0),
        ('"{0}".format(f(x), ")", g(")("))', 3),
        ('"{0}".format(  # a comment (with a paren)\n    a,\n    b)', 2),
        ('"{0}".format \\\n (a)', 1),
        ('"{0}".format((a, b))', 1),
        ('"{0}".format(lambda x=(1): x, [1, (2)])', 2),
        ('"{0}".format(*args)', STARRED),
        ('"{0}".format(a, *args)', STARRED),
        ("f = '{0}'.format\ng = 1\n", NOT_A_CALL),
        ('"{0}".format(a', None),  # never closed: unreadable, so "maybe"
        ('"{0}".format(a]', None),
    ],
)
def test_positional_arguments_are_read_by_python_s_parser(
    code: str, expected: Optional[int]
) -> None:
    assert count_after_format(code) == expected


def test_format_map_is_not_a_format_call() -> None:
    code = 'import re\nre.compile("\\\\d{0}".format_map(d))\n'
    assert candidate_lines(code) == set()


# A template assigned to P, formatted far from it (past the lines a
# template's own call may follow it by).
HELD_FAR = 'import re\nP = r"\\d{3}"\n' + "x = 1\n" * 30 + "s = P.format(a)\n"


@pytest.mark.parametrize(
    ("code", "candidate"),
    [
        # Enough positional arguments: {0} and {1} are arguments, not quantifiers.
        ('import re\nre.compile(r"{0}-{1}".format(a, b))\n', False),
        # Too few: {2} can only raise IndexError; FSR004 may report it.
        ('import re\nre.compile(r"{0}\\d{2}".format(a))\n', True),
        # A range is never an argument.
        ('import re\nre.compile(r"{0}\\d{2,3}".format(a, b, c, d))\n', True),
        # *args: the detector reports nothing, so neither does the gate.
        ('import re\nre.compile(r"\\d{2}".format(*args))\n', False),
        # An automatic field makes every number wrong.
        ('import re\nre.compile(r"{}\\d{0}".format(a, b))\n', True),
        # ...also in an earlier piece of an implicitly concatenated template.
        ('import re\nre.compile((r"{}"\n    # note\n    r"\\d{0}").format(a, b))\n', True),
        # ...and in a triple-quoted template opened lines before.
        ('import re\nre.compile(r"""{}\nx\n\\d{0}""".format(a, b))\n', True),
        # An automatic field in unrelated code before the template's line.
        ('import re\nd = {}\nre.compile(r"\\d{0}".format(a, b))\n', False),
        # A later call with fewer arguments is not the template's call.
        ('import re\nre.compile(r"{0}{1}".format(a, b))\ns = "{0}".format(x)\n', False),
        # A call on a name may be the template's when the name holds it.
        ('import re\nP = r"\\d{3}"\ns = P.format(a)\nre.compile(P)\n', True),
        # ...with the fewest arguments of all its calls, however far apart.
        (
            'import re\nP = r"\\d{3}"\ns = P.format(a, b, c, d)\nre.compile(P)\n'
            + "\n" * 20
            + "t = P.format()\n",
            True,
        ),
        ('import re\nP = r"\\d{3}"\ns = P.format(a, b, c, d)\nre.compile(P)\n', False),
        # The template held far from every call on its name.
        ('import re\nP = r"\\d{3}"\n' + "\n" * 30 + 's = P.format(a)\nre.compile(P)\n', True),
        (
            'import re\nP: str = (\n    r"\\d{3}"\n)\n' + "\n" * 30
            + "s = P.format()\nre.compile(P)\n",
            True,
        ),
        ('import re\nP = r"\\d{3}"\n' + "\n" * 30 + 's = P.format(a, b, c, d)\n', False),
        ('import re\nP = r"\\d{3}"\n' + "\n" * 30 + 's = P.format(*a)\n', False),
        (
            'import re\nP = r"\\d{2,3}"\n' + "\n" * 30
            + 's = P.format(a, b, c, d)\nre.compile(P)\n',
            True,
        ),
        # A .format call is the template's only after closing brackets,
        # comments and continuations: not after other code.
        (
            'import re\nT = [\n    (r"\\d{3}", 1),\n    (r"x", 2),\n'
            '    (r"({})".format(k), 3),\n]\n',
            False,
        ),
        ('import re\nre.compile(("a{6}"\n    f"{x}").format(1))\n', True),
        ('import re\nre.compile((\n    "a{6}"\n    )\n    .format(1))\n', True),
        ('import re\nre.compile(("a{6}"  # c\n    # more\n    ).format(1))\n', True),
        ('import re\nre.compile("a{6}" \\\n    .format(1))\n', True),
        # A held template is read only when its name is passed to a call
        # that may take a regex (in any position: the screen says which).
        (HELD_FAR + "print(P)\n", False),
        (HELD_FAR + "recompile(P)\n", False),  # not re's compile
        (HELD_FAR.replace("P = ", "obj.P = ") + "re.compile(P)\n", False),  # P is not assigned
        (HELD_FAR + "self.assertRegex(t, P)\n", True),
        ("from re import compile as c\n" + HELD_FAR + "c(P)\n", True),
        (HELD_FAR + "x = (re.compile  # c\n  (P))\n", True),
        (HELD_FAR + "re.compile(\n    flags=0, pattern=P)\n", True),
        # ...and when such a call cannot be read, any name may be passed.
        (HELD_FAR + "# re.compile(the start\n", True),
    ],
)
def test_candidate_lines_of_format_templates(code: str, candidate: bool) -> None:
    assert bool(candidate_lines(code)) is candidate


ATOMS = ["\\d", "x", "[a-z]", "(ab)", "."]


@st.composite
def template_programs(draw: st.DrawFn) -> str:
    """A program whose regex goes through a str.format() template, with
    the call, the template's layout and the code around it varied."""
    numbered = draw(st.integers(0, 3))
    pieces: list[str] = []
    for kind in draw(
        # At most six pieces: a template may span 12 lines before its call.
        st.lists(st.sampled_from(["atom", "atom", "field", "auto", "quantifier"]), max_size=6)
    ):
        if kind == "atom":
            pieces.append(draw(st.sampled_from(ATOMS)))
        elif kind == "field":
            pieces.append("{" + str(draw(st.integers(0, 4))) + "}")
        elif kind == "auto":
            pieces.append(draw(st.sampled_from(["{}", "{!r}", "{:>3}"])))
        else:
            low = draw(st.sampled_from([0, 1, 2, 6]))
            pieces.append("\\d{" + str(low) + draw(st.sampled_from(["", ",", ",9"])) + "}")
    layout = draw(st.sampled_from(["line", "concatenated", "triple", "commented"]))
    if layout == "line":
        template = 'r"' + "".join(pieces) + '"'
    elif layout == "triple":
        template = 'r"""' + "\n".join(pieces) + '"""'
    else:
        glue = "\n    # a comment {} (\n    " if layout == "commented" else "\n    "
        template = "(" + glue.join('r"' + piece + '"' for piece in pieces or [""]) + ")"
    arguments = ["a"] * numbered
    arguments += draw(st.sampled_from([[], ["k=1"], ['f(")")'], ["*rest"], ["**more"]]))
    separator = draw(st.sampled_from([", ", ",\n    ", ",  # (x\n    "]))
    call_arguments = "(" + separator.join(arguments) + ")"
    call = template + ".format" + call_arguments
    use = draw(st.sampled_from(["direct", "assigned", "named", "named"]))
    before = draw(
        st.sampled_from(["", "d = {}\n", 'def f():\n    """Doc {}."""\n', 's = "{0}".format()\n'])
    )
    after = draw(st.sampled_from(["", 't = "{0}{1}".format(a, b)\n', "e = {}\n"]))
    head = "import re\na = k = 1\nrest = more = ()\nf = str\n" + before
    if use == "direct":
        return head + "re.compile(" + call + ")\n" + after
    if use == "assigned":
        return head + "pat = " + call + "\nre.compile(pat)\n" + after
    # NAME = template; NAME.format(...): the detector takes the fewest
    # positional arguments of every NAME.format call in the module.
    later = draw(st.sampled_from(["", "\n" * 20 + "u = pat.format()\n"]))
    return head + "pat = " + template + "\ns = pat.format" + call_arguments + (
        "\nre.compile(pat)\n" + after + later
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template_programs())
def test_the_gate_never_hides_a_format_template_finding(code: str) -> None:
    found = {f.line for f in find_in_module(cst.parse_module(code)) if f.code == "FSR004"}
    assert found <= candidate_lines(code), code


def test_reading_arguments_warns_nothing() -> None:
    # "\d" is an invalid escape: Python's parser warns about it, but the
    # user's code is not ours to warn about.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert count_after_format('"{0}".format("\\d", "\\w")') == 2
    assert caught == []


def test_the_screen_treats_a_format_receiver_as_a_template_only() -> None:
    # A code string run elsewhere: its f'1{{2}}3' and {:d} pass the text
    # gate, but as a .format() receiver it is a template, never a regex.
    code = 'import re\ncode = """a = f\'1{{2}}3\' {:d}""".format(w)\nrun(code)\n'
    assert candidate_lines(code)
    assert not gates_pass(code)
    # The same braces in a literal that is passed as a regex stay a maybe.
    assert gates_pass('import re\ncode = "a\\\\d{{2}}"\nre.compile(code)\n')


def test_a_template_held_far_from_its_calls_is_found_through_the_gates() -> None:
    code = (
        'import re\nTEMPLATE = "id-{0}-{3}"\n' + "x = 1\n" * 40
        + "TEXT = TEMPLATE.format(1, 2)\nKEPT = re.compile(TEMPLATE)\n"
    )
    whole = [(f.line, f.code) for f in find_in_module(cst.parse_module(code))]
    assert whole == [(2, "FSR004")]
    assert [(f.line, f.code) for f in analyse(code.encode()).findings] == whole


@pytest.mark.parametrize(
    "arguments",
    [
        "(P)", "(a, P)", "( x , y = P )", '("a,)", P)', "(1.5e3, P)", "(*P, **k)",
        "(flags=0, pattern=P)", "(P\n, Q)", "(p.x, P)", "(ñame)", "()", "(P,)",
        "(f'{x}', P)", "(r'\\d', P)", "(a[0], P)", "('x' 'y', P)", "(-1, P)",
    ],
)
def test_simple_arguments_are_read_as_the_parser_reads_them(arguments: str) -> None:
    """A call's names passed, read without the parser where the text is
    simple: never fewer than the parser reads (else the parser reads it)."""
    call = ast.parse("_" + arguments, mode="eval").body
    assert isinstance(call, ast.Call)
    values = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
    values += [keyword.value for keyword in call.keywords]
    parsed = {value.id for value in values if isinstance(value, ast.Name)}
    simple = format_calls._SIMPLE_ARGUMENTS.fullmatch(arguments)
    if simple is not None:
        assert parsed <= set(format_calls._SIMPLE_NAME.findall(arguments))
    source = "import re\nP = r'\\d{3}'\n" + "x = 1\n" * 30 + "P.format(a)\nre.compile" + arguments
    if source.isascii():
        assert bool(candidate_lines(source)) is ("P" in parsed)
    else:  # the parser's names may be spelt otherwise (NFKC): every name counts
        assert candidate_lines(source)
