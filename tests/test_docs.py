"""Every code is documented everywhere it must be, and the docs stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from expectations import FIXTURES

import flake8_fstring_regex.rules as rules_package
from flake8_fstring_regex.rules import CODES, FAMILIES

README = (ROOT / "README.md").read_text(encoding="utf-8")
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
FIXTURE_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.py"))


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_documented_and_tested(code):
    section = re.search(rf"^### {code}: ([^\n]+)\n(.*?)(?=^### |^## )", README, re.M | re.S)
    assert section, f"README has no '### {code}: ...' section"
    title, body = section.group(1), section.group(2)
    assert title.replace("`", "") == CODES[code].title, "README heading and code title differ"
    for heading in ("**What it does.**", "**Why is this bad?**", "**Example**",
                    "**Use instead**", "**Fix safety.**"):
        assert heading in body, f"{code} section lacks {heading}"
    assert f"`{code}`" in CHANGELOG, f"{code} missing from CHANGELOG.md"
    assert f"{code}@" in FIXTURE_TEXT, f"no fixture expects {code}"


def test_readme_codes_all_exist():
    documented = set(re.findall(r"^### (FSR\d{3})", README, re.M))
    assert documented == set(CODES)


def test_readme_example_output_is_real(cli):
    example = ROOT / "examples" / "report_files.py"
    result = cli(str(example))
    printed = {line.split(": ", 1)[1] for line in result.out.splitlines()}
    shown = re.findall(r"^examples/report_files\.py:\d+:\d+: (FSR.*)$", README, re.M)
    assert shown and set(shown) <= printed


def test_every_family_is_registered_and_laid_out_alike():
    # A family is one folder: codes and registration, gates, detection.
    # The package as imported: the checkout's, or the installed wheel's when
    # the tests run from an unpacked sdist.
    rules = Path(rules_package.__file__).parent
    folders = sorted(p for p in rules.iterdir()
                     if p.is_dir() and (p / "__init__.py").exists())
    assert len(folders) == len(FAMILIES)
    for folder in folders:
        assert {"__init__.py", "gates.py", "detect.py"} <= {p.name for p in folder.iterdir()}
    assert {f.detector.rsplit(".", 2)[-2] for f in FAMILIES} == {p.name for p in folders}


def test_contributing_names_every_step():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for place in ("rules/", "gates.py", "detect.py", "tests/fixtures/", "README.md",
                  "CHANGELOG.md"):
        assert place in contributing
