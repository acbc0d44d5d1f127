"""The Qt-free half of the composition root, shared by the kiosk, ``simulate`` and ``sync``.

It builds, in order, the data folder, the journal, the devices, the live catalog, the
issuer (settling the receipts the last run left unknown) and the sync worker, logging each
step; ``shutdown`` undoes them in reverse, as qutebrowser's ``app.py`` does. The UI adds
its Qt parts on top.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from drivers.base import Devices, DriverError
from drivers.files import private_dir
from drivers.identity_plugins import load_plugins
from drivers.printer_uri import PrinterUriError, simulated_uri
from drivers.registry import (
    DriverConfigError,
    make_card_reader,
    make_document_printer,
    make_printer,
    make_scanner,
)
from kiosk.catalog import Catalog, start_catalog
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.datafile import DataFileError
from kiosk.hallclient import HallNumberer
from kiosk.health import device_health, device_states
from kiosk.identify import Identifier
from kiosk.information import InformationPage
from kiosk.issuing import InlineRunner, Issuer, Runner
from kiosk.journal import Journal
from kiosk.lifecycle import ConfigurationError, StartupError, Teardown
from kiosk.pickup import LetterPickup
from kiosk.processor import Processor
from kiosk.services import Service
from kiosk.session import Session, Timing
from kiosk.status import StatusChecker
from kiosk.sync import Backoff, CentralClient, CentralSettings, SyncState, SyncWorker

log = logging.getLogger("kiosk.core")

_T = TypeVar("_T")

JOURNAL_FILE = "journal.sqlite"
#: The simulated A4 printer's folder under the data folder (demo mode, ``make run``).
SIMULATED_DOCUMENTS = "sim://documents"
#: A citizen waits for a card or status lookup: a slower answer counts as offline.
LOOKUP_TIMEOUT_SECONDS = 6.0


class Core:
    """Everything the kiosk owns that is not Qt, built once and shut down in reverse."""

    def __init__(
        self,
        config: Config,
        clock: Clock,
        *,
        simulated: bool = False,
        backoff: Backoff | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self._simulated = simulated
        self._backoff = backoff
        self._teardown = Teardown()
        self.sync: SyncWorker | None = None
        #: Called (on the sync thread) with each new good catalog from central.
        self.on_catalog: Callable[[Catalog], None] | None = None

    def build(self, runner: Runner | None = None) -> None:
        """Build every part (devices are built, not started); StartupError on failure.

        ``runner`` is where issuing's blocking steps run (``InlineRunner`` by default).
        """
        config = self.config
        self.data_dir = config.data_path()
        self._step("data folder", lambda: private_dir(self.data_dir))
        log.info(
            "Data folder %s; config from %s", self.data_dir, ", ".join(config.sources) or "defaults"
        )
        self.journal = self._step(
            "journal", lambda: Journal(self.data_dir / JOURNAL_FILE, self.clock)
        )
        self._teardown.add("journal", self.journal.close)
        self.devices = self._step("devices", self._build_devices)
        self.catalog_keeper = self._step(
            "catalog", lambda: start_catalog(self.data_dir, on_change=self._catalog_changed)
        )
        settings = CentralSettings.from_config(config)
        hall = None if settings is None else HallNumberer(settings)
        if hall is not None:
            self._teardown.add("hall numbers", hall.close)
        self.processor = Processor(
            config.kiosk,
            self.journal,
            self.devices.printer,
            config.central.secret,
            None if hall is None else hall.ask,
        )
        self.issuer = Issuer(
            self.processor, self.journal, self.catalog_keeper, runner or InlineRunner()
        )
        #: Receipts the last run left unknown, settled at this start.
        self.settled = self._step("receipts settled", self.issuer.settle)
        if settings is None:
            log.warning("No central URL configured: requests stay in the outbox")
        else:
            self.sync = SyncWorker(
                self.journal,
                CentralClient(settings),
                retention_days=config.journal.retention_days,
                catalog=self.catalog_keeper,
                health=self.device_health,
                device_states=self.device_states,
                backoff=self._backoff,
            )
        lookups = self._lookup_client(settings)
        self.identifier = self._step(
            "identify",
            lambda: Identifier(
                lookups,
                load_plugins,  # loaded after the first frame (ui.app) or at the first card
                lambda: self.clock.now().date(),
                config.identity.extra_region_codes,
            ),
        )
        self.status_checker = StatusChecker(lookups, self.journal, self.catalog_keeper)
        document_printer = self.devices.document_printer
        assert document_printer is not None  # _build_devices always makes one
        self.pickup = LetterPickup(
            self._letter_client(settings),
            document_printer,
            self.journal,
            config.kiosk.id,
            config.kiosk.office,
            self.clock.now,
            report_window=dt.timedelta(days=config.journal.retention_days),
        )

    def new_session(self) -> Session:
        """The citizen session, with the configured timeouts and language."""
        ui = self.config.ui
        return Session(
            self.clock,
            Timing(idle=ui.idle_seconds, warning=ui.idle_warning_seconds, done=ui.done_seconds),
            default_language=self.config.kiosk.language,
        )

    @property
    def catalog(self) -> Catalog:
        """The catalog in use: the last good one synced from central, else ``config/``."""
        return self.catalog_keeper.catalog

    @property
    def services(self) -> tuple[Service, ...]:
        """The services of the catalog in use."""
        return self.catalog.services

    @property
    def pages(self) -> tuple[InformationPage, ...]:
        """The public information pages of the catalog in use."""
        return self.catalog.pages

    def _catalog_changed(self, catalog: Catalog) -> None:
        # Runs on the sync thread; the UI re-posts it to the GUI thread.
        if self.on_catalog is not None:
            self.on_catalog(catalog)

    def start_devices(self) -> None:
        """Start every device; each reports its status through its own events."""
        for device in self.devices.all():
            self._step(f"{device.kind} start", device.start)
            self._teardown.add(f"{device.kind} stop", device.stop)

    def start_sync(self, on_state: Callable[[SyncState], None] | None = None) -> None:
        """Start delivering the outbox in the background, if a central URL is configured."""
        if self.sync is None:
            return
        self.sync.on_state = on_state
        self.sync.start()
        self._teardown.add("sync worker", self.sync.stop)

    def device_health(self) -> dict[str, str]:
        """Each device's health (``ok``, ``warning``, ``error``), for the heartbeat."""
        return {kind: health.value for kind, health in device_health(self.devices.all()).items()}

    def device_states(self) -> dict[str, dict[str, str]]:
        """Each device's status word, health, paper and reason, for the heartbeat."""
        return device_states(self.devices.all())

    def shutdown(self) -> None:
        """Undo every step in reverse order; every step is attempted."""
        self._teardown.run()

    def _lookup_client(self, settings: CentralSettings | None) -> CentralClient | None:
        """Citizens' lookups (cards, status) get their own client: never behind the outbox."""
        if settings is None:
            return None
        client = CentralClient(
            dataclasses.replace(
                settings, read_timeout=min(settings.read_timeout, LOOKUP_TIMEOUT_SECONDS)
            )
        )
        self._teardown.add("lookup client", client.close)
        return client

    def _letter_client(self, settings: CentralSettings | None) -> CentralClient | None:
        """Letters get their own client: a PDF may take longer than a lookup, never the outbox."""
        if settings is None:
            return None
        client = CentralClient(settings)
        self._teardown.add("letter client", client.close)
        return client

    def _build_devices(self) -> Devices:
        config = self.config
        simulated = self._simulated
        try:
            return Devices(
                printer=make_printer(
                    simulated_uri(config.printer.uri, default_dot_width=config.printer.dot_width)
                    if simulated
                    else config.printer.uri,
                    data_dir=self.data_dir,
                    dot_width=config.printer.dot_width,
                ),
                card_reader=make_card_reader("sim://" if simulated else config.card_reader.uri),
                scanner=make_scanner("sim://" if simulated else config.scanner.uri),
                # Demo mode simulates an A4 printer unless one is configured (a CUPS queue
                # of cups-pdf on a developer's PC, or the tests' own CUPS).
                document_printer=make_document_printer(
                    config.document_printer.uri or (SIMULATED_DOCUMENTS if simulated else ""),
                    data_dir=self.data_dir,
                ),
            )
        except (DriverConfigError, PrinterUriError) as error:
            raise ConfigurationError(str(error)) from error
        except DriverError as error:
            raise StartupError(str(error)) from error

    def _step(self, name: str, action: Callable[[], _T]) -> _T:
        try:
            result = action()
        except DataFileError as error:
            raise ConfigurationError(f"{name}: {error}") from error
        except (OSError, ValueError, sqlite3.Error) as error:
            raise StartupError(f"{name}: {error}") from error
        log.info("Started: %s", name)
        return result


def journal_path(config: Config) -> Path:
    """Where the journal lives for this configuration."""
    return config.data_path() / JOURNAL_FILE
