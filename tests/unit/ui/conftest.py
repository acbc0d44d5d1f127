"""The UI unit tests' shared parts: the real core, session and backends, without QML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from tests.unit.ui.accessibility_parts import Parts, build, teardown


@pytest.fixture
def parts(qapp: QCoreApplication, tmp_path: Path) -> Iterator[Parts]:
    """Backends whose voice is an engine that does not exist (never opened)."""
    built = build(qapp, tmp_path, engine="no-such-engine")
    yield built
    teardown(built)
