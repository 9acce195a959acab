"""The fix as a LibCST codemod, for codebases that already run LibCST's tool::

    python -m libcst.tool codemod --no-format -x \\
        flake8_fstring_regex.codemod.EscapeSwallowedQuantifiers PATH

It applies exactly what ``flake8-fstring-regex --fix`` applies (same
analysis, same edits, same ``# noqa`` rule, same verification) with the same
configuration: the file flake8 would use, read from the current directory
(select, ignore, per-file-ignores, exclude, fsr-regex-functions...; see the
README's Configuration section). A malformed configuration stops it before
any file is touched: one line on stderr, exit status 2.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext, SkipFile

from flake8_fstring_regex.analysis import analyse
from flake8_fstring_regex.config import ConfigError, Settings, load_settings
from flake8_fstring_regex.files import is_excluded
from flake8_fstring_regex.regex_calls import RegexPlaces


def excluded_path(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether flake8, walking from the current directory, would skip
    ``path``: the file or one of its directories matches. A file outside
    the current directory is judged by itself alone."""
    relative = os.path.relpath(os.path.abspath(path))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return is_excluded(path, patterns)
    parts = relative.split(os.sep)
    return any(
        is_excluded(os.path.join(os.curdir, *parts[: n + 1]), patterns) for n in range(len(parts))
    )


class EscapeSwallowedQuantifiers(CodemodCommand):
    """Double the braces of regex quantifiers that f-strings swallow."""

    DESCRIPTION: str = "Fix FSR findings: write {{6}} for a regex quantifier in an f-string."

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        try:
            self.settings: Settings = load_settings()
        except ConfigError as error:
            print(f"flake8-fstring-regex: error: {error}", file=sys.stderr)
            raise SystemExit(2) from None
        functions = self.settings.regex_functions
        self.places: Optional[RegexPlaces] = (
            RegexPlaces.with_extra(functions) if functions else None
        )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        filename = self.context.filename or "stdin"
        if excluded_path(filename, self.settings.excluded):
            raise SkipFile("excluded by the configuration")
        analysis = analyse(
            tree.bytes, places=self.places, select=self.settings.codes_for(filename)
        )
        if not analysis.findings:
            raise SkipFile("no swallowed regex quantifier")
        return cst.parse_module(analysis.fixed())
