"""The interpreter, platform and tool versions the figures come from."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from typing import Optional

from bench.lint_speed.tools import distribution_version


def load_average() -> Optional[list[float]]:
    """The 1, 5 and 15 minute load averages, where the platform has them."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class MachineFacts:
    python: str
    implementation: str
    platform: str
    machine: str
    cpus: int
    flake8: Optional[str]
    libcst: Optional[str]
    flake8_fstring_regex: Optional[str]
    ruff: Optional[str]
    fixit: Optional[str]
    load_average_at_start: Optional[list[float]]

    def title(self) -> str:
        return (
            f"flake8-fstring-regex lint speed: Python {self.python} ({self.implementation}), "
            f"{self.platform}, {self.cpus} CPUs"
        )


def machine_facts() -> MachineFacts:
    """This machine and interpreter, now."""
    return MachineFacts(
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        platform=platform.platform(),
        machine=platform.machine(),
        cpus=usable_cpus(),
        flake8=distribution_version("flake8"),
        libcst=distribution_version("libcst"),
        flake8_fstring_regex=distribution_version("flake8-fstring-regex"),
        ruff=distribution_version("ruff"),
        fixit=distribution_version("fixit"),
        load_average_at_start=load_average(),
    )
