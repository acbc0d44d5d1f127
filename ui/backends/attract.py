"""The attract screen as QML sees it, and whether the kiosk behind it is built yet.

The kiosk's first frame is the attract screen alone (``ui/app.py``): this backend is what
that frame needs (the kiosk's name, the carousel's pages, the language) and nothing of the
core, so it is built before the core is even imported. Once the rest is built it follows
the live catalog and the session's language, and ``ready`` lets QML load everything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Property, QObject, Signal

from kiosk.information import InformationPage
from ui.backends.published import Published


class AttractBackend(QObject):
    """The attract screen's texts and carousel; ``ready`` once the session exists.

    Signals:
        slidesChanged: the carousel's pages changed (a new catalog or language).
        languageChanged: the session's language changed.
        readyChanged: the kiosk behind the attract screen was built.
    """

    def __init__(
        self,
        kiosk_name: str,
        office: str,
        slide_seconds: int,
        pages: Sequence[InformationPage],
        language: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._kiosk_name = kiosk_name
        self._office = office
        self._slide_seconds = slide_seconds
        self._values = Published(self)
        self._values.set("ready", False)
        self.show(pages, language)

    slidesChanged = Signal()

    @Property(list, notify=slidesChanged)
    def slides(self) -> list[dict[str, str]]:
        """Carousel pages in the shown language: title and body."""
        return list(self._values["slides"])

    languageChanged = Signal()

    @Property(str, notify=languageChanged)
    def language(self) -> str:
        """``id`` or ``en``: the session's language (its default between citizens)."""
        return str(self._values["language"])

    readyChanged = Signal()

    @Property(bool, notify=readyChanged)
    def ready(self) -> bool:
        """The session and every other backend exist: QML may show more than attract."""
        return bool(self._values["ready"])

    @Property(str, constant=True)
    def kioskName(self) -> str:
        """The kiosk's name, the attract screen's heading."""
        return self._kiosk_name

    @Property(str, constant=True)
    def office(self) -> str:
        """The office the kiosk stands in."""
        return self._office

    @Property(int, constant=True)
    def slideSeconds(self) -> int:
        """Seconds each carousel page shows."""
        return self._slide_seconds

    def show(self, pages: Sequence[InformationPage], language: str) -> None:
        """Show ``pages`` in ``language``; QML hears only of what changed."""
        self._values.set("language", language)
        self._values.set(
            "slides",
            [
                {"title": page.title.get(language), "body": page.body.get(language)}
                for page in pages
            ],
        )

    def set_ready(self) -> None:
        """The rest of the kiosk is built: QML loads the session's screens and overlays."""
        self._values.set("ready", True)
