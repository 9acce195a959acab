"""Properties stated once and checked on generated inputs (hypothesis).

The strongest one is about runtime values: after --fix, evaluating the new
string literal gives exactly the text its author meant, i.e. the old text
with each swallowed quantifier restored as {n} / {m,n} / {m,}.
"""

from __future__ import annotations

import libcst as cst
from gates import gates_pass
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.analysis import analyse, find_through_gates
from flake8_fstring_regex.detect import find_in_source

NAMES = {"key": "K", "n": 3}

# (source in a raw literal, source in a non-raw literal, value)
LITERALS = [
    ("\\d", "\\\\d", "\\d"),
    ("\\w", "\\\\w", "\\w"),
    ("[a-z]", "[a-z]", "[a-z]"),
    ("(ab)", "(ab)", "(ab)"),
    (".", ".", "."),
    ("x", "x", "x"),
    ("_", "_", "_"),
    ("{{", "{{", "{"),
    ("}}", "}}", "}"),
    ("{{2}}", "{{2}}", "{2}"),
]
# Atoms a quantifier follows: regex-only syntax, or text that only the
# regex place tells apart from prose. (source in a raw literal, value)
ATOMS = [("\\d", "\\d"), ("x", "x"), ("[a-z]", "[a-z]")]
FIELDS = [("{key}", "K"), ("{n}", "3"), ("{key!r}", "'K'"), ("{n:02d}", "03")]


def place(finding):
    """A finding without its libcst node: comparable across parses."""
    edit = finding.edit
    return finding.line, finding.column, finding.code, finding.message, edit and edit.text


@st.composite
def quantifiers(draw):
    low = draw(st.integers(0, 99))
    shape = draw(st.sampled_from(["one", "range", "open"]))
    pad = draw(st.sampled_from(["", " "]))
    if shape == "one":
        return "{" + pad + f"{low}" + pad + "}", "{" + f"{low}" + "}"
    if shape == "open":
        return "{" + pad + f"{low}" + pad + "," + pad + "}", "{" + f"{low}," + "}"
    high = low + draw(st.integers(0, 9))
    return (
        "{" + pad + f"{low}" + pad + "," + pad + f"{high}" + pad + "}",
        "{" + f"{low},{high}" + "}",
    )


@st.composite
def regex_fstrings(draw):
    """(literal source, intended runtime value) of an f-string regex."""
    raw = draw(st.booleans())
    prefix = draw(st.sampled_from(["rf", "fr", "Rf", "fR", "RF"] if raw else ["f", "F"]))
    quote = draw(st.sampled_from(['"', "'", '"""', "'''"]))
    source, value = [], []
    pieces = draw(
        st.lists(st.sampled_from(["literal", "literal", "field", "quantifier"]), max_size=12)
    )
    for kind in pieces:
        if kind == "literal":
            raw_text, plain_text, meant = draw(st.sampled_from(LITERALS))
            source.append(raw_text if raw else plain_text)
            value.append(meant)
        elif kind == "field":
            text, meant = draw(st.sampled_from(FIELDS))
            source.append(text)
            value.append(meant)
        else:
            text, meant = draw(quantifiers())
            # A quantifier follows an atom: keep it from merging with a field.
            atom, meant_atom = draw(st.sampled_from(ATOMS))
            source.append((atom if raw else atom.replace("\\", "\\\\")) + text)
            value.append(meant_atom + meant)
    return prefix + quote + "".join(source) + quote, "".join(value)


def program(literal: str) -> str:
    return f"import re\nkey = 'K'\nn = 3\nre.compile({literal})\n"


def evaluate_pattern(code: str) -> str:
    module = cst.parse_module(code)
    call = module.body[-1].body[0].value  # re.compile(...)
    literal = module.code_for_node(call.args[0].value)
    return eval(literal, {}, dict(NAMES))  # noqa: S307 - our own generated literal


# 150 examples in CI; the long profile's count times 1.5 in the randomized run.
COMMON = settings(
    max_examples=settings().max_examples * 3 // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@COMMON
@given(regex_fstrings())
def test_fix_restores_the_intended_text(case):
    literal, intended = case
    fixed = analyse(program(literal).encode()).fixed().decode()
    assert evaluate_pattern(fixed) == intended


@COMMON
@given(regex_fstrings())
def test_fix_is_idempotent_and_leaves_no_finding(case):
    literal, _ = case
    once = analyse(program(literal).encode()).fixed()
    after = analyse(once)
    assert after.findings == []
    assert after.fixed() == once


@COMMON
@given(regex_fstrings())
def test_every_reported_finding_is_fixed_and_nothing_else_changes(case):
    literal, _ = case
    before = analyse(program(literal).encode())
    fixed = before.fixed()
    if not before.findings:
        assert fixed == before.data
    else:
        # Only the pattern line may change.
        old, new = before.data.splitlines(), fixed.splitlines()
        assert old[:-1] == new[:-1] and old[-1] != new[-1]


@COMMON
@given(regex_fstrings())
def test_gates_never_hide_a_finding(case):
    # The ungated detector (libcst on the whole module) is the reference:
    # whatever it finds, the gates must let through, and the gated pipeline
    # must find exactly the same.
    literal, _ = case
    code = program(literal)
    ungated = find_in_source(code)
    if ungated:
        assert gates_pass(code)
    assert [place(f) for f in find_through_gates(code)[0]] == [place(f) for f in ungated]


@st.composite
def format_templates(draw):
    """(program, intended) for a str.format() regex template (FSR004) or a
    plain regex with doubled braces (FSR003)."""
    is_template = draw(st.booleans())
    source, value = [], []
    for kind in draw(st.lists(st.sampled_from(["literal", "field", "quantifier"]), max_size=10)):
        if kind == "literal":
            raw_text, _, meant = draw(st.sampled_from(LITERALS[:7]))
            source.append(raw_text)
            value.append(meant)
        elif kind == "field" and is_template:
            source.append("{}")
            value.append("K")
        elif kind == "quantifier":
            text, meant = draw(quantifiers())
            source.append("\\d" + (text if is_template else "{" + text + "}"))
            value.append("\\d" + meant)
    literal = 'r"' + "".join(source) + '"'
    if is_template:
        count = sum(1 for piece in source if piece == "{}")
        literal += ".format(" + ", ".join(["key"] * count) + ")"
    return f"import re\nkey = 'K'\nre.compile({literal})\n", "".join(value)


@COMMON
@given(format_templates())
def test_fix_of_plain_and_format_regexes_restores_the_intended_text(case):
    code, intended = case
    fixed = analyse(code.encode()).fixed().decode()
    module = cst.parse_module(fixed)
    argument = module.body[-1].body[0].value.args[0].value
    assert eval(module.code_for_node(argument), {}, {"key": "K"}) == intended  # noqa: S307
    assert analyse(fixed.encode()).findings == []
