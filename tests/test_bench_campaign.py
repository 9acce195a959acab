"""The corpus campaign, ``python -m bench.correctness.campaign``, at a small scale.

The real command runs over a small generated tree (findings, ``# noqa``, a
directory the command's walk skips, undecodable and unparsable files, a
symbolic link, a file that is not Python) and over 30 modules of this
Python's standard library. A fake command then checks that the campaign
notices what it is there to notice: a rewrite of a file without findings,
and a crash, bisected to the file that causes it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from bench.correctness.campaign import command as corpus_campaign
from bench.correctness.campaign.campaign import run_campaign
from bench.correctness.campaign.judges import corpus_python
from bench.correctness.campaign.output import reason_kind
from bench.correctness.campaign.tree import (
    PLANTED_XATTR,
    PLANTED_XATTR_VALUE,
    copy_corpus,
    plant_identity,
    refreshed,
    second_name_entries,
    snapshot,
)

PATTERNS = textwrap.dedent(
    r'''
    import re

    prefix = "sales"
    DATE = re.compile(rf"{prefix}_(\d{6})\.csv")
    YEARS = re.compile(rf"{prefix}_(\d{2,4})")
    '''
)
FIELD_ONLY = 'import re\n\nDIGITS = re.compile(rf"\\d{6}")\n'
NOQA = 'import re\n\nDIGITS = re.compile(rf"{x}\\d{6}")  # noqa: FSR001\n'
PLAIN = 'name = "x"\nprint(f"{name}: {len(name)}")\n'
BROKEN = 'import re\nDIGITS = re.compile(rf"\\d{6}"\n'


def _small_corpus(root: Path) -> Path:
    files = {
        "pkg/__init__.py": b"",
        "pkg/patterns.py": PATTERNS.encode(),
        "pkg/fieldonly.py": FIELD_ONLY.encode(),
        "pkg/noqa.py": NOQA.encode(),
        "pkg/plain.py": PLAIN.encode(),
        "build/generated.py": FIELD_ONLY.encode(),  # the command's walk skips build/
        "data/latin1.py": b"x = '\xe9'\n",  # not UTF-8, no coding cookie
        "data/nul.py": b"x = 1\0\n",
        "data/broken.py": BROKEN.encode(),
        "notes.txt": FIELD_ONLY.encode(),  # not a .py file: never touched
        "pkg/__pycache__/stale.cpython-311.pyc": b"\0",  # left out of the copy
    }
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    if hasattr(os, "symlink"):
        os.symlink("patterns.py", root / "pkg" / "alias.py")
    return root


def _stdlib_sample(root: Path, count: int = 30) -> Path:
    root.mkdir(parents=True)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for source in sorted(stdlib.glob("*.py"))[:count]:
        shutil.copy2(source, root / source.name)
    return root


def test_small_campaign_with_the_real_command(tmp_path, capsys):
    corpus = _small_corpus(tmp_path / "corpus")
    sample = _stdlib_sample(tmp_path / "stdlib")
    out = tmp_path / "report.json"
    status = corpus_campaign.main(
        ["--json", str(out), "--workdir", str(tmp_path / "work"), str(corpus), str(sample)]
    )
    printed = capsys.readouterr().out
    document = json.loads(out.read_text())
    small, stdlib = document["corpora"]
    assert status == 0, printed
    assert not document["failed"]
    assert small["violations"] == [] and small["crashes"] == [], printed
    assert stdlib["violations"] == [] and stdlib["crashes"] == [], printed

    with_findings = {f["path"] for f in small["findings"]}
    expected = {"pkg/patterns.py", "pkg/fieldonly.py", "build/generated.py"}
    assert with_findings == expected
    assert set(small["rewritten"]) == expected
    assert {f["code"] for f in small["findings"]} == {"FSR001", "FSR002"}
    assert small["named_only"] == ["build/generated.py"]
    assert small["not_reached"] == []
    errors = {e["path"]: e for e in small["errors"]}
    assert set(errors) == {"data/latin1.py", "data/nul.py", "data/broken.py"}
    assert all(e["legitimate"] and e["compiles"] is False for e in errors.values())
    assert errors["data/broken.py"]["reason"].startswith("cannot parse")
    assert small["files"] == (10 if hasattr(os, "symlink") else 9)

    # The identity checks ran, and --fix keeps every file's identity.
    assert small["identity"][0] == "a second name (hard link) for 3 file(s)"
    assert small["known_violations"] == []
    assert "known to fail" not in printed

    assert stdlib["files"] == 30 and stdlib["checked"] == 30
    assert "== total: 2 tree(s)" in printed and "violations: 0" in printed
    # The campaign worked on copies: the trees themselves are untouched.
    assert (corpus / "pkg" / "fieldonly.py").read_text() == FIELD_ONLY
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())


FAKE_COMMAND = r'''
"""A stand-in for the command: 'FINDING' is a finding, 'SNEAKY' a file it
rewrites although it reported nothing, 'CRASH' makes it crash."""
import json, os, sys

args = sys.argv[1:]
fix = "--fix" in args
roots = [a for a in args if os.path.isabs(a)]
paths = sorted({os.path.join(d, f) for r in roots for d, _, fs in os.walk(r)
                for f in fs if f.endswith(".py")})
findings, rewritten = [], 0
for path in paths:
    with open(path) as handle:
        text = handle.read()
    if "CRASH" in text:
        raise RuntimeError("boom in " + path)
    if fix and ("FINDING" in text or "SNEAKY" in text):
        fixed = text.replace("FINDING", "FIXED").replace("SNEAKY", "SNEAKED")
        if "REPLACE" in text:  # a new file renamed over the old one
            with open(path + ".new", "w") as handle:
                handle.write(fixed)
            os.replace(path + ".new", path)
        else:  # in place
            with open(path, "w") as handle:
                handle.write(fixed)
        print("Rewriting " + path, file=sys.stderr)
        rewritten += 1
    elif "FINDING" in text:
        findings.append({"path": path, "line": 1, "column": 1, "code": "FSR001",
                         "message": "fake", "replacement": "{{6}}"})
if not fix:
    print(json.dumps(findings))
sys.exit(1 if findings or rewritten else 0)
'''


def _fake_campaign(tmp_path: Path, files: dict[str, str], out: bool = False):
    corpus = tmp_path / "corpus"
    for relative, text in files.items():
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        (corpus / relative).write_text(text)
    fake = tmp_path / "fake_command.py"
    fake.write_text(FAKE_COMMAND)
    (report,) = run_campaign(
        [corpus], workdir=tmp_path / "work", command=[sys.executable, str(fake)], judge=False,
        out=sys.stdout if out else None,
    )
    return report


def test_a_rewrite_without_findings_is_a_violation(tmp_path):
    report = _fake_campaign(tmp_path, {"a.py": "FINDING\n", "b.py": "SNEAKY\n", "c.py": "\n"})
    assert report.failed
    assert [(v.kind, v.path) for v in report.violations] == [
        ("rewrote a file without findings", "b.py")
    ]
    assert report.rewritten == ["a.py", "b.py"]


def test_a_writer_in_place_keeps_every_name_owner_and_attribute(tmp_path, capsys):
    # The fake command rewrites files in place: the identity checks hold.
    report = _fake_campaign(tmp_path, {"a.py": "FINDING\n", "b.py": "\n"}, out=True)
    assert report.rewritten == ["a.py"] and not report.failed
    assert report.known_violations == []
    assert "a second name (hard link) for 1 file(s)" in report.identity
    assert report.violations == []


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_a_writer_that_replaces_the_file_is_caught(tmp_path):
    # The fake command replaces a SNEAKY file with a new one: its second
    # name keeps the old content, and a hard link inside the tree is split.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.py").write_text("FINDING REPLACE\n")
    os.link(corpus / "a.py", corpus / "same.py")
    report = _fake_campaign(tmp_path, {})
    kinds = {(v.kind, v.path) for v in report.violations}
    assert ("hard links lost", "a.py") in kinds
    assert report.failed
    details = {v.detail for v in report.violations if v.kind == "hard links lost"}
    assert "its other name no longer sees its content" in details
    assert "no longer one file: a.py, same.py" in details


def test_a_crash_is_bisected_to_its_file_and_set_aside(tmp_path):
    files = {f"pkg/m{n}.py": "x = 1\n" for n in range(9)}
    files["pkg/m6.py"] = "CRASH\n"
    report = _fake_campaign(tmp_path, files)
    assert report.failed
    (crash,) = report.crashes
    assert crash.phase == "check" and crash.reason.startswith("traceback: RuntimeError")
    assert crash.files == ["pkg/m6.py"]
    assert report.set_aside == ["pkg/m6.py"]
    assert report.files == 8 and report.violations == []  # the rerun without it is clean


def test_error_reasons_are_grouped_without_their_numbers():
    assert reason_kind("cannot decode as utf-8: byte 0xe9 at offset 5") == (
        "cannot decode as utf-8: byte N at offset N"
    )
    assert reason_kind("cannot parse: Syntax Error @ 406:31.") == "cannot parse: Syntax Error @ N."


def test_a_tree_knows_its_own_python(tmp_path):
    prefix = tmp_path / "prefix"
    stdlib = prefix / "lib" / "python3.12"
    (stdlib / "site-packages").mkdir(parents=True)
    (prefix / "bin").mkdir()
    executable = prefix / "bin" / "python3.12"
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    assert corpus_python(stdlib) == str(executable)
    assert corpus_python(stdlib / "site-packages") == str(executable)
    assert corpus_python(tmp_path) is None


def test_bad_usage_exits_2(tmp_path, capsys):
    assert corpus_campaign.main([str(tmp_path / "missing")]) == 2
    assert "error: not a directory" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_the_copy_never_links_out_of_itself(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text(FIELD_ONLY)
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(outside, tree / "linked.py")
    os.symlink(tmp_path, tree / "up")
    copy = tmp_path / "copy"
    copy_corpus(tree, copy)
    assert not (copy / "linked.py").is_symlink()
    assert (copy / "linked.py").read_text() == FIELD_ONLY
    assert not (copy / "up").exists()


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_the_copy_keeps_hard_links_inside_the_tree(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.py").write_text(FIELD_ONLY)
    os.link(tree / "a.py", tree / "b.py")
    copy_corpus(tree, tmp_path / "copy")
    assert os.path.samefile(tmp_path / "copy" / "a.py", tmp_path / "copy" / "b.py")
    assert not os.path.samefile(tree / "a.py", tmp_path / "copy" / "a.py")


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_planting_gives_a_second_name_an_owner_and_an_attribute(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.py").write_text(FIELD_ONLY)
    before = snapshot(tree)
    planted = plant_identity(tree, ["a.py"], tmp_path / "names")
    after = refreshed(before, tree, ["a.py"])
    assert after["a.py"].links == 2
    (second,) = second_name_entries(planted).values()
    assert second.inode == after["a.py"].inode
    if os.geteuid() == 0:
        assert (after["a.py"].uid, after["a.py"].gid) == planted.owner
    if planted.xattrs:
        assert after["a.py"].xattrs == ((PLANTED_XATTR, PLANTED_XATTR_VALUE),)
    else:
        assert planted.xattrs_refused and "no extended attribute" in planted.describe()[-1]
