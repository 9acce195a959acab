"""A Jupyter notebook as one Python module, and back.

As ruff does it: the Python code cells, with their IPython lines masked
(notebook_magics.py), are joined into one module, each followed by a line
break, so that ``import re`` in one cell counts in the next. A line of that
module maps back to a cell and a line in it; cells are numbered from 1 over
all the notebook's cells, markdown included (ruff's ``cell N``), which is
the number Jupyter shows in the cell's position.

Writing back replaces only the raw JSON characters that a fix changed
(notebook_json.py): indentation, key order, escaping, outputs and the final
newline are the file's own.
"""

from __future__ import annotations

import ast
import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Optional

from flake8_fstring_regex.notebook_json import (
    NotebookJSONError,
    RawNotebook,
    RawSource,
    char_offsets,
    read_notebook,
    style_of,
)
from flake8_fstring_regex.notebook_magics import is_python_cell, mask
from flake8_fstring_regex.source import InputError, physical_lines

_BOM = "\ufeff"
# A coding declaration would make Python decode the joined module as
# something else than the UTF-8 it is (PEP 263); Jupyter ignores them.
_CODING = re.compile(r"[ \t\f]*#.*?coding[:=]")


@dataclass(frozen=True)
class CodeCell:
    """A cell that is analysed: its number (1-based over all cells), its
    source as written, and where its lines start in the joined module."""

    number: int
    raw: RawSource
    text: str
    masked_lines: frozenset[int]  # 0-based, within the cell
    module_lines: tuple[str, ...]  # as the module holds them: masked, then a line break
    first_line: int  # 1-based line of the joined module


@dataclass(frozen=True)
class Notebook:
    """A notebook read from its bytes: the JSON text (without a BOM), its
    Python cells, and the module they make."""

    bom: str
    json_text: str
    raw: RawNotebook
    cells: tuple[CodeCell, ...]
    module: str

    def locate(self, line: int) -> tuple[int, int]:
        """The cell number and the 1-based line in it of a module line."""
        index = bisect_right([c.first_line for c in self.cells], line) - 1
        cell = self.cells[max(index, 0)]
        return cell.number, line - cell.first_line + 1

    def rewrite(self, module: str) -> bytes:
        """The notebook's bytes with the cells as ``module`` (the joined
        module after a fix) holds them; only changed characters are
        rewritten. InputError when a fix moved lines or masked text."""
        fixed = physical_lines(module)
        if len(fixed) != len(physical_lines(self.module)):
            raise InputError("the fix would change the cells' lines; left unchanged")
        edits: list[tuple[int, int, str]] = []
        sources: dict[int, str] = {}
        for cell in self.cells:
            start = cell.first_line - 1
            new = _cell_text(cell, fixed[start:start + len(cell.module_lines)])
            if new != cell.text:
                sources[cell.number - 1] = new
                edits += _source_edits(cell.raw, new, self.json_text)
        text = self.json_text
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        _check_rewrite(self, text, sources)
        return (self.bom + text).encode("utf-8")


def _cell_text(cell: CodeCell, lines: list[str]) -> str:
    """A cell's source from its lines of the fixed module: the masked lines
    are the cell's own again, and the joining line break goes."""
    original = physical_lines(cell.text + "\n")
    if any(lines[i] != cell.module_lines[i] for i in cell.masked_lines):
        raise InputError(f"cell {cell.number}: the fix would touch a magic; left unchanged")
    text = "".join(original[i] if i in cell.masked_lines else line for i, line in enumerate(lines))
    if [_ending(line) for line in lines] != [_ending(line) for line in cell.module_lines]:
        raise InputError(f"cell {cell.number}: the fix would change its lines; left unchanged")
    return text[:-1]


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _source_edits(source: RawSource, new: str, document: str) -> list[tuple[int, int, str]]:
    """Raw edits turning ``source``'s text into ``new``: per changed line,
    the changed middle, in the strings that hold it; the whole value when a
    change spans two strings of the list."""
    old = source.text
    old_lines, new_lines = physical_lines(old), physical_lines(new)
    edits = []
    at = 0
    for before, after in zip(old_lines, new_lines):
        if before != after:
            prefix = _common_prefix(before, after)
            suffix = _common_prefix(before[prefix:][::-1], after[prefix:][::-1])
            edit = _raw_edit(
                source, at + prefix, at + len(before) - suffix,
                after[prefix:len(after) - suffix], document,
            )
            if edit is None:
                return [_whole_value(source, new, document)]
            edits.append(edit)
        at += len(before)
    return edits


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _raw_edit(
    source: RawSource, start: int, end: int, text: str, document: str
) -> Optional[tuple[int, int, str]]:
    """Replace the source text's characters [start, end) with ``text``, in
    the one string that holds them (None when they span two)."""
    base = 0
    for string in source.strings:
        size = len(string.value)
        if base <= start < base + size or (start == end == base + size):
            if end > base + size:
                return None
            raw = document[string.start:string.end]
            offsets = char_offsets(raw)
            style = style_of(raw, document)
            return (
                string.start + offsets[start - base],
                string.start + offsets[end - base],
                style.dump(text)[1:-1],
            )
        base += size
    return None


def _whole_value(source: RawSource, new: str, document: str) -> tuple[int, int, str]:
    """The source value written anew, in the shape and style it had."""
    raw = document[source.start:source.end]
    style = style_of(raw, document)
    if not source.is_list:
        return source.start, source.end, style.dump(new)
    strings = source.strings
    opening = document[source.start + 1:strings[0].start] if strings else ""
    closing = document[strings[-1].end:source.end - 1] if strings else ""
    between = document[strings[0].end:strings[1].start] if len(strings) > 1 else "," + opening
    items = [style.dump(line) for line in physical_lines(new)]
    return source.start, source.end, "[" + opening + between.join(items) + closing + "]"


def _check_rewrite(notebook: Notebook, text: str, sources: dict[int, str]) -> None:
    """The rewritten JSON must decode to the old notebook with exactly the
    changed cells' sources replaced (same shape: list or string)."""
    try:
        after = read_notebook(text)
    except NotebookJSONError as error:
        raise InputError(f"the rewritten notebook would not be JSON ({error}); left unchanged")
    expected = notebook.raw.value["cells"]
    if len(after.value.get("cells", [])) != len(expected):
        raise InputError("the rewrite would change more than sources; left unchanged")
    for index, cell in enumerate(after.value.get("cells", [])):
        was = expected[index]
        if index in sources:
            source = cell.get("source")
            same_shape = isinstance(source, list) == isinstance(was["source"], list)
            text_now = "".join(source) if isinstance(source, list) else source
            if not same_shape or text_now != sources[index]:
                raise InputError("the rewritten cell would not hold the fix; left unchanged")
            cell = {**cell, "source": was["source"]}
        if cell != was:
            raise InputError("the rewrite would change more than sources; left unchanged")
    rest = {k: v for k, v in after.value.items() if k != "cells"}
    if rest != {k: v for k, v in notebook.raw.value.items() if k != "cells"}:
        raise InputError("the rewrite would change more than sources; left unchanged")


def _decode(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not a notebook: not UTF-8 (byte {error.object[error.start]:#04x} "
            f"at offset {error.start})"
        ) from None
    if text.startswith(_BOM):
        return _BOM, text[1:]
    return "", text


def _python_notebook(value: dict[str, Any]) -> bool:
    metadata = value.get("metadata")
    language = metadata.get("language_info") if isinstance(metadata, dict) else None
    name = language.get("name") if isinstance(language, dict) else None
    return name is None or name == "python"


def _python_cell_metadata(value: dict[str, Any]) -> bool:
    """VS Code marks a cell of another language in its metadata."""
    metadata = value.get("metadata")
    vscode = metadata.get("vscode") if isinstance(metadata, dict) else None
    language = vscode.get("languageId") if isinstance(vscode, dict) else None
    return language is None or language == "python"


def read(data: bytes) -> Notebook:
    """The notebook in ``data``; InputError (one line) when it is not an
    nbformat 4 notebook whose cells each have a string or list source."""
    bom, text = _decode(data)
    try:
        raw = read_notebook(text)
    except NotebookJSONError as error:
        raise InputError(f"not a notebook: {error}") from None
    if raw.value.get("nbformat") != 4:
        found = raw.value.get("nbformat", "none")
        raise InputError(f"not a notebook: nbformat 4 expected, found {found!r}")
    if not isinstance(raw.value.get("cells"), list):
        raise InputError("not a notebook: no list of cells")
    cells: list[CodeCell] = []
    module: list[str] = []
    line = 1
    python = _python_notebook(raw.value)
    for number, cell in enumerate(raw.cells, 1):
        if not isinstance(cell.value, dict):
            raise InputError(f"not a notebook: cell {number} is not an object")
        if "source" not in cell.value:
            raise InputError(f"not a notebook: cell {number} has no source")
        if cell.source is None:
            raise InputError(
                f"not a notebook: cell {number}'s source is neither a string nor a list of strings"
            )
        if (
            not python
            or cell.value.get("cell_type") != "code"
            or not _python_cell_metadata(cell.value)
        ):
            continue
        source = cell.source.text
        if not is_python_cell(source):
            continue
        masked, hidden = mask(source)
        lines = physical_lines(masked + "\n")
        if line <= 2:
            for i, content in enumerate(lines[:3 - line]):
                if _CODING.match(content):
                    body = content.rstrip("\r\n")
                    lines[i] = "#".ljust(len(body), "-") + content[len(body):]
                    hidden |= {i}
        cells.append(CodeCell(number, cell.source, source, hidden, tuple(lines), line))
        module += lines
        line += len(lines)
    return Notebook(bom, text, raw, tuple(cells), "".join(module))


def syntax_error(notebook: Notebook) -> Optional[str]:
    """One line saying which cell does not parse, even with its magics
    masked; None when the module parses (with ``ast``, or with libcst when
    it is code for a newer Python)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the user's code
        try:
            ast.parse(notebook.module)
            return None
        except (SyntaxError, ValueError, OverflowError, RecursionError, MemoryError) as error:
            where = getattr(error, "lineno", None) or 1
            message = getattr(error, "msg", None) or str(error)
    import libcst

    try:
        libcst.parse_module(notebook.module)
        return None
    except Exception:  # libcst's ParserSyntaxError, or its recursion guard
        pass
    number, line = notebook.locate(where) if notebook.cells else (1, 1)
    return f"cell {number}: line {line}: does not parse, even with IPython magics masked: {message}"
