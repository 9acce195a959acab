"""The lint-speed sections, one module each, in the order of the table.

Adding a section: a module here with its measurement (a dataclass with
``rows`` and ``verdicts``) and its section object (``name``, ``counts``,
``targets``, ``warm_up``, ``run``), and one entry in ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.lint_speed.section import Section
from bench.lint_speed.sections.check_speed import CheckSpeedSection
from bench.lint_speed.sections.fix_scaling import FixScalingSection
from bench.lint_speed.sections.flake8_overhead import Flake8OverheadSection
from bench.lint_speed.sections.import_time import ImportTimeSection
from bench.lint_speed.sections.peak_memory import PeakMemorySection

SECTIONS: Sequence[Section] = (
    Flake8OverheadSection(),
    ImportTimeSection(),
    CheckSpeedSection(),
    FixScalingSection(),
    PeakMemorySection(),
)
SECTION_NAMES = tuple(section.name for section in SECTIONS)
