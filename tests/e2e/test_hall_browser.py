"""A hall's queue in a real browser: a kiosk's ticket, called at a counter, on the hall display.

The kiosk is the kiosk's own core (processor, journal, simulated printer, outbox, the hall
number client and Cek Status) against the running central; the counter page and the display
are Debian's Chromium through Selenium. The display goes through a fault proxy, so the test
can drop its network and see it come back. Both pages are captured at 1920x1080 into
``$HALL_SCREENSHOTS`` when it is set (to look at them), else the test's folder.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from drivers.simulated import SimulatedPrinter
from kiosk.catalog import CatalogKeeper, load_catalog_files, load_service_files
from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.hallclient import HallNumberer
from kiosk.journal import Journal
from kiosk.processor import Processor
from kiosk.session import Outcome, SubmitRequest
from kiosk.status import StatusChecker
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
from tests.helpers.central import RunningCentral
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.hall import hall_central
from tests.helpers.office import KIOSK_A, password_of

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
QUEUE = load_service_files()[0]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (make apt installs them)",
    ),
]


@dataclass
class SimulatedKiosk:
    """Kemiren's kiosk, as its core issues a queue ticket and checks a status."""

    processor: Processor
    journal: Journal
    central: RunningCentral

    def ticket(self, counter: str) -> Outcome:
        """Take, print and deliver a ticket, as a citizen's tap on a counter does."""
        request = SubmitRequest(str(uuid.uuid4()), QUEUE, {"counter": counter}, "id")
        outcome = self.processor.commit(request)
        assert self.processor.print_first(request).ok
        worker = SyncWorker(self.journal, self.client(), retention_days=30)
        worker.start()
        try:
            assert worker.drain(timeout=20)
        finally:
            worker.stop()
        return outcome

    def client(self) -> CentralClient:
        return CentralClient(CentralSettings(self.central.url, KIOSK_A.kiosk_id, KIOSK_A.secret))

    def place(self, reference: str) -> str:
        """What Cek Status shows of the ticket's place."""
        checker = StatusChecker(self.client(), self.journal, CatalogKeeper(load_catalog_files()))
        answer = checker.check(reference, None)
        assert answer.ticket is not None
        return answer.ticket.place.get("id")


@pytest.fixture(scope="module")
def hall(tmp_path_factory) -> Iterator[tuple[RunningCentral, SimulatedKiosk]]:
    folder = tmp_path_factory.mktemp("hall-browser")
    with hall_central(folder) as central:
        config = load_config(environ={"KIOSK_KIOSK_ID": KIOSK_A.kiosk_id})
        journal = Journal(folder / "journal.sqlite", SystemClock())
        printer = SimulatedPrinter(folder / "spool", dot_width=384)
        printer.start()
        numbers = HallNumberer(CentralSettings(central.url, KIOSK_A.kiosk_id, KIOSK_A.secret))
        processor = Processor(config.kiosk, journal, printer, KIOSK_A.secret, numbers.ask)
        yield central, SimulatedKiosk(processor, journal, central)
        numbers.close()
        printer.stop()
        journal.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("HALL_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium(profile: Path, *extra: str):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1920,1080",
        *extra,
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


@pytest.fixture
def browsers(tmp_path):
    counter = chromium(tmp_path / "counter")
    # The display PC's flag (README): the call is heard without anyone tapping first.
    display = chromium(tmp_path / "display", "--autoplay-policy=no-user-gesture-required")
    yield counter, display
    counter.quit()
    display.quit()
    shutil.rmtree(tmp_path / "counter", ignore_errors=True)
    shutil.rmtree(tmp_path / "display", ignore_errors=True)


def no_console_problems(driver) -> None:
    problems = [
        entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")
    ]
    assert not problems, problems  # no CSP refusal, no missing asset, no script error


def shown_number(display) -> str:
    return display.find_element(By.ID, "now-number").text


def waiting(display) -> str:
    """Unit A's waiting count (its row is redrawn with each answer, so read it in one go)."""
    return display.execute_script(
        "var cell = document.querySelector('tr[data-unit=A] td.count');"
        "return cell ? cell.textContent : '';"
    )


def test_a_kiosk_ticket_called_at_the_counter_is_on_the_display_within_a_second(
    hall, browsers, shots
):
    central, kiosk = hall
    counter, display = browsers
    first, second = kiosk.ticket("A"), kiosk.ticket("A")
    assert first.place is not None and second.place is not None
    assert (first.place.ahead, second.place.ahead) == (0, 1)
    assert kiosk.place(second.reference) == "Di depan Anda: 1 orang"

    upstream = urlsplit(central.url)
    with FaultProxy((str(upstream.hostname), int(upstream.port or 80))) as proxy:
        display.get(proxy.url + "/display/A")
        WebDriverWait(display, 5).until(lambda _: waiting(display) == "2")

        counter.get(central.url + "/office/login/")
        counter.find_element(By.NAME, "username").send_keys("loket-a1")
        counter.find_element(By.NAME, "password").send_keys(password_of("loket-a1"))
        counter.find_element(By.CSS_SELECTOR, "main form button").click()
        WebDriverWait(counter, 10).until(expected_conditions.url_contains("/office/"))
        counter.get(central.url + "/office/counter/")
        assert counter.find_element(By.ID, "waiting-count").text == "2"

        # One key at the desk: N calls the next number.
        page = counter.find_element(By.TAG_NAME, "html")
        counter.find_element(By.TAG_NAME, "body").send_keys("n")
        WebDriverWait(counter, 10).until(expected_conditions.staleness_of(page))
        called = time.monotonic()
        assert counter.find_element(By.ID, "called-number").text == first.number
        WebDriverWait(display, 1.0, poll_frequency=0.05).until(
            lambda _: shown_number(display) == first.number
        )
        assert time.monotonic() - called <= 1.0
        assert display.find_element(By.ID, "now-desk").text == "Loket 1"
        assert display.find_element(By.ID, "now-desk-en").text == "Counter 1"
        # The chime, then the spoken call, from central itself.
        WebDriverWait(display, 15).until(
            lambda _: (
                "/display/voice/"
                in display.execute_script("return document.getElementById('sound').src")
            )
        )
        # The next ticket's place drops, at the kiosk's Cek Status and on the display.
        assert kiosk.place(second.reference) == "Tidak ada yang di depan Anda"
        WebDriverWait(display, 2).until(lambda _: waiting(display) == "1")
        counter.save_screenshot(str(shots / "counter-1920x1080.png"))
        display.save_screenshot(str(shots / "display-1920x1080.png"))

        # The display's network drops: it says so, and shows the present once it is back.
        proxy.refuse()
        notice = display.find_element(By.ID, "link")
        WebDriverWait(display, 10).until(lambda _: notice.is_displayed())
        page = counter.find_element(By.TAG_NAME, "html")
        counter.find_element(By.ID, "done").click()
        WebDriverWait(counter, 10).until(expected_conditions.staleness_of(page))
        page = counter.find_element(By.TAG_NAME, "html")
        counter.find_element(By.ID, "call-next").click()
        WebDriverWait(counter, 10).until(expected_conditions.staleness_of(page))
        assert shown_number(display) == first.number
        proxy.passthrough()
        WebDriverWait(display, 10).until(lambda _: shown_number(display) == second.number)
        WebDriverWait(display, 5).until(lambda _: not notice.is_displayed())
        last = display.execute_script(
            "return Array.from(document.querySelectorAll('#last-calls li .n'))"
            ".map(function (n) { return n.textContent; });"
        )
        assert last == [first.number]
    no_console_problems(counter)
