"""Each rule's published documentation: its section of the README.

The README is the one place the rules are documented; the installed
distribution carries it as its long description, so reports that embed
rule help (SARIF) and ``--statistics`` read it from there rather than from
a second copy that could drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Optional

DISTRIBUTION = "flake8-fstring-regex"

# "### FSR001: integer replacement field in an f-string regex"
_RULE_HEADING = re.compile(r"(FSR\d{3}): (.+)")
_WHAT_IT_DOES = re.compile(r"\*\*What it does\.\*\*\s+(.*?)(?:\n\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class RuleDoc:
    """One rule's README section: its title, first paragraph, and the whole
    section as Markdown (heading excluded)."""

    code: str
    title: str
    summary: str
    markdown: str

    @property
    def text(self) -> str:
        """The section as plain text: Markdown emphasis and code marks removed."""
        return plain_text(self.markdown)


def plain_text(markdown: str) -> str:
    """Markdown as readable text: no ``**``, no backticks, no code fences."""
    lines = [line for line in markdown.splitlines() if not line.startswith("```")]
    return "\n".join(lines).replace("**", "").replace("`", "").strip()


def _sections(readme: str) -> Iterator[tuple[str, list[str]]]:
    """(heading, body lines) for every Markdown heading of level 1 to 3;
    a ``#`` inside a code fence is code, not a heading."""
    heading, fenced = "", False
    body: list[str] = []
    for line in readme.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,3} ", line):
            yield heading, body
            heading, body = line.lstrip("#").strip(), []
            continue
        body.append(line)
    yield heading, body


def parse_readme(readme: str) -> dict[str, RuleDoc]:
    """The rule sections of a README (``### FSR001: title``), by code."""
    docs: dict[str, RuleDoc] = {}
    for heading, body in _sections(readme):
        rule = _RULE_HEADING.fullmatch(heading)
        if rule is None:
            continue
        markdown = "\n".join(body).strip()
        what = _WHAT_IT_DOES.search(markdown)
        summary = " ".join(what.group(1).split()) if what else ""
        code, title = rule.group(1), rule.group(2).strip()
        docs[code] = RuleDoc(code, plain_text(title), plain_text(summary), markdown)
    return docs


def installed_readme() -> Optional[str]:
    """The README as the installed distribution holds it, or None."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata(DISTRIBUTION)
    except PackageNotFoundError:  # pragma: no cover - an uninstalled tree
        return None
    # Metadata 2.1+ keeps the description in the body; Python 3.10+ exposes
    # it as "Description", 3.9 only as the payload.
    description = meta["Description"] or getattr(meta, "get_payload", lambda: None)()
    return description if isinstance(description, str) else None


def rule_docs() -> dict[str, RuleDoc]:
    """Every documented rule, by code (empty when the README is not there)."""
    readme = installed_readme()
    return parse_readme(readme) if readme else {}
