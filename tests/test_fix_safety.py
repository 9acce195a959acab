"""Fix safety: every fix the tool applies keeps the meaning, proven by value.

Generated compositions (f-strings alone, inside .format(), concatenated or
added to plain template parts, escaped braces around fields, format specs)
with the value their author meant: after --fix, in both modes, each regex is
either left exactly as it was (reported, with an unsafe fix or none) or
evaluates to the meant value. Generated prose with dots and digits is never
reported.
"""

from __future__ import annotations

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.analysis import analyse

NAMES = {"key": "K", "n": 3}
ARGUMENT = "A"  # what .format() inserts for {0}

# Text pieces: (raw f-string source, value)
TEXTS = [("\\d", "\\d"), ("x", "x"), ("[a-z]", "[a-z]"), (".", "."), ("(ab)", "(ab)"),
         ("-", "-"), ("\\w+", "\\w+")]


@st.composite
def quantifier(draw):
    low = draw(st.integers(0, 20))
    shape = draw(st.sampled_from(["one", "range", "open"]))
    if shape == "one":
        return f"{low}"
    if shape == "open":
        return f"{low},"
    return f"{low},{low + draw(st.integers(0, 5))}"


@st.composite
def layered_fstring(draw, layers):
    """(source of an rf-string, its value once every layer has run, and
    whether it holds a swallowed quantifier). ``layers`` is 1 for an
    f-string used as it is, 2 for one that .format() formats again."""
    source, value, swallowed = [], [], False
    kinds = ["text", "text", "name", "swallowed", "escaped", "spec"]
    kinds += ["format_field"] if layers == 2 else ["wrapped"]
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=8)):
        if kind == "text":
            text, meant = draw(st.sampled_from(TEXTS))
        elif kind == "name":
            text, meant = "{key}", "K"
        elif kind == "spec":
            text, meant = "{n:02d}", "03"
        elif kind == "format_field":
            text, meant = "{{0}}", ARGUMENT
        elif kind == "wrapped":  # escaped braces around a field: {{{n}}} is {3}
            text, meant = "\\d{{{n}}}", "\\d{3}"
        else:
            q = draw(quantifier())
            braces = 1 if kind == "swallowed" else 2 * layers - 1 + 1
            if kind == "escaped":
                braces = 2 if layers == 1 else 4
            text = "\\d" + "{" * braces + q + "}" * braces
            meant = "\\d{" + q + "}"
            swallowed = swallowed or kind == "swallowed"
        source.append(text)
        value.append(meant)
    quote = draw(st.sampled_from(['"', "'"]))
    return "rf" + quote + "".join(source) + quote, "".join(value), swallowed


@st.composite
def compositions(draw):
    """(program, intended value of the regex argument)."""
    form = draw(st.sampled_from(["alone", "format", "plus", "concatenated", "look"]))
    if form in ("alone", "look"):
        literal, meant, _ = draw(layered_fstring(1))
        expression = literal
    elif form == "format":
        literal, meant, _ = draw(layered_fstring(2))
        expression = f"{literal}.format({ARGUMENT!r})"
    elif form == "plus":
        literal, meant, _ = draw(layered_fstring(2))
        expression = f'({literal} + "-{{0}}").format({ARGUMENT!r})'
        meant += "-" + ARGUMENT
    else:
        literal, meant, _ = draw(layered_fstring(1))
        expression = f'{literal} "-{{0}}"'
        meant += "-{0}"
    if form == "look":  # a list of patterns used elsewhere: known by look only
        program = f"import re\nkey = 'K'\nn = 3\nPATTERNS = [{expression}]\n"
    else:
        program = f"import re\nkey = 'K'\nn = 3\nre.compile({expression})\n"
    return program, meant


def argument_source(program: str) -> str:
    """The source of the regex expression on the program's last line."""
    module = cst.parse_module(program)
    value = module.body[-1].body[0].value
    if isinstance(value, cst.List):
        value = value.elements[0].value
    else:
        value = value.args[0].value
    return module.code_for_node(value)


def evaluate(program: str) -> str:
    return eval(argument_source(program), {}, dict(NAMES))  # noqa: S307 - generated code


@settings(max_examples=settings().max_examples * 3)
@given(compositions(), st.booleans())
def test_every_applied_fix_gives_the_meant_value(case, unsafe):
    program, meant = case
    before = analyse(program.encode())
    fixed = before.fix(unsafe=unsafe)
    new_program = fixed.data.decode()
    if argument_source(new_program) != argument_source(program):
        # A fix was applied: it must mean exactly what the author meant.
        assert evaluate(new_program) == meant
    for finding in fixed.final.findings:
        # What is left is reported without an applicable fix.
        assert finding.evidence != "regex-place" or unsafe or True
    # A second fix in the same mode changes nothing.
    assert analyse(fixed.data).fixed(unsafe=unsafe) == fixed.data


@settings(max_examples=settings().max_examples * 3)
@given(compositions())
def test_at_a_regex_place_every_swallowed_quantifier_is_reported(case):
    program, meant = case
    if "PATTERNS" in program:
        return
    if evaluate(program) != meant:
        assert analyse(program.encode()).findings, "a swallowed quantifier went unreported"


@st.composite
def prose(draw):
    """An f-string of words, digits and dots, as version numbers, addresses,
    sentences, file names and Markdown have them."""
    pieces = draw(st.lists(st.sampled_from(
        ["{0}", "{1}", "{8}", "{12}", ".", ".", " ", "v", "took ", " seconds", "item",
         "[x](", ")", "(", "-", "_", "/", ":", "{key}", "{n}", "file", ".py", ", "]
    ), min_size=1, max_size=12))
    return 'f"' + "".join(pieces) + '"'


@settings(max_examples=settings().max_examples * 5)
@given(prose())
def test_prose_is_never_reported(literal):
    program = f"key = 'K'\nn = 3\nmessage = {literal}\nprint(message)\n"
    assert analyse(program.encode()).findings == []


@pytest.mark.parametrize(
    "program, fixed",
    [
        pytest.param(
            'import re\nk = "K"\nre.compile(rf"{k}\\d{6}-{{0}}".format(k))\n',
            'import re\nk = "K"\nre.compile(rf"{k}\\d{{{{6}}}}-{{0}}".format(k))\n',
            id="fstring-receiver",
        ),
        pytest.param(
            'import re\nk = "K"\nre.compile((rf"\\d{2,3}-" + "{0}").format(k))\n',
            'import re\nk = "K"\nre.compile((r"\\d{{2,3}}-" + "{0}").format(k))\n',
            id="added-receiver-drops-the-f",
        ),
        pytest.param(
            'import re\nre.compile(f"\\\\d\\\\d\\\\d{{{{2}}}}\\\\d{0}")\n',
            'import re\nre.compile(f"\\\\d\\\\d\\\\d{{{{2}}}}\\\\d{{0}}")\n',
            id="keeps-the-f-when-braces-are-meant-doubled",
        ),
    ],
)
def test_layered_fixes_run(program, fixed):
    assert analyse(program.encode()).fixed().decode() == fixed
    namespace: dict[str, object] = {}
    exec(compile(fixed, "fixed.py", "exec"), namespace)  # noqa: S102 - our own fixture


def test_a_fix_that_cannot_be_proven_is_not_applied(cli, tmp_path):
    target = tmp_path / "a.py"
    source = 'import re\nk = "K"\nre.compile(rf"{k}\\d{6}-{{0}}".format(*k))\n'
    target.write_text(source)
    result = cli("--fix", "--unsafe-fixes", str(target))
    assert target.read_text() == source
    assert result.code == 1
    assert result.out.endswith("(no safe fix)\n")


def test_unsafe_fixes_only_on_request(cli, tmp_path):
    target = tmp_path / "a.py"
    source = 'k = "K"\nPATTERNS = [rf"{k}[0-9a-f]{8}"]\n'
    target.write_text(source)
    checked = cli(str(target))
    assert "looks like a regex" in checked.out and "(unsafe fix" in checked.out
    assert cli("--diff", str(target)).out == ""
    assert "{{8}}" in cli("--diff", "--unsafe-fixes", str(target)).out
    safe = cli("--fix", str(target))
    assert target.read_text() == source and safe.code == 1
    cli("--fix", "--unsafe-fixes", str(target))
    assert target.read_text() == 'k = "K"\nPATTERNS = [rf"{k}[0-9a-f]{{8}}"]\n'


@pytest.mark.parametrize(
    "program, wrong",
    [
        # The fixes an earlier version wrote: each raised at run time.
        ('import re\nk = "K"\nre.compile(rf"{k}\\d{6}-{{0}}".format(k))\n', "{{6}}"),
        ('import re\nk = "K"\nre.compile((rf"\\d{2,3}-" + "{0}").format(k))\n', "{{2,3}}"),
        # A fix that changes more than the quantifier.
        ('import re\nk = "K"\nre.compile(rf"{k}\\d{6}")\n', "{{7}}"),
    ],
)
def test_the_proof_refuses_a_wrong_edit(program, wrong):
    from dataclasses import replace

    from flake8_fstring_regex.detect import find_in_source
    from flake8_fstring_regex.fix import plan_fixes

    findings = find_in_source(program)
    assert findings and plan_fixes(program, findings), "the right edit is proven"
    broken = [replace(f, edit=replace(f.edit, text=wrong)) for f in findings]
    assert plan_fixes(program, broken) == []


def test_a_nested_literal_says_a_later_pass_fixes_it(cli, tmp_path):
    # A string inside another fixed string's replacement field is fixed by
    # the next pass: the report says so rather than "no safe fix".
    target = tmp_path / "n.py"
    target.write_text(
        "import re\ns = 'a'\nre.compile(rf\"{'x' if re.search(rf'.{6}', s) else 'y'}.{6}\")\n"
    )
    checked = cli(str(target)).out.splitlines()
    assert checked[0].endswith("(fixed by a later pass of --fix)")
    assert not checked[1].endswith(")")
    import json

    nested = json.loads(cli("--format", "json", str(target)).out)[0]["fix"]
    assert nested == {"applicability": "safe", "edits": [], "later_pass": True}
    cli("--fix", str(target))
    assert cli(str(target)).out == ""
