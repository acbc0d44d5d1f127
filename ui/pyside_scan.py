"""PySide6 reads the source of every module imported after it; this keeps that read cheap.

PySide6 replaces ``__import__`` to support its opt-in ``from __feature__ import ...``
(``snake_case``, ``true_property``). After each import it asks whether the new module's
source mentions "PySide6", and asks with ``inspect.getsource``, which keeps every line of
every module in ``linecache`` for the rest of the process. Run from source, that is 170
files and about 8 MB of the kiosk's idle memory, never freed (a PyInstaller bundle has no
source files, so it does not pay it). The kiosk uses no feature; the same question answered
from the file's bytes, which are then dropped, gives the same answer and keeps nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import ModuleType

log = logging.getLogger("ui.pyside_scan")

#: Where PySide6 (6.5 to 6.11 at least) keeps the check; the name is not public.
FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"


def scan_without_caching() -> bool:
    """Import PySide6 and make its per-import source check read files without caching them.

    Call it before importing the modules the kiosk runs on. Returns False, and changes
    nothing, when this PySide6 has no such check (a later version may check differently).
    """
    import PySide6.QtCore  # noqa: F401  (sets up the import hook and its feature module)

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, CHECK, None)
    if feature is None or not callable(original):
        log.debug("PySide6 has no %s.%s: nothing to change", FEATURE_MODULE, CHECK)
        return False
    setattr(feature, CHECK, _reading_bytes(original))
    return True


def _reading_bytes(original: Callable[[ModuleType], object]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether the module's source mentions PySide6, as PySide6's own check answers."""
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))  # built in, compiled or without a file
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    return uses_pyside
