"""The one pipeline: source to findings, and findings to fixed bytes.

The plugin, the command line, the codemod and bench's gate audit all call
:func:`find_through_gates` (the plugin directly, the others through
:func:`analyse`). No printing, no file system.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, Optional, Union

from flake8_fstring_regex.prefilter import candidate_lines
from flake8_fstring_regex.source import InputError, decode_source

if TYPE_CHECKING:
    import ast

    from flake8_fstring_regex.findings import Finding
    from flake8_fstring_regex.fix import PlannedFix
    from flake8_fstring_regex.regex_calls import RegexPlaces

# A literal nested in another literal's field is fixed one pass later.
_MAX_PASSES = 3


class _Tree(enum.Enum):
    NOT_PARSED = "not parsed"


# ``tree`` when the caller has not parsed the text yet (no ast needed to
# say so: a clean file never imports it).
_NOT_PARSED = _Tree.NOT_PARSED


def find_through_gates(
    text: str,
    places: Optional[RegexPlaces] = None,
    *,
    tree: Union[ast.AST, None, Literal[_Tree.NOT_PARSED]] = _NOT_PARSED,
) -> tuple[list[Finding], bool]:
    """Every finding in ``text`` (before selection and noqa), through the
    fast paths: the text gate, the ``ast`` screen, libcst on the statements
    that matter. Also says whether ``ast`` parsed the text.

    ``tree`` is the text's ``ast`` tree when the caller has one (flake8
    does), or None when this Python cannot parse it. Raises InputError (one
    line) when libcst cannot parse what it is given.

    bench.correctness.gate_audit checks this gives what the detector gives on the
    whole module.
    """
    lines = candidate_lines(text, places)
    if not lines:
        return [], False
    # A clean file (most files) stops above: the rest is imported on demand.
    from flake8_fstring_regex.screen import screened_lines
    from flake8_fstring_regex.statements import partial_tree

    if tree is _NOT_PARSED:
        grouped = _found_in_groups(text, lines, places)
        if grouped is not None:
            return grouped, True
        from flake8_fstring_regex.regex_names import DEFAULT_ROOTS, roots

        try:
            tree = partial_tree(text, lines, roots(places.functions) if places else DEFAULT_ROOTS)
        except (RecursionError, MemoryError):
            tree = None  # the nesting guard below refuses it with a clear message
    worth = screened_lines(text, places, tree, lines)
    if not worth:
        return [], True
    from flake8_fstring_regex.detect import ParseFailure, find_in_source
    from flake8_fstring_regex.regex_calls import DEFAULT_PLACES

    try:
        found = find_in_source(text, places or DEFAULT_PLACES, tree=tree, lines=worth)
    except ParseFailure as failure:
        raise InputError(str(failure)) from None
    return found, tree is not None


def _found_in_groups(
    text: str, lines: set[int], places: Optional[RegexPlaces]
) -> Optional[list[Finding]]:
    """The findings of a file with very many candidate statements, a group
    at a time (grouped.py); None for the others."""
    from flake8_fstring_regex.grouped import GROUP_SIZE, find_in_groups

    if len(lines) <= GROUP_SIZE:
        return None  # fewer candidate lines than that: fewer statements too
    from flake8_fstring_regex.detect import ParseFailure

    try:
        return find_in_groups(text, lines, places)
    except (RecursionError, MemoryError):
        return None  # the whole file's path refuses it with a clear message
    except ParseFailure as failure:
        raise InputError(str(failure)) from None


class Analysis:
    """What one source holds: the findings to report and fix, and how many
    others are left alone (not selected, or under ``# noqa``). A plain
    class, as every class on a clean file's path: importing dataclasses
    (and inspect with it) would cost more than checking the file."""

    def __init__(
        self,
        data: bytes,
        text: str = "",
        encoding: str = "utf-8",
        *,
        places: Optional[RegexPlaces] = None,
        select: Sequence[str] = ("FSR",),
        ignore: Sequence[str] = (),
    ) -> None:
        self.data = data
        self.text = text
        self.encoding = encoding
        self.findings: list[Finding] = []
        self.left_alone = 0
        self.places = places
        self.select = select
        self.ignore = ignore
        self.parsed_by_ast = False
        self._fixes: Optional[list[PlannedFix]] = None

    def fixes(self) -> list[PlannedFix]:
        """The proven fix of each finding that has one (nested literals are
        fixed one pass later, and listed then)."""
        if self._fixes is None:
            self._fixes = []
            if self.findings:
                from flake8_fstring_regex.fix import plan_fixes

                self._fixes = plan_fixes(self.text, self.findings)
        return self._fixes

    def fix(self, *, unsafe: bool = False) -> FixResult:
        """The source with every finding fixed whose fix is proven and
        allowed (safe ones; unsafe ones too with ``unsafe``).

        Raises FixFailure when the result would not parse, when the fixed
        source holds a finding the original did not, or when the text cannot
        be re-encoded to exactly the original bytes outside the edits.
        """
        from flake8_fstring_regex.findings import SAFE, UNSAFE
        from flake8_fstring_regex.fix import FixFailure, apply_fixes
        from flake8_fstring_regex.statements import parses

        allowed = {SAFE, UNSAFE} if unsafe else {SAFE}
        current, fixed = self, 0
        for _ in range(_MAX_PASSES):
            chosen = [p for p in current.fixes() if p.applicability in allowed and not p.later]
            if not chosen:
                break
            if current is self and self.text.encode(self.encoding) != self.data:
                raise FixFailure(
                    f"cannot re-encode the file exactly as {self.encoding}; left unchanged"
                )
            new_text = apply_fixes(current.text, chosen)
            changed = {f.line for p in chosen for f in p.findings}
            if self.parsed_by_ast and not parses(new_text, changed):
                if not parses(current.text, changed):
                    # Checked a part at a time (many statements, or a large
                    # file): a syntax error outside them was not seen.
                    raise FixFailure("the file does not parse; left unchanged")
                raise FixFailure("the fix would not parse; left unchanged")
            try:
                following = analyse(
                    new_text.encode(self.encoding), places=self.places,
                    select=self.select, ignore=self.ignore,
                )
            except InputError as error:
                raise FixFailure(f"the fix would not parse ({error}); left unchanged") from None
            done = sum(len(p.findings) for p in chosen)
            if (
                len(following.findings) != len(current.findings) - done
                or following.left_alone != self.left_alone
            ):
                raise FixFailure("the fix would change other findings; left unchanged")
            current, fixed = following, fixed + done
        else:
            if any(p.applicability in allowed for p in current.fixes()):
                raise FixFailure("the fix would leave findings behind; left unchanged")
        return FixResult(current.data, fixed, current)

    def fixed(self, *, unsafe: bool = False) -> bytes:
        """The bytes :meth:`fix` gives."""
        return self.fix(unsafe=unsafe).data


class FixResult(NamedTuple):
    """What ``--fix`` made of a source: its bytes, how many findings were
    fixed, and the analysis of the result, whose findings remain (unsafe, or
    without a proven fix)."""

    data: bytes
    fixed: int
    final: Analysis


def analyse(
    data: bytes,
    *,
    places: Optional[RegexPlaces] = None,
    select: Sequence[str] = ("FSR",),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Findings in ``data`` that are selected and not under ``# noqa``
    (flake8's rules, noqa.py).

    Raises InputError (one line) when the source cannot be decoded or parsed.
    """
    text, encoding = decode_source(data)
    result = Analysis(data, text, encoding, places=places, select=select, ignore=ignore)
    found, result.parsed_by_ast = find_through_gates(text, places)
    if not found:
        return result  # a clean file never imports noqa.py
    from flake8_fstring_regex.noqa import exempts_file, unsuppressed

    if exempts_file(text):  # flake8 skips a file with a file-level noqa line
        return result

    result.findings = unsuppressed(
        text,
        [
            f
            for f in found
            if f.code.startswith(tuple(select))
            and not (ignore and f.code.startswith(tuple(ignore)))
        ],
    )
    result.left_alone = len(found) - len(result.findings)
    return result
