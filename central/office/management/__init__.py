"""Management commands of the back office (run through ``python -m central``)."""
