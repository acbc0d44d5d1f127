"""The statuses of a request and their steps: the workflow module, and set-status over it."""

from __future__ import annotations

import itertools
import json
import uuid

import pytest

from central.transactions.workflow import (
    STEPS,
    Kind,
    ReceiptOutcome,
    TransactionState,
    TransitionError,
    Via,
    check_step,
    next_states,
)
from tests.helpers.central import central_command, running_central

S = TransactionState


class TestSteps:
    def test_a_letter_goes_through_verification_and_signing(self):
        path = [S.RECEIVED, S.VERIFIED, S.SIGNED, S.READY, S.DONE]
        for current, target in itertools.pairwise(path):
            via = Via.SIGNING if target is S.SIGNED else Via.STAFF
            check_step(Kind.LETTER, current, target, via)

    @pytest.mark.parametrize(
        ("current", "target"),
        [(S.RECEIVED, S.READY), (S.RECEIVED, S.SIGNED), (S.VERIFIED, S.READY), (S.SIGNED, S.DONE)],
    )
    def test_a_letter_skips_no_step(self, current, target):
        with pytest.raises(TransitionError, match=f"can become only .*, not {target}"):
            check_step(Kind.LETTER, current, target, Via.SIGNING)

    def test_only_signing_signs(self):
        with pytest.raises(TransitionError) as raised:
            check_step(Kind.LETTER, S.VERIFIED, S.SIGNED, Via.STAFF)
        assert str(raised.value) == (
            "a letter request becomes signed only by signing, not by staff"
        )

    @pytest.mark.parametrize("kind", list(Kind))
    def test_final_statuses_have_no_way_out(self, kind):
        for final in (S.REJECTED, S.DONE, S.EXPIRED):
            assert next_states(kind, final) == frozenset()
        with pytest.raises(TransitionError, match="that is done is final"):
            check_step(kind, S.DONE, S.RECEIVED)

    def test_a_queue_ticket_may_be_called_again(self):
        check_step(Kind.QUEUE, S.CALLED, S.CALLED)
        check_step(Kind.QUEUE, S.SKIPPED, S.CALLED)
        with pytest.raises(TransitionError):
            check_step(Kind.QUEUE, S.RECEIVED, S.DONE)

    def test_every_step_leads_to_a_status_of_the_list(self):
        for steps in STEPS.values():
            for current, targets in steps.items():
                assert current in S and targets <= set(S)

    @pytest.mark.parametrize(
        ("standing", "reported", "after"),
        [
            ("pending", "unknown", "unknown"),
            ("unknown", "failed", "failed"),
            ("failed", "printed", "printed"),
            ("printed", "failed", "printed"),
            ("printed", "unknown", "printed"),
            ("failed", "unknown", "failed"),
        ],
    )
    def test_a_receipt_outcome_moves_only_forward(self, standing, reported, after):
        assert ReceiptOutcome(standing).advanced_by(ReceiptOutcome(reported)) is ReceiptOutcome(
            after
        )


CATALOG = {
    "version": "test-letters",
    "services": [
        {"id": "sktm", "flow": "form", "letter": {"template": "sktm"}},
        {"id": "pengaduan", "flow": "form"},
        {"id": "antrian", "flow": "queue_ticket"},
    ],
    "information": [],
    "counters": [{"code": "A", "name": {"id": "Loket A", "en": "Counter A"}}],
}


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    folder = tmp_path_factory.mktemp("workflow")
    catalog = folder / "catalog.json"
    catalog.write_text(json.dumps(CATALOG), encoding="utf-8")
    with running_central(folder, {"K1": "secret-one"}, catalog=catalog, backend=backend) as server:
        yield server


def submit(central, service):
    reference = f"K1-20261123-K1-{service[:4].upper()}{uuid.uuid4().int % 10**6:06d}"
    with central.signed_session("K1", "secret-one") as session:
        response = session.post(
            f"{central.url}/v1/transactions",
            json={
                "reference": reference,
                "service": service,
                "created_at": "2026-11-23T08:00:00+07:00",
                "language": "id",
                "fields": {},
            },
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
    assert response.status_code == 201
    return reference


def set_status(central, reference, status):
    return central_command(
        "set-status", reference, status, *central.database.args(), env=central.database.env()
    )


def status_of(central, reference):
    with central.signed_session("K1", "secret-one") as session:
        return session.get(f"{central.url}/v1/transactions/{reference}", timeout=10).json()


class TestSetStatus:
    def test_a_letter_cannot_skip_to_ready(self, central):
        reference = submit(central, "sktm")
        completed = set_status(central, reference, "ready")
        assert completed.returncode == 1
        assert completed.stderr == (
            f"python -m central set-status: {reference}: a letter request that is received can "
            "become only needs_correction, rejected, verified, not ready\n"
        )
        assert status_of(central, reference)["status"] == "received"

    def test_a_letter_is_verified_by_hand_and_signed_only_by_signing(self, central):
        reference = submit(central, "sktm")
        assert set_status(central, reference, "verified").returncode == 0
        completed = set_status(central, reference, "signed")
        assert completed.returncode == 1
        assert "becomes signed only by signing, not by staff" in completed.stderr
        status = status_of(central, reference)
        assert status["status"] == "verified"
        assert status["status_text"] == {"id": "Sudah diperiksa", "en": "Verified"}

    def test_a_complaint_is_processed_and_answered(self, central):
        reference = submit(central, "pengaduan")
        for status in ("processing", "needs_correction", "processing", "done"):
            completed = set_status(central, reference, status)
            assert completed.returncode == 0, completed.stderr
        assert status_of(central, reference)["status"] == "done"
        completed = set_status(central, reference, "processing")
        assert completed.returncode == 1
        assert "a request that is done is final; it cannot become processing" in completed.stderr

    def test_a_queue_ticket_is_called_skipped_and_called_again(self, central):
        reference = submit(central, "antrian")
        assert set_status(central, reference, "verified").returncode == 1
        for status in ("called", "skipped", "called", "called", "done"):
            completed = set_status(central, reference, status)
            assert completed.returncode == 0, completed.stderr
        exported = {row["reference"]: row for row in central.export()}
        assert exported[reference]["status"] == "done"

    def test_a_service_the_catalog_does_not_know_is_a_request(self, central):
        reference = submit(central, "layanan-baru")
        assert set_status(central, reference, "processing").returncode == 0
