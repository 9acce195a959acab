"""The one detector: find swallowed regex quantifiers in a libcst module.

Both front ends call :func:`find_in_module` (or :func:`find_in_source`): the
flake8 plugin reports the findings, the fixer applies their replacements.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import Optional, Union

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
)

from flake8_fstring_regex import codes
from flake8_fstring_regex.finding import Finding
from flake8_fstring_regex.nesting import nested_too_deeply
from flake8_fstring_regex.quantifier import ends_in_regex_syntax, quantifier_of
from flake8_fstring_regex.regex_calls import DEFAULT_FUNCTIONS, PatternArg


class ParseFailure(Exception):
    """The source could not be parsed by libcst (the message says why)."""


def parse(source: Union[str, bytes]) -> cst.Module:
    """Parse with libcst, turning every way it can fail into ParseFailure."""
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        first = str(error).strip().splitlines()[0]
        raise ParseFailure(f"cannot parse: {first}") from None
    except RecursionError:
        raise ParseFailure("cannot parse: nested too deeply") from None
    except (UnicodeDecodeError, LookupError, SyntaxError) as error:
        raise ParseFailure(f"cannot decode: {error}") from None
    except Exception as error:  # libcst's native parser has other failure modes
        raise ParseFailure(f"cannot parse: {type(error).__name__}: {error}") from None


def _string_parts(expression: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The string literals an expression is made of: concatenations and ``+``."""
    if isinstance(expression, cst.ConcatenatedString):
        yield from _string_parts(expression.left)
        yield from _string_parts(expression.right)
    elif isinstance(expression, cst.BinaryOperation) and isinstance(
        expression.operator, cst.Add
    ):
        yield from _string_parts(expression.left)
        yield from _string_parts(expression.right)
    else:
        yield expression


class _Collector(cst.CSTVisitor):
    """One pass over the module: regex arguments, assignments, f-strings."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, functions: Mapping[str, PatternArg]) -> None:
        super().__init__()
        self.functions = functions
        self.patterns: list[cst.BaseExpression] = []
        self.pattern_names: set[str] = set()
        self.assigned: list[tuple[str, cst.BaseExpression]] = []
        self.fstrings: list[cst.FormattedString] = []

    def _pattern_arg(self, call: cst.Call) -> Optional[cst.BaseExpression]:
        names = self.get_metadata(QualifiedNameProvider, call.func, set())
        for qualified in names:
            spec = self.functions.get(qualified.name)
            if spec is not None:
                return spec.find(call.args)
        return None

    def visit_Call(self, node: cst.Call) -> None:
        pattern = self._pattern_arg(node)
        if isinstance(pattern, cst.Name):
            self.pattern_names.add(pattern.value)
        elif pattern is not None:
            self.patterns.append(pattern)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.assigned.append((target.target.value, node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.assigned.append((node.target.value, node.value))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.fstrings.append(node)

    def regex_strings(self) -> set[cst.BaseExpression]:
        """Every string literal that is used as a regex in this module."""
        expressions = list(self.patterns)
        expressions += [v for name, v in self.assigned if name in self.pattern_names]
        return {part for e in expressions for part in _string_parts(e)}


def _fstring_findings(
    module: cst.Module,
    fstring: cst.FormattedString,
    is_regex: bool,
    positions: Mapping[cst.CSTNode, CodeRange],
) -> Iterator[Finding]:
    raw = "r" in fstring.prefix.lower()
    last_line = positions[fstring].end.line
    previous: Optional[cst.BaseFormattedStringContent] = None
    for part in fstring.parts:
        before, previous = previous, part
        if not isinstance(part, cst.FormattedStringExpression):
            continue
        if part.conversion is not None or part.format_spec is not None or part.equal:
            continue
        quantifier = quantifier_of(part.expression)
        if quantifier is None:
            continue
        follows_regex = isinstance(before, cst.FormattedStringText) and (
            ends_in_regex_syntax(before.value, raw=raw)
        )
        if not (quantifier.is_tuple or is_regex or follows_regex):
            continue
        code = codes.FSR002 if quantifier.is_tuple else codes.FSR001
        fix = quantifier.escaped
        start = positions[part].start
        yield Finding(
            line=start.line,
            column=start.column,
            code=code.code,
            message=codes.message(
                code, module.code_for_node(part), quantifier.inserted, fix
            ),
            node=part,
            replacement=cst.FormattedStringText(fix),
            replacement_text=fix,
            last_line=last_line,
        )


def find_in_module(
    module: cst.Module, functions: Mapping[str, PatternArg] = DEFAULT_FUNCTIONS
) -> list[Finding]:
    """Every finding in ``module``, in source order."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    collector = _Collector(functions)
    wrapper.visit(collector)
    if not collector.fstrings:
        return []
    regexes = collector.regex_strings()
    positions = wrapper.resolve(PositionProvider)
    findings: list[Finding] = []
    for fstring in collector.fstrings:
        findings += _fstring_findings(module, fstring, fstring in regexes, positions)
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


def find_in_source(
    source: Union[str, bytes],
    functions: Mapping[str, PatternArg] = DEFAULT_FUNCTIONS,
    *,
    text: Optional[str] = None,
    tree: Optional[ast.AST] = None,
) -> tuple[cst.Module, list[Finding]]:
    """Parse ``source`` and return the module with its findings.

    ``text`` is the decoded source when ``source`` is bytes; ``tree`` its
    ``ast`` tree when the caller has one. Raises ParseFailure when the source
    cannot be parsed, or is nested too deeply for libcst to parse safely.
    """
    if text is None:
        text = source if isinstance(source, str) else source.decode("utf-8", "replace")
    if nested_too_deeply(text, tree):
        raise ParseFailure("cannot parse: nested too deeply")
    module = parse(source)
    return module, find_in_module(module, functions)


__all__: Sequence[str] = ("Finding", "ParseFailure", "find_in_module", "find_in_source", "parse")
