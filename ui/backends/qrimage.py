"""Serves QR codes to QML as ``image://qr/<payload>``, from the payload the receipt prints."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "qr"


class QrImageProvider(QQuickImageProvider):
    """Renders a QR code for the percent-encoded payload in the image id."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, image_id: str, size: QSize, requested_size: QSize) -> QImage:
        """Draw the QR at the requested size (default 8 pixels a module)."""
        import qrcode  # on the first QR shown (the done screen), not at the kiosk's start

        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(unquote(image_id))
        matrix = code.get_matrix()
        modules = len(matrix)
        wanted = max(requested_size.width(), requested_size.height())
        scale = max(1, wanted // modules) if wanted > 0 else 8
        image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        for row, line in enumerate(matrix):
            for column, dark in enumerate(line):
                if dark:
                    painter.fillRect(
                        column * scale, row * scale, scale, scale, QtCore.Qt.GlobalColor.black
                    )
        painter.end()
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
