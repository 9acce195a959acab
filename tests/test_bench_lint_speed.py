"""Tests of the lint-speed benchmark, ``python -m bench.lint_speed``, at a tiny scale.

The benchmark runs on a small corpus generated here, with ``--quick`` and
one run of everything, so the whole file takes seconds. Times come from a
real, shared machine: the tests check the shape of the output and that
every figure is a positive number, never how large a figure is. ruff and
Fixit are optional: their rows say "not installed" when they are missing.
"""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run_module

from bench.lint_speed import command as lint_speed
from bench.lint_speed.children.import_probe import MARK as IMPORT_MARK
from bench.lint_speed.corpus import (
    FINDINGS_PER_GENERATED_FILE,
    Corpus,
    generate_fix_corpus,
    generated_module,
    load_corpus,
)
from bench.lint_speed.report import verdicts
from bench.lint_speed.sections import SECTION_NAMES as SECTIONS
from bench.lint_speed.sections import SECTIONS as SECTION_OBJECTS
from bench.lint_speed.sections.fix_scaling import LINEAR_LIMIT, linearity_verdict
from bench.lint_speed.sections.import_time import parse_importtime
from bench.lint_speed.tools import fixit_command, ruff_command
from flake8_fstring_regex.analysis import analyse

REPO_ROOT = Path(__file__).resolve().parents[1]
RUFF_INSTALLED = ruff_command() is not None
FIXIT_INSTALLED = fixit_command() is not None
TINY = ["--quick", "--check-repeat", "1", "--import-runs", "2", "--fix-files", "2"]


def run_bench(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_module("bench.lint_speed", *arguments, timeout=timeout)


def small_corpus(directory: Path) -> Path:
    """A dozen files: plain modules, one with a finding, one in site-packages."""
    directory.mkdir()
    for index in range(10):
        (directory / f"plain_{index}.py").write_text(
            f'"""Module {index}."""\n\nVALUE = {index}\n\n\ndef twice(x):\n    return 2 * x\n',
            encoding="utf-8",
        )
    (directory / "pkg").mkdir()
    (directory / "pkg" / "dates.py").write_text(
        'import re\n\nkey = "sales"\nPATTERN = re.compile(rf"{key}_(\\d{6})")\n',
        encoding="utf-8",
    )
    (directory / "site-packages").mkdir()
    (directory / "site-packages" / "vendored.py").write_text("X = 1\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def full_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Every section once on the tiny corpus (about 20 s)."""
    base = tmp_path_factory.mktemp("lint-speed")
    corpus = small_corpus(base / "corpus")
    out = base / "result.json"
    result = run_bench(*TINY, "--corpus", str(corpus), "--json", str(out))
    assert result.returncode == 0, result.stderr
    return result, json.loads(out.read_text(encoding="utf-8"))


def positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def test_every_section_in_the_table(full_run):
    result, _ = full_run
    for section in SECTIONS:
        assert any(line.startswith(section + " ") for line in result.stdout.splitlines()), section
    assert "targets:" in result.stdout
    statuses = [line.split()[0] for line in result.stdout.split("targets:")[1].strip().splitlines()]
    assert len(statuses) == 6 and set(statuses) <= {"PASS", "FAIL", "SKIP"}
    assert "[lint_speed" in result.stderr  # progress goes to stderr, not into the table
    assert "[lint_speed" not in result.stdout


def test_json_shape_and_positive_figures(full_run):
    _, document = full_run
    assert set(document) >= {"machine", "corpus", "options", "sections", "targets"}
    assert document["corpus"]["quick"] is True
    assert document["corpus"]["corpus_files"] == 11  # site-packages left out
    sections = document["sections"]
    assert set(sections) == set(SECTIONS)
    assert not any(section["skipped"] for section in sections.values())

    flake8 = sections["flake8"]
    assert positive(flake8["ratio_wall"]) and positive(flake8["ratio_cpu"])
    assert flake8["without_plugin"]["fsr_findings"] == 0
    assert flake8["with_plugin"]["fsr_findings"] == 1  # pkg/dates.py, the first file
    for variant in ("with_plugin", "without_plugin"):
        assert all(positive(t) for t in flake8[variant]["wall"])
    (attributed,) = flake8["plugin_cpu"]  # the driver timed the plugin inside flake8
    assert attributed["files"] == document["corpus"]["files"]
    assert positive(flake8["attributed_percent"])

    imported = sections["import"]
    assert positive(imported["in_flake8_ms"]["median"])
    assert positive(imported["plugin_line_ms"]["median"])
    assert imported["libcst_imported"] is False
    assert imported["libcst_modules"] == []
    assert "flake8_fstring_regex.plugin" in imported["new_modules"]

    check = sections["check"]
    assert positive(check["cli"]["median_wall"])
    assert check["findings"] == 1
    assert (check["ruff"] is not None) is RUFF_INSTALLED
    assert (check["fixit"] is not None) is FIXIT_INSTALLED
    if RUFF_INSTALLED:
        assert positive(check["ratio_cli_to_ruff"])
    else:
        assert check["ratio_cli_to_ruff"] is None
    if FIXIT_INSTALLED:
        assert positive(check["fixit_per_file_over_cli"])
        assert check["fixit"]["files_checked"] == check["fixit"]["subset_files"]
    else:
        assert check["fixit_per_file_over_cli"] is None

    fix = sections["fix"]
    assert [entry["scale"] for entry in fix["scales"]] == [1, 2, 4]
    assert [entry["files"] for entry in fix["scales"]] == [2, 4, 8]
    assert all(positive(entry["files_per_second"]) for entry in fix["scales"])
    assert positive(fix["ratio_4x_1x"]) and positive(fix["ratio_2x_1x"])
    assert isinstance(fix["verdict"], str)

    assert positive(sections["memory"]["peak_mb"])

    targets = {target["target"]: target["status"] for target in document["targets"]}
    assert len(targets) == 6
    judged = {"PASS", "FAIL"}
    assert targets["check vs ruff's single rule"] in (judged if RUFF_INSTALLED else {"SKIP"})
    assert targets["check vs Fixit (per file)"] in (judged if FIXIT_INSTALLED else {"SKIP"})


def test_rows_for_missing_tools_say_not_installed(full_run):
    result, _ = full_run
    lines = result.stdout.splitlines()
    ruff_line = next(line for line in lines if line.startswith("check") and "ruff" in line)
    fixit_line = next(line for line in lines if line.startswith("check") and "fixit" in line)
    assert ("not installed" in ruff_line) is not RUFF_INSTALLED
    assert ("not installed" in fixit_line) is not FIXIT_INSTALLED


def test_only_runs_the_chosen_sections(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    out = tmp_path / "only.json"
    result = run_bench(
        "--quick", "--only", "import,memory", "--import-runs", "1",
        "--corpus", str(corpus), "--json", str(out), "--check-targets",
    )
    assert result.returncode in (0, 1), result.stderr  # 1 only when a target fails
    document = json.loads(out.read_text(encoding="utf-8"))
    ran = {name for name, section in document["sections"].items() if not section["skipped"]}
    assert ran == {"import", "memory"}
    statuses = {target["target"]: target["status"] for target in document["targets"]}
    assert statuses["flake8 overhead of the plugin"] == "SKIP"
    assert statuses["--fix grows linearly"] == "SKIP"
    assert "not selected by --only" in result.stdout


def test_bad_usage_is_one_line_and_status_2(tmp_path):
    result = run_bench("--only", "nonsense")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_bench("--corpus", str(empty))
    assert result.returncode == 2
    assert "no *.py files" in result.stderr


def test_generated_modules_hold_the_planted_findings(tmp_path):
    corpus = generate_fix_corpus(tmp_path / "gen", 7)
    assert len(corpus.files) == 7
    for name in corpus.files:
        data = (corpus.root / name).read_bytes()
        ast.parse(data)
        assert 80 <= data.count(b"\n") <= 120  # a realistic ~100-line module
        assert len(analyse(data).findings) == FINDINGS_PER_GENERATED_FILE
    assert generated_module(3) != generated_module(4)


def test_load_corpus_skips_third_party_and_caches(tmp_path):
    root = small_corpus(tmp_path / "corpus")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "cached.py").write_text("X = 1\n", encoding="utf-8")
    corpus = load_corpus(root)
    assert corpus.files == ["pkg/dates.py", *(f"plain_{i}.py" for i in range(10))]
    assert corpus.bytes == sum((root / name).stat().st_size for name in corpus.files)
    subset = corpus.every_nth(10)
    assert subset.files == [corpus.files[0], corpus.files[10]]
    assert Corpus(root, ["a.py"], 0).every_nth(5).files == ["a.py"]


def test_parse_importtime_after_mark():
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 | flake8",
            IMPORT_MARK,
            "import time:       300 |        300 |   flake8_fstring_regex",
            "import time:       200 |        700 | flake8_fstring_regex.plugin",
        ]
    )
    everything = parse_importtime(stderr)
    assert [line.module for line in everything] == [
        "flake8", "flake8_fstring_regex", "flake8_fstring_regex.plugin",
    ]
    after = parse_importtime(stderr, after_mark=IMPORT_MARK)
    assert [(line.module, line.depth) for line in after] == [
        ("flake8_fstring_regex", 1), ("flake8_fstring_regex.plugin", 0),
    ]
    assert sum(line.self_us for line in after) == 500


def test_linearity_verdict_and_targets_when_nothing_ran():
    assert linearity_verdict(4.0) == "linear"
    assert linearity_verdict(LINEAR_LIMIT + 0.1) == "super-linear"
    assert linearity_verdict(1.5).startswith("linear")
    judged = verdicts([(section, None) for section in SECTION_OBJECTS])
    assert [verdict.status for verdict in judged] == ["SKIP"] * 6


def test_quick_defaults_are_smaller():
    def counts(*arguments: str) -> dict[str, int]:
        options = lint_speed.build_parser().parse_args(list(arguments))
        return {count.name: value for count, value in lint_speed.resolve_counts(options).items()}

    full, quick = counts(), counts("--quick", "--fix-files", "9")
    assert quick["fix_files"] == 9
    assert quick["import_runs"] < full["import_runs"]
    assert quick["check_repeat"] < full["check_repeat"]


def test_every_section_count_is_an_option_and_names_are_unique():
    assert len(set(SECTIONS)) == len(SECTIONS)
    names = [count.name for count in lint_speed.COUNTS]
    assert len(set(names)) == len(names)
    flags = lint_speed.build_parser().format_help()
    assert all(count.flag in flags for count in lint_speed.COUNTS)
