"""``review``: the village's operator verifies, returns or rejects; the citizen reads why."""

from __future__ import annotations


def status(world, reference):
    with world.kiosk("KMR-01") as session:
        return session.get(f"{world.central.url}/v1/transactions/{reference}", timeout=10).json()


def test_returned_then_verified_then_signed(world):
    reference = world.submit("KMR-01", "sktm")
    out = world.cli("review", reference, "--return", "Bawa KK asli", "--user", "op.kemiren")
    assert out.strip() == f"{reference} needs_correction"
    answer = status(world, reference)
    assert answer["message"]["id"] == "Perlu perbaikan: Bawa KK asli"
    assert answer["letter"] == {"state": "needs_correction", "issued": None}
    world.cli("review", reference, "--approve", "--user", "kades.kemiren")
    assert status(world, reference)["status"] == "verified"
    world.sign(reference)
    assert status(world, reference)["status"] == "ready"


def test_rejected_with_its_reason(world):
    reference = world.submit("KMR-01", "domisili")
    world.cli("review", reference, "--reject", "Bukan warga desa ini", "--user", "op.kemiren")
    answer = status(world, reference)
    assert (answer["status"], answer["letter"]["state"]) == ("rejected", "rejected")
    assert answer["message"]["id"] == "Ditolak: Bukan warga desa ini"


def test_only_the_villages_staff_review_and_only_its_head_signs(world):
    reference = world.submit("KMR-01", "sktm")
    other = world.command("review", reference, "--approve", "--user", "op.olehsari")
    assert other.returncode == 1
    assert other.stderr == (
        "python -m central review: op.olehsari may not review its requests: needs "
        "operator_desa or kepala_desa of 35.10.15.2004 Kemiren\n"
    )
    unsigned = world.command(
        "sign", reference, "--user", "kades.kemiren", "--passphrase-file", world.passphrase
    )
    assert unsigned.returncode == 1
    assert f"{reference}: {reference} is received; only a verified request is signed" in (
        unsigned.stderr
    )
    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    operator = world.command(
        "sign", reference, "--user", "op.kemiren", "--passphrase-file", world.passphrase
    )
    assert operator.returncode == 1
    assert "op.kemiren may not sign letters of 35.10.15.2004 Kemiren: only the kepala_desa" in (
        operator.stderr
    )
    twice = world.sign(reference)
    assert list(twice) == [reference]
    again = world.command(
        "sign", reference, "--user", "kades.kemiren", "--passphrase-file", world.passphrase
    )
    assert again.returncode == 1 and "is ready; only a verified request is signed" in again.stderr


def test_signing_needs_the_public_url_and_the_letters_configuration(world):
    reference = world.verified("KMR-01", "sktm")
    for variable in ("CENTRAL_PUBLIC_URL", "CENTRAL_LETTERS_CONFIG"):
        completed = world.command(
            "sign", reference, "--user", "kades.kemiren", "--passphrase-file", world.passphrase,
            extra_env={variable: ""},
        )  # fmt: skip
        assert completed.returncode == 2, completed.stderr
        assert f"python -m central sign: {variable}: expected" in completed.stderr
