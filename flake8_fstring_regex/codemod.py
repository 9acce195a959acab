"""The fix as a LibCST codemod, for codebases that already run LibCST's tool::

    python -m libcst.tool codemod --no-format -x \\
        flake8_fstring_regex.codemod.EscapeSwallowedQuantifiers PATH

It applies exactly what ``flake8-fstring-regex --fix`` applies (same detector,
same replacements, same ``# noqa`` rule, same verification).
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from flake8_fstring_regex.analysis import split_lines
from flake8_fstring_regex.detect import find_in_module
from flake8_fstring_regex.fix import fix_module
from flake8_fstring_regex.noqa import is_suppressed


class EscapeSwallowedQuantifiers(CodemodCommand):
    """Double the braces of regex quantifiers that f-strings swallow."""

    DESCRIPTION: str = "Fix FSR findings: write {{6}} for a regex quantifier in an f-string."

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        found = find_in_module(tree)
        lines = split_lines(tree.code)
        kept = [finding for finding in found if not is_suppressed(finding, lines)]
        if not kept:
            raise SkipFile("no swallowed regex quantifier")
        return fix_module(tree, kept, left_alone=len(found) - len(kept))
