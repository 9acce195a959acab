"""Which configuration file applies, and its raw ``key = value`` pairs.

The file is the one flake8 would use, so the command and the codemod answer
what flake8 answers:

1. ``pyproject.toml`` in the current directory, when it has a
   ``[tool.flake8]`` table. This is Flake8-pyproject's convention: it reads
   only that file (not its parents) and then ignores flake8's own files.
2. Otherwise flake8's own search: from the current directory upwards (never
   into the home directory, never past the root), the first ``setup.cfg``,
   ``tox.ini`` or ``.flake8`` that has a ``[flake8]`` (or
   ``[flake8:local-plugins]``) section. Files configparser cannot parse are
   skipped, as flake8 skips them.
3. Otherwise, for projects without flake8, the first ``pyproject.toml`` from
   the current directory upwards with a ``[tool.flake8-fstring-regex]``
   table.

Values stay raw here (a string, or a TOML list of strings); config.py gives
them meaning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple, Optional, Union

FLAKE8_FILES = ("setup.cfg", "tox.ini", ".flake8")
PYPROJECT = "pyproject.toml"
OWN_TABLE = "flake8-fstring-regex"

RawValue = Union[str, tuple[str, ...]]

# The keys read here, as flake8 spells them (``_`` may stand for ``-``).
KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "fsr-regex-functions",
)


def key_name(key: str) -> str:
    """A configuration key as listed in KEYS (configparser lower-cases)."""
    return key.lower().replace("_", "-")


class ConfigError(Exception):
    """A configuration file or value that cannot be used (one line for the user)."""


class RawConfig(NamedTuple):
    """The keys of the file that applies, as written.

    ``directory`` is where relative ``exclude`` patterns start from (the
    file's directory); ``strict`` says unknown keys are errors (our own
    table) rather than another tool's settings (flake8's section).
    """

    path: str
    directory: str
    values: tuple[tuple[str, RawValue], ...]
    strict: bool = False


def find(start: str = ".") -> Optional[RawConfig]:
    """The configuration that applies when running from ``start``."""
    start = os.path.abspath(start)
    candidate = os.path.join(start, PYPROJECT)
    if os.path.isfile(candidate):
        table = _tool_table(_load_toml(candidate), "flake8", candidate)
        if table is not None:
            return _from_table(candidate, table, strict=False)
    flake8_file = find_flake8_file(start)
    if flake8_file is not None:
        return _from_ini(flake8_file)
    for directory in _upwards(start):
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.isfile(candidate):
            table = _tool_table(_load_toml(candidate), OWN_TABLE, candidate)
            if table is not None:
                return _from_table(candidate, table, strict=True)
    return None


def _stat_key(path: str) -> Optional[tuple[int, int]]:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_dev


def _upwards(start: str) -> Iterator[str]:
    """``start`` and its parents, stopping below the home directory and at
    the root (flake8's rule: the home directory itself is not searched)."""
    home = os.path.expanduser("~")
    home_key = _stat_key(home) if home != "~" else None
    directory = start
    key = _stat_key(directory)
    while True:
        yield directory
        parent = os.path.dirname(directory)
        parent_key = _stat_key(parent)
        if parent_key == key or (home_key is not None and parent_key == home_key):
            return
        directory, key = parent, parent_key


def find_flake8_file(start: str = ".") -> Optional[str]:
    """The ``setup.cfg``, ``tox.ini`` or ``.flake8`` flake8 would read."""
    for directory in _upwards(os.path.abspath(start)):
        for name in FLAKE8_FILES:
            path = os.path.join(directory, name)
            if not os.path.isfile(path):
                continue  # what configparser skips; it is imported only for a file
            import configparser

            parser = configparser.RawConfigParser()
            try:
                parser.read(path, encoding="UTF-8")
            except (UnicodeDecodeError, configparser.ParsingError):
                continue  # flake8 warns and goes on looking
            except configparser.Error as error:
                raise ConfigError(f"{path}: {_first_line(error)}") from None
            if "flake8" in parser or "flake8:local-plugins" in parser:
                return path
    return None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _from_ini(path: str) -> RawConfig:
    import configparser

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="UTF-8")
    except (configparser.Error, UnicodeDecodeError, OSError) as error:
        raise ConfigError(f"{path}: {_first_line(error)}") from None
    values: tuple[tuple[str, RawValue], ...] = ()
    if parser.has_section("flake8"):
        values = tuple(
            (key, parser.get("flake8", key))
            for key in parser.options("flake8")
            if key_name(key) in KEYS
        )
    return RawConfig(path, os.path.dirname(path), values)


def _load_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {_first_line(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {_first_line(error)}") from None
    return data


def _tool_table(data: dict[str, Any], name: str, path: str) -> Optional[dict[str, Any]]:
    tool = data.get("tool")
    if not isinstance(tool, dict) or name not in tool:
        return None
    table = tool[name]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{name}] must be a table")
    return table


def _from_table(path: str, table: dict[str, Any], *, strict: bool) -> RawConfig:
    """Flake8-pyproject's reading of a TOML table: keys are lower-cased as
    configparser does, booleans and numbers become their ``str``, a list
    of strings stays a list (flake8 then takes its items as they are)."""
    values: list[tuple[str, RawValue]] = []
    for key, value in table.items():
        if key_name(key) not in KEYS:
            if strict:
                raise ConfigError(f"{path}: [tool.{OWN_TABLE}]: unknown key {key!r}")
            continue  # another flake8 setting, not ours to judge
        if isinstance(value, (bool, int, float)):
            value = str(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = tuple(value)
        elif not isinstance(value, str):
            raise ConfigError(f"{path}: {key}: expected a string or a list of strings")
        values.append((key.lower(), value))
    return RawConfig(path, os.path.dirname(os.path.realpath(path)), tuple(values), strict)
