"""Retention reaches letters: past the period a collected letter keeps its number and
verdict, loses its PDF and its subject's full identity, and kiosks read it as collected."""

from __future__ import annotations

import json

import requests

from tests.helpers.central import assert_problem
from tests.helpers.letters import NIK
from tests.unit.central.letters.test_api import collected, fetch, listed


def test_a_collected_letter_past_retention_keeps_its_verdict_and_loses_its_pdf(world):
    reference = world.verified("OLH-01", "sktm")
    ((number, code),) = world.sign(reference, user="kades.olehsari").values()
    sig = world.check(reference)
    # One of two copies printed: the request is done, a copy is still allowed.
    assert collected(world, "OLH-01", reference).json()["state"] == "ready"
    world.central.database.age(reference, 31)

    summary = json.loads(world.cli("purge-personal-data", "--days", "30"))
    assert summary["letters"] == 1

    [(pdf, nik, name, purged_at)] = world.central.database.query(
        "SELECT pdf, subject_nik, subject_name, purged_at FROM letters_letter WHERE number = %s",
        number,
    )
    assert (bytes(pdf), nik, name) == (b"", "351015******0001", "S*** A*****")
    assert purged_at is not None
    (item,) = listed(world, "OLH-01", reference=reference, sig=sig).json()["letters"]
    assert item["state"] == "collected"
    assert_problem(fetch(world, "OLH-01", reference, sig=sig), 409, "copies-exhausted")
    assert_problem(collected(world, "OLH-01", reference), 409, "copies-exhausted")

    url = f"{world.central.url}/v/{code}"
    page = requests.get(url, timeout=10)
    assert page.status_code == 200
    assert "Surat ini ASLI" in page.text
    assert number in page.text
    assert "Masa simpan data surat ini sudah berakhir" in page.text
    assert 'name="nik"' not in page.text
    # Even the right NIK gets no PDF: central has none.
    gone = requests.post(url, data={"nik": NIK}, timeout=10)
    assert gone.status_code == 410
    assert gone.headers["Content-Type"].startswith("text/html")
    # A second run finds nothing left to purge.
    assert json.loads(world.cli("purge-personal-data", "--days", "30"))["letters"] == 0
