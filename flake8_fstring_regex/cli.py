"""The command line: check, ``--fix`` or ``--diff`` files without flake8.

Exit status: 0 nothing found (or nothing to change), 1 findings reported or
files rewritten, 2 at least one input could not be processed (every other
file is still processed). Importing this module does not import libcst or
flake8; libcst is loaded only when a file may hold a finding.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Optional, TextIO

from flake8_fstring_regex import __version__
from flake8_fstring_regex.analysis import Analysis, analyse
from flake8_fstring_regex.config import (
    OPTION,
    ConfigError,
    PatternArg,
    find_config_file,
    functions_from_config,
    parse_function_specs,
)
from flake8_fstring_regex.files import InputError, discover, read_source, write_atomically

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flake8-fstring-regex",
        description="Find (and fix) regex quantifiers that f-strings swallow: "
        "inside rf'\\d{6}' the {6} inserts the text 6.",
    )
    parser.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH",
        help="files or directories to check (default: .); - reads standard input",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fix", action="store_true", help="rewrite files in place")
    mode.add_argument(
        "--diff", action="store_true", help="print the changes --fix would make; write nothing"
    )
    parser.add_argument(
        "--exclude", type=_comma_list, default=[], metavar="PATTERNS",
        help="comma-separated globs of files or directories to skip, "
        "besides .git, virtualenvs, build, __pycache__ and the like",
    )
    parser.add_argument(
        "--select", type=_comma_list, default=["FSR"], metavar="CODES",
        help="comma-separated code prefixes to report and fix (default: FSR)",
    )
    parser.add_argument(
        "--ignore", type=_comma_list, default=[], metavar="CODES",
        help="comma-separated code prefixes to leave alone",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", dest="output_format",
        help="text: path:line:col: CODE message (default); json: an array of objects",
    )
    parser.add_argument(
        f"--{OPTION}", type=_comma_list, default=None, metavar="FUNCTIONS", dest="extra",
        help="more functions that take a regex, module.function[:N][:keyword] "
        "(default: read from the [flake8] section of setup.cfg, tox.ini or .flake8)",
    )
    parser.add_argument(
        "--stdin-display-name", default="-", metavar="NAME",
        help="the name used for standard input in reports",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


@dataclass
class Run:
    """What one invocation found, changed and failed on."""

    options: argparse.Namespace
    out: TextIO
    err: TextIO
    places: Optional[RegexPlaces] = None
    reports: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0
    failed: int = 0

    def error(self, name: str, reason: str) -> None:
        self.failed += 1
        print(f"{name}: error: {reason}", file=self.err)

    def analyse(self, data: bytes) -> Analysis:
        return analyse(
            data, places=self.places, select=self.options.select, ignore=self.options.ignore
        )

    def report(self, name: str, analysis: Analysis) -> None:
        for finding in analysis.findings:
            entry = {
                "path": name,
                "line": finding.line,
                "column": finding.column + 1,
                "code": finding.code,
                "message": finding.message.split(" ", 1)[1],
                "replacement": finding.replacement_text,
            }
            self.reports.append(entry)
            if self.options.output_format == "text":
                print(f"{name}:{entry['line']}:{entry['column']}: {finding.message}", file=self.out)

    def diff(self, name: str, analysis: Analysis, fixed: bytes) -> None:
        before = analysis.text.splitlines(keepends=True)
        after = fixed.decode(analysis.encoding).splitlines(keepends=True)
        old, new = (name, name) if name.startswith(("/", "-")) else (f"a/{name}", f"b/{name}")
        self.out.writelines(difflib.unified_diff(before, after, old, new))

    def process_file(self, path: str) -> None:
        try:
            analysis = self.analyse(read_source(path))
            fixed = analysis.fixed() if (self.options.fix or self.options.diff) else analysis.data
            if self.options.fix and fixed != analysis.data:
                write_atomically(path, fixed)
        except InputError as error:
            return self.error(path, str(error))
        except Exception as error:  # FixFailure, and anything unforeseen
            return self.error(path, _describe(error))
        if not (self.options.fix or self.options.diff):
            self.report(path, analysis)
        elif fixed != analysis.data:
            self.changed += 1
            if self.options.diff:
                self.diff(path, analysis, fixed)
            else:
                print(f"Rewriting {path}", file=self.err)

    def process_stdin(self, stdin: BinaryIO, stdout: BinaryIO) -> None:
        name = self.options.stdin_display_name
        data = stdin.read()
        try:
            analysis = self.analyse(data)
            fixed = analysis.fixed() if (self.options.fix or self.options.diff) else data
        except InputError as error:
            analysis, fixed = Analysis(data), data
            self.error(name, str(error))
        except Exception as error:
            analysis, fixed = Analysis(data), data
            self.error(name, _describe(error))
        if not (self.options.fix or self.options.diff):
            self.report(name, analysis)
        if fixed != data:
            self.changed += 1
            if self.options.diff:
                self.diff(name, analysis, fixed)
        if self.options.fix:
            stdout.write(fixed)  # the unchanged source when it could not be fixed
            stdout.flush()

    def exit_status(self) -> int:
        if self.failed:
            return 2
        return 1 if (self.reports or self.changed) else 0


def _places(extra: tuple[tuple[str, PatternArg], ...]) -> Optional[RegexPlaces]:
    """The regex places with configured functions; None (the defaults, and
    no libcst import yet) when nothing is configured."""
    if not extra:
        return None
    from flake8_fstring_regex.regex_calls import RegexPlaces

    return RegexPlaces.with_extra(extra)


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def main(
    argv: Optional[Sequence[str]] = None,
    *,
    stdin: Optional[BinaryIO] = None,
    stdout: Optional[BinaryIO] = None,
) -> int:
    """Run the command; returns the exit status."""
    try:
        return _main(argv, stdin=stdin, stdout=stdout)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


def _main(
    argv: Optional[Sequence[str]] = None,
    *,
    stdin: Optional[BinaryIO] = None,
    stdout: Optional[BinaryIO] = None,
) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    try:
        specs = options.extra if options.extra is not None else functions_from_config(
            find_config_file()
        )
        extra = parse_function_specs(specs)
    except ConfigError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    run = Run(options, out=sys.stdout, err=sys.stderr, places=_places(extra))
    for path in discover(options.paths, options.exclude):
        if path == "-":
            run.process_stdin(stdin or sys.stdin.buffer, stdout or sys.stdout.buffer)
        else:
            run.process_file(path)
    if options.output_format == "json":
        json.dump(run.reports, run.out, indent=2)
        run.out.write("\n")
    return run.exit_status()
