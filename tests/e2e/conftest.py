from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.kiosk_app import running_kiosk
from ui.app import KioskApp


@pytest.fixture
def kiosk(qapp, tmp_path: Path) -> Iterator[KioskApp]:
    """The real application without a central (requests stay in the outbox)."""
    with running_kiosk(qapp, tmp_path) as app:
        yield app
