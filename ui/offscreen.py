"""Rendering the real window without a screen, for the self-test and screenshots."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickWindow

SETTLE_MS = 150


def settle(milliseconds: int = SETTLE_MS) -> None:
    """Run the event loop for a while so bindings, loaders and images catch up."""
    deadline = QDeadlineTimer(milliseconds)
    while not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def grab(window: QQuickWindow) -> QImage:
    """Render the scene as it is now into an image."""
    settle()
    return window.grabWindow()


def is_blank(image: QImage) -> bool:
    """True when a grab is null or one flat colour (nothing was drawn)."""
    if image.isNull():
        return True
    step_x = max(1, image.width() // 40)
    step_y = max(1, image.height() // 40)
    first = image.pixel(0, 0)
    return all(
        image.pixel(x, y) == first
        for y in range(0, image.height(), step_y)
        for x in range(0, image.width(), step_x)
    )
