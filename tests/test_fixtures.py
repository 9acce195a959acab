"""Every fixture file yields exactly the findings written next to its lines."""

from __future__ import annotations

import ast
import sys
import warnings

import pytest
from expectations import FIXTURES, expected_findings, show

from flake8_fstring_regex.plugin import Plugin

FIXTURE_FILES = sorted(FIXTURES.glob("*.py"))
PEP701 = {"pep701.py"}


def plugin_findings(source: str) -> list[tuple[int, int, str]]:
    lines = source.splitlines(keepends=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fixtures hold invalid escapes on purpose
        tree = ast.parse(source)
    plugin = Plugin(tree, lines)
    return sorted((line, col, message.split()[0]) for line, col, message, _ in plugin.run())


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture(path):
    if path.name in PEP701 and sys.version_info < (3, 12):
        pytest.skip("PEP 701 f-strings need Python 3.12")
    source = path.read_text(encoding="utf-8")
    expected = expected_findings(source)
    assert expected, "a fixture without expectations tests nothing"
    actual = plugin_findings(source)
    missing = sorted(set(expected) - set(actual))
    unexpected = sorted(set(actual) - set(expected))
    assert not missing and not unexpected, (
        f"missing:\n{show(missing, source)}\nunexpected:\n{show(unexpected, source)}"
    )
    assert actual == expected  # also catches a finding reported twice


def test_expectation_reader_reads_offsets():
    source = 'x = 1  # FSR001@4 FSR002@-1:7\n'
    assert expected_findings(source) == [(0, 7, "FSR002"), (1, 4, "FSR001")]
