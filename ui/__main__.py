"""``python -m ui`` runs the ``kiosk`` command, for running from a checkout."""

import sys

from ui.cli import main

sys.exit(main())
