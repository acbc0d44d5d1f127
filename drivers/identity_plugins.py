"""Plugins for certified e-KTP readers that read biodata through a Dukcapil SAM.

A generic PC/SC reader sees only a card's UID and ATR (``drivers.pcsc_reader``). The
biodata on an e-KTP can be read only by a certified reader with an activated SAM,
through its vendor's SDK, so the kiosk does not pretend to: a vendor ships a plugin.

How a vendor writes one:

1. Subclass ``IdentityReaderPlugin`` in the vendor's own package::

       from drivers.identity_plugins import (
           Biodata, IdentityReaderPlugin, IdentityReadError, ReadFailure)

       class AcmeSamReader(IdentityReaderPlugin):
           @property
           def name(self) -> str:
               return "Acme EKTP-200 (SDK 3.1)"

           def matches(self, reader_name: str, atr: bytes) -> bool:
               return reader_name.startswith("Acme EKTP-200")

           def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
               ...  # call the SDK; on failure:
               raise IdentityReadError(ReadFailure.SAM_NOT_ACTIVATED, "SAM slot 1: 0x6982")

   ``matches`` must be quick and must not touch the card. ``read_biodata`` blocks for
   at most ``timeout`` seconds (the kiosk calls it from a worker thread, never the GUI
   thread) and raises ``IdentityReadError`` with a ``ReadFailure`` for every failure.

2. Register the class (or any zero-argument factory returning a plugin) under the
   entry-point group ``kiosk.identity_readers`` in the vendor package's pyproject::

       [project.entry-points."kiosk.identity_readers"]
       acme-ektp-200 = "acme_kiosk.plugin:AcmeSamReader"

3. Install that package into the kiosk's environment (for the PyInstaller bundle,
   build it in). ``load_plugins()`` finds it at start; a plugin that fails to import
   or to construct is logged and skipped, and the kiosk runs without it.

A plugin returns the biodata as it is on the card: the kiosk core validates the NIK
and masks it wherever it is shown. ``Biodata``'s repr hides every field, so logging
one by accident leaks nothing.
"""

from __future__ import annotations

import abc
import enum
import logging
from dataclasses import dataclass

from drivers.base import DriverError

logger = logging.getLogger("drivers.identity_plugins")

#: The entry-point group vendors register their plugins in.
ENTRY_POINT_GROUP = "kiosk.identity_readers"


@dataclass(frozen=True, repr=False)
class Biodata:
    """The biodata a certified reader read from an e-KTP, as printed on the card."""

    nik: str
    name: str
    birth_place: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    address: str | None = None
    rt_rw: str | None = None
    village: str | None = None
    district: str | None = None
    religion: str | None = None
    marital_status: str | None = None
    occupation: str | None = None
    nationality: str | None = None

    def __repr__(self) -> str:
        """Say what this is without any of it: it is personal data."""
        return "Biodata(<personal data not shown>)"

    __str__ = __repr__


class ReadFailure(enum.Enum):
    """Why a plugin could not read biodata; the kiosk chooses what to tell the citizen."""

    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"
    CARD_UNSUPPORTED = "card_unsupported"
    SAM_MISSING = "sam_missing"
    SAM_NOT_ACTIVATED = "sam_not_activated"
    ACCESS_DENIED = "access_denied"
    TIMEOUT = "timeout"
    READER_ERROR = "reader_error"
    PLUGIN_FAILED = "plugin_failed"


class IdentityReadError(DriverError):
    """A plugin could not read biodata.

    Attributes:
        reason: what went wrong, as an enum the kiosk can act on.
        detail: an exact message for technicians (SDK error codes, slot numbers);
            it must never contain biodata.

    """

    def __init__(self, reason: ReadFailure, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


class IdentityReaderPlugin(abc.ABC):
    """A certified reader's biodata access, provided by its vendor."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The product and SDK version, for the technician screen and logs."""

    @abc.abstractmethod
    def matches(self, reader_name: str, atr: bytes) -> bool:
        """Whether this plugin drives ``reader_name`` with this card in it; quick, no I/O."""

    @abc.abstractmethod
    def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
        """Read the card in ``reader_name`` within ``timeout`` seconds.

        Raises:
            IdentityReadError: for every failure, with its reason.

        """


def load_plugins() -> list[IdentityReaderPlugin]:
    """Every installed plugin, in entry-point name order; broken ones are logged and skipped."""
    from importlib.metadata import entry_points  # 0.04 s to import: not before the first frame

    plugins: list[IdentityReaderPlugin] = []
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        try:
            factory = entry_point.load()
            plugin = factory()
        except Exception:
            logger.exception(
                "identity reader plugin %r (%s) failed to load; skipped",
                entry_point.name,
                entry_point.value,
            )
            continue
        if not isinstance(plugin, IdentityReaderPlugin):
            logger.error(
                "identity reader plugin %r (%s) made a %s, not an IdentityReaderPlugin; skipped",
                entry_point.name,
                entry_point.value,
                type(plugin).__name__,
            )
            continue
        logger.info("identity reader plugin %r loaded: %s", entry_point.name, plugin.name)
        plugins.append(plugin)
    return plugins


def plugin_for(
    plugins: list[IdentityReaderPlugin], reader_name: str, atr: bytes
) -> IdentityReaderPlugin | None:
    """The first plugin that drives this reader and card, or None for UID-only reading."""
    for plugin in plugins:
        try:
            if plugin.matches(reader_name, atr):
                return plugin
        except Exception:
            logger.exception("identity reader plugin %r failed in matches(); skipped", plugin.name)
    return None


def read_biodata_safely(plugin: IdentityReaderPlugin, reader_name: str, timeout: float) -> Biodata:
    """Call ``plugin.read_biodata``, turning any other exception into IdentityReadError.

    Vendor SDKs raise what they like; the kiosk must only ever see ``IdentityReadError``.

    Raises:
        IdentityReadError: the plugin's own, or PLUGIN_FAILED for anything else.

    """
    try:
        biodata = plugin.read_biodata(reader_name, timeout)
    except IdentityReadError:
        raise
    except Exception as exc:
        # Only the type: a vendor's message or traceback may quote the card's data.
        logger.error(
            "identity reader plugin %r failed in read_biodata(): %s",
            plugin.name,
            type(exc).__name__,
        )
        raise IdentityReadError(ReadFailure.PLUGIN_FAILED, type(exc).__name__) from None
    if not isinstance(biodata, Biodata):
        raise IdentityReadError(
            ReadFailure.PLUGIN_FAILED, f"read_biodata() returned a {type(biodata).__name__}"
        )
    return biodata
