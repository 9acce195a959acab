"""Settings of the command and the codemod, read as flake8 reads them.

config_files.py finds the file flake8 would use and its raw values; this
module gives them flake8's meaning (comma-separated lists, paths relative to
the file's directory, per-file-ignores pairs) and applies command-line
options over them, key by key. The result is one frozen Settings object.
Nothing here imports libcst or flake8.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Optional

from flake8_fstring_regex.config_files import KEYS, ConfigError, RawValue, find, key_name
from flake8_fstring_regex.decisions import Choice, Decisions

__all__ = ["ConfigError", "PatternArg", "Settings", "load_settings", "parse_function_specs"]

OPTION = "fsr-regex-functions"


class PatternArg(NamedTuple):
    """Where a function takes its pattern: a position and/or a keyword."""

    position: Optional[int]
    keyword: Optional[str]


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


def split_list(value: RawValue) -> tuple[str, ...]:
    """flake8's comma-or-whitespace separated list; a TOML list's items are
    taken as they are, as flake8 takes them."""
    if not isinstance(value, str):
        return value
    return tuple(item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip())


_LIST_SEPARATORS = re.compile(r"[,\s]")
# flake8 refuses other ignore / extend-ignore entries in its config file.
_CODE_PREFIX = re.compile("^[A-Z]{1,3}[0-9]{0,3}$", re.ASCII)
# flake8.defaults.EXCLUDE: what flake8 skips unless exclude is set.
DEFAULT_EXCLUDE = (
    ".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg",
)


def normalize_path(path: str, parent: str) -> str:
    """flake8's reading of a path pattern: one holding a separator (or
    ``.``) is taken relative to ``parent`` and made absolute; a bare name
    or glob is left alone. Trailing separators go."""
    separators = os.sep + (os.altsep or "")
    if path == "." or any(sep in path for sep in separators):
        path = os.path.abspath(os.path.join(parent, path))
    return path.rstrip(separators)


_MAPPING_TOKEN = re.compile(
    r"(?P<code>[A-Z]+[0-9]*(?=$|\s|,))|(?P<file>[^\s:,]+)"
    r"|(?P<colon>\s*:\s*)|(?P<comma>\s*,\s*)|(?P<space>\s+)"
)


def parse_per_file_ignores(value: RawValue) -> list[tuple[str, tuple[str, ...]]]:
    """``patterns:codes`` pairs as flake8 reads them: patterns and codes
    separated by commas or whitespace, a pair ending where the next
    pattern starts. A pattern without codes is dropped."""
    text = value if isinstance(value, str) else "\n".join(value)
    pairs: list[tuple[str, tuple[str, ...]]] = []
    patterns: list[str] = []
    codes: list[str] = []
    after_colon = False
    separated = True
    tokens = [(m.lastgroup or "", m.group().strip()) for m in _MAPPING_TOKEN.finditer(text)]
    if not text.strip():
        return pairs
    for kind, token in [*tokens, ("end", "")]:
        if kind in ("comma", "space"):
            separated = True
        elif not after_colon and kind == "colon":
            after_colon = separated = True
        elif not after_colon and separated and kind == "file":
            patterns.append(token)
            separated = False
        elif after_colon and kind == "end":
            pairs += [(pattern, tuple(codes)) for pattern in patterns if codes]
        elif after_colon and separated and kind in ("code", "file"):
            if kind == "code":
                codes.append(token)
            else:  # the next pair's first pattern
                pairs += [(pattern, tuple(codes)) for pattern in patterns if codes]
                patterns, codes = [token], []
                after_colon = False
            separated = False
        else:
            raise ConfigError(
                f"per-file-ignores: unexpected {token or 'end'!r}; expected "
                "'PATTERNS:CODES' pairs (e.g. 'tests/*.py:FSR003')"
            )
    return pairs


class Settings(NamedTuple):
    """What the command and the codemod apply: flake8's decisions, the
    exclude patterns (normalized, see normalize_path) and the configured
    regex functions; ``source`` is the configuration file read, if any."""

    decisions: Decisions = Decisions()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    regex_functions: tuple[tuple[str, PatternArg], ...] = ()
    source: Optional[str] = None

    @property
    def excluded(self) -> tuple[str, ...]:
        """Every pattern a path must not match."""
        return (*self.exclude, *self.extend_exclude)

    def codes_for(self, filename: str) -> tuple[str, ...]:
        """The codes reported (and fixed) in ``filename``."""
        from flake8_fstring_regex.rules import CODES

        return self.decisions.codes_for(filename, tuple(CODES))


class _Value(NamedTuple):
    raw: RawValue
    directory: str  # where relative paths start
    origin: str  # for messages: the file's name or the option
    from_file: bool


def _display(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def load_settings(
    overrides: Optional[Mapping[str, str]] = None, *, start: str = ".", isolated: bool = False
) -> Settings:
    """The settings for a run from ``start``: the configuration file that
    applies (none when ``isolated``), then ``overrides`` (command-line
    options by key name, each replacing the file's value of that key).

    Raises ConfigError (one line) for a malformed file or value.
    """
    values: dict[str, _Value] = {}
    raw = None if isolated else find(start)
    if raw is not None:
        for key, value in raw.values:  # a key written twice: the last wins
            values[key_name(key)] = _Value(value, raw.directory, _display(raw.path), True)
    here = os.path.abspath(start)
    for key, text in (overrides or {}).items():
        if key not in KEYS:
            raise ValueError(f"not a configuration key: {key}")
        values[key] = _Value(text, here, f"--{key}", False)
    return _settings(values, here, None if raw is None else raw.path)


def _lists(values: Mapping[str, _Value]) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in values.items():
        if key == "per-file-ignores":
            continue
        items = split_list(value.raw)
        if key in ("ignore", "extend-ignore") and value.from_file:
            for item in items:
                if not _CODE_PREFIX.match(item):
                    raise ConfigError(
                        f"{value.origin}: {key}: {item!r} is not a code prefix "
                        "(1 to 3 capital letters, then up to 3 digits)"
                    )
        if key in ("exclude", "extend-exclude"):
            items = tuple(normalize_path(item, value.directory) for item in items)
        lists[key] = items
    return lists


def _settings(values: Mapping[str, _Value], here: str, source: Optional[str]) -> Settings:
    lists = _lists(values)
    per_file: list[tuple[str, tuple[str, ...]]] = []
    if "per-file-ignores" in values:
        value = values["per-file-ignores"]
        try:
            pairs = parse_per_file_ignores(value.raw)
        except ConfigError as error:
            raise ConfigError(f"{value.origin}: {error}") from None
        # flake8 reads these patterns from the current directory, wherever
        # the configuration file is.
        per_file = [(normalize_path(pattern, here), codes) for pattern, codes in pairs]
    choice = Choice(
        lists.get("select"),
        lists.get("ignore"),
        lists.get("extend-select", ()),
        lists.get("extend-ignore", ()),
    )
    functions: tuple[tuple[str, PatternArg], ...] = ()
    if OPTION in lists:
        try:
            functions = parse_function_specs(lists[OPTION])
        except ConfigError as error:
            raise ConfigError(f"{values[OPTION].origin}: {error}") from None
    return Settings(
        Decisions(choice, tuple(per_file)),
        lists.get("exclude", DEFAULT_EXCLUDE),
        lists.get("extend-exclude", ()),
        functions,
        source,
    )
