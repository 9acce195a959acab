"""Shapes where a gate once hid a finding the detector makes on the whole
module, found by attacking the gates with generated programs. Each must now
give, through the gates, exactly what the whole module gives."""

from __future__ import annotations

import libcst as cst
import pytest

from flake8_fstring_regex.analysis import find_through_gates
from flake8_fstring_regex.detect import find_in_module

SHAPES = {
    # The ast screen: a decorator's line is not its function's line.
    "decorator-call": 'import re\n@register(re.compile(f"{k}x{6}"))\ndef f():\n    pass\n',
    "decorator-name": (
        'import re\nP = "\\\\d{{6}}"\n@register(re.compile(P))\ndef f():\n    pass\n'
    ),
    # The reduction: a name assigned in a nested statement, used elsewhere.
    "assigned-in-def": (
        'import re\ndef f():\n    P = "\\\\d{{6}}"\ndef g(P):\n    return re.compile(P)\n'
    ),
    "assigned-in-if": 'import re\nif cond:\n    P = "\\\\d{{6}}"\nre.compile(P)\n',
    "assigned-in-def-fstring": (
        'import re\ndef f():\n    P = f"{k}_(\\\\d{6})"\nre.compile(P)\n'
    ),
    # The reduction: an import inside a top-level with or for statement.
    "import-in-with": (
        'import warnings\nwith warnings.catch_warnings():\n    import regex\n'
        'regex.compile(r"\\d{{4}}")\n'
    ),
    "import-in-for": (
        'for _ in range(1):\n    from re import compile as c\nc("{0}\\\\d{3}".format(x))\n'
    ),
    # FSR004's text gate: a template longer than its window.
    "long-triple-template": (
        'import re\nre.compile(r"""\n{0}\\d{3}\n' + "a\n" * 12 + '""".format(x))\n'
    ),
    "long-concatenated-template": (
        'import re\nre.compile((\n    "{0}\\\\d{3}"\n' + '    "a"\n' * 12 + ").format(x))\n"
    ),
    "held-template-after-terms": (
        'import re\nT = (\n    p +\n    a +\n    b +\n    c +\n    "id-{0}-{3}"\n)\n'
        + "y = 1\n" * 12 + "T.format(1, 2)\nre.compile(T)\n"
    ),
    "held-template-after-comments": (
        'import re\nT = (\n' + "    # c\n" * 44 + '    "id-{0}-{3}"\n)\n'
        + "y = 1\n" * 12 + "T.format(1, 2)\nre.compile(T)\n"
    ),
    "format-call-in-a-comment": (
        'import re\nre.compile("{0}\\\\d{3}"  # like "x".format(a, b, c, d, e)\n'
        "           .format(x))\n"
    ),
    # FSR001's text gate: an escaped triple quote inside an f-string.
    "escaped-triple-quote": 'import re\nre.compile(rf"""{k}\n\\"""\nx{6}""")\n',
    # The regex-place words: an accessor split over lines.
    "str-accessor-split": 'x = (df.col.str\n     .contains("\\\\d{{6}}"))\n',
    # The ast screen reads values where the detector reads the source.
    "unbalanced-template-open": 'import re\nre.compile("\\\\d{3}{".format(x))\n',
    "unbalanced-template-close": 'import re\nre.compile("}\\\\d{3}".format(x))\n',
    "escaped-brace": 'import re\nre.compile("\\x7bab}\\\\d{{6}}")\n',
    "attribute-automatic-field": 'import re\nre.compile("{.a}\\\\d{3}".format(o, 1, 2, 3, 4))\n',
    "plus-receiver": 'import re\nre.compile(("{0}" + "\\\\d{3}").format(x))\n',
    "fstring-receiver": 'import re\nre.compile(f"{k}x{6}".format(x))\n',
    "plain-and-f-parts": 'import re\nre.compile("\\\\d{{6}}" f"{k}")\n',
    "plain-and-f-parts-held": 'import re\nP = r"\\d{{6}}" rf"{k}"\nre.compile(P)\n',
    # Found by the second round: escapes the screen's values hide.
    "escape-in-class": 'x = f"[\\t]{3}"\n',
    "named-escape-in-class": 'x = f"[\\N{SPACE}]{3}"\n',
    "backspace-escape": 'x = f"\\b.{3}"\n',
    # ...and NAME.format written with parentheses, spaces, a continuation.
    "parenthesised-format-receiver": 'import re\nT = "{0}"\n(T).format()\nre.compile(T)\n',
    "spaced-format-attribute": 'import re\nT = "{0}"\nT . format()\nre.compile(T)\n',
    "continued-format-attribute": 'import re\nT = "{0}"\nT \\\n.format()\nre.compile(T)\n',
}


def _key(findings):
    return [
        (f.line, f.column, f.code, f.evidence, f.edit.text if f.edit else None)
        for f in findings
    ]


@pytest.mark.parametrize("code", SHAPES.values(), ids=SHAPES.keys())
def test_the_gates_find_what_the_whole_module_holds(code):
    whole = _key(find_in_module(cst.parse_module(code)))
    assert whole, "the shape holds a finding"
    found, _ = find_through_gates(code)
    assert _key(found) == whole
