"""What every rule family provides, so that the gates and the detector can
iterate over families instead of knowing each one.

A family answers the same question three times, each answer a superset of
the next: from the text (which offsets may hold a finding), from the
``ast`` tree (may this node hold one), and from libcst (the findings).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import ast

    from flake8_fstring_regex.detect import Collected, Reporter
    from flake8_fstring_regex.findings import Finding


class Code(NamedTuple):
    """One rule: its code, the title its README heading carries, and the
    message template (what is wrong, why, and the fix)."""

    code: str
    title: str
    template: str

    def message(self, field: str, fix: str, inserted: str = "", *, looks: bool = False) -> str:
        """The full flake8 message text, code first. ``looks``: the string is
        taken for a regex by its look alone (its fix is unsafe)."""
        text = self.template.format(
            field=field, inserted=inserted, fix=fix,
            string="an f-string that looks like a regex" if looks else "an f-string regex",
        )
        return f"{self.code} {text}"


class Detector(Protocol):
    """A family's libcst detection: every finding among what the collector
    gathered (f-strings, regex literals, str.format() templates)."""

    def __call__(self, collected: Collected, report: Reporter) -> Iterator[Finding]: ...


class Family(NamedTuple):
    """A rule family: its codes and its three levels of the same rule.

    ``text_candidates`` gives offsets of ``source`` that may hold a finding
    (none: no finding possible), told the last names of the configured
    regex functions besides the defaults' (a rule may need to know which
    calls take a regex). When ``needs_regex_place`` is set, they
    count only in a source where some call may take a regex. ``screen``
    says whether one ``ast`` node may hold a finding (``in_regex``: the node
    is, or is part of, something that may reach a regex place; ``exact``:
    its string values have their source's text, one literal, raw or without
    a Python escape such as ``\\t`` or ``\\x7b`` (literals.py), so the value
    may be read as the detector reads the source); it is asked
    only about nodes of the types in ``screened``, the only ones it may say
    yes for. ``detector`` names the module whose ``detect`` is the exact rule; it is
    imported only once libcst runs.
    """

    codes: tuple[Code, ...]
    text_candidates: Callable[[str, Collection[str]], Iterable[int]]
    needs_regex_place: bool
    screen: Callable[[ast.AST, bool, bool], bool]
    screened: tuple[str, ...]  # names of ast node types
    detector: str
