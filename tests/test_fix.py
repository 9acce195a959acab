"""Golden files for --fix, byte-for-byte preservation, and idempotency."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from flake8_fstring_regex.analysis import analyse

CASES = sorted((Path(__file__).parent / "fix_cases").glob("*.in.py"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name[: -len(".in.py")])
def test_golden(case, tmp_path, cli):
    expected = case.with_name(case.name.replace(".in.py", ".out.py")).read_bytes()
    target = tmp_path / "case.py"
    shutil.copyfile(case, target)

    found = len(cli(str(target)).out.splitlines())
    first = cli("--fix", str(target))
    assert first.code == 1
    assert first.err == (
        f"Rewriting {target}\nFound {found} findings ({found} fixed, 0 remaining).\n"
    )
    assert target.read_bytes() == expected

    second = cli("--fix", str(target))
    assert (second.code, second.err) == (0, "All checks passed!\n"), (
        "a second --fix must change nothing"
    )
    assert target.read_bytes() == expected

    check = cli(str(target))
    assert check.out == "" and check.code == 0, "the checker must agree with the fix"


def fix_bytes(data: bytes) -> bytes:
    return analyse(data).fixed()


BEFORE = 'import re\r\nk = 1\r\nre.compile(rf"{k}\\d{6}")\r\n'
AFTER = 'import re\r\nk = 1\r\nre.compile(rf"{k}\\d{{6}}")\r\n'


@pytest.mark.parametrize(
    "before, after",
    [
        pytest.param(BEFORE.encode(), AFTER.encode(), id="crlf"),
        pytest.param(
            BEFORE.replace("\r\n", "\n").encode(), AFTER.replace("\r\n", "\n").encode(), id="lf"
        ),
        pytest.param(
            b"import re\nk = 1\r\nre.compile(rf'{k}\\d{6}')\rx = 2\n",
            b"import re\nk = 1\r\nre.compile(rf'{k}\\d{{6}}')\rx = 2\n",
            id="mixed-endings",
        ),
        pytest.param(
            b'import re\nre.compile(rf"\\d{6}")',
            b'import re\nre.compile(r"\\d{6}")',
            id="no-final-newline",
        ),
        pytest.param(
            b"\xef\xbb\xbf" + BEFORE.encode(), b"\xef\xbb\xbf" + AFTER.encode(), id="utf8-bom"
        ),
        pytest.param(
            "# -*- coding: latin-1 -*-\nimport re\nk = 'é'\nre.compile(rf'{k}\\d{6}')\n".encode(
                "latin-1"
            ),
            "# -*- coding: latin-1 -*-\nimport re\nk = 'é'\nre.compile(rf'{k}\\d{{6}}')\n".encode(
                "latin-1"
            ),
            id="latin-1-cookie",
        ),
        pytest.param(
            "import re\n# ünïcödé\tand\ttabs\nre.compile(rf'ü{__name__}\\d{6}')\n".encode(),
            "import re\n# ünïcödé\tand\ttabs\nre.compile(rf'ü{__name__}\\d{{6}}')\n".encode(),
            id="non-ascii",
        ),
    ],
)
def test_every_other_byte_is_kept(before, after):
    assert fix_bytes(before) == after
    assert fix_bytes(after) == after


def test_permission_bits_are_kept(tmp_path, cli):
    target = tmp_path / "script.py"
    target.write_text('import re\nre.compile(rf"\\d{6}")\n')
    os.chmod(target, 0o751)
    assert cli("--fix", str(target)).code == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert target.read_text() == 'import re\nre.compile(r"\\d{6}")\n'


def test_unchanged_file_is_not_written(tmp_path, cli):
    target = tmp_path / "clean.py"
    target.write_text('import re\nre.compile(rf"{__name__}\\d{{6}}")\n')
    os.utime(target, (1, 1))
    assert cli("--fix", str(target)).code == 0
    assert target.stat().st_mtime == 1


def test_diff_prints_the_change_and_writes_nothing(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("m.py").write_text('import re\nre.compile(rf"{__name__}\\d{6}")\n')
    result = cli("--diff", "m.py")
    assert result.code == 1
    assert result.out.splitlines() == [
        "--- a/m.py",
        "+++ b/m.py",
        "@@ -1,2 +1,2 @@",
        " import re",
        '-re.compile(rf"{__name__}\\d{6}")',
        '+re.compile(rf"{__name__}\\d{{6}}")',
    ]
    assert Path("m.py").read_text() == 'import re\nre.compile(rf"{__name__}\\d{6}")\n'
