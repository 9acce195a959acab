"""``python -m bench.lint_speed``: see ``bench.lint_speed.command``."""

import sys

from bench.lint_speed.command import main

if __name__ == "__main__":
    sys.exit(main())
