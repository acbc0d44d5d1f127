"""The spoken call: Indonesian number words, the sentence, and espeak-ng's real WAV."""

from __future__ import annotations

import io
import wave

import pytest

from central.display.voice import Voice, VoiceError, call_sentence, chime, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "satu"),
        (3, "tiga"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (20, "dua puluh"),
        (47, "empat puluh tujuh"),
        (100, "seratus"),
        (110, "seratus sepuluh"),
        (215, "dua ratus lima belas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_desks_are_spoken_in_indonesian_words(number, words):
    assert terbilang(number) == words


@pytest.mark.parametrize("number", [0, 1000, -3])
def test_a_desk_out_of_range_is_refused(number):
    with pytest.raises(ValueError, match="expected 1 to 999"):
        terbilang(number)


def test_the_sentence_reads_the_number_sign_by_sign():
    assert call_sentence("A007", 3) == "Nomor antrian A nol nol tujuh, silakan ke loket tiga."
    assert call_sentence("K1-B120", 12) == (
        "Nomor antrian K satu B satu dua nol, silakan ke loket dua belas."
    )
    with pytest.raises(ValueError, match="not a queue number"):
        call_sentence("A007; rm -rf /", 3)


def seconds_of(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_espeak_ng_speaks_the_call_and_the_chime_is_made_here():
    voice = Voice()
    spoken = voice.call("A007", 3)
    # A sentence of some 14 words takes seconds, not a blip and not a minute.
    assert 2.0 < seconds_of(spoken) < 15.0
    assert voice.call("A007", 3) is spoken  # kept, not spoken again
    assert 0.9 < seconds_of(chime()) < 1.5


def test_without_espeak_ng_there_is_no_spoken_call(caplog):
    voice = Voice(program="no-such-espeak")
    assert "does not speak" in caplog.text
    with pytest.raises(VoiceError, match="not installed"):
        voice.call("A007", 3)
