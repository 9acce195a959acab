"""What must always hold when the command checks and fixes a tree.

Each invariant is an ``Invariant`` (its name, as reports show it, and the
statement it checks) and one function that takes what the campaign saw and
returns a ``Breach`` for each place it does not hold. The functions read
no files and run nothing: the campaign gathers the facts (``campaign.py``),
these judge them, and the tests feed them made-up facts.

An invariant marked ``known_failure`` is one the command does not meet
yet: its breaches are reported apart and do not fail the campaign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from bench.correctness.campaign.judges import (
    literal_first_lines,
    parses_with_ast,
    parses_with_libcst,
    read_lines,
)
from bench.correctness.campaign.records import Reported
from bench.correctness.campaign.tree import Entry

# An input error the command may report on a file CPython compiles.
KNOWN_LIMITS = ("nested too deeply",)
# An error a --fix may add to those of the check: it refuses a fix it cannot verify.
FIX_REFUSAL = "the fix would"


@dataclass(frozen=True)
class Invariant:
    name: str  # the violation's kind in reports
    statement: str  # what must hold
    known_failure: str = ""  # why the command does not meet it yet ("" when it must)

    def breach(self, detail: str = "", path: str = "") -> Breach:
        return Breach(self, detail, path)


@dataclass(frozen=True)
class Breach:
    """One place where an invariant does not hold."""

    invariant: Invariant
    detail: str
    path: str = ""


Snapshot = Mapping[str, Entry]

# ------------------------------------------------------------ every run

STDERR_CLEAN = Invariant(
    "unexpected stderr line",
    "stderr holds only one-line 'PATH: error: reason' and 'Rewriting PATH' messages",
)
EXIT_STATUS = Invariant(
    "exit status",
    "the exit status is 2 if any error, else 1 if any finding or rewrite, else 0",
)


def stderr_clean(phase: str, stray_lines: Sequence[str]) -> list[Breach]:
    return [STDERR_CLEAN.breach(f"{phase}: {line}") for line in stray_lines]


def exit_status(phase: str, status: Optional[int], errors: bool, changed: bool) -> list[Breach]:
    expected = 2 if errors else (1 if changed else 0)
    if status == expected:
        return []
    return [EXIT_STATUS.breach(f"{phase}: exit status {status}, expected {expected}")]


# ------------------------------------------------------------ the tree

NO_FILE_APPEARS = Invariant("file appeared", "no entry appears in the tree")
NO_FILE_VANISHES = Invariant("file vanished", "no entry disappears from the tree")
KIND_AND_MODE_KEPT = Invariant(
    "kind or mode changed", "every entry keeps its kind (file, link, ...) and permission bits"
)


def no_file_appears(phase: str, before: Snapshot, after: Snapshot) -> list[Breach]:
    return [NO_FILE_APPEARS.breach(phase, path) for path in sorted(set(after) - set(before))]


def no_file_vanishes(phase: str, before: Snapshot, after: Snapshot) -> list[Breach]:
    return [NO_FILE_VANISHES.breach(phase, path) for path in sorted(set(before) - set(after))]


def kind_and_mode_kept(phase: str, before: Snapshot, after: Snapshot) -> list[Breach]:
    return [
        KIND_AND_MODE_KEPT.breach(
            f"{phase}: {old.kind} {old.mode:o} -> {after[path].kind} {after[path].mode:o}", path
        )
        for path, old in sorted(before.items())
        if path in after and (after[path].kind, after[path].mode) != (old.kind, old.mode)
    ]


# ------------------------------------------------------------ what --fix changes

ONLY_FILES_WITH_FINDINGS = Invariant(
    "rewrote a file without findings", "--fix changes only files the check reported"
)
REWRITES_ANNOUNCED = Invariant(
    "'Rewriting' lines disagree with the files changed",
    "--fix prints 'Rewriting PATH' for exactly the files it changes",
)
FIX_NOT_REFUSED = Invariant(
    "fix refused", "--fix reports no error the check did not report"
)
EVERY_FINDING_FIXED = Invariant(
    "findings left unfixed without an error",
    "--fix changes every file with findings, unless it says why not",
)
ERRORS_REPEATED = Invariant(
    "error not reported again", "a later run reports every input error an earlier one did"
)
NO_NEW_ERROR = Invariant(
    "new error",
    f"a later run reports no input error an earlier one did not (but '{FIX_REFUSAL} ...')",
)


def refused(check_errors: Mapping[str, str], fix_errors: Mapping[str, str]) -> set[str]:
    """The files --fix gave an error for that the check did not."""
    return {path for path in fix_errors if path not in check_errors}


def only_files_with_findings(changed: set[str], with_findings: set[str]) -> list[Breach]:
    return [
        ONLY_FILES_WITH_FINDINGS.breach("first --fix", path)
        for path in sorted(changed - with_findings)
    ]


def rewrites_announced(announced: Sequence[str], changed: set[str]) -> list[Breach]:
    return [
        REWRITES_ANNOUNCED.breach(
            "announced, unchanged" if path in announced else "changed, not announced", path
        )
        for path in sorted(set(announced) ^ changed)
    ]


def fix_not_refused(
    check_errors: Mapping[str, str], fix_errors: Mapping[str, str]
) -> list[Breach]:
    return [
        FIX_NOT_REFUSED.breach(fix_errors[path], path)
        for path in sorted(refused(check_errors, fix_errors))
    ]


def every_finding_fixed(
    with_findings: set[str], changed: set[str], refused_files: set[str]
) -> list[Breach]:
    return [
        EVERY_FINDING_FIXED.breach("first --fix", path)
        for path in sorted(with_findings - changed - refused_files)
    ]


def errors_repeated(
    phase: str, first: Mapping[str, str], second: Mapping[str, str]
) -> list[Breach]:
    return [
        ERRORS_REPEATED.breach(f"{phase}: {first[path]}", path)
        for path in sorted(set(first) - set(second))
    ]


def no_new_error(phase: str, first: Mapping[str, str], second: Mapping[str, str]) -> list[Breach]:
    return [
        NO_NEW_ERROR.breach(f"{phase}: {second[path]}", path)
        for path in sorted(set(second) - set(first))
        if not second[path].startswith(FIX_REFUSAL)
    ]


# ------------------------------------------------------------ a rewritten file

PARSES_WITH_LIBCST = Invariant("rewritten file does not parse with libcst", "libcst parses it")
PARSES_WITH_AST = Invariant(
    "rewritten file does not parse with ast",
    "this Python's ast parses it whenever it parsed the original",
)
COMPILES = Invariant(
    "rewritten file does not compile",
    "every judging CPython compiles it whenever it compiled the original",
)
LINE_COUNT_KEPT = Invariant("rewrite changed the line count", "it has as many lines as before")
ONLY_FINDING_LINES = Invariant(
    "rewrite changed lines without a finding",
    "only lines holding a finding (or the first line of their literal) change",
)


def parses_with_libcst_after(path: str, new: bytes) -> list[Breach]:
    problem = parses_with_libcst(new)
    return [PARSES_WITH_LIBCST.breach(problem, path)] if problem else []


def parses_with_ast_after(path: str, old: bytes, new: bytes) -> list[Breach]:
    if parses_with_ast(old) is not None:
        return []
    problem = parses_with_ast(new)
    return [PARSES_WITH_AST.breach(problem, path)] if problem else []


def compiles_after(
    path: str, python: str, verdicts: Mapping[str, Optional[str]], old: str, new: str
) -> list[Breach]:
    """``verdicts`` is ``python``'s answer for the original (``old``) and the
    rewritten (``new``) file: None when it compiles; a file it could not
    judge is missing."""
    if old not in verdicts or verdicts[old] is not None or verdicts.get(new, "?") is None:
        return []
    return [COMPILES.breach(f"{python}: {verdicts.get(new) or 'not judged'}", path)]


def line_count_kept(path: str, old: bytes, new: bytes) -> list[Breach]:
    before, after = len(read_lines(old)), len(read_lines(new))
    return [] if before == after else [LINE_COUNT_KEPT.breach(f"{before} -> {after}", path)]


def only_finding_lines(path: str, old: bytes, new: bytes, lines: set[int]) -> list[Breach]:
    old_lines, new_lines = read_lines(old), read_lines(new)
    if len(old_lines) != len(new_lines):
        return []  # line_count_kept says so
    touched = {n for n, (a, b) in enumerate(zip(old_lines, new_lines), 1) if a != b}
    outside = sorted(touched - literal_first_lines(old, lines))
    if not outside:
        return []
    return [ONLY_FINDING_LINES.breach("lines " + ", ".join(map(str, outside)), path)]


# ------------------------------------------------------------ a rewritten file is the same file

LINKS_KEPT = Invariant(
    "hard links lost",
    "a fixed file keeps its link count, and every name of it sees the fix",
)
OWNER_KEPT = Invariant(
    "owner or group changed", "every file keeps its owner and group",
)
XATTRS_KEPT = Invariant(
    "extended attributes lost",
    "every file keeps its extended attributes (where the file system has them)",
)


def links_kept(
    before: Snapshot, after: Snapshot, second_names: Mapping[str, Entry]
) -> list[Breach]:
    """``second_names`` holds, by the tree path it names, the entry now of a
    name given to that file outside the tree."""
    breaches = []
    for path, old in sorted(before.items()):
        new = after.get(path)
        if old.kind != "file" or new is None or new.kind != "file":
            continue
        if new.links != old.links:
            breaches.append(LINKS_KEPT.breach(f"{old.links} links -> {new.links}", path))
        other = second_names.get(path)
        if other is not None and (other.inode, other.content) != (new.inode, new.content):
            breaches.append(LINKS_KEPT.breach("its other name no longer sees its content", path))
    # Names inside the tree that were one file must still be one file.
    groups: dict[int, list[str]] = {}
    for path, old in before.items():
        if old.kind == "file" and old.links > 1:
            groups.setdefault(old.inode, []).append(path)
    for names in groups.values():
        inodes = {after[name].inode for name in names if name in after}
        if len(inodes) > 1:
            breaches.append(
                LINKS_KEPT.breach("no longer one file: " + ", ".join(sorted(names)), min(names))
            )
    return breaches


def owner_kept(before: Snapshot, after: Snapshot) -> list[Breach]:
    return [
        OWNER_KEPT.breach(f"{old.uid}:{old.gid} -> {after[path].uid}:{after[path].gid}", path)
        for path, old in sorted(before.items())
        if old.kind == "file"
        and path in after
        and (after[path].uid, after[path].gid) != (old.uid, old.gid)
    ]


def xattrs_kept(before: Snapshot, after: Snapshot) -> list[Breach]:
    breaches = []
    for path, old in sorted(before.items()):
        new = after.get(path)
        if old.kind != "file" or not old.xattrs or new is None or new.xattrs is None:
            continue  # none to keep, or the file system cannot say
        lost = sorted(dict(old.xattrs).items() - dict(new.xattrs).items())
        if lost:
            breaches.append(XATTRS_KEPT.breach(", ".join(name for name, _ in lost), path))
    return breaches


# ------------------------------------------------------------ the second --fix, the last check

SECOND_FIX_CHANGES_NOTHING = Invariant(
    "second --fix changed a file", "a second --fix changes nothing"
)
SECOND_FIX_SILENT = Invariant(
    "second --fix announced a rewrite", "a second --fix announces no rewrite"
)
NOTHING_LEFT = Invariant(
    "finding left after --fix", "a check after --fix finds nothing in the files it fixed"
)
ERRORS_LEGITIMATE = Invariant(
    "error on a file CPython compiles",
    "an input error is only reported on a file CPython rejects too, "
    "or for a documented limit (" + ", ".join(KNOWN_LIMITS) + ")",
)


def second_fix_changes_nothing(changed: set[str]) -> list[Breach]:
    return [SECOND_FIX_CHANGES_NOTHING.breach("", path) for path in sorted(changed)]


def second_fix_silent(announced: Sequence[str]) -> list[Breach]:
    return [SECOND_FIX_SILENT.breach("", path) for path in announced]


def nothing_left(findings: Sequence[Reported], refused_files: set[str]) -> list[Breach]:
    return [
        NOTHING_LEFT.breach(f"{f.line}:{f.column} {f.code}", f.path)
        for f in findings
        if f.path not in refused_files
    ]


def error_legitimate(path: str, reason: str, compile_error: Optional[str]) -> list[Breach]:
    """``compile_error`` is CPython's verdict on the file: None when it compiles it."""
    if compile_error is not None or any(limit in reason for limit in KNOWN_LIMITS):
        return []
    return [ERRORS_LEGITIMATE.breach(reason, path)]


INVARIANTS: tuple[Invariant, ...] = (
    STDERR_CLEAN,
    EXIT_STATUS,
    NO_FILE_APPEARS,
    NO_FILE_VANISHES,
    KIND_AND_MODE_KEPT,
    ONLY_FILES_WITH_FINDINGS,
    REWRITES_ANNOUNCED,
    FIX_NOT_REFUSED,
    EVERY_FINDING_FIXED,
    ERRORS_REPEATED,
    NO_NEW_ERROR,
    PARSES_WITH_LIBCST,
    PARSES_WITH_AST,
    COMPILES,
    LINE_COUNT_KEPT,
    ONLY_FINDING_LINES,
    LINKS_KEPT,
    OWNER_KEPT,
    XATTRS_KEPT,
    SECOND_FIX_CHANGES_NOTHING,
    SECOND_FIX_SILENT,
    NOTHING_LEFT,
    ERRORS_LEGITIMATE,
)
