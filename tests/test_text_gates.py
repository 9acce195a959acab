"""The f-string text gate reads the source once (linear time); it must
still let through every offset the plain, quadratic reading let through."""

from __future__ import annotations

import re

import libcst as cst
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.analysis import find_through_gates
from flake8_fstring_regex.detect import find_in_module
from flake8_fstring_regex.rules.fstring_fields import gates
from flake8_fstring_regex.rules.fstring_fields.gates import text_candidates
from flake8_fstring_regex.rules.shapes import QUANTIFIER_FIELD

_F_OPENING = re.compile(r"(?<![A-Za-z0-9_])(?:[rR]?[fF]|[fF][rR])['\"]")


def plain_reading(source: str, pos: int) -> bool:
    """The gate as first written: searches back from ``pos`` every time."""
    line_start = source.rfind("\n", 0, pos) + 1
    while line_start >= 2 and source[line_start - 2] == "\\":
        line_start = source.rfind("\n", 0, line_start - 1) + 1
    if _F_OPENING.search(source, line_start, pos):
        return True
    head = source[line_start:pos]
    closing = head.find("}")
    if closing >= 0 and not any(q in head[:closing] for q in "'\""):
        back = line_start
        for _ in range(20):
            back = source.rfind("\n", 0, max(back - 1, 0)) + 1
        if _F_OPENING.search(source, back, line_start):
            return True
    for quote in ('"""', "'''"):
        at = source.rfind(quote, 0, pos)
        if at > 0 and "f" in source[max(0, at - 2) : at].lower():
            return True
    return False


PIECES = ["{6}", "{2,4}", 'f"', "rf'", 'x"', '"""', "f'''", "'''", "}", "\\\n", "\n", " ", "a",
          "\\d", "#", "{", "\r\n"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_linear_gate_lets_through_what_the_plain_reading_does(pieces):
    source = "".join(pieces)
    fields = QUANTIFIER_FIELD.finditer(source)
    expected = {
        m.start()
        for m in fields
        if plain_reading(source, m.start()) and not gates._escaped(source, m)
    }
    if not _F_OPENING.search(source):
        # No f-string anywhere: the plain reading also took a name before
        # a triple quote (af followed by three quotes) for an f-string.
        expected = set()
    assert expected <= set(text_candidates(source))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["{", "}", "{6}", "{2,4}", "{{", "}}", "a", "\\d", "x"]),
                max_size=12))
def test_escaped_braces_hide_no_finding(pieces):
    """Fields the gate drops as escaped ({{6}}, {{{6}}}) are never reported."""
    body = "".join(pieces)
    code = f'import re\nx = 1\nre.compile(rf"{{x}}{body}")\n'
    try:
        module = cst.parse_module(code)
        compile(code, "<test>", "exec")
    except Exception:
        return  # not an f-string Python accepts
    whole = [(f.line, f.column, f.code) for f in find_in_module(module)]
    gated = [(f.line, f.column, f.code) for f in find_through_gates(code)[0]]
    assert gated == whole


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["f", "F", "r", "R", "b", "x", "_", "7", "\u00e9", " ", "'", '"']),
                max_size=12))
def test_the_fast_opening_pattern_finds_the_plain_one(pieces):
    source = "".join(pieces)
    fast = [m.start() for m in gates._F_OPENING.finditer(source)]
    assert fast == [m.start() for m in _F_OPENING.finditer(source)]
