"""Finding and tapping items of the real QML window, as a finger would."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


def iter_items(root: QQuickItem):
    yield root
    for child in root.childItems():
        yield from iter_items(child)


def find_item(window: QQuickWindow, object_name: str) -> QQuickItem | None:
    for item in iter_items(window.contentItem()):
        if item.objectName() == object_name and item.isVisible():
            return item
    return None


def tap(window: QQuickWindow, object_name: str) -> None:
    item = find_item(window, object_name)
    assert item is not None, f"no visible item named {object_name!r}"
    assert item.width() >= 1 and item.height() >= 1, f"{object_name} has no size"
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def texts(window: QQuickWindow) -> list[str]:
    """Every visible text on screen, for asserting on what a citizen reads."""
    found = []
    for item in iter_items(window.contentItem()):
        if item.isVisible() and item.metaObject().indexOfProperty("text") >= 0:
            value = item.property("text")
            if (
                isinstance(value, str)
                and value
                and item.metaObject().className().startswith("QQuickText")
            ):
                found.append(value)
    return found
