"""Apply the edits that findings carry, and prove the result sound.

The detector decides what is wrong; this module only splices each edit's
text into its string literal, in the original text, so every character
outside the rewritten literals is kept. One rule is applied here because it
concerns a whole literal rather than one field: an f-string left with no
replacement field becomes a plain string (``rf"\\d{{6}}"`` is written
``r"\\d{6}"``), otherwise the next linter in a hook reports an f-string
without placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from flake8_fstring_regex.findings import REGEX_PLACE, SAFE, UNSAFE, Edit, Finding
from flake8_fstring_regex.proof import proven
from flake8_fstring_regex.rules.doubled_braces.gates import doubled_quantifiers
from flake8_fstring_regex.source import LineStarts

if TYPE_CHECKING:
    from flake8_fstring_regex.findings import StringLiteral


class FixFailure(Exception):
    """The fixed source failed a safety check; nothing should be written."""


def literal_code(literal: StringLiteral) -> str:
    """The source of a string literal without its parentheses."""
    if isinstance(literal, cst.SimpleString):
        return literal.value
    empty = cst.Module(body=[])
    return (
        literal.start
        + "".join(
            part.value if isinstance(part, cst.FormattedStringText) else empty.code_for_node(part)
            for part in literal.parts
        )
        + literal.end
    )


def plain_prefix(fstring_prefix: str) -> str:
    """The prefix without its ``f``: ``Rf`` -> ``R``, ``F`` -> ``""``."""
    return fstring_prefix.replace("f", "").replace("F", "")


def _demote(fstring: cst.FormattedString) -> str:
    """A field-less f-string as the plain string with the same value."""
    texts = [part.value for part in fstring.parts if isinstance(part, cst.FormattedStringText)]
    body = "".join(texts).replace("{{", "{").replace("}}", "}")
    quote = fstring.end
    prefix = fstring.start[: -len(quote)]  # .prefix is lower-cased; keep the case
    return plain_prefix(prefix) + quote + body + quote


def rewrite_literal(literal: StringLiteral, edits: Iterable[Edit]) -> str:
    """The literal's new source: the edits applied, demoted to a plain
    string if no replacement field is left."""
    code = literal_code(literal)
    layered = False
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        code = code[: edit.start] + edit.text + code[edit.end :]
        layered = layered or edit.layer is not None
    try:
        new = cst.parse_expression(code)
    except cst.ParserSyntaxError as error:
        raise FixFailure(f"the fix would not parse ({error.message}); left unchanged") from None
    if isinstance(new, cst.FormattedString) and not any(
        isinstance(part, cst.FormattedStringExpression) for part in new.parts
    ):
        plain = _demote(new)
        # timid: braces meant doubled in the value ({{{{2}}}} in the f-string)
        # would read as FSR003's mistake once the f is gone: keep the f. A
        # .format() template needs them doubled, and FSR003 knows it.
        if layered or not any(True for _ in doubled_quantifiers(plain)):
            return plain
    return code


@dataclass(frozen=True)
class PlannedFix:
    """One literal rewritten: ``text[begin:end]`` becomes ``new``, fixing
    ``findings``; proven by value, and applied as ``applicability`` allows.
    ``later``: the literal sits in another literal fixed in this pass, so it
    is fixed by the next pass (and ``new`` is only what it would be alone)."""

    begin: int
    end: int
    new: str
    applicability: str
    findings: tuple[Finding, ...]
    later: bool = False


def plan_fixes(text: str, findings: Sequence[Finding]) -> list[PlannedFix]:
    """The proven fixes for ``findings`` in ``text``, one per literal.

    A finding whose literal cannot be rewritten with a proven value gets no
    fix; so does one nested in another fixed literal (a later pass reaches
    it). Raises FixFailure when a literal is not where the parser put it.
    """
    starts = LineStarts(text)
    by_literal: dict[cst.CSTNode, list[Finding]] = {}
    for finding in findings:
        if finding.edit is not None:
            by_literal.setdefault(finding.edit.literal, []).append(finding)
    old_code: dict[cst.CSTNode, str] = {}
    new_code: dict[cst.CSTNode, str] = {}
    edits: dict[cst.CSTNode, list[Edit]] = {}
    spans: list[tuple[int, int, cst.CSTNode]] = []
    for literal, group in by_literal.items():
        group_edits = [f.edit for f in group if f.edit is not None]
        first = group_edits[0]
        old = literal_code(first.literal)
        begin = starts.start_of(first.literal_line) + first.literal_column
        if text[begin : begin + len(old)] != old:
            raise FixFailure("the literal is not where the parser put it; left unchanged")
        try:
            new_code[literal] = rewrite_literal(first.literal, group_edits)
        except FixFailure:
            continue  # not proven: reported without a fix
        old_code[literal], edits[literal] = old, group_edits
        spans.append((begin, begin + len(old), literal))
    spans.sort(key=lambda span: (span[0], -span[1]))
    planned: list[PlannedFix] = []
    covered_to = -1
    for begin, end, literal in spans:
        later = begin < covered_to  # nested in a literal fixed in this pass
        layer = edits[literal][0].layer
        parts: Sequence[cst.CSTNode] = (literal,)
        before = {literal: old_code[literal]}
        if layer is not None:
            # The other pieces of the receiver stay as they are.
            parts = layer.parts
            before = {part: literal_code(part) for part in layer.parts}  # type: ignore[arg-type]
        after = {literal: new_code[literal]}
        if not proven(before, after, {literal: edits[literal]}, parts, layer):
            continue
        fixed = tuple(by_literal[literal])
        safe = all(f.evidence == REGEX_PLACE for f in fixed)
        planned.append(
            PlannedFix(begin, end, new_code[literal], SAFE if safe else UNSAFE, fixed, later)
        )
        if not later:
            covered_to = end
    return planned


def apply_fixes(text: str, fixes: Sequence[PlannedFix]) -> str:
    """``text`` with each planned fix written (they never overlap)."""
    pieces: list[str] = []
    kept_from = 0
    for fix in sorted(fixes, key=lambda f: f.begin):
        pieces += [text[kept_from : fix.begin], fix.new]
        kept_from = fix.end
    pieces.append(text[kept_from:])
    return "".join(pieces)
