"""The interface a ``central.signers`` plugin implements (plain Python: no Django needed).

See :mod:`central.letters.signers` for how central picks a backend and checks what it returns.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass


class SigningError(Exception):
    """The backend could not sign (wrong passphrase, no key, the service refused)."""


class PassphraseRefusedError(SigningError):
    """The signer's passphrase (or a service's credential) was wrong: no letter can be signed."""


@dataclass(frozen=True)
class SignerIdentity:
    """How a user signs: the name on their certificate, and whether it is a development one."""

    name: str
    development: bool


@dataclass(frozen=True)
class SigningRequest:
    """One signature: who, with what credential, and the words the signature carries."""

    username: str
    passphrase: str
    reason: str
    location: str


class SignerBackend(abc.ABC):
    """A way of making PAdES signatures; see the module docstring."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The backend's name, kept with each letter it signs."""

    @abc.abstractmethod
    def identity(self, username: str) -> SignerIdentity | None:
        """How ``username`` signs, or None if this backend has no key for them."""

    @abc.abstractmethod
    def sign(self, pdf: bytes, request: SigningRequest) -> bytes:
        """The PDF with one more signature (an incremental update); SigningError if not."""
