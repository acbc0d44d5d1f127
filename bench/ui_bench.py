"""UI figures: cold start to the first frame, idle memory, tap latency, the soak, and the bundle.

The kiosk runs as it does on a kiosk: its own process (``python -m ui``, or the bundle's
``dist/kiosk/kiosk``), a real X window on a private Xvfb, simulated devices, its own data
folder. It tells us it showed its first frame the way it tells systemd: ``READY=1`` on
``$NOTIFY_SOCKET`` (``ui/watchdog.py``), so cold start is from ``exec`` to that datagram.

Both Qt Quick renderers are measured: ``software`` (QT_QUICK_BACKEND=software, the CPU
rasteriser) and ``opengl`` (QSG_RHI_BACKEND=opengl; on this machine Mesa's llvmpipe, a
CPU implementation of OpenGL, since there is no GPU). Tap latency and the soak run inside
a worker process (``bench/ui_worker.py``) that drives the real QML.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure, percentile

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "kiosk"
RENDERERS = {
    "software": {"QT_QUICK_BACKEND": "software"},
    # QT_QUICK_BACKEND=rhi overrides the app's default (software), as a unit file could.
    "opengl": {
        "QT_QUICK_BACKEND": "rhi",
        "QSG_RHI_BACKEND": "opengl",
        "LIBGL_ALWAYS_SOFTWARE": "1",
    },
}
SIZE = "1080x1920"
COLD_RUNS = 5
IDLE_SECONDS = 5.0
SOAK_SESSIONS = 5000

COLD_BUDGET_S = 0.5
PSS_BUDGET_MB = 120.0
TAP_BUDGET_MS = 50.0
SOAK_BUDGET_MB = 10.0
BUNDLE_BUDGET_MB = 250.0


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """A private virtual screen (1080x1920, GLX on) for real windows; yields its DISPLAY."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)


def _kiosk_env(data_dir: Path, display: str, renderer: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "KIOSK_DATA_DIR": str(data_dir),
        "XDG_CACHE_HOME": str(data_dir / "cache"),
        # Bytecode is cached as on an installed kiosk (pip compiles it, the bundle ships it):
        # the warm-up start writes it here, like the QML disk cache.
        "PYTHONPYCACHEPREFIX": str(data_dir / "pycache"),
        "KIOSK_LOGGING_LEVEL": "WARNING",
        **RENDERERS[renderer],
    }
    for name in (
        "KIOSK_CONFIG",
        "QT_QUICK_BACKEND",
        "QSG_RHI_BACKEND",
        "WAYLAND_DISPLAY",
        "PYTHONDONTWRITEBYTECODE",  # set on developers' machines; a kiosk compiles once
    ):
        if name not in RENDERERS[renderer]:
            env.pop(name, None)
    return env


def _memory_mb(pid: int) -> dict[str, float]:
    """PSS (shared libraries counted by their share, as ``smem`` does), RSS and USS in MB.

    PSS depends on what else maps the same libraries (other Qt processes on the machine
    lower it), so USS, the process's private pages, is recorded beside it.
    """
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Pss", "Rss", "Private_Clean", "Private_Dirty"):
            fields[name] = int(rest.split()[0]) / 1024
    if "Pss" not in fields:
        raise RuntimeError(f"no Pss in /proc/{pid}/smaps_rollup")
    return {
        "pss": fields["Pss"],
        "rss": fields.get("Rss", 0.0),
        "uss": fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0),
    }


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_to_ready(
    command: list[str], env: dict[str, str], idle: float = 0.0
) -> tuple[float, dict[str, float] | None, float]:
    """Seconds from exec to ``READY=1``, after ``idle`` more seconds its memory, and the
    CPU seconds the kiosk used up to ``READY=1`` (steadier than wall time on a shared machine).
    """
    address = f"\0kiosk-bench-{uuid.uuid4().hex[:12]}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(address)
        listener.settimeout(60)
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "NOTIFY_SOCKET": "@" + address[1:]},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            while True:
                try:
                    message = listener.recv(4096).decode()
                except TimeoutError:
                    process.kill()
                    _, err = process.communicate()
                    raise RuntimeError(
                        f"no READY=1 within 60 s: {err.decode(errors='replace')[-800:]}"
                    ) from None
                if "READY=1" in message.splitlines():
                    ready = time.perf_counter() - started
                    cpu = _cpu_seconds(process.pid)
                    break
            memory = None
            if idle:
                time.sleep(idle)
                memory = _memory_mb(process.pid)
        finally:
            process.terminate()
            process.communicate(timeout=30)
    return ready, memory, cpu


def _cold(
    command: list[str], display: str, renderer: str
) -> tuple[list[float], dict[str, float], list[float]]:
    times = []
    cpus = []
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        env = _kiosk_env(Path(folder), display, renderer)
        start_to_ready(command, env)  # warm the page cache and the QML disk cache once
        for run in range(COLD_RUNS):
            ready, idle_memory, cpu = start_to_ready(
                command, env, IDLE_SECONDS if run == COLD_RUNS - 1 else 0.0
            )
            times.append(ready)
            cpus.append(cpu)
            if idle_memory is not None:
                memory = idle_memory
    return times, memory, cpus


def _load() -> str:
    """The machine's load when a figure was taken: other work on the 2 cores slows a start."""
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _qt_processes() -> int:
    """Processes (besides the bench's kiosk) that have Qt's core library mapped."""
    count = 0
    for maps in Path("/proc").glob("[0-9]*/maps"):
        with contextlib.suppress(OSError):
            if "libQt6Core" in maps.read_text():
                count += 1
    return count


def _worker(task: str, display: str, renderer: str, *args: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        env = _kiosk_env(Path(folder), display, renderer)
        result = subprocess.run(
            [sys.executable, "-m", "bench.ui_worker", task, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=4 * 3600,
        )
    if result.returncode != 0:
        raise RuntimeError(f"bench.ui_worker {task} failed: {result.stderr[-1500:]}")
    data: dict[str, object] = json.loads(result.stdout)
    return data


def startup_and_memory() -> dict[str, Figure]:
    """Cold start to the first frame and idle PSS, with each renderer, on a private Xvfb."""
    figures: dict[str, Figure] = {}
    command = [sys.executable, "-m", "ui", "--windowed", "--size", SIZE]
    with xvfb() as display:
        for renderer in RENDERERS:
            api = _worker("probe", display, renderer)["graphics_api"]
            load = _load()
            times, memory, cpus = _cold(command, display, renderer)
            note = (
                f"median of {COLD_RUNS} starts after one warm-up (min {min(times):.3f}, "
                f"max {max(times):.3f} s); exec to READY=1 at the first frame; "
                f"python -m ui, {SIZE} window on Xvfb, Qt Quick graphics API {api}; "
                f"kiosk CPU to READY=1 median {statistics.median(cpus):.3f} s; {load}"
            )
            figures[f"cold_start_first_frame_{renderer}"] = Figure(
                round(statistics.median(times), 3), "s", COLD_BUDGET_S, note=note
            )
            figures[f"idle_pss_{renderer}"] = Figure(
                round(memory["pss"], 1),
                "MB",
                PSS_BUDGET_MB,
                note=f"PSS {IDLE_SECONDS:g} s after the first frame, attract screen "
                f"(/proc/PID/smaps_rollup); graphics API {api}; RSS {memory['rss']:.1f} MB, "
                f"USS (private) {memory['uss']:.1f} MB; PSS is lower while other processes "
                f"map the same Qt libraries ({_qt_processes()} Qt processes running)",
            )
    return figures


def tap_latency() -> dict[str, Figure]:
    """Tap on the attract screen to the next frame on screen, p95, with each renderer."""
    figures: dict[str, Figure] = {}
    with xvfb() as display:
        for renderer in RENDERERS:
            data = _worker("tap", display, renderer, "--size", SIZE)
            samples = [float(s) for s in data["samples_ms"]]  # type: ignore[attr-defined]
            figures[f"tap_to_frame_p95_{renderer}"] = Figure(
                round(percentile(samples, 0.95), 2),
                "ms",
                TAP_BUDGET_MS,
                note=f"{len(samples)} taps attract -> home in a {SIZE} window on Xvfb; from "
                f"the press to the first frameSwapped showing the home screen "
                f"(p50 {percentile(samples, 0.5):.2f} ms); graphics API {data['graphics_api']}",
            )
    return figures


def soak(sessions: int = SOAK_SESSIONS) -> dict[str, Figure]:
    """``sessions`` citizens through the real QML: RSS growth and live QObjects, software."""
    with xvfb() as display:
        data = _worker("soak", display, "software", "--sessions", str(sessions))
    growth = float(data["rss_growth_mb"])  # type: ignore[arg-type]
    done = int(data["sessions"])  # type: ignore[call-overload]
    note = (
        f"{done} queue-ticket sessions through the real QML (tap start, service, counter, "
        f"print, done, back to attract) with a shifted clock, in {data['seconds']:.0f} s; "
        f"RSS {data['rss_start_mb']:.1f} -> {data['rss_end_mb']:.1f} MB after a "
        f"{data['warmup']}-session warm-up; software renderer"
    )
    budget = SOAK_BUDGET_MB * done / SOAK_SESSIONS
    return {
        "soak_rss_growth": Figure(round(growth, 2), "MB", round(budget, 2), note=note),
        "soak_live_qobjects_growth": Figure(
            float(data["qobjects_growth"]),  # type: ignore[arg-type]
            "QObjects",
            0.0,
            note=f"QObjects reachable from the application, the QML engine and the window "
            f"(findChildren): {data['qobjects_start']} after warm-up, {data['qobjects_end']} "
            f"at the end",
        ),
    }


def bundle() -> dict[str, Figure]:
    """Size of ``dist/kiosk`` and its cold start; 'not built' when it is missing."""
    executable = BUNDLE / "kiosk"
    if not executable.is_file():
        note = "not built: run `make bundle` first"
        return {
            "bundle_size": Figure(0.0, "MB", BUNDLE_BUDGET_MB, note=note, status="not built"),
            "bundle_cold_start": Figure(0.0, "s", COLD_BUDGET_S, note=note, status="not built"),
        }
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    size_mb = round(size / 2**20, 1)
    try:
        with xvfb() as display:
            times, memory, cpus = _cold(
                [str(executable), "--windowed", "--size", SIZE], display, "software"
            )
    except RuntimeError as error:
        return {
            "bundle_size": Figure(
                size_mb, "MB", BUNDLE_BUDGET_MB, note="dist/kiosk, files on disk"
            ),
            "bundle_cold_start": Figure(
                0.0, "s", COLD_BUDGET_S, note=str(error)[-400:], status="did not start"
            ),
        }
    return {
        "bundle_size": Figure(size_mb, "MB", BUNDLE_BUDGET_MB, note="dist/kiosk, files on disk"),
        "bundle_cold_start": Figure(
            round(statistics.median(times), 3),
            "s",
            COLD_BUDGET_S,
            note=f"dist/kiosk/kiosk, median of {COLD_RUNS} starts to READY=1 after a warm-up "
            f"(min {min(times):.3f}, max {max(times):.3f} s); software renderer; "
            f"idle PSS {memory['pss']:.1f} MB; CPU to READY=1 median "
            f"{statistics.median(cpus):.3f} s",
        ),
    }
