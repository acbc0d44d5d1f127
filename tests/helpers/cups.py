"""A real CUPS from Debian for tests, and an IPP Everywhere printer simulated on loopback.

``CupsServer`` runs ``/usr/sbin/cupsd -f`` with its own configuration folder, spool,
logs, port (127.0.0.1 only) and socket, none of them the system's: tests point libcups
at it with ``CUPS_SERVER=<socket>`` (or the driver's ``server``), and it is stopped
and removed at the end. Its ``cupsd.conf`` is what the README asks of a kiosk: CUPS
keeps no document once a job is done (``PreserveJobFiles No``) and keeps the job
history without files (``PreserveJobHistory Yes``), which the driver reads a job's
``completed`` from. Its folder is under /tmp with mode 0755 because filters run as
user ``lp`` and must reach its temporary folder.

Queues: ``add_pdf_queue`` is a cups-pdf queue (Debian's printer-driver-cups-pdf); its
backend writes each job, re-rendered by Ghostscript, to ``~/PDF`` of the submitting
user (``cups_pdf_output`` finds it by the job's title). ``add_everywhere_queue`` is a
driverless IPP Everywhere queue, as installers make them, for an ``IppEvePrinter``:
CUPS's ``ippeveprinter`` on a loopback port, which keeps what it received (``-k``)
and whose web forms set its media and supplies. ippeveprinter needs DNS-SD, so
``dnssd_running`` starts the system D-Bus and avahi-daemon if they are not running;
that is machine-wide, so it holds ``/run/lock/kiosk-tests-dnssd.lock`` while it
checks and starts them, and leaves them running for other runs (as a system's own).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import html
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

CUPSD = Path("/usr/sbin/cupsd")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
DBUS_SOCKET = Path("/run/dbus/system_bus_socket")
DNSSD_LOCK = Path("/run/lock/kiosk-tests-dnssd.lock")
PR_SET_PDEATHSIG = 1
#: Looked up here, in the parent: the forked child must not load libraries.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
StateDir {root}/run
CacheDir {root}/cache
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
User lp
Group lp
SystemGroup root
PeerCred on
"""

CUPSD_CONF = """\
LogLevel info
Listen 127.0.0.1:{port}
Listen {root}/cups.sock
Browsing No
WebInterface No
# What the README asks of a kiosk: letters carry full NIKs, so CUPS keeps no document
# once its job is done, only the job history the kiosk reads "completed" from.
PreserveJobFiles No
PreserveJobHistory Yes
DefaultAuthType Basic
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  <Limit Create-Job Print-Job Print-URI Validate-Job>
    Order deny,allow
  </Limit>
  <Limit Send-Document Send-URI Hold-Job Release-Job Restart-Job Purge-Jobs Set-Job-Attributes Create-Job-Subscription Renew-Subscription Cancel-Subscription Get-Notifications Reprocess-Job Cancel-Current-Job Suspend-Current-Job Resume-Job Cancel-My-Jobs Close-Job CUPS-Move-Job Cancel-Job CUPS-Authenticate-Job>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class CUPS-Set-Default CUPS-Get-Devices Pause-Printer Resume-Printer Enable-Printer Disable-Printer CUPS-Accept-Jobs CUPS-Reject-Jobs Cancel-Jobs CUPS-Get-Document>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""  # noqa: E501 (cupsd wants each Limit's operations on one line)


def missing_stack_reason(*, ippeveprinter: bool = False) -> str | None:
    """Why the CUPS test stack cannot run here (the Debian package to install), or None."""
    needs = [
        (CUPSD, "cups"),
        (Path(shutil.which("lpadmin") or "/usr/sbin/lpadmin"), "cups-client"),
        (CUPS_PDF_BACKEND, "printer-driver-cups-pdf"),
        (CUPS_PDF_PPD, "printer-driver-cups-pdf"),
        (Path(shutil.which("pdftotext") or "/usr/bin/pdftotext"), "poppler-utils"),
    ]
    if ippeveprinter:
        needs += [
            (Path(shutil.which("ippeveprinter") or "/usr/sbin/ippeveprinter"), "cups-ipp-utils"),
            (Path(shutil.which("dbus-daemon") or "/usr/bin/dbus-daemon"), "dbus"),
            (Path(shutil.which("avahi-daemon") or "/usr/sbin/avahi-daemon"), "avahi-daemon"),
        ]
    for path, package in needs:
        if not path.exists():
            return f"{path} is missing (apt-get install -y {package})"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, so no daemon is left behind."""
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _terminate(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10.0)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5.0)


class CupsServer:
    """One cupsd with everything in its own folder; ``socket`` is its CUPS_SERVER."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> str:
        """The domain socket, for ``CUPS_SERVER`` or the driver's ``server``."""
        return str(self.root / "cups.sock")

    @property
    def env(self) -> dict[str, str]:
        """Environment that points libcups (and the CUPS commands) at this server."""
        return {"CUPS_SERVER": self.socket}

    @property
    def log(self) -> str:
        """cupsd's error log so far, for assertion messages."""
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, timeout: float = 20.0) -> None:
        """Write the configuration, start cupsd and wait until it answers."""
        for folder in ("etc/ppd", "spool/tmp", "run", "cache", "log"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        files = self.root / "etc" / "cups-files.conf"
        conf = self.root / "etc" / "cupsd.conf"
        files.write_text(CUPS_FILES_CONF.format(root=self.root))
        conf.write_text(CUPSD_CONF.format(root=self.root, port=self.port))
        with (self.root / "log" / "cupsd.out").open("ab") as out:
            self._process = subprocess.Popen(
                [str(CUPSD), "-f", "-c", str(conf), "-s", str(files)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                hint = "" if os.geteuid() == 0 else " (it needs root)"
                raise RuntimeError(
                    f"cupsd exited with {self._process.returncode}{hint}: {self.log[-2000:]}"
                )
            ready = subprocess.run(
                ["lpstat", "-r"], env={**os.environ, **self.env}, capture_output=True, text=True
            )
            if ready.returncode == 0 and "not running" not in ready.stdout:
                return
            if time.monotonic() >= deadline:
                raise RuntimeError(f"cupsd did not answer within {timeout} s: {self.log[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop cupsd and remove its folder."""
        _terminate(self._process)
        self._process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, *command: str) -> str:
        """Run a CUPS command (lpadmin, cupsdisable, lpstat, ...) against this server."""
        result = subprocess.run(
            command, env={**os.environ, **self.env}, capture_output=True, text=True, timeout=60
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {result.stderr.strip()}")
        return result.stdout

    def add_pdf_queue(self, name: str) -> None:
        """A cups-pdf queue: jobs land in ``~/PDF`` as PDFs (``cups_pdf_output``)."""
        self.run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD))

    def add_everywhere_queue(self, name: str, printer_uri: str) -> None:
        """A driverless IPP Everywhere queue, as the README tells installers to make one."""
        self.run("lpadmin", "-p", name, "-E", "-v", printer_uri, "-m", "everywhere")

    def disable(self, name: str) -> None:
        """``cupsdisable``: the queue stops (state stopped, reason paused)."""
        self.run("cupsdisable", name)

    def reject(self, name: str) -> None:
        """``cupsreject``: the queue refuses new jobs."""
        self.run("cupsreject", name)

    def spooled_documents(self) -> list[Path]:
        """Document files CUPS still holds in its spool (``d*``), for the privacy check."""
        return sorted((self.root / "spool").glob("d*"))


def cups_pdf_output(title: str, timeout: float = 30.0) -> Path:
    """The PDF cups-pdf wrote for the job titled ``title`` (in the submitting user's ~/PDF)."""
    folder = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
    deadline = time.monotonic() + timeout
    while True:
        found = sorted(folder.glob(f"{title}*.pdf"))
        if found and found[0].stat().st_size > 0:
            return found[0]
        if time.monotonic() >= deadline:
            raise AssertionError(f"cups-pdf wrote no {title}*.pdf in {folder} within {timeout} s")
        time.sleep(0.2)


def remove_cups_pdf_output(title: str) -> None:
    """Delete what cups-pdf wrote for ``title``: the tests' letters are no one's to keep."""
    folder = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
    for path in folder.glob(f"{title}*.pdf"):
        path.unlink(missing_ok=True)


def pdf_text(path: Path) -> str:
    """The text poppler's pdftotext reads from ``path``."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@contextlib.contextmanager
def _machine_lock(path: Path, timeout: float = 100.0) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RuntimeError(f"{path} held by another test run for {timeout} s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _dbus_answers() -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(DBUS_SOCKET))
        except OSError:
            return False
    return True


def _avahi_answers() -> bool:
    return subprocess.run(["avahi-daemon", "--check"], capture_output=True).returncode == 0


def dnssd_running(timeout: float = 20.0) -> None:
    """Make sure the system D-Bus and avahi-daemon run (ippeveprinter registers with them)."""
    with _machine_lock(DNSSD_LOCK):
        if not _dbus_answers():
            Path("/run/dbus").mkdir(parents=True, exist_ok=True)
            DBUS_SOCKET.unlink(missing_ok=True)
            Path("/run/dbus/pid").unlink(missing_ok=True)
            subprocess.run(["dbus-daemon", "--system", "--fork"], check=True, capture_output=True)
        if not _avahi_answers():
            Path("/run/avahi-daemon/pid").unlink(missing_ok=True)
            subprocess.run(
                ["avahi-daemon", "--no-drop-root", "-D"], check=True, capture_output=True
            )
        deadline = time.monotonic() + timeout
        while not (_dbus_answers() and _avahi_answers()):
            if time.monotonic() >= deadline:
                raise RuntimeError(f"D-Bus or avahi-daemon did not come up within {timeout} s")
            time.sleep(0.1)


class IppEvePrinter:
    """CUPS's ``ippeveprinter`` on 127.0.0.1: an IPP Everywhere printer that keeps its jobs."""

    def __init__(self, spool: Path, name: str = "KioskTestA4") -> None:
        self.spool = spool
        self.name = name
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        """The printer's IPP URI, as an installer gives it to ``lpadmin -v``."""
        return f"ipp://localhost:{self.port}/ipp/print"

    def start(self, timeout: float = 20.0) -> None:
        """Start it (D-Bus and avahi first) and wait until its web page answers."""
        dnssd_running()
        self.spool.mkdir(parents=True, exist_ok=True)
        with (self.spool.parent / f"ippeveprinter-{self.port}.log").open("ab") as out:
            self._process = subprocess.Popen(
                [
                    shutil.which("ippeveprinter") or "/usr/sbin/ippeveprinter",
                    "-p", str(self.port),
                    "-k",
                    "-d", str(self.spool),
                    "-f", "application/pdf,image/pwg-raster",
                    "-n", "localhost",
                    self.name,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"ippeveprinter exited with {self._process.returncode}")
            with contextlib.suppress(OSError):
                self._get("/")
                return
            if time.monotonic() >= deadline:
                raise RuntimeError(f"ippeveprinter did not answer within {timeout} s")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop it, as a printer switched off."""
        _terminate(self._process)
        self._process = None

    def received(self) -> list[Path]:
        """The documents it received, as it received them (``-k``)."""
        return sorted(path for path in self.spool.iterdir() if path.is_file())

    def set_main_tray(self, sheets: int) -> None:
        """Load ``sheets`` of A4 in the main tray through the media web form (0: empty)."""
        form = self._get("/media")
        trays = sorted(set(re.findall(r'<select name="size(\d+)">', form)), key=int)
        query: dict[str, str] = {}
        for index in trays:
            for field in ("size", "type", "level"):
                query[f"{field}{index}"] = _selected(form, f"{field}{index}")
        main = trays[0]
        query[f"size{main}"] = "iso_a4_210x297mm"
        query[f"type{main}"] = "stationery"
        query[f"level{main}"] = str(sheets)
        self._get("/media?" + urllib.parse.urlencode(query))

    def set_supplies(self, **levels: int) -> None:
        """Set supply levels through the supplies web form, e.g. ``supply1=5`` (toner low)."""
        self._get("/supplies?" + urllib.parse.urlencode({k: str(v) for k, v in levels.items()}))

    def _get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as reply:
            text: str = reply.read().decode("utf-8", "replace")
            return text


def _selected(form: str, name: str) -> str:
    """The value a select of ippeveprinter's form has now (its first option if none is)."""
    match = re.search(rf'<select name="{name}">(.*?)</select>', form, re.S)
    if match is None:
        return ""
    options = re.findall(r"<option( value=\"([^\"]*)\")?( selected)?>([^<]*)</option>", match[1])
    chosen = next((option for option in options if option[2]), options[0] if options else None)
    if chosen is None:
        return ""
    return html.unescape(chosen[1] if chosen[0] else chosen[3])


@pytest.fixture(scope="module")
def cups_server() -> Iterator[CupsServer]:
    """A running cupsd of the tests' own for the whole module; skips if CUPS is missing."""
    reason = missing_stack_reason()
    if reason is not None:
        pytest.skip(reason)
    server = CupsServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pdf_queue(cups_server: CupsServer) -> str:
    """A new cups-pdf queue on the module's cupsd, enabled and accepting jobs."""
    queue = f"kiosk-pdf-{uuid.uuid4().hex[:10]}"
    cups_server.add_pdf_queue(queue)
    return queue


@pytest.fixture
def ippeveprinter(tmp_path: Path) -> Iterator[IppEvePrinter]:
    """A running simulated IPP Everywhere printer with A4 loaded; skips if it is missing."""
    reason = missing_stack_reason(ippeveprinter=True)
    if reason is not None:
        pytest.skip(reason)
    printer = IppEvePrinter(tmp_path / "ippeve-spool")
    try:
        printer.start()
        printer.set_main_tray(250)
        yield printer
    finally:
        printer.stop()


@contextlib.contextmanager
def default_server(server: CupsServer) -> Iterator[None]:
    """Make ``server`` libcups's default, for a driver built without a server (as the kiosk's).

    libcups keeps its default per thread, read from ``CUPS_SERVER`` once: the environment
    covers threads not started yet, ``cups.setServer`` this one; both are restored after.
    """
    import cups

    before = cups.getServer()
    previous = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = server.socket
    cups.setServer(server.socket)
    try:
        yield
    finally:
        cups.setServer(before)
        if previous is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous
