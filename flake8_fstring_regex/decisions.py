"""Which codes are reported in which file, decided as flake8 decides.

flake8's rules (``style_guide.DecisionEngine``), for a code such as FSR001:

- A code is *explicitly* selected when a prefix in ``select`` or
  ``extend-select`` matches it, *implicitly* selected when only the default
  selection matches (every installed plugin's prefix, here ``FSR``; an
  explicit ``select`` replaces the default). Likewise for ``ignore`` and
  ``extend-ignore`` (flake8's default ignore list holds no FSR code).
- Selected and not ignored: reported. Neither: not reported. Explicitly
  selected and not explicitly ignored: reported; explicitly ignored and not
  explicitly selected: not reported; not selected at all: not reported.
- Matched by both lists at the same level: the longest matching prefix
  wins, and a tie is ignored.
- ``per-file-ignores``: of the patterns that match the file, the longest
  (the first of equally long ones) adds its codes to ``extend-ignore`` for
  that file; the other patterns do not apply.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import NamedTuple, Optional

from flake8_fstring_regex.files import is_excluded

# What flake8 selects by default for this plugin: its entry point's name.
DEFAULT_SELECT = ("FSR",)
# flake8's default ignore list (flake8.defaults.IGNORE): pycodestyle codes.
DEFAULT_IGNORE = ("E121", "E123", "E126", "E226", "E24", "E704", "W503", "W504")


class _Match(enum.Enum):
    EXPLICIT = "explicit"
    IMPLICIT = "implicit"
    NONE = "none"


def _match(code: str, explicit: Sequence[str], chosen: Sequence[str]) -> _Match:
    if code.startswith(tuple(explicit)):
        return _Match.EXPLICIT
    if code.startswith(tuple(chosen)):
        return _Match.IMPLICIT
    return _Match.NONE


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max(len(prefix) for prefix in prefixes if code.startswith(prefix))


class Choice(NamedTuple):
    """select/ignore as flake8 holds them: ``None`` means "not set" (the
    default applies), an empty tuple means "set to nothing"."""

    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()

    def reports(self, code: str) -> bool:
        """Whether flake8 would report ``code``."""
        selected_explicitly = (*(self.select or ()), *self.extend_select)
        ignored_explicitly = (*(self.ignore or ()), *self.extend_ignore)
        selected = (
            (*self.select, *self.extend_select)
            if self.select is not None
            else (*DEFAULT_SELECT, *self.extend_select)
        )
        ignored = (
            (*self.ignore, *self.extend_ignore)
            if self.ignore is not None
            else (*DEFAULT_IGNORE, *self.extend_ignore)
        )
        chosen = _match(code, selected_explicitly, selected)
        dropped = _match(code, ignored_explicitly, ignored)
        if dropped is _Match.NONE:
            return chosen is not _Match.NONE
        if chosen is _Match.NONE:
            return False
        if chosen is not dropped:  # the explicit one wins
            return chosen is _Match.EXPLICIT
        return _longest(code, selected) > _longest(code, ignored)


class Decisions(NamedTuple):
    """The choice for every file: the project's, and per-file-ignores with
    their patterns already normalized (see config.normalize_path)."""

    choice: Choice = Choice()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def choice_for(self, filename: str) -> Choice:
        """The choice for ``filename`` (as it is reported: the path as found,
        or the name given to standard input)."""
        best: Optional[tuple[str, tuple[str, ...]]] = None
        for pattern, codes in self.per_file_ignores:
            if (best is None or len(pattern) > len(best[0])) and is_excluded(
                filename, (pattern,)
            ):
                best = (pattern, codes)
        if best is None:
            return self.choice
        return Choice(
            self.choice.select,
            self.choice.ignore,
            self.choice.extend_select,
            (*self.choice.extend_ignore, *best[1]),
        )

    def codes_for(self, filename: str, codes: Sequence[str]) -> tuple[str, ...]:
        """Those of ``codes`` reported in ``filename``."""
        choice = self.choice_for(filename)
        return tuple(code for code in codes if choice.reports(code))
