"""Living beside ruff: with ``lint.external = ["FSR"]`` ruff keeps our
``# noqa: FSR001`` comments; without it, RUF100/RUF102's fix deletes them
(which shows the first test can fail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import python, run_process

SOURCE = 'import re\n\nk = 1\nPATTERN = re.compile(rf"{k}\\d{6}")  # noqa: FSR001\n'
EXTERNAL = '[tool.ruff.lint]\nexternal = ["FSR"]\n'


def ruff_fix(directory: Path) -> str:
    """``ruff check --select RUF100,RUF102 --fix`` as a hook would run it;
    the file's text afterwards."""
    result = run_process(
        *python("-m", "ruff", "check", "--no-cache", "--select", "RUF100,RUF102", "--fix",
                "m.py"),
        cwd=directory,
    )
    assert result.code in (0, 1), result.err
    return (directory / "m.py").read_text()


@pytest.fixture
def project(tmp_path):
    (tmp_path / "m.py").write_text(SOURCE)
    return tmp_path


def test_external_fsr_keeps_the_suppression(project):
    (project / "pyproject.toml").write_text(EXTERNAL)
    assert ruff_fix(project) == SOURCE


def test_without_it_ruff_deletes_the_suppression(project):
    (project / "pyproject.toml").write_text("[tool.ruff]\n")
    fixed = ruff_fix(project)
    assert "noqa" not in fixed
    assert fixed == SOURCE.replace("  # noqa: FSR001", "")


def test_the_readme_gives_that_setting():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Using with ruff", 1)[1].split("\n## ", 1)[0]
    assert EXTERNAL.strip() in section
    assert "flake8-fstring-regex-fix" in section
