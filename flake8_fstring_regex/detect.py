"""The libcst detector: parse, find where regexes go, and let every rule
family report.

One pass collects the module's f-strings, the literals that reach a regex
place, and the str.format() templates that do; each family's ``detect``
turns what it needs into findings. The pipeline in analysis.py calls this
only after the text and ``ast`` gates.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Optional, Union

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
)

from flake8_fstring_regex.findings import REGEX_LOOK, REGEX_PLACE, Edit, Finding
from flake8_fstring_regex.nesting import nested_too_deeply
from flake8_fstring_regex.reduce import Plan, Unit, shown_nodes
from flake8_fstring_regex.regex_calls import DEFAULT_PLACES, RegexPlaces
from flake8_fstring_regex.regex_names import roots
from flake8_fstring_regex.rules import FAMILIES
from flake8_fstring_regex.rules.base import Code, Detector
from flake8_fstring_regex.source import LINE_BREAK

StringLiteral = Union[cst.SimpleString, cst.FormattedString]


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


@dataclass
class Collected:
    """What one pass over a module found: every f-string, the literals that
    reach a regex place, and str.format() regex templates with the fewest
    positional arguments they are given."""

    fstrings: list[cst.FormattedString] = field(default_factory=list)
    regexes: set[cst.BaseExpression] = field(default_factory=set)
    templates: dict[cst.BaseExpression, int] = field(default_factory=dict)
    layers: dict[cst.BaseExpression, Layer] = field(default_factory=dict)


@dataclass(frozen=True)
class Layer:
    """A ``.format()`` call whose receiver is made of string literals: each
    of them is formatted once more after its own evaluation, so a quantifier
    in one of them must survive both (``{{{{6}}}}`` in an f-string part).

    ``parts`` are the receiver's pieces in order; ``positional`` is the
    number of positional arguments, None with ``*args``; ``open_keywords``
    is set with ``**kwargs``.
    """

    parts: tuple[cst.BaseExpression, ...]
    positional: Optional[int]
    keywords: frozenset[str]
    open_keywords: bool


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


_LITERALS = (cst.SimpleString, cst.FormattedString)


def _format_call(expression: cst.BaseExpression) -> Optional[Layer]:
    """For ``<literals>.format(...)``: the receiver's literals and the call's
    arguments, else None (a receiver with anything but string literals,
    concatenations and ``+`` is not a template we can read)."""
    if not (
        isinstance(expression, cst.Call)
        and isinstance(expression.func, cst.Attribute)
        and expression.func.attr.value == "format"
    ):
        return None
    parts = tuple(_string_parts(expression.func.value))
    if not all(isinstance(part, _LITERALS) for part in parts):
        return None
    starred = any(arg.star == "*" for arg in expression.args)
    positional = sum(1 for arg in expression.args if arg.keyword is None and not arg.star)
    return Layer(
        parts,
        None if starred else positional,
        keywords=frozenset(arg.keyword.value for arg in expression.args if arg.keyword),
        open_keywords=any(arg.star == "**" for arg in expression.args),
    )


@dataclass
class Facts:
    """What a module says about names, wherever it says it: the names
    passed as a pattern, and for each ``NAME.format(...)`` the fewest
    positional arguments (None with ``*args``). Gathered from several parts
    of a module, it is what the whole module says."""

    pattern_names: set[str] = field(default_factory=set)
    formatted_names: dict[str, Optional[int]] = field(default_factory=dict)

    def add(self, other: Union[Facts, _Collector]) -> None:
        self.pattern_names |= other.pattern_names
        for name, count in other.formatted_names.items():
            if name in self.formatted_names:
                previous = self.formatted_names[name]
                count = None if previous is None or count is None else min(previous, count)
            self.formatted_names[name] = count


class _Collector(cst.CSTVisitor):
    """One pass over the module: regex arguments, assignments, f-strings."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, places: RegexPlaces, facts: Optional[Facts] = None) -> None:
        super().__init__()
        self.places = places
        self.facts = facts
        self.patterns: list[cst.BaseExpression] = []
        self.pattern_names: set[str] = set()
        self.assigned: list[tuple[str, cst.BaseExpression]] = []
        self.fstrings: list[cst.FormattedString] = []
        self.formatted_names: dict[str, Optional[int]] = {}
        self.layers: dict[cst.BaseExpression, Layer] = {}

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
        layer = _format_call(node)
        if layer is not None:
            self.layers.update((part, layer) for part in layer.parts)
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

    def collected(self) -> Collected:
        """The f-strings, the string literals used as regexes, and the
        str.format() regex templates with their number of positional
        arguments."""
        found = Collected(fstrings=self.fstrings, layers=self.layers)
        regexes, templates = found.regexes, found.templates
        pattern_names, formatted_names = self.pattern_names, self.formatted_names
        if self.facts is not None:  # what the rest of the module says about names
            facts = Facts()
            facts.add(self)
            facts.add(self.facts)
            pattern_names, formatted_names = facts.pattern_names, facts.formatted_names
        expressions: list[tuple[cst.BaseExpression, Optional[str]]] = [
            (e, None) for e in self.patterns
        ]
        expressions += [(v, n) for n, v in self.assigned if n in pattern_names]
        for expression, name in expressions:
            layer = _format_call(expression)
            if layer is not None:
                # The formatted value is the regex: plain parts are its
                # template (FSR004), f-string parts reach the regex place.
                for part in layer.parts:
                    if isinstance(part, cst.FormattedString):
                        regexes.add(part)
                    elif layer.positional is not None:
                        templates[part] = layer.positional
            elif name is not None and name in formatted_names:
                # NAME = "..." then NAME.format(...): a template, not a regex.
                count = formatted_names[name]
                if count is not None:
                    templates.update((part, count) for part in _string_parts(expression))
            elif not isinstance(expression, cst.Call):
                regexes.update(_string_parts(expression))
        return found


class Reporter:
    """Turns (literal, span) into findings with flake8 positions and edits."""

    def __init__(
        self,
        module: cst.Module,
        positions: Mapping[cst.CSTNode, CodeRange],
        layers: Mapping[cst.BaseExpression, Layer],
    ) -> None:
        self.module = module
        self.positions = positions
        self.layers = layers

    def code_for_node(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def finding(
        self, code: Code, literal: StringLiteral, source: str, start: int, end: int,
        *, fix: str, meant: str, inserted: str = "", evidence: str = REGEX_PLACE,
    ) -> Finding:
        """The finding for ``source[start:end]`` of ``literal`` (its source),
        fixed by writing ``fix`` there (the quantifier ``meant``)."""
        where = self.positions[literal]
        line, column = _position(where, source, start)
        end_line, end_column = _position(where, source, end)
        looks = evidence == REGEX_LOOK
        return Finding(
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=code.code,
            message=code.message(source[start:end], fix, inserted, looks=looks),
            last_line=where.end.line,
            evidence=evidence,
            edit=Edit(
                literal, start, end, fix, where.start.line, where.start.column, meant,
                self.layers.get(literal),
            ),
        )


def _position(where: CodeRange, source: str, offset: int) -> tuple[int, int]:
    """The file position of ``source[offset]``, ``source`` starting at ``where``."""
    before = LINE_BREAK.split(source[:offset])
    line = where.start.line + len(before) - 1
    return line, (where.start.column if len(before) == 1 else 0) + len(before[-1])


def _detectors() -> Iterator[Detector]:
    for family in FAMILIES:
        detect: Detector = importlib.import_module(family.detector).detect
        yield detect


def find_in_module(
    module: cst.Module, places: RegexPlaces = DEFAULT_PLACES, facts: Optional[Facts] = None
) -> list[Finding]:
    """Every finding in ``module``, in source order (``facts``: what the
    rest of the file says about names, when ``module`` is a part of it)."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    collector = _Collector(places, facts)
    wrapper.visit(collector)
    collected = collector.collected()
    if not (collected.fstrings or collected.regexes or collected.templates):
        return []
    report = Reporter(module, wrapper.resolve(PositionProvider), collected.layers)
    findings = [finding for detect in _detectors() for finding in detect(collected, report)]
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


# A file with more top-level statements for libcst than this is given to it
# a group at a time: libcst's tree costs tens of kilobytes a statement.
GROUP_SIZE = 200


def find_in_source(
    text: str,
    places: RegexPlaces = DEFAULT_PLACES,
    *,
    tree: Optional[ast.AST] = None,
    lines: Optional[Collection[int]] = None,
) -> list[Finding]:
    """Every finding in ``text``.

    With the ``ast`` tree and the text gate's candidate lines, libcst parses
    only the statements that matter (see reduce.py), in groups when there
    are many; positions are those of the whole file either way. Raises
    ParseFailure when the source cannot be parsed, or is nested too deeply
    for libcst to parse safely.
    """
    if isinstance(tree, ast.Module) and lines:
        plan = Plan(text, tree, lines, roots(places.functions))
        try:
            if len(plan.units) > GROUP_SIZE:
                return _find_in_groups(plan, places)
            reduced = plan.render(plan.units)
            if reduced is not None:
                found = _find(reduced.text, places, None)
                return [_moved(finding, reduced.origin) for finding in found]
        except ParseFailure:
            pass  # an odd layout (two statements on a line): parse it all
    return _find(text, places, tree)


def _groups(units: Sequence[Unit]) -> Iterator[Sequence[Unit]]:
    for start in range(0, len(units), GROUP_SIZE):
        yield units[start : start + GROUP_SIZE]


def _states_facts(unit: Unit) -> bool:
    """Whether ``unit`` may say something about a name: pass one to a call
    (maybe as a pattern) or call ``NAME.format``."""
    for node in shown_nodes(unit):
        if isinstance(node, ast.Call):
            arguments = [a.value if isinstance(a, ast.Starred) else a for a in node.args]
            arguments += [k.value for k in node.keywords]
            if any(isinstance(argument, ast.Name) for argument in arguments):
                return True
        elif isinstance(node, ast.Attribute) and node.attr == "format":
            return True
    return False


def _find_in_groups(plan: Plan, places: RegexPlaces) -> list[Finding]:
    """The findings of every unit of ``plan``, libcst seeing the context and
    one group of units at a time; first, the groups of the units that may
    say something about names, for what they say (``Facts``)."""
    facts = Facts()
    for group in _groups([unit for unit in plan.units if _states_facts(unit)]):
        reduced = plan.render(group)
        if reduced is None:
            raise ParseFailure("not a part")  # the whole text: parse it as such
        if nested_too_deeply(reduced.text, None):
            raise ParseFailure("cannot parse: nested too deeply")
        wrapper = MetadataWrapper(parse(reduced.text), unsafe_skip_copy=True)
        collector = _Collector(places)
        try:
            wrapper.visit(collector)
        except RecursionError:
            raise ParseFailure("cannot parse: nested too deeply") from None
        facts.add(collector)
    found: dict[tuple[int, int, str], Finding] = {}
    for group in _groups(plan.units):
        reduced = plan.render(group)
        if reduced is None:
            raise ParseFailure("not a part")
        for finding in _find(reduced.text, places, None, facts):
            moved = _moved(finding, reduced.origin)
            # The context is in every group: anything found there, once.
            found.setdefault((moved.line, moved.column, moved.code), moved)
    return sorted(found.values(), key=lambda f: (f.line, f.column))


def _moved(finding: Finding, origin: list[int]) -> Finding:
    """A finding of the reduced text, at its place in the file."""
    edit = finding.edit
    if edit is not None:
        edit = replace(edit, literal_line=origin[edit.literal_line - 1])
    return replace(
        finding,
        line=origin[finding.line - 1],
        end_line=origin[finding.end_line - 1],
        last_line=origin[finding.last_line - 1],
        edit=edit,
    )


def _find(
    text: str, places: RegexPlaces, tree: Optional[ast.AST], facts: Optional[Facts] = None
) -> list[Finding]:
    if nested_too_deeply(text, tree):
        raise ParseFailure("cannot parse: nested too deeply")
    module = parse(text)
    try:
        return find_in_module(module, places, facts)
    except RecursionError:
        # libcst's visitors recurse once per piece of an implicit
        # concatenation, which ast keeps flat: the guard cannot see it.
        raise ParseFailure("cannot parse: nested too deeply") from None
