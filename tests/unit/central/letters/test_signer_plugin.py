"""A ``central.signers`` plugin takes the place of local keys (a MOCK of BSrE's service,
which cannot exist here: tests/helpers/signer_plugin), and central checks what it returns."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers.central import ROOT
from tests.helpers.signer_plugin import OTP_PASSPHRASE, install_entry_points


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    install_entry_points(site)
    otp = site / "otp"
    otp.write_text(OTP_PASSPHRASE, encoding="utf-8")
    return {"PYTHONPATH": f"{site}:{ROOT}"}, str(otp)


def sign_with(world, plugin_env, signer, reference, passphrase=None):
    env, otp = plugin_env
    return world.command(
        "sign", reference, "--user", "kades.kemiren", "--passphrase-file", passphrase or otp,
        extra_env={**env, "CENTRAL_SIGNER": signer},
    )  # fmt: skip


def test_a_certified_service_signs_in_place_of_local_keys(world, plugin_env, tmp_path):
    reference = world.verified("KMR-01", "sktm")
    refused = sign_with(world, plugin_env, "mock-bsre", reference, world.passphrase)
    assert refused.returncode == 1
    assert "mock-bsre did not sign: the signing service refused the passphrase" in refused.stderr
    signed = sign_with(world, plugin_env, "mock-bsre", reference)
    assert signed.returncode == 0, signed.stderr
    path = tmp_path / "letter.pdf"
    path.write_bytes(world.pdf(reference))
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signer Certificate Common Name: KADES.KEMIREN (MOCK BSRE)" in report
    assert "Signature Validation: Signature is Valid." in report
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "KADES.KEMIREN (MOCK BSRE)" in text
    assert "tidak sah secara hukum" not in text  # not a development key
    stored = world.central.database.query(
        "SELECT backend, development FROM letters_letter l JOIN transactions_transaction t "
        "ON l.transaction_id = t.id WHERE t.reference = %s",
        reference,
    )
    assert [(backend, bool(development)) for backend, development in stored] == [
        ("mock-bsre", False)
    ]


def test_a_signer_that_changes_the_letter_is_refused_and_nothing_is_issued(world, plugin_env):
    reference = world.verified("KMR-01", "sktm")
    completed = sign_with(world, plugin_env, "tampering", reference)
    assert completed.returncode == 1
    assert "tampering returned a letter that fails its check: the signer returned another " in (
        completed.stderr
    )
    assert world.central.database.query(
        "SELECT status FROM transactions_transaction WHERE reference = %s", reference
    ) == [("verified",)]


@pytest.mark.parametrize(
    ("signer", "message"),
    [
        ("nobody", "CENTRAL_SIGNER: expected local or an installed central.signers entry point"),
        ("not-a-signer", "to make a SignerBackend, found NotASigner"),
    ],
)
def test_an_unusable_signer_is_a_configuration_error(world, plugin_env, signer, message):
    reference = world.verified("KMR-01", "domisili")
    completed = sign_with(world, plugin_env, signer, reference)
    assert completed.returncode == 2
    assert message in completed.stderr
