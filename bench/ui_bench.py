"""UI figures: cold start to the first frame, idle memory, tap latency, the soak, and the bundle.

The kiosk runs as it does on a kiosk: its own process (``python -m ui``, or the bundle's
``dist/kiosk/kiosk``), a real X window on a private Xvfb, simulated devices, its own data
folder. It tells us it showed its first frame the way it tells systemd: ``READY=1`` on
``$NOTIFY_SOCKET`` (``ui/watchdog.py``), so cold start is from ``exec`` to that datagram.
That first frame is the attract screen alone; the rest of the kiosk is built right after
it, and ``startup_rest_after_first_frame`` says how long after.

Both Qt Quick renderers are measured: ``software`` (QT_QUICK_BACKEND=software, the CPU
rasteriser, which the kiosk ships with) and ``opengl`` (QSG_RHI_BACKEND=opengl; on this
machine Mesa's llvmpipe, a CPU implementation of OpenGL, since there is no GPU). OpenGL's
figures are information: they are reported against the same budgets but never fail a run.
Tap latency, the soak and the frames of the screens that wait on a citizen run inside a
worker process (``bench/ui_worker.py``) that drives the real QML.

Idle CPU on the attract screen is the kiosk's own CPU time over a minute, and its frames
are counted from Qt's log of every frame the render loop draws
(``qt.scenegraph.time.renderloop``), so a screen that keeps redrawing shows up as frames.
When Chromium is installed, ``chromium --kiosk`` showing a static page starts in turn with
the kiosk, as the start-up to compare with.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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
SHIPPED_RENDERER = "software"
SIZE = "1080x1920"
COLD_RUNS = 5
IDLE_SECONDS = 5.0
IDLE_CPU_SECONDS = 60.0
WAITING_SECONDS = 20.0
SOAK_SESSIONS = 5000
REST_RUNS = 3

COLD_BUDGET_S = 0.30
PSS_BUDGET_MB = 90.0
IDLE_CPU_BUDGET_PERCENT = 1.0
TAP_BUDGET_MS = 50.0
SOAK_BUDGET_MB = 10.0
BUNDLE_BUDGET_MB = 200.0
CHROMIUM_RATIO_BUDGET = 0.7

#: Qt's log line for every frame the render loop draws (stderr, one per frame).
FRAME_LOG = {"QT_LOGGING_RULES": "qt.scenegraph.time.renderloop=true"}
FRAME_LINE = "Frame rendered"
#: Frames closer than this belong to one burst of animation.
BURST_GAP_S = 0.1
#: ui/app.py's log line once everything behind the first frame (core, session, the other
#: screens' backends) is built and the input held meanwhile is delivered.
REST_BUILT_LINE = "Built behind the attract screen"

CHROMIUM = Path("/usr/bin/chromium")
# What lets Chromium run as root on a machine without a GPU or network, as a kiosk would
# be started, without first-run dialogs or background downloads.
CHROMIUM_FLAGS = (
    "--kiosk",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
)
CHROMIUM_MARKER = "kiosk-bench-first-animation-frame"
# A static page like the attract screen; the console line goes out in the callback of the
# first animation frame, and Chromium logs it to stderr.
CHROMIUM_PAGE = f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Anjungan Layanan Mandiri</title>
<style>
body {{ margin: 0; height: 100vh; font-family: sans-serif; color: #fff; text-align: center;
       background: linear-gradient(#0B4F8A, #073761); }}
h1 {{ font-size: 64px; margin: 0; padding-top: 80px; }} p {{ font-size: 40px; }}
.clock {{ font-size: 140px; font-weight: bold; color: #FFD166; }}
</style></head>
<body><h1>Kantor Desa Contoh</h1><p>Kecamatan Contoh</p><div class="clock">09.41</div>
<p>Sentuh layar untuk mulai</p>
<script>requestAnimationFrame(() => console.log("{CHROMIUM_MARKER}"));</script>
</body></html>
"""


@dataclass(frozen=True)
class Screen:
    """A private X server: its ``DISPLAY`` and its process (which draws what clients flush)."""

    display: str
    pid: int


@contextlib.contextmanager
def xvfb() -> Iterator[Screen]:
    """A private virtual screen (1080x1920, GLX on) for real windows."""
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
        yield Screen(f":{number}", process.pid)
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


class _Lines:
    """A child's stderr, read on a thread as it comes, each line with the time it arrived.

    Read as it comes so that a chatty child (a frame log, Chromium's warnings) never
    blocks on a full pipe, and so that a line can be waited for.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self.ended = False
        self._arrived = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._arrived:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self._arrived.notify_all()
        with self._arrived:
            self.ended = True
            self._arrived.notify_all()

    def wait_for(self, text: str, timeout: float) -> float | None:
        """When the first line holding ``text`` arrived; None on a timeout or the end."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._arrived:
            while True:
                for arrived, line in self.lines[seen:]:
                    if text in line:
                        return arrived
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if self.ended or left <= 0:
                    return None
                self._arrived.wait(left)

    def tail(self, chars: int = 800) -> str:
        """The last ``chars`` characters, for an error message."""
        return "\n".join(line for _, line in self.lines)[-chars:]


@dataclass
class _Kiosk:
    """A kiosk process that has shown its first frame."""

    process: subprocess.Popen[str]
    ready: float  # seconds from exec to READY=1
    cpu: float  # CPU seconds up to READY=1 (steadier than wall time on a shared machine)
    stderr: _Lines
    ready_at: float  # time.perf_counter() when READY=1 arrived


@contextlib.contextmanager
def _running_kiosk(command: list[str], env: dict[str, str]) -> Iterator[_Kiosk]:
    """Start the kiosk, wait for its ``READY=1``, and stop it when the block ends."""
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
            text=True,
            errors="replace",
        )
        assert process.stderr is not None
        stderr = _Lines(process.stderr)
        try:
            while True:
                try:
                    message = listener.recv(4096).decode()
                except TimeoutError:
                    raise RuntimeError(f"no READY=1 within 60 s: {stderr.tail()}") from None
                if "READY=1" in message.splitlines():
                    ready_at = time.perf_counter()
                    cpu = _cpu_seconds(process.pid)
                    yield _Kiosk(process, ready_at - started, cpu, stderr, ready_at)
                    break
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start_to_ready(
    command: list[str], env: dict[str, str], idle: float = 0.0
) -> tuple[float, dict[str, float] | None, float]:
    """Seconds from exec to ``READY=1``, after ``idle`` more seconds its memory, and the
    CPU seconds the kiosk used up to ``READY=1`` (steadier than wall time on a shared machine).
    """
    with _running_kiosk(command, env) as kiosk:
        memory = None
        if idle:
            time.sleep(idle)
            memory = _memory_mb(kiosk.process.pid)
    return kiosk.ready, memory, kiosk.cpu


def _session_pss_mb(leader: int) -> float:
    """PSS of every process in the session ``leader`` started (a browser and its helpers)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[3]) == leader:
                total += _memory_mb(int(stat.parent.name))["pss"]
    return total


def chromium_first_frame(display: str, page: Path, idle: float = 0.0) -> tuple[float, float]:
    """Seconds from exec of ``chromium --kiosk`` to its page's first animation frame, and
    after ``idle`` more seconds the PSS of all its processes (0 without ``idle``).

    Each start gets a fresh profile, as the first start of a kiosk would.
    """
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.as_uri()],
            env={**os.environ, "DISPLAY": display},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,  # one process group: its helpers are stopped with it
        )
        assert process.stderr is not None
        stderr = _Lines(process.stderr)
        try:
            seen = stderr.wait_for(f'"{CHROMIUM_MARKER}"', 60)
            if seen is None:
                raise RuntimeError(f"chromium showed no frame within 60 s: {stderr.tail()}")
            pss = 0.0
            if idle:
                time.sleep(idle)
                pss = _session_pss_mb(process.pid)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return seen - started, pss


@dataclass
class _ColdRuns:
    """Cold starts of the kiosk, and of Chromium in turn with them when it is compared."""

    times: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)
    chromium: list[float] = field(default_factory=list)
    chromium_pss: float = 0.0


def _cold(command: list[str], display: str, renderer: str, chromium: bool = False) -> _ColdRuns:
    """``COLD_RUNS`` starts after one warm-up; with ``chromium``, a Chromium start after each."""
    runs = _ColdRuns()
    with tempfile.TemporaryDirectory() as folder:
        env = _kiosk_env(Path(folder), display, renderer)
        page = Path(folder) / "page.html"
        page.write_text(CHROMIUM_PAGE, encoding="utf-8")
        start_to_ready(command, env)  # warm the page cache and the QML disk cache once
        if chromium:
            chromium_first_frame(display, page)  # and Chromium's files
        for run in range(COLD_RUNS):
            last = run == COLD_RUNS - 1
            ready, idle_memory, cpu = start_to_ready(command, env, IDLE_SECONDS if last else 0.0)
            runs.times.append(ready)
            runs.cpus.append(cpu)
            if idle_memory is not None:
                runs.memory = idle_memory
            if chromium:
                seconds, pss = chromium_first_frame(display, page, IDLE_SECONDS if last else 0.0)
                runs.chromium.append(seconds)
                runs.chromium_pss = pss or runs.chromium_pss
    return runs


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
    """Cold start to the first frame, idle PSS and idle CPU, on a private Xvfb.

    With each renderer; the shipped one's starts alternate with Chromium's when it is
    installed, so both see the same machine.
    """
    figures: dict[str, Figure] = {}
    command = [sys.executable, "-m", "ui", "--windowed", "--size", SIZE]
    with xvfb() as screen:
        for renderer in RENDERERS:
            shipped = renderer == SHIPPED_RENDERER
            api = _worker("probe", screen.display, renderer)["graphics_api"]
            load = _load()
            runs = _cold(command, screen.display, renderer, chromium=shipped and _has_chromium())
            times, memory = runs.times, runs.memory
            note = (
                f"median of {COLD_RUNS} starts after one warm-up (min {min(times):.3f}, "
                f"max {max(times):.3f} s); exec to READY=1 at the first frame; "
                f"python -m ui, {SIZE} window on Xvfb, Qt Quick graphics API {api}; "
                f"kiosk CPU to READY=1 median {statistics.median(runs.cpus):.3f} s; {load}"
            )
            figures[f"cold_start_first_frame_{renderer}"] = Figure(
                round(statistics.median(times), 3),
                "s",
                COLD_BUDGET_S,
                note=note,
                information=not shipped,
            )
            figures[f"idle_pss_{renderer}"] = Figure(
                round(memory["pss"], 1),
                "MB",
                PSS_BUDGET_MB,
                note=f"PSS {IDLE_SECONDS:g} s after the first frame, attract screen "
                f"(/proc/PID/smaps_rollup); graphics API {api}; RSS {memory['rss']:.1f} MB, "
                f"USS (private) {memory['uss']:.1f} MB; PSS is lower while other processes "
                f"map the same Qt libraries ({_qt_processes()} Qt processes running)",
                information=not shipped,
            )
            if shipped:
                figures.update(_compared_with_chromium(runs))
        figures["startup_rest_after_first_frame"] = _rest_after_first_frame(command, screen)
        figures["idle_cpu_attract"] = _idle_cpu_attract(command, screen)
        figures.update(_waiting_screens(screen.display))
    return figures


def _has_chromium() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def _compared_with_chromium(runs: _ColdRuns) -> dict[str, Figure]:
    """Chromium's first frame (information) and the kiosk's as a share of it."""
    if not runs.chromium:
        note = f"{CHROMIUM} is not installed (apt-get install chromium)"
        return {
            "chromium_kiosk_first_frame": Figure(
                0.0, "s", note=note, status="not installed", information=True
            ),
            "cold_start_ratio_to_chromium": Figure(
                0.0, "ratio", CHROMIUM_RATIO_BUDGET, note=note, status="not installed"
            ),
        }
    chromium = statistics.median(runs.chromium)
    kiosk = statistics.median(runs.times)
    return {
        "chromium_kiosk_first_frame": Figure(
            round(chromium, 3),
            "s",
            note=f"chromium --kiosk on a static page ({' '.join(CHROMIUM_FLAGS[1:])}, a fresh "
            f"--user-data-dir each start) on the same Xvfb: exec to the console line its "
            f"first requestAnimationFrame callback logs; median of {COLD_RUNS} starts, each "
            f"right after one of the kiosk's (min {min(runs.chromium):.3f}, max "
            f"{max(runs.chromium):.3f} s); PSS of all its processes {IDLE_SECONDS:g} s after "
            f"the frame {runs.chromium_pss:.1f} MB",
            information=True,
        ),
        "cold_start_ratio_to_chromium": Figure(
            round(kiosk / chromium, 3),
            "ratio",
            CHROMIUM_RATIO_BUDGET,
            note=f"the kiosk's median first frame ({kiosk:.3f} s, software renderer) over "
            f"Chromium's ({chromium:.3f} s), starts taken in turn",
        ),
    }


def _rest_after_first_frame(command: list[str], screen: Screen) -> Figure:
    """From READY=1 (the attract screen) to the kiosk taking taps: the core and the rest built.

    A tap in between is held and delivered then (``ui/inputgate.py``), so this is how long
    the first citizen of the day could wait at most.
    """
    seconds: list[float] = []
    cpus: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **_kiosk_env(Path(folder), screen.display, SHIPPED_RENDERER),
            "KIOSK_LOGGING_LEVEL": "INFO",
        }
        with _running_kiosk(command, env) as kiosk:  # compiles the modules built after the frame
            kiosk.stderr.wait_for(REST_BUILT_LINE, 30)
        for _ in range(REST_RUNS):
            with _running_kiosk(command, env) as kiosk:
                built = kiosk.stderr.wait_for(REST_BUILT_LINE, 30)
                if built is None:
                    raise RuntimeError(f"no {REST_BUILT_LINE!r} line: {kiosk.stderr.tail()}")
                cpus.append(_cpu_seconds(kiosk.process.pid))
                seconds.append(built - kiosk.ready_at)
    return Figure(
        round(statistics.median(seconds), 3),
        "s",
        note=f"median of {REST_RUNS} starts: READY=1 (the attract screen) to the log line "
        f"{REST_BUILT_LINE!r} (core, session and the other screens' backends built, held "
        f"input delivered; min {min(seconds):.3f}, max {max(seconds):.3f} s); the kiosk's CPU "
        f"by then median {statistics.median(cpus):.3f} s; software renderer; {_load()}",
        information=True,
    )


def _bursts(frames: list[float]) -> list[list[float]]:
    """Frames grouped into bursts: a gap over ``BURST_GAP_S`` starts a new one."""
    bursts: list[list[float]] = []
    for frame in frames:
        if bursts and frame - bursts[-1][-1] <= BURST_GAP_S:
            bursts[-1].append(frame)
        else:
            bursts.append([frame])
    return bursts


def _idle_cpu_attract(command: list[str], screen: Screen) -> Figure:
    """The kiosk's CPU over ``IDLE_CPU_SECONDS`` on attract, clock and carousel running."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**_kiosk_env(Path(folder), screen.display, SHIPPED_RENDERER), **FRAME_LOG}
        with _running_kiosk(command, env) as kiosk:
            time.sleep(IDLE_SECONDS)  # past the work that follows the first frame
            pid = kiosk.process.pid
            cpu, xvfb_cpu = _cpu_seconds(pid), _cpu_seconds(screen.pid)
            begin = time.perf_counter()
            time.sleep(IDLE_CPU_SECONDS)
            cpu, xvfb_cpu = _cpu_seconds(pid) - cpu, _cpu_seconds(screen.pid) - xvfb_cpu
            end = time.perf_counter()
            lines = list(kiosk.stderr.lines)
    seconds = end - begin
    frames = [at for at, line in lines if begin <= at < end and FRAME_LINE in line]
    return Figure(
        round(100 * cpu / seconds, 2),
        "% of one core",
        IDLE_CPU_BUDGET_PERCENT,
        note=f"python -m ui on the attract screen for {seconds:.0f} s from {IDLE_SECONDS:g} s "
        f"after the first frame, clock and carousel running, {SIZE} window on Xvfb, "
        f"software renderer; the kiosk's user+system CPU (/proc/PID/stat); "
        f"{_frames_note(frames)} (Qt's qt.scenegraph.time.renderloop log); Xvfb drawing "
        f"them used {100 * xvfb_cpu / seconds:.2f} % more; {_load()}",
    )


def _frames_note(frames: list[float]) -> str:
    """How many frames were drawn, and whether they came in short bursts with rests between."""
    bursts = _bursts(frames)
    if not bursts:
        return "no frame drawn"
    longest = max(bursts, key=len)
    rests = [later[0] - earlier[-1] for earlier, later in itertools.pairwise(bursts)]
    rest = f", at least {min(rests):.1f} s without a frame between them" if rests else ""
    return (
        f"{len(frames)} frames drawn in {len(bursts)} bursts (the longest {len(longest)} "
        f"frames in {longest[-1] - longest[0]:.2f} s){rest}"
    )


def _waiting_screens(display: str) -> dict[str, Figure]:
    """CPU and frames on the screens that wait for a citizen's answer (the worker's count)."""
    data = _worker("waiting", display, SHIPPED_RENDERER, "--seconds", str(WAITING_SECONDS))
    figures: dict[str, Figure] = {}
    for screen, measured in data.items():
        assert isinstance(measured, dict)
        frames = [float(at) for at in measured["frames"]]
        figures[f"idle_cpu_{screen}"] = Figure(
            round(100 * float(measured["cpu"]) / float(measured["seconds"]), 2),
            "% of one core",
            IDLE_CPU_BUDGET_PERCENT,
            note=f"{screen.replace('_', ' ')} screen for {measured['seconds']:.0f} s, "
            f"nobody touching it, {SIZE} window on Xvfb, software renderer; the process's "
            f"CPU with the bench's worker idle in Qt's event loop; "
            f"{_frames_note(frames)} (frameSwapped)",
        )
    return figures


def tap_latency() -> dict[str, Figure]:
    """Tap on the attract screen to the next frame on screen, p95, with each renderer."""
    figures: dict[str, Figure] = {}
    with xvfb() as screen:
        for renderer in RENDERERS:
            data = _worker("tap", screen.display, renderer, "--size", SIZE)
            samples = [float(s) for s in data["samples_ms"]]  # type: ignore[attr-defined]
            figures[f"tap_to_frame_p95_{renderer}"] = Figure(
                round(percentile(samples, 0.95), 2),
                "ms",
                TAP_BUDGET_MS,
                note=f"{len(samples)} taps attract -> home in a {SIZE} window on Xvfb; from "
                f"the press to the first frameSwapped showing the home screen "
                f"(p50 {percentile(samples, 0.5):.2f} ms); graphics API {data['graphics_api']}",
                information=renderer != SHIPPED_RENDERER,
            )
    return figures


def soak(sessions: int = SOAK_SESSIONS) -> dict[str, Figure]:
    """``sessions`` citizens through the real QML: RSS growth and live QObjects, software."""
    with xvfb() as screen:
        data = _worker("soak", screen.display, SHIPPED_RENDERER, "--sessions", str(sessions))
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
        with xvfb() as screen:
            runs = _cold(
                [str(executable), "--windowed", "--size", SIZE], screen.display, SHIPPED_RENDERER
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
            round(statistics.median(runs.times), 3),
            "s",
            COLD_BUDGET_S,
            note=f"dist/kiosk/kiosk, median of {COLD_RUNS} starts to READY=1 after a warm-up "
            f"(min {min(runs.times):.3f}, max {max(runs.times):.3f} s); software renderer; "
            f"idle PSS {runs.memory['pss']:.1f} MB; CPU to READY=1 median "
            f"{statistics.median(runs.cpus):.3f} s",
        ),
    }
