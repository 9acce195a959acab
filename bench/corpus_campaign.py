"""Run the real command line over whole source trees and check what must always hold.

    python -m bench.corpus_campaign                  # this Python's stdlib and site-packages
    python -m bench.corpus_campaign DIR [DIR ...]    # any source trees
    python -m bench.corpus_campaign --json report.json DIR ...

Each tree is copied to a temporary directory (without ``__pycache__``, and
without a ``site-packages`` or ``dist-packages`` directly inside it, which is a
corpus of its own) and ``python -m flake8_fstring_regex`` runs on the copy as a
subprocess, four times:

1. check, ``--format json``: no traceback; nothing on stderr but one-line
   ``PATH: error: reason`` messages; the exit status agrees with the findings
   and the errors (2 if any error, else 1 if any finding, else 0);
2. ``--fix``: only files with findings change, each is announced
   (``Rewriting PATH``), every file with findings changes, no file appears,
   disappears or changes mode, a rewritten file keeps its line count, changes
   only lines that hold a finding, and still parses: with libcst, and with
   ``ast`` in this Python and in the tree's own Python (found beside a
   ``lib/pythonX.Y`` tree) whenever they parse the original;
3. ``--fix`` again: changes nothing;
4. check again: no finding is left, and the same errors as in step 1.

Every input error is listed and judged by the tree's own CPython (else by
this one): an error on a file that CPython compiles is a violation, except
``nested too deeply``, a documented limit. The command skips directories such
as ``build`` or ``site-packages`` when it walks a tree, as it should in a
project; the campaign names those directories on the command line too, so
that every ``.py`` file of the tree is checked.

A run that crashes (a traceback, a signal, an unknown exit status, output
that is not JSON) or hangs (``--timeout``) is bisected to the file that causes
it; that file is set aside and the tree is run again.

Exit status: 0 when every invariant held, 1 when one was violated or a run
crashed, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import os
import re
import shutil
import site
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import tokenize
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional, TextIO

import flake8_fstring_regex
from bench._cli import OneLineErrorParser, positive_seconds
from flake8_fstring_regex.files import discover, skipped_directory

PROG = "python -m bench.corpus_campaign"
TOOL: tuple[str, ...] = (sys.executable, "-m", "flake8_fstring_regex")
# Directories left out of a copy: bytecode, and (directly inside a standard
# library) the site-packages tree, which is a corpus of its own.
_NEVER_COPIED = frozenset({"__pycache__"})
_NESTED_CORPORA = frozenset({"site-packages", "dist-packages"})
# An input error the command may report on a file CPython compiles.
_KNOWN_LIMITS = ("nested too deeply",)
_MAX_RESTARTS = 5

_ERROR_LINE = re.compile(r"^(?P<path>.+?): error: (?P<reason>.+)$")
_REWRITING = re.compile(r"^Rewriting (?P<path>.+)$")
_NUMBER = re.compile(r"(?<![\w-])(?:0x[0-9a-fA-F]+|\d+(?::\d+)?)(?![\w])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Run by a (possibly different) CPython: compile each file named on stdin to
# an ast, as that interpreter would, and print one verdict per file.
_COMPILE_SCRIPT = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
verdicts = {}
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as handle:
            compile(handle.read(), path, "exec", 1024, True)
        verdicts[path] = None
    except Exception as error:
        text = str(error).strip().splitlines()
        verdicts[path] = type(error).__name__ + (": " + text[0] if text else "")
sys.stdout.write(json.dumps(verdicts))
"""


# ---------------------------------------------------------------- reports


@dataclass
class FindingRecord:
    """One finding of the first check, with its source line."""

    path: str
    line: int
    column: int
    code: str
    message: str
    replacement: str
    snippet: str


@dataclass
class ErrorRecord:
    """One ``PATH: error: reason`` line of the first check, and a CPython's verdict."""

    path: str
    reason: str
    judge: str = ""  # the CPython that compiled the file
    compiles: Optional[bool] = None  # None: not judged
    compile_error: str = ""
    legitimate: Optional[bool] = None


@dataclass
class Violation:
    """An invariant that did not hold."""

    kind: str
    detail: str
    path: str = ""


@dataclass
class Crash:
    """A run that crashed or hung, and the file(s) it was bisected to."""

    phase: str
    reason: str
    files: list[str]


@dataclass
class CorpusReport:
    """Everything the campaign learnt about one tree."""

    root: str
    python: str = ""  # the tree's own CPython, when found
    files: int = 0  # .py files in the copy
    checked: int = 0  # of those, reached by the command
    not_reached: list[str] = field(default_factory=list)
    named_only: list[str] = field(default_factory=list)  # skipped by the command's walk
    findings: list[FindingRecord] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.violations or self.crashes)


# ------------------------------------------------------------ file system


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def copy_corpus(source: Path, target: Path, leave_out: Iterable[str] = ()) -> None:
    """Copy the tree ``source`` to ``target``, never linking out of it.

    Regular files are copied with their mode; a symbolic link that stays
    inside the tree is kept (relative); a link to a file outside it becomes a
    copy of that file (``--fix`` follows links and must not write outside the
    copy); links to outside directories, dangling links and special files are
    left out. ``leave_out`` names files (relative paths) set aside.
    """
    skipped = set(leave_out)
    real_source = os.path.realpath(source)
    for dirpath, dirnames, filenames in os.walk(real_source):
        relative_dir = os.path.relpath(dirpath, real_source)
        destination = target / relative_dir
        destination.mkdir(parents=True, exist_ok=True)
        descend = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if name in _NEVER_COPIED or (relative_dir == "." and name in _NESTED_CORPORA):
                continue
            if os.path.islink(full):
                _copy_link(full, destination / name, real_source)
            else:
                descend.append(name)
        dirnames[:] = descend
        for name in filenames:
            full = os.path.join(dirpath, name)
            if os.path.normpath(os.path.join(relative_dir, name)) in skipped:
                continue
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                _copy_link(full, destination / name, real_source)
            elif stat.S_ISREG(mode):
                shutil.copy2(full, destination / name)


def _copy_link(link: str, destination: Path, real_source: str) -> None:
    resolved = os.path.realpath(link)
    if _within(resolved, real_source) and os.path.exists(resolved):
        os.symlink(os.path.relpath(resolved, os.path.dirname(link)), destination)
    elif os.path.isfile(resolved):
        shutil.copy2(resolved, destination)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root``: its kind, mode and content hash (or link target)."""
    entries: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            relative = os.path.relpath(full, root)
            status = os.lstat(full)
            mode = stat.S_IMODE(status.st_mode)
            if stat.S_ISLNK(status.st_mode):
                entries[relative] = "link " + os.readlink(full)
            elif stat.S_ISDIR(status.st_mode):
                entries[relative] = f"dir {mode:o}"
            elif stat.S_ISREG(status.st_mode):
                digest = hashlib.sha256()
                with open(full, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                entries[relative] = f"file {mode:o} {digest.hexdigest()}"
            else:
                entries[relative] = "other"
    return entries


def python_files(entries: dict[str, str], root: Path) -> list[str]:
    """The ``.py`` files of a snapshot (links to files included)."""
    return sorted(
        path
        for path, entry in entries.items()
        if path.endswith(".py")
        and (entry.startswith("file ") or (entry.startswith("link ") and (root / path).is_file()))
    )


def command_roots(root: Path, every_file: bool = True) -> list[str]:
    """The paths given to the command: the tree, and (``every_file``) each
    directory its walk would skip, so that every ``.py`` file is checked."""
    roots = [str(root)]
    if every_file:
        for dirpath, dirnames, _ in os.walk(root):
            for name in sorted(dirnames):
                full = os.path.join(dirpath, name)
                if not os.path.islink(full) and skipped_directory(full, name):
                    roots.append(full)
    return roots


def read_lines(data: bytes) -> list[str]:
    """Source lines as Python numbers them (decoded as Python would, leniently)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding, "replace")
    except (SyntaxError, LookupError):
        text = data.decode("utf-8", "replace")
    return _LINE_BREAK.split(text.lstrip("\ufeff"))


def _snippet(lines: Sequence[str], number: int, width: int = 120) -> str:
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    return text if len(text) <= width else text[: width - 3] + "..."


def reason_kind(reason: str) -> str:
    """An error reason with its numbers (bytes, offsets, positions) blanked."""
    return _NUMBER.sub("N", reason)


# ------------------------------------------------------- running processes


@dataclass
class Outcome:
    """One run of the command, read."""

    args: list[str]
    status: Optional[int]  # None: killed after the timeout
    seconds: float
    findings: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # relative path -> reason
    rewritten: list[str] = field(default_factory=list)
    stray_lines: list[str] = field(default_factory=list)
    crash: str = ""


def _environment() -> dict[str, str]:
    """This process's environment, with the package the campaign imported first
    on the path: the subprocess runs the same code."""
    package_parent = str(Path(flake8_fstring_regex.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_parent, env.get("PYTHONPATH", "")) if p
    )
    env.pop("PYTHONWARNINGS", None)
    return env


def run_command(
    command: Sequence[str],
    args: Sequence[str],
    root: Path,
    *,
    cwd: Path,
    timeout: float,
    expect_json: bool,
) -> Outcome:
    """Run the command with ``args`` on the tree ``root`` and read what it said."""
    argv = [*command, *args, *command_roots(root)]
    start = time.perf_counter()
    try:
        process = subprocess.run(
            argv,
            cwd=cwd,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - start
        return Outcome(list(args), None, seconds, crash=f"hung: no exit after {timeout:g} s")
    outcome = Outcome(list(args), process.returncode, time.perf_counter() - start)
    stdout = process.stdout.decode("utf-8", "surrogateescape")
    stderr = process.stderr.decode("utf-8", "surrogateescape")

    real_root = os.path.realpath(root)

    def relative(path: str) -> str:
        # A file reached through a link is named by the file it links to.
        real = os.path.realpath(path)
        return os.path.relpath(real if _within(real, real_root) else path, real_root)

    for line in stderr.splitlines():
        error = _ERROR_LINE.match(line)
        rewriting = _REWRITING.match(line)
        if error and os.path.isabs(error.group("path")):
            outcome.errors[relative(error.group("path"))] = error.group("reason")
        elif rewriting and os.path.isabs(rewriting.group("path")):
            outcome.rewritten.append(relative(rewriting.group("path")))
        elif line.strip():
            outcome.stray_lines.append(line)
    if "Traceback (most recent call last)" in stderr:
        last = [line for line in stderr.splitlines() if line.strip()][-1]
        outcome.crash = f"traceback: {last.strip()}"
    elif process.returncode < 0:
        outcome.crash = f"killed by signal {-process.returncode}"
    elif process.returncode not in (0, 1, 2):
        outcome.crash = f"exit status {process.returncode}"
    elif expect_json:
        try:
            findings = json.loads(stdout)
        except ValueError:
            outcome.crash = "stdout is not JSON"
        else:
            if not isinstance(findings, list):
                outcome.crash = "stdout is not a JSON array"
            else:
                for finding in findings:
                    finding["path"] = relative(finding["path"])
                outcome.findings = findings
    return outcome


def compile_verdicts(python: str, paths: Sequence[str], timeout: float) -> dict[str, Optional[str]]:
    """For each file, None when ``python`` compiles it to an ast, else why not.

    A file missing from the answer could not be judged (that CPython crashed).
    """
    if not paths:
        return {}
    try:
        process = subprocess.run(
            [python, "-I", "-c", _COMPILE_SCRIPT],
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


def parses_with_ast(data: bytes) -> Optional[str]:
    """None when this Python's ``ast`` parses ``data``, else why not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except Exception as error:
            return f"{type(error).__name__}: {error}"
    return None


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


# --------------------------------------------------------------- the campaign


class _Restart(Exception):
    """A run crashed and was bisected: set the culprits aside and start over."""


class CorpusCampaign:
    """The four runs over one tree, and the checks between them."""

    def __init__(
        self,
        root: Path,
        workdir: Path,
        *,
        command: Sequence[str] = TOOL,
        timeout: float = 1800.0,
        judge: bool = True,
    ) -> None:
        self.source = root
        self.workdir = workdir
        self.command = list(command)
        self.timeout = timeout
        self.report = CorpusReport(root=str(root))
        self.python = corpus_python(root) if judge else None
        self.judge = judge
        self.report.python = self.python or ""
        self._scratch = 0
        self._files: list[str] = []  # the .py files of the copy, relative

    # -- helpers

    def _violation(self, kind: str, detail: str, path: str = "") -> None:
        self.report.violations.append(Violation(kind, detail, path))

    def _fresh_dir(self, stem: str) -> Path:
        self._scratch += 1
        directory = self.workdir / f"{stem}-{self._scratch}"
        directory.mkdir(parents=True)
        return directory

    def _run(self, copy: Path, args: Sequence[str], phase: str, source: Path) -> Outcome:
        """Run one phase; on a crash, bisect it to its file(s) and restart."""
        outcome = run_command(
            self.command, args, copy, cwd=self.workdir, timeout=self.timeout,
            expect_json="--fix" not in args,
        )
        if outcome.crash:
            culprits = self._bisect(list(self._files), args, source)
            self.report.crashes.append(Crash(phase, outcome.crash, culprits))
            if not culprits:
                raise _Restart(None)
            raise _Restart(culprits)
        for line in outcome.stray_lines:
            self._violation("unexpected stderr line", f"{phase}: {line}")
        return outcome

    def _crashes(self, files: Sequence[str], args: Sequence[str], source: Path) -> bool:
        scratch = self._fresh_dir("bisect")
        try:
            for relative in files:
                (scratch / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / relative, scratch / relative)
            outcome = run_command(
                self.command, args, scratch, cwd=self.workdir, timeout=self.timeout,
                expect_json="--fix" not in args,
            )
            return bool(outcome.crash)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _bisect(self, files: list[str], args: Sequence[str], source: Path) -> list[str]:
        """The smallest run of files found that still crashes ([] if none does)."""
        if not self._crashes(files, args, source):
            return []
        while len(files) > 1:
            middle = len(files) // 2
            if self._crashes(files[:middle], args, source):
                files = files[:middle]
            elif self._crashes(files[middle:], args, source):
                files = files[middle:]
            else:
                break  # it takes files from both halves
        return files

    def _expect_status(self, outcome: Outcome, phase: str, changed: bool) -> None:
        expected = 2 if outcome.errors else (1 if changed else 0)
        if outcome.status != expected:
            self._violation(
                "exit status", f"{phase}: exit status {outcome.status}, expected {expected}"
            )

    # -- the campaign

    def run(self) -> CorpusReport:
        start = time.perf_counter()
        for _ in range(_MAX_RESTARTS + 1):
            copy = self._fresh_dir("corpus")
            copy_corpus(self.source, copy, self.report.set_aside)
            try:
                self._campaign(copy)
                break
            except _Restart as restart:
                culprits = restart.args[0]
                if not culprits:
                    break  # not reproducible file by file: reported, nothing to set aside
                self.report.set_aside += culprits
                self._reset()
            finally:
                shutil.rmtree(copy, ignore_errors=True)
        self.report.seconds = time.perf_counter() - start
        return self.report

    def _reset(self) -> None:
        """Forget a partial run; crashes and files set aside are kept."""
        kept = (self.report.crashes, self.report.set_aside)
        self.report = CorpusReport(root=self.report.root, python=self.report.python)
        self.report.crashes, self.report.set_aside = kept

    def _campaign(self, copy: Path) -> None:
        report = self.report
        before = snapshot(copy)
        files = self._files = python_files(before, copy)
        report.files = len(files)
        reached = {
            os.path.relpath(os.path.realpath(path), os.path.realpath(copy))
            for path in discover(command_roots(copy))
        }
        linked = {f for f in files if os.path.islink(copy / f)}
        report.not_reached = [f for f in files if f not in reached and f not in linked]
        report.checked = report.files - len(report.not_reached)
        walked = {
            os.path.relpath(os.path.realpath(path), os.path.realpath(copy))
            for path in discover([str(copy)])
        }
        report.named_only = sorted(reached - walked)

        check = self._run(copy, ["--format", "json"], "check", self.source)
        self._expect_status(check, "check", bool(check.findings))
        self._record_findings(copy, check)
        self._record_errors(check)
        with_findings = {f["path"] for f in check.findings}

        fix = self._run(copy, ["--fix"], "fix", self.source)
        after_fix = snapshot(copy)
        self._expect_status(fix, "fix", bool(fix.rewritten))
        changed = self._compare(before, after_fix, "fix")
        report.rewritten = sorted(changed)
        for path in sorted(changed - with_findings):
            self._violation("rewrote a file without findings", "first --fix", path)
        for path in sorted(set(fix.rewritten) ^ changed):
            self._violation(
                "'Rewriting' lines disagree with the files changed", "first --fix", path
            )
        refused = {p for p in fix.errors if p not in check.errors}
        for path in sorted(refused):
            self._violation("fix refused", fix.errors[path], path)
        for path in sorted(with_findings - changed - refused):
            self._violation("findings left unfixed without an error", "first --fix", path)
        self._same_errors(check, fix, "first --fix")
        self._check_rewritten(copy, sorted(changed & with_findings), check.findings)

        again = self._run(copy, ["--fix"], "second fix", copy)
        after_again = snapshot(copy)
        self._expect_status(again, "second fix", bool(again.rewritten))
        for path in sorted(self._compare(after_fix, after_again, "second fix")):
            self._violation("second --fix changed a file", "", path)
        for path in again.rewritten:
            self._violation("second --fix announced a rewrite", "", path)
        self._same_errors(fix, again, "second --fix")

        recheck = self._run(copy, ["--format", "json"], "check after fix", copy)
        self._expect_status(recheck, "check after fix", bool(recheck.findings))
        for finding in recheck.findings:
            if finding["path"] not in refused:
                self._violation(
                    "finding left after --fix",
                    f"{finding['line']}:{finding['column']} {finding['code']}",
                    finding["path"],
                )
        self._same_errors(check, recheck, "check after fix")

    def _compare(self, before: dict[str, str], after: dict[str, str], phase: str) -> set[str]:
        """The files whose content changed; appearing, vanishing or mode changes are violations."""
        changed: set[str] = set()
        for path in sorted(set(before) | set(after)):
            old, new = before.get(path), after.get(path)
            if old == new:
                continue
            if old is None:
                self._violation("file appeared", phase, path)
            elif new is None:
                self._violation("file vanished", phase, path)
            elif old.split(" ")[:2] != new.split(" ")[:2]:
                self._violation("kind or mode changed", f"{phase}: {old[:12]} -> {new[:12]}", path)
            else:
                changed.add(path)
        return changed

    def _same_errors(self, first: Outcome, second: Outcome, phase: str) -> None:
        for path in sorted(set(first.errors) - set(second.errors)):
            self._violation("error not reported again", f"{phase}: {first.errors[path]}", path)
        for path in sorted(set(second.errors) - set(first.errors)):
            if not second.errors[path].startswith("the fix would"):
                self._violation("new error", f"{phase}: {second.errors[path]}", path)

    def _record_findings(self, copy: Path, check: Outcome) -> None:
        lines: dict[str, list[str]] = {}
        for finding in check.findings:
            path = finding["path"]
            if path not in lines:
                lines[path] = read_lines((copy / path).read_bytes())
            self.report.findings.append(
                FindingRecord(
                    path=path,
                    line=int(finding["line"]),
                    column=int(finding["column"]),
                    code=str(finding["code"]),
                    message=str(finding["message"]),
                    replacement=str(finding["replacement"]),
                    snippet=_snippet(lines[path], int(finding["line"])),
                )
            )

    def _record_errors(self, check: Outcome) -> None:
        judge = self.python or sys.executable
        paths = {rel: str(self.source / rel) for rel in check.errors}
        verdicts = (
            compile_verdicts(judge, sorted(paths.values()), self.timeout) if self.judge else {}
        )
        for relative, reason in sorted(check.errors.items()):
            record = ErrorRecord(relative, reason)
            if paths[relative] in verdicts:
                verdict = verdicts[paths[relative]]
                record.judge = judge
                record.compiles = verdict is None
                record.compile_error = verdict or ""
                record.legitimate = not record.compiles or any(
                    limit in reason for limit in _KNOWN_LIMITS
                )
                if not record.legitimate:
                    self._violation("error on a file CPython compiles", reason, relative)
            self.report.errors.append(record)

    def _check_rewritten(
        self, copy: Path, paths: Sequence[str], findings: Sequence[dict[str, Any]]
    ) -> None:
        """A rewritten file parses wherever its original did, and only finding lines changed."""
        lines_with_findings: dict[str, set[int]] = {}
        for finding in findings:
            lines_with_findings.setdefault(finding["path"], set()).add(int(finding["line"]))
        judges = [sys.executable] + ([self.python] if self.python else [])
        originals = [str(self.source / p) for p in paths]
        fixed = [str(copy / p) for p in paths]
        verdicts = {
            python: compile_verdicts(python, originals + fixed, self.timeout)
            for python in (judges if self.judge else [])
        }
        for relative, original_path, fixed_path in zip(paths, originals, fixed):
            old, new = Path(original_path).read_bytes(), Path(fixed_path).read_bytes()
            problem = parses_with_libcst(new)
            if problem:
                self._violation("rewritten file does not parse with libcst", problem, relative)
            if parses_with_ast(old) is None and parses_with_ast(new) is not None:
                self._violation(
                    "rewritten file does not parse with ast", str(parses_with_ast(new)), relative
                )
            for python, answer in verdicts.items():
                if answer.get(original_path, "?") is None and answer.get(fixed_path) is not None:
                    self._violation(
                        f"rewritten file does not compile with {python}",
                        str(answer.get(fixed_path, "not judged")),
                        relative,
                    )
            old_lines, new_lines = read_lines(old), read_lines(new)
            if len(old_lines) != len(new_lines):
                self._violation(
                    "rewrite changed the line count",
                    f"{len(old_lines)} -> {len(new_lines)}",
                    relative,
                )
                continue
            touched = {n for n, (a, b) in enumerate(zip(old_lines, new_lines), 1) if a != b}
            allowed = literal_first_lines(old, lines_with_findings.get(relative, set()))
            outside = sorted(touched - allowed)
            if outside:
                self._violation(
                    "rewrite changed lines without a finding",
                    "lines " + ", ".join(map(str, outside)),
                    relative,
                )


def run_campaign(
    roots: Sequence[Path],
    *,
    workdir: Path,
    command: Sequence[str] = TOOL,
    timeout: float = 1800.0,
    judge: bool = True,
    out: Optional[TextIO] = None,
) -> list[CorpusReport]:
    """Run the campaign over each tree in turn, printing each summary as it ends."""
    reports = []
    workdir = Path(os.path.realpath(workdir))
    for root in roots:
        campaign = CorpusCampaign(root, workdir, command=command, timeout=timeout, judge=judge)
        report = campaign.run()
        reports.append(report)
        if out is not None:
            out.write(summary(report))
            out.flush()
    return reports


# ------------------------------------------------------------------ output


def summary(report: CorpusReport) -> str:
    """The lines printed for one tree."""
    codes = Counter(f.code for f in report.findings)
    files_with = len({f.path for f in report.findings})
    lines = [f"== {report.root}"]
    if report.python:
        lines.append(f"   errors judged by: {report.python}")
    lines += [
        f"   files:      {report.files} .py ({report.checked} checked,"
        f" {len(report.not_reached)} not reached, {len(report.set_aside)} set aside;"
        f" {len(report.named_only)} only because their directory was named)",
        f"   findings:   {len(report.findings)} in {files_with} file(s)"
        + (" (" + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())) + ")" if codes else ""),
        f"   rewritten:  {len(report.rewritten)}",
        f"   errors:     {len(report.errors)}",
    ]
    by_kind = Counter(reason_kind(e.reason) for e in report.errors)
    for kind, count in sorted(by_kind.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"      {count:5d}  {kind}")
    lines += [
        f"   violations: {len(report.violations)}",
        f"   crashes:    {len(report.crashes)}",
        f"   time:       {report.seconds:.1f} s",
    ]
    for finding in report.findings:
        lines.append(
            f"   finding  {finding.path}:{finding.line}:{finding.column}: {finding.code}"
            f"  {finding.snippet}"
        )
    for error in report.errors:
        verdict = {
            None: "not judged",
            True: "CPython compiles it",
            False: f"CPython rejects it too ({error.compile_error})",
        }[error.compiles]
        lines.append(f"   error    {error.path}: {error.reason}  [{verdict}]")
    for path in report.not_reached:
        lines.append(f"   not reached  {path}")
    for crash in report.crashes:
        culprits = ", ".join(crash.files) or "not reproducible on a subset"
        lines.append(f"   CRASH    {crash.phase}: {crash.reason}; file(s): {culprits}")
    for violation in report.violations:
        where = f"{violation.path}: " if violation.path else ""
        lines.append(f"   VIOLATION  {where}{violation.kind}: {violation.detail}")
    return "\n".join(lines) + "\n"


def totals(reports: Sequence[CorpusReport]) -> str:
    """The closing line."""
    return (
        f"== total: {len(reports)} tree(s), {sum(r.files for r in reports)} .py files,"
        f" {sum(len(r.findings) for r in reports)} findings,"
        f" {sum(len(r.rewritten) for r in reports)} rewritten,"
        f" {sum(len(r.errors) for r in reports)} errors,"
        f" {sum(len(r.violations) for r in reports)} violations,"
        f" {sum(len(r.crashes) for r in reports)} crashes,"
        f" {sum(r.seconds for r in reports):.1f} s\n"
    )


def json_document(reports: Sequence[CorpusReport]) -> dict[str, Any]:
    """Everything, for tools."""
    return {
        "python": sys.version.split()[0],
        "failed": any(r.failed for r in reports),
        "corpora": [asdict(r) for r in reports],
    }


# --------------------------------------------------------------- the command


def default_roots() -> list[Path]:
    """This Python's standard library and its site-packages trees."""
    candidates = [sysconfig.get_paths()["stdlib"]]
    candidates += [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    try:
        candidates += site.getsitepackages()
    except AttributeError:  # an old virtualenv's site module
        pass
    roots: list[Path] = []
    seen: set[str] = set()
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.isdir(real) and real not in seen:
            seen.add(real)
            roots.append(Path(candidate))
    return roots


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog=PROG,
        description="Run flake8-fstring-regex (check, --fix, --fix again, check) over copies "
        "of whole source trees and check its invariants.",
        epilog="Exit status: 0 every invariant held, 1 one was violated or a run crashed, "
        "2 bad usage.",
    )
    parser.add_argument(
        "roots", nargs="*", type=Path, metavar="DIR",
        help="source trees (default: this Python's standard library and site-packages)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the full report as JSON")
    parser.add_argument(
        "--timeout", type=positive_seconds, default=1800.0, metavar="S",
        help="seconds one run of the command may take before it counts as hung (default 1800)",
    )
    parser.add_argument(
        "--workdir", type=Path, metavar="DIR",
        help="where the copies go (default: a new temporary directory, removed afterwards)",
    )
    parser.add_argument(
        "--no-judge", dest="judge", action="store_false",
        help="do not compile files with CPython to judge errors and rewritten files",
    )
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = build_parser().parse_args(argv)
    roots: list[Path] = options.roots or default_roots()
    for root in roots:
        if not root.is_dir():
            print(f"{PROG}: error: not a directory: {root}", file=sys.stderr)
            return 2
    if options.workdir is not None:
        options.workdir.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="campaign-", dir=options.workdir))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="fsr-campaign-"))
    workdir = Path(os.path.realpath(workdir))
    try:
        reports = run_campaign(
            [root.absolute() for root in roots],
            workdir=workdir,
            timeout=options.timeout,
            judge=options.judge,
            out=sys.stdout,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.write(totals(reports))
    if options.json is not None:
        options.json.write_text(json.dumps(json_document(reports), indent=2) + "\n")
    return 1 if any(report.failed for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
