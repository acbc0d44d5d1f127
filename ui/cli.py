"""The ``kiosk`` command: the kiosk itself, its self-test, screenshots and config checks.

Only the commands that show the UI import Qt, so ``kiosk --check-config`` stays fast and
works on a machine without a display.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.clock import SystemClock
from kiosk.config import (
    Config,
    ConfigError,
    apply_local_settings,
    check_config_file,
    load_config,
)
from kiosk.logs import setup_logging

log = logging.getLogger("ui.cli")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
PRIVATE_UMASK = 0o077


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT such as 1080x1920, got {text!r}"
        ) from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"size {text!r} is outside 320x320 to 7680x7680")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    """The command line, documented in the README."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Anjungan Layanan Mandiri: a self-service public-service kiosk.",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="override file on top of the defaults (else $KIOSK_CONFIG)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="a normal window instead of fullscreen (development)",
    )
    parser.add_argument(
        "--size", type=_size, metavar="WxH", help="window size with --windowed (default 720x1280)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="simulated devices and the developer panel"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check config, devices and the first frame offscreen; exit 0 if all pass",
    )
    parser.add_argument(
        "--check-config",
        type=Path,
        metavar="PATH",
        help="check one config file and exit 0 (valid) or 2 (invalid)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    screenshots = commands.add_parser(
        "screenshots", help="render every screen of every flow to PNG files, in both languages"
    )
    screenshots.add_argument("--out", type=Path, required=True, metavar="DIR")
    screenshots.add_argument(
        "--size", type=_size, required=True, metavar="WxH", dest="screenshot_size"
    )
    simulate = commands.add_parser(
        "simulate", help="run simulated citizens through the real core (no Qt); print JSON"
    )
    simulate.add_argument("--sessions", type=_positive, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, default=0, metavar="S")
    sync = commands.add_parser("sync", help="deliver the outbox to the central API")
    sync.add_argument(
        "--drain",
        action="store_true",
        required=True,
        help="send everything pending; exit 0 only when the outbox is empty",
    )
    sync.add_argument("--timeout", type=float, default=60.0, metavar="S")
    set_pin = commands.add_parser(
        "set-pin", help="set a maintenance PIN (asked twice, 6 to 12 digits; stored only hashed)"
    )
    set_pin.add_argument(
        "--role",
        choices=("technician", "supervisor"),
        default="technician",
        help="supervisors may also exit to the desktop (default: technician)",
    )
    catalog = commands.add_parser("catalog", help="print the active service catalog (installers)")
    catalog.add_argument("--json", action="store_true", required=True)
    journal = commands.add_parser(
        "journal", help="print the journal's issued transactions, without personal data"
    )
    journal.add_argument("--json", action="store_true", required=True)
    journal.add_argument(
        "--all", action="store_true", help="also committed requests whose receipt has not printed"
    )
    devices = commands.add_parser("devices", help="check the configured hardware (installers)")
    device_commands = devices.add_subparsers(
        dest="devices_command", metavar="ACTION", required=True
    )
    status = device_commands.add_parser("status", help="each device's state as JSON")
    status.add_argument("--json", action="store_true", required=True)
    print_test = device_commands.add_parser(
        "print-test", help="print a test receipt; exit 0 only when the printer confirms it"
    )
    print_test.add_argument(
        "--document",
        action="store_true",
        help="an A4 test page on the document printer instead; exit 0 only when its job completed",
    )
    read_card = device_commands.add_parser(
        "read-card", help="print the reader, ATR and UID of the next card presented"
    )
    read_card.add_argument("--json", action="store_true", required=True)
    read_card.add_argument("--timeout", type=float, default=30.0, metavar="S")
    read_scan = device_commands.add_parser(
        "read-scan", help="print the next QR scan and how the kiosk parses it"
    )
    read_scan.add_argument("--json", action="store_true", required=True)
    read_scan.add_argument("--timeout", type=float, default=30.0, metavar="S")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    # Whatever the kiosk and the libraries it uses write (the journal, spool, caches, a
    # support export) is for its own user only, whatever umask it was started with.
    os.umask(PRIVATE_UMASK)
    args = build_parser().parse_args(argv)
    if args.check_config is not None:
        return _check_config(args.check_config)
    try:
        config = apply_local_settings(load_config(args.config))
    except ConfigError as error:
        sys.stderr.write(f"kiosk: invalid configuration: {error}\n")
        return EXIT_USAGE
    setup_logging(config.logging.level)
    if args.command == "set-pin":
        return _set_pin(config, args.role)
    if args.command == "simulate":
        from kiosk.lifecycle import ConfigurationError
        from kiosk.simulate import simulate

        try:
            summary = simulate(config, args.sessions, args.seed)
        except ConfigurationError as error:
            return _bad_file(error)
        return _print_json(summary)
    if args.command == "sync":
        return _sync_drain(config, args.timeout)
    if args.command == "journal":
        return _journal(config, include_unprinted=args.all)
    if args.command == "catalog":
        from kiosk.catalog import catalog_json
        from kiosk.datafile import DataFileError

        try:
            catalog = catalog_json(config)
        except DataFileError as error:
            return _bad_file(error)
        return _print_json(catalog)
    if args.command == "devices":
        return _devices(config, args)
    if args.command == "screenshots":
        from kiosk.lifecycle import ConfigurationError
        from ui.screenshots import take_screenshots

        try:
            return take_screenshots(config, args.out, args.screenshot_size)
        except ConfigurationError as error:
            return _bad_file(error)
    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test(config, sys.stdout)
    return _run_kiosk(config, args)


def _set_pin(config: Config, role_name: str) -> int:
    import getpass

    from kiosk.security import SecurityError, read_new_pin, role_names, set_pin

    try:
        path = set_pin(config, role_names()[role_name], read_new_pin(getpass.getpass))
    except (SecurityError, OSError) as error:
        sys.stderr.write(f"kiosk set-pin: {error}\n")
        return EXIT_FAILURE
    sys.stdout.write(f"kiosk set-pin: PIN for {role_name} stored (hashed) in {path}\n")
    return EXIT_OK


def _bad_file(error: Exception) -> int:
    """A bad setting or data file: its one-line message, exit 2."""
    sys.stderr.write(f"kiosk: invalid configuration: {error}\n")
    return EXIT_USAGE


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _print_json(data: object) -> int:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _sync_drain(config: Config, timeout: float) -> int:
    from kiosk.core import journal_path
    from kiosk.journal import Journal, OutboxKind
    from kiosk.sync import CentralClient, CentralSettings, SyncWorker

    settings = CentralSettings.from_config(config)
    if settings is None:
        sys.stderr.write(
            "kiosk sync: no central URL configured ([central] url or KIOSK_CENTRAL_URL)\n"
        )
        return EXIT_USAGE
    journal = Journal(journal_path(config), SystemClock())
    worker = SyncWorker(
        journal, CentralClient(settings), retention_days=config.journal.retention_days
    )
    try:
        empty = worker.drain(timeout)
        counts = journal.counts()
        receipts = journal.counts(OutboxKind.RECEIPT)
    finally:
        worker.stop()
        journal.close()
    sys.stdout.write(
        f"outbox: {counts.queued} queued, {counts.sent} sent, {counts.dead} dead; receipt "
        f"reports: {receipts.queued} queued, {receipts.sent} sent, {receipts.dead} dead\n"
    )
    return EXIT_OK if empty and counts.dead == receipts.dead == 0 else EXIT_FAILURE


def _journal(config: Config, include_unprinted: bool) -> int:
    from kiosk.core import journal_path
    from kiosk.journal import Journal, without_personal

    journal = Journal(journal_path(config), SystemClock())
    try:
        entries = journal.entries(issued_only=not include_unprinted)
    finally:
        journal.close()
    return _print_json([without_personal(entry) for entry in entries])


def _devices(config: Config, args: argparse.Namespace) -> int:
    from drivers.base import DriverError
    from drivers.registry import DriverConfigError
    from kiosk import installer

    try:
        if args.devices_command == "status":
            healthy, report = installer.device_status(config)
            _print_json(report)
            return EXIT_OK if healthy else EXIT_FAILURE
        if args.devices_command == "print-test" and args.document:
            document = installer.print_test_document(config, SystemClock())
            _print_json(
                {
                    "printed": document.ok,
                    "document": document.document_id,
                    "status": document.status.value,
                    "detail": document.detail,
                    "job": document.job_id,
                    "job_state": document.job_state.value if document.job_state else None,
                }
            )
            return EXIT_OK if document.ok else EXIT_FAILURE
        if args.devices_command == "print-test":
            outcome = installer.print_test(config, SystemClock())
            _print_json(
                {"printed": outcome.ok, "status": outcome.status.value, "detail": outcome.detail}
            )
            return EXIT_OK if outcome.ok else EXIT_FAILURE
        if args.devices_command == "read-scan":
            scan = installer.read_scan(config, args.timeout)
            if scan is None:
                sys.stderr.write(f"kiosk devices: no scan within {args.timeout:g} s\n")
                return EXIT_FAILURE
            _print_json(scan)
            return EXIT_OK if scan["parsed"]["kind"] != "rejected" else EXIT_FAILURE
        card = installer.read_card(config, args.timeout)
    except DriverConfigError as error:
        sys.stderr.write(f"kiosk devices: {error}\n")
        return EXIT_USAGE
    except DriverError as error:
        sys.stderr.write(f"kiosk devices: {error}\n")
        return EXIT_USAGE if args.devices_command != "read-scan" else EXIT_FAILURE
    if card is None:
        sys.stderr.write(f"kiosk devices: no card read within {args.timeout:g} s\n")
        return EXIT_FAILURE
    return _print_json(card)


def _check_config(path: Path) -> int:
    try:
        config: Config = check_config_file(path)
    except ConfigError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_USAGE
    sys.stdout.write(f"{path}: valid (kiosk id {config.kiosk.id})\n")
    return EXIT_OK


def _run_kiosk(config: Config, args: argparse.Namespace) -> int:
    from ui.pyside_scan import scan_without_caching

    scan_without_caching()  # before the kiosk's modules: 8 MB less, for good
    from ui.app import KioskApp, LaunchOptions, StartupError, gui_application

    qt_app = gui_application(sys.argv[:1])
    kiosk = KioskApp(config, LaunchOptions(demo=args.demo, windowed=args.windowed, size=args.size))
    try:
        kiosk.build_attract(qt_app)
    except StartupError as error:
        kiosk.shutdown()
        return _cannot_start(error)
    kiosk.show()  # the rest is built at the first frame; a failure there ends the loop
    status = qt_app.exec()
    kiosk.shutdown()
    if kiosk.startup_error is not None:
        return _cannot_start(kiosk.startup_error)
    return status


def _cannot_start(error: Exception) -> int:
    """Say why the kiosk cannot start; exit 2 for a configuration problem, else 1."""
    from kiosk.lifecycle import ConfigurationError

    log.error("Cannot start: %s", error)
    sys.stderr.write(f"kiosk: cannot start: {error}\n")
    return EXIT_USAGE if isinstance(error, ConfigurationError) else EXIT_FAILURE
