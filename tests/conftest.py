"""Settings every test shares: Qt renders offscreen, caches stay in a temporary folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="kiosk-test-cache-"))
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Text fields type on Qt's on-screen keyboard, as in the kiosk (ui.app.gui_application),
# inside the window (KioskKeyboard's InputPanel). The bare test windows without one get no
# separate desktop keyboard window, which would take their focus.
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
