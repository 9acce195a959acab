"""Apply the edits that findings carry, and prove the result sound.

The detector decides what is wrong; this module only splices each finding's
replacement text into its string literal. One rule is applied here because
it concerns a whole literal rather than one field: an f-string left with no
replacement field becomes a plain string (``rf"\\d{{6}}"`` is written
``r"\\d{6}"``), otherwise the next linter in a hook reports an f-string
without placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union

import libcst as cst

from flake8_fstring_regex.detect import ParseFailure, find_in_module, parse
from flake8_fstring_regex.finding import Finding, Literal, literal_code
from flake8_fstring_regex.regex_calls import DEFAULT_PLACES, RegexPlaces


class FixFailure(Exception):
    """The fixed source failed a safety check; nothing should be written."""


def plain_prefix(fstring_prefix: str) -> str:
    """The prefix without its ``f``: ``Rf`` -> ``R``, ``F`` -> ``""``."""
    return fstring_prefix.replace("f", "").replace("F", "")


def _demote(fstring: cst.FormattedString) -> cst.SimpleString:
    """A field-less f-string as the plain string with the same value."""
    texts = [part.value for part in fstring.parts if isinstance(part, cst.FormattedStringText)]
    body = "".join(texts).replace("{{", "{").replace("}}", "}")
    quote = fstring.end
    prefix = fstring.start[: -len(quote)]  # .prefix is lower-cased; keep the case
    return cst.SimpleString(plain_prefix(prefix) + quote + body + quote)


def rewrite_literal(literal: Literal, findings: Iterable[Finding]) -> cst.BaseExpression:
    """The literal with the findings' edits applied (and demoted if need be)."""
    code = literal_code(literal)
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        code = code[: finding.start] + finding.replacement_text + code[finding.end :]
    new = cst.parse_expression(code)
    if isinstance(new, cst.FormattedString) and not any(
        isinstance(part, cst.FormattedStringExpression) for part in new.parts
    ):
        new = _demote(new)
    return new.with_changes(lpar=literal.lpar, rpar=literal.rpar)


class _ApplyFindings(cst.CSTTransformer):
    def __init__(self, findings: Iterable[Finding]) -> None:
        super().__init__()
        self._by_literal: dict[cst.CSTNode, list[Finding]] = {}
        for finding in findings:
            self._by_literal.setdefault(finding.literal, []).append(finding)

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> Union[cst.CSTNodeT, cst.RemovalSentinel, cst.FlattenSentinel[cst.CSTNodeT]]:
        findings = self._by_literal.get(original_node)
        if findings and isinstance(original_node, (cst.SimpleString, cst.FormattedString)):
            # The literal is rewritten from its original source: nothing
            # inside it (a nested f-string) is a finding of its own here.
            return rewrite_literal(original_node, findings)  # type: ignore[return-value]
        return updated_node


def apply_findings(module: cst.Module, findings: Iterable[Finding]) -> cst.Module:
    """``module`` with every finding's edit applied."""
    return module.visit(_ApplyFindings(findings))


def fix_module(
    module: cst.Module,
    findings: list[Finding],
    *,
    left_alone: int = 0,
    places: RegexPlaces = DEFAULT_PLACES,
) -> cst.Module:
    """Apply ``findings`` to ``module`` and verify the result.

    The fixed code must parse again, and exactly ``left_alone`` findings
    (those the caller chose not to fix, e.g. under ``# noqa``) may remain;
    otherwise FixFailure is raised and nothing should be written.
    """
    if not findings:
        return module
    try:
        fixed = apply_findings(module, findings)
        reparsed = parse(fixed.bytes)
    except (ParseFailure, cst.ParserSyntaxError) as failure:
        raise FixFailure(f"the fix would not parse ({failure}); left unchanged") from None
    remaining = len(find_in_module(reparsed, places))
    if remaining != left_alone:
        raise FixFailure(
            f"the fix would leave {remaining - left_alone} finding(s) behind; left unchanged"
        )
    return reparsed
