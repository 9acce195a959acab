"""flake8-fstring-regex: find regex quantifiers that f-strings swallow.

Importing this package must stay cheap: it never imports libcst or flake8,
and ``__version__`` (which needs importlib.metadata, tens of milliseconds)
is looked up only when asked for.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("flake8-fstring-regex")
        except PackageNotFoundError:  # pragma: no cover - an uninstalled tree
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
