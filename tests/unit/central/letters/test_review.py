"""``review``: the village's operator verifies, returns or rejects; the citizen reads why."""

from __future__ import annotations

import json
import subprocess

from tests.helpers.letters import LETTERS_CONFIG


def status(world, reference):
    with world.kiosk("KMR-01") as session:
        return session.get(f"{world.central.url}/v1/transactions/{reference}", timeout=10).json()


def test_returned_then_verified_then_signed(world):
    reference = world.submit("KMR-01", "sktm")
    out = world.cli("review", reference, "--return", "Bawa KK asli", "--user", "op.kemiren")
    assert out.strip() == f"{reference} needs_correction"
    answer = status(world, reference)
    # The same sentences as a review in the back office (central.office.notices).
    assert answer["message"] == {
        "id": "Permohonan Anda perlu dilengkapi: Bawa KK asli. Silakan datang ke kantor desa.",
        "en": "Your request needs something more: «Bawa KK asli». Please come to the village "
        "office.",
    }
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
    assert answer["message"]["id"] == (
        "Permohonan Anda tidak dapat diproses. Alasannya: Bukan warga desa ini."
    )


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


def test_while_the_post_is_open_the_configured_official_signs_as_plt(world, tmp_path):
    config = tmp_path / "letters.toml"
    config.write_text(
        LETTERS_CONFIG.read_text(encoding="utf-8")
        .replace(
            "separate_registers = true\n",
            'separate_registers = true\nsigner = "plt"\nofficial = "op.kemiren"\n',
        )
        .replace('"lambang-contoh.svg"', f'"{LETTERS_CONFIG.parent / "lambang-contoh.svg"}"'),
        encoding="utf-8",
    )
    env = {"CENTRAL_LETTERS_CONFIG": str(config)}
    world.cli(
        "signer-key", "--user", "op.kemiren", "--passphrase-file", world.passphrase,
        "--name", "AGUS SALIM",
    )  # fmt: skip
    reference = world.verified("KMR-01", "domisili")
    head = world.command(
        "sign", reference, "--user", "kades.kemiren", "--passphrase-file", world.passphrase,
        extra_env=env,
    )  # fmt: skip
    assert "only op.kemiren, Plt. of Kemiren may" in head.stderr
    world.cli(
        "sign", reference, "--user", "op.kemiren", "--passphrase-file", world.passphrase,
        extra_env=env,
    )  # fmt: skip
    path = tmp_path / "letter.pdf"
    path.write_bytes(world.pdf(reference))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Plt. Kepala Desa Kemiren" in text and "AGUS SALIM" in text
    assert world.central.database.query(
        "SELECT on_behalf FROM letters_letter l JOIN transactions_transaction t "
        "ON l.transaction_id = t.id WHERE t.reference = %s",
        reference,
    ) == [("Plt.",)]


def test_the_shell_leaves_the_same_audit_trail_as_the_back_office(world):
    reference = world.submit("KMR-01", "sktm")
    world.cli("review", reference, "--return", "Bawa KK asli", "--user", "op.kemiren")
    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    ((number, _),) = world.sign(reference).values()
    world.cli("revoke", reference, "--user", "kades.kemiren", "--reason", "Data keluarga salah")
    trail = json.loads(world.cli("audit", "--target", reference, "--json"))
    steps = [(entry["action"], entry["user"].split(" as ")[-1]) for entry in reversed(trail)]
    assert steps == [
        ("change_status", "op.kemiren"),
        ("change_status", "op.kemiren"),
        ("sign_letter", "kades.kemiren"),
        ("revoke_letter", "kades.kemiren"),
    ]
    assert all(entry["user"].startswith("shell:") for entry in trail)
    details = [entry["detail"] for entry in reversed(trail)]
    assert details[0] == {"from": "received", "to": "needs_correction", "note": "Bawa KK asli"}
    assert details[1] == {"from": "needs_correction", "to": "verified", "note": ""}
    assert details[2] == {"number": number, "batch": 1}
    assert details[3] == {"number": number, "reason": "Data keluarga salah"}
