"""Compile files to an ast as this interpreter would, and say which fail.

    python -I compile_files.py < paths.json

Run by the campaign with a tree's own CPython (any version it may meet,
3.9 or later), by path: it imports only the standard library. It reads a
JSON list of paths on stdin and writes a JSON object mapping each path to
null (it compiles) or the first line of the error.
"""

import json
import sys
import warnings


def verdict(path: str) -> "str | None":
    try:
        with open(path, "rb") as handle:
            compile(handle.read(), path, "exec", 1024, True)  # 1024: ast.PyCF_ONLY_AST
    except Exception as error:
        text = str(error).strip().splitlines()
        return type(error).__name__ + (": " + text[0] if text else "")
    return None


def main() -> int:
    warnings.simplefilter("ignore")
    paths = json.load(sys.stdin)
    sys.stdout.write(json.dumps({path: verdict(path) for path in paths}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
