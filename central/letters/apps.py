"""The letters app."""

from __future__ import annotations

from django.apps import AppConfig

from central.environment import ConfigurationError, Environment
from central.letters.config import LettersConfig, LettersConfigError, load_letters_config
from central.letters.kinds import builtin_kinds


class LettersConfigApp(AppConfig):
    """Holds the letters configuration, read on first use (signing needs it; serving does not)."""

    name = "central.letters"
    label = "letters"
    verbose_name = "Signed letters"
    _config: LettersConfig | None = None

    def letters_config(self) -> LettersConfig:
        """The file ``CENTRAL_LETTERS_CONFIG`` names; ConfigurationError if unset or invalid."""
        if self._config is None:
            path = Environment.read().letters_config
            if path is None:
                raise ConfigurationError(
                    "CENTRAL_LETTERS_CONFIG: expected the path of the letters configuration "
                    "(letterheads, registers and signers per village; see "
                    "central/letters/data/letters-sample.toml), found nothing"
                )
            try:
                self._config = load_letters_config(path, frozenset(builtin_kinds()))
            except LettersConfigError as exc:
                raise ConfigurationError(str(exc)) from None
        return self._config
