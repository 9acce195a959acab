"""``python -m bench.correctness.campaign``: see ``bench.correctness.campaign``."""

import sys

from bench.correctness.campaign.command import main

if __name__ == "__main__":
    sys.exit(main())
