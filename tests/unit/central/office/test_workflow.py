"""Staff move requests in the back office; the kiosk's own Cek Status code sees each step.

The status check is ``kiosk.status.StatusChecker`` with the kiosk's ``CentralClient``,
against the running central: what a citizen's kiosk does when the receipt is scanned. The
citizen's message (what to bring, why, the complaint's answer) is read the same way, from
the same client, in both languages. Each step is in the audit trail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from kiosk.catalog import CatalogKeeper, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.journal import Journal
from kiosk.status import StatusChecker, StatusResult
from kiosk.sync import CentralClient, CentralSettings
from tests.helpers.office import (
    IDENTITY,
    KIOSK_A,
    KIOSK_B,
    StaffSession,
    execute,
    office_central,
    submit,
)


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with office_central(tmp_path_factory.mktemp("office"), backend) as server:
        yield server


@pytest.fixture
def kiosk_a(central, tmp_path):
    """Kiosk A's status check and its client, as the kiosk builds them."""
    client = CentralClient(CentralSettings(central.url, KIOSK_A.kiosk_id, KIOSK_A.secret))
    journal = Journal(tmp_path / "journal.sqlite", ManualClock())
    yield StatusChecker(client, journal, CatalogKeeper(load_catalog_files())), client
    client.close()
    journal.close()


def citizen_message(client, reference):
    answer = client.request("GET", f"/v1/transactions/{reference}")
    assert answer.status == 200
    return answer.json()["message"]


def audit_of(central, reference):
    return json.loads(central.cli("audit", "--target", reference, "--json"))


def test_a_letter_verified_in_the_office_shows_at_the_kiosk(central, kiosk_a):
    checker, client = kiosk_a
    reference = submit(central, KIOSK_A, "sktm", {"purpose": "school"}, identity=IDENTITY)
    assert checker.check(reference, None).state == "received"
    operator = StaffSession(central.url, "op-kemiren")
    page = operator.get(f"/office/requests/{reference}/")
    # Staff may verify, ask for a correction or reject; signing is not theirs.
    assert 'value="verified"' in page.text and 'value="signed"' not in page.text
    moved = operator.post(f"/office/requests/{reference}/status", {"target": "verified"})
    assert moved.status_code == 302
    seen = checker.check(reference, None)
    assert seen.result is StatusResult.FOUND
    assert (seen.state, seen.state_text.id, seen.state_text.en) == (
        "verified",
        "Sudah diperiksa",
        "Verified",
    )
    message = citizen_message(client, reference)
    assert "menunggu tanda tangan Kepala Desa" in message["id"]
    assert "waiting for the village head's signature" in message["en"]
    [entry] = [e for e in audit_of(central, reference) if e["action"] == "change_status"]
    assert entry["user"] == "op-kemiren"
    assert entry["detail"] == {"from": "received", "to": "verified", "note": ""}
    assert entry["address"] == "127.0.0.1"


def test_a_correction_says_what_to_bring_in_both_languages(central, kiosk_a):
    checker, client = kiosk_a
    reference = submit(central, KIOSK_A, "domisili", {"purpose": "bank"}, identity=IDENTITY)
    operator = StaffSession(central.url, "op-kemiren")
    silent = operator.post(f"/office/requests/{reference}/status", {"target": "needs_correction"})
    assert silent.status_code == 400
    assert "Tulis pesan untuk warga" in silent.text
    assert checker.check(reference, None).state == "received"
    asked = operator.post(
        f"/office/requests/{reference}/status",
        {
            "target": "needs_correction",
            "note_id": "Bawa Kartu Keluarga asli",
            "note_en": "Bring your original family card",
        },
    )
    assert asked.status_code == 302
    seen = checker.check(reference, None)
    assert (seen.state, seen.state_text.en) == ("needs_correction", "Needs correction")
    assert citizen_message(client, reference) == {
        "id": "Permohonan Anda perlu dilengkapi: Bawa Kartu Keluarga asli. "
        "Silakan datang ke kantor desa.",
        "en": "Your request needs something more: Bring your original family card. "
        "Please come to the village office.",
    }
    # Corrected at the office: verified, and the old request for a correction is gone.
    operator.post(f"/office/requests/{reference}/status", {"target": "verified"})
    assert checker.check(reference, None).state == "verified"
    assert "perlu dilengkapi" not in citizen_message(client, reference)["id"]


def test_a_rejection_without_english_quotes_the_reason(central, kiosk_a):
    checker, client = kiosk_a
    reference = submit(central, KIOSK_A, "pengantar_ktp_kk", {}, identity=IDENTITY)
    StaffSession(central.url, "op-kemiren").post(
        f"/office/requests/{reference}/status",
        {"target": "rejected", "note_id": "NIK tidak terdaftar di desa ini."},
    )
    assert checker.check(reference, None).state == "rejected"
    assert citizen_message(client, reference) == {
        "id": "Permohonan Anda tidak dapat diproses. Alasannya: NIK tidak terdaftar di desa ini.",
        "en": "Your request cannot be processed. The reason: «NIK tidak terdaftar di desa ini».",
    }
    # Rejected is final: nothing more to choose, and a forged step is refused.
    page = StaffSession(central.url, "op-kemiren").get(f"/office/requests/{reference}/")
    assert f"/office/requests/{reference}/status" not in page.text
    forged = StaffSession(central.url, "op-kemiren").post(
        f"/office/requests/{reference}/status", {"target": "verified"}
    )
    assert forged.status_code == 400
    assert checker.check(reference, None).state == "rejected"


def test_a_letter_is_never_signed_or_made_ready_by_hand(central, kiosk_a):
    checker, _ = kiosk_a
    reference = submit(central, KIOSK_A, "sktm", {"purpose": "hospital"}, identity=IDENTITY)
    operator = StaffSession(central.url, "op-kemiren")
    operator.post(f"/office/requests/{reference}/status", {"target": "verified"})
    for target in ("signed", "ready", "done"):
        refused = operator.post(f"/office/requests/{reference}/status", {"target": target})
        assert refused.status_code == 400
    assert checker.check(reference, None).state == "verified"


def test_two_officers_on_one_request_cannot_both_move_it(central, kiosk_a):
    checker, _ = kiosk_a
    reference = submit(central, KIOSK_A, "sktm", {"purpose": "bpjs"}, identity=IDENTITY)
    first = StaffSession(central.url, "op-kemiren")
    second = StaffSession(central.url, "op-kemiren")
    assert (
        first.post(f"/office/requests/{reference}/status", {"target": "verified"}).status_code
        == 302
    )
    late = second.post(
        f"/office/requests/{reference}/status", {"target": "rejected", "note_id": "Ganda"}
    )
    assert late.status_code == 302  # verified may still be rejected: a real next step
    again = second.post(f"/office/requests/{reference}/status", {"target": "verified"})
    assert again.status_code == 400
    assert checker.check(reference, None).state == "rejected"


def test_a_complaint_is_routed_answered_and_read_at_the_kiosk(central, kiosk_a):
    checker, client = kiosk_a
    reference = submit(
        central, KIOSK_A, "pengaduan", {"category": "infrastructure", "description": "Jalan rusak"}
    )
    operator = StaffSession(central.url, "op-kemiren")
    officer = StaffSession(central.url, "dinsos-agus")
    assert officer.get(f"/office/requests/{reference}/").status_code == 404
    routed = operator.post(f"/office/requests/{reference}/route", {"opd": "DINSOS"})
    assert routed.status_code == 302
    assert checker.check(reference, None).state == "processing"
    assert citizen_message(client, reference) == {
        "id": "Pengaduan Anda sedang ditindaklanjuti. Diteruskan ke Dinas Sosial.",
        "en": "Your complaint is being followed up. Forwarded to Dinas Sosial.",
    }
    listed = officer.get("/office/complaints/")
    assert reference in listed.text and "Lewat target" not in listed.text
    assert "Jalan rusak" in officer.get(f"/office/requests/{reference}/").text
    unanswered = officer.post(f"/office/requests/{reference}/status", {"target": "done"})
    assert unanswered.status_code == 400
    answered = officer.post(
        f"/office/requests/{reference}/status",
        {"target": "done", "note_id": "Perbaikan jalan dijadwalkan bulan depan"},
    )
    assert answered.status_code == 302
    seen = checker.check(reference, None)
    assert (seen.state, seen.state_text.id) == ("done", "Selesai")
    assert citizen_message(client, reference)["id"] == (
        "Pengaduan Anda sudah ditanggapi: Perbaikan jalan dijadwalkan bulan depan."
    )
    entries = [(entry["user"], entry["action"]) for entry in audit_of(central, reference)]
    assert ("op-kemiren", "route_complaint") in entries
    assert ("dinsos-agus", "view_request") in entries
    assert ("dinsos-agus", "change_status") in entries


def test_a_complaint_past_its_target_stands_out(central):
    reference = submit(central, KIOSK_B, "pengaduan", {"category": "security"})
    execute(
        central.database,
        "UPDATE transactions_transaction SET received_at = %s WHERE reference = %s",
        dt.datetime.now(dt.UTC) - dt.timedelta(days=4),
        reference,
    )
    page = StaffSession(central.url, "op-kembiritan").get("/office/complaints/")
    row = page.text[page.text.index(reference) :].split("</tr>", 1)[0]
    assert "Lewat target" in row


def test_the_full_nik_shows_once_after_a_recorded_reason(central):
    reference = submit(central, KIOSK_A, "sktm", {"purpose": "school"}, identity=IDENTITY)
    head = StaffSession(central.url, "kades-kemiren")
    no_reason = head.post(f"/office/requests/{reference}/nik", {"reason": ""})
    assert no_reason.status_code == 400 and IDENTITY["nik"] not in no_reason.text
    shown = head.post(f"/office/requests/{reference}/nik", {"reason": "cek ke data kependudukan"})
    assert shown.status_code == 200 and IDENTITY["nik"] in shown.text
    assert IDENTITY["nik"] not in head.get(f"/office/requests/{reference}/").text
    [entry] = [e for e in audit_of(central, reference) if e["action"] == "reveal_nik"]
    assert entry["user"] == "kades-kemiren"
    assert entry["detail"] == {"reason": "cek ke data kependudukan"}
    assert IDENTITY["nik"] not in json.dumps(audit_of(central, reference))


def test_the_poverty_team_follows_a_report_up(central, kiosk_a):
    checker, _ = kiosk_a
    reference = submit(
        central, KIOSK_A, "rtlh", {"location": "Sukosari/004/002"}, identity=IDENTITY
    )
    team = StaffSession(central.url, "ugd-siti")
    page = team.get(f"/office/requests/{reference}/")
    assert "ugd-budi" in page.text and "Tahap program RTLH" in page.text
    member_id = re.search(r'<option value="([0-9]+)">ugd-budi</option>', page.text).group(1)
    saved = team.post(
        f"/office/requests/{reference}/follow-up",
        {
            "assignee": member_id,
            "visit_on": "2026-12-10",
            "stage": "surveyed",
            "note": "Atap bocor di dua sisi; diusulkan ke program bedah rumah.",
        },
    )
    assert saved.status_code == 302, saved.text[:1000]
    after = team.get(f"/office/requests/{reference}/").text
    assert "Sudah disurvei" in after and "10 Des 2026" in after
    assert "Atap bocor di dua sisi" in after
    listing = team.get("/office/poverty/").text
    row = listing[listing.index(reference) :].split("</tr>", 1)[0]
    assert "Sudah disurvei" in row
    [entry] = [e for e in audit_of(central, reference) if e["action"] == "follow_up"]
    assert entry["detail"]["stage"] == "surveyed" and entry["detail"]["note"] is True
    # The village operator reads the follow-up but does not make it.
    operator = StaffSession(central.url, "op-kemiren")
    assert "Atap bocor" in operator.get(f"/office/requests/{reference}/").text
    assert (
        operator.post(f"/office/requests/{reference}/follow-up", {"note": "x"}).status_code == 403
    )
    assert checker.check(reference, None).state == "received"


def test_poverty_is_counted_by_cause_village_and_dusun(central):
    submit(
        central,
        KIOSK_B,
        "warga_miskin",
        {"cause": "income,health", "location": "Kedaleman/001/002", "person": "x"},
        identity=IDENTITY,
    )
    submit(central, KIOSK_B, "rtlh", {"location": "Kedaleman/002/002"}, identity=IDENTITY)
    submit(
        central,
        KIOSK_B,
        "surat_miskin",
        {"cause": "income", "address": "Jambesari/003/001"},
        identity=IDENTITY,
    )
    export = StaffSession(central.url, "op-kembiritan").get("/office/poverty/export.csv")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(export.text)))
    assert rows[0] == ["kecamatan", "desa", "dusun", "sebab", "sebab_teks", "laporan"]
    assert sorted(rows[1:]) == [
        [
            "Genteng",
            "Kembiritan",
            "Jambesari",
            "income",
            "Tidak ada penghasilan atau penghasilan tidak tetap",
            "1",
        ],
        ["Genteng", "Kembiritan", "Kedaleman", "health", "Sakit lama atau biaya berobat", "1"],
        ["Genteng", "Kembiritan", "Kedaleman", "housing_unfit", "Rumah tidak layak huni", "1"],
        [
            "Genteng",
            "Kembiritan",
            "Kedaleman",
            "income",
            "Tidak ada penghasilan atau penghasilan tidak tetap",
            "1",
        ],
    ]
    page = StaffSession(central.url, "op-kembiritan").get("/office/poverty/").text
    assert "<svg" in page and "Sakit lama atau biaya berobat: 1</title>" in page
    exported = audit_of_action(central, "export_poverty")
    assert exported and exported[0]["user"] == "op-kembiritan"


def audit_of_action(central, action):
    return json.loads(central.cli("audit", "--action", action, "--json"))
