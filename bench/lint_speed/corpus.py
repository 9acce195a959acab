"""The files the lint-speed benchmark runs on: a real corpus and generated ones.

A corpus is a root directory and a sorted list of ``*.py`` paths relative to
it. Every tool is given that same explicit list (from the root as working
directory), so no tool's own file discovery or exclusion rules can make it
check a different set of files.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
from dataclasses import dataclass
from pathlib import Path

# Third-party code and caches are not part of "the standard library".
SKIPPED_DIRECTORIES = frozenset({"site-packages", "dist-packages", "__pycache__"})
# How many findings each generated module holds (see MODULE_TEMPLATE).
FINDINGS_PER_GENERATED_FILE = 4
# Beyond this many bytes of arguments one command line may fail (E2BIG).
MAX_COMMAND_LINE_BYTES = 1_500_000


@dataclass
class Corpus:
    """A directory and the Python files in it that every tool is given."""

    root: Path
    files: list[str]
    bytes: int

    def every_nth(self, step: int) -> Corpus:
        """The subset of every ``step``-th file (at least one file)."""
        chosen = self.files[::step] or self.files[:1]
        return Corpus(self.root, chosen, sum(_size(self.root / name) for name in chosen))


def default_corpus_root() -> Path:
    """The standard library of the running Python (with its tests)."""
    return Path(sysconfig.get_paths()["stdlib"])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _skipped(directory: str, name: str) -> bool:
    return (
        name in SKIPPED_DIRECTORIES
        or name.startswith(".")
        or os.path.exists(os.path.join(directory, name, "pyvenv.cfg"))
    )


def load_corpus(root: Path) -> Corpus:
    """Every ``*.py`` file under ``root`` (sorted, relative, POSIX separators).

    The files are read once, which also puts them in the page cache so the
    first timed run does not pay for the disk.
    """
    root = root.resolve()
    if not root.is_dir():
        raise ValueError(f"not a directory: {root}")
    files: list[str] = []
    total = 0
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _skipped(directory, d))
        for name in sorted(names):
            full = os.path.join(directory, name)
            if name.endswith(".py") and os.path.isfile(full):
                files.append(Path(os.path.relpath(full, root)).as_posix())
                with open(full, "rb") as handle:
                    total += len(handle.read())
    files.sort()
    if not files:
        raise ValueError(f"no *.py files under {root}")
    argument_bytes = sum(len(name) + 1 for name in files)
    if argument_bytes > MAX_COMMAND_LINE_BYTES:
        raise ValueError(
            f"{len(files)} files are too many for one command line; use a smaller --corpus"
        )
    return Corpus(root, files, total)


def copy_corpus(corpus: Corpus, destination: Path) -> Corpus:
    """Copy the corpus's files (keeping their relative paths) under ``destination``."""
    for name in corpus.files:
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus.root / name, target)
    return Corpus(destination, list(corpus.files), corpus.bytes)


def write_fixit_root(directory: Path) -> None:
    """Make ``directory`` a project root of its own for Fixit.

    Fixit skips files that a ``.gitignore`` of the enclosing project ignores
    (pyenv's checkout ignores its ``versions/``, so Fixit would lint no
    standard-library file in place) and merges configuration from parent
    directories; ``root = true`` stops both at this directory.
    """
    (directory / "pyproject.toml").write_text("[tool.fixit]\nroot = true\n", encoding="utf-8")


_NAMES = (
    ("sales", "billing", "Sales"),
    ("stock", "warehouse", "Stock"),
    ("payroll", "personnel", "Payroll"),
    ("meter", "utility", "Meter"),
    ("claims", "insurance", "Claim"),
    ("orders", "shop", "Order"),
    ("ledger", "accounting", "Ledger"),
)

# A realistic module holding FINDINGS_PER_GENERATED_FILE findings: two
# FSR001 ({6} and {@WIDTH@}) and two FSR002 ({2,4} and {3,}); the doubled
# braces elsewhere are correct and must stay as they are.
MODULE_TEMPLATE = '''\
"""Read the @DOMAIN@ exports that the @SYSTEM@ system drops in a folder.

Each file name carries a key, a date and a sequence number; the patterns
below pick them apart. Module @INDEX@ of a generated corpus.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

LOG = logging.getLogger(__name__)

@UPPER@_KEY = "@DOMAIN@"
SUFFIXES = (".csv", ".xlsx", ".json")
SEPARATORS = "@SEP@"


@dataclass
class @CLASS@Export:
    """One export file and what its name says."""

    path: Path
    key: str
    date: str
    sequence: int
    tags: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.key}-{self.date}-{self.sequence:04d}"

    def describe(self) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        return f"{self.label} ({size} bytes, {len(self.tags)} tags)"


def name_pattern(key: str = @UPPER@_KEY) -> re.Pattern[str]:
    """The file-name pattern for one key: date, then sequence number."""
    return re.compile(rf"{key}_(\\d{6})_(\\d{2,4})\\.(?:csv|xlsx|json)")


def find_exports(folder: Path, key: str = @UPPER@_KEY) -> Iterator[@CLASS@Export]:
    """Every export of ``key`` in ``folder``, in name order."""
    pattern = name_pattern(key)
    for path in sorted(folder.iterdir()):
        if path.suffix not in SUFFIXES:
            continue
        match = pattern.fullmatch(path.name)
        if match is None:
            LOG.debug("skipping %s", path)
            continue
        yield @CLASS@Export(path, key, match.group(1), int(match.group(2)))


def parse_stamp(text: str) -> Optional[str]:
    """The digits of a stamp such as 'T1234' with an optional offset."""
    match = re.match(rf"T(\\d{@WIDTH@})(?:Z|[+-]\\d{{2}}:?\\d{{2}})?$", text)
    return match.group(1) if match else None


def split_reference(reference: str) -> tuple[str, ...]:
    """A reference split at runs of one or two separators."""
    parts = re.split(rf"[{re.escape(SEPARATORS)}]{{1,2}}", reference)
    return tuple(part for part in parts if part)


def is_account(text: str, prefix: str = "@PREFIX@") -> bool:
    """Whether ``text`` looks like an account number of this system."""
    return re.fullmatch(rf"{prefix}-[A-Z]{3,}-\\d+", text) is not None


def summarise(exports: list[@CLASS@Export]) -> dict[str, int]:
    """How many exports there are for each date."""
    counts: dict[str, int] = {}
    for export in exports:
        counts[export.date] = counts.get(export.date, 0) + 1
    return counts


def report(folder: Path) -> str:
    """A short text report of the exports in ``folder``."""
    exports = list(find_exports(folder))
    if not exports:
        return f"no @DOMAIN@ exports in {folder}"
    lines = [f"{len(exports)} @DOMAIN@ exports in {folder}:"]
    for date, count in sorted(summarise(exports).items()):
        lines.append(f"  {date}: {count}")
    return "\\n".join(lines)


if __name__ == "__main__":
    print(report(Path(".")))
'''


def generated_module(index: int) -> str:
    """The text of generated module number ``index`` (deterministic)."""
    domain, system, cls = _NAMES[index % len(_NAMES)]
    replacements = {
        "@DOMAIN@": domain,
        "@SYSTEM@": system,
        "@CLASS@": f"{cls}{index}",
        "@UPPER@": domain.upper(),
        "@INDEX@": str(index),
        "@WIDTH@": str(4 + index % 5),
        "@SEP@": "-_/."[index % 4] + ":",
        "@PREFIX@": domain[:3].upper(),
    }
    text = MODULE_TEMPLATE
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    return text


def generate_fix_corpus(directory: Path, count: int) -> Corpus:
    """Write ``count`` generated modules (each holding findings) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[str] = []
    total = 0
    for index in range(count):
        name = f"pkg{index // 50:03d}/exports_{index:05d}.py"
        data = generated_module(index).encode("utf-8")
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_bytes(data)
        files.append(name)
        total += len(data)
    return Corpus(directory, files, total)
