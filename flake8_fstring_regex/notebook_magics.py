"""IPython syntax in notebook cells, masked so that Python can parse them.

A line that starts a statement with ``%`` (line magic), ``%%`` (cell
magic), ``!`` or ``!!`` (shell), ``?`` or ``??`` (help), that ends with
``?`` after a name (``obj.method?``), or that assigns one
(``files = !ls``) is IPython's, never Python's. It is replaced by a
placeholder statement of the same indentation (``pass``, or ``...`` when
the magic is shorter), and the lines it continues onto with a trailing
backslash by comments. Line numbers never change, and the cell's own text
is put back line by line, so masked lines stay byte-identical.

As in ruff, some cells are not Python at all and are left out: a cell magic
that runs another language or stores text (``%%bash``, ``%%html``,
``%%writefile``), and a cell that starts with an automagic (``pip install
x``, ``cd data``). Cell magics whose body is Python (``%%time``,
``%%timeit``, ``%%capture``, ...) only have their first line masked.
"""

from __future__ import annotations

import io
import re
import tokenize

from flake8_fstring_regex.source import physical_lines

# Cell magics whose body is Python run in the notebook's namespace.
PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy", "ipytest"}
)

# Line magics IPython runs without their %, when automagic is on (the
# default): a cell starting with one of these words is a magic cell.
AUTOMAGICS = frozenset(
    """
    alias alias_magic autoawait autocall automagic bookmark cd code_wrap colors conda
    config debug dhist dirs doctest_mode edit env gui history killbgscripts load load_ext
    loadpy logoff logon logstart logstate logstop lsmagic macro magic mamba matplotlib
    micromamba notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint
    precision prun psearch psource pushd pwd pycat pylab quickref recall rehashx
    reload_ext rerun reset reset_selective run save sc set_env sx system tb time timeit
    unalias unload_ext who who_ls whos xdel xmode
    """.split()
)

# After an automagic's name, these make the line Python (``time = 3``).
_ASSIGNMENTS = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^="})

_ESCAPED = re.compile(r"[ \t\f]*[%!?]")
# obj?, obj.attr??, %magic?, seq[0]? : help after a name.
_HELP_AFTER = re.compile(
    r"[ \t\f]*%{0,2}[^\W\d][\w*]*(?:\.[^\W\d][\w*]*|\[-?\d+\])*\?\??[ \t\f]*$"
)
# x = !ls, a, b = %sx ls: a magic's result assigned.
_ASSIGNED = re.compile(r"[ \t\f]*[\w.\[\]]+(?:[ \t\f]*,[ \t\f]*[\w.\[\]]+)*[ \t\f]*=[ \t\f]*[!%]")
_INDENT = re.compile(r"[ \t\f]*")


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def is_python_cell(text: str) -> bool:
    """Whether the cell holds Python (with line magics at most)."""
    first = next((_content(line) for line in physical_lines(text) if line.strip()), "")
    words = first.split()
    if not words:
        return True
    if words[0] in AUTOMAGICS and (len(words) == 1 or words[1] not in _ASSIGNMENTS):
        return False
    if words[0].startswith("%%") and len(words[0]) > 2:
        return words[0][2:] in PYTHON_CELL_MAGICS
    return True


def _looks_like_magic(content: str) -> bool:
    return bool(
        _ESCAPED.match(content) or _HELP_AFTER.match(content) or _ASSIGNED.match(content)
    )


def _starts_statement(before: list[str]) -> bool:
    """Whether a line after ``before`` starts a new statement: it is not
    inside brackets, a string, or a backslash continuation."""
    reader = io.StringIO("".join(before)).readline
    try:
        for _ in tokenize.generate_tokens(reader):
            pass
    except tokenize.TokenError:
        return False  # the end came inside a bracket, string or continuation
    except (SyntaxError, ValueError):
        return True  # broken before this line anyway: the parse will say so
    return True


def _placeholder(content: str) -> str:
    indent = _INDENT.match(content)
    assert indent is not None
    width = len(content) - indent.end()
    statement = "..." if width < 4 else "pass".ljust(width)
    return indent.group() + statement


def _comment(content: str) -> str:
    indent = _INDENT.match(content)
    assert indent is not None
    return indent.group() + "#".ljust(len(content) - indent.end(), "-")


def mask(text: str) -> tuple[str, frozenset[int]]:
    """The cell's text with its IPython lines masked, and the 0-based numbers
    of the masked lines. Line breaks are kept, so line numbers do not move."""
    lines = physical_lines(text)
    masked: list[str] = []
    hidden: set[int] = set()
    continued = False
    for number, line in enumerate(lines):
        content = _content(line)
        ending = line[len(content):]
        if continued:
            masked.append(_comment(content) + ending)
        elif _looks_like_magic(content) and _starts_statement(masked):
            masked.append(_placeholder(content) + ending)
        else:
            masked.append(line)
            continue
        hidden.add(number)
        continued = content.endswith("\\")
    return "".join(masked), frozenset(hidden)
