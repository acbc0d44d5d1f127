"""The keyboard-wedge detector: the timing rule alone, then in a real QML window offscreen.

The Qt tests type into a real ``TextInput`` one ``QTest.keyClick`` at a time, with an
explicit delay before each key: 1 ms for a scanner, 150 ms for a person. For a QWindow
target, PySide6 6.11's QTest neither waits for that delay nor moves the events'
timestamps by it (they are the time of sending), so the helpers also wait it out with
``QTest.qWait`` before each key: the timestamps the wedge goes by are then real.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow  # noqa: F401  # root objects come back as QQuickWindow
from PySide6.QtTest import QTest

from tests.helpers.qml import find_item
from ui.wedge import BurstDetector, HeldKey, KeyboardWedge

SCAN = "ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGHIJ"
SCANNER_DELAY_MS = 1
HUMAN_DELAY_MS = 150
INTERVAL = 0.05


def keys(text: str) -> list[HeldKey[int]]:
    return [HeldKey(char, index) for index, char in enumerate(text)]


class TestBurstDetector:
    def test_a_fast_burst_ending_in_enter_is_a_scan(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=4)
        now = 0.0
        for key in keys("ALM1:XYZ"):
            assert detector.press(key, now) == []
            now += 0.005
        assert detector.enter(now) == "ALM1:XYZ"
        assert not detector.holding

    def test_slow_keys_are_replayed_one_by_one(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=4)
        typed = keys("Budi")
        replayed: list[HeldKey[int]] = []
        now = 0.0
        for key in typed:
            replayed += detector.press(key, now)
            now += 0.2
        replayed += detector.expire(now)
        assert replayed == typed
        assert detector.enter(now + 0.2) == []

    def test_the_deadline_follows_the_last_key(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL)
        assert detector.deadline is None
        detector.press(HeldKey("a", 0), 1.0)
        detector.press(HeldKey("b", 1), 1.01)
        assert detector.deadline == pytest.approx(1.06)
        assert detector.expire(1.05) == []
        assert [k.text for k in detector.expire(1.07)] == ["a", "b"]

    def test_a_short_fast_burst_is_typing(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=6)
        for index, key in enumerate(keys("ok")):
            detector.press(key, index * 0.01)
        assert [k.text for k in detector.enter(0.02)] == ["o", "k"]

    def test_a_slow_enter_after_a_fast_burst_is_typing(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=4)
        for index, key in enumerate(keys("ALM1:XYZ")):
            detector.press(key, index * 0.005)
        result = detector.enter(1.0)
        assert [k.text for k in result] == list("ALM1:XYZ")

    def test_a_burst_after_a_pause_does_not_take_the_keys_before_it(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=4)
        detector.press(HeldKey("x", 0), 0.0)
        replayed = detector.press(HeldKey("A", 1), 1.0)
        assert [k.text for k in replayed] == ["x"]
        for index, char in enumerate("BCDE"):
            detector.press(HeldKey(char, 2 + index), 1.0 + 0.005 * (index + 1))
        assert detector.enter(1.03) == "ABCDE"

    def test_an_overlong_burst_is_cut(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL, min_length=4, max_length=10)
        for index, key in enumerate(keys("X" * 50)):
            detector.press(key, index * 0.001)
        assert detector.enter(0.05) == "X" * 10

    def test_flush_hands_back_everything(self):
        detector: BurstDetector[int] = BurstDetector(INTERVAL)
        detector.press(HeldKey("a", 0), 0.0)
        assert [k.text for k in detector.flush()] == ["a"]
        assert detector.flush() == []


QML = b"""
import QtQuick
import QtQuick.Window

Window {
    width: 480
    height: 160
    visible: true
    TextInput {
        objectName: "field"
        anchors.fill: parent
        focus: true
    }
}
"""


@pytest.fixture
def form(qapp, qtbot):
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(QML))
    assert engine.rootObjects(), "the test window did not load"
    window = engine.rootObjects()[0]
    window.requestActivate()
    field = find_item(window, "field")
    assert field is not None
    field.forceActiveFocus()
    qtbot.waitUntil(lambda: field.hasActiveFocus(), timeout=5000)
    wedge = KeyboardWedge(max_interval=INTERVAL)
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    qapp.installEventFilter(wedge)
    try:
        yield window, field, scans
    finally:
        qapp.removeEventFilter(wedge)
        window.close()
        del engine


def click(window, key, delay_ms: int) -> None:
    QTest.qWait(delay_ms)
    QTest.keyClick(window, key, Qt.KeyboardModifier.NoModifier, delay_ms)


def type_text(window, text: str, delay_ms: int) -> None:
    for char in text:
        click(window, char, delay_ms)


def press_enter(window, delay_ms: int) -> None:
    click(window, Qt.Key.Key_Return, delay_ms)


def settle() -> None:
    QTest.qWait(int(INTERVAL * 1000) * 4)


class TestInAQmlWindow:
    def test_typing_at_human_speed_reaches_the_field_intact(self, form):
        window, field, scans = form
        type_text(window, "Budi Santoso 3510", HUMAN_DELAY_MS)
        press_enter(window, HUMAN_DELAY_MS)
        settle()
        assert field.property("text") == "Budi Santoso 3510"
        assert scans == []

    def test_a_scanner_burst_is_scanned_and_leaves_nothing_in_the_field(self, form):
        window, field, scans = form
        type_text(window, SCAN, SCANNER_DELAY_MS)
        press_enter(window, SCANNER_DELAY_MS)
        settle()
        assert scans == [SCAN]
        assert field.property("text") == ""

    def test_a_scan_in_the_middle_of_typing_keeps_the_typing(self, form):
        window, field, scans = form
        type_text(window, "Siti", HUMAN_DELAY_MS)
        QTest.qWait(HUMAN_DELAY_MS)
        type_text(window, SCAN, SCANNER_DELAY_MS)
        press_enter(window, SCANNER_DELAY_MS)
        type_text(window, " A", HUMAN_DELAY_MS)
        settle()
        assert scans == [SCAN]
        assert field.property("text") == "Siti A"

    def test_a_burst_without_enter_is_typed_not_lost(self, form):
        window, field, scans = form
        type_text(window, "ALM-PRE1:ABCDEFGHIJKLMNOP", SCANNER_DELAY_MS)
        settle()
        assert scans == []
        assert field.property("text") == "ALM-PRE1:ABCDEFGHIJKLMNOP"

    def test_backspace_and_editing_keys_keep_their_order(self, form):
        window, field, scans = form
        type_text(window, "Bydi", HUMAN_DELAY_MS)
        for key in (Qt.Key.Key_Left, Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            click(window, key, HUMAN_DELAY_MS)
        type_text(window, "u", HUMAN_DELAY_MS)
        settle()
        assert field.property("text") == "Budi"
        assert scans == []

    def test_a_quick_backspace_after_a_key_applies_after_it(self, form):
        window, field, scans = form
        type_text(window, "ab", HUMAN_DELAY_MS)
        click(window, Qt.Key.Key_Backspace, SCANNER_DELAY_MS)
        settle()
        assert field.property("text") == "a"
        assert scans == []

    def test_two_scans_in_a_row(self, form):
        window, field, scans = form
        for _ in range(2):
            type_text(window, SCAN, SCANNER_DELAY_MS)
            press_enter(window, SCANNER_DELAY_MS)
            QTest.qWait(HUMAN_DELAY_MS)
        assert scans == [SCAN, SCAN]
        assert field.property("text") == ""

    def test_a_fast_typist_rolling_two_keys_keeps_both_in_order(self, form):
        window, field, scans = form
        type_text(window, "Bu", HUMAN_DELAY_MS)
        type_text(window, "di", SCANNER_DELAY_MS)  # two keys nearly together, no Enter
        type_text(window, " S", HUMAN_DELAY_MS)
        press_enter(window, HUMAN_DELAY_MS)
        settle()
        assert field.property("text") == "Budi S"
        assert scans == []
