"""Scaling, memory and real projects: how the check command grows with its input.

    python -m bench.lint_scaling                      # everything, several minutes
    python -m bench.lint_scaling --only scaling --sizes 1,2,4
    python -m bench.lint_scaling --only leaks DIR ...

Self-contained (the standard library and the installed command only).

- ``scaling``: generated adversarial files at 1, 2, 4, 8 and 16 MB, one per
  shape below; seconds per MB of ``flake8-fstring-regex FILE`` and the ratio
  of the largest size's figure to the smallest's (target: at most 1.3, and
  at most 0.5 s per MB for a file without findings).
- ``memory``: peak resident memory (``os.wait4`` of the child) of checking
  and fixing a 20 MB file with three findings, of checking a file with
  16,000 findings (per finding, above a one-finding file), and of a module
  of three million short lines.
- ``leaks``: files that reach libcst and yield no finding, over directories
  (default: the standard library and site-packages).
- ``projects``: each top-level project of site-packages and the standard
  library, timed against ``ruff check --no-cache --isolated --preview
  --select RUF039`` (target: at most 0.7x ruff for 200 files or more) and
  against the floor of any CPython program (``FLOOR``: start, read every
  file, search it once), and one clean file against ``python -c pass``
  (target: at most 2.5x).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

HEADER = "import re\n\nname = 'K'\n\n"


def _fill(lines: Callable[[int], Iterator[str]], size: int) -> str:
    """``HEADER`` then lines from ``lines`` until ``size`` characters."""
    parts = [HEADER]
    total = len(HEADER)
    for line in lines(size):
        parts.append(line)
        total += len(line)
        if total >= size:
            break
    return "".join(parts)


def _brace_strings(size: int) -> Iterator[str]:
    index = 0
    while True:
        index += 1
        yield f'MSG_{index} = "value {{0}} of item"\n'
        if index % 10 == 0:
            yield f'TEXT_{index} = "{{0}}-{{1}}".format(MSG_{index}, name)\n'
        if index % 50 == 0:
            yield f'DOC_{index} = """item {{1}}"""\n'
            yield f"NOTE_{index} = '''item {{2}}'''\n"


def brace_strings(size: int) -> str:
    """Many ``{0}`` strings, ``.format`` templates and both kinds of triple quote; no finding."""
    return _fill(_brace_strings, size)


def long_field_line(size: int) -> str:
    """One long line of ``"{6}"`` strings; no finding."""
    count = max(1, (size - len(HEADER) - 10) // 7)
    return HEADER + "X = [" + ", ".join(['"{6}"'] * count) + "]\n"


def long_quantifier_line(size: int) -> str:
    """One long line of ``\\d{6}`` in a regex that is no f-string; no finding."""
    count = max(1, (size - len(HEADER) - 20) // 5)
    return HEADER + 'P = re.compile(r"' + "\\d{6}" * count + '")\n'


def _candidates(every: int) -> Callable[[int], Iterator[str]]:
    def lines(size: int) -> Iterator[str]:
        index = 0
        while True:
            index += 1
            if every and index % every == 0:
                yield f'PATTERN_{index} = re.compile(rf"{{name}}\\d{{6}}")\n'
            elif index % 2:
                yield f'LINE_{index} = f"{{name}} took {{3}} s"\n'
            else:
                yield f'REGEX_{index} = re.compile(rf"{{name}}\\d{{{{6}}}}")\n'

    return lines


def candidates_clean(size: int) -> str:
    """Every line a text-gate candidate (f-strings with ``{3}`` or ``{{6}}``); no finding."""
    return _fill(_candidates(0), size)


def candidates_findings(size: int) -> str:
    """Candidate lines as above, one in 100 a finding."""
    return _fill(_candidates(100), size)


SHAPES: dict[str, Callable[[int], str]] = {
    "brace-strings": brace_strings,
    "long-field-line": long_field_line,
    "long-quantifier-line": long_quantifier_line,
    "candidates-clean": candidates_clean,
    "candidates-findings": candidates_findings,
}


MB = 1_000_000
CLEAN_SHAPES = ("brace-strings", "long-field-line", "long-quantifier-line", "candidates-clean")


def command() -> list[str]:
    return [sys.executable, "-m", "flake8_fstring_regex"]


def run(argv: Sequence[str], cwd: Optional[str] = None) -> tuple[float, int]:
    """Wall seconds and peak resident kilobytes of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
    )
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    return time.perf_counter() - started, usage.ru_maxrss


def scaling(sizes: Sequence[int], workdir: Path, shapes: Sequence[str]) -> list[str]:
    out = ["shape                  " + "".join(f"{s:>8} MB" for s in sizes) + "   ratio"]
    for name in shapes:
        make = SHAPES[name]
        per_mb: list[float] = []
        for size in sizes:
            path = workdir / f"{name}.py"
            path.write_text(make(size * MB), encoding="utf-8")
            seconds, _ = run([*command(), str(path)])
            per_mb.append(seconds / size)
            print(f"  {name} {size} MB: {seconds:.2f} s", file=sys.stderr)
        ratio = per_mb[-1] / per_mb[0]
        out.append(f"{name:<22} " + "".join(f"{v:>8.3f} s" for v in per_mb) + f"  {ratio:5.2f}")
    out.append("(seconds per MB of the check command; ratio: largest size / smallest)")
    return out


def with_findings(size: int, findings: int) -> str:
    """Ordinary lines (``{0}`` strings, templates, docstrings) with
    ``findings`` findings spread among them."""
    body = brace_strings(size).splitlines(keepends=True)
    step = max(1, len(body) // (findings + 1))
    for index in range(findings):
        body.insert((index + 1) * step + index, f'F_{index} = re.compile(rf"{{name}}\\d{{6}}")\n')
    return "".join(body)


def memory(workdir: Path) -> list[str]:
    """Peak memory of child processes. The small inputs come first: a child
    starts with the resident size of this process (Linux keeps the peak
    across fork and exec), which grows once the large files are built."""
    out = []
    many = workdir / "many.py"
    many.write_text(HEADER + "".join(
        f'F_{i} = re.compile(rf"{{name}}\\d{{6}}")\n' for i in range(16_000)), encoding="utf-8")
    one = workdir / "one.py"
    one.write_text(HEADER + 'F_0 = re.compile(rf"{name}\\d{6}")\n' * 1, encoding="utf-8")
    _, base = run([*command(), str(one)])
    _, peak = run([*command(), str(many)])
    out.append(
        f"16,000 findings: {peak / 1024:.0f} MB peak, "
        f"{(peak - base) / 16_000:.1f} KB per finding above one finding "
        f"({base / 1024:.0f} MB)"
    )
    path = workdir / "twenty.py"
    path.write_text(with_findings(20 * MB, 3), encoding="utf-8")
    _, check = run([*command(), str(path)])
    _, fixed = run([*command(), "--fix", str(path)])
    out.append(f"20 MB, 3 findings: check {check / 1024:.0f} MB, fix {fixed / 1024:.0f} MB peak")
    lines = workdir / "lines.py"
    lines.write_text(HEADER + "".join(f"V{i} = {i}\n" for i in range(3_000_000))
                     + 'P = re.compile(rf"{name}\\d{6}")\n', encoding="utf-8")
    seconds, peak = run([*command(), str(lines)])
    out.append(f"3 million short lines, 1 finding: {peak / 1024:.0f} MB peak, {seconds:.1f} s")
    return out


def leaks(roots: Sequence[str]) -> list[str]:
    """Files that reach libcst and yield no finding (in this process)."""
    from flake8_fstring_regex import detect
    from flake8_fstring_regex.analysis import find_through_gates
    from flake8_fstring_regex.files import discover, read_source
    from flake8_fstring_regex.source import InputError, decode_source

    reached: list[str] = []
    original = detect.find_in_source

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        if not found:
            reached.append(current[0])
        return found

    current = [""]
    detect.find_in_source = counting
    files = 0
    try:
        for path in discover(roots):
            files += 1
            current[0] = path
            try:
                find_through_gates(decode_source(read_source(path))[0])
            except InputError:
                continue
    finally:
        detect.find_in_source = original
    return [f"{files} files: {len(reached)} reach libcst and yield no finding"] + [
        f"  {path}" for path in reached[:20]
    ]


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def projects() -> Iterator[tuple[str, list[str]]]:
    root = site_packages()
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.name.endswith((".dist-info", ".egg-info", "__pycache__")):
            files = [str(p) for p in entry.rglob("*.py")]
            if files:
                yield entry.name, files
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = [str(p) for p in stdlib.rglob("*.py") if "site-packages" not in p.parts]
    yield "stdlib", files


# The least any CPython program checking these files does: start, read and
# decode every file, and search it once for the shape every finding has.
FLOOR = (
    "import re, sys\n"
    "shape = re.compile(r'\\{\\s*\\d+\\s*(?:,\\s*\\d*\\s*)?\\}')\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as file:\n"
    "        shape.search(file.read().decode('utf-8', 'replace'))\n"
)


def basket() -> list[str]:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    have_ruff = Path(ruff).exists()
    out = [
        f"{'project':<22}{'files':>7}{'ours s':>9}{'ruff s':>9}{'ratio':>7}"
        f"{'floor s':>9}{'floor/ruff':>11}"
    ]
    for name, files in projects():
        ours, _ = run([*command(), *files])
        theirs = run([ruff, "check", "--no-cache", "--isolated", "--preview",
                      "--select", "RUF039", *files])[0] if have_ruff else float("nan")
        floor, _ = run([sys.executable, "-c", FLOOR, *files])
        out.append(
            f"{name:<22}{len(files):>7}{ours:>9.2f}{theirs:>9.2f}{ours / theirs:>7.2f}"
            f"{floor:>9.2f}{floor / theirs:>11.2f}"
        )
        print("  " + out[-1], file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        clean = Path(scratch) / "clean.py"
        clean.write_text("x = 1\n", encoding="utf-8")
        ones = sorted(run([*command(), str(clean)])[0] for _ in range(7))
        passes = sorted(run([sys.executable, "-c", "pass"])[0] for _ in range(7))
    out.append(
        f"one clean file: {ones[3] * 1000:.0f} ms, python -c pass {passes[3] * 1000:.0f} ms, "
        f"ratio {ones[3] / passes[3]:.2f} (medians of 7)"
    )
    return out


SECTIONS = ("scaling", "memory", "leaks", "projects")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lint_scaling", description=__doc__)
    parser.add_argument("roots", nargs="*", help="directories for the leaks section")
    parser.add_argument("--sizes", default="1,2,4,8,16", help="MB sizes for scaling")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections to run")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="shapes for scaling")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    only = args.only.split(",")
    print(f"{sys.version.split()[0]} on {os.cpu_count()} cores, {sys.platform}")
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        if "memory" in only:  # first: this process is small yet (see memory)
            print("\n".join(memory(workdir)))
        if "scaling" in only:
            print("\n".join(scaling(sizes, workdir, args.shapes.split(","))))
    if "leaks" in only:
        roots = args.roots or [sysconfig.get_paths()["stdlib"], str(site_packages())]
        print("\n".join(leaks(roots)))
    if "projects" in only:
        print("\n".join(basket()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
