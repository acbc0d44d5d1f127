"""The counter page calls the hall's queue: next, again, skip, done, transfer; each audited.

Against the real server on SQLite and PostgreSQL: simulated kiosks take numbers
(:mod:`tests.helpers.hall`), counter staff log in through the office's form and tap the
page's buttons (its forms), and the kiosk's view of the ticket (Cek Status) and the hall
display's feed show each step.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import requests

from tests.helpers.hall import hall_central, offline_ticket, take_number
from tests.helpers.office import StaffSession


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with hall_central(tmp_path_factory.mktemp("counter"), backend) as server:
        yield server


def tap(staff, unit, desk, what, **fields):
    response = staff.post(f"/office/counter/{unit}/{desk}/{what}", fields)
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == f"/office/counter/{unit}/{desk}/"
    return staff.get(f"/office/counter/{unit}/{desk}/").text


def called_number(page):
    return re.search(r'id="called-number">([^<]+)<', page).group(1)


def feed(central, unit=""):
    url = f"{central.url}/display/{unit + '/' if unit else ''}feed"
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.json()


def audit_of(central, reference):
    return json.loads(central.cli("audit", "--target", reference, "--json"))


def test_a_desk_calls_only_tickets_that_printed_or_were_shown_in_order(central):
    desk = StaffSession(central.url, "loket-a1")
    assert desk.login_response.status_code == 302
    # A kiosk's offline ticket made earlier stands first; an unknown receipt is never called.
    early = offline_ticket(central, "A", prefix="K5", age=dt.timedelta(minutes=3))
    early.report("printed")
    shown = take_number(central, "A")
    shown.report("failed")
    uncertain = take_number(central, "A")
    uncertain.report("unknown")
    behind = take_number(central, "A")
    behind.report("printed")
    assert behind.status()["queue"]["ahead"] == 2
    page = tap(desk, "A", 1, "next")
    assert called_number(page) == early.number
    assert early.status()["queue"]["desk"] == 1
    assert behind.status()["queue"]["ahead"] == 1
    page = tap(desk, "A", 1, "done")
    assert early.status()["status"] == "done"
    assert called_number(tap(desk, "A", 1, "next")) == shown.number
    tap(desk, "A", 1, "done")
    assert called_number(tap(desk, "A", 1, "next")) == behind.number
    assert uncertain.status()["status"] == "received"
    assert "struk tidak pasti" in page
    entries = audit_of(central, early.reference)  # newest first
    assert [(entry["action"], entry["user"]) for entry in entries] == [
        ("queue_done", "loket-a1"),
        ("queue_call", "loket-a1"),
    ]
    assert entries[1]["detail"] == {"number": early.number, "unit": "A", "desk": 1}
    tap(desk, "A", 1, "done")


def test_recall_skip_call_back_and_the_display_shows_each_call(central):
    desk = StaffSession(central.url, "loket-a2")
    ticket = take_number(central, "A")
    ticket.report("printed")
    page = tap(desk, "A", 2, "next")
    assert called_number(page) == ticket.number
    last = feed(central, "A")["calls"][-1]
    assert (last["number"], last["desk"], last["repeat"]) == (ticket.number, 2, False)
    tap(desk, "A", 2, "recall")
    last = feed(central)["calls"][-1]
    assert (last["number"], last["repeat"]) == (ticket.number, True)
    page = tap(desk, "A", 2, "skip")
    assert ticket.status()["status"] == "skipped"
    entry = re.search(r'name="entry" value="([0-9]+)"', page).group(1)
    page = tap(desk, "A", 2, "call", entry=entry)
    assert called_number(page) == ticket.number
    assert ticket.status()["status"] == "called"
    tap(desk, "A", 2, "done")
    assert ticket.status()["status"] == "done"


def test_a_transferred_ticket_waits_at_the_other_unit_in_its_place(central):
    a_desk, b_desk = StaffSession(central.url, "loket-a1"), StaffSession(central.url, "loket-b3")
    ticket = take_number(central, "A")
    ticket.report("printed")
    waiting_b = take_number(central, "B")
    waiting_b.report("printed")
    assert called_number(tap(a_desk, "A", 1, "next")) == ticket.number
    tap(a_desk, "A", 1, "transfer", to="B")
    place = ticket.status()["queue"]
    assert (place["counter"], place["ahead"], place["desk"]) == ("B", 0, None)
    assert ticket.status()["status"] == "received"
    assert waiting_b.status()["queue"]["ahead"] == 1
    assert called_number(tap(b_desk, "B", 3, "next")) == ticket.number
    tap(b_desk, "B", 3, "done")


def test_nothing_waiting_and_acts_without_a_call_say_so(central):
    desk = StaffSession(central.url, "loket-b3")
    response = desk.post("/office/counter/B/3/skip")
    page = desk.get(response.headers["Location"]).text
    assert "Belum ada nomor yang dipanggil di loket ini." in page
    while "Tidak ada yang menunggu." not in page:
        page = tap(desk, "B", 3, "next")
        if called_number(page) != "—":
            page = tap(desk, "B", 3, "done")
    assert called_number(page) == "—"


def test_a_desk_is_its_officers_only(central):
    desk = StaffSession(central.url, "loket-a1")
    assert desk.get("/office/counter/B/3/").status_code == 404
    assert desk.post("/office/counter/B/3/next").status_code == 404
    assert desk.get("/office/counter/").status_code == 200
    operator = StaffSession(central.url, "op-kemiren")
    assert operator.get("/office/counter/").status_code == 403
    assert operator.post("/office/counter/A/1/next").status_code == 403
    # A queue ticket is not a request of the village's inbox.
    ticket = take_number(central, "C")
    assert operator.get(f"/office/requests/{ticket.reference}/").status_code == 404


def test_the_hall_display_needs_no_login_and_speaks_from_this_server(central):
    page = requests.get(f"{central.url}/display/", timeout=10)
    assert page.status_code == 200
    assert 'data-feed="/display/feed"' in page.text
    unit = requests.get(f"{central.url}/display/A", timeout=10)
    assert unit.status_code == 200 and "Dukcapil" in unit.text
    # Bahasa Indonesia first, English second, from the catalog's names.
    assert '<span class="en" lang="en">Queue A · Civil Registry (KTP, KK)</span>' in unit.text
    assert requests.get(f"{central.url}/display/Z", timeout=10).status_code == 404
    names = {row["unit"]: (row["name"], row["name_en"]) for row in feed(central)["waiting"]}
    assert sorted(names) == ["A", "B", "C", "D", "E", "F"]
    assert names["A"] == ("Dukcapil (KTP, KK, Akta)", "Civil Registry (KTP, KK)")
    spoken = requests.get(f"{central.url}/display/voice/A007/3.wav", timeout=20)
    assert (spoken.status_code, spoken.headers["Content-Type"]) == (200, "audio/wav")
    assert spoken.content[:4] == b"RIFF" and len(spoken.content) > 40_000
    assert requests.get(f"{central.url}/display/voice/A007/0.wav", timeout=10).status_code == 404
    chime = requests.get(f"{central.url}/display/chime.wav", timeout=10)
    assert chime.content[:4] == b"RIFF"
