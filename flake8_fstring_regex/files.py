"""Finding, reading and safely rewriting source files.

Bytes in, bytes out: the encoding, BOM, line endings and a missing final
newline all survive because libcst round-trips bytes exactly and only the
rewritten literals differ. A file is replaced atomically (temporary file in
the same directory, then ``os.replace``) and only when its bytes changed.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence

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
    name = os.path.basename(path)
    if name not in {".", ".."} and any(fnmatch.fnmatch(name, p) for p in patterns):
        return True
    absolute = os.path.abspath(path)
    return any(fnmatch.fnmatch(absolute, pattern) for pattern in patterns)


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

    Files named explicitly are always checked; directories are searched for
    ``*.py`` files and ``*.ipynb`` notebooks without following symbolic links to directories (so a
    link loop cannot hang the walk).
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
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d
                for d in dirs
                if not skipped_directory(os.path.join(root, d), d)
                and not is_excluded(os.path.join(root, d), exclude)
            )
            for name in sorted(files):
                full = os.path.join(root, name)
                if not name.endswith(SUFFIXES) or is_excluded(full, exclude):
                    continue
                if _first_time(full, seen, skip_directories=True):
                    yield full


def _first_time(
    path: str, seen: set[tuple[int, int]], *, skip_directories: bool = False
) -> bool:
    """Whether ``path`` is a file not met before (by device and inode, so a
    file reached through links is checked once). A path that cannot be
    looked at counts as new: reading it will say why it cannot be read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return True
    if skip_directories and stat.S_ISDIR(status.st_mode):
        return False  # a directory named x.py reached through a link
    key = (status.st_dev, status.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def read_source(path: str) -> bytes:
    """The file's bytes; InputError (one line) when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path``'s contents with ``data`` without ever truncating it.

    The data goes to a temporary file beside the target, which then replaces
    it in one step; permission bits are kept. A file the user may not write
    is refused rather than replaced behind their back. A symbolic link is
    followed, so the link stays a link.
    """
    target = os.path.realpath(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None
    if not os.access(target, os.W_OK):
        raise InputError("cannot write: permission denied (file is read-only)")
    directory = os.path.dirname(target)
    try:
        fd, temporary = tempfile.mkstemp(
            dir=directory, prefix=".fsr-", suffix=".tmp"
        )
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError(f"cannot write: {error.strerror or error}") from None
        raise
