"""The flake8 front end: a thin shell around the shared detector.

flake8 classifies plugins by their constructor's parameter names: taking
``tree`` makes this a tree plugin, ``lines`` gives the source without opening
the file (so ``flake8 -`` and editors work). libcst is imported only when the
text and ast gates say a file may hold a finding (analysis.py).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flake8_fstring_regex.config import OPTION, ConfigError, PatternArg, parse_function_specs

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces

Result = tuple[int, int, str, type]


@functools.lru_cache(maxsize=None)
def _places(extra: tuple[tuple[str, PatternArg], ...]) -> RegexPlaces:
    from flake8_fstring_regex.regex_calls import RegexPlaces

    return RegexPlaces.with_extra(extra)


class Plugin:
    """flake8 entry point for the ``FSR`` codes."""

    # flake8 (5 and later) takes the version from the distribution's
    # metadata; looking it up here would slow every import of the plugin.
    name = "flake8-fstring-regex"

    # Set once by flake8 from the options, before any file is checked.
    _extra_functions: tuple[tuple[str, PatternArg], ...] = ()

    __slots__ = ("_tree", "_lines")

    def __init__(self, tree: ast.AST, lines: list[str]) -> None:
        self._tree = tree
        self._lines = lines

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option(
            f"--{OPTION}",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="More functions that take a regex: module.function[:N][:keyword], "
            "N being the pattern's position (default: 0 or pattern=). (Default: none)",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        try:
            cls._extra_functions = parse_function_specs(options.fsr_regex_functions)
        except ConfigError as error:
            raise SystemExit(f"flake8-fstring-regex: {error}") from None

    def run(self) -> Iterator[Result]:
        from flake8_fstring_regex.analysis import find_through_gates
        from flake8_fstring_regex.source import InputError

        places = _places(self._extra_functions) if self._extra_functions else None
        try:
            findings, _ = find_through_gates("".join(self._lines), places, tree=self._tree)
        except InputError:
            return  # flake8 reports syntax errors itself (E999)
        for finding in findings:
            yield finding.line, finding.column, finding.message, type(self)
