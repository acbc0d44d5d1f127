"""Printer figures: from a print request to the printer's last byte, native QR against image QR.

Not a test (no budget): each run sends a standard queue ticket through the real
adapter and python-escpos's Network printer to the loopback emulator, and times
``print_receipt`` from its call to the moment the emulator received the job's last
byte. The median of the runs is reported per QR mode; the note gives the spread,
the job size and the time until the printer confirmed the job (``GS r 1``).

Run from the repository root: ``python -m bench.printer_bench [--runs N]`` or
``python bench/printer_bench.py``; it prints one JSON object, like ``python -m bench``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a file: make the repository importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figure, percentile
from drivers.escpos_printer import EscposPrinter
from drivers.printer_uri import parse_printer_uri
from drivers.receipt import (
    Align,
    Barcode,
    Divider,
    Feed,
    KeyValue,
    QrCode,
    Receipt,
    TextLine,
    TextSize,
)
from tests.helpers.printer_emulator import PrinterEmulator

PROFILE = "TM-T20II"
RUNS = 30


def standard_receipt() -> Receipt:
    """A queue ticket as the kiosk prints it, with its status-check QR code and barcode."""
    return Receipt(
        (
            TextLine("KANTOR DESA KEMIREN", TextSize.DOUBLE, bold=True, align=Align.CENTER),
            TextLine("Kecamatan Glagah, Kabupaten Banyuwangi", align=Align.CENTER),
            Divider(),
            TextLine("Nomor Antrian", align=Align.CENTER),
            TextLine("A001", TextSize.HUGE, bold=True, align=Align.CENTER),
            KeyValue("Layanan", "Surat Keterangan Tidak Mampu"),
            KeyValue("Loket", "K1", bold=True),
            KeyValue("Waktu", "23-11-2026 09:00"),
            KeyValue("Referensi", "ALM-K1-20261123-A001"),
            QrCode("https://layanan.banyuwangikab.go.id/cek/ALM-K1-20261123-A001"),
            Barcode("A001"),
            TextLine("Simpan tiket ini sampai dipanggil.", align=Align.CENTER),
            Feed(1),
        )
    )


def measure(qr: str, runs: int = RUNS) -> Figure:
    """Print ``runs`` tickets with QR mode ``qr`` ("native" or "image"): the median to last byte."""
    receipt = standard_receipt()
    to_last_byte: list[float] = []
    to_confirmed: list[float] = []
    job_bytes = 0
    with PrinterEmulator() as emulator, tempfile.TemporaryDirectory() as state:
        printer = EscposPrinter(
            parse_printer_uri(emulator.uri(profile=PROFILE, qr=qr)),
            state_dir=Path(state),
            poll_seconds=3600,
        )
        printer.start()
        printer.refresh_status()
        for run in range(runs + 1):
            received = len(emulator.printed)
            started = time.perf_counter()
            outcome = printer.print_receipt(f"{qr}-{run}", receipt)
            finished = time.perf_counter()
            if not outcome.ok:
                raise RuntimeError(f"run {run} with {qr} QR failed: {outcome.detail}")
            last_byte = emulator.last_job_byte_at
            job_bytes = len(emulator.printed) - received
            if run == 0 or last_byte is None:
                continue  # the first run warms up the connection and the caches
            to_last_byte.append((last_byte - started) * 1000)
            to_confirmed.append((finished - started) * 1000)
        printer.stop()
    return Figure(
        percentile(to_last_byte, 0.5),
        "ms",
        note=f"median of {runs} runs (min {min(to_last_byte):.2f}, max {max(to_last_byte):.2f} ms)"
        f"; {job_bytes}-byte job on profile {PROFILE}; confirmed by GS r 1 after "
        f"{percentile(to_confirmed, 0.5):.2f} ms",
    )


def print_latency() -> dict[str, Figure]:
    """Both QR modes, as ``python -m bench`` collects figures."""
    return {"print_native_qr_ms": measure("native"), "print_image_qr_ms": measure("image")}


def main(argv: list[str] | None = None) -> int:
    """Run both QR modes and print the figures as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed runs per QR mode")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    figures = {
        "print_native_qr_ms": measure("native", options.runs),
        "print_image_qr_ms": measure("image", options.runs),
    }
    report = {name: figure.as_json() for name, figure in figures.items()}
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
