"""Apply the edits that findings carry, and prove the result sound.

The detector decides what is wrong; this module only splices each finding's
replacement text into its string literal, in the original text, so every
character outside the rewritten literals is kept. One rule is applied here
because it concerns a whole literal rather than one field: an f-string left
with no replacement field becomes a plain string (``rf"\\d{{6}}"`` is written
``r"\\d{6}"``), otherwise the next linter in a hook reports an f-string
without placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import libcst as cst

from flake8_fstring_regex.finding import Finding, Literal, literal_code
from flake8_fstring_regex.reduce import physical_lines


class FixFailure(Exception):
    """The fixed source failed a safety check; nothing should be written."""


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


def rewrite_literal(literal: Literal, findings: Iterable[Finding]) -> str:
    """The literal's new source: the findings' edits applied, demoted to a
    plain string if no replacement field is left."""
    code = literal_code(literal)
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        code = code[: finding.start] + finding.replacement_text + code[finding.end :]
    try:
        new = cst.parse_expression(code)
    except cst.ParserSyntaxError as error:
        raise FixFailure(f"the fix would not parse ({error.message}); left unchanged") from None
    if isinstance(new, cst.FormattedString) and not any(
        isinstance(part, cst.FormattedStringExpression) for part in new.parts
    ):
        return _demote(new)
    return code


def fix_text(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with every finding's literal rewritten in place.

    A literal nested inside another rewritten literal (an f-string within a
    replacement field) is left for the next pass: the outer edit wins.
    """
    starts = [0]
    for line in physical_lines(text):
        starts.append(starts[-1] + len(line))
    by_literal: dict[cst.CSTNode, list[Finding]] = {}
    for finding in findings:
        by_literal.setdefault(finding.literal, []).append(finding)
    edits: list[tuple[int, int, str]] = []
    for literal, group in by_literal.items():
        first = group[0]
        old = literal_code(first.literal)
        begin = starts[first.literal_line - 1] + first.literal_column
        if text[begin : begin + len(old)] != old:
            raise FixFailure("the literal is not where the parser put it; left unchanged")
        edits.append((begin, begin + len(old), rewrite_literal(first.literal, group)))
    edits.sort()
    outermost: list[tuple[int, int, str]] = []
    for edit in edits:
        if outermost and edit[0] < outermost[-1][1]:
            continue  # nested in the previous literal
        outermost.append(edit)
    for begin, end, new in reversed(outermost):
        text = text[:begin] + new + text[end:]
    return text
