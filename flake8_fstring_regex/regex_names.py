"""The tables of functions that take a regex; no libcst needed to read them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

from flake8_fstring_regex.config import PatternArg

_PATTERN_FIRST = PatternArg(0, "pattern")
_RE_FUNCTIONS = ("compile", "search", "match", "fullmatch", "findall", "finditer", "split",
                 "sub", "subn")
# The third-party ``regex`` module adds these to the ``re`` set.
_REGEX_EXTRA = ("splititer", "subf", "subfn")

DEFAULT_FUNCTIONS: dict[str, PatternArg] = {
    **{f"re.{name}": _PATTERN_FIRST for name in _RE_FUNCTIONS},
    **{f"regex.{name}": _PATTERN_FIRST for name in _RE_FUNCTIONS + _REGEX_EXTRA},
    "pytest.raises": PatternArg(None, "match"),
    "pytest.warns": PatternArg(None, "match"),
    "django.urls.re_path": PatternArg(0, "route"),
    "django.conf.urls.url": PatternArg(0, "regex"),
}

# unittest.TestCase methods, recognised when called on ``self``.
SELF_METHODS: dict[str, PatternArg] = {
    "assertRegex": PatternArg(1, "expected_regex"),
    "assertNotRegex": PatternArg(1, "unexpected_regex"),
    "assertRaisesRegex": PatternArg(1, "expected_regex"),
    "assertWarnsRegex": PatternArg(1, "expected_regex"),
}

# pandas ``Series.str`` methods whose first argument is a regex.
STR_METHODS: dict[str, PatternArg] = {
    name: PatternArg(0, "pat")
    for name in ("contains", "match", "fullmatch", "extract", "extractall", "findall", "count")
}
# ... and those that take a regex only when called with ``regex=True``.
STR_METHODS_IF_REGEX: dict[str, PatternArg] = {
    "replace": PatternArg(0, "pat"),
    "split": PatternArg(0, "pat"),
}
# ``DataFrame.filter(regex=...)``: the keyword itself says it is a regex.
FILTER_REGEX = PatternArg(None, "regex")


# No \b before "as": a literal start lets the regex engine skip ahead, which
# is 15 times faster; names after "class", "has" and the like only make the
# superset larger.
_ALIAS = re.compile(r"as\s+([A-Za-z_]\w*)")


@lru_cache(maxsize=1)
def _aliases(source: str) -> tuple[str, ...]:
    """The names after every ``as`` (once per source, however many steps ask)."""
    return tuple(_ALIAS.findall(source))


class PatternPlaces(NamedTuple):
    """Where the calls to functions with one last name may take a pattern:
    the union of every such function's position and keyword; ``anywhere``
    for an ``import ... as`` alias, whose function the text does not say."""

    positions: frozenset[int]
    keywords: frozenset[str]
    anywhere: bool = False


ANYWHERE = PatternPlaces(frozenset(), frozenset(), anywhere=True)


def pattern_places(qualified: Mapping[str, PatternArg], source: str) -> dict[str, PatternPlaces]:
    """For the last name of every function that may take a regex in
    ``source`` (aliases included), where its pattern may be: a superset of
    regex_calls.RegexPlaces, for the ``ast`` screen."""
    specs: dict[str, list[PatternArg]] = {}
    tables: list[Iterable[tuple[str, PatternArg]]] = [
        ((name.rsplit(".", 1)[-1], spec) for name, spec in qualified.items()),
        SELF_METHODS.items(), STR_METHODS.items(), STR_METHODS_IF_REGEX.items(),
        [("filter", FILTER_REGEX)],
    ]
    for table in tables:
        for name, spec in table:
            specs.setdefault(name, []).append(spec)
    places = {
        name: PatternPlaces(
            frozenset(s.position for s in found if s.position is not None),
            frozenset(s.keyword for s in found if s.keyword is not None),
        )
        for name, found in specs.items()
    }
    for alias in _aliases(source):
        places[alias] = ANYWHERE
    return places


def callee_names(qualified: Iterable[str], source: str) -> frozenset[str]:
    """The last name of every function that may take a regex in ``source``,
    with every ``import ... as NAME`` alias (a superset, for the screen)."""
    names = {name.rsplit(".", 1)[-1] for name in qualified}
    names.update(SELF_METHODS, STR_METHODS, STR_METHODS_IF_REGEX, ("filter",))
    names.update(_aliases(source))
    return frozenset(names)
