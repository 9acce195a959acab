"""Import the flake8-fstring-regex plugin module, under ``-X importtime``.

    python -X importtime import_probe.py in-flake8|bare

``in-flake8`` first imports what flake8 has imported when it loads plugins
(its application, its checker, and the entry-point discovery that reads
every distribution's metadata), then writes ``MARK`` on stderr: the
import-time lines after it are what the plugin adds to a flake8 process.
``bare`` imports the plugin module alone. Either way, stdout gets the names
of the libcst modules loaded by then (none, if the plugin stays lazy).

Only ``sys`` is imported at the top: whatever this script imported first
would be missing from the plugin's own import time.
"""

import sys

MARK = "lint-speed: flake8 ready"
PLUGIN_MODULE = "flake8_fstring_regex.plugin"


def import_like_flake8() -> None:
    import configparser

    for name in ("flake8.checker", "flake8.main.application", "flake8.main.cli"):
        __import__(name)
    finder = sys.modules["flake8.plugins.finder"]  # loaded by flake8.checker
    try:
        finder.find_plugins(configparser.RawConfigParser(), finder.PluginOptions.blank())
    except (AttributeError, TypeError):  # flake8 before 5.0 took no options
        finder.find_plugins(configparser.RawConfigParser())


def main(argv: list[str]) -> int:
    if argv[:1] == ["in-flake8"]:
        import_like_flake8()
        sys.stderr.write(MARK + "\n")
        sys.stderr.flush()
    __import__(PLUGIN_MODULE)
    print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] == "libcst")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
