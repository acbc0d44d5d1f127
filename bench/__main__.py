"""``python -m bench [--json] [--only NAME] [--save]``: run the benchmarks, print the figures.

``--save`` also writes them to ``bench/results/<date>.json`` so changes over time are kept.
The exit status is 1 when a figure of the shipped configuration misses its budget; figures
marked ``information`` (alternatives such as the OpenGL renderer) never fail a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from bench import central_load, hall_bench, outbox, printer_bench, ui_bench
from bench.figures import Figure

BENCHMARKS: dict[str, Callable[[], dict[str, Figure]]] = {
    "outbox_enqueue": outbox.enqueue_latency,
    "outbox_drain": outbox.drain_rate,
    "printer_print": printer_bench.print_latency,
    "startup": ui_bench.startup_and_memory,
    "tap": ui_bench.tap_latency,
    "bundle": ui_bench.bundle,
    "central": central_load.central_load,
    "hall": hall_bench.hall_load,
}
# Long: about an hour for 5,000 sessions. Run with --only soak; not part of the default run.
LONG: dict[str, Callable[[], dict[str, Figure]]] = {"soak": ui_bench.soak}
RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and print one JSON object keyed by figure name."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    parser.add_argument("--only", choices=sorted({**BENCHMARKS, **LONG}), action="append")
    parser.add_argument("--save", action="store_true", help="also write bench/results/DATE.json")
    args = parser.parse_args(argv)
    figures: dict[str, Figure] = {}
    for name in args.only or BENCHMARKS:
        figures.update({**BENCHMARKS, **LONG}[name]())
    report = {name: figure.as_json() for name, figure in figures.items()}
    text = json.dumps(report, indent=2)
    sys.stdout.write(text + "\n")
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        record = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {platform.python_implementation()} "
            f"{platform.python_version()}",
            "figures": report,
        }
        path = RESULTS / f"{dt.date.today().isoformat()}.json"
        if path.is_file():  # a run with --only adds to the day's record instead of replacing it
            kept = json.loads(path.read_text(encoding="utf-8")).get("figures", {})
            record["figures"] = {**kept, **report}
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 1 if any(figure.fails for figure in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
