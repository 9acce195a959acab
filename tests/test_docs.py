"""Every code is documented everywhere it must be, and the docs stay true."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from expectations import FIXTURES

from flake8_fstring_regex.codes import CODES

README = (ROOT / "README.md").read_text(encoding="utf-8")
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
FIXTURE_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.py"))


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_documented_and_tested(code):
    section = re.search(rf"^### {code}: ([^\n]+)\n(.*?)(?=^### |^## )", README, re.M | re.S)
    assert section, f"README has no '### {code}: ...' section"
    body = section.group(2)
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
