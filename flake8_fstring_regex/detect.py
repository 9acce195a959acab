"""The one detector: find swallowed regex quantifiers in a libcst module.

Both front ends call :func:`find_in_module` (or :func:`find_in_source`): the
flake8 plugin reports the findings, the fixer applies the edits they carry.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from collections.abc import Collection, Iterator
from typing import Optional, Union

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
)

from flake8_fstring_regex import codes
from flake8_fstring_regex.line_set import LINE_BREAK
from flake8_fstring_regex.finding import Finding, Literal
from flake8_fstring_regex.nesting import nested_too_deeply
from flake8_fstring_regex.reduce import reduced_source
from flake8_fstring_regex.cst_quantifier import quantifier_of
from flake8_fstring_regex.quantifier import (
    doubled_quantifiers,
    ends_in_regex_syntax,
    field_quantifier,
    format_fields,
)
from flake8_fstring_regex.regex_calls import DEFAULT_PLACES, RegexPlaces


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
    elif isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Add):
        yield from _string_parts(expression.left)
        yield from _string_parts(expression.right)
    else:
        yield expression


def _format_template(expression: cst.BaseExpression) -> Optional[tuple[cst.BaseExpression, int]]:
    """For ``<literal>.format(...)``: the literal and the number of positional
    arguments (None when ``*args`` makes it unknowable)."""
    if not (
        isinstance(expression, cst.Call)
        and isinstance(expression.func, cst.Attribute)
        and expression.func.attr.value == "format"
        and isinstance(expression.func.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return None
    if any(arg.star == "*" for arg in expression.args):
        return None
    positional = sum(1 for arg in expression.args if arg.keyword is None and not arg.star)
    return expression.func.value, positional


class _Collector(cst.CSTVisitor):
    """One pass over the module: regex arguments, assignments, f-strings."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, places: RegexPlaces) -> None:
        super().__init__()
        self.places = places
        self.patterns: list[cst.BaseExpression] = []
        self.pattern_names: set[str] = set()
        self.assigned: list[tuple[str, cst.BaseExpression]] = []
        self.fstrings: list[cst.FormattedString] = []
        self.formatted_names: dict[str, Optional[int]] = {}

    def _note_format_call(self, node: cst.Call) -> None:
        """Record ``NAME.format(...)``: the fewest positional arguments seen,
        or None when one call uses ``*args``."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "format"):
            return
        if not isinstance(func.value, cst.Name):
            return
        name = func.value.value
        if any(arg.star == "*" for arg in node.args):
            count: Optional[int] = None
        else:
            count = sum(1 for arg in node.args if arg.keyword is None and not arg.star)
        if name in self.formatted_names:
            previous = self.formatted_names[name]
            count = None if previous is None or count is None else min(previous, count)
        self.formatted_names[name] = count

    def visit_Call(self, node: cst.Call) -> None:
        self._note_format_call(node)
        names = {q.name for q in self.get_metadata(QualifiedNameProvider, node.func, set())}
        pattern = self.places.pattern_of(node, names)
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

    def regex_literals(self) -> tuple[set[cst.BaseExpression], dict[cst.BaseExpression, int]]:
        """String literals used as regexes, and str.format() regex templates
        with their number of positional arguments."""
        regexes: set[cst.BaseExpression] = set()
        templates: dict[cst.BaseExpression, int] = {}
        expressions: list[tuple[cst.BaseExpression, Optional[str]]] = [
            (e, None) for e in self.patterns
        ]
        expressions += [(v, n) for n, v in self.assigned if n in self.pattern_names]
        for expression, name in expressions:
            template = _format_template(expression)
            if template is not None:
                receiver, positional = template
                templates.update((part, positional) for part in _string_parts(receiver))
            elif name is not None and name in self.formatted_names:
                # NAME = "..." then NAME.format(...): a template, not a regex.
                count = self.formatted_names[name]
                if count is not None:
                    templates.update((part, count) for part in _string_parts(expression))
            elif not isinstance(expression, cst.Call):
                regexes.update(_string_parts(expression))
        return regexes, templates


class _Reporter:
    """Turns (literal, span) into findings with flake8 positions."""

    def __init__(self, module: cst.Module, positions: dict[cst.CSTNode, CodeRange]) -> None:
        self.module = module
        self.positions = positions

    def finding(
        self, code: codes.Code, literal: Literal, source: str, start: int, end: int,
        fix: str, inserted: str = "",
    ) -> Finding:
        where = self.positions[literal]
        before = LINE_BREAK.split(source[:start])
        line = where.start.line + len(before) - 1
        column = (where.start.column if len(before) == 1 else 0) + len(before[-1])
        return Finding(
            line=line,
            column=column,
            code=code.code,
            message=codes.message(code, source[start:end], fix, inserted),
            literal=literal,
            start=start,
            end=end,
            replacement_text=fix,
            last_line=where.end.line,
            literal_line=where.start.line,
            literal_column=where.start.column,
        )


def _has_text(fstring: cst.FormattedString) -> bool:
    return any(isinstance(part, cst.FormattedStringText) for part in fstring.parts)


def _fstring_findings(
    reporter: _Reporter, fstring: cst.FormattedString, is_regex: bool
) -> Iterator[Finding]:
    raw = "r" in fstring.prefix
    source = fstring.start
    previous: Optional[cst.BaseFormattedStringContent] = None
    for part in fstring.parts:
        before, previous = previous, part
        if isinstance(part, cst.FormattedStringText):
            source += part.value
            continue
        start = len(source)
        source += reporter.module.code_for_node(part)
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
        # A tuple field reports anywhere, but an f-string that is nothing but
        # the field (f"{3,}") formats the tuple on purpose.
        tuple_in_text = quantifier.is_tuple and _has_text(fstring)
        if tuple_in_text or is_regex or follows_regex:
            code = codes.FSR002 if quantifier.is_tuple else codes.FSR001
            yield reporter.finding(
                code, fstring, source, start, len(source), quantifier.escaped, quantifier.inserted
            )


def _plain_findings(
    reporter: _Reporter, literal: cst.SimpleString, positional: Optional[int]
) -> Iterator[Finding]:
    """FSR003 in a plain regex, or FSR004 in a str.format() template
    (``positional`` is then the number of positional arguments)."""
    source = literal.value
    if "f" in literal.prefix or "b" in literal.prefix:
        return
    if "r" not in literal.prefix and "\\N{" in source:
        return  # timid: \N{...} braces are not format fields; too rare to model
    opening = len(literal.prefix) + len(literal.quote)
    body = source[opening : len(source) - len(literal.quote)]
    if positional is None:
        if any(inside[:1].isidentifier() for _, _, inside in format_fields(body)):
            return  # timid: {ptr} is a str.format() field, no regex has one
        for start, end, quantifier in doubled_quantifiers(body):
            yield reporter.finding(
                codes.FSR003, literal, source, opening + start, opening + end, quantifier
            )
        return
    fields = list(format_fields(body))
    if any(re.match(r"[!:.\[]|$", inside) for _, _, inside in fields):
        # Automatic numbering ({}) cannot mix with {6}: every number is wrong.
        positional = 0
    for start, end, inside in fields:
        meant = field_quantifier(inside, positional)
        if meant is not None:
            yield reporter.finding(
                codes.FSR004, literal, source, opening + start, opening + end, "{" + meant + "}"
            )


def find_in_module(module: cst.Module, places: RegexPlaces = DEFAULT_PLACES) -> list[Finding]:
    """Every finding in ``module``, in source order."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    collector = _Collector(places)
    wrapper.visit(collector)
    regexes, templates = collector.regex_literals()
    plain = [s for s in regexes if isinstance(s, cst.SimpleString)]
    if not collector.fstrings and not plain and not templates:
        return []
    reporter = _Reporter(module, dict(wrapper.resolve(PositionProvider)))
    findings: list[Finding] = []
    for fstring in collector.fstrings:
        findings += _fstring_findings(reporter, fstring, fstring in regexes)
    for literal in plain:
        findings += _plain_findings(reporter, literal, None)
    for template, positional in templates.items():
        if isinstance(template, cst.SimpleString):
            findings += _plain_findings(reporter, template, positional)
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


def find_in_source(
    text: str,
    places: RegexPlaces = DEFAULT_PLACES,
    *,
    tree: Optional[ast.AST] = None,
    lines: Optional[Collection[int]] = None,
) -> list[Finding]:
    """Every finding in ``text``.

    With the ``ast`` tree and the pre-filter's candidate lines, libcst parses
    only the statements that matter (see reduce.py); positions are those of
    the whole file either way. Raises ParseFailure when the source cannot be
    parsed, or is nested too deeply for libcst to parse safely.
    """
    if isinstance(tree, ast.Module) and lines:
        reduced = reduced_source(text, tree, lines)
        if reduced is not None:
            try:
                found = _find(reduced.text, places, None)
            except ParseFailure:
                pass  # an odd layout (two statements on a line): parse it all
            else:
                origin = reduced.origin
                return [
                    replace(
                        f,
                        line=origin[f.line - 1],
                        last_line=origin[f.last_line - 1],
                        literal_line=origin[f.literal_line - 1],
                    )
                    for f in found
                ]
    return _find(text, places, tree)


def _find(text: str, places: RegexPlaces, tree: Optional[ast.AST]) -> list[Finding]:
    if nested_too_deeply(text, tree):
        raise ParseFailure("cannot parse: nested too deeply")
    module = parse(text)
    try:
        return find_in_module(module, places)
    except RecursionError:
        # libcst's visitors recurse once per piece of an implicit
        # concatenation, which ast keeps flat: the guard cannot see it.
        raise ParseFailure("cannot parse: nested too deeply") from None
