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
from flake8_fstring_regex.regex_names import (
    DEFAULT_FUNCTIONS,
    FILTER_REGEX,
    SELF_METHODS,
    STR_METHODS,
    STR_METHODS_IF_REGEX,
)


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
