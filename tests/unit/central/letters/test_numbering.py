"""Letter numbers: per village, year and (where the village keeps them) kind, from the
configured start, with no gap and no duplicate even when signers race in parallel processes."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.central import ROOT
from tests.helpers.letters import LETTERS_CONFIG

WORKERS = 6


def sequence(number: str) -> int:
    return int(number.split("/")[1])


def test_parallel_signers_take_consecutive_numbers(world):
    """Six ``sign`` processes at once, each for its own verified request of one register."""
    references = [world.verified("OLH-01", "domisili") for _ in range(WORKERS)]
    first = world.sign(world.verified("OLH-01", "domisili"), user="kades.olehsari")
    start = sequence(next(iter(first.values()))[0])
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "central",
                "sign",
                reference,
                "--user",
                "kades.olehsari",
                "--passphrase-file",
                world.passphrase,
                *world.central.database.args(),
            ],
            cwd=ROOT,
            env=world.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for reference in references
    ]
    numbers = {}
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        reference, number, _ = out.split()
        numbers[reference] = number
    assert sorted(numbers) == sorted(references)
    taken = sorted(sequence(number) for number in numbers.values())
    assert taken == list(range(start + 1, start + 1 + WORKERS))
    stored = world.central.database.query(
        "SELECT sequence FROM letters_letter WHERE village_id = "
        "(SELECT id FROM registry_village WHERE code = %s) ORDER BY sequence",
        "3510152005",
    )
    assert [row[0] for row in stored] == list(range(start, start + 1 + WORKERS))


def test_a_village_with_separate_registers_starts_each_where_its_paper_one_ended(world):
    # letters-sample.toml: Kemiren's SKTM register starts at 41 and Domisili's at 12 in 2026.
    assert "next = { sktm = 41, domisili = 12 }" in LETTERS_CONFIG.read_text(encoding="utf-8")
    sktm = [world.verified("KMR-01", "sktm") for _ in range(2)]
    numbers = world.sign(*sktm)
    sktm_numbers = [numbers[reference][0] for reference in sktm]
    assert all(
        number.startswith("400/") and number.endswith("/429.501.01/2026") for number in sktm_numbers
    )
    assert sequence(sktm_numbers[1]) == sequence(sktm_numbers[0]) + 1
    assert sequence(sktm_numbers[0]) >= 41
    spkk = world.verified("KMR-02", "pengantar_ktp_kk")
    (number, _) = world.sign(spkk)[spkk]
    assert number.startswith("470/") and sequence(number) >= 1
    counts = world.central.database.query(
        "SELECT register, MIN(sequence), COUNT(*), MAX(sequence) FROM letters_letter "
        "WHERE village_id = (SELECT id FROM registry_village WHERE code = %s) "
        "GROUP BY register ORDER BY register",
        "3510152004",
    )
    first = {"sktm": 41, "domisili": 12, "pengantar_ktp_kk": 1, "surat_miskin": 1}
    for register, low, count, high in counts:
        assert low == first[register], register
        assert high - low + 1 == count, f"a gap in {register}"


def test_a_refused_signature_gives_its_number_back(world, tmp_path):
    reference = world.verified("OLH-01", "pengantar_ktp_kk")
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    later = world.verified("OLH-01", "pengantar_ktp_kk")
    refused = world.command(
        "sign", reference, later, "--user", "kades.olehsari", "--passphrase-file", str(wrong)
    )
    assert refused.returncode == 1
    assert f"{reference}: local did not sign: the passphrase does not unlock this signer's key" in (
        refused.stderr
    )
    assert f"{later}: not tried: the passphrase was refused" in refused.stderr
    assert "2 of 2 not signed" in refused.stderr
    status = world.central.database.query(
        "SELECT status FROM transactions_transaction WHERE reference = %s", reference
    )
    assert status == [("verified",)]
    before = (
        world.central.database.query(
            "SELECT MAX(sequence) FROM letters_letter WHERE register = '' AND village_id = "
            "(SELECT id FROM registry_village WHERE code = %s)",
            "3510152005",
        )[0][0]
        or 0
    )
    (number, _) = world.sign(reference, user="kades.olehsari")[reference]
    assert sequence(number) == before + 1
