"""QObjects that expose the core and the devices to QML as singletons."""
