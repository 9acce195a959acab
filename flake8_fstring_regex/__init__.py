"""flake8-fstring-regex: find regex quantifiers that f-strings swallow.

Importing this package must stay cheap: it never imports libcst or flake8.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("flake8-fstring-regex")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    __version__ = "0+unknown"
