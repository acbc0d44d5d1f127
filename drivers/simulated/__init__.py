"""Simulated devices, so the kiosk runs and is tested without hardware."""

from __future__ import annotations

from drivers.simulated.card_reader import SimulatedCardReader
from drivers.simulated.printer import SimulatedPrinter
from drivers.simulated.scanner import SimulatedScanner

__all__ = ["SimulatedCardReader", "SimulatedPrinter", "SimulatedScanner"]
