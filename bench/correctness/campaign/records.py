"""What the campaign learns about one tree: the records of its report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Reported:
    """One finding as the command reported it (``--format json``), its path
    made relative to the tree."""

    path: str
    line: int
    column: int
    code: str
    message: str
    replacement: str


@dataclass
class FindingRecord:
    """One finding of the first check, with its source line."""

    path: str
    line: int
    column: int
    code: str
    message: str
    replacement: str
    snippet: str


@dataclass
class ErrorRecord:
    """One ``PATH: error: reason`` line of the first check, and a CPython's verdict."""

    path: str
    reason: str
    judge: str = ""  # the CPython that compiled the file
    compiles: Optional[bool] = None  # None: not judged
    compile_error: str = ""
    legitimate: Optional[bool] = None


@dataclass
class Violation:
    """An invariant that did not hold (``kind`` is the invariant's name)."""

    kind: str
    detail: str
    path: str = ""


@dataclass
class Crash:
    """A run that crashed or hung, and the file(s) it was bisected to."""

    phase: str
    reason: str
    files: list[str]


@dataclass
class CorpusReport:
    """Everything the campaign learnt about one tree."""

    root: str
    python: str = ""  # the tree's own CPython, when found
    files: int = 0  # .py files in the copy
    checked: int = 0  # of those, reached by the command
    not_reached: list[str] = field(default_factory=list)
    named_only: list[str] = field(default_factory=list)  # skipped by the command's walk
    findings: list[FindingRecord] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    # What was given to the files with findings before --fix (a second
    # name, another owner, an extended attribute) for the identity checks.
    identity: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    # Violations of invariants marked as known to fail: reported, not failed.
    known_violations: list[Violation] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.violations or self.crashes)
