"""Drives the real kiosk UI in this process for ``bench/ui_bench.py``; prints one JSON object.

    python -m bench.ui_worker probe                 # which graphics API Qt Quick uses
    python -m bench.ui_worker tap [--taps N]        # tap on attract -> next frame, per tap (ms)
    python -m bench.ui_worker soak --sessions N     # N queue-ticket sessions: RSS, QObjects
    python -m bench.ui_worker waiting --seconds S   # CPU and frames on the idle warning, done

The platform and renderer come from the environment the bench sets (Xvfb, software or
OpenGL); data goes to ``$KIOSK_DATA_DIR``. Devices are the simulators.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow

from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from kiosk.session import Screen
from tests.helpers.qml import find_item, iter_items, tap
from ui.app import KioskApp, LaunchOptions, gui_application

WARMUP_SESSIONS = 50
PAGE = os.sysconf("SC_PAGE_SIZE")


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the UI did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _build(size: tuple[int, int]) -> tuple[QGuiApplication, KioskApp, ShiftedClock]:
    qt_app = gui_application(["kiosk-bench"])
    clock = ShiftedClock()
    kiosk = KioskApp(load_config(), LaunchOptions(windowed=True, size=size, simulated=True), clock)
    kiosk.build(qt_app)
    kiosk.show()
    assert kiosk.window is not None
    window = kiosk.window
    _wait(lambda: find_item(window, "attractScreen") is not None)
    return qt_app, kiosk, clock


def _wait_tappable(window: QQuickWindow, object_name: str) -> None:
    """Until the item is shown and laid out: a window on X gets its size a moment after show."""

    def ready() -> bool:
        item = find_item(window, object_name)
        return item is not None and item.width() >= 1 and item.height() >= 1

    _wait(ready)


def _graphics_api(window: QQuickWindow) -> str:
    interface = window.rendererInterface()
    return interface.graphicsApi().name if interface is not None else "unknown"


def probe(size: tuple[int, int]) -> dict[str, object]:
    """The graphics API in use once a frame has been shown."""
    _, kiosk, _ = _build(size)
    assert kiosk.window is not None
    swapped: list[float] = []
    kiosk.window.frameSwapped.connect(
        lambda: swapped.append(time.perf_counter()), Qt.ConnectionType.QueuedConnection
    )
    kiosk.window.update()
    _wait(lambda: bool(swapped))
    api = _graphics_api(kiosk.window)
    kiosk.shutdown()
    return {"graphics_api": api}


def tap_latency(size: tuple[int, int], taps: int) -> dict[str, object]:
    """From the press on attract to the first swapped frame that holds the home screen."""
    _, kiosk, _ = _build(size)
    window = kiosk.window
    assert window is not None
    loader = next(i for i in iter_items(window.contentItem()) if i.objectName() == "screenLoader")
    state: dict[str, float | None] = {"loaded": None, "synced": None, "swapped": None}

    def on_loaded() -> None:
        item = loader.property("item")
        if isinstance(item, QQuickItem) and item.objectName() == "homeScreen":
            state["loaded"] = time.perf_counter()

    def on_synced() -> None:
        if state["loaded"] is not None and state["synced"] is None:
            state["synced"] = time.perf_counter()

    def on_swapped() -> None:
        if state["synced"] is not None and state["swapped"] is None:
            state["swapped"] = time.perf_counter()

    loader.loaded.connect(on_loaded)
    # Queued to the GUI thread: a Python slot run directly on Qt's render thread would wait
    # for the GIL while the GUI thread holds it waiting for that thread (a deadlock). The
    # times are taken when the GUI thread sees the signals, so they can only be later.
    queued = Qt.ConnectionType.QueuedConnection
    window.afterSynchronizing.connect(on_synced, queued)
    window.frameSwapped.connect(on_swapped, queued)
    samples: list[float] = []
    for run in range(taps + 5):
        _wait(lambda: find_item(window, "attractScreen") is not None)
        _settle(0.05)
        state.update(loaded=None, synced=None, swapped=None)
        started = time.perf_counter()
        tap(window, "startArea")
        _wait(lambda: state["swapped"] is not None)
        swapped = state["swapped"]
        assert swapped is not None
        if run >= 5:  # the first taps compile and cache the home screen
            samples.append((swapped - started) * 1000)
        kiosk.session_backend.end()
    api = _graphics_api(window)
    kiosk.shutdown()
    return {"samples_ms": samples, "graphics_api": api}


def _settle(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _idle(seconds: float) -> None:
    """Run Qt's event loop for ``seconds`` with nothing else to do (``_settle`` polls)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def waiting(size: tuple[int, int], seconds: float) -> dict[str, object]:
    """CPU and swapped frames while the idle warning, then the done screen, waits untouched.

    The warning and the done screen are given two minutes (``KIOSK_UI_*`` variables, read by
    ``_build``), so neither times out while it is measured.
    """
    _, kiosk, clock = _build(size)
    window = kiosk.window
    assert window is not None
    frames: list[float] = []
    # Queued, as in tap_latency: never a Python slot on the render thread.
    window.frameSwapped.connect(
        lambda: frames.append(time.perf_counter()), Qt.ConnectionType.QueuedConnection
    )

    def measure() -> dict[str, object]:
        _idle(1.0)  # the screen's first frames
        frames.clear()
        cpu, begin = time.process_time(), time.perf_counter()
        _idle(seconds)
        cpu, end = time.process_time() - cpu, time.perf_counter()
        return {"cpu": cpu, "seconds": end - begin, "frames": [t - begin for t in frames]}

    results: dict[str, object] = {}
    _wait_tappable(window, "startArea")
    tap(window, "startArea")
    _wait(lambda: kiosk.session.screen is Screen.HOME)
    clock.advance(kiosk.config.ui.idle_seconds + 1)
    _wait(lambda: kiosk.session.screen is Screen.IDLE_WARNING)
    results["idle_warning"] = measure()
    tap(window, "idleContinue")
    for name in ("service_antrian", "counter_A"):
        _wait_tappable(window, name)
        tap(window, name)
    _wait(lambda: kiosk.session.screen is Screen.DONE)
    results["done"] = measure()
    kiosk.shutdown()
    return results


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def _qobjects(qt_app: QGuiApplication, kiosk: KioskApp) -> int:
    roots: list[QObject] = [qt_app]
    if kiosk.engine is not None:
        roots.append(kiosk.engine)
    if kiosk.window is not None:
        roots.append(kiosk.window)
    count = sum(len(root.findChildren(QObject)) for root in roots)
    if kiosk.window is not None:
        count += sum(1 for _ in iter_items(kiosk.window.contentItem()))
    return count


def soak(size: tuple[int, int], sessions: int) -> dict[str, object]:
    """Queue-ticket sessions one after another through the real QML and the simulated printer."""
    qt_app, kiosk, clock = _build(size)
    window = kiosk.window
    assert window is not None

    def one_session() -> None:
        for name in ("startArea", "service_antrian", "counter_A"):
            _wait_tappable(window, name)
            tap(window, name)
        _wait(lambda: kiosk.session.screen is Screen.DONE)
        _wait_tappable(window, "doneFinish")
        tap(window, "doneFinish")
        _wait(lambda: kiosk.session.screen is Screen.ATTRACT)
        clock.advance(60)  # a minute between citizens; days pass over the soak

    for _ in range(min(WARMUP_SESSIONS, sessions)):
        one_session()
    gc.collect()
    _settle(0.3)
    rss_start, objects_start = _rss_mb(), _qobjects(qt_app, kiosk)
    started = time.monotonic()
    for _ in range(sessions):
        one_session()
    seconds = time.monotonic() - started
    gc.collect()
    _settle(0.3)
    rss_end, objects_end = _rss_mb(), _qobjects(qt_app, kiosk)
    issued = len(kiosk.journal.entries(issued_only=True))
    kiosk.shutdown()
    return {
        "sessions": sessions,
        "warmup": min(WARMUP_SESSIONS, sessions),
        "issued": issued,
        "seconds": seconds,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "rss_growth_mb": rss_end - rss_start,
        "qobjects_start": objects_start,
        "qobjects_end": objects_end,
        "qobjects_growth": objects_end - objects_start,
    }


def main(argv: list[str] | None = None) -> int:
    """Run one task and print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.ui_worker")
    parser.add_argument("task", choices=("probe", "tap", "soak", "waiting"))
    parser.add_argument("--size", default="1080x1920")
    parser.add_argument("--taps", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    Path(os.environ["KIOSK_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    if args.task == "probe":
        result = probe((width, height))
    elif args.task == "tap":
        result = tap_latency((width, height), args.taps)
    elif args.task == "waiting":
        for timing in ("KIOSK_UI_IDLE_WARNING_SECONDS", "KIOSK_UI_DONE_SECONDS"):
            os.environ[timing] = "120"
        result = waiting((width, height), args.seconds)
    else:
        result = soak((width, height), args.sessions)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
