"""Settings every test shares: Qt renders offscreen, caches stay in a temporary folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="kiosk-test-cache-"))
os.environ.setdefault("QT_QUICK_BACKEND", "software")
