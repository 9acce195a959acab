"""Reading str.format() calls from text, for FSR004's text gate.

A quantifier-shaped field ({6}, {2,4}) in a plain literal can only be an
FSR004 finding when a ``.format`` call follows closely enough for the
literal to be its template, and that call leaves the field a quantifier.
Most ``"{0}".format(x)`` templates pass enough arguments; telling so from
the text spares the file a full parse. Python's parser reads the call's
arguments; the rest is text, and errs towards "maybe" as the pre-filter
must.
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from array import array
from collections import Counter
from collections.abc import Collection
from typing import Optional, Union

from flake8_fstring_regex.rules.shapes import FORMAT_ATTRIBUTE
from flake8_fstring_regex.source import after_word_character, line_starts

# What may lie between a template's last line and its .format call.
_CLOSERS = re.compile(r"(?:[ \t\f)\]}]|\\\r?\n|\\\r|#[^\r\n]*|\r\n|\r|\n)*")
# How many lines before a field its template may start.
_TEMPLATE_START_LINES = 40
# What follows a name assigned: NAME = ..., NAME: T = ... (and, a superset,
# a keyword argument NAME=...).
_ASSIGNED = r"[ \t]*(?::[^=\r\n]*)?=(?!=)"
# What may sit between ".format" and its "(": spaces, backslash continuations.
_BEFORE_PAREN = re.compile(r"(?:\s|\\\r?\n|\\\r)*")
# How many closing parentheses are tried as the end of a .format(...) call,
# how long a call is read at most, and how many calls after one field.
_MAX_CLOSINGS = 64
_MAX_CALL_CHARACTERS = 4096
_MAX_CALLS_PER_FIELD = 32
# Characters Python's parser may read for the gate, per character of source
# (and at least): beyond that every call is "maybe", and the ast screen decides.
_BUDGET_PER_CHARACTER = 4
_BUDGET_FLOOR = 1 << 20
# An automatic field ({}, {:x}, {!r}): mixed with {6}, every number is wrong.
_AUTO_FIELD = re.compile(r"\{[}!:.\[]")
# A line that may continue an implicitly concatenated template: it starts
# with a string, a "+", a comment, or is blank.
_CONTINUES_TEMPLATE = re.compile(r"[ \t\f]*(?:[rRbBuUfF]{0,2}['\"]|\+|#|\r?$)", re.MULTILINE)

# The arguments of most calls, read without Python's parser: names, dotted
# names, numbers, keywords and one-line strings without escapes ("," or ")"
# within one is read as part of it), with * and ** (a prefixed string, a
# comment, a bracket or anything else: the parser reads them).
_SIMPLE_ARGUMENT = r"""(?:\w+\s*=\s*)?\*{0,2}(?:[\w.]+|'[^'\\\r\n]*'|"[^"\\\r\n]*")"""
_SIMPLE_ARGUMENTS = re.compile(
    r"\(\s*(?:" + _SIMPLE_ARGUMENT + r"\s*(?:,\s*" + _SIMPLE_ARGUMENT + r"\s*)*,?\s*)?\)"
)
# A name passed among them: a whole argument's value that is an identifier.
_SIMPLE_NAME = re.compile(r"[(,]\s*(?:\w+\s*=\s*)?\**([^\W\d]\w*)\s*(?=[,)])")

# What a .format call is, besides its number of positional arguments:
NOT_A_CALL = -1  # ".format" is not called there (``f = s.format``)
STARRED = -2  # *args: the count is unknown, and the detector reports nothing
# None: the text could not be read; anything may follow.


class FormatCalls:
    """The ``.format`` calls of one source, read as fields ask about them.

    Linear in the source however many fields ask: every search runs once
    over the whole source and is then bisected, each call is read once, and
    Python's parser reads at most a few times the source's length in all
    (past that budget a call is "unreadable", which means "maybe").
    """

    def __init__(self, source: str, callees: Collection[str] = ()) -> None:
        self.source = source
        self.callees = callees  # configured regex functions' last names
        self.lines = line_starts(source)
        self.dots = array("q", (m.start() for m in FORMAT_ATTRIBUTE.finditer(source)))
        self.budget = ParseBudget(_BUDGET_PER_CHARACTER * len(source) + _BUDGET_FLOOR)
        self._counts: dict[int, Optional[int]] = {}
        self._receivers: dict[int, str] = {}
        self._name_calls: Optional[Counter[str]] = None
        self._auto_fields: Optional[array[int]] = None
        self._triple_quotes: Optional[tuple[list[int], list[Optional[int]]]] = None
        self._held: Optional[tuple[bool, Optional[int]]] = None
        self._continued_run = (0, -1)  # the last run of template lines walked
        self._plain: dict[int, int] = {}  # .format offset -> where its plain text starts
        self._reach: dict[int, int] = {}  # a template's last line -> _call_reach (the last one)
        self._fewest: dict[str, Optional[int]] = {}
        self._calls_on: dict[str, list[int]] = {}  # NAME -> its ".format" offsets
        self._passed: Optional[frozenset[str]] = None
        self._passed_read = False
        self._receiver_names: dict[int, frozenset[str]] = {}

    def template_may_report(self, field: re.Match[str]) -> bool:
        """Whether the quantifier-shaped ``field`` may be an FSR004 finding.

        It must sit in the template of a ``.format`` call that follows within
        a few lines, and that call must leave it a quantifier: ``{2,4}``
        always; ``{6}`` when the call passes fewer than seven positional
        arguments, or the template may hold an automatic field.
        """
        source = self.source
        if self._held_by_a_formatted_name(field):
            return True
        end = self._call_reach(self._template_end_line(field.end()))
        inside = field.group()[1:-1]
        index = bisect.bisect_left(self.dots, field.end())
        stop = min(index + _MAX_CALLS_PER_FIELD, len(self.dots))
        for dot in self.dots[index:stop]:
            if dot >= end:
                return False
            at = self._after(dot)
            if at not in self._counts:
                self._counts[at] = positional_arguments(source, at, self.budget)
            count = self._counts[at]
            if count == NOT_A_CALL:
                continue
            if count is None:
                return True
            if count != STARRED and (
                "," in inside
                or count <= int(inside)
                or self._auto_field_within(self._template_start(field.start()), at)
                or self._called_on_a_name_elsewhere(dot)
            ):
                return True
            if self._receiver_end(dot) in ("'", '"', ")") and field.end() >= self._plain_from(dot):
                # The first call on a literal (or parenthesised) receiver
                # right after the field's string closes: if the field is in
                # a template, this is its call. (Anything else between them,
                # a comment or another string, may hide ".format(" text.)
                return False
        # Calls left unread after too many: "maybe".
        return stop < len(self.dots) and self.dots[stop] < end

    def _call_reach(self, line: int) -> int:
        """Where a ``.format`` call on a template ending on ``line`` may
        be, at the latest: on that line, or after nothing but closing
        brackets, spaces, line breaks, continuations and comments (a line
        of other code between a template and a call makes them strangers).
        The offset just past the first other character."""
        if line not in self._reach:
            start = self.lines.end_of(line) if line < len(self.lines) else len(self.source)
            start = len(self.source) if start < 0 else start
            closers = _CLOSERS.match(self.source, start)
            assert closers is not None  # (it matches the empty string)
            self._reach = {line: closers.end() + 1}
        return self._reach[line]

    def _after(self, dot: int) -> int:
        """Where the ``.format`` attribute at ``dot`` ends."""
        match = FORMAT_ATTRIBUTE.match(self.source, dot)
        return match.end() if match is not None else dot + len(".format")

    def _plain_from(self, dot: int) -> int:
        """Where the plain text before ``.format`` (at ``dot``) starts: the
        rest of one string up to its closing quote, then only spaces,
        closing parentheses and line continuations. A field from there on
        is in the string this call formats; before, a comment or another
        string between them may hide ".format(" text. Computed once a call."""
        if dot not in self._plain:
            source = self.source
            at = dot
            while at > 0 and source[at - 1] in " \t\f\v\r\n)\\":
                at -= 1
            quote = source[at - 1 : at]
            if quote not in ("'", '"'):
                self._plain[dot] = dot + 1  # no string closes there: never
            else:
                at -= 3 if source[max(0, at - 3) : at] == quote * 3 else 1
                while at > 0 and source[at - 1] not in "'\"#\r\n":
                    at -= 1
                self._plain[dot] = at
        return self._plain[dot]

    def _template_end_line(self, pos: int) -> int:
        """The last line the template holding ``pos`` may reach: the line
        of the triple quote closing it, and the lines after that may
        continue it (strings, ``+``, comments and blank lines: an implicit
        concatenation), however many."""
        line = self.lines.line_of(pos)
        if self._open_triple_quote(pos) is not None:
            assert self._triple_quotes is not None
            places = self._triple_quotes[0]
            index = bisect.bisect_left(places, pos)
            if index == len(places):
                return len(self.lines)
            line = self.lines.line_of(places[index])
        run = self._continued_run
        if run[0] <= line <= run[1]:
            return run[1]  # fields come in order: each line is walked once
        first = line
        while line < len(self.lines) and _CONTINUES_TEMPLATE.match(
            self.source, self.lines.start_of(line + 1)
        ):
            line += 1
        self._continued_run = (first, line)
        return line

    def _auto_field_within(self, start: int, end: int) -> bool:
        if self._auto_fields is None:
            self._auto_fields = array("q", (m.start() for m in _AUTO_FIELD.finditer(self.source)))
        index = bisect.bisect_left(self._auto_fields, start)
        return index < len(self._auto_fields) and self._auto_fields[index] < end

    def _receiver_end(self, dot: int) -> str:
        """The last character before ``.format`` (at ``dot``) that is not
        white space."""
        if dot not in self._receivers:
            self._receivers[dot] = _last_character(self.source, dot)
        return self._receivers[dot]

    def _called_on_a_name_elsewhere(self, dot: int) -> bool:
        """Whether the receiver before ``.format`` (at ``dot``) is a name
        with another ``.format`` call in the module: ``NAME = "..."`` is a
        template with the fewest positional arguments of all of them."""
        if self._name_calls is None:
            self._name_calls = Counter(name for at in self.dots for name in self._names(at))
        calls = self._name_calls
        return any(name.isidentifier() and calls[name] > 1 for name in self._names(dot))

    def _names(self, dot: int) -> frozenset[str]:
        """The names that may be the receiver at ``dot`` (once a call)."""
        if dot not in self._receiver_names:
            self._receiver_names[dot] = frozenset(_names_before(self.source, dot))
        return self._receiver_names[dot]

    def _held_by_a_formatted_name(self, field: re.Match[str]) -> bool:
        """Whether ``field`` may be in a template assigned to a name that
        ``NAME.format(...)`` formats with too few positional arguments (the
        fewest of all its calls): ``NAME = "..."`` is then a template,
        which the detector reads when NAME is passed as a pattern (the
        ``ast`` screen asks that). Any such assignment anywhere counts: how
        far an assignment's string lies from its ``NAME =`` is unbounded."""
        if self._held is None:
            self._held = self._held_counts()
        unknown, fewest = self._held
        if unknown:
            return True
        if fewest is None:
            return False  # no name assigned and formatted with countable calls
        inside = field.group()[1:-1]
        return (
            "," in inside
            or fewest <= int(inside)
            or self._auto_field_within(0, len(self.source))
        )

    def _held_counts(self) -> tuple[bool, Optional[int]]:
        """Over the names assigned and formatted in the source: whether one
        has a call the text does not tell, and the fewest positional
        arguments of the others' calls (None: none has countable calls)."""
        fewest: Optional[int] = None
        for name in self._held_names():
            count = self._fewest_arguments(name)
            if count is None:
                return True, None
            if count != STARRED:
                fewest = count if fewest is None else min(fewest, count)
        return False, fewest

    def _held_names(self) -> set[str]:
        """The names with a ``.format`` call on them, passed to a call
        that may take a regex, and assigned (``NAME =``, ``NAME: T =``)
        somewhere: one pass over the source's assignments to such names."""
        for dot in self.dots:
            for name in self._names(dot):
                if name.isidentifier():
                    self._calls_on.setdefault(name, []).append(dot)
        names = set(self._calls_on)
        if names:
            passed = self._passed_to_regex_functions()
            if passed is not None:
                names &= passed
        if not names:
            return set()
        # The names first, the character before them checked after.
        assignment = re.compile("(" + "|".join(map(re.escape, sorted(names))) + ")" + _ASSIGNED)
        return {
            match.group(1)
            for match in assignment.finditer(self.source)
            if not after_word_character(self.source, match.start(), ".")
        }

    def _passed_to_regex_functions(self) -> Optional[frozenset[str]]:
        """The names passed, in any position, to a call whose last name is
        a regex function's (or an ``import ... as`` alias): a superset of
        the detector's names passed as a pattern, which a held template
        needs. None when one such call cannot be read."""
        if not self._passed_read:
            self._passed_read = True
            from flake8_fstring_regex.imports import imported
            from flake8_fstring_regex.regex_names import callee_names

            imports = imported(self.source)
            if imports.anything or not self.source.isascii():
                # An import not read: any name may be an alias. Not ASCII:
                # the parser names what the text spells otherwise (NFKC).
                return None
            names = callee_names(self.callees) | imports.alias_spellings
            callee = re.compile(
                "(?:" + "|".join(map(re.escape, sorted(names))) + ")"
                r"(?:\s|\\\r?\n|\\\r|#[^\r\n]*(?:\r\n?|\n))*(?=\()"  # comments: in brackets
            )
            passed: set[str] = set()
            for match in callee.finditer(self.source):
                if after_word_character(self.source, match.start()):
                    continue  # a longer name's end
                simple = _SIMPLE_ARGUMENTS.match(self.source, match.end())
                if simple is not None:  # most calls: no parse needed
                    passed.update(_SIMPLE_NAME.findall(simple.group()))
                    continue
                call = read_call(self.source, match.end(), self.budget)
                if call is None:
                    return None  # (and _passed stays None)
                if isinstance(call, ast.Call):
                    values = [a.value if isinstance(a, ast.Starred) else a for a in call.args]
                    values += [keyword.value for keyword in call.keywords]
                    passed.update(v.id for v in values if isinstance(v, ast.Name))
            self._passed = frozenset(passed)
        return self._passed

    def _fewest_arguments(self, name: str) -> Optional[int]:
        """The fewest positional arguments of the ``NAME.format(...)`` calls:
        STARRED when one has ``*args`` (the detector then reports nothing),
        None when one cannot be read."""
        if name not in self._fewest:
            counts = []
            for dot in self._calls_on[name]:
                at = self._after(dot)
                if at not in self._counts:
                    self._counts[at] = positional_arguments(self.source, at, self.budget)
                counts.append(self._counts[at])
            called = [count for count in counts if count != NOT_A_CALL]
            if None in called:
                self._fewest[name] = None
            elif STARRED in called or not called:
                self._fewest[name] = STARRED
            else:
                self._fewest[name] = min(c for c in called if c is not None)
        return self._fewest[name]

    def _template_start(self, pos: int) -> int:
        """Where the template holding the field at ``pos`` may start, at the
        earliest: the start of its line; the opening of the triple-quoted
        string ``pos`` may be in; or an earlier line when the lines above may
        be implicitly concatenated pieces of the same template."""
        number = self.lines.line_of(pos)
        line = self.lines.start_of(number)
        opening = self._open_triple_quote(pos)
        if opening is not None:
            return min(line, self.lines.start_of(self.lines.line_of(opening)))
        for _ in range(_TEMPLATE_START_LINES):
            if number == 1 or not _CONTINUES_TEMPLATE.match(self.source, line):
                break
            number -= 1
            line = self.lines.start_of(number)
        return line

    def _open_triple_quote(self, pos: int) -> Optional[int]:
        """Where the triple-quoted string open at ``pos`` starts, reading
        triple quotes in pairs from the top (a triple quote in a comment or
        in the other kind of string throws the pairing off: text only)."""
        if self._triple_quotes is None:
            self._triple_quotes = _open_after_each(self.source)
        places, opened = self._triple_quotes
        before = bisect.bisect_left(places, pos)
        return opened[before - 1] if before else None


class ParseBudget:
    """How many more characters Python's parser may read for the gate."""

    __slots__ = ("left",)

    def __init__(self, characters: int) -> None:
        self.left = characters


def positional_arguments(
    source: str, at: int, budget: Optional[ParseBudget] = None
) -> Optional[int]:
    """How many positional arguments the call right after ``.format`` (at
    ``at``) passes; STARRED with ``*args``, NOT_A_CALL when no call follows,
    None when the text cannot be read (or ``budget`` is spent)."""
    call = read_call(source, at, budget)
    if not isinstance(call, ast.Call):
        return call
    if any(isinstance(argument, ast.Starred) for argument in call.args):
        return STARRED
    return len(call.args)


def read_call(
    source: str, at: int, budget: Optional[ParseBudget] = None
) -> Union[ast.Call, int, None]:
    """The call whose arguments open right after ``at`` (past spaces and
    line continuations); NOT_A_CALL when no ``(`` follows, None when the
    text cannot be read (or ``budget`` is spent).

    Each closing parenthesis in turn is tried as the call's end, and
    Python's parser reads the arguments: the first that parses is the call's
    (an earlier one would leave a bracket, string or comment open). A call
    longer than a few thousand characters is not read.
    """
    opening = at
    spaces = _BEFORE_PAREN.match(source, at, at + _MAX_CALL_CHARACTERS)
    if spaces is not None:
        opening = spaces.end()
    following = source[opening : opening + 1]
    if following != "(":
        return None if following in ("#", "") else NOT_A_CALL
    closing = opening
    limit = opening + _MAX_CALL_CHARACTERS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the user's code
        for _ in range(_MAX_CLOSINGS):
            closing = source.find(")", closing + 1, limit)
            if closing < 0:
                return None
            if budget is not None:
                budget.left -= closing - opening
                if budget.left < 0:
                    return None
            try:
                call = ast.parse("_" + source[opening : closing + 1], mode="eval").body
            except (SyntaxError, ValueError, OverflowError, RecursionError, MemoryError):
                continue
            return call if isinstance(call, ast.Call) else None
    return None


def _open_after_each(source: str) -> tuple[list[int], list[Optional[int]]]:
    """Where each triple quote is, and where the string open just after it
    starts (None when none is)."""
    quotes = sorted(_found(source, '"""') + _found(source, "'''"))
    places: list[int] = []
    opened: list[Optional[int]] = []
    opening: Optional[int] = None
    for at in quotes:
        if opening is None:
            opening = at
        elif source[at] == source[opening]:
            opening = None
        places.append(at)
        opened.append(opening)
    return places, opened


def _found(source: str, quote: str) -> list[int]:
    """Where ``quote`` occurs, not escaped by a backslash (str.find is far
    faster than a regular expression here)."""
    places = []
    at = source.find(quote)
    while at >= 0:
        if not (at and source[at - 1] == "\\"):
            places.append(at)
        at = source.find(quote, at + len(quote))
    return places


def _names_before(source: str, dot: int) -> list[str]:
    """The names that may be the receiver of ``.format`` at ``dot``: the
    identifier right before it, past spaces, line breaks, continuations and
    closing parentheses (``(NAME) .format``); and, when a line break is
    crossed, the one before each ``#`` of the line reached, where a comment
    may start (``NAME  # note`` then ``.format`` on the next line)."""
    names: list[str] = []
    starts = [dot]
    for _ in range(_MOST_COMMENT_LINES):
        if not starts:
            break
        at = starts.pop()
        crossed = False
        while at and source[at - 1] in " \t\f\r\n\\)":
            crossed = crossed or source[at - 1] in "\r\n"
            at -= 1
        start = at
        while start and _is_name_character(source[start - 1]):
            start -= 1
        names.append(source[start:at])
        if crossed:
            line_start = max(source.rfind("\n", 0, at), source.rfind("\r", 0, at)) + 1
            starts += [m for m in range(line_start, at) if source[m] == "#"]
    return names


# How many places (the dot, then the comments of each line crossed) are
# looked behind for a receiver: a receiver behind more is not found.
_MOST_COMMENT_LINES = 64


def _is_name_character(character: str) -> bool:
    return character.isalnum() or character == "_" or not character.isascii()


def _last_character(source: str, end: int) -> str:
    """The last character before ``end`` that is not white space."""
    while end > 0 and source[end - 1].isspace():
        end -= 1
    return source[end - 1 : end]
