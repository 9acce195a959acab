"""Each invariant of the corpus campaign catches its violation, and only that.

The checks are fed made-up facts (snapshots, outputs, file contents), so
these tests do not depend on what the command does today: the identity
checks (hard links, owner, extended attributes) pass here whatever the
writer does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import pytest

from bench.correctness.campaign import invariants as inv
from bench.correctness.campaign.records import Reported
from bench.correctness.campaign.tree import Entry

FILE = Entry("file", 0o644, "hash-a", inode=10, links=1, uid=1000, gid=1000, xattrs=())
FIXED = replace(FILE, content="hash-b")
OLD = b'import re\nk = 1\nA = re.compile(rf"{k}\\d{6}")\nB = 2\n'
NEW = b'import re\nk = 1\nA = re.compile(rf"{k}\\d{{6}}")\nB = 2\n'


def finding(path: str = "a.py", line: int = 3) -> Reported:
    return Reported(path, line, 20, "FSR001", "message", "{{6}}")


# Each invariant: a call that breaks it, and the same call on facts where it holds.
Case = tuple[inv.Invariant, Callable[[], list[inv.Breach]], Callable[[], list[inv.Breach]]]
CASES: list[Case] = [
    (
        inv.STDERR_CLEAN,
        lambda: inv.stderr_clean("check", ["Traceback (most recent call last):"]),
        lambda: inv.stderr_clean("check", []),
    ),
    (
        inv.EXIT_STATUS,
        lambda: inv.exit_status("check", 0, errors=False, changed=True),
        lambda: inv.exit_status("check", 1, errors=False, changed=True),
    ),
    (
        inv.NO_FILE_APPEARS,
        lambda: inv.no_file_appears("fix", {"a.py": FILE}, {"a.py": FILE, "b.py": FILE}),
        lambda: inv.no_file_appears("fix", {"a.py": FILE}, {"a.py": FIXED}),
    ),
    (
        inv.NO_FILE_VANISHES,
        lambda: inv.no_file_vanishes("fix", {"a.py": FILE, "b.py": FILE}, {"a.py": FILE}),
        lambda: inv.no_file_vanishes("fix", {"a.py": FILE}, {"a.py": FIXED}),
    ),
    (
        inv.KIND_AND_MODE_KEPT,
        lambda: inv.kind_and_mode_kept("fix", {"a.py": FILE}, {"a.py": replace(FIXED, mode=0o600)}),
        lambda: inv.kind_and_mode_kept("fix", {"a.py": FILE}, {"a.py": FIXED}),
    ),
    (
        inv.ONLY_FILES_WITH_FINDINGS,
        lambda: inv.only_files_with_findings({"a.py", "b.py"}, {"a.py"}),
        lambda: inv.only_files_with_findings({"a.py"}, {"a.py", "b.py"}),
    ),
    (
        inv.REWRITES_ANNOUNCED,
        lambda: inv.rewrites_announced(["a.py"], {"a.py", "b.py"}),
        lambda: inv.rewrites_announced(["a.py"], {"a.py"}),
    ),
    (
        inv.FIX_NOT_REFUSED,
        lambda: inv.fix_not_refused({}, {"a.py": "cannot write: permission denied"}),
        lambda: inv.fix_not_refused({"a.py": "cannot parse"}, {"a.py": "cannot parse"}),
    ),
    (
        inv.EVERY_FINDING_FIXED,
        lambda: inv.every_finding_fixed({"a.py", "b.py"}, {"a.py"}, set()),
        lambda: inv.every_finding_fixed({"a.py", "b.py"}, {"a.py"}, {"b.py"}),
    ),
    (
        inv.ERRORS_REPEATED,
        lambda: inv.errors_repeated("fix", {"a.py": "cannot parse"}, {}),
        lambda: inv.errors_repeated("fix", {"a.py": "cannot parse"}, {"a.py": "cannot parse"}),
    ),
    (
        inv.NO_NEW_ERROR,
        lambda: inv.no_new_error("fix", {}, {"a.py": "cannot parse"}),
        lambda: inv.no_new_error("fix", {}, {"a.py": "the fix would not parse; left unchanged"}),
    ),
    (
        inv.PARSES_WITH_LIBCST,
        lambda: inv.parses_with_libcst_after("a.py", b"A = re.compile(rf'{k}\\d{6}'\n"),
        lambda: inv.parses_with_libcst_after("a.py", NEW),
    ),
    (
        inv.PARSES_WITH_AST,
        lambda: inv.parses_with_ast_after("a.py", OLD, b"A = (\n"),
        # An original ast could not parse either: nothing to keep.
        lambda: inv.parses_with_ast_after("a.py", b"A = (\n", b"A = (\n"),
    ),
    (
        inv.COMPILES,
        lambda: inv.compiles_after(
            "a.py", "python3.9", {"/o": None, "/n": "SyntaxError: f-string"}, "/o", "/n"
        ),
        lambda: inv.compiles_after(
            "a.py", "python3.9", {"/o": "SyntaxError", "/n": "x"}, "/o", "/n"
        ),
    ),
    (
        inv.LINE_COUNT_KEPT,
        lambda: inv.line_count_kept("a.py", OLD, NEW + b"\n"),
        lambda: inv.line_count_kept("a.py", OLD, NEW),
    ),
    (
        inv.ONLY_FINDING_LINES,
        lambda: inv.only_finding_lines("a.py", OLD, NEW.replace(b"B = 2", b"B = 3"), {3}),
        lambda: inv.only_finding_lines("a.py", OLD, NEW, {3}),
    ),
    (
        inv.LINKS_KEPT,
        # Two links before, one after: --fix replaced the file.
        lambda: inv.links_kept({"a.py": replace(FILE, links=2)}, {"a.py": FIXED}, {}),
        lambda: inv.links_kept(
            {"a.py": replace(FILE, links=2)}, {"a.py": replace(FIXED, links=2)}, {}
        ),
    ),
    (
        inv.OWNER_KEPT,
        lambda: inv.owner_kept({"a.py": FILE}, {"a.py": replace(FIXED, uid=0, gid=0)}),
        lambda: inv.owner_kept({"a.py": FILE}, {"a.py": FIXED}),
    ),
    (
        inv.XATTRS_KEPT,
        lambda: inv.xattrs_kept(
            {"a.py": replace(FILE, xattrs=(("user.a", b"1"),))}, {"a.py": FIXED}
        ),
        lambda: inv.xattrs_kept(
            {"a.py": replace(FILE, xattrs=(("user.a", b"1"),))},
            {"a.py": replace(FIXED, xattrs=(("user.a", b"1"), ("user.b", b"2")))},
        ),
    ),
    (
        inv.SECOND_FIX_CHANGES_NOTHING,
        lambda: inv.second_fix_changes_nothing({"a.py"}),
        lambda: inv.second_fix_changes_nothing(set()),
    ),
    (
        inv.SECOND_FIX_SILENT,
        lambda: inv.second_fix_silent(["a.py"]),
        lambda: inv.second_fix_silent([]),
    ),
    (
        inv.NOTHING_LEFT,
        lambda: inv.nothing_left([finding()], set()),
        lambda: inv.nothing_left([finding()], {"a.py"}),  # its fix was refused, with an error
    ),
    (
        inv.ERRORS_LEGITIMATE,
        lambda: inv.error_legitimate("a.py", "cannot parse", None),
        lambda: inv.error_legitimate("a.py", "cannot parse", "SyntaxError: invalid syntax"),
    ),
]


def test_every_invariant_has_a_case():
    assert [case[0] for case in CASES] == list(inv.INVARIANTS)
    assert len({invariant.name for invariant in inv.INVARIANTS}) == len(inv.INVARIANTS)


@pytest.mark.parametrize("invariant, broken, held", CASES, ids=[c[0].name for c in CASES])
def test_the_invariant_catches_its_violation(invariant, broken, held):
    breaches = broken()
    assert breaches and {breach.invariant for breach in breaches} == {invariant}
    assert held() == []


def test_no_invariant_is_marked_as_known_to_fail():
    # --fix keeps a file's identity: links, owner and attributes must hold.
    assert [i.name for i in inv.INVARIANTS if i.known_failure] == []


def test_every_name_of_a_hard_linked_file_must_see_the_fix():
    before = {"a.py": replace(FILE, links=2)}
    kept = {"a.py": replace(FIXED, links=2)}
    elsewhere_stale = replace(FILE, links=1, inode=11)  # the old content, another inode now
    (breach,) = inv.links_kept(before, kept, {"a.py": elsewhere_stale})
    assert breach.detail == "its other name no longer sees its content"
    assert inv.links_kept(before, kept, {"a.py": replace(FIXED, links=2)}) == []


def test_names_of_one_file_inside_the_tree_must_stay_one_file():
    before = {"a.py": replace(FILE, links=2), "b.py": replace(FILE, links=2)}
    split = {"a.py": replace(FIXED, links=2, inode=12), "b.py": replace(FILE, links=2)}
    breaches = inv.links_kept(before, split, {})
    assert [b.detail for b in breaches] == ["no longer one file: a.py, b.py"]


def test_xattrs_are_not_judged_where_the_file_system_cannot_list_them():
    before = {"a.py": replace(FILE, xattrs=(("user.a", b"1"),))}
    assert inv.xattrs_kept(before, {"a.py": replace(FIXED, xattrs=None)}) == []


def test_a_documented_limit_is_a_legitimate_error():
    assert inv.error_legitimate("a.py", "nested too deeply (more than 200 levels)", None) == []


def test_a_literal_spanning_lines_may_change_its_first_line():
    old = b'A = f"""\n{k}\\d{6}\n"""\n'
    new = b'A = """\n\\d{6}\n"""\n'  # the f goes when no field is left
    assert inv.only_finding_lines("a.py", old, new, {2}) == []
