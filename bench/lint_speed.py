"""How fast flake8-fstring-regex lints: in flake8, alone, and beside ruff and Fixit.

    python -m bench.lint_speed                      # the standard library; several minutes
    python -m bench.lint_speed --quick              # every 10th file, fewer runs
    python -m bench.lint_speed --corpus DIR --only import,check --json out.json

Five measurements, printed as one table of medians and ratios:

1. ``flake8 -j1`` on the corpus with the plugin loaded and not loaded (same
   flake8, same files, runs interleaved): the plugin's overhead.
2. ``python -X importtime`` of ``flake8_fstring_regex.plugin``: what the
   import adds to a flake8 process, and whether it pulls in libcst.
3. ``flake8-fstring-regex FILES`` against ``ruff check --select RUF039`` and
   ``fixit lint`` with one built-in rule (each when installed; Fixit on a
   subset, compared per file).
4. ``--fix`` on generated modules that all hold findings, at 1x, 2x and 4x
   the file count: files per second and how time grows.
5. The peak memory of the check command over the corpus.

The default corpus is the running Python's standard library (tests
included, ``site-packages`` excluded). Every tool gets the same explicit
list of files. Progress goes to stderr. The exit status is 0, or with
``--check-targets`` 1 when a target fails; 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from bench._cli import OneLineErrorParser, comma_choices, positive_int
from bench._lint_speed_corpus import Corpus, default_corpus_root, load_corpus
from bench._lint_speed_report import SECTIONS, evaluate_targets, report_lines, write_json
from bench._lint_speed_sections import (
    Section,
    check_section,
    load_average,
    fix_section,
    flake8_section,
    import_section,
    machine_facts,
    memory_section,
    skipped,
    warm_up,
)
from bench._lint_speed_tools import BenchError, use_bytecode_cache

PROG = "python -m bench.lint_speed"
QUICK_STEP = 10

# Defaults of a full run, and of --quick: (full, quick).
DEFAULTS: dict[str, tuple[int, int]] = {
    "repeat": (1, 1),
    "check_repeat": (5, 3),
    "import_runs": (11, 5),
    "fix_files": (40, 5),
    "fix_repeat": (5, 1),
    "fixit_every": (20, 20),
}


def _sections(text: str) -> list[str]:
    return comma_choices(text, SECTIONS, "section")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog=PROG,
        description="Time flake8-fstring-regex in flake8, alone, and against ruff and Fixit.",
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, metavar="DIR",
        help="directory of Python files (default: this Python's standard library)",
    )
    parser.add_argument(
        "--quick", action="store_true",
        help=f"every {QUICK_STEP}th file of the corpus and fewer runs (a smoke test)",
    )
    parser.add_argument(
        "--only", type=_sections, default=list(SECTIONS), metavar="SECTIONS",
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument(
        "--repeat", type=positive_int, default=None, metavar="N",
        help="flake8 runs with and without the plugin (default 1; minutes each on the stdlib)",
    )
    parser.add_argument(
        "--check-repeat", type=positive_int, default=None, metavar="N",
        help="runs of the check command and of ruff (default 5, quick 3)",
    )
    parser.add_argument(
        "--import-runs", type=positive_int, default=None, metavar="N",
        help="import-time runs (default 11, quick 5)",
    )
    parser.add_argument(
        "--fix-files", type=positive_int, default=None, metavar="N",
        help="generated files at 1x for --fix (default 40, quick 5)",
    )
    parser.add_argument(
        "--fix-repeat", type=positive_int, default=None, metavar="N",
        help="--fix runs at each size (default 5, quick 1)",
    )
    parser.add_argument(
        "--fixit-every", type=positive_int, default=None, metavar="N",
        help="run Fixit on every Nth file of the corpus only (default 20)",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write JSON")
    parser.add_argument(
        "--check-targets", action="store_true", help="exit with status 1 when a target fails"
    )
    return parser


def resolve_defaults(options: argparse.Namespace) -> None:
    """Fill the counts not given on the command line (full or --quick values)."""
    for name, (full, quick) in DEFAULTS.items():
        if getattr(options, name) is None:
            setattr(options, name, quick if options.quick else full)


def _progress(message: str) -> None:
    print(f"[lint_speed {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _corpus_label(options: argparse.Namespace, corpus: Corpus, full: Corpus) -> str:
    where = str(options.corpus) if options.corpus is not None else "the standard library"
    size = f"{len(corpus.files)} files, {corpus.bytes / 1e6:.1f} MB"
    if options.quick:
        size += f"; --quick: every {QUICK_STEP}th of {len(full.files)}"
    return f"{where} ({size})"


def run_sections(
    options: argparse.Namespace, corpus: Corpus, workdir: Path
) -> dict[str, Section]:
    """Run the selected sections, in the order of the table."""
    sections: dict[str, Section] = {name: skipped() for name in SECTIONS}
    use_bytecode_cache(workdir / "pycache")
    warm_up(workdir, options.only, _progress)
    if "flake8" in options.only:
        _progress(f"flake8 -j1 with and without the plugin on {len(corpus.files)} files...")
        sections["flake8"] = flake8_section(corpus, options.repeat, _progress)
    if "import" in options.only:
        sections["import"] = import_section(options.import_runs, _progress)
    if "check" in options.only:
        sections["check"] = check_section(
            corpus, options.check_repeat, options.fixit_every, workdir, _progress
        )
    if "fix" in options.only:
        sections["fix"] = fix_section(options.fix_files, options.fix_repeat, workdir, _progress)
    if "memory" in options.only:
        sections["memory"] = memory_section(corpus, _progress)
    return sections


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = build_parser().parse_args(argv)
    resolve_defaults(options)
    root = options.corpus if options.corpus is not None else default_corpus_root()
    try:
        full = load_corpus(root)
    except (OSError, ValueError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    corpus = full.every_nth(QUICK_STEP) if options.quick else full
    facts = machine_facts()
    title = (
        f"flake8-fstring-regex lint speed: Python {facts['python']} ({facts['implementation']}), "
        f"{facts['platform']}, {facts['cpus']} CPUs\n"
        f"corpus: {_corpus_label(options, corpus, full)}"
    )
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="lint-speed-") as temporary:
            sections = run_sections(options, corpus, Path(temporary))
    except BenchError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    targets = evaluate_targets(sections)
    print("\n".join(report_lines(title, sections, targets)))
    if options.json is not None:
        document: dict[str, Any] = {
            "machine": facts,
            "corpus": {
                "root": str(corpus.root),
                "files": len(corpus.files),
                "bytes": corpus.bytes,
                "quick": options.quick,
                "corpus_files": len(full.files),
            },
            "options": {
                name: getattr(options, name) for name in ("only", "quick", *DEFAULTS)
            },
            "sections": sections,
            "targets": targets,
            "elapsed_seconds": time.perf_counter() - started,
            "load_average_at_end": load_average(),
        }
        write_json(options.json, document)
    _progress(f"done in {time.perf_counter() - started:.0f} s")
    failed = any(target["status"] == "FAIL" for target in targets)
    return 1 if (options.check_targets and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
