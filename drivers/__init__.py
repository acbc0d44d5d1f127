"""Hardware adapters (printer, e-KTP reader, QR scanner) and their simulators; never imports Qt."""
