"""Management commands of this app, run through `python -m central`."""
