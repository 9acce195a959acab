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
from typing import TYPE_CHECKING

import libcst as cst

from flake8_fstring_regex.findings import Edit
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
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        code = code[: edit.start] + edit.text + code[edit.end :]
    try:
        new = cst.parse_expression(code)
    except cst.ParserSyntaxError as error:
        raise FixFailure(f"the fix would not parse ({error.message}); left unchanged") from None
    if isinstance(new, cst.FormattedString) and not any(
        isinstance(part, cst.FormattedStringExpression) for part in new.parts
    ):
        plain = _demote(new)
        # timid: braces meant doubled in the value ({{{{2}}}} in the f-string)
        # would read as FSR003's mistake once the f is gone: keep the f.
        if not any(True for _ in doubled_quantifiers(plain)):
            return plain
    return code


def fix_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit's literal rewritten in place.

    A literal nested inside another rewritten literal (an f-string within a
    replacement field) is left for the next pass: the outer edit wins.
    """
    starts = LineStarts(text)
    by_literal: dict[cst.CSTNode, list[Edit]] = {}
    for edit in edits:
        by_literal.setdefault(edit.literal, []).append(edit)
    spans: list[tuple[int, int, str]] = []
    for literal, group in by_literal.items():
        first = group[0]
        old = literal_code(first.literal)
        begin = starts.start_of(first.literal_line) + first.literal_column
        if text[begin : begin + len(old)] != old:
            raise FixFailure("the literal is not where the parser put it; left unchanged")
        spans.append((begin, begin + len(old), rewrite_literal(first.literal, group)))
    spans.sort()
    outermost: list[tuple[int, int, str]] = []
    for span in spans:
        if outermost and span[0] < outermost[-1][1]:
            continue  # nested in the previous literal
        outermost.append(span)
    pieces: list[str] = []
    kept_from = 0
    for begin, end, new in outermost:
        pieces += [text[kept_from:begin], new]
        kept_from = end
    pieces.append(text[kept_from:])
    return "".join(pieces)
