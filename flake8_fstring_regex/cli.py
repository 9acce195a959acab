"""The command line: check, ``--fix`` or ``--diff`` files without flake8.

Exit status: 0 nothing found (or nothing to change), 1 findings reported or
files rewritten, 2 at least one input could not be processed (every other
file is still processed). Importing this module does not import libcst or
flake8; libcst is loaded only when a file may hold a finding.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, Optional, TextIO

from flake8_fstring_regex import output
from flake8_fstring_regex.config import OPTION, ConfigError, PatternArg, load_settings
from flake8_fstring_regex.config_files import KEYS
from flake8_fstring_regex.files import discover, is_excluded
from flake8_fstring_regex.names import show_path
from flake8_fstring_regex.process import (
    Job,
    Outcome,
    process_files,
    process_source,
    write_outcome,
)
from flake8_fstring_regex.stop import Stopped, no_stop, stop_on_signals

if TYPE_CHECKING:
    from flake8_fstring_regex.regex_calls import RegexPlaces


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata is slow)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        import flake8_fstring_regex

        print(f"{parser.prog} {flake8_fstring_regex.__version__}")
        parser.exit(0)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size() gives it (the
    COLUMNS variable, else the terminal of standard output, else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given the width: its own way of finding it
    imports shutil (with zlib, bz2 and lzma), and argparse makes a formatter
    for every option it is given, so every run would pay for it."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flake8-fstring-regex",
        formatter_class=_HelpFormatter,
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
        "--unsafe-fixes", action="store_true",
        help="with --fix or --diff, also apply fixes whose string is taken for a regex "
        "by its look alone (no regex function is known to receive it)",
    )
    _add_configuration_options(parser)
    parser.add_argument(
        "--format", choices=output.FORMATS, default="text", dest="output_format",
        help="text: path:line:col: CODE message (default); json: an array of objects; "
        "json-lines: one object a line; github: workflow commands (annotations); "
        "gitlab: Code Quality report; sarif: SARIF 2.1.0 (code scanning)",
    )
    parser.add_argument(
        "--statistics", action="store_true",
        help="check mode: print the number of findings per code instead of the findings "
        "(text or json format)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true",
        help="check mode: exit 0 even when findings are reported (2 still means an input "
        "could not be processed)",
    )
    parser.add_argument(
        "--show-fixes", action="store_true",
        help="with --fix: list every fix made on standard error, before the summary",
    )
    parser.add_argument(
        "--stdin-display-name", default="-", metavar="NAME",
        help="the name used for standard input in reports",
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N",
        help="processes to use (default: all cores, when the files past the text gate "
        "hold enough text to pay for them)",
    )
    parser.add_argument("--version", action=_VersionAction)
    return parser


_CONFIGURATION_HELP = {
    "select": "comma-separated code prefixes to report and fix (default: FSR)",
    "ignore": "comma-separated code prefixes to leave alone",
    "extend-select": "code prefixes to select on top of --select",
    "extend-ignore": "code prefixes to ignore on top of --ignore",
    "per-file-ignores": "PATTERNS:CODES pairs: codes to ignore in matching files",
    "exclude": "comma-separated globs of files or directories to skip, matched against "
    "the name or the absolute path (default: flake8's, .git,__pycache__,...); "
    "the walk also always skips virtualenvs, build, caches and the like",
    "extend-exclude": "globs to skip on top of --exclude",
    OPTION: "more functions that take a regex, module.function[:N][:keyword]",
}


def _add_configuration_options(parser: argparse.ArgumentParser) -> None:
    """flake8's options for what the configuration file also sets; each
    replaces that key's value from the file (see README, Configuration)."""
    group = parser.add_argument_group(
        "configuration",
        "read from the file flake8 would use (setup.cfg, tox.ini, .flake8, "
        "[tool.flake8] in pyproject.toml) or [tool.flake8-fstring-regex] in "
        "pyproject.toml; an option given here replaces the file's value",
    )
    for key in KEYS:
        group.add_argument(
            f"--{key}", default=None, dest=_dest(key), metavar=_METAVARS.get(key, "CODES"),
            help=_CONFIGURATION_HELP[key],
        )
    group.add_argument(
        "--isolated", action="store_true", help="read no configuration file"
    )


_METAVARS = {
    "per-file-ignores": "PAIRS", "exclude": "PATTERNS", "extend-exclude": "PATTERNS",
    OPTION: "FUNCTIONS",
}


def _dest(key: str) -> str:
    return "config_" + key.replace("-", "_")


class Run:
    """What one invocation found, changed and failed on. ``reports`` are
    the findings left in the files, ``fixed`` the ones --fix fixed."""

    def __init__(
        self, options: argparse.Namespace, out: TextIO, err: TextIO, job: Job,
        *, stdin_excluded: bool = False,
    ) -> None:
        self.options = options
        self.out = out
        self.err = err
        self.job = job
        self.stdin_excluded = stdin_excluded
        self.reports: list[dict[str, Any]] = []
        self.fixed: list[dict[str, Any]] = []
        self.fixed_count = 0
        self.changed = 0
        self.failed = 0

    def emit(self, outcome: Outcome, *, from_stdin: bool = False) -> None:
        """Print one file's outcome and count it."""
        if outcome.error is not None:
            self.failed += 1
            print(f"{show_path(outcome.name)}: error: {outcome.error}", file=self.err)
        self.reports += outcome.reports
        if self.job.mode == "fix":
            self.fixed += outcome.fixed_reports
            self.fixed_count += outcome.fixed
        fmt = self.options.output_format
        if fmt in output.STREAMED and self.job.mode != "diff" and not self.options.statistics:
            # Fixed standard input goes to standard output: findings to stderr.
            stream = self.err if from_stdin and self.job.mode == "fix" else self.out
            for line in output.lines(fmt, outcome.reports):
                print(line, file=stream)
        if outcome.changed:
            self.changed += 1
            if self.job.mode == "diff":
                self.out.flush()  # the diff is bytes: the file's own encoding
                self.out.buffer.write(outcome.diff)
                self.out.buffer.flush()
            elif not from_stdin:  # fixed standard input goes to standard output
                print(f"Rewriting {show_path(outcome.name)}", file=self.err)

    def finish(self) -> None:
        """Write what is written once, at the end."""
        fmt = self.options.output_format
        if self.options.statistics:
            rows = output.statistics(self.reports)
            if fmt == "json":
                import json

                self.out.write(json.dumps(rows, indent=2) + "\n")
            else:
                for line in output.statistics_text(rows):
                    print(line, file=self.out)
        elif fmt not in output.STREAMED:
            self.out.write(output.document(fmt, self.reports))
        if self.job.mode == "fix":
            if self.options.show_fixes and self.fixed:
                listing = "\n".join(output.fix_listing(self.fixed))
                print(f"\n{listing}\n", file=self.err)
            summary = output.fix_summary(self.fixed_count, len(self.reports), failed=self.failed)
            if summary is not None:
                print(summary, file=self.err)

    def process_stdin(self, stdin: BinaryIO, stdout: BinaryIO) -> None:
        data = stdin.read()
        if self.stdin_excluded:
            if self.job.mode == "fix":
                stdout.write(data)  # left alone, as flake8 leaves it
                stdout.flush()
            return
        outcome = process_source(self.options.stdin_display_name, data, self.job)
        self.emit(outcome, from_stdin=True)
        if self.job.mode == "fix":
            # The unchanged source when nothing changed or it could not be fixed.
            stdout.write(outcome.fixed_source if outcome.fixed_source is not None else data)
            stdout.flush()

    def exit_status(self) -> int:
        if self.failed:
            return 2
        if self.options.exit_zero:
            return 0
        return 1 if (self.reports or self.changed) else 0


def _places(extra: tuple[tuple[str, PatternArg], ...]) -> Optional[RegexPlaces]:
    """The regex places with configured functions; None (the defaults, and
    no libcst import yet) when nothing is configured."""
    if not extra:
        return None
    from flake8_fstring_regex.regex_calls import RegexPlaces

    return RegexPlaces.with_extra(extra)


def main(
    argv: Optional[Sequence[str]] = None,
    *,
    stdin: Optional[BinaryIO] = None,
    stdout: Optional[BinaryIO] = None,
) -> int:
    """Run the command; returns the exit status.

    SIGINT and SIGTERM stop it cleanly: no file is written after the signal,
    and the status is 130 or 143 (128 + the signal number).
    """
    try:
        with stop_on_signals():
            return _main(argv, stdin=stdin, stdout=stdout)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Stopped as stop:
        return _stopped(stop.exit_status)
    except KeyboardInterrupt:
        return 130


def _stopped(status: int) -> int:
    """The exit status after a stop signal; leaves at once (no interpreter
    clean-up, as the signal's default action would) when a worker pool was
    cut short, since its threads may wait forever on workers killed
    mid-message."""
    from flake8_fstring_regex.pool import stopped_pool

    if stopped_pool():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)
    return status


def _main(
    argv: Optional[Sequence[str]] = None,
    *,
    stdin: Optional[BinaryIO] = None,
    stdout: Optional[BinaryIO] = None,
) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    if options.jobs < 0:
        parser.error("--jobs must be 0 (all cores) or more")
    if options.diff and options.output_format != "text":
        parser.error(
            f"--diff prints a patch; it cannot be combined with --format {options.output_format}"
        )
    for flag in ("exit_zero", "statistics"):
        if getattr(options, flag) and (options.fix or options.diff):
            parser.error(f"--{flag.replace('_', '-')} applies to check mode only")
    if options.statistics and options.output_format not in ("text", "json"):
        parser.error("--statistics prints text or json only")
    overrides = {
        key: getattr(options, _dest(key))
        for key in KEYS
        if getattr(options, _dest(key)) is not None
    }
    try:
        settings = load_settings(overrides, isolated=options.isolated)
    except ConfigError as error:
        parser.exit(2, f"{parser.prog}: error: {error}\n")
    mode = "fix" if options.fix else "diff" if options.diff else "check"
    job = Job(mode, settings, _places(settings.regex_functions), unsafe_fixes=options.unsafe_fixes)
    display = options.stdin_display_name
    run = Run(
        options, out=sys.stdout, err=sys.stderr, job=job,
        # flake8 skips standard input only under a name given to it.
        stdin_excluded=display != "-" and is_excluded(display, settings.excluded),
    )
    paths = list(discover(options.paths, settings.excluded))
    files = [path for path in paths if path != "-"]
    jobs = options.jobs or (os.cpu_count() or 1)
    outcomes = process_files(files, job, jobs if len(files) > 1 else 1)  # one file: no pool
    for path in paths:
        if path == "-":
            run.process_stdin(stdin or sys.stdin.buffer, stdout or sys.stdout.buffer)
        else:
            outcome = next(outcomes)
            with no_stop():  # a fix is written and reported, or neither
                run.emit(write_outcome(outcome))
    run.finish()
    return run.exit_status()
