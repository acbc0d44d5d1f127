"""The hall display's spoken call and chime, made on this server: no external service.

The call is one sentence in Bahasa Indonesia, "Nomor antrian A nol nol tujuh, silakan ke
loket tiga": the number read sign by sign (a letter as itself, a digit as its word), the
desk as a number in words (:func:`terbilang`). ``espeak-ng`` (its Indonesian voice) speaks
it to a WAV once; the display plays the chime, then the sentence. Without ``espeak-ng`` the
display only chimes and shows the number (the log says why once).
"""

from __future__ import annotations

import io
import logging
import math
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger("central.display")

#: A number as the hall calls it: central's ``A007`` or a kiosk's own ``K1-A003``.
NUMBER = re.compile(r"([A-Z0-9]{1,12}-)?[A-Z]{1,3}[0-9]{3,6}")
MAX_DESK = 999
_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SPEAK_SECONDS = 10.0
_RATE = 22050


class VoiceError(Exception):
    """No spoken call can be made (espeak-ng missing or failing); the display only chimes."""


def terbilang(number: int) -> str:
    """1 to 999 in Indonesian words: 3 tiga, 12 dua belas, 110 seratus sepuluh."""
    if not 1 <= number <= MAX_DESK:
        raise ValueError(f"expected 1 to {MAX_DESK}, got {number}")
    words: list[str] = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_DIGITS[hundreds]} ratus")
    tens, ones = divmod(rest, 10)
    if tens == 1:
        words.append({0: "sepuluh", 1: "sebelas"}.get(ones, f"{_DIGITS[ones]} belas"))
    else:
        if tens:
            words.append(f"{_DIGITS[tens]} puluh")
        if ones:
            words.append(_DIGITS[ones])
    return " ".join(words)


def call_sentence(number: str, desk: int) -> str:
    """What the display says for a call of ``number`` to ``desk``."""
    if not NUMBER.fullmatch(number):
        raise ValueError(f"not a queue number: {number[:20]!r}")
    signs = [_DIGITS[int(sign)] if sign.isdigit() else sign for sign in number if sign != "-"]
    return f"Nomor antrian {' '.join(signs)}, silakan ke loket {terbilang(desk)}."


def chime() -> bytes:
    """A two-tone chime (ding-dong) as a 16-bit mono WAV, made here rather than shipped."""
    samples: list[int] = []
    for frequency, seconds in ((880.0, 0.45), (660.0, 0.7)):
        count = int(_RATE * seconds)
        for index in range(count):
            fade = math.exp(-4.0 * index / count)
            value = math.sin(2 * math.pi * frequency * index / _RATE) * fade * 0.5
            samples.append(int(value * 32767))
    output = io.BytesIO()
    with wave.open(output, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(_RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return output.getvalue()


class Voice:
    """Speaks calls with espeak-ng, keeping the last ``keep`` WAVs (a hall repeats numbers)."""

    def __init__(self, program: str = "espeak-ng", keep: int = 128) -> None:
        self.program = shutil.which(program)
        self.keep = keep
        self._made: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._chime: bytes | None = None
        if self.program is None:
            log.warning("%s is not installed: the hall display chimes but does not speak", program)

    def chime(self) -> bytes:
        """The chime, made once."""
        if self._chime is None:
            self._chime = chime()
        return self._chime

    def call(self, number: str, desk: int) -> bytes:
        """The spoken call as WAV; VoiceError when it cannot be made."""
        sentence = call_sentence(number, desk)
        with self._lock:
            made = self._made.get(sentence)
            if made is not None:
                self._made.move_to_end(sentence)
                return made
        if self.program is None:
            raise VoiceError("espeak-ng is not installed")
        # To a file, not --stdout: a stream's WAV header claims a length of 2 GiB.
        with tempfile.TemporaryDirectory(prefix="alm-voice-") as folder:
            path = Path(folder) / "call.wav"
            try:
                subprocess.run(
                    [self.program, "-v", "id", "-s", "135", "-w", str(path), sentence],
                    capture_output=True,
                    timeout=_SPEAK_SECONDS,
                    check=True,
                )
                spoken = path.read_bytes()
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("espeak-ng could not speak a call: %s", exc)
                raise VoiceError(str(exc)) from exc
        with self._lock:
            self._made[sentence] = spoken
            while len(self._made) > self.keep:
                self._made.popitem(last=False)
        return spoken
