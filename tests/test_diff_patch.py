"""``--diff`` prints a patch that ``git apply`` and ``patch`` accept, and that
gives exactly what ``--fix`` writes."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import python, run_process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_fstring_regex.diff import unified_diff
from flake8_fstring_regex.process import Job, process_source

needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("patch") is None, reason="needs git and patch"
)

FINDING = 're.compile(rf"{k}\\d{6}")'
CASES = {
    "no_final_newline": f"import re\nk = 1\n{FINDING}".encode(),
    "crlf": f"import re\r\nk = 1\r\n{FINDING}\r\n".encode(),
    "mixed": f"import re\r\nk = 1\n{FINDING}\r\nx = 2\rY = 3\n".encode(),
    "crlf_no_final": f"import re\r\nk = 1\r\n{FINDING}".encode(),
    "form_feed": f"import re\n\x0c\nk = 1\n\x0c# page\n{FINDING}\n".encode(),
    "separators": f'import re\ns = "a\u2028b\u0085c\x1cd\x0be"\nk = 1\n{FINDING}\n'.encode(),
    "latin1": (
        b"# -*- coding: latin-1 -*-\nimport re\nk = '\xe9'\n" + FINDING.encode() + b"\n"
    ),
    "bom": b"\xef\xbb\xbfimport re\nk = 1\n" + FINDING.encode() + b"\n",
    "one_line": f"import re; k = 1; {FINDING}".encode(),
}


def _tool(args: list[str], cwd: Path, patch: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, cwd=cwd, input=patch, capture_output=True, timeout=60)


def assert_applies(tmp: Path, name: str, before: bytes, patch: bytes, after: bytes) -> None:
    """git apply --check and patch --dry-run accept ``patch``; git apply
    and patch both turn ``before`` into exactly ``after``."""
    for command in (["git", "apply", "--check", "-"], ["patch", "--dry-run", "-p1"]):
        (tmp / name).write_bytes(before)
        result = _tool(command, tmp, patch)
        assert result.returncode == 0, (command, result.stdout, result.stderr, patch)
    for command in (["git", "apply", "-"], ["patch", "-p1", "--quiet"]):
        (tmp / name).write_bytes(before)
        result = _tool(command, tmp, patch)
        assert result.returncode == 0, (command, result.stderr)
        assert (tmp / name).read_bytes() == after, command


@needs_tools
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_diff_is_a_valid_patch_equal_to_the_fix(tmp_path, case):
    data = CASES[case]
    (tmp_path / "m.py").write_bytes(data)
    # The patch is bytes in the file's own encoding (here not always UTF-8).
    diff = subprocess.run(
        python("-m", "flake8_fstring_regex", "--diff", "m.py"), cwd=tmp_path,
        capture_output=True, timeout=120,
    )
    assert diff.returncode == 1, diff.stderr
    (tmp_path / "fixed.py").write_bytes(data)
    fixed = run_process(*python("-m", "flake8_fstring_regex", "--fix", "fixed.py"), cwd=tmp_path)
    assert fixed.code == 1, fixed.err
    after = (tmp_path / "fixed.py").read_bytes()
    assert after != data
    assert_applies(tmp_path, "m.py", data, diff.stdout, after)


def test_no_final_newline_is_marked():
    patch = unified_diff("m.py", b"a\nb", b"a\nc")
    assert patch.endswith(b"-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")


def test_diff_with_json_is_a_usage_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.py").write_bytes(CASES["crlf"])
    with pytest.raises(SystemExit) as stop:
        cli("--diff", "--format", "json", "m.py")
    assert stop.value.code == 2


@needs_tools
def test_an_odd_file_name_in_the_headers_is_read_back_by_both_tools(tmp_path):
    name = "two\nlines.py"
    data = CASES["crlf"]
    fixed = process_source(name, data, Job("fix")).fixed_source
    patch = process_source(name, data, Job("diff")).diff
    assert patch.startswith(b'--- "a/two\\nlines.py"\n+++ "b/two\\nlines.py"\n')
    assert fixed is not None
    assert_applies(tmp_path, name, data, patch, fixed)


# Generated files: lines that hold a finding or not, every line ending
# Python knows, characters that other tools take for line breaks, with or
# without a final newline.
ODD = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
LINES = st.one_of(
    st.just(FINDING),
    st.just("x = 1"),
    st.just(""),
    st.sampled_from(ODD).map(lambda char: f's = "a{char}b"'),
    st.sampled_from(["\x0c", "\x0c# page"]),
    st.integers(2, 9).map(lambda n: f're.compile(rf"{{k}}\\d{{{n}}}")'),
)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def sources(draw: st.DrawFn) -> bytes:
    body = draw(st.lists(st.tuples(LINES, ENDINGS), min_size=1, max_size=12))
    text = "import re\nk = 1\n" + "".join(line + end for line, end in body)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text.encode()


@needs_tools
@settings(
    max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sources())
def test_git_apply_accepts_the_diff_of_any_generated_file(data):
    fixed = process_source("m.py", data, Job("fix"))
    if fixed.fixed_source is None:
        return  # nothing to fix, or refused (one line): nothing to diff
    patch = process_source("m.py", data, Job("diff")).diff
    with tempfile.TemporaryDirectory() as tmp:
        assert_applies(Path(tmp), "m.py", data, patch, fixed.fixed_source)
