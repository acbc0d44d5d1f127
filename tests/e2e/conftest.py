from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from ui.app import KioskApp, LaunchOptions


@pytest.fixture
def kiosk(qapp, tmp_path: Path) -> Iterator[KioskApp]:
    """The real application, offscreen, with simulated devices and its own data folder."""
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    app = KioskApp(
        config, LaunchOptions(windowed=True, size=(1080, 1920), simulated=True), ShiftedClock()
    )
    app.build(qapp)
    app.show()
    yield app
    app.shutdown()
