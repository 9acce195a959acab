"""One file's job, and the pool that runs it on every core.

Worker processes only read and compute: ``process_file`` never writes. The
main process writes each fixed file (``write_outcome``) as its outcome comes
back, so a stop signal, which only the main process acts on, can always
keep a file from being written (see stop.py), and a worker that outlives
it by a moment can do no harm.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

from flake8_fstring_regex.analysis import Analysis, analyse
from flake8_fstring_regex.config import Settings
from flake8_fstring_regex.diff import unified_diff
from flake8_fstring_regex.files import Snapshot, read_with_snapshot
from flake8_fstring_regex.names import show_path
from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.source import InputError, LineStarts, decode_source

if TYPE_CHECKING:
    from flake8_fstring_regex.fix import PlannedFix
    from flake8_fstring_regex.regex_calls import RegexPlaces


class Job(NamedTuple):
    """What to do with each file: ``mode`` is check, fix or diff; the
    settings say which codes each file reports."""

    mode: str = "check"
    settings: Settings = Settings()
    places: Optional[RegexPlaces] = None
    unsafe_fixes: bool = False  # --fix and --diff also apply unsafe fixes


class Outcome:
    """What happened to one file; printing is the caller's."""

    def __init__(
        self,
        name: str,
        *,
        reports: Optional[list[dict[str, Any]]] = None,
        error: Optional[str] = None,
    ) -> None:
        self.name = name
        self.reports: list[dict[str, Any]] = reports if reports is not None else []
        self.error = error
        self.changed = False
        self.fixed = 0  # findings fixed
        # The findings --fix fixed (or --diff would fix), as reported before.
        self.fixed_reports: list[dict[str, Any]] = []
        self.fixed_source: Optional[bytes] = None  # for standard input, or to be written
        self.diff = b""
        # What the file was when read, carried with a fix the main process writes.
        self.original: Optional[bytes] = None
        self.snapshot: Optional[Snapshot] = None

    def __repr__(self) -> str:
        return f"Outcome({self.name!r}, error={self.error!r}, changed={self.changed})"


def _reports(name: str, analysis: Analysis) -> list[dict[str, Any]]:
    if not analysis.findings:
        return []  # most files: no line table to build
    fixes = {id(f): fix for fix in analysis.fixes() for f in fix.findings}
    starts = LineStarts(analysis.text)
    reports = []
    for finding in analysis.findings:
        fix = fixes.get(id(finding))
        reports.append({
            "path": show_path(name),
            "line": finding.line,
            "column": finding.column + 1,
            "end_line": finding.end_line,
            "end_column": finding.end_column + 1,
            "code": finding.code,
            "message": finding.message.split(" ", 1)[1],
            "evidence": finding.evidence,
            "replacement": finding.edit.text if finding.edit else None,
            "fix": None if fix is None else _fix(fix, starts),
        })
    return reports


def _fix(fix: PlannedFix, starts: LineStarts) -> dict[str, Any]:
    """The JSON of a fix: its applicability and the edit --fix writes; a fix
    that a later pass makes (its literal sits in another one this pass
    rewrites) has no edit yet, and says so."""
    if fix.later:
        return {"applicability": fix.applicability, "edits": [], "later_pass": True}
    return {
        "applicability": fix.applicability,
        "edits": [{
            "start": _place(starts, fix.begin),
            "end": _place(starts, fix.end),
            "content": fix.new,
        }],
    }


def _place(starts: LineStarts, offset: int) -> dict[str, int]:
    """A JSON position: 1-based line and column (in characters)."""
    line = starts.line_of(offset)
    return {"line": line, "column": offset - starts.start_of(line) + 1}


def _fixed_reports(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The reports of ``before`` that ``after`` no longer holds. A fix never
    adds or removes a line, so a finding keeps its cell (in a notebook),
    line, code and message (its column may move)."""
    remaining = Counter((r.get("cell"), r["line"], r["code"], r["message"]) for r in after)
    fixed = []
    for report in before:
        key = (report.get("cell"), report["line"], report["code"], report["message"])
        if remaining[key]:
            remaining[key] -= 1
        else:
            fixed.append(report)
    return fixed


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def process_source(name: str, data: bytes, job: Job) -> Outcome:
    """Check, fix or diff one source held in memory; never raises."""
    if name.endswith(".ipynb"):
        from flake8_fstring_regex.notebook_job import process_notebook

        return process_notebook(name, data, job)
    outcome = Outcome(name)
    try:
        analysis = analyse(data, places=job.places, select=job.settings.codes_for(name))
        # Until a fix is made, every finding remains.
        outcome.reports = _reports(name, analysis)
        if job.mode == "check":
            return outcome
        result = analysis.fix(unsafe=job.unsafe_fixes)
        fixed, outcome.fixed = result.data, result.fixed
        # What --fix leaves (unsafe, or with no proven fix) is still reported.
        remaining = _reports(name, result.final)
        outcome.fixed_reports = _fixed_reports(outcome.reports, remaining)
        outcome.reports = remaining
    except InputError as error:
        outcome.error = str(error)
        return outcome
    except Exception as error:  # FixFailure, and anything unforeseen
        outcome.error = _describe(error)
        return outcome
    if fixed != data:
        outcome.changed = True
        outcome.fixed_source = fixed
        if job.mode == "diff":
            outcome.diff = unified_diff(name, data, fixed)
    return outcome


def process_file(path: str, job: Job) -> Outcome:
    """Read, then check, fix or diff one file; never raises, never writes.
    A fix comes back in ``fixed_source`` for ``write_outcome``."""
    try:
        data, snapshot = read_with_snapshot(path)
    except InputError as error:
        return Outcome(path, error=str(error))
    outcome = process_source(path, data, job)
    if job.mode == "fix" and outcome.fixed_source is not None:
        outcome.original, outcome.snapshot = data, snapshot
    else:
        outcome.fixed_source = None  # not needed: don't carry it back
    return outcome


def write_outcome(outcome: Outcome) -> Outcome:
    """Write the fix ``process_file`` computed (main process only)."""
    if outcome.fixed_source is None or outcome.snapshot is None or outcome.original is None:
        return outcome
    from flake8_fstring_regex.write import replace_contents

    try:
        replace_contents(outcome.name, outcome.snapshot, outcome.original, outcome.fixed_source)
    except InputError as error:  # nothing written: every finding remains
        every = sorted(
            outcome.fixed_reports + outcome.reports,
            key=lambda r: (r.get("cell", 0), r["line"], r["column"]),
        )
        return Outcome(outcome.name, reports=every, error=str(error))
    outcome.fixed_source = outcome.original = None
    outcome.snapshot = None
    return outcome


# Worker processes pay off only when the files the text gate lets through
# hold this much text (bench/README.md, "-j"): starting the pool costs
# tens of milliseconds, the files past the gate about a second a megabyte.
WORKER_BYTES = 256 * 1024


def _cleared(path: str, job: Job) -> tuple[Optional[Outcome], int]:
    """The outcome of a file the text gate clears (nothing to report, fix
    or show) or that cannot be read, else None: it needs the whole job;
    and the file's size."""
    if path.endswith(".ipynb"):
        try:  # notebooks: read in the workers
            return None, os.path.getsize(path)
        except OSError:
            return None, 0
    try:
        data, _ = read_with_snapshot(path)
        text, _ = decode_source(data)
    except InputError as error:
        return Outcome(path, error=str(error)), 0
    return (None if candidate_lines(text, job.places) else Outcome(path)), len(data)


def process_files(paths: Sequence[str], job: Job, jobs: int) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, on ``jobs`` processes when > 1.
    A fix is not written yet: the caller passes each outcome to
    ``write_outcome`` (in ``stop.no_stop()``, with its report, so that a file
    is never written without being reported).

    With ``jobs`` > 1 the text gate runs here first, and only the files it
    lets through go to the workers, when they are several and hold enough
    text to pay for starting the workers (most trees have a few small ones)."""
    if jobs <= 1:
        yield from (process_file(path, job) for path in paths)
        return
    read = [_cleared(path, job) for path in paths]
    cleared = [outcome for outcome, _ in read]
    pending = [path for path, outcome in zip(paths, cleared) if outcome is None]
    pending_bytes = sum(size for outcome, size in read if outcome is None)
    if len(pending) < 2 or pending_bytes < WORKER_BYTES:
        for path, outcome in zip(paths, cleared):
            yield outcome if outcome is not None else process_file(path, job)
        return
    from functools import partial

    from flake8_fstring_regex.pool import Pool

    with Pool(jobs) as pool:
        results = pool.map(partial(process_file, job=job), pending)
        for outcome in cleared:
            yield outcome if outcome is not None else next(results)
