"""Replacing a file's contents so that it stays the same file.

Two ways, chosen per file:

- **A copy, renamed over the file** (Linux, a file with one name): the new
  bytes go to an unnamed temporary file (``O_TMPFILE``) in the same
  directory, which gets the file's owner, group, mode and every extended
  attribute (POSIX ACLs and SELinux labels are extended attributes), is
  checked to have them all, is written and flushed to disk, and is then given
  a name and renamed over the file in one step; the directory is flushed
  too. A crash at any moment leaves the old file or the new one. It leaves no
  temporary file unless it lands between the naming and the rename (two
  system calls in a row): then the named copy stays beside the old file.
  Where ``O_TMPFILE`` is not supported, a named ``.fsr-*.tmp`` file is used
  and removed on every error and stop.
- **In place**, whenever the copy cannot be the same file: a file with
  several hard links (a new inode would leave the other names behind),
  owner or attributes that cannot be copied (another user's file, a
  restricted label), a directory we may not create files in, or a platform
  without ``listxattr``. The file keeps its inode, so links, owner, group,
  mode, attributes and flags are kept by construction. It is never truncated
  first: the bytes from the first difference on are written over the old
  ones, the length is adjusted, and the file is flushed to disk. Space is
  reserved first when the file grows, so a full disk refuses before
  anything is written.

Either way, the file on disk is compared with what was read (device, inode,
size, modification time in nanoseconds, then the bytes themselves) just
before it is replaced, inside ``no_stop()``; if anything differs, it is left
alone.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import Optional, Union

from flake8_fstring_regex.files import Snapshot, not_regular_reason
from flake8_fstring_regex.source import InputError
from flake8_fstring_regex.stop import no_stop

CHANGED = "changed while being fixed; left alone"

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TMPFILE = getattr(os, "O_TMPFILE", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# Copying every attribute needs listxattr and friends (Linux).
_CAN_COPY = all(hasattr(os, name) for name in ("listxattr", "getxattr", "setxattr", "fchown"))
# Naming an O_TMPFILE file goes through /proc/self/fd.
_CAN_NAME_UNNAMED = bool(_TMPFILE) and os.path.isdir("/proc/self/fd")


def replace_contents(path: str, snapshot: Snapshot, before: bytes, after: bytes) -> None:
    """Make ``after`` the contents of ``path`` (a symbolic link is followed,
    so it stays a link), which was read as ``before`` with ``snapshot``.

    InputError (one line) when the file changed since, is not a regular
    file, or cannot be written; the file is then untouched.
    """
    target = os.path.realpath(path)
    try:
        status = os.stat(target)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None
    reason = not_regular_reason(status.st_mode)
    if reason is not None:
        raise InputError(reason)
    if Snapshot.of(status) != snapshot:
        raise InputError(CHANGED)
    if not os.access(target, os.W_OK):
        raise InputError("cannot write: permission denied (file is read-only)")
    try:
        if status.st_nlink == 1 and _CAN_COPY:
            copy = _Copy.prepare(target, status, after)
            if copy is not None:
                copy.rename_over(target, snapshot, before)
                return
        _write_in_place(target, snapshot, before, after)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None


def _unchanged(descriptor: int, snapshot: Snapshot, before: bytes) -> None:
    """InputError unless the open file is still what was read."""
    status = os.fstat(descriptor)
    if Snapshot.of(status) != snapshot or not stat.S_ISREG(status.st_mode):
        raise InputError(CHANGED)
    if _read_all(descriptor, len(before) + 1) != before:
        raise InputError(CHANGED)


def _read_all(descriptor: int, limit: int) -> bytes:
    chunks = []
    offset = 0
    while offset < limit:
        chunk = os.pread(descriptor, min(limit - offset, 1 << 20), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _write_all(descriptor: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(descriptor, view, offset)
        view = view[written:]
        offset += written


def _write_in_place(target: str, snapshot: Snapshot, before: bytes, after: bytes) -> None:
    with no_stop():
        descriptor = os.open(target, os.O_RDWR | _NONBLOCK | _CLOEXEC)
        try:
            _unchanged(descriptor, snapshot, before)
            if len(after) > len(before):
                _reserve(descriptor, len(before), len(after))
            first = _common_prefix(before, after)
            _write_all(descriptor, after[first:], first)
            if len(after) < len(before):
                os.ftruncate(descriptor, len(after))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reserve(descriptor: int, old_size: int, new_size: int) -> None:
    """Reserve the disk space a longer file needs before writing any of it,
    so a full disk fails here, with the file as it was."""
    allocate = getattr(os, "posix_fallocate", None)
    if allocate is None:
        return
    try:
        allocate(descriptor, old_size, new_size - old_size)
    except OSError as error:
        os.ftruncate(descriptor, old_size)  # undo any partial extension
        if error.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            return  # this file system cannot reserve: write and see
        raise


def _common_prefix(before: bytes, after: bytes, block: int = 1 << 16) -> int:
    """How many leading bytes ``before`` and ``after`` share."""
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start:start + block] == after[start:start + block]:
        start += block
    end = min(start + block, limit)
    while start < end and before[start] == after[start]:
        start += 1
    return start


def _xattrs(target: Union[int, str]) -> dict[str, bytes]:
    try:
        names = os.listxattr(target)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return {}
        raise
    return {name: os.getxattr(target, name) for name in names}


class _Copy:
    """A temporary file that holds the new bytes and every attribute of the
    file it is to replace."""

    def __init__(self, directory: str, descriptor: int, name: Optional[str]) -> None:
        self.directory = directory
        self.descriptor = descriptor
        self.name = name  # None while it has no name (O_TMPFILE)

    @classmethod
    def prepare(cls, target: str, status: os.stat_result, data: bytes) -> Optional[_Copy]:
        """The copy, ready to be renamed; None when it cannot carry every
        attribute of ``target`` (then the file is written in place)."""
        directory = os.path.dirname(target)
        copy: Optional[_Copy] = None
        try:
            with no_stop():  # created and recorded together, or not at all
                copy = cls._create(directory)
            if copy is None:
                return None
            if not copy._take_attributes(target, status):
                copy.discard()
                return None
            _write_all(copy.descriptor, data, 0)
            os.fsync(copy.descriptor)
            return copy
        except BaseException:
            if copy is not None:
                copy.discard()
            raise

    @classmethod
    def _create(cls, directory: str) -> Optional[_Copy]:
        if _CAN_NAME_UNNAMED:
            try:
                descriptor = os.open(directory, _TMPFILE | os.O_WRONLY | _CLOEXEC, 0o600)
                return cls(directory, descriptor, None)
            except OSError:
                pass  # not supported by this file system: a named one
        try:
            descriptor, name = tempfile.mkstemp(dir=directory, prefix=".fsr-", suffix=".tmp")
        except OSError:
            return None  # e.g. a directory we may not create files in
        return cls(directory, descriptor, name)

    def _take_attributes(self, target: str, status: os.stat_result) -> bool:
        """Give the copy ``target``'s owner, group, mode and extended
        attributes; whether it now has exactly those."""
        try:
            os.fchown(self.descriptor, status.st_uid, status.st_gid)
            wanted = _xattrs(target)
            present = _xattrs(self.descriptor)
            for name in present.keys() - wanted.keys():  # e.g. an inherited default ACL
                os.removexattr(self.descriptor, name)
            for name, value in wanted.items():
                if present.get(name) != value:
                    os.setxattr(self.descriptor, name, value)
            os.fchmod(self.descriptor, stat.S_IMODE(status.st_mode))  # after fchown
            mine = os.fstat(self.descriptor)
            return (
                (mine.st_uid, mine.st_gid, mine.st_mode)
                == (status.st_uid, status.st_gid, status.st_mode)
                and _xattrs(self.descriptor) == wanted
            )
        except OSError:
            return False

    def rename_over(self, target: str, snapshot: Snapshot, before: bytes) -> None:
        """Replace ``target`` if it is still what was read, then flush the
        directory so the rename itself is on disk."""
        try:
            with no_stop():
                check = os.open(target, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
                try:
                    _unchanged(check, snapshot, before)
                finally:
                    os.close(check)
                name = self.name if self.name is not None else self._link_into_directory()
                os.replace(name, target)
                self.name = None
                _fsync_directory(self.directory)
        finally:
            self.discard()

    def _link_into_directory(self) -> str:
        """Give the unnamed file a name (linkat through /proc, which
        ``os.link`` uses only when given a directory descriptor)."""
        directory = os.open(self.directory, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            base = f".fsr-{os.urandom(6).hex()}.tmp"
            os.link(
                f"/proc/self/fd/{self.descriptor}", base,
                dst_dir_fd=directory, follow_symlinks=True,
            )
            self.name = os.path.join(self.directory, base)
            return self.name
        finally:
            os.close(directory)

    def discard(self) -> None:
        """Close the copy and remove its name, if it still has one."""
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1
        if self.name is not None:
            try:
                os.unlink(self.name)
            except OSError:
                pass
            self.name = None


def _fsync_directory(directory: str) -> None:
    """Flush the rename to disk, where the platform allows (best effort: the
    file is already replaced, so a failure here is not reported)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError:
        return  # e.g. Windows: directories cannot be opened
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a directory
    finally:
        os.close(descriptor)
