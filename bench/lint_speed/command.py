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
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Optional

from bench._cli import OneLineErrorParser, comma_choices, positive_int
from bench.lint_speed.corpus import (
    Corpus,
    default_corpus_root,
    generate_fix_corpus,
    load_corpus,
    write_fixit_root,
)
from bench.lint_speed.machine import load_average, machine_facts
from bench.lint_speed.report import Outcome, report_lines, sections_document, verdicts, write_json
from bench.lint_speed.section import FAIL, Context, Count, Section
from bench.lint_speed.sections import SECTION_NAMES, SECTIONS
from bench.lint_speed.tools import BenchError, use_bytecode_cache

PROG = "python -m bench.lint_speed"
QUICK_STEP = 10
COUNTS: tuple[Count, ...] = tuple(count for section in SECTIONS for count in section.counts)


def _sections(text: str) -> list[str]:
    return comma_choices(text, SECTION_NAMES, "section")


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
        "--only", type=_sections, default=list(SECTION_NAMES), metavar="SECTIONS",
        help=f"comma-separated sections to run (default: all of {','.join(SECTION_NAMES)})",
    )
    for count in COUNTS:
        parser.add_argument(
            count.flag, dest=count.name, type=positive_int, default=None, metavar="N",
            help=count.help,
        )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write JSON")
    parser.add_argument(
        "--check-targets", action="store_true", help="exit with status 1 when a target fails"
    )
    return parser


def resolve_counts(options: argparse.Namespace) -> dict[Count, int]:
    """Every count: as given on the command line, else its full or --quick default."""
    resolved: dict[Count, int] = {}
    for count in COUNTS:
        given: Optional[int] = getattr(options, count.name)
        resolved[count] = given if given is not None else (
            count.quick if options.quick else count.full
        )
    return resolved


def _progress(message: str) -> None:
    print(f"[lint_speed {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _corpus_label(options: argparse.Namespace, corpus: Corpus, full: Corpus) -> str:
    where = str(options.corpus) if options.corpus is not None else "the standard library"
    size = f"{len(corpus.files)} files, {corpus.bytes / 1e6:.1f} MB"
    if options.quick:
        size += f"; --quick: every {QUICK_STEP}th of {len(full.files)}"
    return f"{where} ({size})"


def warm_up(workdir: Path, chosen: Sequence[Section]) -> None:
    """Run each tool the chosen sections use once on one small file, untimed,
    so that no timed run pays for compiling modules or a cold disk cache."""
    _progress("warming up (each tool once on one generated file)...")
    for section in chosen:
        # A file of its own for each: a warm-up --fix leaves nothing to find.
        corpus = generate_fix_corpus(workdir / f"warm-up-{section.name}", 1)
        write_fixit_root(corpus.root)
        section.warm_up(corpus)
        shutil.rmtree(corpus.root, ignore_errors=True)


def run_sections(only: Sequence[str], context: Context) -> list[Outcome]:
    """Run the selected sections, in the order of the table."""
    chosen = [section for section in SECTIONS if section.name in only]
    use_bytecode_cache(context.workdir / "pycache")
    warm_up(context.workdir, chosen)
    return [
        (section, section.run(context) if section in chosen else None) for section in SECTIONS
    ]


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = build_parser().parse_args(argv)
    counts = resolve_counts(options)
    root = options.corpus if options.corpus is not None else default_corpus_root()
    try:
        full = load_corpus(root)
    except (OSError, ValueError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    corpus = full.every_nth(QUICK_STEP) if options.quick else full
    facts = machine_facts()
    title = f"{facts.title()}\ncorpus: {_corpus_label(options, corpus, full)}"
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="lint-speed-") as temporary:
            context = Context(corpus, Path(temporary), counts, _progress)
            outcomes = run_sections(options.only, context)
    except BenchError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    judged = verdicts(outcomes)
    print("\n".join(report_lines(title, outcomes)))
    if options.json is not None:
        write_json(
            options.json,
            {
                "machine": asdict(facts),
                "corpus": {
                    "root": str(corpus.root),
                    "files": len(corpus.files),
                    "bytes": corpus.bytes,
                    "quick": options.quick,
                    "corpus_files": len(full.files),
                },
                "options": {
                    "only": options.only,
                    "quick": options.quick,
                    **{count.name: value for count, value in counts.items()},
                },
                "sections": sections_document(outcomes),
                "targets": [asdict(verdict) for verdict in judged],
                "elapsed_seconds": time.perf_counter() - started,
                "load_average_at_end": load_average(),
            },
        )
    _progress(f"done in {time.perf_counter() - started:.0f} s")
    failed = any(verdict.status == FAIL for verdict in judged)
    return 1 if (options.check_targets and failed) else 0
