"""Valid but extreme input: a huge file, a path that vanishes mid-run."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import python, run_process

from flake8_fstring_regex import cli as cli_module


def test_twenty_megabyte_file_is_fixed_with_bounded_memory(tmp_path):
    filler = "".join(f'DATA_{i:05d} = "{"x" * 1000}"\n' for i in range(20_000))
    finding = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
    target = tmp_path / "huge.py"
    target.write_text(finding + filler + finding + filler + finding)
    assert target.stat().st_size > 20 * 1024 * 1024
    probe = (
        "import resource, sys\n"
        "from flake8_fstring_regex.cli import main\n"
        f"code = main(['--fix', {str(target)!r}])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print(peak)\n"
        "sys.exit(code)\n"
    )
    result = run_process(*python("-c", probe))
    assert result.code == 1, result.err
    peak_mb = int(result.out.strip())
    # The source itself is 20 MB (bytes and text); libcst must not see it all.
    assert peak_mb < 600, f"peak memory {peak_mb} MB"
    text = target.read_text()
    assert text.count('re.compile(rf"{k}\\d{{6}}")') == 3
    assert 'rf"{k}\\d{6}"' not in text


def test_path_that_disappears_during_the_run(tmp_path, cli, monkeypatch):
    gone = tmp_path / "gone.py"
    kept = tmp_path / "kept.py"
    for path in (gone, kept):
        path.write_text('import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n')
    real_discover = cli_module.discover

    def discover_then_delete(paths, exclude=()):
        for found in real_discover(paths, exclude):
            if found.endswith("gone.py"):
                os.unlink(found)  # deleted between the walk and the read
            yield found

    monkeypatch.setattr(cli_module, "discover", discover_then_delete)
    result = cli("--fix", str(tmp_path))
    assert result.code == 2
    assert result.err.splitlines()[0] == f"{gone}: error: no such file or directory"
    assert f"Rewriting {kept}" in result.err
    assert not Path(gone).exists()


def test_deep_expression_elsewhere_does_not_stop_the_fix(cli, tmp_path):
    target = tmp_path / "m.py"
    target.write_text('import re\nk = 1\nre.compile(rf"{k}\\d{6}")\nx = ' + "1+" * 20000 + "1\n")
    result = cli("--fix", str(target))
    assert "Traceback" not in result.err
    if result.code == 1:  # the deep statement was never given to libcst
        assert 're.compile(rf"{k}\\d{{6}}")' in target.read_text()
    else:  # this Python's own parser refused the depth: a clean refusal
        assert result.code == 2 and "nested too deeply" in result.err
