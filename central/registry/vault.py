"""The kiosks' signing secrets, encrypted at rest with a key of their own.

Central must know each secret (HMAC is symmetric), so the secrets cannot be hashed; a copy of
the database without the key file reveals none of them. The key is not Django's
``SECRET_KEY``, so either can be rotated alone. The key file (``CENTRAL_SECRETS_KEY_FILE``)
holds one Fernet key a line: the first seals, every one opens, so a new key can be put in
front and the secrets re-sealed before the old one is dropped (``cryptography``'s
``MultiFernet``).
"""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from central.environment import ConfigurationError, read_or_create_key

log = logging.getLogger("central.registry.vault")


class SecretVault:
    """Seals and opens kiosk secrets with the keys in one file, read on first use."""

    def __init__(self, key_file: Path | None) -> None:
        """``key_file`` None means none was configured (PostgreSQL without the variable)."""
        self._key_file = key_file

    @cached_property
    def _fernet(self) -> MultiFernet:
        """The keys, newest first; the file is created 0600 with one new key if missing."""
        if self._key_file is None:
            raise ConfigurationError(
                "CENTRAL_SECRETS_KEY_FILE: expected the path of the key file of the kiosks' "
                "secrets (created 0600 if missing); it must be set when the database is "
                "PostgreSQL"
            )
        existed = self._key_file.exists()
        text = read_or_create_key(self._key_file, Fernet.generate_key)
        if not existed:
            log.warning(
                "Created a new key for the kiosks' secrets in %s; back it up", self._key_file
            )
        keys = []
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                keys.append(Fernet(line.strip()))
            except ValueError:
                raise ConfigurationError(
                    f"{self._key_file}:{number}: expected a Fernet key (44 characters of "
                    "URL-safe base64), found something else"
                ) from None
        return MultiFernet(keys)

    def check(self) -> None:
        """Load the keys now, so a bad key file stops a command before it serves."""
        _ = self._fernet

    def seal(self, secret: str) -> str:
        """The secret encrypted under the first key."""
        return self._fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def open(self, sealed: str, kiosk_id: str) -> str:
        """The secret back; ConfigurationError if no key in the file opens it."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise ConfigurationError(
                f"{self._key_file}: no key in this file opens the secret of kiosk {kiosk_id} "
                "(was the key file replaced?)"
            ) from None
