"""A throwaway real systemd, as PID 1 of its own namespaces, to run a unit under test.

PID 1 of our test machines is not systemd, but systemd itself is installed. This helper
starts ``/lib/systemd/systemd --system`` the way a container manager would, so the real
service manager (``Type=notify``, ``WatchdogSec=``, ``Restart=``, the sandboxing options)
supervises the unit, and ``systemctl`` talks to it:

- new PID, mount, UTS, IPC, network and cgroup namespaces (``unshare``): systemd is PID 1
  of its own PID namespace, so killing it kills everything it started, and whatever it
  believes about the machine (hostname, loopback, ``net.unix.max_dgram_qlen``, mounts) stays
  in the box;
- its own cgroup (``/sys/fs/cgroup/unified/kiosk-box-*`` on the hybrid layout, or under
  ``/sys/fs/cgroup`` when it is cgroup2 only), mounted as ``/sys/fs/cgroup`` inside, so
  systemd sees a pure cgroup2 tree and never touches the host's v1 hierarchies;
- ``container=kiosk-test``, so it behaves as in a container; ``/proc/sys`` read-only (as
  systemd-nspawn does), so the global sysctls it would raise at boot (``fs.nr_open``,
  ``fs.file-max``) stay as they are;
- private ``/run`` (its API sockets), ``/tmp`` and ``/var/tmp`` (so ``PrivateTmp=`` folders
  vanish with the box), in which only ``root`` and the folders named in ``shared`` are bound
  back at their own paths; ``/dev/console`` is a pty whose output a thread copies into
  ``console.log`` (systemd's own log: there is no journald in the box);
- ``$SYSTEMD_UNIT_PATH`` set to ``root/units`` alone, with empty targets standing for
  ``sysinit.target``, ``basic.target`` and ``shutdown.target``: the host's units are not
  seen and no generator runs.

It never reboots anything: a ``poweroff`` inside a PID namespace only ends that namespace.
On exit the box's PID 1 is killed (the kernel then kills every process in the namespace)
and its cgroups are removed; if the test process itself is killed, ``setpriv --pdeathsig``
and ``unshare --kill-child`` still take the box down (only an empty cgroup is left).
Boot takes about 0.1 s.

    with SystemdBox(tmp_path / "box") as box:
        box.install("demo.service", "[Service]\\nExecStart=/bin/sleep 60\\n")
        box.start("demo.service")
        assert box.show("demo.service")["ActiveState"] == "active"
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

SYSTEMD = Path("/lib/systemd/systemd")
CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP2_MAGIC = "cgroup2"
BOX_TARGET = "kiosk-box.target"
#: Empty targets, so a service's default dependencies (``DefaultDependencies=yes``: Requires=
#: and After= sysinit.target, After= basic.target, Conflicts= and Before= shutdown.target)
#: resolve as on a booted machine, where they are long reached.
STUB_TARGETS = {
    BOX_TARGET: "The test box: nothing but what a test starts",
    "sysinit.target": "System Initialization (empty in the test box)",
    "basic.target": "Basic System (empty in the test box)",
    "shutdown.target": "System Shutdown (empty in the test box)",
}
#: What ``show`` asks for unless told otherwise.
PROPERTIES = (
    "ActiveState",
    "SubState",
    "Result",
    "MainPID",
    "NRestarts",
    "StatusText",
    "ExecMainCode",
    "ExecMainStatus",
    "WatchdogUSec",
)

# Run by unshare as PID 1 of the new namespaces, then replaced by systemd.
_INNER = """\
set -eu
console=$1 systemd=$2 target=$3
shift 3
mount -n -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir /run/box-shared
i=0
for dir in "$@"; do
    mkdir /run/box-shared/$i
    mount -n --bind "$dir" /run/box-shared/$i
    i=$((i + 1))
done
mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs /var/tmp
i=0
for dir in "$@"; do
    mkdir -p "$dir"
    mount -n --move /run/box-shared/$i "$dir"
    i=$((i + 1))
done
mount -n -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
mount -n --bind /proc/sys /proc/sys
mount -n -o remount,bind,ro /proc/sys
mount -n --bind "$console" /dev/console
exec "$systemd" --system --unit="$target" --log-target=console --log-level=info \\
    --log-color=no --show-status=no
"""


class SystemdBoxError(RuntimeError):
    """The box could not start, or systemctl failed; the message has systemd's own words."""


def unavailable_reason() -> str | None:
    """Why a throwaway systemd cannot run on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "needs root (namespaces, cgroups, mounts)"
    if not SYSTEMD.exists():
        return f"{SYSTEMD} is not installed"
    for tool in ("setpriv", "unshare", "nsenter", "systemctl", "mount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if _cgroup2_mount() is None:
        return "no cgroup2 hierarchy is mounted"
    return None


def _cgroup2_mount() -> Path | None:
    """Where the cgroup2 hierarchy is mounted: /sys/fs/cgroup itself, or its ``unified``."""
    mounts: dict[str, str] = {}
    for line in Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts[fields[1]] = fields[2]
    for path in (CGROUP_ROOT, CGROUP_ROOT / "unified"):
        if mounts.get(str(path)) == CGROUP2_MAGIC:
            return path
    return None


class SystemdBox:
    """The real systemd in its own namespaces; units go in ``units``, logs in ``console.log``."""

    def __init__(
        self, root: Path, *, shared: Sequence[Path] = (), boot_timeout: float = 30.0
    ) -> None:
        self.root = root
        self.shared = [root, *shared]
        self.units = root / "units"
        self.console = root / "console.log"
        self.boot_timeout = boot_timeout
        self._empty = root / "empty"
        self._cgroup: Path | None = None
        self._unshare: subprocess.Popen[bytes] | None = None
        self._init_pid: int | None = None
        self._console_pty: tuple[int, int] | None = None
        self._console_thread: threading.Thread | None = None

    # Lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> SystemdBox:
        try:
            self.boot()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def boot(self) -> None:
        """Start systemd and wait until ``systemctl is-system-running`` says ``running``."""
        reason = unavailable_reason()
        if reason is not None:
            raise SystemdBoxError(f"cannot run systemd here: {reason}")
        cgroup2 = _cgroup2_mount()
        assert cgroup2 is not None
        self.units.mkdir(parents=True, exist_ok=True)
        self._empty.mkdir(exist_ok=True)
        self.console.touch()
        console = self._open_console()
        for name, description in STUB_TARGETS.items():
            (self.units / name).write_text(
                f"[Unit]\nDescription={description}\nDefaultDependencies=no\n", encoding="utf-8"
            )
        self._cgroup = cgroup2 / f"kiosk-box-{uuid.uuid4().hex[:12]}"
        self._cgroup.mkdir()
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "container": "kiosk-test",
            "SYSTEMD_UNIT_PATH": str(self.units),
            "SYSTEMD_GENERATOR_PATH": str(self._empty),
            "SYSTEMD_ENVIRONMENT_GENERATOR_PATH": str(self._empty),
        }
        # The shell moves itself into the box's cgroup before unshare makes it the
        # cgroup namespace's root; the log goes to a file so a failed boot can be explained.
        with (self.root / "unshare.log").open("wb") as output:
            self._unshare = subprocess.Popen(
                [
                    "setpriv",
                    "--pdeathsig=KILL",  # the test process died: the box goes with it
                    "--",
                    "sh",
                    "-c",
                    'echo $$ > "$0/cgroup.procs" && exec "$@"',
                    str(self._cgroup),
                    "unshare",
                    "--pid",
                    "--fork",
                    "--kill-child=SIGKILL",
                    "--mount",
                    "--mount-proc",
                    "--propagation=private",
                    "--uts",
                    "--ipc",
                    "--net",
                    "--cgroup",
                    "sh",
                    "-c",
                    _INNER,
                    "box-init",
                    console,
                    str(SYSTEMD),
                    BOX_TARGET,
                    *(str(path.resolve()) for path in self.shared),
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_running()

    def close(self) -> None:
        """Kill the box's PID 1 (and so every process in it), then remove its cgroups."""
        init = self._init_pid or self._find_init()
        if init is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(init, signal.SIGKILL)
        if self._unshare is not None:
            if self._unshare.poll() is None and init is None:
                self._unshare.kill()
            try:
                self._unshare.wait(10)
            except subprocess.TimeoutExpired:
                self._unshare.kill()
                self._unshare.wait(10)
            self._unshare = None
        self._init_pid = None
        if self._cgroup is not None:
            _remove_cgroup(self._cgroup)
            self._cgroup = None
        self._close_console()

    # systemctl ----------------------------------------------------------------------------

    def systemctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``systemctl ARGS`` against the box's manager (inside its mount namespace)."""
        if self._init_pid is None:
            raise SystemdBoxError("the box is not running")
        result = subprocess.run(
            [
                "nsenter",
                f"--target={self._init_pid}",
                "--mount",
                "--pid",
                "systemctl",
                "--no-pager",
                "--no-ask-password",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            raise SystemdBoxError(
                f"systemctl {' '.join(args)} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result

    def install(self, name: str, text: str) -> Path:
        """Write unit ``name`` into the box and make the manager read it."""
        path = self.units / name
        path.write_text(text, encoding="utf-8")
        self.systemctl("daemon-reload")
        return path

    def start(self, unit: str, *, wait: bool = False) -> None:
        """``systemctl start``; without ``wait`` it returns at once (``--no-block``)."""
        self.systemctl("start", unit, *(() if wait else ("--no-block",)))

    def stop(self, unit: str) -> None:
        """``systemctl stop``: waits until the unit is down."""
        self.systemctl("stop", unit)

    def kill(self, unit: str, signal_name: str, *, whom: str = "main") -> None:
        """``systemctl kill --kill-who=WHOM --signal=SIG``: systemd sends it, with its pids."""
        self.systemctl("kill", f"--kill-who={whom}", f"--signal={signal_name}", unit)

    def status(self, unit: str) -> str:
        """``systemctl status`` as a technician reads it (its exit code is the state, not ours)."""
        return self.systemctl("status", "--lines=0", "--full", unit, check=False).stdout

    def show(self, unit: str, *properties: str) -> dict[str, str]:
        """The unit's properties (``PROPERTIES`` unless named), as ``systemctl show`` has them."""
        names = properties or PROPERTIES
        output = self.systemctl("show", f"--property={','.join(names)}", unit).stdout
        shown: dict[str, str] = {}
        for line in output.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                shown[key] = value
        return shown

    def wait_until(
        self,
        unit: str,
        condition: Callable[[Mapping[str, str]], bool],
        *,
        timeout: float = 60.0,
        interval: float = 0.05,
        seen: list[dict[str, str]] | None = None,
    ) -> dict[str, str]:
        """Poll ``show`` until ``condition`` holds; every distinct state goes into ``seen``."""
        deadline = time.monotonic() + timeout
        last: dict[str, str] = {}
        while True:
            last = self.show(unit)
            if seen is not None and (not seen or seen[-1] != last):
                seen.append(last)
            if condition(last):
                return last
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{unit}: condition not met within {timeout} s; last {last}\n"
                    f"{self.status(unit)}\n{self.console_tail()}"
                )
            time.sleep(interval)

    def console_tail(self, lines: int = 40) -> str:
        """The end of systemd's own log, for failure messages."""
        text = self.console.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    # Internals ----------------------------------------------------------------------------

    def _find_init(self) -> int | None:
        """The box's PID 1 as the host sees it: unshare's only child."""
        if self._unshare is None:
            return None
        pid = self._unshare.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8").split()
        except OSError:
            return None
        return int(children[0]) if children else None

    def _open_console(self) -> str:
        """A pty for the box's ``/dev/console`` (systemd logs only to a terminal there).

        What systemd writes on it is copied into ``console.log`` by a thread.
        """
        master, slave = os.openpty()
        self._console_pty = (master, slave)
        self._console_thread = threading.Thread(
            target=_copy_console, args=(master, self.console), name="systemd-box-console"
        )
        self._console_thread.daemon = True
        self._console_thread.start()
        return os.ttyname(slave)

    def _close_console(self) -> None:
        if self._console_pty is None:
            return
        master, slave = self._console_pty
        os.close(slave)  # the box is gone: the copier reads what is left, then EIO
        if self._console_thread is not None:
            self._console_thread.join(5)
            self._console_thread = None
        os.close(master)
        self._console_pty = None

    def _wait_running(self) -> None:
        deadline = time.monotonic() + self.boot_timeout
        state = ""
        while time.monotonic() < deadline:
            assert self._unshare is not None
            if self._unshare.poll() is not None:
                raise SystemdBoxError(
                    f"systemd ended at boot ({self._unshare.returncode}): "
                    f"{(self.root / 'unshare.log').read_text(errors='replace')}\n"
                    f"{self.console_tail()}"
                )
            if self._init_pid is None:
                self._init_pid = self._find_init()
            if self._init_pid is not None and _is_systemd(self._init_pid):
                result = self.systemctl("is-system-running", check=False)
                state = result.stdout.strip()
                if state in ("running", "degraded"):
                    return
            time.sleep(0.05)
        raise SystemdBoxError(
            f"systemd did not reach running within {self.boot_timeout} s (state {state!r})\n"
            f"{self.console_tail()}"
        )


def _copy_console(master: int, path: Path) -> None:
    """Append what the box's console receives to ``path`` until the pty closes."""
    with path.open("ab", buffering=0) as log:
        while True:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: no writer is left
                return
            if not data:
                return
            log.write(data.replace(b"\r", b""))  # systemd sets the tty to "\r\n" line ends


def _is_systemd(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/exe") == str(SYSTEMD.resolve())
    except OSError:
        return False


def _remove_cgroup(path: Path, timeout: float = 10.0) -> None:
    """Remove the box's cgroup tree, deepest first, once the killed processes are gone."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            for directory in sorted(
                (p for p in path.rglob("*") if p.is_dir()),
                key=lambda p: len(p.parts),
                reverse=True,
            ):
                directory.rmdir()
            path.rmdir()
            return
        except FileNotFoundError:
            if not path.exists():
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
