"""``python -m flake8_fstring_regex``: the same as the console script."""

from __future__ import annotations

import sys

from flake8_fstring_regex.cli import main

if __name__ == "__main__":
    sys.exit(main())
