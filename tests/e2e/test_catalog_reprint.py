"""A service central adds reaches every screen, and its receipts reprint, even once it is gone.

Central is restarted on the same port and database with a new catalog (how a regency
publishes one to the reference server), the technician asks for it in maintenance, and a
citizen uses the new service on the real QML UI. Its receipts do not print; one is
reprinted from maintenance (the service from the live catalog), the other by scanning its
QR after central removed the service again (from the journal's copy of it). Central ends
up knowing both receipts printed. A second test stops a kiosk between commit and print:
the next start settles the receipt as unknown, tells central, and lists it for a reprint.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest

from drivers.simulated import SimulatedPrinter, SimulatedScanner
from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from kiosk.core import Core
from kiosk.journal import ReceiptOutcome
from kiosk.session import Screen
from kiosk.signing import receipt_qr_payload
from tests.e2e.test_services_flow import open_service
from tests.helpers.central import RunningCentral, running_central
from tests.helpers.escpos_decode import decode
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.maintenance import enter, set_pins
from tests.helpers.qml import find_item, service_tile, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
KIOSK_ID, SECRET = "ALM-E2E-CAT", "catalog-reprint-secret"
LAMP = {
    "id": "lampu_jalan",
    "flow": "form",
    "title": {"id": "Lapor Lampu Jalan Mati", "en": "Report a Broken Street Light"},
    "help": {"id": "Lampu jalan di dusun Anda mati?", "en": "A street light out in your dusun?"},
    "icon": "complaint",
    "category": "reports",
    "identity": "none",
    "needs": ["printer"],
    "steps": [
        {
            "title": {"id": "Lokasi lampu", "en": "Where the light is"},
            "fields": [
                {
                    "name": "place",
                    "kind": "choice",
                    "label": {"id": "Di dusun mana?", "en": "In which dusun?"},
                    "choices": [
                        {"value": "krajan", "label": {"id": "Krajan", "en": "Krajan"}},
                        {"value": "kedaleman", "label": {"id": "Kedaleman", "en": "Kedaleman"}},
                    ],
                }
            ],
        }
    ],
    "receipt": {
        "title": {"id": "LAPORAN LAMPU JALAN", "en": "STREET LIGHT REPORT"},
        "next_steps": {"id": "Petugas desa memeriksa lampu.", "en": "Village staff check it."},
        "where": {"id": "Kantor Desa", "en": "Village office"},
    },
    "reference_code": "LLJ",
}

_T = TypeVar("_T")


def catalog(tmp_path: Path, version: str, *, lamp: bool) -> Path:
    data: dict[str, Any] = json.loads(
        (ROOT / "central" / "default_catalog.json").read_text(encoding="utf-8")
    )
    data["version"] = version
    if lamp:
        data["services"].insert(-2, copy.deepcopy(LAMP))
    path = tmp_path / f"catalog-{version}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class Central:
    """The reference central, restarted on the same port and database with a new catalog."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._running: contextlib.ExitStack | None = None
        self.server: RunningCentral | None = None

    def start(self, catalog: Path | None = None) -> RunningCentral:
        port = urlsplit(self.server.url).port if self.server is not None else 0
        self.stop()
        stack = contextlib.ExitStack()
        self.server = stack.enter_context(
            running_central(self._folder, {KIOSK_ID: SECRET}, catalog, port=port or 0)
        )
        self._running = stack
        return self.server

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    central = Central(tmp_path / "central")
    central.start()
    yield central
    central.stop()


@pytest.fixture
def kiosk(qapp, tmp_path: Path, central: Central) -> Iterator[KioskApp]:
    assert central.server is not None
    environ = central_environ(central.server, KIOSK_ID, SECRET)
    set_pins(load_config(environ={**kiosk_environ(tmp_path), **environ}))
    with running_kiosk(qapp, tmp_path, environ) as app:
        yield app


def reload_catalog(qtbot, kiosk: KioskApp, version: str) -> None:
    """The technician asks central for the catalog (maintenance, actions)."""
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_actions")
    qtbot.waitUntil(lambda: find_item(window, "action_reloadCatalog") is not None)
    tap(window, "action_reloadCatalog")
    qtbot.waitUntil(lambda: kiosk.maintenance_backend.property("noticeKind") != "")
    assert kiosk.maintenance_backend.property("noticeKind") == "catalog_requested"
    qtbot.waitUntil(lambda: kiosk.core.catalog.version == version, timeout=20_000)
    leave(qtbot, kiosk)


def leave(qtbot, kiosk: KioskApp) -> None:
    """Leave maintenance; the gesture's taps also reached the citizen screen: end it."""
    tap(kiosk.window, "maintenanceLeave")
    qtbot.waitUntil(lambda: not kiosk.maintenance_backend.property("active"))
    kiosk.session_backend.end()
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)


def report_a_street_light(qtbot, kiosk: KioskApp) -> str:
    """A citizen uses the new service; the print jams. Returns the reference on screen."""
    window = kiosk.window
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    qtbot.waitUntil(lambda: find_item(window, "startArea") is not None)
    open_service(qtbot, kiosk, "lampu_jalan")  # scrolled into view, as a citizen would
    qtbot.waitUntil(lambda: find_item(window, "choice_place_krajan") is not None)
    qtbot.wait(100)  # one frame: the Loader lays out the editors before the first tap
    tap(window, "choice_place_krajan")
    tap(window, "formNext")
    qtbot.waitUntil(lambda: find_item(window, "reviewSubmit") is not None)
    printer.set_fail_next("simulated paper jam")
    tap(window, "reviewSubmit")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
    outcome = kiosk.session.data.outcome
    assert outcome is not None and not outcome.printed
    assert outcome.number in texts(window), "the number is on screen instead"
    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    return outcome.reference


def printed_lines(kiosk: KioskApp, reference: str) -> list[str]:
    entry = kiosk.journal.by_reference(reference)
    assert entry is not None
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    return decode((printer.spool_dir / f"{entry.idempotency_key}.bin").read_bytes()).text_lines


def receipts_at(central: Central) -> dict[str, str]:
    assert central.server is not None
    return {row["reference"]: row["receipt"] for row in central.server.export()}


def test_a_service_central_adds_is_used_and_reprinted_from_maintenance_and_a_scan(
    qtbot, kiosk: KioskApp, central: Central, tmp_path: Path
) -> None:
    window = kiosk.window
    assert all(service.id != "lampu_jalan" for service in kiosk.services)

    central.start(catalog(tmp_path, "2026.2", lamp=True))
    reload_catalog(qtbot, kiosk, "2026.2")
    first = report_a_street_light(qtbot, kiosk)
    second = report_a_street_light(qtbot, kiosk)
    assert {e.reference: e.receipt for e in kiosk.journal.unprinted()} == {
        first: ReceiptOutcome.FAILED,
        second: ReceiptOutcome.FAILED,
    }

    # From maintenance: the service comes from the live catalog.
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_receipts")
    qtbot.waitUntil(lambda: find_item(window, f"reprint_{first}") is not None)
    assert find_item(window, f"reprint_{second}") is not None
    assert "gagal tercetak" in find_item(window, f"receiptOutcome_{first}").property("text")
    tap(window, f"reprint_{first}")
    qtbot.waitUntil(lambda: kiosk.maintenance_backend.property("noticeKind") == "reprinted")
    assert kiosk.journal.by_reference(first).printed
    assert "LAPORAN LAMPU JALAN" in printed_lines(kiosk, first)
    leave(qtbot, kiosk)

    # Central takes the service away again; the second receipt is reprinted from its QR,
    # with the service as the journal kept it.
    central.start(catalog(tmp_path, "2026.3", lamp=False))
    reload_catalog(qtbot, kiosk, "2026.3")
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    service_tile(window, "informasi")
    with pytest.raises(AssertionError, match="no tile on home leads to lampu_jalan"):
        service_tile(window, "lampu_jalan")
    kiosk.session.end()
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    scanner = kiosk.devices.scanner
    assert isinstance(scanner, SimulatedScanner)
    scanner.scan(receipt_qr_payload(SECRET, second))
    qtbot.waitUntil(lambda: kiosk.journal.by_reference(second).printed, timeout=10_000)
    assert "Struk Anda belum tercetak tadi; sekarang dicetak ulang." in texts(window)
    lines = printed_lines(kiosk, second)
    assert "LAPORAN LAMPU JALAN" in lines and second in lines

    sync = kiosk.core.sync
    assert sync is not None and sync.drain(timeout=30)
    receipts = receipts_at(central)
    assert (receipts[first], receipts[second]) == ("printed", "printed")


class _StopsAfterCommit:
    """Runs the commit, then stops like a kill -9: the print step never runs."""

    def __init__(self) -> None:
        self.steps = 0

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        self.steps += 1
        if self.steps == 1:
            work()


def test_a_receipt_cut_off_by_a_stop_is_settled_unknown_listed_and_reprinted(
    qtbot, qapp, tmp_path: Path, central: Central
) -> None:
    assert central.server is not None
    environ = central_environ(central.server, KIOSK_ID, SECRET)
    config = load_config(environ={**kiosk_environ(tmp_path), **environ})
    set_pins(config)
    stopped = Core(config, ShiftedClock(), simulated=True)
    stopped.build(_StopsAfterCommit())
    session = stopped.new_session()
    session.start()
    session.choose_service(stopped.services[0])
    stopped.issuer.take_ticket(session, "C")
    assert session.screen is Screen.SUBMIT, "committed; the kiosk stopped before it printed"
    [entry] = stopped.journal.unprinted()
    assert entry.receipt is ReceiptOutcome.PENDING
    stopped.shutdown()

    with running_kiosk(qapp, tmp_path, environ) as kiosk:
        assert kiosk.journal.by_reference(entry.reference).receipt is ReceiptOutcome.UNKNOWN
        # Central hears "unknown" behind the transaction, before anyone reprints.
        qtbot.waitUntil(
            lambda: receipts_at(central).get(entry.reference) == "unknown", timeout=20_000
        )
        window = kiosk.window
        enter(qtbot, kiosk)
        tap(window, "maintenanceTab_receipts")
        qtbot.waitUntil(lambda: find_item(window, f"reprint_{entry.reference}") is not None)
        outcome = find_item(window, f"receiptOutcome_{entry.reference}").property("text")
        assert "tidak pasti tercetak (anjungan berhenti)" in outcome
        tap(window, f"reprint_{entry.reference}")
        qtbot.waitUntil(lambda: kiosk.maintenance_backend.property("noticeKind") == "reprinted")
        assert kiosk.journal.unprinted() == []
        sync = kiosk.core.sync
        assert sync is not None and sync.drain(timeout=30)
        receipts = receipts_at(central)
    assert receipts == {entry.reference: "printed"}
