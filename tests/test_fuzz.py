"""The plugin never raises on generated valid programs (hypothesmith)."""

from __future__ import annotations

import ast
import warnings

import pytest
from hypothesis import HealthCheck, given, settings

from flake8_fstring_regex.analysis import analyse
from flake8_fstring_regex.files import InputError
from flake8_fstring_regex.plugin import Plugin

hypothesmith = pytest.importorskip("hypothesmith")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(hypothesmith.from_grammar())
def test_never_crashes_on_valid_code(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError):
            return  # hypothesmith's grammar is wider than this Python's
    list(Plugin(tree, source.splitlines(True)).run())
    try:
        analysis = analyse(source.encode("utf-8", "surrogatepass"))
        analysis.fixed()
    except InputError:
        pass  # a clean, one-line refusal is fine; a crash is not
