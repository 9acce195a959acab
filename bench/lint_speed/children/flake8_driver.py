"""Run flake8 with or without the flake8-fstring-regex plugin loaded.

    python flake8_driver.py with|without FLAKE8_ARGUMENTS...

flake8 runs every tree plugin it loads on every file, whatever ``--select``
says (selection only filters the reports), so "without the plugin" has to
mean "plugin not loaded". This driver wraps flake8's plugin discovery and,
for ``without``, drops this distribution's entry point; both variants run
the same driver, so they differ in nothing else. It reports on stderr the
distributions it kept (``PLUGINS_LINE``), so the benchmark can check that
the filter worked, and, with the plugin, the CPU time flake8 spent loading
it (its import, and libcst's when a file needs it) and inside its
``run()`` (``PLUGIN_CPU_LINE``: load seconds, run seconds, files).
"""

from __future__ import annotations

import importlib
import re
import sys
import time
from typing import Any, Callable, Iterator

DISTRIBUTION = "flake8-fstring-regex"
PLUGINS_LINE = "lint-speed plugins: "
PLUGIN_CPU_LINE = "lint-speed plugin cpu: "


def normal_name(name: str) -> str:
    """A distribution name as packaging compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


class PluginClock:
    """CPU seconds flake8 spends loading the plugin and in its ``run()``."""

    def __init__(self) -> None:
        self.load = 0.0
        self.run = 0.0
        self.files = 0

    def wrap_loader(self, load_plugin: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def load(plugin: Any) -> Any:
            if normal_name(plugin.package) != DISTRIBUTION:
                return load_plugin(plugin)
            start = time.process_time()
            loaded = load_plugin(plugin)
            self.load += time.process_time() - start
            loaded.obj.run = self._timed_run(loaded.obj.run)
            return loaded

        return load

    def _timed_run(self, original: Callable[[Any], Iterator[Any]]) -> Callable[[Any], Any]:
        def run(plugin_self: Any) -> Iterator[Any]:
            start = time.process_time()
            results = list(original(plugin_self))
            self.run += time.process_time() - start
            self.files += 1
            return iter(results)

        return run

    def line(self) -> str:
        return f"{PLUGIN_CPU_LINE}{self.load!r} {self.run!r} {self.files!r}\n"


def main(argv: list[str]) -> int:
    keep = argv[0] == "with"
    # flake8 ships no type information: its modules are Any here.
    finder: Any = importlib.import_module("flake8.plugins.finder")
    find_plugins = finder.find_plugins
    load_plugin = getattr(finder, "_load_plugin", None)

    def find(*args: Any, **kwargs: Any) -> list[Any]:
        found = find_plugins(*args, **kwargs)
        kept = [p for p in found if keep or normal_name(p.package) != DISTRIBUTION]
        names = sorted({normal_name(p.package) for p in kept})
        sys.stderr.write(PLUGINS_LINE + " ".join(names) + "\n")
        return kept

    finder.find_plugins = find
    clock = None
    if keep and load_plugin is not None:  # flake8 5 and later
        clock = PluginClock()
        finder._load_plugin = clock.wrap_loader(load_plugin)
    cli: Any = importlib.import_module("flake8.main.cli")
    status = int(cli.main(argv[1:]))
    if clock is not None:
        sys.stderr.write(clock.line())
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
