"""``python -m central enable-kiosk --id ID``: a disabled kiosk back, with a new secret only.

Refused (exit 2, with the command to run first) while the kiosk still has the secret it had
when it was disabled: whoever took the PC may hold that one.
"""

from __future__ import annotations

from central.registry.kiosks import enable_kiosk
from central.registry.management.commands import disable_kiosk


class Command(disable_kiosk.Command):
    """See the module docstring."""

    help = "Let a disabled kiosk back in, once rotate-kiosk-secret gave it a new secret."
    action = staticmethod(enable_kiosk)
