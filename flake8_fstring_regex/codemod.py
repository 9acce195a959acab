"""The fix as a LibCST codemod, for codebases that already run LibCST's tool::

    python -m libcst.tool codemod --no-format -x \\
        flake8_fstring_regex.codemod.EscapeSwallowedQuantifiers PATH

It applies exactly what ``flake8-fstring-regex --fix`` applies (same
analysis, same edits, same ``# noqa`` rule, same verification).
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from flake8_fstring_regex.analysis import analyse


class EscapeSwallowedQuantifiers(CodemodCommand):
    """Double the braces of regex quantifiers that f-strings swallow."""

    DESCRIPTION: str = "Fix FSR findings: write {{6}} for a regex quantifier in an f-string."

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        analysis = analyse(tree.bytes)
        if not analysis.findings:
            raise SkipFile("no swallowed regex quantifier")
        return cst.parse_module(analysis.fixed())
