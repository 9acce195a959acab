"""Configuration shared by both front ends, without importing libcst.

``fsr-regex-functions`` names more functions that take a regex. flake8 reads
it from its config files (``setup.cfg``, ``tox.ini``, ``.flake8``); the
command line finds the same file the way flake8 does, so both agree.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Iterable
from typing import NamedTuple, Optional

OPTION = "fsr-regex-functions"
CONFIG_FILES = ("setup.cfg", "tox.ini", ".flake8")


class PatternArg(NamedTuple):
    """Where a function takes its pattern: a position and/or a keyword."""

    position: Optional[int]
    keyword: Optional[str]


class ConfigError(Exception):
    """A configuration value that cannot be used (one line for the user)."""


def parse_function_spec(spec: str) -> tuple[str, PatternArg]:
    """``module.func``, ``module.func:N``, ``module.func:keyword`` or
    ``module.func:N:keyword`` (the pattern's position and/or keyword; the
    default is the first positional argument or ``pattern=``)."""
    name, *where = [part.strip() for part in spec.split(":")]
    valid_name = all(piece.isidentifier() for piece in name.split("."))
    if not valid_name or "." not in name or len(where) > 2 or not all(where):
        raise ConfigError(f"bad {OPTION} entry {spec!r}: expected module.function[:N][:keyword]")
    if not where:
        return name, PatternArg(0, "pattern")
    position: Optional[int] = None
    keyword: Optional[str] = None
    for item in where:
        if item.isdigit():
            position = int(item)
        elif item.isidentifier():
            keyword = item
        else:
            raise ConfigError(f"bad {OPTION} entry {spec!r}: {item!r} is not a position or keyword")
    return name, PatternArg(position, keyword)


def parse_function_specs(specs: Iterable[str]) -> tuple[tuple[str, PatternArg], ...]:
    return tuple(parse_function_spec(spec) for spec in specs if spec.strip())


def split_list(value: str) -> list[str]:
    """flake8's comma-or-newline separated list."""
    return [item for item in re.split(r"[,\s]+", value) if item]


def find_config_file(start: str = ".") -> Optional[str]:
    """The file flake8 would read: walking up from ``start``, the first
    setup.cfg, tox.ini or .flake8 with a ``[flake8]`` section."""
    directory = os.path.abspath(start)
    home = os.path.expanduser("~")
    while True:
        for name in CONFIG_FILES:
            path = os.path.join(directory, name)
            parser = configparser.RawConfigParser()
            try:
                parser.read(path, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError):
                continue
            if parser.has_section("flake8"):
                return path
        parent = os.path.dirname(directory)
        if parent == directory or directory == home:
            return None
        directory = parent


def functions_from_config(path: Optional[str]) -> list[str]:
    """The ``fsr-regex-functions`` entries of a flake8 config file."""
    if path is None:
        return []
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    for key in (OPTION, OPTION.replace("-", "_")):
        if parser.has_option("flake8", key):
            return split_list(parser.get("flake8", key))
    return []
