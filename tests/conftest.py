"""Settings every test shares: Qt renders offscreen, caches and the PIN pepper stay in
temporary folders."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="kiosk-test-cache-"))
# The PIN pepper's default is the machine's /etc/kiosk/pin-pepper: never a test's.
os.environ.setdefault(
    "KIOSK_MAINTENANCE_PEPPER_FILE",
    os.path.join(tempfile.mkdtemp(prefix="kiosk-test-pepper-"), "pin-pepper"),
)
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Text fields type on Qt's on-screen keyboard, as in the kiosk (ui.app.gui_application),
# inside the window (KioskKeyboard's InputPanel). The bare test windows without one get no
# separate desktop keyboard window, which would take their focus.
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
