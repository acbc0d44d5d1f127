"""Bilingual text for what the core shows or prints: Bahasa Indonesia first, English second."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class LocalizedText:
    """One text in both languages; Indonesian is the fallback."""

    id: str
    en: str = ""

    def get(self, language: str) -> str:
        """The text in ``language``, or in Indonesian where no translation exists."""
        if language == "en" and self.en:
            return self.en
        return self.id


#: No text: no message, reason or notice to show.
NO_TEXT = LocalizedText("")
