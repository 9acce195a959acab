"""Run a command and print its exit status and peak resident set size.

    python memory_wrapper.py COMMAND...

The command is the only child of this fresh process, so the maximum
resident set size of ``RUSAGE_CHILDREN`` is the command's own (in KiB on
Linux, in bytes on macOS).
"""

from __future__ import annotations

import resource
import subprocess
import sys


def main(argv: list[str]) -> int:
    completed = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(completed.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
