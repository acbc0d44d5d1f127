"""A Mal Pelayanan Publik's hall as tests drive it: kiosks that take numbers, counter staff.

    with hall_central(tmp_path, backend) as central:
        ticket = take_number(central, "A")            # online: central numbers it
        ticket.report("printed")                      # now it waits
        desk = StaffSession(central.url, "loket-a1")  # petugas_loket of unit A, desk 1

A simulated kiosk does what the kiosk's outbox does (contract, "Queue tickets"): it asks
``POST /v1/queue/{counter}/tickets``, stores the ticket with ``POST /v1/transactions``
under the same ``Idempotency-Key`` and reports its receipt; offline it numbers the ticket
itself (``K1-A003``). The catalog is the office tests' with closing times: ``E`` does not
open on any day and ``F`` closed at midnight, so both are closed whenever a test runs;
``B`` has a first service time of 4 minutes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from tests.helpers.central import Backend, RunningCentral, SqliteBackend, run_cli, running_central
from tests.helpers.office import KIOSK_A, Kiosk, letter_catalog, password_of, seed

#: Counter staff: unit and desk of each account.
DESKS: Mapping[str, tuple[str, int]] = {
    "loket-a1": ("A", 1),
    "loket-a2": ("A", 2),
    "loket-b3": ("B", 3),
}
_SERIAL = itertools.count(1)


def hall_catalog(folder: Path) -> Path:
    """The office tests' catalog, its counters given closing and service times."""
    path = letter_catalog(folder)
    catalog = json.loads(path.read_text(encoding="utf-8"))
    rules: Mapping[str, Mapping[str, Any]] = {
        "A": {"closes_at": "23:59"},
        "B": {"service_minutes": 4},
        "E": {"closes_at": {"default": None}},
        "F": {"closes_at": "00:00"},
    }
    for counter in catalog["counters"]:
        counter.update(rules.get(counter["code"], {}))
    catalog["version"] = "hall-tests"
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return path


@contextmanager
def hall_central(
    tmp_path: Path,
    backend: Backend | None = None,
    desks: Mapping[str, tuple[str, int]] = DESKS,
    extra_args: tuple[str, ...] = (),
) -> Iterator[RunningCentral]:
    """The office tests' seeded central, with counter staff (``desks``) and the hall's catalog."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    database = (backend or SqliteBackend()).database(tmp_path)
    seed(database, tmp_path)
    catalog = hall_catalog(tmp_path)
    for username, (unit, desk) in desks.items():
        run_cli(
            "add-user",
            "--username",
            username,
            "--role",
            "petugas_loket",
            "--unit",
            unit,
            "--desk",
            str(desk),
            *database.args(),
            env={**database.env(), "CENTRAL_CATALOG": str(catalog)},
            stdin=password_of(username) + "\n",
        )
    with running_central(
        tmp_path, {}, catalog=catalog, database=database, extra_args=extra_args
    ) as central:
        # A worker's first request loads the contract and the catalog: do it before a kiosk
        # asks for a number with its 2 s patience (a loaded machine takes longer).
        with central.signed_session(KIOSK_A.kiosk_id, KIOSK_A.secret) as session:
            session.get(f"{central.url}/v1/catalog", timeout=30).raise_for_status()
            session.get(f"{central.url}/display/feed", timeout=30).raise_for_status()
        yield central


@dataclass
class Ticket:
    """A queue ticket a simulated kiosk issued: its number, reference and what central said."""

    central: RunningCentral
    kiosk: Kiosk
    key: str
    reference: str
    number: str
    issued: dict[str, Any] | None

    def session(self) -> requests.Session:
        """A session signing as the issuing kiosk."""
        return self.central.signed_session(self.kiosk.kiosk_id, self.kiosk.secret)

    def report(self, outcome: str) -> None:
        """Report the receipt's outcome, as the kiosk's outbox does after printing."""
        with self.session() as session:
            response = session.post(
                f"{self.central.url}/v1/transactions/{self.reference}/receipt",
                json={"outcome": outcome, "at": _now()},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
        assert response.status_code == 200, response.text

    def status(self) -> dict[str, Any]:
        """``GET /v1/transactions/{reference}`` as the issuing kiosk."""
        with self.session() as session:
            response = session.get(
                f"{self.central.url}/v1/transactions/{self.reference}", timeout=10
            )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


def _now(offset: dt.timedelta = dt.timedelta()) -> str:
    return (dt.datetime.now().astimezone() + offset).isoformat(timespec="seconds")


def take_number(
    central: RunningCentral, counter: str, kiosk: Kiosk = KIOSK_A, *, store: bool = True
) -> Ticket:
    """An online kiosk's ticket: central's number, then (``store``) the ticket itself."""
    key = str(uuid.uuid4())
    with central.signed_session(kiosk.kiosk_id, kiosk.secret) as session:
        response = session.post(
            f"{central.url}/v1/queue/{counter}/tickets",
            json={},
            headers={"Idempotency-Key": key},
            timeout=10,
        )
    assert response.status_code == 201, response.text
    issued = response.json()
    reference = f"{kiosk.part}-{dt.date.today():%Y%m%d}-Q{next(_SERIAL)}-{issued['number']}"
    ticket = Ticket(central, kiosk, key, reference, issued["number"], issued)
    if store:
        store_ticket(ticket, counter, _now())
    return ticket


def offline_ticket(
    central: RunningCentral,
    counter: str,
    *,
    kiosk: Kiosk = KIOSK_A,
    prefix: str = "K1",
    age: dt.timedelta = dt.timedelta(),
) -> Ticket:
    """A ticket the kiosk numbered itself (``K1-A003``) ``age`` ago, stored now."""
    number = f"{prefix}-{counter}{next(_SERIAL) % 1000:03d}"
    reference = f"{kiosk.part}-{dt.date.today():%Y%m%d}-{number}"
    ticket = Ticket(central, kiosk, str(uuid.uuid4()), reference, number, None)
    store_ticket(ticket, counter, _now(-age))
    return ticket


def store_ticket(ticket: Ticket, counter: str, created_at: str) -> None:
    """``POST /v1/transactions`` of a queue ticket under the ticket's key."""
    body = {
        "reference": ticket.reference,
        "service": "antrian",
        "created_at": created_at,
        "language": "id",
        "fields": {"counter": counter, "number": ticket.number},
        "identity": None,
    }
    with ticket.session() as session:
        response = session.post(
            f"{ticket.central.url}/v1/transactions",
            json=body,
            headers={"Idempotency-Key": ticket.key},
            timeout=10,
        )
    assert response.status_code == 201, response.text
