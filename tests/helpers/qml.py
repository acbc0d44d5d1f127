"""Finding and tapping items of the real QML window, as a finger would."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtQml import QJSValue
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


def flickable_of(item: QQuickItem) -> QQuickItem | None:
    """The scrolling area ``item`` sits in, if any."""
    parent = item.parentItem()
    while parent is not None and not parent.inherits("QQuickFlickable"):
        parent = parent.parentItem()
    return parent


def in_view(item: QQuickItem) -> bool:
    """Whether ``item`` is whole in its scrolling area's view and not under its scroll cover."""
    flick = flickable_of(item)
    if flick is None:
        return True
    top = item.mapToItem(flick, QPointF(0, 0)).y()
    bottom = top + item.height()
    edge = flick.height()
    covers = [c for child in flick.childItems() for c in (child, *child.childItems())]
    left = item.mapToItem(flick, QPointF(0, 0)).x()
    for cover in covers:
        # A column's own cover matters only to the items in that column.
        if (
            cover.objectName() == "scrollCover"
            and cover.isVisible()
            and cover.x() - 0.5 <= left < cover.x() + cover.width()
        ):
            edge = min(edge, cover.y())
    return top >= -0.5 and bottom <= edge + 0.5


def scroll_into_view(item: QQuickItem) -> None:
    """Scroll ``item``'s area so the item is in view, as a citizen's swipe would."""
    flick = flickable_of(item)
    if flick is None or in_view(item):
        return
    top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
    room = float(flick.property("contentHeight")) - flick.height()
    flick.setProperty("contentY", max(0.0, min(top, room)))


def service_tile(window: QQuickWindow, service_id: str) -> str:
    """Where a citizen taps first for a service on home: its own tile, or its group's."""
    if find_item(window, f"service_{service_id}") is not None:
        return f"service_{service_id}"
    for item in iter_items(window.contentItem()):
        name = item.objectName()
        if name.startswith("category_") and item.isVisible():
            ids = item.property("serviceIds")
            if service_id in (ids.toVariant() if isinstance(ids, QJSValue) else ids or []):
                return name
    raise AssertionError(f"no tile on home leads to {service_id}")
