"""Which calls take a regex, and which of their arguments is the pattern.

Three kinds of place: functions known by qualified name (``re.compile``,
resolved however they were imported), ``unittest`` assertions called on
``self``, and pandas ``.str`` accessor methods (known by shape, since the
receiver's type is unknown statically).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from flake8_fstring_regex.config import PatternArg


def find_pattern(spec: PatternArg, args: Sequence[cst.Arg]) -> Optional[cst.BaseExpression]:
    """The pattern expression among a call's arguments, if it is there."""
    positional = 0
    for arg in args:
        if arg.star:
            return None  # *args or **kwargs: the pattern cannot be located
        if arg.keyword is not None:
            if arg.keyword.value == spec.keyword:
                return arg.value
        else:
            if positional == spec.position:
                return arg.value
            positional += 1
    return None


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


@dataclass(frozen=True)
class RegexPlaces:
    """Every place a regex goes; ``functions`` is extended by configuration."""

    functions: Mapping[str, PatternArg] = field(default_factory=lambda: dict(DEFAULT_FUNCTIONS))

    @classmethod
    def with_extra(cls, extra: Iterable[tuple[str, PatternArg]]) -> RegexPlaces:
        """The defaults plus ``fsr-regex-functions`` entries."""
        return cls({**DEFAULT_FUNCTIONS, **dict(extra)})

    def pattern_of(
        self, call: cst.Call, qualified_names: Collection[str]
    ) -> Optional[cst.BaseExpression]:
        """The regex argument of ``call``, or None when it takes no regex."""
        for name in qualified_names:
            spec = self.functions.get(name)
            if spec is not None:
                return find_pattern(spec, call.args)
        func = call.func
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        receiver = func.value
        if method in SELF_METHODS and isinstance(receiver, cst.Name) and receiver.value == "self":
            return find_pattern(SELF_METHODS[method], call.args)
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "str":
            if method in STR_METHODS:
                return find_pattern(STR_METHODS[method], call.args)
            if method in STR_METHODS_IF_REGEX and _has_true_keyword(call, "regex"):
                return find_pattern(STR_METHODS_IF_REGEX[method], call.args)
        if method == "filter":
            return find_pattern(FILTER_REGEX, call.args)
        return None


def _has_true_keyword(call: cst.Call, keyword: str) -> bool:
    return any(
        arg.keyword is not None
        and arg.keyword.value == keyword
        and isinstance(arg.value, cst.Name)
        and arg.value.value == "True"
        for arg in call.args
    )


DEFAULT_PLACES = RegexPlaces()
