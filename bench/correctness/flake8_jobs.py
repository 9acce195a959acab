"""flake8 -j2 with the plugin reports exactly what -j1 reports.

    python -m bench.correctness.flake8_jobs [DIR]   (default: this Python's standard library)

flake8 runs plugins in worker processes under ``-j``: the plugin must not
depend on process-wide state (options are set per process, libcst is
imported lazily in each worker). This runs flake8 over the same files both
ways, keeps only FSR lines, and exits 1 if they differ.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

PROG = "python -m bench.correctness.flake8_jobs"


def fsr_lines(directory: Path, jobs: str) -> tuple[list[str], float]:
    """flake8's FSR lines, sorted, and the wall time it took."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=FSR", f"-j{jobs}",
         "--exclude=site-packages", "."],
        cwd=directory, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        raise SystemExit(f"flake8 -j{jobs} failed (exit {proc.returncode}): {proc.stderr[-500:]}")
    return sorted(line for line in proc.stdout.splitlines() if ": FSR" in line), elapsed


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    parser.add_argument("directory", nargs="?", default=sysconfig.get_paths()["stdlib"])
    options = parser.parse_args(argv)
    directory = Path(options.directory)
    one, one_time = fsr_lines(directory, "1")
    two, two_time = fsr_lines(directory, "2")
    print(f"{directory}: -j1 {len(one)} FSR lines in {one_time:.1f} s, "
          f"-j2 {len(two)} in {two_time:.1f} s")
    if one != two:
        for line in sorted(set(one) ^ set(two)):
            print(("only -j1: " if line in one else "only -j2: ") + line)
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
