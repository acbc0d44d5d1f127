"""Catalog, heartbeat, queue tickets, cards and audit events against the real server."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.helpers.central import assert_problem, assert_schema, running_central

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}
#: Digits 7 to 12 are 410190: a woman (41 = 1 + 40) born on 1 January 1990.
NIK = "3510014101900001"
BIRTH_DATE = "1990-01-01"


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS, backend=backend) as server:
        yield server


@pytest.fixture(scope="module")
def k1(central):
    with central.signed_session("K1", "secret-one") as session:
        yield session


class TestCatalog:
    def test_the_catalog_has_a_strong_etag(self, central, k1):
        response = k1.get(f"{central.url}/v1/catalog", timeout=10)
        assert response.status_code == 200
        assert_schema(response.json(), "Catalog")
        etag = response.headers["ETag"]
        assert etag.startswith('"')
        assert not etag.startswith("W/")
        assert response.headers["Cache-Control"] == "no-cache"
        assert [c["code"] for c in response.json()["counters"]] == ["A", "B", "C", "D", "E", "F"]

    @pytest.mark.parametrize("form", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
    def test_a_matching_if_none_match_is_304_without_a_body(self, central, k1, form):
        etag = k1.get(f"{central.url}/v1/catalog", timeout=10).headers["ETag"]
        response = k1.get(
            f"{central.url}/v1/catalog",
            headers={"If-None-Match": form.format(etag=etag)},
            timeout=10,
        )
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["ETag"] == etag
        assert "Date" in response.headers

    def test_an_old_etag_gets_the_catalog(self, central, k1):
        response = k1.get(
            f"{central.url}/v1/catalog", headers={"If-None-Match": '"0123abcd"'}, timeout=10
        )
        assert response.status_code == 200
        assert response.json()["version"]

    def test_the_connection_stays_usable_after_a_304(self, central, k1):
        etag = k1.get(f"{central.url}/v1/catalog", timeout=10).headers["ETag"]
        for _ in range(3):
            response = k1.get(
                f"{central.url}/v1/catalog", headers={"If-None-Match": etag}, timeout=10
            )
            assert response.status_code == 304
        assert k1.get(f"{central.url}/v1/health", timeout=10).status_code == 200

    def test_a_catalog_file_replaces_the_default(self, tmp_path, backend):
        catalog = {
            "version": "2025.02",
            "services": [{"id": "ktp", "anything": {"goes": True}}],
            "information": [],
            "counters": [{"code": "KTP", "name": {"id": "KTP", "en": "ID card"}}],
        }
        path = tmp_path / "catalog.json"
        path.write_text(json.dumps(catalog), encoding="utf-8")
        with (
            running_central(tmp_path, KIOSKS, catalog=path, backend=backend) as server,
            server.signed_session("K1", "secret-one") as session,
        ):
            assert session.get(f"{server.url}/v1/catalog", timeout=10).json() == catalog
            ticket = session.post(
                f"{server.url}/v1/queue/KTP/tickets",
                json={},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
            assert ticket.json()["number"] == "KTP001"
            missing = session.post(
                f"{server.url}/v1/queue/A/tickets",
                json={},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
            assert_problem(missing, 404, "not-found")


def heartbeat(**changes):
    body = {
        "kiosk_time": "2025-01-01T08:00:00+07:00",
        "version": "0.1.0",
        "uptime_seconds": 3600.5,
        "outbox": {"pending": 2, "dead": 0},
        "devices": {"printer": "ok", "card_reader": "unavailable"},
    }
    return {**body, **changes}


class TestHeartbeat:
    def test_a_heartbeat_is_stored_and_answered_with_the_server_time(self, central, k1):
        response = k1.post(f"{central.url}/v1/heartbeat", json=heartbeat(), timeout=10)
        assert response.status_code == 200
        assert_schema(response.json(), "HeartbeatAck")
        k1.post(f"{central.url}/v1/heartbeat", json=heartbeat(version="0.2.0"), timeout=10)
        rows = central.database.query(
            "SELECT h.version FROM fleet_heartbeat h JOIN registry_kiosk k ON k.id = h.kiosk_id"
            " WHERE k.kiosk_id = %s",
            "K1",
        )
        assert rows == [("0.2.0",)]

    @pytest.mark.parametrize(
        ("changes", "path"),
        [
            ({"kiosk_time": "yesterday"}, "$.kiosk_time"),
            ({"uptime_seconds": -1}, "$.uptime_seconds"),
            ({"outbox": {"pending": 1}}, "$.outbox.dead"),
            ({"devices": {"printer": 1}}, "$.devices.printer"),
        ],
    )
    def test_a_bad_heartbeat_is_400(self, central, k1, changes, path):
        response = k1.post(f"{central.url}/v1/heartbeat", json=heartbeat(**changes), timeout=10)
        problem = assert_problem(response, 400, "invalid-request")
        assert [error["path"] for error in problem["errors"]] == [path]


@pytest.fixture(scope="module")
def queue(tmp_path_factory, backend):
    with (
        running_central(tmp_path_factory.mktemp("queue"), KIOSKS, backend=backend) as server,
        server.signed_session("K1", "secret-one") as session,
    ):
        yield server, session


class TestQueue:
    @staticmethod
    def take(queue, counter, key=None, body=None):
        server, session = queue
        return session.post(
            f"{server.url}/v1/queue/{counter}/tickets",
            json={} if body is None else body,
            headers={"Idempotency-Key": key or str(uuid.uuid4())},
            timeout=10,
        )

    def test_numbers_count_per_counter_and_repeat_for_a_key(self, queue):
        key = str(uuid.uuid4())
        first = self.take(queue, "A", key)
        assert first.status_code == 201
        assert_schema(first.json(), "QueueTicket")
        assert first.json()["number"] == "A001"
        assert first.json()["counter"] == "A"
        assert self.take(queue, "A").json()["number"] == "A002"
        assert self.take(queue, "B").json()["number"] == "B001"
        again = self.take(queue, "A", key)
        assert again.status_code == 200
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert self.take(queue, "A").json()["number"] == "A003"

    def test_the_same_key_for_another_counter_is_422(self, queue):
        key = str(uuid.uuid4())
        assert self.take(queue, "C", key).status_code == 201
        assert_problem(self.take(queue, "D", key), 422, "idempotency-key-reuse")

    @pytest.mark.parametrize("counter", ["Z", "a", "ABCD", "1"])
    def test_an_unknown_counter_is_404(self, queue, counter):
        assert_problem(self.take(queue, counter), 404, "not-found")

    def test_the_body_must_be_an_empty_object(self, queue):
        problem = assert_problem(self.take(queue, "A", body={"x": 1}), 400, "invalid-request")
        assert problem["errors"][0]["path"] == "$.x"

    def test_a_ticket_needs_an_idempotency_key(self, queue):
        server, session = queue
        response = session.post(f"{server.url}/v1/queue/A/tickets", json={}, timeout=10)
        assert_problem(response, 400, "missing-idempotency-key")


@pytest.fixture(scope="module")
def cards(central):
    central.cli("add-card", "--uid", "04A1B2C3D4E5F6", "--nik", NIK, "--name", "SITI AMINAH")
    central.cli(
        "add-card",
        "--uid",
        "04a1b2c3d4e5f7",
        "--nik",
        "3510015203850002",
        "--name",
        "BUDI  SANTOSO",
        "--pin",
        "123456",
    )
    return central


class TestCards:
    @staticmethod
    def confirm(central, session, uid, body):
        return session.post(f"{central.url}/v1/cards/{uid}/confirm", json=body, timeout=10)

    def test_a_card_lookup_is_masked_and_asks_for_the_date_of_birth(self, cards, k1):
        response = k1.get(f"{cards.url}/v1/cards/04A1B2C3D4E5F6", timeout=10)
        assert response.status_code == 200
        lookup = response.json()
        assert_schema(lookup, "CardLookup")
        assert lookup == {
            "uid": "04A1B2C3D4E5F6",
            "identity": {"nik": "351001******0001", "name": "S*** A*****"},
            "confirm_with": "birth_date",
        }
        assert NIK not in response.text
        assert "410190" not in response.text and "1990" not in response.text

    def test_a_card_with_a_pin_asks_for_it(self, cards, k1):
        lookup = k1.get(f"{cards.url}/v1/cards/04A1B2C3D4E5F7", timeout=10).json()
        assert lookup["confirm_with"] == "pin"
        assert lookup["identity"]["name"] == "B*** S******"

    def test_the_right_date_of_birth_releases_the_identity(self, cards, k1):
        response = self.confirm(cards, k1, "04A1B2C3D4E5F6", {"birth_date": BIRTH_DATE})
        assert response.status_code == 200
        assert_schema(response.json(), "ConfirmedIdentity")
        answer = response.json()
        assert (answer["nik"], answer["name"]) == (NIK, "SITI AMINAH")
        assert len(answer["identity_token"]) == 43  # since 1.2, for the citizen's letters

    def test_a_man_s_date_is_the_day_itself(self, cards, k1):
        uid = "0B0C0D0E"
        cards.cli("add-card", "--uid", uid, "--nik", "3510010512990003", "--name", "ANDI")
        assert self.confirm(cards, k1, uid, {"birth_date": "1999-12-05"}).status_code == 200
        # A century apart: only the year's last two digits are in the NIK.
        assert self.confirm(cards, k1, uid, {"birth_date": "1899-12-05"}).status_code == 200

    def test_the_right_pin_releases_the_identity(self, cards, k1):
        response = self.confirm(cards, k1, "04A1B2C3D4E5F7", {"pin": "123456"})
        answer = response.json()
        assert (answer["nik"], answer["name"]) == ("3510015203850002", "BUDI SANTOSO")

    def test_the_pin_is_stored_as_an_argon2_hash(self, cards):
        [(pin_hash,)] = cards.database.query(
            "SELECT pin_hash FROM citizens_card WHERE uid = %s", "04A1B2C3D4E5F7"
        )
        assert pin_hash.startswith("argon2$")
        assert "123456" not in pin_hash

    @pytest.mark.parametrize(
        ("uid", "body"),
        [
            ("04A1B2C3D4E5F6", {"birth_date": "1990-01-02"}),
            ("04A1B2C3D4E5F6", {"birth_date": "1991-01-01"}),
            ("04A1B2C3D4E5F6", {"birth_date": "1990-10-01"}),
            ("04A1B2C3D4E5F6", {"pin": "0001"}),
            ("04A1B2C3D4E5F7", {"pin": "654321"}),
            ("04A1B2C3D4E5F7", {"birth_date": "1985-03-12"}),
        ],
    )
    def test_a_wrong_answer_is_403(self, cards, k1, uid, body):
        response = self.confirm(cards, k1, uid, body)
        assert_problem(response, 403, "confirmation-failed")
        assert NIK not in response.text
        # A right answer clears the count, so these do not add up to a lockout.
        right = {"birth_date": BIRTH_DATE} if uid.endswith("6") else {"pin": "123456"}
        assert self.confirm(cards, k1, uid, right).status_code == 200

    def test_five_wrong_answers_lock_the_card(self, cards, k1):
        uid = "0A0B0C0D"
        cards.cli("add-card", "--uid", uid, "--nik", NIK, "--name", "X")
        for attempt in range(5):
            problem = assert_problem(
                self.confirm(cards, k1, uid, {"birth_date": "2001-01-01"}),
                403,
                "confirmation-failed",
            )
            assert f"{4 - attempt} attempts left" in problem["detail"]
        locked = self.confirm(cards, k1, uid, {"birth_date": BIRTH_DATE})
        assert_problem(locked, 429, "too-many-attempts")
        assert 880 <= int(locked.headers["Retry-After"]) <= 900
        with cards.signed_session("K2", "secret-two") as k2:
            assert self.confirm(cards, k2, uid, {"birth_date": BIRTH_DATE}).status_code == 429

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"nik_last4": "0001"},
            {"birth_date": "01-01-1990"},
            {"birth_date": "1990-02-30"},
            {"birth_date": BIRTH_DATE, "pin": "1234"},
        ],
    )
    def test_a_malformed_answer_is_400(self, cards, k1, body):
        response = self.confirm(cards, k1, "04A1B2C3D4E5F6", body)
        assert_problem(response, 400, "invalid-request")

    def test_an_unknown_card_is_404(self, cards, k1):
        assert_problem(k1.get(f"{cards.url}/v1/cards/FFFFFFFF", timeout=10), 404, "not-found")
        response = self.confirm(cards, k1, "FFFFFFFF", {"birth_date": BIRTH_DATE})
        problem = assert_problem(response, 404, "not-found")
        assert problem["detail"] == "unknown card"

    def test_a_malformed_uid_is_not_a_path(self, cards, k1):
        assert_problem(k1.get(f"{cards.url}/v1/cards/04a1b2c3", timeout=10), 404, "not-found")

    def test_the_log_never_holds_a_full_nik(self, cards):
        assert NIK not in cards.log_text()
        assert "3510015203850002" not in cards.log_text()


def event(event_id=None, action="maintenance.login", **detail):
    return {
        "id": event_id or str(uuid.uuid4()),
        "at": "2025-01-01T08:05:00+07:00",
        "actor": "technician",
        "action": action,
        "detail": detail,
    }


class TestAudit:
    def post(self, central, session, events):
        return session.post(f"{central.url}/v1/audit-events", json={"events": events}, timeout=10)

    def stored(self, central):
        rows = central.database.query("SELECT event_id FROM fleet_auditevent")
        return {str(uuid.UUID(str(event_id))) for (event_id,) in rows}

    def test_a_batch_is_accepted_and_a_resend_is_idempotent(self, central, k1):
        events = [event(), event(action="printer.test_receipt", result="ok")]
        first = self.post(central, k1, events)
        assert first.status_code == 202
        assert_schema(first.json(), "AuditAck")
        assert first.json() == {"accepted": 2}
        assert self.post(central, k1, events).json() == {"accepted": 2}
        stored = self.stored(central)
        assert all(e["id"] in stored for e in events)

    def test_an_id_resent_with_other_content_is_422_and_stores_nothing(self, central, k1):
        old = event()
        assert self.post(central, k1, [old]).status_code == 202
        fresh = event()
        conflicting = {**old, "action": "something.else"}
        response = self.post(central, k1, [fresh, conflicting])
        assert_problem(response, 422, "idempotency-key-reuse")
        assert fresh["id"] not in self.stored(central)

    def test_an_id_twice_in_one_batch_with_other_content_is_422(self, central, k1):
        one = event()
        response = self.post(central, k1, [one, {**one, "actor": "someone"}])
        assert_problem(response, 422, "idempotency-key-reuse")

    @pytest.mark.parametrize("count", [0, 101])
    def test_a_batch_holds_1_to_100_events(self, central, k1, count):
        response = self.post(central, k1, [event() for _ in range(count)])
        problem = assert_problem(response, 400, "invalid-request")
        assert problem["errors"][0]["path"] == "$.events"
