"""The back office in a real browser: Debian's Chromium through Selenium and chromedriver.

A simulated kiosk of Kemiren (``kiosk simulate``, the kiosk's real core with simulated
devices) serves citizens against the running central and delivers its outbox; then staff
work in Chromium: log in, find the kiosk's requests in the inbox, ask for a correction that
the kiosk's own Cek Status code then reads, see poverty by cause and the fleet. Every page
is captured at 1366x768 (a desktop) and 800x1280 (a tablet held upright), into
``$OFFICE_SCREENSHOTS`` when it is set (to look at them), else the test's folder.

The letter loop runs against a central with the sample villages' letters configuration and
development keys (:mod:`tests.helpers.letters`): the operator verifies, the head signs in
the browser with the passphrase, the public verification page says the letter is genuine,
the head revokes it, and the page says it is revoked; also captured at 1920x1080.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog import CatalogKeeper, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.journal import Journal
from kiosk.status import StatusChecker, StatusResult
from kiosk.sync import CentralClient, CentralSettings
from tests.helpers.central import ROOT, RunningCentral, SqliteBackend
from tests.helpers.letters import PASSPHRASE, LettersWorld, letters_central
from tests.helpers.office import KIOSK_A, KIOSK_B, office_central, password_of

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SIZES = [(1366, 768), (800, 1280)]
WIDE = (1920, 1080)
LETTERS = ("sktm", "domisili", "pengantar_ktp_kk", "surat_miskin")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (make apt installs them)",
    ),
]


def kiosk_env(central: RunningCentral, data: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "KIOSK_DATA_DIR": str(data),
        "KIOSK_ID": KIOSK_A.kiosk_id,
        "KIOSK_SECRET": KIOSK_A.secret,
        "KIOSK_CENTRAL_URL": central.url,
        "KIOSK_LOGGING_LEVEL": "WARNING",
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("KIOSK_CONFIG", None)
    return env


def kiosk(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[RunningCentral, list[dict[str, object]], Path]]:
    """Central, and what the simulated kiosk's journal says it delivered."""
    folder = tmp_path_factory.mktemp("office-browser")
    with office_central(folder) as central:
        env = kiosk_env(central, folder / "kiosk")
        summary = json.loads(kiosk(env, "simulate", "--sessions", "40", "--seed", "3"))
        # Some simulated citizens only browse (Informasi Publik, Cek Status, Ambil Surat).
        assert summary["committed"] >= 12, summary
        kiosk(env, "sync", "--drain", "--timeout", "120")
        journal = json.loads(kiosk(env, "journal", "--json", "--all"))
        yield central, journal, folder / "kiosk"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("OFFICE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium(profile: Path, width: int, height: int) -> Any:
    """Debian's Chromium, headless, showing pages at ``width`` x ``height``."""
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
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.size = f"{width}x{height}"
    return driver


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def browser(request, tmp_path):
    driver = chromium(tmp_path / "profile", *request.param)
    yield driver
    driver.quit()
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


@pytest.fixture(params=[*SIZES, WIDE], ids=lambda size: f"{size[0]}x{size[1]}")
def signing_browser(request, tmp_path):
    """The same, and also on the wide screen of a village head's office PC."""
    driver = chromium(tmp_path / "profile", *request.param)
    yield driver
    driver.quit()
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def snap(driver, shots: Path, name: str) -> None:
    """The page as a person sees it at this size, and its whole length beside it."""
    driver.save_screenshot(str(shots / f"{name}-{driver.size}.png"))
    problems = [
        entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")
    ]
    assert not problems, problems  # no CSP refusal, no missing asset, no script error


def click_and_wait(driver, element) -> None:
    """Click something that loads a new page, and wait until the new page is there."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(page))


def log_in(driver, url: str, username: str, password: str | None = None) -> None:
    driver.get(url + "/office/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password or password_of(username))
    driver.find_element(By.CSS_SELECTOR, "main form button").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_changes(url + "/office/login/"))


def test_login_and_the_inbox_of_the_simulated_kiosk(served, browser, shots):
    central, journal, _ = served
    browser.get(central.url + "/office/login/")
    snap(browser, shots, "login")
    log_in(browser, central.url, "op-kemiren")
    assert browser.current_url == central.url + "/office/"
    snap(browser, shots, "inbox")
    delivered = {row["reference"] for row in journal if row["service"] != "antrian"}
    listed = {cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "td.ref a")}
    assert listed and listed <= delivered
    count = browser.find_element(By.CSS_SELECTOR, "p.lead").text
    assert count.startswith(f"{len(delivered)} permohonan")
    masked = browser.find_elements(By.CSS_SELECTOR, "td.mono")
    assert all("******" in cell.text or cell.text == "—" for cell in masked)
    # Filter by service: only that service's requests remain.
    browser.find_element(By.CSS_SELECTOR, "select[name=service] option[value=rtlh]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")
    assert rows and {row.text for row in rows} == {"Lapor Rumah Tidak Layak Huni"}


def test_a_correction_asked_in_the_office_shows_at_the_kiosk(served, browser, shots):
    central, journal, kiosk_data = served
    letters = [row["reference"] for row in journal if row["service"] in LETTERS]
    reference = str(letters[SIZES.index(tuple(map(int, browser.size.split("x"))))])
    log_in(browser, central.url, "op-kemiren")
    browser.find_element(By.NAME, "q").send_keys(reference)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, reference))
    snap(browser, shots, "request")
    browser.find_element(By.CSS_SELECTOR, "input[name=target][value=needs_correction]").click()
    # The page's script marks the message as needed for this status (and only works if
    # the Content-Security-Policy lets central's own script run).
    assert browser.find_element(By.CSS_SELECTOR, "[data-note-required]").is_displayed()
    browser.find_element(By.NAME, "note_id").send_keys("Bawa fotokopi KK dan KTP")
    browser.find_element(By.NAME, "note_en").send_keys("Bring copies of your KK and KTP")
    snap(browser, shots, "request-status-form")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[data-needs-note] button"))
    notice = browser.find_element(By.CSS_SELECTOR, ".messages .success").text
    assert reference in notice and "Perlu perbaikan" in notice
    snap(browser, shots, "request-after")
    # The simulated kiosk's own journal and client, as its Cek Status screen uses them.
    settings = CentralSettings(central.url, KIOSK_A.kiosk_id, KIOSK_A.secret)
    client = CentralClient(settings)
    journal_db = Journal(kiosk_data / "journal.sqlite", ManualClock())
    try:
        seen = StatusChecker(client, journal_db, CatalogKeeper(load_catalog_files())).check(
            reference, None
        )
        message = client.request("GET", f"/v1/transactions/{reference}").json()["message"]
    finally:
        client.close()
        journal_db.close()
    assert seen.result is StatusResult.FOUND
    assert (seen.state, seen.state_text.id, seen.state_text.en) == (
        "needs_correction",
        "Perlu perbaikan",
        "Needs correction",
    )
    assert "Bawa fotokopi KK dan KTP" in message["id"]
    assert "Bring copies of your KK and KTP" in message["en"]


def test_the_poverty_page(served, browser, shots):
    central, journal, _ = served
    log_in(browser, central.url, "ugd-siti")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Kemiskinan"))
    snap(browser, shots, "poverty")
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.chart g title")
    assert len(bars) == 9  # the catalog's nine causes, each with its bar
    reports = [row for row in journal if row["service"] in ("warga_miskin", "rtlh", "surat_miskin")]
    total = browser.find_element(By.CSS_SELECTOR, ".summary .figure strong").text
    assert int(total) == len(reports)
    link = browser.find_element(By.LINK_TEXT, "Unduh CSV").get_attribute("href")
    assert link.startswith(central.url + "/office/poverty/export.csv")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=en]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Poverty reports by cause"
    snap(browser, shots, "poverty-en")


def test_the_fleet_page(served, browser, shots):
    central, _, _ = served
    log_in(browser, central.url, "admin-kominfo")
    assert browser.current_url == central.url + "/office/fleet/"
    snap(browser, shots, "fleet")
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    first, *others = (row.text for row in rows)
    # The kiosk never heard from stands out at the top; the simulated one reported its devices.
    assert KIOSK_B.kiosk_id in first and "Belum pernah mengirim kabar" in first
    simulated = next(text for text in others if KIOSK_A.kiosk_id in text)
    assert "Daring" in simulated and "Baik" in simulated


def test_the_complaints_and_accounts_pages(served, browser, shots):
    central, _, _ = served
    log_in(browser, central.url, "op-kemiren")
    browser.get(central.url + "/office/complaints/")
    snap(browser, shots, "complaints")
    assert browser.find_elements(By.CSS_SELECTOR, "td.ref a")
    browser.delete_all_cookies()
    log_in(browser, central.url, "admin-kominfo")
    browser.get(central.url + "/office/staff/")
    snap(browser, shots, "staff")
    browser.get(central.url + "/office/audit/")
    snap(browser, shots, "audit")
    assert "op-kemiren" in browser.find_element(By.TAG_NAME, "tbody").text


#: The password every account of the letters' central has (tests.helpers.letters).
LETTERS_PASSWORD = "a long password for tests 2026"


@pytest.fixture(scope="module")
def letters_world(tmp_path_factory) -> Iterator[LettersWorld]:
    with letters_central(tmp_path_factory.mktemp("office-letters"), SqliteBackend()) as world:
        yield world


def scrolled_to(driver, selector: str) -> Any:
    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
    return element


def test_verified_signed_verified_publicly_then_revoked(letters_world, signing_browser, shots):
    world, browser = letters_world, signing_browser
    url = world.central.url
    reference = world.submit("KMR-01", "sktm")
    # The operator verifies the request.
    log_in(browser, url, "op.kemiren", LETTERS_PASSWORD)
    browser.get(f"{url}/office/requests/{reference}/")
    browser.find_element(By.CSS_SELECTOR, "input[name=target][value=verified]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[data-needs-note] button"))
    assert "Belum ditandatangani" in browser.find_element(By.ID, "letter-state").text
    assert not browser.find_elements(By.ID, "sign-one")  # the operator does not sign
    browser.delete_all_cookies()

    # The head finds it among the letters to sign, and signs it alone.
    log_in(browser, url, "kades.kemiren", LETTERS_PASSWORD)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Tanda tangan"))
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=references]"):
        if (box.get_attribute("value") == reference) != box.is_selected():
            box.click()
    browser.find_element(By.NAME, "passphrase").send_keys("bukan frasa sandinya")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.signing button"))
    assert "Frasa sandi kunci tanda tangan salah" in browser.find_element(By.ID, "sign-error").text
    assert browser.find_element(By.NAME, "passphrase").get_attribute("value") == ""
    # The refused form answered 400, which the console notes: that, and nothing else.
    logged = browser.get_log("browser")
    assert all("/office/letters/sign" in entry["message"] for entry in logged), logged
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=references]"):
        if (box.get_attribute("value") == reference) != box.is_selected():
            box.click()
    browser.find_element(By.NAME, "passphrase").send_keys(PASSPHRASE)
    snap(browser, shots, "letters-signing")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.signing button"))
    assert "surat ditandatangani" in browser.find_element(By.CSS_SELECTOR, ".messages").text

    browser.get(f"{url}/office/requests/{reference}/")
    scrolled_to(browser, "#letter")
    snap(browser, shots, "letter-section")
    number = browser.find_element(By.ID, "letter-number").text
    link = browser.find_element(By.ID, "letter-link").get_attribute("href")
    assert link.startswith(f"{url}/v/")
    browser.get(link)
    assert "Surat ini ASLI" in browser.find_element(By.TAG_NAME, "main").text
    assert number in browser.page_source
    browser.save_screenshot(str(shots / f"verify-genuine-{browser.size}.png"))

    # The head revokes it with a reason; the public page then says so.
    browser.get(f"{url}/office/requests/{reference}/")
    click_and_wait(browser, scrolled_to(browser, "#letter-revoke"))
    browser.find_element(By.NAME, "reason").send_keys("Nama anak tertulis salah")
    snap(browser, shots, "letter-revoke")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button.danger"))
    assert "dicabut" in browser.find_element(By.CSS_SELECTOR, ".messages .success").text
    assert browser.find_element(By.ID, "letter-state").text == "Dicabut"
    browser.get(link)
    verdict = browser.find_element(By.TAG_NAME, "main").text
    assert "Surat ini sudah DICABUT" in verdict and "Nama anak tertulis salah" in verdict
    browser.save_screenshot(str(shots / f"verify-revoked-{browser.size}.png"))


def test_the_operator_allows_another_print_of_a_collected_letter(
    letters_world, signing_browser, shots
):
    world, browser = letters_world, signing_browser
    url = world.central.url
    reference = world.verified("KMR-01", "domisili")
    world.sign(reference)
    with world.kiosk("KMR-02") as session:
        # The citizen's print, then one more by the kiosk's technician (contract 1.4).
        for extra in ({}, {"extra_copy": "technician"}):
            printed = session.post(
                f"{url}/v1/transactions/{reference}/letter/collected",
                json={"at": "2026-12-04T09:00:00+07:00", **extra},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
            assert printed.status_code == 201, printed.text
    log_in(browser, url, "op.kemiren", LETTERS_PASSWORD)
    browser.get(f"{url}/office/requests/{reference}/")
    assert browser.find_element(By.ID, "letter-state").text == "Sudah dicetak"
    prints = browser.find_elements(By.CSS_SELECTOR, "#letter-prints li")
    assert [("teknisi" in item.text) for item in prints] == [False, True]
    scrolled_to(browser, "#allow-copy")
    browser.find_element(By.CSS_SELECTOR, "#allow-copy textarea").send_keys(
        "Surat hilang saat pindah rumah"
    )
    snap(browser, shots, "letter-allow-copy")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#allow-copy button"))
    assert "boleh dicetak sekali lagi" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    assert browser.find_element(By.ID, "letter-state").text == "Siap dicetak di anjungan"
    history = browser.find_element(By.ID, "history").find_element(By.XPATH, "..").text
    assert "Mengizinkan satu cetak lagi" in history and "Surat hilang saat pindah rumah" in history
    snap(browser, shots, "letter-allowed")
