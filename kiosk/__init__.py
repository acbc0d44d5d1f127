"""The kiosk core: config, services, session, journal, sync and receipts; never imports Qt."""

__version__ = "0.1.0"
