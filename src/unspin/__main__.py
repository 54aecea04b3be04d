"""``python -m unspin``: the ``unspin`` command, for where the script is not on PATH."""

import sys

from unspin.cli import main

sys.exit(main())
