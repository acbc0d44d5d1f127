"""The real core, session and accessibility backend without QML, for the UI unit tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.clock import ShiftedClock
from kiosk.config import Config, load_config
from kiosk.core import Core
from kiosk.services import Flow, Service
from kiosk.session import Session, Timing
from ui.backends.accessibility import AccessibilityBackend, OutcomeReceipts
from ui.backends.session import SessionBackend
from ui.i18n import LanguageSwitcher


@dataclass
class Parts:
    config: Config
    clock: ShiftedClock
    core: Core
    session: Session
    backend: SessionBackend
    access: AccessibilityBackend
    languages: LanguageSwitcher

    def queue_service(self) -> Service:
        return next(s for s in self.core.services if s.flow is Flow.QUEUE_TICKET)


def build(qapp: QCoreApplication, tmp_path: Path, engine: str | None) -> Parts:
    """The real core (simulated devices), session and both backends; no QML needed."""
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    clock = ShiftedClock()
    core = Core(config, clock, simulated=True)
    core.build()
    session = Session(
        clock,
        Timing(idle=config.ui.idle_seconds, warning=config.ui.idle_warning_seconds, done=20),
        default_language=config.kiosk.language,
    )
    languages = LanguageSwitcher(qapp)
    backend = SessionBackend(
        session,
        core.catalog_keeper,
        core.issuer,
        languages,
        config.kiosk.name,
        config.kiosk.office,
    )
    access = AccessibilityBackend(
        backend, session, OutcomeReceipts(core.processor, core.journal, session), engine=engine
    )
    return Parts(config, clock, core, session, backend, access, languages)


def teardown(parts: Parts) -> None:
    parts.access.shutdown()
    parts.backend.shutdown()
    parts.core.shutdown()
    parts.languages.detach()
