"""The touch UI: the QML module, the backends it talks to, and the ``kiosk`` command."""
