"""Report formats: the command's report dicts as text, JSON, JSON Lines,
GitHub workflow commands, GitLab Code Quality and SARIF 2.1.0.

A report dict (``process._reports``) holds ``path``, ``line`` and
``column`` (1-based, as printed), ``end_line`` and ``end_column`` (1-based,
just past the finding), ``code``, ``message``, ``evidence``,
``replacement``, and ``fix``: None, or ``applicability`` and ``edits``,
each with ``start`` and ``end`` (``line`` and ``column``, 1-based, the end
exclusive) and ``content``. Streamed formats print one file's reports as
soon as it is done; whole documents are written once, at the end.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Optional

Report = dict[str, Any]

FORMATS = ("text", "json", "json-lines", "github", "gitlab", "sarif")
STREAMED = ("text", "json-lines", "github")

TOOL = "flake8-fstring-regex"
INFORMATION_URI = "https://pypi.org/project/flake8-fstring-regex/"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def lines(output_format: str, reports: Iterable[Report]) -> Iterator[str]:
    """One line per report, for the streamed formats."""
    line = {"text": text_line, "json-lines": json_line, "github": github_line}[output_format]
    return (line(report) for report in reports)


def document(output_format: str, reports: Sequence[Report]) -> str:
    """The whole report as one document, for the other formats."""
    import json

    if output_format == "json":
        return json.dumps(list(reports), indent=2) + "\n"
    if output_format == "gitlab":
        return json.dumps(gitlab(reports), indent=2) + "\n"
    if output_format == "sarif":
        return json.dumps(sarif(reports), indent=2) + "\n"
    raise ValueError(f"{output_format} is a streamed format")


# -- text and JSON Lines -----------------------------------------------------


def fix_status(report: Report) -> str:
    """What the text output says after a finding's message about its fix."""
    fix = report.get("fix")
    if fix is None:
        return " (no safe fix)"
    later = " by a later pass" if fix.get("later_pass") else ""
    if fix["applicability"] == "unsafe":
        return f" (unsafe fix{later}: applied with --fix --unsafe-fixes)"
    return f" (fixed{later} of --fix)" if later else ""


def text_line(report: Report) -> str:
    """flake8's own format: ``path:line:col: CODE message``, then what
    --fix does about it when that is not the plain safe fix."""
    # A notebook's findings say their cell, as ruff does: path:cell N:line:col.
    cell = f"cell {report['cell']}:" if "cell" in report else ""
    where = f"{report['path']}:{cell}{report['line']}:{report['column']}"
    return f"{where}: {report['code']} {report['message']}{fix_status(report)}"


def message(report: Report) -> str:
    """``CODE message``; a notebook's finding says where in which cell, since
    its line and column count in the cell, not in the file."""
    text = f"{report['code']} {report['message']}"
    if "cell" in report:
        text = f"cell {report['cell']}:{report['line']}:{report['column']}: {text}"
    return text


def json_line(report: Report) -> str:
    """One JSON object on one line: the ``--format json`` object."""
    import json

    return json.dumps(report, separators=(",", ":"))


# -- GitHub workflow commands -------------------------------------------------


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as the GitHub runner reads it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value: ``:`` and ``,`` delimit them."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(report: Report) -> str:
    """``::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message``."""
    properties = [("file", str(report["path"]))]
    if "cell" not in report:  # a notebook's lines count in its cells
        properties += [("line", str(report["line"])), ("col", str(report["column"]))]
    if report.get("end_line") is not None and "cell" not in report:
        properties.append(("endLine", str(report["end_line"])))
        properties.append(("endColumn", str(report["end_column"])))
    properties.append(("title", f"{TOOL} ({report['code']})"))
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::error {joined}::{escape_data(message(report))}"


# -- paths as CI services want them -------------------------------------------


def repository_path(path: str) -> str:
    """A reported path relative to the current directory when it lies under
    it, with forward slashes and no leading ``./``."""
    from pathlib import PurePath

    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return PurePath(path).as_posix()
        if not relative.startswith(os.pardir):
            path = relative
    return PurePath(path).as_posix()


def artifact_uri(path: str) -> str:
    """A SARIF artifact URI: a relative reference, or a file URI when the
    path lies outside the current directory."""
    from pathlib import Path, PurePath
    from urllib.parse import quote

    posix = repository_path(path)
    if PurePath(posix).is_absolute():
        return Path(posix).as_uri()
    return quote(posix)


# -- GitLab Code Quality ------------------------------------------------------


def gitlab(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """GitLab Code Quality issues. A fingerprint hashes path, code and
    message (not the line, so it survives edits above the finding), with a
    count for identical findings in one file: stable across runs."""
    import hashlib

    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for report in reports:
        path = repository_path(report["path"])
        key = (path, report["code"], report["message"])
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8"))
        # A notebook's lines count in its cells: the description says where.
        lines = {"begin": 1 if "cell" in report else report["line"]}
        if report.get("end_line") is not None and "cell" not in report:
            lines["end"] = report["end_line"]
        issues.append(
            {
                "description": message(report),
                "check_name": report["code"],
                "fingerprint": digest.hexdigest(),
                "severity": "major",
                "location": {"path": path, "lines": lines},
            }
        )
    return issues


# -- SARIF 2.1.0 --------------------------------------------------------------


def _region(report: Report) -> dict[str, int]:
    region = {"startLine": report["line"], "startColumn": report["column"]}
    if report.get("end_line") is not None:
        region.update(endLine=report["end_line"], endColumn=report["end_column"])
    return region


def _edit_region(edit: dict[str, Any]) -> dict[str, int]:
    start, end = edit["start"], edit["end"]
    return {
        "startLine": start["line"],
        "startColumn": start["column"],
        "endLine": end["line"],
        "endColumn": end["column"],
    }


def _sarif_rule(code: str) -> dict[str, Any]:
    from flake8_fstring_regex.rule_docs import rule_docs

    rule: dict[str, Any] = {"id": code, "defaultConfiguration": {"level": "error"}}
    doc = rule_docs().get(code)
    if doc is not None:
        rule.update(
            shortDescription={"text": doc.title},
            fullDescription={"text": doc.summary},
            help={"text": doc.text, "markdown": doc.markdown},
        )
    return rule


def _sarif_fix(report: Report, uri: str) -> Optional[dict[str, Any]]:
    fix = report.get("fix")
    if not fix:
        return None
    return {
        "description": {"text": f"{fix['applicability']} fix: rewrite the string literal"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri},
                "replacements": [
                    {
                        "deletedRegion": _edit_region(edit),
                        "insertedContent": {"text": edit["content"]},
                    }
                    for edit in fix["edits"]
                ],
            }
        ],
    }


def sarif(reports: Sequence[Report]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run. Columns count Unicode code points,
    as the other formats do."""
    import flake8_fstring_regex
    from flake8_fstring_regex.rules import CODES

    codes = sorted(CODES)
    results = []
    for report in reports:
        uri = artifact_uri(report["path"])
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if "cell" not in report:  # a notebook's lines count in its cells
            physical["region"] = _region(report)
        text = message(report).split(" ", 1)[1] if "cell" not in report else message(report)
        result: dict[str, Any] = {
            "ruleId": report["code"],
            "level": "error",
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
        }
        if report["code"] in codes:
            result["ruleIndex"] = codes.index(report["code"])
        fix = None if "cell" in report else _sarif_fix(report, uri)
        if fix is not None:
            result["fixes"] = [fix]
        results.append(result)
    driver = {
        "name": TOOL,
        "version": flake8_fstring_regex.__version__,
        "informationUri": INFORMATION_URI,
        "rules": [_sarif_rule(code) for code in codes],
    }
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


# -- statistics ---------------------------------------------------------------


def statistics(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Findings per code, most frequent first (ties by code)."""
    from flake8_fstring_regex.rule_docs import rule_docs

    docs = rule_docs()
    counts = Counter(report["code"] for report in reports)
    fixable = {
        report["code"]
        for report in reports
        if (report.get("fix") or {}).get("applicability") == "safe"
    }
    return [
        {
            "code": code,
            "name": docs[code].title if code in docs else "",
            "count": count,
            "fixable": code in fixable,
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics_text(rows: Sequence[dict[str, Any]]) -> Iterator[str]:
    """ruff's (and flake8's) layout: count, code, name; ``[*]`` marks the
    codes whose findings ``--fix`` fixes, when any does."""
    if not rows:
        return
    count_width = max(len(str(row["count"])) for row in rows)
    code_width = max(len(row["code"]) for row in rows)
    any_fixable = any(row["fixable"] for row in rows)
    for row in rows:
        mark = ("[*] " if row["fixable"] else "[ ] ") if any_fixable else ""
        yield f"{row['count']:>{count_width}}\t{row['code']:<{code_width}}\t{mark}{row['name']}"


# -- after --fix --------------------------------------------------------------


def _findings(count: int) -> str:
    return f"{count} finding{'' if count == 1 else 's'}"


def fix_summary(fixed: int, remaining: int, *, failed: int = 0) -> Optional[str]:
    """ruff's closing line, with findings where ruff says errors; None
    rather than "All checks passed!" when an input could not be checked."""
    if fixed:
        return f"Found {_findings(fixed + remaining)} ({fixed} fixed, {remaining} remaining)."
    if remaining:
        return f"Found {_findings(remaining)}."
    return None if failed else "All checks passed!"


def fix_listing(fixed: Sequence[Report]) -> Iterator[str]:
    """``--show-fixes``: every fix, grouped by file in the order fixed."""
    if not fixed:
        return
    yield f"Fixed {_findings(len(fixed))}:"
    path = None
    for report in fixed:
        if report["path"] != path:
            path = report["path"]
            yield f"- {path}:"
        yield f"    {report['line']}:{report['column']} {report['code']} {report['message']}"
