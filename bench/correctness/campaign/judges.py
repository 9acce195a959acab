"""Who judges a file: libcst, this Python's ``ast``, and the tree's own CPython."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import tokenize
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from flake8_fstring_regex.source import split_lines

COMPILE_FILES = Path(__file__).resolve().parent / "compile_files.py"


def read_lines(data: bytes) -> list[str]:
    """Source lines as Python numbers them (decoded as Python would, leniently)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding, "replace")
    except (SyntaxError, LookupError):
        text = data.decode("utf-8", "replace")
    return split_lines(text.lstrip("\ufeff"))


def compile_verdicts(python: str, paths: Sequence[str], timeout: float) -> dict[str, Optional[str]]:
    """For each file, None when ``python`` compiles it to an ast, else why not.

    A file missing from the answer could not be judged (that CPython crashed).
    """
    if not paths:
        return {}
    try:
        process = subprocess.run(
            [python, "-I", str(COMPILE_FILES)],
            input=json.dumps(list(paths)).encode(),
            capture_output=True,
            timeout=timeout,
        )
        verdicts = json.loads(process.stdout.decode("utf-8", "replace"))
    except (OSError, ValueError, subprocess.TimeoutExpired):
        if len(paths) == 1:
            return {}
        middle = len(paths) // 2
        return {
            **compile_verdicts(python, paths[:middle], timeout),
            **compile_verdicts(python, paths[middle:], timeout),
        }
    return {str(k): (None if v is None else str(v)) for k, v in verdicts.items()}


def parses_with_libcst(data: bytes) -> Optional[str]:
    """None when libcst parses ``data``, else why not."""
    import libcst

    try:
        libcst.parse_module(data)
    except Exception as error:  # ParserSyntaxError, and anything unforeseen
        text = str(error).strip().splitlines()
        return f"{type(error).__name__}: {text[0] if text else ''}"
    return None


def parses_with_ast(data: bytes) -> Optional[str]:
    """None when this Python's ``ast`` parses ``data``, else why not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except Exception as error:
            return f"{type(error).__name__}: {error}"
    return None


def literal_first_lines(data: bytes, lines: set[int]) -> set[int]:
    """``lines``, plus the first line of every string literal that spans one
    of them (where an f-string left without fields loses its ``f``)."""
    import libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    allowed = set(lines)
    try:
        wrapper = MetadataWrapper(libcst.parse_module(data))
        positions = wrapper.resolve(PositionProvider)
    except Exception:  # reported as a parse failure elsewhere
        return allowed
    for node, where in positions.items():
        if isinstance(node, (libcst.SimpleString, libcst.FormattedString)) and any(
            where.start.line <= line <= where.end.line for line in lines
        ):
            allowed.add(where.start.line)
    return allowed


def corpus_python(root: Path) -> Optional[str]:
    """The CPython that owns a ``PREFIX/lib/pythonX.Y`` tree (or its site-packages)."""
    real = Path(os.path.realpath(root))
    for candidate in (real, real.parent):
        match = re.fullmatch(r"python(\d+\.\d+)", candidate.name)
        if match and candidate.parent.name == "lib":
            executable = candidate.parent.parent / "bin" / f"python{match.group(1)}"
            if os.access(executable, os.X_OK):
                return str(executable)
    return None
