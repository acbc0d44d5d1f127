"""Large text, high contrast and read-aloud: what is read, the real voice, and the reset.

The voice tests use a real speech-dispatcher with espeak-ng, started privately for the
test and playing into libao's null device (this machine has no sound card). Where the
Debian packages are missing the real-engine test is skipped with the reason; the
no-engine paths always run, against Qt's real plugin loader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtTextToSpeech import QTextToSpeech

from drivers.base import PrinterStatus, PrinterStatusChanged
from drivers.simulated import SimulatedPrinter
from tests.unit.ui.accessibility_parts import Parts, build, teardown
from ui.backends.accessibility import AccessibilityBackend
from ui.backends.speech import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    MOCK_ENGINE,
    pick_engine,
    spell,
)

SPEECHD = shutil.which("speech-dispatcher")
SPEECHD_CONFIG = Path("/etc/speech-dispatcher")


@pytest.fixture
def speech_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private speech-dispatcher whose audio goes to libao's null device."""
    if SPEECHD is None or not SPEECHD_CONFIG.is_dir():
        pytest.skip("speech-dispatcher is not installed (apt: speech-dispatcher-espeak-ng)")
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("this Qt build has no speechd text-to-speech plugin")
    home = tmp_path / "speechd"
    config_dir = home / "config"
    shutil.copytree(SPEECHD_CONFIG, config_dir)
    with (config_dir / "speechd.conf").open("a") as conf:
        conf.write('\nAudioOutputMethod "libao"\nDefaultModule espeak-ng\n')
    (home / ".libao").write_text("default_driver=null\n")
    (home / "log").mkdir()
    socket = home / "speechd.sock"
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home)}
    process = subprocess.Popen(
        [
            SPEECHD,
            "-s",
            "-t",
            "0",
            "-c",
            "unix_socket",
            "-S",
            str(socket),
            "-C",
            str(config_dir),
            "-L",
            str(home / "log"),
            "-P",
            str(home / "pid"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert socket.exists(), f"speech-dispatcher did not start (exit {process.poll()})"
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
    yield socket
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def take_number(parts: Parts) -> str:
    """Run the queue flow through the real issuer (in place); returns the counter's code."""
    service = parts.queue_service()
    counter = service.counters[0].code
    if parts.backend.screen == "attract":
        parts.session.start()
    parts.session.choose_service(service)
    assert parts.core.issuer.take_ticket(parts.session, counter)
    return counter


# What is read ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_home_reads_every_service_in_the_session_language(parts: Parts, language: str) -> None:
    parts.session.start()
    parts.session.set_language(language)
    text = parts.access.screenText()
    assert text.startswith("Pilih layanan" if language == "id" else "Choose a service")
    for service in parts.core.services:
        assert service.title.get(language) in text


def test_counter_screen_reads_each_counter(parts: Parts) -> None:
    service = parts.queue_service()
    parts.session.start()
    parts.session.choose_service(service)
    text = parts.access.screenText()
    for counter in service.counters:
        assert f"Loket {counter.code}: {counter.name.get('id')}" in text


def test_done_screen_reads_the_number_and_then_the_receipt(parts: Parts) -> None:
    code = take_number(parts)
    number = parts.session.data.outcome.number if parts.session.data.outcome else ""
    counter = parts.queue_service().counter(code)
    screen = parts.access.screenText()
    receipt = parts.access.receiptText()
    assert f"Nomor Anda: {spell(number)}." in screen
    assert counter.location.get("id") in screen
    assert receipt.startswith("Isi struk:")
    assert parts.config.kiosk.name in receipt
    assert f"Loket: {counter.name.get('id')}." in receipt
    assert spell(number) in receipt
    # The QR is a picture for scanners: its payload is read once, as the printed line.
    reference = parts.session.data.outcome.reference if parts.session.data.outcome else ""
    assert receipt.count(reference) == 1


def test_a_number_without_its_receipt_reads_why_and_the_check_code(parts: Parts) -> None:
    printer = parts.core.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_OUT)
    parts.backend.on_device_event(PrinterStatusChanged(PrinterStatus.PAPER_OUT, ""))
    parts.session.start()
    home = parts.access.screenText()
    assert "Kertas struk habis. Nomor dan kode cek Anda akan tampil di layar." in home
    take_number(parts)
    outcome = parts.session.data.outcome
    assert outcome is not None and not outcome.printed
    screen = parts.access.screenText()
    assert "Struk tidak tercetak. Kertas struk habis." in screen
    assert f"Kode cek: {spell(outcome.check_code)}." in screen


def test_no_receipt_to_read_before_an_outcome(parts: Parts) -> None:
    parts.session.start()
    assert parts.access.receiptText() == ""


def test_spell_reads_a_ticket_one_sign_at_a_time() -> None:
    assert spell("A-B012") == "A B 0 1 2"


# Reset per citizen -----------------------------------------------------------------------


def choose_everything(access: AccessibilityBackend) -> None:
    access.setLargeText(True)
    access.setHighContrast(True)
    access.setVolume(0.2)
    access.setRate(0.5)
    assert (access.largeText, access.highContrast, access.volume, access.rate) == (
        True,
        True,
        0.2,
        0.5,
    )


def defaults(access: AccessibilityBackend) -> tuple[bool, bool, float, float]:
    return (access.largeText, access.highContrast, access.volume, access.rate)


def test_settings_last_through_the_session(parts: Parts) -> None:
    parts.session.start()
    choose_everything(parts.access)
    parts.session.choose_service(parts.queue_service())
    parts.session.back()
    assert defaults(parts.access) == (True, True, 0.2, 0.5)


def test_settings_reset_when_the_citizen_finishes(parts: Parts) -> None:
    parts.session.start()
    choose_everything(parts.access)
    take_number(parts)
    parts.session.end()
    assert defaults(parts.access) == (False, False, DEFAULT_VOLUME, DEFAULT_RATE)


def test_settings_reset_when_the_session_times_out(parts: Parts) -> None:
    parts.session.start()
    choose_everything(parts.access)
    parts.clock.advance(parts.config.ui.idle_seconds)
    parts.session.tick()
    assert parts.backend.screen == "idle_warning"
    assert parts.access.largeText  # the warning still protects the citizen's choice
    parts.clock.advance(parts.config.ui.idle_warning_seconds)
    parts.session.tick()
    assert parts.backend.screen == "attract"
    assert defaults(parts.access) == (False, False, DEFAULT_VOLUME, DEFAULT_RATE)


# The voice -------------------------------------------------------------------------------


def test_the_mock_engine_is_never_chosen_by_itself() -> None:
    assert pick_engine([MOCK_ENGINE]) is None
    assert pick_engine([MOCK_ENGINE, "flite"]) == "flite"
    assert pick_engine(["flite", "speechd"]) == "speechd"
    assert pick_engine(["speechd"], configured="flite") is None


def test_a_missing_engine_hides_read_aloud_and_reading_is_harmless(parts: Parts) -> None:
    access = parts.access
    assert not access.speechInstalled
    assert not access.speechAvailable
    assert "no-such-engine" in access.speechReason
    parts.session.start()
    access.readScreen()
    access.toggleReading()
    assert access.speechState == "unavailable"
    assert not access.speaking


def test_an_engine_that_cannot_open_disables_read_aloud_with_the_reason(
    qapp: QCoreApplication, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("this Qt build has no speechd text-to-speech plugin")
    # A speech-dispatcher address where nothing listens: the real plugin fails to connect
    # (or fails to load when libspeechd is not installed). Either way: a status, no crash.
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'nobody.sock'}")
    parts = build(qapp, tmp_path, engine="speechd")
    try:
        assert parts.access.speechInstalled
        parts.session.start()
        parts.access.readScreen()
        qtbot.waitUntil(lambda: parts.access.speechState == "unavailable", timeout=20_000)
        assert not parts.access.speechAvailable
        assert parts.access.speechReason.startswith("speechd:")
    finally:
        teardown(parts)


def test_read_aloud_speaks_through_a_real_engine_and_stops(
    qapp: QCoreApplication, qtbot, tmp_path: Path, speech_dispatcher: Path
) -> None:
    parts = build(qapp, tmp_path, engine="speechd")
    access = parts.access
    try:
        parts.session.start()
        states: list[str] = []
        access.speechChanged.connect(lambda: states.append(access.speechState))
        access.readScreen()
        qtbot.waitUntil(lambda: access.speechState == "speaking", timeout=30_000)
        assert states[:1] == ["opening"]
        access.toggleReading()  # the same button stops it
        qtbot.waitUntil(lambda: access.speechState == "ready", timeout=10_000)
        access.setVolume(0.5)
        access.readReceipt()  # nothing to read before an outcome: stays ready
        assert access.speechState == "ready"
        take_number(parts)
        access.readReceipt()
        qtbot.waitUntil(lambda: access.speechState == "speaking", timeout=10_000)
        parts.session.end()  # leaving the screen stops reading and resets the volume
        qtbot.waitUntil(lambda: access.speechState == "ready", timeout=10_000)
        assert access.volume == DEFAULT_VOLUME
    finally:
        teardown(parts)
