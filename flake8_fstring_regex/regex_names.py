"""The tables of functions that take a regex; no libcst needed to read them."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Optional

from flake8_fstring_regex.config import PatternArg
from flake8_fstring_regex.imports import imported

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


def roots(functions: Iterable[str]) -> frozenset[str]:
    """The first names of configured functions' qualified names (``re`` of
    ``re.compile``): a statement binding one of them qualifies the calls on it."""
    return frozenset(name.split(".", 1)[0] for name in functions)


DEFAULT_ROOTS = roots(DEFAULT_FUNCTIONS)


def callee_names(configured: Iterable[str] = ()) -> frozenset[str]:
    """The last name of every function that may take a regex: the
    defaults, the ``unittest`` and pandas methods, ``filter``, and the
    configured functions' (``configured``: their last names)."""
    names = {name.rsplit(".", 1)[-1] for name in DEFAULT_FUNCTIONS}
    names.update(SELF_METHODS, STR_METHODS, STR_METHODS_IF_REGEX, ("filter",))
    return frozenset(names.union(configured))


class PatternPlaces(NamedTuple):
    """Where the calls to functions with one last name may take a pattern:
    the union of every such function's position and keyword; ``anywhere``
    for an ``import ... as`` alias, whose function the text does not say."""

    positions: frozenset[int]
    keywords: frozenset[str]
    anywhere: bool = False


ANYWHERE = PatternPlaces(frozenset(), frozenset(), anywhere=True)


def _merged(specs: Iterable[PatternArg]) -> PatternPlaces:
    found = list(specs)
    return PatternPlaces(
        frozenset(s.position for s in found if s.position is not None),
        frozenset(s.keyword for s in found if s.keyword is not None),
    )


def _by_last_name(table: Iterable[tuple[str, PatternArg]]) -> dict[str, PatternPlaces]:
    specs: dict[str, list[PatternArg]] = {}
    for name, spec in table:
        specs.setdefault(name.rsplit(".", 1)[-1], []).append(spec)
    return {name: _merged(found) for name, found in specs.items()}


class CallPlaces:
    """Where a call may take a pattern, by the call's shape: a superset of
    regex_calls.RegexPlaces.pattern_of for the ``ast`` screen.

    A configured function matches by its last name, but a bare call
    (``compile(code)``) only when an import may bind that name (else it is
    a builtin or the module's own function, whose qualified name is no
    dotted one), and a method (``pattern.match(text)``) only when the
    receiver's first name may be a module (imported, or the first name of
    a configured function); ``unittest`` assertions only on ``self``; pandas methods
    only on a ``.str`` receiver (``replace``/``split`` with ``regex=True``);
    ``filter`` on any receiver; an ``import ... as`` alias anywhere.
    """

    def __init__(self, qualified: Mapping[str, PatternArg], source: str) -> None:
        self.functions = _by_last_name(qualified.items())
        # A name no import binds resolves to builtins.NAME or the module's own.
        self.unimported = {
            name.rsplit(".", 1)[-1]
            for name in qualified
            if "." not in name or name.startswith("builtins.") or "<locals>" in name
        }
        imports = imported(source)
        # Every name, when some import statement cannot be read.
        self.anything = imports.anything
        self.imported = imports.words
        # A receiver's first name that a configured function's name starts
        # with may be the module's own variable (not imported); a name
        # qualified by a function's scope (f.<locals>.p.match) may be anything.
        self.roots = roots(qualified)
        self.any_receiver = any("<locals>" in name for name in qualified)
        self.aliases = imports.aliases
        self.self_methods = _by_last_name(SELF_METHODS.items())
        self.str_methods = _by_last_name(STR_METHODS.items())
        self.str_if_regex = _by_last_name(STR_METHODS_IF_REGEX.items())

    def of(self, call: ast.Call) -> Optional[PatternPlaces]:
        """Where ``call`` may take a pattern; None when it takes none."""
        func = call.func
        if isinstance(func, ast.Name):
            name = func.id
            if name in self.aliases or self.anything:
                return ANYWHERE
            bound = name in self.imported or name in self.unimported
            return self.functions.get(name) if bound else None
        if not isinstance(func, ast.Attribute):
            return None
        name = func.attr
        if name in self.aliases or self.anything:
            return ANYWHERE
        receiver = func.value
        first = receiver
        while isinstance(first, ast.Attribute):
            first = first.value
        # re.compile, pytest.raises: a dotted name resolves through its first
        # name's import; a variable's method (pattern.match) has no such
        # name, nor has a call's result's (get().match).
        qualified = self.any_receiver or (
            isinstance(first, ast.Name)
            and (first.id in self.imported or first.id in self.roots)
        )
        found = [self.functions.get(name) if qualified else None]
        if isinstance(receiver, ast.Name) and receiver.id == "self":
            found.append(self.self_methods.get(name))
        if isinstance(receiver, ast.Attribute) and receiver.attr == "str":
            found.append(self.str_methods.get(name))
            if _has_true_keyword(call, "regex"):
                found.append(self.str_if_regex.get(name))
        if name == "filter":
            found.append(_merged([FILTER_REGEX]))
        places = [where for where in found if where is not None]
        if len(places) < 2:
            return places[0] if places else None
        return PatternPlaces(
            frozenset().union(*(w.positions for w in places)),
            frozenset().union(*(w.keywords for w in places)),
        )


def _has_true_keyword(call: ast.Call, keyword: str) -> bool:
    return any(
        k.arg == keyword and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )
