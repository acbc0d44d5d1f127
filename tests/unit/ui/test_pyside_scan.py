"""PySide6's per-import source check, answered from the file's bytes and not kept."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.pyside_scan import FEATURE_MODULE, scan_without_caching


@pytest.fixture
def probes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "kiosk_probe_qt.py").write_text("import PySide6.QtCore  # noqa: F401\n")
    (tmp_path / "kiosk_probe_plain.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("kiosk_probe_qt", "kiosk_probe_plain"):
        sys.modules.pop(name, None)
        sys.modules[FEATURE_MODULE].pyside_feature_dict.pop(name, None)


def test_modules_are_told_apart_as_pyside_does_without_keeping_their_lines(probes: Path) -> None:
    assert scan_without_caching()
    # builtins.__import__ is PySide's hook (importlib.import_module would bypass it).
    __import__("kiosk_probe_qt")
    __import__("kiosk_probe_plain")
    features = sys.modules[FEATURE_MODULE].pyside_feature_dict
    assert features["kiosk_probe_qt"] == 0  # uses PySide: features could be switched on
    assert features["kiosk_probe_plain"] == -1  # ignored by PySide's feature switching
    assert str(probes / "kiosk_probe_qt.py") not in linecache.cache
    assert str(probes / "kiosk_probe_plain.py") not in linecache.cache
