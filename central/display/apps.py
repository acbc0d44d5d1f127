"""The hall display app: ``/display/`` for a TV in a Mal Pelayanan Publik's hall."""

from __future__ import annotations

from django.apps import AppConfig

from central.display.voice import Voice


class DisplayConfig(AppConfig):
    """Holds the spoken calls made so far (one :class:`Voice` per process)."""

    name = "central.display"
    label = "display"
    verbose_name = "Hall display"
    _voice: Voice | None = None

    def voice(self) -> Voice:
        """The process's voice, made on first use (it looks for espeak-ng once)."""
        if self._voice is None:
            self._voice = Voice()
        return self._voice
