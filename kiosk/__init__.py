"""The kiosk core: config, services, session, receipts and records; never imports Qt."""
