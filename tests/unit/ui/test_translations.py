"""Every QML string has a finished English translation, and the shipped .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "ui" / "i18n" / "kiosk_en.ts"
QM = ROOT / "ui" / "i18n" / "kiosk_en.qm"
BIN = Path(sys.executable).parent


def test_every_qml_string_is_in_the_ts_file(tmp_path: Path) -> None:
    copy = tmp_path / "kiosk_en.ts"
    shutil.copy(TS, copy)
    qml = sorted(str(path) for path in (ROOT / "ui" / "qml" / "Kiosk").glob("*.qml"))
    # The on-screen keyboard's style has words on its keys too (see the Makefile).
    qml.append(
        str(ROOT / "ui" / "qml" / "QtQuick" / "VirtualKeyboard" / "Styles" / "kiosk" / "style.qml")
    )
    result = subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *qml,
            "-source-language",
            "id",
            "-target-language",
            "en",
            "-no-obsolete",
            "-ts",
            str(copy),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in result.stdout, f"run `make translations`: {result.stdout}"
    sources = {m.findtext("source") for m in ET.parse(copy).iter("message")}
    assert sources == {m.findtext("source") for m in ET.parse(TS).iter("message")}


def test_every_string_has_a_finished_translation() -> None:
    unfinished = [
        message.findtext("source")
        for message in ET.parse(TS).iter("message")
        if message.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not (message.findtext("translation") or "").strip()
    ]
    assert unfinished == []


def test_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    rebuilt = tmp_path / "kiosk_en.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(rebuilt)],
        capture_output=True,
        check=True,
    )
    assert rebuilt.read_bytes() == QM.read_bytes(), "run `make translations`"
