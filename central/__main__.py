"""``python -m central``: serve the reference API and manage its database.

Commands:
    serve       Serve the API; the first stdout line is ``serving on http://HOST:PORT``.
    export      Print every stored transaction as a JSON array, in receipt order.
    add-card    Register an e-KTP card UID with the identity it stands for.
    add-preregistration
                Store a pre-registration (the token of an ``ALM-PRE1:`` QR) for a service.
    set-status  Move a transaction along, for demos and status-check tests.

Logs go to stderr; stdout carries only the documented output, so scripts can read it.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from central.api import Api, utc_now
from central.catalog import CatalogError, load_catalog
from central.contract import Contract, load_spec
from central.identity import hash_pin, mask_name, mask_nik, nik_birth_date_is_possible
from central.server import serve
from central.store import Card, Preregistration, Store, TransactionState
from kiosk.logs import setup_logging

log = logging.getLogger("central.cli")

_KIOSK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
_UID = re.compile(r"[0-9A-F]{8,20}")
_NIK = re.compile(r"[0-9]{16}")
_PIN = re.compile(r"[0-9]{4,8}")
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")
#: The contract's pre-registration token: URL-safe base64 alphabet, no padding.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SERVICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is 0 on success."""
    parser = _parser()
    args = parser.parse_args(argv)
    setup_logging(args.log_level)
    if args.command in ("export", "set-status") and not args.db.exists():
        parser.error(f"no database at {args.db}")
    return int(args.run(args, parser))


def _parser() -> argparse.ArgumentParser:
    """The command line, one subcommand per task."""
    parser = argparse.ArgumentParser(
        prog="python -m central", description="Reference server of the central API."
    )
    parser.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING"))
    commands = parser.add_subparsers(dest="command", required=True)
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--db", type=Path, default=Path("central.sqlite"), help="SQLite database file"
    )

    serve_cmd = commands.add_parser(
        "serve", parents=[database], help="serve the API until SIGTERM or SIGINT"
    )
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to bind")
    serve_cmd.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks one")
    serve_cmd.add_argument(
        "--kiosk",
        dest="kiosks",
        metavar="ID:SECRET",
        action="append",
        required=True,
        type=_kiosk,
        help="a kiosk allowed to call the API and its signing secret; repeat for more",
    )
    serve_cmd.add_argument(
        "--catalog", type=Path, help="catalog JSON file (default: a small built-in one)"
    )
    serve_cmd.set_defaults(run=_serve)

    export_cmd = commands.add_parser(
        "export", parents=[database], help="print every transaction as JSON"
    )
    export_cmd.set_defaults(run=_export)

    card_cmd = commands.add_parser(
        "add-card", parents=[database], help="register a card UID and its identity"
    )
    card_cmd.add_argument("--uid", required=True, type=_uid, help="the card's UID, hex")
    card_cmd.add_argument("--nik", required=True, type=_matching(_NIK, "16 digits"))
    card_cmd.add_argument("--name", required=True, type=_name)
    card_cmd.add_argument(
        "--pin",
        type=_matching(_PIN, "4-8 digits"),
        help="confirm with this PIN, not the date of birth",
    )
    card_cmd.set_defaults(run=_add_card)

    prereg_cmd = commands.add_parser(
        "add-preregistration",
        parents=[database],
        help="store a pre-registration that a kiosk finds by its QR token",
    )
    prereg_cmd.add_argument(
        "--token",
        required=True,
        type=_matching(_TOKEN, "16-64 characters of A-Z a-z 0-9 _ -"),
        help="the token the citizen's QR carries after ALM-PRE1:",
    )
    prereg_cmd.add_argument(
        "--service", required=True, type=_matching(_SERVICE, "a catalog service id")
    )
    prereg_cmd.add_argument("--nik", required=True, type=_matching(_NIK, "16 digits"))
    prereg_cmd.add_argument("--name", required=True, type=_name)
    prereg_cmd.set_defaults(run=_add_preregistration)

    status_cmd = commands.add_parser(
        "set-status", parents=[database], help="move a transaction to another status"
    )
    status_cmd.add_argument("reference", type=_matching(_REFERENCE, "a transaction reference"))
    status_cmd.add_argument("status", choices=[state.value for state in TransactionState])
    status_cmd.set_defaults(run=_set_status)
    return parser


def _serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Open the store and serve; the URL goes to stdout once the socket listens."""
    kiosks = dict(args.kiosks)
    if len(kiosks) != len(args.kiosks):
        parser.error("--kiosk: the same kiosk id is given twice")
    contract = Contract(load_spec())
    try:
        catalog = load_catalog(args.catalog, contract)
    except CatalogError as exc:
        parser.error(str(exc))
    store = Store(args.db)
    log.info("Kiosks: %s", ", ".join(sorted(kiosks)))
    try:
        serve(args.host, args.port, Api(store, kiosks, catalog, contract), _announce)
    except OSError as exc:
        parser.exit(1, f"python -m central serve: cannot serve on {args.host}:{args.port}: {exc}\n")
    finally:
        store.close()
    return 0


def _announce(url: str) -> None:
    """The one line a supervisor or test waits for."""
    sys.stdout.write(f"serving on {url}\n")
    sys.stdout.flush()


def _export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Every stored transaction as a JSON array, in receipt order."""
    store = Store(args.db)
    try:
        rows = store.list_transactions(None, 0, -1)
    finally:
        store.close()
    exported = [
        {
            "kiosk_id": row.kiosk_id,
            "idempotency_key": row.idempotency_key,
            "reference": row.reference,
            "service": row.service,
            "created_at": row.created_at,
        }
        for row in rows
    ]
    sys.stdout.write(json.dumps(exported, indent=2, ensure_ascii=False) + "\n")
    return 0


def _add_card(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Register (or replace) a card; the PIN is kept only as a salted hash."""
    if not args.pin and not nik_birth_date_is_possible(args.nik):
        parser.error("--nik: digits 7 to 12 are no date of birth to confirm with; give --pin")
    store = Store(args.db)
    try:
        pin_hash = hash_pin(args.pin) if args.pin else None
        store.add_card(Card(args.uid, args.nik, args.name, pin_hash))
    finally:
        store.close()
    log.info(
        "Card %s registered for %s %s, confirmed with %s",
        args.uid,
        mask_nik(args.nik),
        mask_name(args.name),
        "a PIN" if pin_hash else "the date of birth",
    )
    return 0


def _add_preregistration(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Store (or replace) a pre-registration; its QR is ``ALM-PRE1:<token>``."""
    store = Store(args.db)
    try:
        store.add_preregistration(Preregistration(args.token, args.service, args.nik, args.name))
    finally:
        store.close()
    log.info(
        "Pre-registration for %s stored for %s %s",
        args.service,
        mask_nik(args.nik),
        mask_name(args.name),
    )
    return 0


def _set_status(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Move a transaction along, as an officer's system would."""
    store = Store(args.db)
    try:
        found = store.set_status(args.reference, TransactionState(args.status), utc_now())
    finally:
        store.close()
    if not found:
        parser.exit(1, f"python -m central set-status: no transaction {args.reference}\n")
    log.info("Transaction %s is now %s", args.reference, args.status)
    return 0


def _kiosk(text: str) -> tuple[str, str]:
    """``ID:SECRET`` as given to ``--kiosk``."""
    kiosk_id, separator, secret = text.partition(":")
    if not separator or not _KIOSK_ID.fullmatch(kiosk_id) or not secret:
        raise argparse.ArgumentTypeError(
            f"expected ID:SECRET with ID matching {_KIOSK_ID.pattern} and a non-empty secret"
        )
    return kiosk_id, secret


def _matching(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    """An argparse type that accepts only values matching ``pattern``."""

    def check(text: str) -> str:
        if not pattern.fullmatch(text):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return text

    return check


def _uid(text: str) -> str:
    """A card UID in the upper-case hex the API's paths use."""
    uid = text.strip().upper()
    if not _UID.fullmatch(uid):
        raise argparse.ArgumentTypeError(f"expected 8 to 20 hex digits, got {text!r}")
    return uid


def _name(text: str) -> str:
    """A citizen's name as printed on the e-KTP: words separated by single spaces."""
    name = " ".join(text.split())
    if not name or len(name) > 128:
        raise argparse.ArgumentTypeError("expected a name of 1 to 128 characters")
    return name


if __name__ == "__main__":
    sys.exit(main())
