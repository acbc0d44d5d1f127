"""The letters configuration and the letter kinds: every mistake named by file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.letters.config import LettersConfigError, SigningMode, load_letters_config
from central.letters.kinds import builtin_kinds, fill, letter_services
from tests.helpers.letters import LETTERS_CONFIG

KINDS = frozenset(builtin_kinds())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "letters.toml"
    path.write_text('[regency]\nname = "Kabupaten Banyuwangi"\n' + text, encoding="utf-8")
    return path


def test_the_sample_configures_both_villages():
    config = load_letters_config(LETTERS_CONFIG, KINDS)
    kemiren, olehsari = config.village("3510152004"), config.village("3510152005")
    assert kemiren.register_of("sktm") == "sktm" and olehsari.register_of("sktm") == ""
    assert kemiren.first_number(2026, "sktm") == 41
    assert kemiren.first_number(2027, "sktm") == 1
    assert kemiren.first_number(2026, "surat_miskin") == 1
    assert (olehsari.signer, olehsari.official, olehsari.copies) == (
        SigningMode.ATAS_NAMA,
        "sekdes.olehsari",
        2,
    )
    assert olehsari.number_format == "{code}/{seq:03d}/{village_code}/{year}"  # the default


@pytest.mark.parametrize(
    ("village", "message"),
    [
        ('number_format = "470/{year}"', "number_format: expected a format with {seq}"),
        ('number_format = "{seq}/{desa}"', "(unknown field 'desa')"),
        ('signer = "camat"', "signer: expected one of kepala_desa, a.n., plt, found 'camat'"),
        ('signer = "plt"', "villages.3510152004.official: expected the username of the official"),
        ("copies = 0", "copies: expected a whole number from 1 to 10, found 0"),
        ('start = { year = 2026, next = "10" }', "start.next: expected the first number to give"),
        (
            "separate_registers = true\nstart = { year = 2026, next = { surat = 3 } }",
            "start.next.surat: expected one of the letter kinds domisili, pengantar_ktp_kk",
        ),
        ('logo = "missing.png"', "logo: expected an existing file, found no file"),
        ('kop = "x"', "villages.3510152004.kop: expected one of the keys"),
    ],
)
def test_a_mistake_names_the_file_the_key_and_what_was_expected(tmp_path, village, message):
    path = write(tmp_path, f'[villages.3510152004]\naddress = "Jalan Barong 1"\n{village}\n')
    with pytest.raises(LettersConfigError) as raised:
        load_letters_config(path, KINDS)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_a_village_without_a_letterhead_is_named(tmp_path):
    config = load_letters_config(write(tmp_path, "[villages]\n"), KINDS)
    with pytest.raises(LettersConfigError, match=r"villages.3510152006: expected the letterhead"):
        config.village("3510152006")


def test_every_letter_service_of_the_catalog_has_one_kind():
    assert letter_services() == {"surat_miskin", "sktm", "domisili", "pengantar_ktp_kk"}
    assert {kind.code for kind in builtin_kinds().values()} <= {"400", "470"}


def test_an_answer_not_given_reads_as_a_dash_and_lower_starts_small():
    text = "untuk {lower[purpose]} di {answers[institution]}."
    assert (
        fill(text, {}, {"purpose": "Sekolah atau beasiswa"}) == "untuk sekolah atau beasiswa di -."
    )
