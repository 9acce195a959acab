"""``python -m bench.concurrency``: see ``bench.concurrency.command``."""

import sys

from bench.concurrency.command import main

if __name__ == "__main__":
    sys.exit(main())
