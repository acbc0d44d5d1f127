"""Every scope boundary of the back office, on SQLite and PostgreSQL, through the real server.

Two villages (Kemiren in Glagah, Kembiritan in Genteng), each with its kiosk, and one account
per role. Each account's inbox lists exactly its scope; every URL that names a reference
(read from ``central/office/urls.py``, so a page added later is tried too) answers a record
of another scope exactly as it answers a reference that does not exist; nothing out of scope
changes, whatever is posted; the role-wide pages (poverty, complaints, fleet, staff, audit)
show each role its own.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers.central import ROOT
from tests.helpers.office import (
    IDENTITY,
    KIOSK_A,
    KIOSK_B,
    StaffSession,
    listed_references,
    office_central,
    submit,
    without_tokens,
)

LOCATION = {"location": "Krajan/001/002"}


@pytest.fixture(scope="module")
def office(tmp_path_factory, backend):
    with office_central(tmp_path_factory.mktemp("office"), backend) as central:
        records = {
            "sm_a": submit(
                central,
                KIOSK_A,
                "surat_miskin",
                {"cause": "income", "household_size": "4", "address": "Krajan/001/002"},
                identity=IDENTITY,
            ),
            "sktm_a": submit(central, KIOSK_A, "sktm", {"purpose": "school"}, identity=IDENTITY),
            "adu_a": submit(central, KIOSK_A, "pengaduan", {"category": "social_aid"}),
            "adu_a2": submit(central, KIOSK_A, "pengaduan", {"category": "environment"}),
            "lwm_a": submit(
                central,
                KIOSK_A,
                "warga_miskin",
                {"cause": "health,debt", **LOCATION},
                identity=IDENTITY,
            ),
            "rtlh_a": submit(central, KIOSK_A, "rtlh", LOCATION, identity=IDENTITY),
            "queue_a": submit(central, KIOSK_A, "antrian", {"counter": "A"}),
            "sm_b": submit(
                central,
                KIOSK_B,
                "surat_miskin",
                {"cause": "disaster", "address": "Krajan/003/001"},
                identity=IDENTITY,
            ),
            "adu_b": submit(central, KIOSK_B, "pengaduan", {"category": "infrastructure"}),
            "lwm_b": submit(
                central, KIOSK_B, "warga_miskin", {"cause": "income", **LOCATION}, identity=IDENTITY
            ),
            "rtlh_b": submit(central, KIOSK_B, "rtlh", LOCATION, identity=IDENTITY),
        }
        op_a = StaffSession(central.url, "op-kemiren")
        op_b = StaffSession(central.url, "op-kembiritan")
        assert (
            op_a.post(f"/office/requests/{records['adu_a']}/route", {"opd": "DINSOS"}).status_code
            == 302
        )
        assert (
            op_b.post(f"/office/requests/{records['adu_b']}/route", {"opd": "DLH"}).status_code
            == 302
        )
        yield central, records


VILLAGE_A = {"sm_a", "sktm_a", "adu_a", "adu_a2", "lwm_a", "rtlh_a"}
VILLAGE_B = {"sm_b", "adu_b", "lwm_b", "rtlh_b"}
POVERTY = {"sm_a", "lwm_a", "rtlh_a", "sm_b", "lwm_b", "rtlh_b"}
#: What each account's inbox holds (queue tickets belong to no inbox).
SCOPES = {
    "op-kemiren": VILLAGE_A,
    "kades-kemiren": VILLAGE_A,
    "op-kembiritan": VILLAGE_B,
    "ugd-siti": POVERTY,
    "dinsos-agus": {"adu_a"},
    "dlh-wahyu": {"adu_b"},
    "admin-kominfo": set(),
    "tanpa-peran": set(),
}


def reference_urls() -> list[tuple[str, str]]:
    """Every back-office path with a reference in it, and whether it takes GET or POST."""
    source = (ROOT / "central/office/urls.py").read_text(encoding="utf-8")
    paths = re.findall(r'path\(\s*"(requests/<str:reference>[^"]*)"', source)
    assert len(paths) >= 5, paths
    return [
        (path.replace("<str:reference>", "{reference}"), "GET" if path.endswith("/") else "POST")
        for path in paths
    ]


#: A valid form for each POST, so only the scope can refuse it.
FORMS = {
    "nik": {"reason": "pemeriksaan data pemohon"},
    "status": {"target": "rejected", "note_id": "Data tidak lengkap"},
    "route": {"opd": "DLH"},
    "follow-up": {"note": "kunjungan pertama", "visit_on": "2026-12-01"},
}


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_each_inbox_lists_exactly_its_scope(office, username):
    central, records = office
    session = StaffSession(central.url, username)
    page = session.get("/office/")
    if not SCOPES[username]:
        # No inbox: Diskominfo goes to its fleet page, an account without a role is told so.
        assert page.status_code in (302, 403)
        if page.status_code == 302:
            assert page.headers["Location"] == "/office/fleet/"
        else:
            assert "Belum ada peran" in page.text
        return
    assert page.status_code == 200, page.text[:500]
    assert listed_references(page.text) == {records[name] for name in SCOPES[username]}


@pytest.mark.parametrize("username", sorted(SCOPES))
def test_no_url_reaches_another_scope(office, username):
    central, records = office
    session = StaffSession(central.url, username)
    before = {row["reference"]: row["status"] for row in central.export()}
    guessed = f"{KIOSK_A.part}-20261123-K1-TEBAK0001"
    for template, method in reference_urls():
        action = template.rstrip("/").rsplit("/", 1)[-1]

        def ask(reference, template=template, method=method, action=action):
            path = "/office/" + template.format(reference=reference)
            if method == "GET":
                return session.get(path)
            return session.post(path, FORMS.get(action, {}))

        nowhere = ask(guessed)
        assert nowhere.status_code in (403, 404), (template, nowhere.status_code)
        for name, reference in records.items():
            if name in SCOPES[username]:
                continue
            answer = ask(reference)
            assert answer.status_code == nowhere.status_code, (username, template, name)
            # The same page word for word (the path it echoes aside): nothing tells them apart.
            assert without_tokens(answer.text).replace(reference, "REF") == without_tokens(
                nowhere.text
            ).replace(guessed, "REF"), (template, name)
    after = {row["reference"]: row["status"] for row in central.export()}
    out_of_scope = {records[name] for name in records if name not in SCOPES[username]}
    assert {ref: after[ref] for ref in out_of_scope} == {ref: before[ref] for ref in out_of_scope}


def test_a_request_page_in_scope_opens_and_shows_the_masked_nik(office):
    central, records = office
    page = StaffSession(central.url, "kades-kemiren").get(f"/office/requests/{records['sm_a']}/")
    assert page.status_code == 200
    assert "351001******0001" in page.text
    assert IDENTITY["nik"] not in page.text
    # The village head reads; only the operator works the request.
    assert 'action="/office/requests/' + records["sm_a"] + '/status"' not in page.text


def test_the_poverty_team_reads_a_poverty_letter_but_never_moves_it(office):
    central, records = office
    team = StaffSession(central.url, "ugd-siti")
    page = team.get(f"/office/requests/{records['sm_a']}/")
    assert page.status_code == 200
    assert "/status" not in page.text
    refused = team.post(f"/office/requests/{records['sm_a']}/status", FORMS["status"])
    assert refused.status_code == 404
    assert {row["reference"]: row["status"] for row in central.export()}[records["sm_a"]] == (
        "received"
    )
    # A poverty report (not a letter) is the team's to move.
    moved = team.post(
        f"/office/requests/{records['lwm_b']}/status",
        {"target": "processing", "note_id": "Tim akan berkunjung minggu ini"},
    )
    assert moved.status_code == 302, moved.text[:800]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("op-kemiren", {"adu_a", "adu_a2"}),
        ("kades-kemiren", {"adu_a", "adu_a2"}),
        ("op-kembiritan", {"adu_b"}),
        ("dinsos-agus", {"adu_a"}),
        ("dlh-wahyu", {"adu_b"}),
    ],
)
def test_complaints_each_officer_sees(office, username, expected):
    central, records = office
    page = StaffSession(central.url, username).get("/office/complaints/", state="all")
    assert page.status_code == 200
    assert listed_references(page.text) == {records[name] for name in expected}


@pytest.mark.parametrize("username", ["ugd-siti", "admin-kominfo", "tanpa-peran"])
def test_complaints_are_closed_to_others(office, username):
    central, _ = office
    assert StaffSession(central.url, username).get("/office/complaints/").status_code == 403


def test_poverty_counts_follow_the_scope(office):
    central, records = office
    team = StaffSession(central.url, "ugd-siti").get("/office/poverty/export.csv")
    village = StaffSession(central.url, "op-kemiren").get("/office/poverty/export.csv")
    assert team.status_code == village.status_code == 200
    assert "Kembiritan" in team.text and "Kemiren" in team.text
    assert "Kemiren" in village.text and "Kembiritan" not in village.text
    page = StaffSession(central.url, "op-kembiritan").get("/office/poverty/")
    assert listed_references(page.text) == {records[name] for name in ("sm_b", "lwm_b", "rtlh_b")}
    for username in ("dinsos-agus", "admin-kominfo"):
        assert StaffSession(central.url, username).get("/office/poverty/").status_code == 403


def test_the_fleet_shows_each_role_its_kiosks(office):
    central, _ = office
    admin = StaffSession(central.url, "admin-kominfo").get("/office/fleet/")
    assert KIOSK_A.kiosk_id in admin.text and KIOSK_B.kiosk_id in admin.text
    village = StaffSession(central.url, "op-kembiritan").get("/office/fleet/")
    assert KIOSK_B.kiosk_id in village.text and KIOSK_A.kiosk_id not in village.text
    for username in ("ugd-siti", "dinsos-agus", "tanpa-peran"):
        assert StaffSession(central.url, username).get("/office/fleet/").status_code == 403


@pytest.mark.parametrize("path", ["/office/staff/", "/office/staff/new/", "/office/audit/"])
def test_accounts_and_the_audit_are_diskominfos(office, path):
    central, _ = office
    assert StaffSession(central.url, "admin-kominfo").get(path).status_code == 200
    for username in ("op-kemiren", "ugd-siti", "dinsos-agus", "tanpa-peran"):
        assert StaffSession(central.url, username).get(path).status_code == 403


def test_an_account_page_of_a_guessed_id_tells_nothing_to_others(office):
    central, _ = office
    operator = StaffSession(central.url, "op-kemiren")
    for pk in ("1", "2", "999999"):
        assert operator.get(f"/office/staff/{pk}/").status_code == 403
        assert operator.post(f"/office/staff/{pk}/active", {"active": "0"}).status_code == 403
    admin = StaffSession(central.url, "admin-kominfo")
    assert admin.get("/office/staff/999999/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(office):
    central, records = office
    import requests

    for path in ("/office/", f"/office/requests/{records['sm_a']}/", "/office/fleet/"):
        response = requests.get(central.url + path, allow_redirects=False, timeout=10)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/office/login/?next=")
