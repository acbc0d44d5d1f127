"""``python -m central serve``: check everything, register development kiosks, then serve.

    serve --host H --port P [--db FILE | --database-url URL] [--kiosk ID:SECRET ...]
          [--kiosk-file FILE] [--catalog FILE] [--workers N]

The first line on stdout is ``serving on http://HOST:PORT`` (the real port when ``--port 0``)
once the socket listens; SIGTERM or SIGINT stop it cleanly. ``--kiosk`` registers (or
updates) development kiosks; ``--kiosk-file`` does the same from a file of ``ID:SECRET``
lines, so secrets never show in ``ps``. Production kiosks come from ``add-kiosk``.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections

from central import server
from central.api.apps import ApiConfig
from central.api.checks import contract
from central.catalog import CatalogError, load_catalog
from central.command import CentralCommand, usage_error
from central.environment import ConfigurationError
from central.letters.kinds import letter_services
from central.registry.kiosks import RegistryError, check_kiosk_id, set_development_kiosk, vault
from central.registry.models import Kiosk

log = logging.getLogger("central.serve")

#: A kiosk file is a handful of lines; anything bigger is the wrong file.
MAX_KIOSK_FILE_BYTES = 64 * 1024


def kiosk_spec(text: str) -> tuple[str, str]:
    """``ID:SECRET`` as given to ``--kiosk`` or on a line of ``--kiosk-file``."""
    kiosk_id, separator, secret = text.partition(":")
    try:
        check_kiosk_id(kiosk_id)
    except RegistryError:
        separator = ""
    if not separator or not secret or not secret.isprintable() or secret != secret.strip():
        raise argparse.ArgumentTypeError(
            "expected ID:SECRET with ID matching [A-Za-z0-9][A-Za-z0-9_-]{0,31} and a "
            "non-empty secret without surrounding spaces"
        )
    return kiosk_id, secret


def proxy_address(text: str) -> str:
    """``--trusted-proxy``: one IPv4 or IPv6 address."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an IPv4 or IPv6 address, found {text[:60]!r}"
        ) from None


def read_kiosk_file(path: Path) -> list[tuple[str, str]]:
    """The ``ID:SECRET`` lines of a kiosk file; blank lines and ``#`` comments are skipped."""
    try:
        data = path.read_bytes()[: MAX_KIOSK_FILE_BYTES + 1]
    except OSError as exc:
        raise usage_error(f"--kiosk-file {path}: cannot read it: {exc.strerror}") from exc
    if len(data) > MAX_KIOSK_FILE_BYTES:
        raise usage_error(f"--kiosk-file {path}: expected at most {MAX_KIOSK_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise usage_error(f"--kiosk-file {path}: expected UTF-8 text") from None
    kiosks = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            kiosks.append(kiosk_spec(line.strip()))
        except argparse.ArgumentTypeError as exc:
            raise usage_error(f"--kiosk-file {path}:{number}: {exc}") from None
    return kiosks


class Command(CentralCommand):
    """See the module docstring."""

    help = "Serve the kiosk API until SIGTERM or SIGINT."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The serving options."""
        parser.add_argument("--host", default="127.0.0.1", help="address to bind")
        parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks one")
        parser.add_argument(
            "--kiosk",
            dest="kiosks",
            metavar="ID:SECRET",
            action="append",
            default=[],
            type=kiosk_spec,
            help="register (or update) a development kiosk; repeat for more",
        )
        parser.add_argument(
            "--kiosk-file",
            type=Path,
            metavar="FILE",
            help="like --kiosk, one ID:SECRET a line, so secrets stay out of ps",
        )
        parser.add_argument(
            "--catalog",
            type=Path,
            help="catalog JSON file (default: $CENTRAL_CATALOG, else a small built-in one)",
        )
        parser.add_argument(
            "--trusted-proxy",
            type=proxy_address,
            metavar="ADDRESS",
            help="the reverse proxy's address: requests from it come from the address its "
            "X-Forwarded-For adds (default: $CENTRAL_TRUSTED_PROXY, else none)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            choices=range(1, 65),
            metavar="N",
            help="worker processes (1 to 64; default 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check, register, announce, serve."""
        kiosks: list[tuple[str, str]] = list(options["kiosks"])
        if options["kiosk_file"] is not None:
            kiosks += read_kiosk_file(options["kiosk_file"])
        ids = [kiosk_id for kiosk_id, _ in kiosks]
        if len(set(ids)) != len(ids):
            raise usage_error("--kiosk/--kiosk-file: the same kiosk id is given twice")
        try:
            catalog = load_catalog(
                options["catalog"] or settings.ENVIRONMENT.catalog, contract(), letter_services()
            )
            # Both keys now, so a missing or unreadable key file stops serve at start.
            str(settings.SECRET_KEY)
            vault().check()
            for kiosk_id, secret in kiosks:
                set_development_kiosk(kiosk_id, secret)
        except (CatalogError, ConfigurationError, RegistryError) as exc:
            raise usage_error(str(exc)) from None
        cast(ApiConfig, apps.get_app_config("api")).serve_catalog(catalog)
        active = list(Kiosk.objects.filter(is_active=True).values_list("kiosk_id", flat=True))
        log.info("Kiosks: %s", ", ".join(active) or "none yet (add-kiosk registers them)")
        # The workers fork from this process: none may inherit an open database connection.
        connections.close_all()
        try:
            server.serve(
                get_wsgi_application(),
                options["host"],
                options["port"],
                options["workers"],
                announce,
                trusted_proxy=options["trusted_proxy"] or settings.ENVIRONMENT.trusted_proxy,
            )
        except OSError as exc:
            raise usage_error(
                f"cannot serve on {options['host']}:{options['port']}: {exc}"
            ) from None


def announce(url: str) -> None:
    """The one line a supervisor or test waits for."""
    sys.stdout.write(f"serving on {url}\n")
    sys.stdout.flush()
