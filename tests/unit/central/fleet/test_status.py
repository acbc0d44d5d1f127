"""The fleet as the back office and ``python -m central fleet`` read it, from real heartbeats.

Kiosks post heartbeats (contract 1.1 and 1.2) to the running central; what would take ten
minutes of silence or a quarter of an hour of backlog is set up by moving the stored times
back, the one white-box step.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers.central import central_command, signed_session
from tests.helpers.office import KIOSK_A, KIOSK_B, StaffSession, execute, office_central


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with office_central(tmp_path_factory.mktemp("fleet"), backend) as server:
        yield server


def beat(central, kiosk, pending=0, dead=0, states=None, devices=None, kiosk_time=None):
    body = {
        "kiosk_time": (kiosk_time or dt.datetime.now(dt.UTC)).isoformat(),
        "version": "1.2.0",
        "uptime_seconds": 60,
        "outbox": {"pending": pending, "dead": dead},
        "devices": devices or {"printer": "ok", "card_reader": "ok", "scanner": "ok"},
    }
    if states is not None:
        body["device_states"] = states
    with signed_session(kiosk.kiosk_id, kiosk.secret) as session:
        response = session.post(f"{central.url}/v1/heartbeat", json=body, timeout=10)
    assert response.status_code == 200, response.text


def fleet(central):
    completed = central_command(
        "fleet", "--json", *central.database.args(), env=central.database.env()
    )
    return completed.returncode, {row["kiosk_id"]: row for row in json.loads(completed.stdout)}


OK_STATES = {
    "printer": {"health": "ok", "status": "online", "paper": "ok"},
    "card_reader": {"health": "ok", "status": "ready"},
    "scanner": {"health": "ok", "status": "ready"},
}


def test_a_kiosk_never_heard_from_stands_out(central):
    status, kiosks = fleet(central)
    assert status == 1
    assert kiosks[KIOSK_B.kiosk_id]["alerts"] == ["never_seen"]


def test_paper_out_and_a_device_error_stand_out_with_their_reasons(central):
    states = {
        **OK_STATES,
        "printer": {
            "health": "error",
            "status": "paper_out",
            "paper": "out",
            "detail": "the printer reports no paper (GS r 1: 0x0c)",
        },
    }
    beat(central, KIOSK_A, states=states, devices={"printer": "error", "card_reader": "ok"})
    _, kiosks = fleet(central)
    state = kiosks[KIOSK_A.kiosk_id]
    assert state["online"] and state["paper"] == "out"
    assert state["alerts"] == ["paper_out", "device_error"]
    assert state["devices"]["printer"]["detail"] == "the printer reports no paper (GS r 1: 0x0c)"
    page = StaffSession(central.url, "admin-kominfo").get("/office/fleet/").text
    assert "Kertas struk habis" in page and "GS r 1: 0x0c" in page


def test_a_kiosk_of_contract_1_1_shows_its_words(central):
    beat(central, KIOSK_B, devices={"printer": "ok", "card_reader": "unavailable"})
    _, kiosks = fleet(central)
    state = kiosks[KIOSK_B.kiosk_id]
    assert state["paper"] is None
    assert state["devices"]["card_reader"] == {
        "health": "unavailable",
        "status": "",
        "paper": None,
        "detail": "",
    }


def test_a_growing_backlog_and_a_silent_kiosk_stand_out(central):
    for pending in (2, 5, 9):
        beat(central, KIOSK_A, pending=pending, states=OK_STATES)
    _, kiosks = fleet(central)
    assert "backlog_growing" not in kiosks[KIOSK_A.kiosk_id]["alerts"]  # minutes, not seconds
    execute(
        central.database,
        "UPDATE fleet_outboxsample SET at = %s WHERE pending = 2",
        dt.datetime.now(dt.UTC) - dt.timedelta(minutes=8),
    )
    _, kiosks = fleet(central)
    assert kiosks[KIOSK_A.kiosk_id]["alerts"] == ["backlog_growing"]
    assert kiosks[KIOSK_A.kiosk_id]["outbox"] == {"pending": 9, "dead": 0}
    execute(
        central.database,
        "UPDATE fleet_heartbeat SET received_at = %s",
        dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11),
    )
    _, kiosks = fleet(central)
    assert not kiosks[KIOSK_A.kiosk_id]["online"]
    assert kiosks[KIOSK_A.kiosk_id]["alerts"][0] == "silent"
    page = StaffSession(central.url, "admin-kominfo").get("/office/fleet/").text
    assert "Tidak ada kabar lebih dari 10 menit" in page
    assert "Antrean kiriman terus bertambah" in page


def test_a_clock_off_and_refused_items_stand_out_and_all_clear_exits_0(central):
    beat(
        central,
        KIOSK_A,
        dead=2,
        states=OK_STATES,
        kiosk_time=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=3),
    )
    beat(central, KIOSK_B, states=OK_STATES)
    status, kiosks = fleet(central)
    assert status == 1
    assert kiosks[KIOSK_A.kiosk_id]["alerts"] == ["dead_items", "clock_off"]
    assert 170 < kiosks[KIOSK_A.kiosk_id]["clock_offset_seconds"] < 190
    beat(central, KIOSK_A, states=OK_STATES)
    status, kiosks = fleet(central)
    assert status == 0, kiosks
    assert all(state["alerts"] == [] for state in kiosks.values())
