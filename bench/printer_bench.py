"""Benchmark: from a print request to the printer's last byte, native QR against image QR.

Not a test (no thresholds): it prints one JSON object to stdout, for comparing
builds and printer settings. Each run sends a standard queue ticket through the
real adapter and python-escpos's Network printer to the loopback emulator, and
times ``print_receipt`` from its call to the moment the emulator received the
job's last byte. The median of ``--runs`` runs is reported per QR mode, with the
job size and the time until the printer confirmed the job (``GS r 1``).

Run from the repository root: ``python -m bench.printer_bench`` or
``python bench/printer_bench.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a file: make the repository importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def measure(qr: str, runs: int) -> dict[str, object]:
    """Print ``runs`` tickets with QR mode ``qr`` ("native" or "image") and summarise."""
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
    return {
        "value": round(statistics.median(to_last_byte), 3),
        "unit": "ms",
        "statistic": "median",
        "runs": runs,
        "min": round(min(to_last_byte), 3),
        "max": round(max(to_last_byte), 3),
        "confirmed_median_ms": round(statistics.median(to_confirmed), 3),
        "job_bytes": job_bytes,
        "profile": PROFILE,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both QR modes and print the JSON result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per QR mode")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = {
        "print_native_qr_ms": measure("native", options.runs),
        "print_image_qr_ms": measure("image", options.runs),
    }
    print(json.dumps(result, indent=2))  # the benchmark's output
    return 0


if __name__ == "__main__":
    sys.exit(main())
