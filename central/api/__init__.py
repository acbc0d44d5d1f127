"""The kiosk contract (``central/openapi.yaml``): its views, its request checks and its state."""
