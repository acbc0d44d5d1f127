"""The shipped unit, run by the real systemd: ready at the first frame, watchdog, kill, exit 77.

``tests/helpers/systemd_box.py`` starts the installed ``/lib/systemd/systemd`` as PID 1 of
its own namespaces (PID 1 of these machines is not systemd). The unit under test is derived
from ``config/systemd/kiosk.service`` by parsing it: every line is kept, with
``WatchdogSec=`` lowered to a few seconds, except

- replaced: ``ExecStart=`` runs the venv's ``python -m ui`` (offscreen, simulated devices,
  its own ``KIOSK_DATA_DIR``, the freeze hook ``KIOSK_TEST_FREEZE_SIGNAL=SIGUSR2``) instead
  of ``/opt/kiosk/config/cage/kiosk-cage``, which starts cage on a real DRM device;
  ``Environment=KIOSK_DATA_DIR`` and ``XDG_CACHE_HOME`` point into the test's folder;
  ``StandardOutput=``/``StandardError=journal`` become ``append:`` a log file, as the box
  runs no journald;
- dropped, because they cannot apply here:
  ``ConditionPathExists=/dev/tty1``, ``TTYPath=``, ``TTYReset=``, ``TTYVHangup=``,
  ``TTYVTDisallocate=``, ``StandardInput=tty-fail``, ``UtmpIdentifier=``, ``UtmpMode=``:
  tty1 is the machine's own console, which a test must not take (CI machines have no VT);
  ``PAMName=``: it needs ``/etc/pam.d/kiosk`` and a logind to open a seat session, and the
  box has no logind;
  ``User=``, ``Group=``, ``SupplementaryGroups=``: CI machines have no ``kiosk`` user or
  ``lp``/``render`` membership to give, and creating them would change the host's
  ``/etc/passwd``; the kiosk runs as root, still with ``CapabilityBoundingSet=`` empty;
  ``EnvironmentFile=-/etc/kiosk/kiosk.env``: a host's settings must not leak into the test;
  ``StateDirectory=``, ``StateDirectoryMode=``, ``CacheDirectory=``, ``LogsDirectory=``,
  ``WorkingDirectory=/var/lib/kiosk``: the box shares the host's disk, so they would create
  ``/var/lib/kiosk`` and friends there; the test's folder takes their place
  (``WorkingDirectory=``, and ``BindPaths=`` so it is writable under ``ProtectSystem=strict``
  and visible under ``PrivateTmp=yes``);
- added: ``BindReadOnlyPaths=`` for the checkout, its venv and the Python installation the
  venv points to, where ``PrivateTmp=`` or ``ProtectHome=`` would hide them (a CI checkout
  in ``/tmp``, pyenv under ``/root``); the box shares a checkout in ``/tmp`` too; and for
  ``/root`` or ``/home``, ``ProtectHome=tmpfs`` instead of ``yes``:
  ``yes`` hides every bind below ``/root`` too (the interpreter would be "not found"), while
  ``tmpfs`` shows an empty ``/root`` with just that bind. On a kiosk the PyInstaller bundle
  lives in ``/opt/kiosk`` and ``yes`` stays.

So the rest of the sandbox (``ProtectSystem=strict``, ``PrivateTmp=``, ``NoNewPrivileges=``,
``RestrictAddressFamilies=``, ``SystemCallArchitectures=``, ...) is applied by systemd for
real, and the kiosk must start and notify under it. ``MemoryMax=`` stays but has no effect:
on these machines the memory controller is cgroup v1, so the box's cgroup2 tree has none.

``RestartPreventExitStatus=77`` is checked with a stand-in main process: the real kiosk exits
77 only after a supervisor PIN on the maintenance keypad, which cannot be typed into an
offscreen process from outside (``tests/unit/ui/test_maintenance.py`` covers that path up to
the exit action, and ``ui/app.py`` maps it to ``EXIT_TO_DESKTOP``). The stand-in uses the
kiosk's own ``Notifier`` and exit codes, under the same derived unit.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import systemd_box
from tests.helpers.kiosk_cli import ROOT, journal_rows, kiosk_env, seed_outbox
from tests.helpers.systemd_box import SystemdBox

UNIT = ROOT / "config" / "systemd" / "kiosk.service"
NAME = "kiosk.service"
WATCHDOG_SECONDS = 3
FREEZE_SIGNAL = "SIGUSR2"
FIRST_FRAME = "First frame shown; told the service manager we are ready"

#: Options dropped from the shipped unit (see the module docstring for why).
DROPPED = frozenset(
    {
        ("Unit", "ConditionPathExists"),
        ("Service", "TTYPath"),
        ("Service", "TTYReset"),
        ("Service", "TTYVHangup"),
        ("Service", "TTYVTDisallocate"),
        ("Service", "StandardInput"),
        ("Service", "UtmpIdentifier"),
        ("Service", "UtmpMode"),
        ("Service", "PAMName"),
        ("Service", "User"),
        ("Service", "Group"),
        ("Service", "SupplementaryGroups"),
        ("Service", "EnvironmentFile"),
        ("Service", "StateDirectory"),
        ("Service", "StateDirectoryMode"),
        ("Service", "CacheDirectory"),
        ("Service", "LogsDirectory"),
        ("Service", "WorkingDirectory"),
    }
)
PROTECT_HOME = ("Service", "ProtectHome")
HOME_FOLDERS = ("/root", "/home")
#: The box and PrivateTmp=yes each give their own empty /tmp and /var/tmp.
TMP_FOLDERS = ("/tmp", "/var/tmp")
#: What the tests rely on: it must come from the shipped unit, unchanged.
KEPT = (
    "Type",
    "NotifyAccess",
    "Restart",
    "RestartSec",
    "RestartPreventExitStatus",
    "WatchdogSignal",
    "TimeoutStopSec",
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        systemd_box.unavailable_reason() is not None,
        reason=f"no throwaway systemd: {systemd_box.unavailable_reason()}",
    ),
]


@dataclass(frozen=True)
class Entry:
    """One ``Key=value`` line of a unit file, with its section."""

    section: str
    key: str
    value: str


def parse_unit(text: str) -> list[Entry]:
    """A unit file's assignments in order (repeated keys such as ``Environment=`` stay apart)."""
    entries: list[Entry] = []
    section = ""
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if not line or line[0] in "#;":
            continue
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not an assignment in {UNIT.name}: {line!r}"
        entries.append(Entry(section, key.strip(), value.strip()))
    return entries


def shipped(entries: list[Entry], key: str) -> str:
    """The one value of ``[Service] key`` in the shipped unit."""
    values = [e.value for e in entries if e.section == "Service" and e.key == key]
    assert len(values) == 1, (key, values)
    return values[0]


def render_unit(entries: list[Entry]) -> str:
    """Unit file text, sections in their first order."""
    sections: dict[str, list[str]] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(f"{entry.key}={entry.value}")
    return "\n".join(f"[{name}]\n" + "\n".join(lines) + "\n" for name, lines in sections.items())


def derive_unit(
    entries: list[Entry], *, exec_start: list[str], data_dir: Path, work: Path, log: Path
) -> str:
    """The shipped unit made runnable in the box (see the module docstring)."""
    out: list[Entry] = []
    for entry in entries:
        where = (entry.section, entry.key)
        if where in DROPPED:
            continue
        value = entry.value
        if where == ("Service", "ExecStart"):
            value = shlex.join(exec_start)
        elif where == ("Service", "WatchdogSec"):
            value = str(WATCHDOG_SECONDS)
        elif entry.section == "Service" and entry.key in ("StandardOutput", "StandardError"):
            value = f"append:{log}"
        elif where == ("Service", "Environment"):
            name = value.partition("=")[0]
            value = {
                "KIOSK_DATA_DIR": f"KIOSK_DATA_DIR={data_dir}",
                "XDG_CACHE_HOME": f"XDG_CACHE_HOME={work / 'cache'}",
            }.get(name, value)
        out.append(Entry(entry.section, entry.key, value))
    added = [
        Entry("Service", "Environment", "QT_QPA_PLATFORM=offscreen"),
        Entry("Service", "Environment", "KIOSK_LOGGING_LEVEL=INFO"),
        Entry("Service", "Environment", f"KIOSK_TEST_FREEZE_SIGNAL={FREEZE_SIGNAL}"),
        Entry("Service", "WorkingDirectory", str(data_dir)),
        Entry("Service", "BindPaths", str(work)),
    ]
    hidden = _hidden_code_paths()
    if any(_under(path, HOME_FOLDERS) for path in hidden):
        # ProtectHome=yes hides binds below /root too; =tmpfs empties it and lets the bind in.
        out = [
            Entry(e.section, e.key, "tmpfs") if (e.section, e.key) == PROTECT_HOME else e
            for e in out
        ]
    added.extend(Entry("Service", "BindReadOnlyPaths", str(path)) for path in hidden)
    return render_unit(out + added)


def _under(path: Path, folders: tuple[str, ...]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def _code_paths() -> list[Path]:
    """The checkout, its venv and the Python installation the venv points to."""
    paths: list[Path] = []
    for path in (ROOT, Path(sys.prefix), Path(sys.base_prefix)):
        resolved = path.resolve()
        if not any(resolved.is_relative_to(seen) for seen in paths):
            paths.append(resolved)
    return paths


def _hidden_code_paths() -> list[Path]:
    """Code paths the unit's ProtectHome= or PrivateTmp= would hide from the kiosk.

    A CI checkout may sit in /tmp, a pyenv Python in /root: on a kiosk everything is in
    /opt/kiosk and nothing is hidden.
    """
    return [path for path in _code_paths() if _under(path, HOME_FOLDERS + TMP_FOLDERS)]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_shipped_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    """``systemd-analyze verify`` on the unit as shipped, but for the one path not here.

    ``ExecStart=/opt/kiosk/config/cage/kiosk-cage`` exists only on an installed kiosk
    (verify says "is not executable: No such file or directory"), so the copy runs
    ``/bin/true``; every other line is checked as written.
    """
    entries = parse_unit(UNIT.read_text(encoding="utf-8"))
    assert shipped(entries, "ExecStart") == "/opt/kiosk/config/cage/kiosk-cage"
    copy = tmp_path / NAME
    copy.write_text(
        UNIT.read_text(encoding="utf-8").replace(
            "ExecStart=/opt/kiosk/config/cage/kiosk-cage", "ExecStart=/bin/true"
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SystemdBox]:
    """A throwaway systemd that sees the test's folder (and nothing else of /tmp)."""
    shared = [tmp_path, *(path for path in _code_paths() if _under(path, TMP_FOLDERS))]
    with SystemdBox(tmp_path / "box", shared=shared) as running:
        yield running


def _install(box: SystemdBox, tmp_path: Path, exec_start: list[str]) -> Path:
    """Install the derived unit as kiosk.service; returns the service's log file."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (tmp_path / "cache").mkdir(exist_ok=True)
    log = tmp_path / "kiosk.log"
    text = derive_unit(
        parse_unit(UNIT.read_text(encoding="utf-8")),
        exec_start=exec_start,
        data_dir=data,
        work=tmp_path,
        log=log,
    )
    box.install(NAME, text)
    return log


def _running(state: Mapping[str, str]) -> bool:
    return state["ActiveState"] == "active" and state["SubState"] == "running"


def test_the_derived_unit_keeps_what_the_tests_rely_on(tmp_path: Path) -> None:
    entries = parse_unit(UNIT.read_text(encoding="utf-8"))
    text = derive_unit(
        entries, exec_start=["/bin/true"], data_dir=tmp_path, work=tmp_path, log=tmp_path / "l"
    )
    derived = parse_unit(text)
    for key in KEPT:
        assert shipped(derived, key) == shipped(entries, key), key
    assert shipped(entries, "Type") == "notify"
    assert shipped(entries, "NotifyAccess") == "main"
    assert shipped(entries, "Restart") == "always"
    assert shipped(entries, "RestartPreventExitStatus") == "77"
    assert shipped(derived, "WatchdogSec") == str(WATCHDOG_SECONDS)
    assert {(e.section, e.key) for e in derived}.isdisjoint(
        DROPPED - {("Service", "WorkingDirectory")}
    )
    # Everything dropped is really in the shipped unit (the list follows the unit).
    assert {(e.section, e.key) for e in entries} >= DROPPED


@pytest.mark.timeout(120)
def test_active_only_after_ready_at_the_first_frame(box: SystemdBox, tmp_path: Path) -> None:
    log = _install(box, tmp_path, [sys.executable, "-m", "ui"])
    seen: list[dict[str, str]] = []
    box.start(NAME)
    ready = box.wait_until(NAME, _running, timeout=90, seen=seen)
    # The first frame is logged right after READY=1 went out: it is there once active.
    assert FIRST_FRAME in log.read_text(encoding="utf-8")
    # Before READY=1 the kiosk was up (a main pid) but the unit was still starting.
    starting = [s for s in seen if s["ActiveState"] == "activating" and s["MainPID"] != "0"]
    assert starting, seen
    assert all(s["SubState"] == "start" for s in starting), starting
    assert ready["MainPID"] == starting[0]["MainPID"]
    assert ready["StatusText"] == "screen attract"  # sent along with READY=1
    assert ready["WatchdogUSec"] == f"{WATCHDOG_SECONDS}s"
    assert ready["NRestarts"] == "0"
    status = box.status(NAME)
    assert 'Status: "screen attract"' in status, status
    box.stop(NAME)
    assert box.show(NAME)["ActiveState"] == "inactive"


@pytest.mark.timeout(240)
def test_frozen_gui_thread_is_killed_and_restarted_by_systemd(
    box: SystemdBox, tmp_path: Path
) -> None:
    env = kiosk_env(tmp_path)
    before = seed_outbox(env)
    log = _install(box, tmp_path, [sys.executable, "-m", "ui"])
    box.start(NAME)
    first = box.wait_until(NAME, _running, timeout=90)
    # A healthy, idle kiosk keeps sending keep-alives at half the watchdog period.
    fed = box.show(NAME, "WatchdogTimestampMonotonic")["WatchdogTimestampMonotonic"]
    time.sleep(2.5 * WATCHDOG_SECONDS)
    idle = box.show(NAME)
    assert (idle["MainPID"], idle["NRestarts"]) == (first["MainPID"], "0"), idle
    later = box.show(NAME, "WatchdogTimestampMonotonic")["WatchdogTimestampMonotonic"]
    assert int(later) > int(fed)

    frozen = time.monotonic()
    box.kill(NAME, FREEZE_SIGNAL)
    second = box.wait_until(
        NAME,
        lambda s: _running(s) and s["NRestarts"] == "1" and s["MainPID"] != first["MainPID"],
        timeout=120,
    )
    back = time.monotonic() - frozen
    console = box.console.read_text(encoding="utf-8", errors="replace")
    assert f"{NAME}: Watchdog timeout (limit {WATCHDOG_SECONDS}s)!" in console, console
    assert f"Killing process {first['MainPID']} " in console
    assert "with signal SIGABRT" in console  # WatchdogSignal=SIGABRT
    assert f"{NAME}: Main process exited, code=" in console
    assert "status=6/ABRT" in console
    assert f"{NAME}: Failed with result 'watchdog'." in console
    assert f"{NAME}: Scheduled restart job, restart counter is at 1." in console
    assert "Freezing the GUI thread on SIGUSR2" in log.read_text(encoding="utf-8")
    assert second["StatusText"] == "screen attract"
    # Watchdog period + RestartSec + a kiosk start, with slack for a busy CI machine.
    assert back < 90, back
    # The restarted kiosk is healthy: it keeps the watchdog fed and stays up.
    time.sleep(2 * WATCHDOG_SECONDS)
    again = box.show(NAME)
    assert (again["MainPID"], again["NRestarts"], again["ActiveState"]) == (
        second["MainPID"],
        "1",
        "active",
    )
    box.stop(NAME)
    assert journal_rows(env) == before


@pytest.mark.timeout(240)
def test_killed_kiosk_comes_back_at_attract_with_the_outbox(
    box: SystemdBox, tmp_path: Path
) -> None:
    """A crash or ``kill -9`` (the OOM killer, a technician): back at attract, nothing lost."""
    env = kiosk_env(tmp_path)
    before = seed_outbox(env)
    _install(box, tmp_path, [sys.executable, "-m", "ui"])
    box.start(NAME)
    first = box.wait_until(NAME, _running, timeout=90)
    box.kill(NAME, "SIGKILL")
    second = box.wait_until(
        NAME,
        lambda s: _running(s) and s["NRestarts"] == "1" and s["MainPID"] != first["MainPID"],
        timeout=120,
    )
    console = box.console.read_text(encoding="utf-8", errors="replace")
    assert f"{NAME}: Main process exited, code=killed, status=9/KILL" in console, console
    assert f"{NAME}: Scheduled restart job, restart counter is at 1." in console
    assert second["StatusText"] == "screen attract"
    box.stop(NAME)
    assert journal_rows(env) == before


STAND_IN = """\
import sys, time
from kiosk.maintenance import EXIT_RESTART, EXIT_TO_DESKTOP
from ui.watchdog import Notifier
notifier = Notifier.from_environment()
assert notifier is not None
notifier.send("READY=1\\nSTATUS=stand-in for the maintenance exit")
time.sleep(0.5)
sys.exit({"desktop": EXIT_TO_DESKTOP, "restart": EXIT_RESTART}[sys.argv[1]])
"""


@pytest.mark.timeout(120)
def test_exit_to_desktop_stays_down_and_a_restart_comes_back(
    box: SystemdBox, tmp_path: Path
) -> None:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    restart_sec = float(shipped(parse_unit(UNIT.read_text(encoding="utf-8")), "RestartSec"))

    _install(box, tmp_path, [sys.executable, str(script), "desktop"])
    box.start(NAME)
    down = box.wait_until(NAME, lambda s: s["ActiveState"] in ("failed", "inactive"), timeout=60)
    assert (down["ExecMainCode"], down["ExecMainStatus"]) == ("1", "77"), down  # CLD_EXITED, 77
    assert down["Result"] == "exit-code"
    time.sleep(restart_sec + 2)
    still = box.show(NAME)
    assert still["ActiveState"] == "failed" and still["NRestarts"] == "0", still
    assert "Scheduled restart job" not in box.console.read_text(encoding="utf-8")

    # The maintenance "restart" (exit 0) is started again: Restart=always.
    _install(box, tmp_path, [sys.executable, str(script), "restart"])
    box.systemctl("reset-failed", NAME)
    box.start(NAME)
    box.wait_until(NAME, lambda s: int(s["NRestarts"]) >= 1, timeout=60)
    box.stop(NAME)
