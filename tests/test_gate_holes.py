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

# The fourth round, on the screen's reading of imports, call shapes and
# literals read from their source.
_FILL = "".join(f'v{i} = f"ab{{k}}{{6}}"\n' for i in range(201))  # the grouped path
_MANY = "; ".join(f"a{i} = {i}" for i in range(17))  # more names than looked for one by one
SHAPES.update({
    # Imports the screen must read to know a bare call's function.
    "import-paren-continued": (
        'from re import (\\\n'
        '    compile,\n'
        '    search)\n'
        'search(f"ab{6}", s)\n'
    ),
    "import-continued-paren": (
        'from re import \\\n'
        '    (compile,\n'
        '     search)\n'
        'search(f"ab{6}", s)\n'
    ),
    "import-paren-comment": (
        'from re import (  # c\n'
        '    search, \\\n'
        '    compile)\n'
        'compile(f"ab{6}")\n'
    ),
    "import-middot-alias": (
        'from re import (\n'
        '    search as a·b,\n'
        '    compile,\n'
        ')\n'
        'compile(f"ab{6}")\n'
    ),
    "import-form-feed": 'from re import\x0c(\n    compile,\n    search)\nsearch(f"ab{6}", s)\n',
    "import-doubled": 'from re import (\\\n    compile,\n    search)\nsearch("ab{{2}}", s)\n',
    "import-template": (
        'from re import (\\\n'
        '    compile,\n'
        '    search)\n'
        'search("a{0}b{3}".format(k), s)\n'
    ),
    "alias-non-ascii": 'from re import compile as \u00e9\n\u00e9(f"ab{6}")\n',
    "alias-continued": 'from re import compile as \\\n    rx\nrx(f"ab{6}")\n',
    "alias-after-comment": 'from re import (compile as  # c\n    rx)\nrx(f"ab{6}")\n',
    "alias-nfkc": 'from re import compile as x\ufb01\nx\ufb01(f"ab{6}")\n',
    # ast merges concatenated literals; the detector reads each piece.
    "concat-doubled-before": 'import re\nre.compile("{" "{{2}}")\n',
    "concat-doubled-after": 'import re\nre.compile("ab{{2}}" "}")\n',
    "concat-named-field": 'import re\nre.compile("{x}" "a{{2}}")\n',
    "concat-template": 'import re\nre.compile("{" "{3}".format(1))\n',
    "concat-held-template": 'import re\nT = "{" "{3}"\nv = T.format(1)\nre.compile(T)\n',
    "held-template-after-fstring": 'import re\nT = f"{x}" "a{3}"\nv = T.format(1)\nre.compile(T)\n',
    # A raw literal's text inside another literal is no raw literal.
    "raw-text-in-fstring": 'x = f"r\'[\\t]{6}\'"\n',
    "raw-text-doubled": 'import re\nre.compile("r\'\\x7b{{2}}\'")\n',
    "raw-text-held": 'import re\nT = "r\'\\x7b{3}\'"\nv = T.format(1)\nre.compile(T)\n',
    # A line continuation inside a literal is an escape.
    "continued-literal": 'import re\nre.compile("{\\\n{{2}}")\n',
    # Names ast normalises (NFKC), or that \\w does not match.
    "nfkc-name": 'import re\n\ufb01 = f"ab{6}"\nre.compile(\ufb01)\n',
    "middot-name": (
        f'import re\ndef f():\n    {_MANY}\n    p\u00b7q = f"ab{{6}}"'
        f'\n    return re.compile(p\u00b7q)\n'
    ),
    # Imports the grouped path must keep.
    "grouped-import-after-semicolon": (
        "x = 1; from re import findall\n" + _FILL + 'findall(f"ab{6}", s)\n'
    ),
    "grouped-import-global": (
        "@dec\ndef setup():\n    global compile\n    from re import compile\n" + _FILL
        + 'compile(f"ab{6}")\n'
    ),
    "grouped-import-form-feed": "x = 1\n\x0cimport re\n" + _FILL + 're.compile(f"ab{6}")\n',
    # The text gate: a dot and its attribute may be apart.
    "str-spaced": 's . str . count("ab{{2}}")\n',
    "str-continued": 's.\\\nstr.contains("ab{{2}}")\n',
})

# The fifth round: what Python allows between a dot and "format", and a
# receiver bound by something other than an import.
_FAR = "x = 1\n" * 30  # past the lines a template's own call may follow it by
SHAPES.update({
    "format-after-line-break": 'import re\nre.compile("{3}".\nformat())\n',
    "format-after-comment": 'import re\nre.compile("a{0}b{3}".  # c\nformat(k))\n',
    "held-format-after-line-break": 'import re\nT = "{3}"\n(T.\nformat())\nre.compile(T)\n',
    "held-format-after-comment": 'import re\nT = "{3}"\n(T.  # c\nformat())\nre.compile(T)\n',
    "held-receiver-before-comment": (
        'import re\nT = "{3}"\n' + _FAR + '(T  # "#" c\n  # more\n .format())\nre.compile(T)\n'
    ),
    "receiver-assigned": 're = 1\nre.compile(f"ab{6}")\n',
    "receiver-annotated": 're: object\nre.compile(f"ab{6}")\n',
    "receiver-class": 'class re: pass\nre.compile(f"ab{6}")\n',
    "receiver-dunder-import": 're = __import__("re")\nre.compile("ab{{2}}")\n',
    "receiver-for": 'for re in x:\n    pass\nre.compile(f"ab{6}")\n',
    "receiver-with": 'with x as re:\n    pass\nre.compile(f"ab{6}")\n',
    "receiver-unpacked": 'x, re = 1, 2\nre.compile(f"ab{6}")\n',
    "receiver-in-def": 're = 1\ndef f():\n    re.compile(f"ab{6}")\n',
    "receiver-regex": 'regex = 0\nregex.splititer(f"ab{6}", s)\n',
    "receiver-grouped": (
        "re = 1\n" + "".join(f'v{i} = f"ab{{k}}{{6}}"\n' for i in range(201))
        + 're.compile(f"ab{6}")\n'
    ),
})


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
