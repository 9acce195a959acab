"""A rewritten file is the same file, and a newer edit is never overwritten."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from flake8_fstring_regex import process, write
from flake8_fstring_regex.files import read_with_snapshot

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
GOOD = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\n'
CHANGED = "error: changed while being fixed; left alone"
LEFT = "Found 1 finding.\n"  # --fix's summary: the file's finding remains


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".fsr-"))


def test_every_hard_link_sees_the_fix(tree, cli):
    Path("a.py").write_text(BAD)
    os.link("a.py", "b.py")
    inode = os.stat("a.py").st_ino
    first = cli("--fix", "a.py")
    assert (first.code, first.err) == (
        1, "Rewriting a.py\nFound 1 finding (1 fixed, 0 remaining).\n"
    )
    assert Path("b.py").read_text() == GOOD
    assert os.stat("a.py").st_ino == os.stat("b.py").st_ino == inode
    again = cli("--fix", "a.py", "b.py")
    assert (again.code, again.err) == (0, "All checks passed!\n")


def _set_xattr(path: str) -> None:
    try:
        os.setxattr(path, "user.test", b"x")
    except (OSError, AttributeError) as error:
        pytest.skip(f"extended attributes refused here: {error}")


@pytest.mark.parametrize("links", [1, 2], ids=["renamed-copy", "in-place"])
def test_owner_group_mode_and_extended_attributes_are_kept(tree, cli, links):
    target = Path("a.py")
    target.write_text(BAD)
    if links == 2:
        os.link("a.py", "other.py")
    _set_xattr("a.py")
    os.chmod(target, 0o640)
    if os.geteuid() == 0:
        os.chown(target, 1000, 1000)
    before = os.stat(target)
    names = sorted(os.listxattr("a.py"))
    assert cli("--fix", "a.py").code == 1
    after = os.stat(target)
    # One link: the copy carried every attribute, so it was renamed over.
    assert (after.st_ino != before.st_ino) == (links == 1)
    assert target.read_text() == GOOD
    assert (after.st_uid, after.st_gid, after.st_mode) == (
        before.st_uid, before.st_gid, before.st_mode,
    )
    assert os.getxattr("a.py", "user.test") == b"x"
    assert sorted(os.listxattr("a.py")) == names  # nothing dropped, nothing added
    assert leftovers(tree) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_a_user_file_fixed_by_root_stays_the_user_s(tree, cli):
    target = Path("a.py")
    target.write_text(BAD)
    os.chown(target, 1000, 1000)
    inode = os.stat(target).st_ino
    assert cli("--fix", "a.py").code == 1
    assert (os.stat(target).st_uid, os.stat(target).st_gid) == (1000, 1000)
    assert os.stat(target).st_ino != inode  # root can give the copy away


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX access ACL as Linux stores it: version 2, then (tag, perm, id)."""
    import struct

    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


@pytest.mark.parametrize("links", [1, 2], ids=["renamed-copy", "in-place"])
def test_an_access_acl_is_kept(tree, cli, links):
    Path("a.py").write_text(BAD)
    if links == 2:
        os.link("a.py", "b.py")
    nobody = 0xFFFFFFFF
    acl = _acl(  # user::rw- user:1000:rw- group::r-- mask::rw- other::r--
        (0x01, 6, nobody), (0x02, 6, 1000), (0x04, 4, nobody), (0x10, 6, nobody), (0x20, 4, nobody)
    )
    try:
        os.setxattr("a.py", "system.posix_acl_access", acl)
    except (OSError, AttributeError) as error:
        pytest.skip(f"ACLs refused here: {error}")
    stored = os.getxattr("a.py", "system.posix_acl_access")
    inode = os.stat("a.py").st_ino
    assert cli("--fix", "a.py").code == 1
    assert (os.stat("a.py").st_ino != inode) == (links == 1)
    assert Path("a.py").read_text() == GOOD
    assert os.getxattr("a.py", "system.posix_acl_access") == stored


def test_falls_back_to_in_place_when_attributes_cannot_be_copied(tree, cli, monkeypatch):
    Path("a.py").write_text(BAD)
    inode = os.stat("a.py").st_ino

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)  # as a user fixing another's file
    assert cli("--fix", "a.py").code == 1
    assert Path("a.py").read_text() == GOOD and os.stat("a.py").st_ino == inode
    assert leftovers(tree) == []


def test_a_single_link_file_is_replaced_by_rename_with_fsyncs(tree, cli, monkeypatch):
    Path("a.py").write_text(BAD)
    inode = os.stat("a.py").st_ino
    synced = []
    real_fsync = os.fsync

    def record(descriptor):
        mode = os.fstat(descriptor).st_mode
        synced.append("directory" if stat.S_ISDIR(mode) else "file")
        # While the copy is written, it has no name: a kill -9 now leaves nothing.
        assert leftovers(tree) == [] or not write._CAN_NAME_UNNAMED
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", record)
    assert cli("--fix", "a.py").code == 1
    assert Path("a.py").read_text() == GOOD
    assert os.stat("a.py").st_ino != inode  # atomic: a new inode, renamed over
    assert synced == ["file", "directory"]
    assert leftovers(tree) == []


def _edit_after_reading(monkeypatch, edit):
    """Let ``edit(path)`` run between the read and the write."""
    real = process.read_with_snapshot

    def read_then_edit(path):
        result = real(path)
        edit(path)
        return result

    monkeypatch.setattr(process, "read_with_snapshot", read_then_edit)


@pytest.mark.parametrize("links", [1, 2], ids=["renamed-copy", "in-place"])
def test_an_edit_made_while_fixing_is_never_overwritten(tree, cli, monkeypatch, links):
    Path("a.py").write_text(BAD)
    if links == 2:
        os.link("a.py", "b.py")

    def append(path):
        with open(path, "a") as handle:
            handle.write("x = 1\n")

    _edit_after_reading(monkeypatch, append)
    result = cli("--fix", "a.py")
    assert (result.code, result.err) == (2, f"a.py: {CHANGED}\n{LEFT}")
    assert Path("a.py").read_text() == BAD + "x = 1\n"
    assert leftovers(tree) == []


def test_same_size_same_time_edit_is_caught_by_the_bytes(tree, cli, monkeypatch):
    Path("a.py").write_text(BAD)

    def sneak(path):
        status = os.stat(path)
        with open(path, "r+") as handle:  # same inode, same size
            handle.write("#")
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))

    _edit_after_reading(monkeypatch, sneak)
    result = cli("--fix", "a.py")
    assert (result.code, result.err) == (2, f"a.py: {CHANGED}\n{LEFT}")
    assert Path("a.py").read_text() == "#" + BAD[1:]


def test_a_file_replaced_by_another_is_left_alone(tree, cli, monkeypatch):
    Path("a.py").write_text(BAD)

    def replace(path):
        Path("new.py").write_text(BAD)
        os.replace("new.py", path)  # an editor's save: a new inode

    _edit_after_reading(monkeypatch, replace)
    assert cli("--fix", "a.py").err == f"a.py: {CHANGED}\n{LEFT}"
    assert Path("a.py").read_text() == BAD


def test_in_place_write_changes_only_from_the_first_difference(tree):
    Path("a.py").write_text(BAD)
    data, snapshot = read_with_snapshot("a.py")
    for after in (GOOD.encode(), b"import re\n", data + b"# more\n"):
        os.link("a.py", "link.py")  # forces the in-place path
        write.replace_contents("a.py", snapshot, data, after)
        assert Path("a.py").read_bytes() == after == Path("link.py").read_bytes()
        os.unlink("link.py")
        data, snapshot = read_with_snapshot("a.py")


def test_a_full_disk_leaves_the_file_whole_in_place(tree, cli, monkeypatch):
    Path("a.py").write_text(BAD)
    os.link("a.py", "b.py")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full, raising=False)
    result = cli("--fix", "a.py")
    assert result.err == f"a.py: error: cannot write: No space left on device\n{LEFT}"
    assert Path("a.py").read_text() == BAD
