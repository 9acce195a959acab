"""Every path: FIFOs, sockets and devices, odd names, very deep trees."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from conftest import python, run_process

from flake8_fstring_regex.files import discover
from flake8_fstring_regex.names import show_path

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
GOOD = 'import re\nk = 1\nre.compile(rf"{k}\\d{{6}}")\n'

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")

# The summary --fix closes with.
FIXED_ONE = "Found 1 finding (1 fixed, 0 remaining)."


def command(*args: str, cwd: Path):
    # A hang would be the bug: a real process with a timeout shows it.
    return run_process(*python("-m", "flake8_fstring_regex", *args), cwd=cwd)


@needs_fifo
def test_fifo_socket_and_link_to_device_are_skipped_in_a_walk(tmp_path):
    (tmp_path / "a.py").write_text(BAD)
    os.mkfifo(tmp_path / "pipe.py")
    os.symlink(os.devnull, tmp_path / "null.py")
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(tmp_path / "sock.py"))
        except OSError:
            pytest.skip("cannot bind a Unix socket here")
        result = command("--fix", ".", cwd=tmp_path)
    assert (result.code, result.err) == (
        1, f"Rewriting {os.path.join('.', 'a.py')}\n{FIXED_ONE}\n"
    )
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.py").st_mode)
    assert (tmp_path / "a.py").read_text() == GOOD


@needs_fifo
@pytest.mark.parametrize("mode", [(), ("--fix",), ("--diff",)], ids=["check", "fix", "diff"])
def test_a_named_fifo_or_device_is_refused_in_one_line_never_replaced(tmp_path, mode):
    os.mkfifo(tmp_path / "x.py")
    result = command(*mode, "x.py", os.devnull, cwd=tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [
        "x.py: error: not a regular file (a FIFO); left alone",
        f"{os.devnull}: error: not a regular file (a character device); left alone",
    ]
    assert stat.S_ISFIFO(os.lstat(tmp_path / "x.py").st_mode)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


NAMES = {
    "latin1": b"caf\xe9.py",  # not UTF-8
    "newline": b"two\nlines.py",
    "carriage": b"cr\rname.py",
    "separator": "sep\u2028x.py".encode(),
    "quote": b'say "hi".py',
}


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
@pytest.mark.parametrize("key", sorted(NAMES))
def test_any_file_name_is_printed_on_one_line(tmp_path, key):
    raw = NAMES[key]
    path = os.path.join(os.fsencode(tmp_path), raw)
    with open(path, "wb") as handle:
        handle.write(BAD.encode())
    name = os.fsdecode(raw)
    shown = show_path(os.path.join(".", name))  # as the walk of "." names it
    assert "\n" not in shown and "\r" not in shown and "\u2028" not in shown
    checked = command(".", cwd=tmp_path)
    assert checked.code == 1 and "Traceback" not in checked.err
    [line] = checked.out.splitlines()
    assert line.startswith(f"{shown}:3:20: FSR001 ")
    as_json = command("--format", "json", ".", cwd=tmp_path)
    assert [entry["path"] for entry in json.loads(as_json.out)] == [shown]
    fixed = command("--fix", ".", cwd=tmp_path)
    assert (fixed.code, fixed.err) == (1, f"Rewriting {shown}\n{FIXED_ONE}\n")
    with open(path, "rb") as handle:
        assert handle.read() == GOOD.encode()
    os.rename(path, path + b".gone")
    missing = command("--fix", name, cwd=tmp_path)
    assert missing.err == f"{show_path(name)}: error: no such file or directory\n"


def test_show_path_quotes_like_git():
    assert show_path("plain/é.py") == "plain/é.py"
    assert show_path("a\nb.py") == '"a\\nb.py"'
    assert show_path(os.fsdecode(b"caf\xe9.py")) == '"caf\\351.py"'
    assert show_path("x\u0085y") == '"x\\302\\205y"'
    assert show_path('q"\\') == '"q\\"\\\\"'


def test_eleven_hundred_nested_directories(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deep = "."
    for _ in range(1100):  # os.makedirs itself recurses
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    deep = os.path.relpath(deep)
    Path(deep, "m.py").write_text(BAD)
    Path("top.py").write_text(BAD)
    assert list(discover(["."])) == [os.path.join(".", "top.py"), os.path.join(".", deep, "m.py")]
    try:
        result = command("--fix", ".", cwd=tmp_path)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        assert Path(deep, "m.py").read_text() == GOOD
    finally:
        _remove_deep_tree(deep)


def _remove_deep_tree(deep: str) -> None:
    """Remove the tree bottom-up without recursion: pytest's own cleanup of
    old temporary directories (shutil.rmtree) recurses once per level and
    hits the recursion limit on 1,100 levels before Python 3.12."""
    for name in os.listdir(deep):
        os.unlink(os.path.join(deep, name))
    while deep not in ("", "."):
        os.rmdir(deep)
        deep = os.path.dirname(deep)


def test_walk_order_is_files_then_subdirectories_by_name(tmp_path):
    for name in ("b/z.py", "b/a.py", "a/c/x.py", "a/y.py", "m.py", "a.py", "b/c/q.py"):
        Path(tmp_path, name).parent.mkdir(parents=True, exist_ok=True)
        Path(tmp_path, name).write_text("")
    found = [os.path.relpath(p, tmp_path) for p in discover([str(tmp_path)])]
    assert found == ["a.py", "m.py", "a/y.py", "a/c/x.py", "b/a.py", "b/z.py", "b/c/q.py"]
