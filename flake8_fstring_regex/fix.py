"""Apply the replacements that findings carry, and prove the result sound.

The detector decides what is wrong; this module only swaps each finding's
node for its replacement. One rule is applied here because it concerns a
whole literal rather than one field: an f-string left with no replacement
field becomes a plain string (``rf"\\d{{6}}"`` is written ``r"\\d{6}"``),
otherwise the next linter in a hook reports an f-string without placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Union

import libcst as cst

from flake8_fstring_regex.detect import ParseFailure, find_in_module, parse
from flake8_fstring_regex.finding import Finding
from flake8_fstring_regex.regex_calls import DEFAULT_FUNCTIONS, PatternArg


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
    return cst.SimpleString(
        plain_prefix(prefix) + quote + body + quote,
        lpar=fstring.lpar,
        rpar=fstring.rpar,
    )


class _ApplyFindings(cst.CSTTransformer):
    def __init__(self, findings: Iterable[Finding]) -> None:
        super().__init__()
        self._replacements: dict[cst.CSTNode, cst.CSTNode] = {
            finding.node: finding.replacement for finding in findings
        }
        self._touched: set[cst.FormattedString] = set()
        self._stack: list[cst.FormattedString] = []

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._stack.append(node)

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> Union[cst.CSTNodeT, cst.RemovalSentinel, cst.FlattenSentinel[cst.CSTNodeT]]:
        replacement = self._replacements.get(original_node)
        if replacement is not None:
            self._touched.add(self._stack[-1])
            return replacement  # type: ignore[return-value]
        if isinstance(original_node, cst.FormattedString):
            self._stack.pop()
            if original_node in self._touched and isinstance(updated_node, cst.FormattedString):
                has_field = any(
                    isinstance(part, cst.FormattedStringExpression) for part in updated_node.parts
                )
                if not has_field:
                    return _demote(updated_node)  # type: ignore[return-value]
        return updated_node


def apply_findings(module: cst.Module, findings: Iterable[Finding]) -> cst.Module:
    """``module`` with every finding's node replaced by its replacement."""
    return module.visit(_ApplyFindings(findings))


def fix_module(
    module: cst.Module,
    findings: list[Finding],
    *,
    left_alone: int = 0,
    functions: Mapping[str, PatternArg] = DEFAULT_FUNCTIONS,
) -> cst.Module:
    """Apply ``findings`` to ``module`` and verify the result.

    The fixed code must parse again, and exactly ``left_alone`` findings
    (those the caller chose not to fix, e.g. under ``# noqa``) may remain;
    otherwise FixFailure is raised and nothing should be written.
    """
    if not findings:
        return module
    fixed = apply_findings(module, findings)
    try:
        reparsed = parse(fixed.bytes)
    except ParseFailure as failure:
        raise FixFailure(f"the fix would not parse ({failure}); left unchanged") from None
    remaining = len(find_in_module(reparsed, functions))
    if remaining != left_alone:
        raise FixFailure(
            f"the fix would leave {remaining - left_alone} finding(s) behind; left unchanged"
        )
    return reparsed
