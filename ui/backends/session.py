"""Exposes the citizen session to QML: the screen to show, the services, and the outcome.

QML calls the slots; the session (Qt-free) decides what happens, and the issuer
(``kiosk.issuing``) commits, prints and tells the session how it went. This object only
publishes what the session and the live catalog say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from drivers.base import (
    DocumentPrinterStatus,
    DocumentPrinterStatusChanged,
    PrinterStatus,
    PrinterStatusChanged,
)
from kiosk.catalog import Catalog, CatalogKeeper
from kiosk.hall import place_text
from kiosk.issuing import Issuer
from kiosk.processor import COUNTER_FIELD
from kiosk.services import (
    ON_SCREEN_INSTEAD,
    Availability,
    Category,
    Flow,
    Service,
    availability,
    print_failure,
    printer_banner,
)
from kiosk.session import Session, SessionError
from kiosk.signing import format_check
from kiosk.sync import SyncState
from kiosk.text import NO_TEXT
from ui.backends.published import Published
from ui.backends.qrimage import qr_source
from ui.i18n import LanguageSwitcher

log = logging.getLogger("ui.session")

TICK_MS = 250


class SessionBackend(QObject):
    """The session as QML sees it.

    Signals:
        screenChanged: the session's state changed.
        contentScreenChanged: the screen under the idle warning changed.
        languageChanged: the citizen switched language.
        servicesChanged: service titles or availability changed.
        countersChanged: the chosen service's counters changed.
        outcomeChanged: a request was committed or printed (or reprinted).
        paperBannerChanged: the receipt printer could print again, or no longer can.
        printerReadyChanged: likewise, for "Cetak ulang".
        secondsLeftChanged: the idle-warning or done countdown moved.
        submitErrorChanged: committing the request failed, or the citizen moved on.
        flowChanged: another service (queue, form, information, status check) was chosen.
        categoriesChanged: the home grid's groups changed.
        changed: anything in the session changed (for the form backend).
    """

    def __init__(
        self,
        session: Session,
        catalog: CatalogKeeper,
        issuer: Issuer,
        languages: LanguageSwitcher,
        kiosk_name: str,
        office: str,
        officer: str = "",
        document_printer: DocumentPrinterStatus = DocumentPrinterStatus.NOT_CONFIGURED,
        parent: QObject | None = None,
    ) -> None:
        """``officer`` is how a citizen reaches an officer (the office when empty).

        ``document_printer`` is the A4 printer's status at start, which gates Ambil Surat.
        """
        super().__init__(parent)
        self._session = session
        self._catalog = catalog
        self._online = True
        self._issuer = issuer
        self._languages = languages
        self._kiosk_name = kiosk_name
        self._office = office
        self._officer = officer or office
        self._printer_status = PrinterStatus.UNKNOWN
        self._document_printer = document_printer
        self._qr = ("", "")  # the last outcome's QR payload and its image source
        self._values = Published(
            self, {"paperBannerDetail": "paperBanner", "submitProblem": "submitError"}
        )
        session.on_change = lambda _session: self._refresh()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._refresh()

    changed = Signal()

    # Properties --------------------------------------------------------------------------

    screenChanged = Signal()

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        """The session's state, e.g. ``attract`` or ``idle_warning``."""
        return str(self._values["screen"])

    contentScreenChanged = Signal()

    @Property(str, notify=contentScreenChanged)
    def contentScreen(self) -> str:
        """The screen to show under any overlay."""
        return str(self._values["contentScreen"])

    languageChanged = Signal()

    @Property(str, notify=languageChanged)
    def language(self) -> str:
        """``id`` or ``en``."""
        return str(self._values["language"])

    servicesChanged = Signal()

    @Property(list, notify=servicesChanged)
    def services(self) -> list[dict[str, Any]]:
        """Home-grid tiles: id, title, help, icon, available and the reason if not."""
        return list(self._values["services"])

    countersChanged = Signal()

    @Property(list, notify=countersChanged)
    def counters(self) -> list[dict[str, str]]:
        """The counters of the chosen queue service: code, name, location."""
        return list(self._values["counters"])

    outcomeChanged = Signal()

    @Property("QVariantMap", notify=outcomeChanged)
    def outcome(self) -> dict[str, Any]:
        """The done screen's data: number, reference, qrSource, printed, counter, location."""
        return dict(self._values["outcome"])

    secondsLeftChanged = Signal()

    @Property(int, notify=secondsLeftChanged)
    def secondsLeft(self) -> int:
        """Seconds left on the idle warning or the done screen."""
        return int(self._values["secondsLeft"])

    submitErrorChanged = Signal()

    @Property(bool, notify=submitErrorChanged)
    def submitError(self) -> bool:
        """The last submit could not be committed; the form shows an apology."""
        return bool(self._values["submitError"])

    @Property(str, notify=submitErrorChanged)
    def submitProblem(self) -> str:
        """Why the last submit failed, when the citizen can be told (empty: just try again)."""
        return str(self._values["submitProblem"])

    flowChanged = Signal()

    @Property(str, notify=flowChanged)
    def flow(self) -> str:
        """The chosen service's flow (``queue_ticket``, ``form``, ...), or "" on none."""
        return str(self._values["flow"])

    categoriesChanged = Signal()

    @Property(list, notify=categoriesChanged)
    def categories(self) -> list[dict[str, Any]]:
        """The home grid in groups: id, title and the group's tiles."""
        return list(self._values["categories"])

    paperBannerChanged = Signal()

    @Property(str, notify=paperBannerChanged)
    def paperBanner(self) -> str:
        """Home's one notice while the receipt printer cannot print ("" while it can)."""
        return str(self._values["paperBanner"])

    @Property(str, notify=paperBannerChanged)
    def paperBannerDetail(self) -> str:
        """What the notice adds where there is room: the number shows on screen instead."""
        return str(self._values["paperBannerDetail"])

    printerReadyChanged = Signal()

    @Property(bool, notify=printerReadyChanged)
    def printerReady(self) -> bool:
        """The receipt printer can print now ("Cetak ulang" is offered only then)."""
        return bool(self._values["printerReady"])

    @Property(str, constant=True)
    def officer(self) -> str:
        """How a citizen reaches an officer, e.g. the office and a phone number."""
        return self._officer

    @Property(str, constant=True)
    def kioskName(self) -> str:
        """The kiosk's name for headers."""
        return self._kiosk_name

    @Property(str, constant=True)
    def office(self) -> str:
        """The office the kiosk stands in."""
        return self._office

    # Slots -------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Leave the attract screen for the home grid."""
        self._act(self._session.start)

    @Slot()
    def resume(self) -> None:
        """Answer the idle warning: carry on."""
        self._act(self._session.resume)

    @Slot()
    def back(self) -> None:
        """One step back."""
        self._act(self._session.back)

    @Slot()
    def end(self) -> None:
        """Finish now: wipe everything and show the attract screen."""
        self._act(self._session.end)

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        """Switch the UI and receipt language."""
        self._act(lambda: self._session.set_language(language))

    @Slot(str)
    def chooseService(self, service_id: str) -> None:
        """Open a service from the home grid, if it is available now."""
        service = next((s for s in self.catalog.services if s.id == service_id), None)
        if service is None:
            log.error("QML asked for unknown service %r", service_id)
        elif self._availability(service).available:
            self._act(lambda: self._session.choose_service(service))

    @Slot(str)
    def chooseCounter(self, code: str) -> None:
        """Take a queue number for this counter."""
        self._issuer.take_ticket(self._session, code)

    @Slot()
    def reprint(self) -> None:
        """The citizen's "Cetak ulang" on a done screen without a receipt; never prints twice."""
        refusal = self._issuer.reprint_shown(self._session)
        if refusal is not None:
            log.info("Cetak ulang refused: %s", refusal.value)

    @Slot()
    def skipIdentity(self) -> None:
        """Go on anonymously, where the service allows it (a complaint)."""
        self._act(self._session.skip_identity)

    def submit_current(self) -> None:
        """Submit the reviewed form."""
        self._issuer.submit(self._session)

    @property
    def catalog(self) -> Catalog:
        """The live catalog (its owner, ``CatalogKeeper``, follows central)."""
        return self._catalog.catalog

    # Device events -----------------------------------------------------------------------

    def on_device_event(self, event: object) -> None:
        """Follow the printer and the network, which gate services, and take new catalogs."""
        if isinstance(event, PrinterStatusChanged):
            self._printer_status = event.status
            self._refresh()
        elif isinstance(event, DocumentPrinterStatusChanged):
            self._document_printer = event.status
            self._refresh()
        elif isinstance(event, SyncState):
            self._online = event.online
            self._refresh()
        elif isinstance(event, Catalog):  # the keeper took a new one: show it
            self._refresh()

    # Internals ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop ticking."""
        self._timer.stop()

    def _availability(self, service: Service) -> Availability:
        return availability(
            service, self._printer_status, self._online, document_printer=self._document_printer
        )

    def _act(self, action: Callable[[], None]) -> None:
        try:
            action()
        except SessionError as error:
            log.error("Ignoring a tap that does not fit the screen: %s", error)

    def _tick(self) -> None:
        self._session.tick()
        self._values.set("secondsLeft", self._session.seconds_left())

    def _refresh(self) -> None:
        session = self._session
        language = session.data.language
        if self._languages.language != language:
            self._languages.switch(language)
        catalog = self.catalog
        self._values.set("screen", session.screen.value)
        self._values.set("contentScreen", session.content_screen.value)
        self._values.set("language", language)
        tiles = [self._tile(service, language) for service in catalog.services]
        self._values.set("services", tiles)
        self._values.set(
            "categories",
            [
                {
                    "id": category.value,
                    "title": category.title.get(language),
                    "services": [t for t in tiles if t["category"] == category.value],
                }
                for category in Category
                if any(t["category"] == category.value for t in tiles)
            ],
        )
        service = session.data.service
        self._values.set("flow", service.flow.value if service is not None else "")
        self._values.set(
            "counters",
            [
                {
                    "code": counter.code,
                    "name": counter.name.get(language),
                    "location": counter.location.get(language),
                }
                for counter in (service.counters if service else ())
            ],
        )
        self._values.set("outcome", self._outcome(language))
        banner = printer_banner(self._printer_status)
        self._values.set("paperBanner", banner.get(language))
        detail = NO_TEXT if self._printer_status.can_print else ON_SCREEN_INSTEAD
        self._values.set("paperBannerDetail", detail.get(language))
        self._values.set("printerReady", self._printer_status.can_print)
        self._values.set("secondsLeft", session.seconds_left())
        self._values.set("submitError", session.data.submit_failed)
        self._values.set("submitProblem", session.data.submit_problem.get(language))
        self.changed.emit()

    def _tile(self, service: Service, language: str) -> dict[str, Any]:
        state = self._availability(service)
        return {
            "id": service.id,
            "category": service.category.value,
            "title": service.title.get(language),
            "help": service.help.get(language),
            "icon": service.icon,
            "available": state.available,
            "reason": state.reason.get(language),
        }

    def _qr_source(self, payload: str) -> str:
        """The outcome's QR code as an image source, drawn once (every refresh asks for it)."""
        if self._qr[0] != payload:
            self._qr = (payload, qr_source(payload))
        return self._qr[1]

    def _outcome(self, language: str) -> dict[str, Any]:
        data = self._session.data
        if data.outcome is None or data.service is None:
            return {}
        shown = data.outcome
        outcome = {
            "number": shown.number,
            "reference": shown.reference,
            "checkCode": format_check(shown.check_code),
            "qrSource": self._qr_source(shown.qr_payload),
            "printed": shown.printed,
            "printFailure": "" if shown.printed else print_failure(shown.printer).get(language),
            "reprinting": shown.reprinting,
            "reprintFailed": shown.reprint_failed,
            "flow": data.service.flow.value,
        }
        receipt = data.service.receipt
        if data.service.flow is Flow.FORM and receipt is not None:
            # The done screen shows what the receipt says: the kind of request, where to go.
            return outcome | {
                "heading": receipt.title.get(language),
                "counter": data.service.title.get(language),
                "location": receipt.where.get(language),
                "nextSteps": receipt.next_steps.get(language),
            }
        counter = data.service.counter(data.fields[COUNTER_FIELD])
        return outcome | {
            "heading": "",
            "counter": counter.name.get(language),
            "location": counter.location.get(language),
            "nextSteps": "",
            "place": place_text(shown.place, language),
            "placeCounted": shown.place is not None,
        }
