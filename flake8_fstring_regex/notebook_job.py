"""One notebook's job: the command line's check, fix or diff of a
``.ipynb`` file, through the same pipeline as a ``.py`` file (the cells
joined into one module), its findings reported per cell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flake8_fstring_regex.analysis import Analysis, analyse
from flake8_fstring_regex.diff import unified_diff
from flake8_fstring_regex.notebook import Notebook, read, syntax_error
from flake8_fstring_regex.process import Outcome, _describe, _fixed_reports, _reports
from flake8_fstring_regex.source import InputError

if TYPE_CHECKING:
    from flake8_fstring_regex.process import Job


def process_notebook(name: str, data: bytes, job: Job) -> Outcome:
    """Check, fix or diff one notebook held in memory; never raises.

    A fix rewrites only the changed cells' sources; a notebook that cannot
    be read, or whose cells do not parse even with their IPython lines
    masked, is one error line.
    """
    outcome = Outcome(name)
    try:
        notebook = read(data)
        error = syntax_error(notebook) if notebook.module else None
        if error is not None:
            outcome.error = error
            return outcome
        analysis = analyse(
            notebook.module.encode("utf-8"), places=job.places,
            select=job.settings.codes_for(name),
        )
        outcome.reports = _cell_reports(name, notebook, analysis)
        if job.mode == "check":
            return outcome
        result = analysis.fix(unsafe=job.unsafe_fixes)
        outcome.fixed = result.fixed
        remaining = _cell_reports(name, notebook, result.final)
        outcome.fixed_reports = _fixed_reports(outcome.reports, remaining)
        outcome.reports = remaining
        fixed = data
        if result.data != analysis.data:
            fixed = notebook.rewrite(result.data.decode("utf-8"))
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
            outcome.diff = _diff(name, data, fixed)
    return outcome


def _cell_reports(name: str, notebook: Notebook, analysis: Analysis) -> list[dict[str, Any]]:
    """The command's reports, with lines counted in each finding's cell and
    the cell's number beside them."""
    reports = []
    for report in _reports(name, analysis):
        cell, _ = notebook.locate(report["line"])
        mapped: dict[str, Any] = {}
        for key, value in report.items():
            if key == "line":
                mapped["cell"] = cell
            mapped[key] = notebook.locate(value)[1] if key in ("line", "end_line") else value
        for edit in (mapped.get("fix") or {}).get("edits", ()):
            for place in ("start", "end"):
                edit[place] = {**edit[place], "line": notebook.locate(edit[place]["line"])[1]}
        reports.append(mapped)
    return reports


def _diff(name: str, before: bytes, after: bytes) -> bytes:
    """What --fix would write, as a patch of the notebook's bytes that
    ``git apply`` and ``patch`` accept (see diff.py)."""
    return unified_diff(name, before, after)
