"""A real pre-commit run against a temporary git repository using this
repository's hooks (``pre-commit try-repo``, which installs the hooks from
this working tree into pre-commit's own environment)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
GOOD = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\n'

# pre-commit installs hooks from a git repository: an unpacked sdist is not one.
needs_checkout = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs git and a git checkout of the project",
)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path):
    git("init", "-q", cwd=tmp_path)
    git("config", "user.email", "ci@example.invalid", cwd=tmp_path)
    git("config", "user.name", "CI", cwd=tmp_path)
    (tmp_path / "m.py").write_text(BAD)
    git("add", "m.py", cwd=tmp_path)
    return tmp_path


def try_repo(hook: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", "m.py"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
    )


@needs_checkout
def test_check_hook_fails_and_fix_hook_rewrites(project, pre_commit_home):
    checked = try_repo("flake8-fstring-regex", project, pre_commit_home)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "m.py:3:20: FSR001" in checked.stdout
    assert (project / "m.py").read_text() == BAD

    fixed = try_repo("flake8-fstring-regex-fix", project, pre_commit_home)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "Rewriting m.py" in fixed.stdout
    assert (project / "m.py").read_text() == GOOD

    again = try_repo("flake8-fstring-regex", project, pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_hooks_run_serially_on_python_stubs_and_notebooks():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["flake8-fstring-regex", "flake8-fstring-regex-fix"]
    for hook in hooks:
        # The command runs its own process pool: one copy at a time.
        assert hook["require_serial"] is True
        assert hook["types_or"] == ["python", "pyi", "jupyter"]
        assert "types" not in hook, "types and types_or would both have to match"
        assert hook["minimum_pre_commit_version"] == "2.9.2"  # types_or works from 2.9.2
