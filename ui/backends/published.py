"""The values a backend's QML properties return, announced only when they really change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject

_UNSET = object()


class Published:
    """A backend's property values; ``set`` emits ``<name>Changed`` only on a real change.

    QML re-evaluates every binding on a property's notify signal, so a refresh that
    republishes everything stays cheap and quiet when little changed.

    Args:
        owner: the backend whose ``<name>Changed`` signals are emitted.
        signal_of: properties that share another property's notify signal.

    """

    def __init__(self, owner: QObject, signal_of: Mapping[str, str] | None = None) -> None:
        self._owner = owner
        self._signal_of = dict(signal_of or {})
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        """The value last published under ``name``."""
        return self._values[name]

    def set(self, name: str, value: Any) -> None:
        """Publish ``value``; its notify signal fires only if it differs from the last one."""
        if self._values.get(name, _UNSET) != value:
            self._values[name] = value
            getattr(self._owner, f"{self._signal_of.get(name, name)}Changed").emit()
