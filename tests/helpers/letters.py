"""A central with villages, kiosks, staff and signers, for the signed letters' tests.

    with letters_central(tmp_path, backend) as world:
        reference = world.submit("KMR-01", "sktm", SKTM_ANSWERS)
        world.cli("review", reference, "--approve", "--user", "op.kemiren")
        world.sign(reference)

Kemiren (``3510152004``, two kiosks) keeps a register per letter kind and started mid-year
(``central/letters/data/letters-sample.toml``); Olehsari (``3510152005``, one kiosk) is signed
"a.n." by its secretary and allows two prints. Every signer has a development key.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk import signing
from tests.helpers.central import (
    ROOT,
    Backend,
    RunningCentral,
    central_command,
    run_cli,
    running_central,
    signed_session,
)
from tests.helpers.cups import free_port

LETTERS_CONFIG = ROOT / "central" / "letters" / "data" / "letters-sample.toml"
REGIONS = ROOT / "central" / "registry" / "data" / "banyuwangi-sample.csv"
KEMIREN, OLEHSARI = "3510152004", "3510152005"
KIOSKS = {
    "KMR-01": ("kemiren-kiosk-secret-01", KEMIREN),
    "KMR-02": ("kemiren-kiosk-secret-02", KEMIREN),
    "OLH-01": ("olehsari-kiosk-secret-1", OLEHSARI),
}
#: username: (roles, village)
STAFF = {
    "op.kemiren": (["operator_desa"], KEMIREN),
    "kades.kemiren": (["kepala_desa"], KEMIREN),
    "op.olehsari": (["operator_desa"], OLEHSARI),
    "kades.olehsari": (["kepala_desa"], OLEHSARI),
    "sekdes.olehsari": (["operator_desa"], OLEHSARI),
}
SIGNERS = {
    "kades.kemiren": "SUKARDI",
    "kades.olehsari": "HARTONO",
    "sekdes.olehsari": "ENDANG SRI",
}
PASSPHRASE = "a passphrase of the village head"
NIK = "3510155203900001"
NAME = "SITI AMINAH"
ANSWERS = {
    "sktm": {
        "for_whom": "child",
        "person_name": "DEWI LESTARI",
        "purpose": "school",
        "institution": "SDN 1 Kemiren",
        "address": "Krajan/3/12",
    },
    "domisili": {
        "address": "Krajan/3/12",
        "lived_since": "date",
        "since": "2015-06-01",
        "purpose": "bank",
    },
    "pengantar_ktp_kk": {"document": "kk_change", "reason": "Anak lahir", "address": "Krajan/3/12"},
    "surat_miskin": {
        "cause": "income,health",
        "household_size": "5",
        "cause_detail": "Suami sakit sejak 2024",
        "address": "Krajan/3/12",
    },
}


@dataclass
class LettersWorld:
    """The running central and what the tests do to it."""

    central: RunningCentral
    folder: Path
    env: dict[str, str]

    def cli(self, *args: str, extra_env: dict[str, str] | None = None) -> str:
        """``python -m central ARGS`` with the letters' environment; stdout, or RuntimeError."""
        return run_cli(*args, *self.central.database.args(), env={**self.env, **(extra_env or {})})

    def command(
        self, *args: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The same, whatever the exit status."""
        return central_command(
            *args, *self.central.database.args(), env={**self.env, **(extra_env or {})}
        )

    def submit(
        self, kiosk_id: str, service: str, answers: dict[str, str] | None = None, nik: str = NIK
    ) -> str:
        """A letter request from a kiosk, as its outbox sends it; its reference."""
        part = kiosk_id.replace("_", "-").upper()
        code = service.replace("_", "")[:6].upper()
        reference = f"{part}-20261203-K1-{code}{uuid.uuid4().int % 10**6:06d}"
        with signed_session(kiosk_id, KIOSKS[kiosk_id][0]) as session:
            response = session.post(
                f"{self.central.url}/v1/transactions",
                json={
                    "reference": reference,
                    "service": service,
                    "created_at": "2026-12-03T08:00:00+07:00",
                    "language": "id",
                    "fields": ANSWERS[service] if answers is None else answers,
                    "identity": {"nik": nik, "name": NAME},
                },
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
        assert response.status_code == 201, response.text
        return reference

    def verified(self, kiosk_id: str, service: str) -> str:
        """A request reviewed by its village's operator."""
        reference = self.submit(kiosk_id, service)
        operator = "op.kemiren" if KIOSKS[kiosk_id][1] == KEMIREN else "op.olehsari"
        self.cli("review", reference, "--approve", "--user", operator)
        return reference

    def sign(self, *references: str, user: str = "kades.kemiren") -> dict[str, tuple[str, str]]:
        """Sign; each reference's number and verification code."""
        out = self.cli("sign", *references, "--user", user, "--passphrase-file", self.passphrase)
        signed = {}
        for line in out.splitlines():
            reference, number, code = line.split()
            signed[reference] = (number, code)
        return signed

    @property
    def passphrase(self) -> str:
        """The file holding every signer's passphrase."""
        return str(self.folder / "passphrase")

    def pdf(self, reference: str) -> bytes:
        """The signed letter, from ``python -m central letter``."""
        out = self.folder / f"{reference}.pdf"
        self.cli("letter", reference, "--out", str(out))
        return out.read_bytes()

    def kiosk(self, kiosk_id: str) -> Any:
        """A signed session of one of the kiosks."""
        return signed_session(kiosk_id, KIOSKS[kiosk_id][0])

    def check(self, reference: str) -> str:
        """The receipt check of a reference, made with its issuing kiosk's secret."""
        kiosk_id = reference.split("-20261203-")[0]
        return signing.receipt_check(KIOSKS[kiosk_id][0], reference)


@contextmanager
def letters_central(tmp_path: Path, backend: Backend) -> Iterator[LettersWorld]:
    """Start central with the sample villages' letters, kiosks, staff and signers."""
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        # The server reads the letters configuration for its verification pages, and signs
        # in the back office with its own address as the QR's base.
        patch.setenv("CENTRAL_LETTERS_CONFIG", str(LETTERS_CONFIG))
        patch.setenv("CENTRAL_PUBLIC_URL", f"http://127.0.0.1:{port}")
        with running_central(tmp_path, {}, backend=backend, port=port) as central:
            env = {
                **central.database.env(),
                "CENTRAL_PUBLIC_URL": central.url,
                "CENTRAL_LETTERS_CONFIG": str(LETTERS_CONFIG),
            }
            args = central.database.args()
            run_cli("import-regions", *args, str(REGIONS), env=env)
            for kiosk_id, (secret, village) in KIOSKS.items():
                secret_file = tmp_path / f"{kiosk_id}.secret"
                secret_file.write_text(secret, encoding="utf-8")
                run_cli(
                    "add-kiosk", *args, "--id", kiosk_id, "--village", village,
                    "--name", f"Kiosk {kiosk_id}", "--secret-file", str(secret_file), env=env,
                )  # fmt: skip
            for username, (roles, village) in STAFF.items():
                role_args = [item for role in roles for item in ("--role", role)]
                run_cli(
                    "add-user", *args, "--username", username, *role_args, "--village", village,
                    env=env, stdin="a long password for tests 2026\n",
                )  # fmt: skip
            (tmp_path / "passphrase").write_text(PASSPHRASE + "\n", encoding="utf-8")
            for username, name in SIGNERS.items():
                run_cli(
                    "signer-key", *args, "--user", username, "--passphrase-file",
                    str(tmp_path / "passphrase"), "--name", name, env=env,
                )  # fmt: skip
            yield LettersWorld(central, tmp_path, env)
