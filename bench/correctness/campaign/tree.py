"""The trees the campaign works on: finding them, copying them, and taking
a snapshot of every entry (content, mode, identity) to compare runs with."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import site
import stat
import sysconfig
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from flake8_fstring_regex.files import skipped_directory

# Directories left out of a copy: bytecode, and (directly inside a standard
# library) the site-packages tree, which is a corpus of its own.
_NEVER_COPIED = frozenset({"__pycache__"})
_NESTED_CORPORA = frozenset({"site-packages", "dist-packages"})
# Given to the files with findings before --fix, to see that a rewrite keeps it.
PLANTED_XATTR = "user.flake8-fstring-regex.campaign"
PLANTED_XATTR_VALUE = b"kept across --fix"
PLANTED_OWNER = 65534  # "nobody" on most systems; used only when running as root


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


def within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def copy_corpus(source: Path, target: Path, leave_out: Iterable[str] = ()) -> None:
    """Copy the tree ``source`` to ``target``, never linking out of it.

    Regular files are copied with their mode, and files hard-linked to each
    other stay so; a symbolic link that stays inside the tree is kept
    (relative); a link to a file outside it becomes a copy of that file
    (``--fix`` follows links and must not write outside the copy); links to
    outside directories, dangling links and special files are left out.
    ``leave_out`` names files (relative paths) set aside.
    """
    skipped = set(leave_out)
    real_source = os.path.realpath(source)
    copied: dict[tuple[int, int], Path] = {}  # (device, inode) of a source -> its copy
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
            status = os.lstat(full)
            if stat.S_ISLNK(status.st_mode):
                _copy_link(full, destination / name, real_source)
            elif stat.S_ISREG(status.st_mode):
                identity = (status.st_dev, status.st_ino)
                if status.st_nlink > 1 and identity in copied:
                    os.link(copied[identity], destination / name)
                else:
                    shutil.copy2(full, destination / name)
                    copied[identity] = destination / name


def _copy_link(link: str, destination: Path, real_source: str) -> None:
    resolved = os.path.realpath(link)
    if within(resolved, real_source) and os.path.exists(resolved):
        os.symlink(os.path.relpath(resolved, os.path.dirname(link)), destination)
    elif os.path.isfile(resolved):
        shutil.copy2(resolved, destination)


@dataclass(frozen=True)
class Entry:
    """One entry of a tree: what it is, and what a rewrite must keep."""

    kind: str  # "file", "dir", "link" or "other"
    mode: int = 0  # permission bits
    content: str = ""  # a file's SHA-256, a link's target
    inode: int = 0
    links: int = 1
    uid: int = 0
    gid: int = 0
    # A file's extended attributes, sorted; None where they cannot be read.
    xattrs: Optional[tuple[tuple[str, bytes], ...]] = None


Snapshot = dict[str, Entry]  # relative path -> entry


def _digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_xattrs(path: str) -> Optional[tuple[tuple[str, bytes], ...]]:
    """A file's extended attributes, or None where the system cannot list them."""
    if not hasattr(os, "listxattr"):
        return None
    try:
        names = os.listxattr(path, follow_symlinks=False)
        return tuple(sorted((n, os.getxattr(path, n, follow_symlinks=False)) for n in names))
    except OSError:
        return None


def entry_of(path: str) -> Entry:
    """The entry at ``path`` (not following a symbolic link)."""
    status = os.lstat(path)
    mode = stat.S_IMODE(status.st_mode)
    if stat.S_ISLNK(status.st_mode):
        return Entry("link", content=os.readlink(path))
    if stat.S_ISDIR(status.st_mode):
        return Entry("dir", mode)
    if stat.S_ISREG(status.st_mode):
        return Entry(
            "file", mode, _digest(path), status.st_ino, status.st_nlink,
            status.st_uid, status.st_gid, read_xattrs(path),
        )
    return Entry("other")


def snapshot(root: Path) -> Snapshot:
    """Every entry under ``root``."""
    entries: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            entries[os.path.relpath(full, root)] = entry_of(full)
    return entries


def python_files(entries: Snapshot, root: Path) -> list[str]:
    """The ``.py`` files of a snapshot (links to files included)."""
    return sorted(
        path
        for path, entry in entries.items()
        if path.endswith(".py")
        and (entry.kind == "file" or (entry.kind == "link" and (root / path).is_file()))
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


@dataclass
class Planted:
    """What the files about to be fixed were given, for the identity checks."""

    second_names: dict[str, str] = field(default_factory=dict)  # relative -> a hard link
    owner: Optional[tuple[int, int]] = None  # (uid, gid) given, if any
    xattrs: int = 0  # files that took the extended attribute
    xattrs_refused: str = ""  # why the file system took none

    def describe(self) -> list[str]:
        lines = [f"a second name (hard link) for {len(self.second_names)} file(s)"]
        if self.owner is not None:
            lines.append(f"owner {self.owner[0]}:{self.owner[1]}")
        if self.xattrs:
            lines.append(f"extended attribute {PLANTED_XATTR} on {self.xattrs} file(s)")
        elif self.xattrs_refused:
            lines.append(f"no extended attribute: {self.xattrs_refused}")
        return lines


def _other_owner() -> Optional[tuple[int, int]]:
    """An owner the files can be given: another user as root, else another
    of this user's groups (None if there is none)."""
    if os.geteuid() == 0:
        return (PLANTED_OWNER, PLANTED_OWNER)
    others = [gid for gid in os.getgroups() if gid != os.getegid()]
    return (-1, others[0]) if others else None


def plant_identity(root: Path, paths: Sequence[str], elsewhere: Path) -> Planted:
    """Give each regular file of ``paths`` a second name under ``elsewhere``
    (outside the tree, so the command never sees it), another owner where
    possible, and an extended attribute where the file system takes one."""
    planted = Planted(owner=_other_owner())
    elsewhere.mkdir(parents=True, exist_ok=True)
    for number, relative in enumerate(paths):
        full = root / relative
        if full.is_symlink() or not full.is_file():
            continue
        second = elsewhere / f"{number}.py"
        try:
            os.link(full, second)
        except OSError:  # a file system without hard links
            pass
        else:
            planted.second_names[relative] = str(second)
        if planted.owner is not None:
            try:
                os.chown(full, *planted.owner)
            except OSError:
                planted.owner = None
        if not planted.xattrs_refused:
            planted.xattrs_refused = _set_xattr(str(full))
            planted.xattrs += not planted.xattrs_refused
    return planted


def _set_xattr(path: str) -> str:
    """Set the planted attribute; '' on success, else why not."""
    if not hasattr(os, "setxattr"):
        return "not supported on this system"
    try:
        os.setxattr(path, PLANTED_XATTR, PLANTED_XATTR_VALUE, follow_symlinks=False)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.EACCES):
            return f"refused by the file system ({os.strerror(error.errno)})"
        raise
    return ""


def second_name_entries(planted: Planted) -> dict[str, Entry]:
    """Each planted second name's entry now, by the tree path it names."""
    return {relative: entry_of(other) for relative, other in planted.second_names.items()}


def refreshed(before: Snapshot, root: Path, paths: Iterable[str]) -> Snapshot:
    """``before``, with the entries of ``paths`` and of their other names
    in the tree (hard links) read again."""
    inodes = {before[path].inode for path in paths if before[path].kind == "file"}
    after = dict(before)
    for relative, entry in before.items():
        if entry.kind == "file" and entry.inode in inodes:
            after[relative] = entry_of(str(root / relative))
    return after


def hard_link_names(entries: Snapshot, reached: Iterable[str]) -> set[str]:
    """The files that are another name (hard link) of a file in ``reached``."""
    inodes = {entries[p].inode for p in reached if p in entries and entries[p].kind == "file"}
    return {
        path
        for path, entry in entries.items()
        if entry.kind == "file" and entry.inode in inodes and path not in reached
    }


def changed_files(before: Mapping[str, Entry], after: Mapping[str, Entry]) -> set[str]:
    """The files in both snapshots, of the same kind, whose content differs."""
    return {
        path
        for path, old in before.items()
        if path in after and after[path].kind == old.kind and after[path].content != old.content
    }
