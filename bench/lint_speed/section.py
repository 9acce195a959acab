"""What a lint-speed section is: a name, its counts, its targets and a run.

A section is an object (``Section``) whose ``run`` returns a measurement
(``Measurement``: a dataclass that knows its table rows and how its targets
fared). ``sections.SECTIONS`` holds them all, in the order of the table:
the command line (``--only``, each section's counts), the warm-up, the
table, the targets and the JSON document are all built from that list.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar, Optional, Protocol

from bench.lint_speed.corpus import Corpus

Progress = Callable[[str], None]
# section, measurement, runs, median, ratio, note
Row = tuple[str, str, str, str, str, str]

PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"


@dataclass(frozen=True)
class Count:
    """A count a section takes from the command line (``--NAME N``)."""

    name: str  # the option's name with underscores: "check_repeat" is --check-repeat
    full: int  # the default of a full run
    quick: int  # the default with --quick
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Verdict:
    """How one target fared."""

    target: str
    bound: str
    measured: str
    status: str  # PASS, FAIL or SKIP (not measured)


@dataclass(frozen=True)
class Target:
    """A bound a section's figure is judged against."""

    name: str
    bound: str

    def judge(self, measured: Optional[str], passed: Optional[bool]) -> Verdict:
        """PASS or FAIL; SKIP when there is no figure (``passed`` is None)."""
        status = SKIP if passed is None else (PASS if passed else FAIL)
        return Verdict(self.name, self.bound, measured or "not measured", status)

    def skip(self) -> Verdict:
        return self.judge(None, None)


@dataclass
class Context:
    """What a section runs with."""

    corpus: Corpus
    workdir: Path
    counts: Mapping[Count, int]
    progress: Progress

    def count(self, count: Count) -> int:
        return self.counts[count]


class Measurement(Protocol):
    """What a section measured: a dataclass (its JSON form) that can report."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def rows(self) -> list[Row]:
        """Its lines of the table."""

    def verdicts(self) -> list[Verdict]:
        """Each of its section's targets, judged."""


class Section(Protocol):
    """One measurement of the benchmark."""

    @property
    def name(self) -> str:
        """What ``--only`` calls it, and the first column of its rows."""

    @property
    def counts(self) -> Sequence[Count]:
        """The counts it takes from the command line."""

    @property
    def targets(self) -> Sequence[Target]:
        """The targets its figures are judged against."""

    def warm_up(self, corpus: Corpus) -> None:
        """Run each tool it times once on ``corpus`` (one small file), untimed."""

    def run(self, context: Context) -> Measurement:
        """Measure."""


def not_run_row(name: str) -> Row:
    return (name, "(not run: not selected by --only)", "-", "-", "-", "")


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def seconds(value: float) -> str:
    """A duration for the table: seconds from 1 s, milliseconds below."""
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"
