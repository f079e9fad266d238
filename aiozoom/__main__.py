"""``python -m aiozoom``: the command line."""

import sys

from aiozoom.cli import main

if __name__ == "__main__":
    sys.exit(main())
