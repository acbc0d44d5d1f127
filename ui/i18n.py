"""Switches the UI language at run time with Qt Linguist translations.

QML strings are written in Bahasa Indonesia (the source language); ``kiosk_en.qm`` holds
the English ones, built from ``kiosk_en.ts`` by ``make translations``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtQml import QQmlEngine

log = logging.getLogger("ui.i18n")

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "i18n"


class LanguageSwitcher:
    """Installs the translator for the chosen language and retranslates QML."""

    def __init__(self, app: QCoreApplication, directory: Path = TRANSLATIONS_DIR) -> None:
        self._app = app
        self._directory = directory
        self._translator: QTranslator | None = None
        self._engine: QQmlEngine | None = None
        self.language = "id"

    def attach(self, engine: QQmlEngine) -> None:
        """Retranslate this engine's bindings on every switch."""
        self._engine = engine

    def available(self, language: str) -> bool:
        """Whether a translation file exists (Indonesian is the source and always is)."""
        return language == "id" or (self._directory / f"kiosk_{language}.qm").is_file()

    def detach(self) -> None:
        """Remove the translator from the application (it outlives this kiosk in tests)."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self._engine = None
        self.language = "id"

    def switch(self, language: str) -> None:
        """Show the UI in ``language``; an unavailable one is logged and left out."""
        if language == self.language:
            return
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if language != "id":
            translator = QTranslator(self._app)
            if not translator.load(f"kiosk_{language}", str(self._directory)):
                log.error("No translation for %s in %s", language, self._directory)
                return
            self._app.installTranslator(translator)
            self._translator = translator
        self.language = language
        if self._engine is not None:
            self._engine.retranslate()
        log.info("Language: %s", language)
