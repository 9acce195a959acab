"""Finding and reading source files.

Bytes in, bytes out: the encoding, BOM, line endings and a missing final
newline all survive because libcst round-trips bytes exactly and only the
rewritten literals differ. Writing them back is write.py's job.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, Optional

from flake8_fstring_regex.source import InputError

# Directories that never hold the user's own code.
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".tox",
        ".nox",
        ".venv",
        ".eggs",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".ipynb_checkpoints",  # Jupyter's copies of the notebooks beside it
        "node_modules",
        "site-packages",
    }
)


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """flake8's rule (``utils.matches_filename``): a glob matches the path's
    base name (unless that is ``.`` or ``..``) or its absolute path.

    Patterns holding a ``/`` must already be absolute (config.normalize_path
    does it, from the configuration file's directory or the current one).
    ``*`` matches ``/`` too, as in flake8.
    """
    if not patterns:
        return False
    matches = _matcher(tuple(patterns))
    name = os.path.basename(path)
    if name not in {".", ".."} and matches(os.path.normcase(name)):
        return True
    return matches(os.path.normcase(os.path.abspath(path))) is not None


@lru_cache(maxsize=8)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], Optional[re.Match[str]]]:
    """One regex for all of ``patterns``, as ``fnmatch.fnmatch`` reads each
    (names and patterns in ``os.path.normcase``): a tree of thousands of
    files asks it twice a file."""
    joined = "|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns)
    return re.compile(joined).match


# What a directory walk checks: Python files and Jupyter notebooks.
SUFFIXES = (".py", ".ipynb")

# Build output, skipped unless it is a package of the same name (the
# standard library's venv, pip's operations/build).
OUTPUT_DIRECTORIES = frozenset({"build", "dist"})


def skipped_directory(path: str, name: str) -> bool:
    """Whether the walk leaves out directory ``path`` (named ``name``)."""
    return (
        name in SKIPPED_DIRECTORIES
        or name.endswith(".egg-info")
        or os.path.exists(os.path.join(path, "pyvenv.cfg"))  # any virtualenv
        or (name in OUTPUT_DIRECTORIES and not os.path.exists(os.path.join(path, "__init__.py")))
    )


def discover(paths: Iterable[str], exclude: Sequence[str] = ()) -> Iterator[str]:
    """Every file to check under ``paths``, each once, in a stable order.

    Files named explicitly are always checked (reading refuses what is not a
    regular file); directories are searched for ``*.py`` files and
    ``*.ipynb`` notebooks (regular files) without following symbolic links
    to directories (so a link loop cannot hang the walk). FIFOs, sockets
    and devices met in a walk are skipped.
    """
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path == "-":
            yield path
            continue
        if is_excluded(path, exclude):
            continue
        if not os.path.isdir(path):
            if _first_time(path, seen):
                yield path
            continue
        for full in _walk(path, exclude):
            if _first_time(full, seen):
                yield full


def _walk(top: str, exclude: Sequence[str]) -> Iterator[str]:
    """The ``*.py`` and ``*.ipynb`` files under directory ``top``: each
    directory's files in name order, then its subdirectories in name order,
    depth first.

    Iterative (an explicit stack), so no depth short of the operating
    system's limits can exhaust Python's recursion limit. A directory that
    cannot be listed is passed over, as ``os.walk`` does.
    """
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        subdirectories = []
        for entry in entries:
            full = os.path.join(directory, entry.name)
            if _is_real_directory(entry):
                if not skipped_directory(full, entry.name) and not is_excluded(full, exclude):
                    subdirectories.append(full)
            elif (
                entry.name.endswith(SUFFIXES)
                and _is_regular_or_unreadable(entry)
                and not is_excluded(full, exclude)
            ):
                yield full
        stack.extend(reversed(subdirectories))


def _is_real_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_regular_or_unreadable(entry: os.DirEntry[str]) -> bool:
    """A regular file (or a link to one), or a link whose target cannot be
    looked at (reading it then says why). Not a directory reached through a
    link, a FIFO, a socket or a device: reading those could block or mean
    nothing, and they are never source files."""
    try:
        if entry.is_file(follow_symlinks=True):
            return True
        if not entry.is_symlink():
            return False
        os.stat(entry.path)
    except OSError:
        return True  # a dangling link: reported, as flake8 does
    return False


def _first_time(path: str, seen: set[tuple[int, int]]) -> bool:
    """Whether ``path`` is a file not met before (by device and inode, so a
    file reached through links is checked once). A path that cannot be
    looked at counts as new: reading it will say why it cannot be read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return True
    key = (status.st_dev, status.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


class Snapshot(NamedTuple):
    """What a file was when it was read: enough to tell, just before
    replacing it, whether anyone changed it since."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> Snapshot:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


# What a path that is not a regular file is, for the one-line refusal.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_regular_reason(mode: int) -> Optional[str]:
    """Why a file of this mode is refused, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    for test, kind in _KINDS:
        if test(mode):
            return f"not a regular file ({kind}); left alone"
    return "not a regular file; left alone"


def read_source(path: str) -> bytes:
    """The file's bytes; InputError (one line) when it cannot be read."""
    return read_with_snapshot(path)[0]


def read_with_snapshot(path: str) -> tuple[bytes, Snapshot]:
    """The file's bytes and its snapshot; InputError (one line) when it
    cannot be read. Never blocks on a FIFO and never opens a device: the
    path is looked at first, and opened without waiting for a writer."""
    try:
        reason = not_regular_reason(os.stat(path).st_mode)
        if reason is not None:
            raise InputError(reason)
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
        try:
            status = os.fstat(descriptor)
            reason = not_regular_reason(status.st_mode)  # swapped since the stat
            if reason is not None:
                raise InputError(reason)
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                data = handle.read()
            return data, Snapshot.of(status)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
