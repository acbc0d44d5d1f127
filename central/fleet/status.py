"""How each kiosk is doing, from its last heartbeat and the outbox depths of the last hour.

One reading for the back office's fleet page and ``python -m central fleet``. A kiosk stands
out (:attr:`KioskState.alerts`) when it has been silent for more than :data:`SILENT_AFTER`
(or was never heard from), when its receipt paper is out or low, when a device cannot do its
job, when its outbox backlog grows (more waiting now than :data:`GROWTH_WINDOW` ago, over at
least :data:`GROWTH_MIN_SPAN` of heartbeats), when requests were refused for good (dead
items), or when its clock is off by more than :data:`CLOCK_TOLERANCE`.

Heartbeats from kiosks before contract 1.2 carry only a word per device; their devices show
that word, and their paper is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from central.fleet.models import Heartbeat, OutboxSample
from central.registry.models import Kiosk

SILENT_AFTER = dt.timedelta(minutes=10)
GROWTH_WINDOW = dt.timedelta(minutes=15)
GROWTH_MIN_SPAN = dt.timedelta(minutes=5)
CLOCK_TOLERANCE = dt.timedelta(seconds=60)
#: The device that prints receipts: its paper decides whether a kiosk can serve at all.
RECEIPT_PRINTER = "printer"
#: Devices in the order the page shows them; others follow by name.
DEVICE_ORDER = ("printer", "document_printer", "card_reader", "scanner")


class Paper(models.TextChoices):
    """A printer's paper, as the kiosk reported it (``DeviceState.paper``)."""

    OK = "ok", _("Cukup")
    LOW = "low", _("Hampir habis")
    OUT = "out", _("Habis")
    UNKNOWN = "unknown", _("Tidak diketahui")


class Alert(models.TextChoices):
    """Why a kiosk stands out on the fleet page."""

    NEVER_SEEN = "never_seen", _("Belum pernah mengirim kabar")
    SILENT = "silent", _("Tidak ada kabar lebih dari 10 menit")
    PAPER_OUT = "paper_out", _("Kertas struk habis")
    PAPER_LOW = "paper_low", _("Kertas struk hampir habis")
    DEVICE_ERROR = "device_error", _("Perangkat bermasalah")
    BACKLOG_GROWING = "backlog_growing", _("Antrean kiriman terus bertambah")
    DEAD_ITEMS = "dead_items", _("Ada kiriman yang ditolak pusat")
    CLOCK_OFF = "clock_off", _("Jam anjungan tidak tepat")


@dataclass(frozen=True)
class DeviceView:
    """One device of a kiosk: its health, its own status word, its paper and why."""

    name: str
    health: str
    status: str = ""
    paper: Paper | None = None
    detail: str = ""


@dataclass(frozen=True)
class KioskState:
    """What the fleet page shows of one kiosk."""

    kiosk: Kiosk
    last_seen: dt.datetime | None
    silent_for: dt.timedelta | None
    online: bool
    version: str
    devices: tuple[DeviceView, ...]
    paper: Paper | None
    pending: int | None
    dead: int | None
    backlog_growing: bool
    clock_offset_seconds: int | None
    alerts: tuple[Alert, ...]

    @property
    def stands_out(self) -> bool:
        """Whether anything about this kiosk needs a technician."""
        return bool(self.alerts)

    def device(self, name: str) -> DeviceView | None:
        """The device called ``name``, if the kiosk reported one."""
        return next((device for device in self.devices if device.name == name), None)

    @property
    def printer(self) -> DeviceView | None:
        """The receipt printer."""
        return self.device(RECEIPT_PRINTER)

    @property
    def card_reader(self) -> DeviceView | None:
        """The e-KTP reader."""
        return self.device("card_reader")

    @property
    def scanner(self) -> DeviceView | None:
        """The QR scanner."""
        return self.device("scanner")

    @property
    def other_devices(self) -> tuple[DeviceView, ...]:
        """Devices beyond those three (the A4 document printer, and any later ones)."""
        main = {RECEIPT_PRINTER, "card_reader", "scanner"}
        return tuple(device for device in self.devices if device.name not in main)

    def as_json(self) -> dict[str, Any]:
        """The state for ``python -m central fleet --json``."""
        return {
            "kiosk_id": self.kiosk.kiosk_id,
            "name": self.kiosk.name,
            "village": self.kiosk.village.code if self.kiosk.village else None,
            "active": self.kiosk.is_active,
            "online": self.online,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "version": self.version,
            "paper": self.paper.value if self.paper else None,
            "devices": {
                device.name: {
                    "health": device.health,
                    "status": device.status,
                    "paper": device.paper.value if device.paper else None,
                    "detail": device.detail,
                }
                for device in self.devices
            },
            "outbox": {"pending": self.pending, "dead": self.dead},
            "backlog_growing": self.backlog_growing,
            "clock_offset_seconds": self.clock_offset_seconds,
            "alerts": [alert.value for alert in self.alerts],
        }


def kiosk_states(kiosks: Iterable[Kiosk], now: dt.datetime) -> list[KioskState]:
    """The state of each kiosk; those that stand out first, then by kiosk id."""
    listed = list(kiosks)
    beats = {beat.kiosk_id: beat for beat in Heartbeat.objects.filter(kiosk__in=listed)}
    samples: dict[int, list[OutboxSample]] = defaultdict(list)
    recent = OutboxSample.objects.filter(kiosk__in=listed, at__gte=now - GROWTH_WINDOW)
    for sample in recent.order_by("kiosk_id", "at"):
        samples[sample.kiosk_id].append(sample)
    states = [state_of(kiosk, beats.get(kiosk.pk), samples[kiosk.pk], now) for kiosk in listed]
    return sorted(states, key=lambda state: (not state.stands_out, state.kiosk.kiosk_id))


def state_of(
    kiosk: Kiosk, beat: Heartbeat | None, samples: list[OutboxSample], now: dt.datetime
) -> KioskState:
    """One kiosk's state; ``samples`` are its outbox depths of the window, oldest first."""
    if beat is None:
        never: tuple[Alert, ...] = (Alert.NEVER_SEEN,) if kiosk.is_active else ()
        return KioskState(kiosk, None, None, False, "", (), None, None, None, False, None, never)
    body: Mapping[str, Any] = beat.body
    devices = _devices(body)
    paper = next((d.paper for d in devices if d.name == RECEIPT_PRINTER), None)
    silent_for = now - beat.received_at
    online = silent_for <= SILENT_AFTER
    offset = (beat.kiosk_time - beat.received_at).total_seconds()
    pending, dead = int(body["outbox"]["pending"]), int(body["outbox"]["dead"])
    growing = _growing(samples)
    alerts: list[Alert] = []
    if kiosk.is_active:
        if not online:
            alerts.append(Alert.SILENT)
        if paper is Paper.OUT:
            alerts.append(Alert.PAPER_OUT)
        elif paper is Paper.LOW:
            alerts.append(Alert.PAPER_LOW)
        if any(device.health == "error" for device in devices):
            alerts.append(Alert.DEVICE_ERROR)
        if growing:
            alerts.append(Alert.BACKLOG_GROWING)
        if dead:
            alerts.append(Alert.DEAD_ITEMS)
        if abs(offset) > CLOCK_TOLERANCE.total_seconds():
            alerts.append(Alert.CLOCK_OFF)
    return KioskState(
        kiosk=kiosk,
        last_seen=beat.received_at,
        silent_for=silent_for,
        online=online,
        version=beat.version,
        devices=devices,
        paper=paper,
        pending=pending,
        dead=dead,
        backlog_growing=growing,
        clock_offset_seconds=round(offset),
        alerts=tuple(alerts),
    )


def _devices(body: Mapping[str, Any]) -> tuple[DeviceView, ...]:
    """Each device from ``devices`` (1.1) with its ``device_states`` (1.2) when sent."""
    states: Mapping[str, Mapping[str, str]] = body.get("device_states") or {}
    words: Mapping[str, str] = body.get("devices") or {}
    views = []
    for name in sorted(set(words) | set(states), key=_device_order):
        state = states.get(name, {})
        paper = state.get("paper")
        views.append(
            DeviceView(
                name=name,
                health=state.get("health") or words.get(name, ""),
                status=state.get("status", ""),
                paper=Paper(paper) if paper in Paper.values else None,
                detail=state.get("detail", ""),
            )
        )
    return tuple(views)


def _device_order(name: str) -> tuple[int, str]:
    return (DEVICE_ORDER.index(name) if name in DEVICE_ORDER else len(DEVICE_ORDER), name)


def _growing(samples: list[OutboxSample]) -> bool:
    """More requests wait now than at the start of the window, and the window is long enough."""
    if len(samples) < 2:
        return False
    first, last = samples[0], samples[-1]
    return last.at - first.at >= GROWTH_MIN_SPAN and last.pending > first.pending
