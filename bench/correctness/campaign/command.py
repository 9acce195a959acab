"""The command line: ``python -m bench.correctness.campaign [DIR ...]``."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from bench._cli import OneLineErrorParser, positive_seconds
from bench.correctness.campaign.campaign import run_campaign
from bench.correctness.campaign.output import json_document, totals
from bench.correctness.campaign.tree import default_roots

PROG = "python -m bench.correctness.campaign"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog=PROG,
        description="Run flake8-fstring-regex (check, --fix, --fix again, check) over copies "
        "of whole source trees and check its invariants.",
        epilog="Exit status: 0 every invariant held, 1 one was violated or a run crashed, "
        "2 bad usage.",
    )
    parser.add_argument(
        "roots", nargs="*", type=Path, metavar="DIR",
        help="source trees (default: this Python's standard library and site-packages)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the full report as JSON")
    parser.add_argument(
        "--timeout", type=positive_seconds, default=1800.0, metavar="S",
        help="seconds one run of the command may take before it counts as hung (default 1800)",
    )
    parser.add_argument(
        "--workdir", type=Path, metavar="DIR",
        help="where the copies go (default: a new temporary directory, removed afterwards)",
    )
    parser.add_argument(
        "--no-judge", dest="judge", action="store_false",
        help="do not compile files with CPython to judge errors and rewritten files",
    )
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    options = build_parser().parse_args(argv)
    roots: list[Path] = options.roots or default_roots()
    for root in roots:
        if not root.is_dir():
            print(f"{PROG}: error: not a directory: {root}", file=sys.stderr)
            return 2
    if options.workdir is not None:
        options.workdir.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="campaign-", dir=options.workdir))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="fsr-campaign-"))
    workdir = Path(os.path.realpath(workdir))
    try:
        reports = run_campaign(
            [root.absolute() for root in roots],
            workdir=workdir,
            timeout=options.timeout,
            judge=options.judge,
            out=sys.stdout,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.write(totals(reports))
    if options.json is not None:
        options.json.write_text(json.dumps(json_document(reports), indent=2) + "\n")
    return 1 if any(report.failed for report in reports) else 0
