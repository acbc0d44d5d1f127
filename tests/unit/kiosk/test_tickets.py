from __future__ import annotations

import threading
from pathlib import Path

from kiosk.tickets import TicketStore
from tests.helpers.clock import FakeClock


def test_numbers_count_per_counter_and_restart_each_day(tmp_path: Path) -> None:
    clock = FakeClock()
    store = TicketStore(tmp_path / "t.sqlite", "K1", clock)
    assert store.issue("k1", "A").number == "K1-A001"
    assert store.issue("k2", "A").number == "K1-A002"
    assert store.issue("k3", "B").number == "K1-B001"
    clock.advance(24 * 3600)
    assert store.issue("k4", "A").number == "K1-A001"


def test_same_key_never_gets_a_second_number(tmp_path: Path) -> None:
    store = TicketStore(tmp_path / "t.sqlite", "K1", FakeClock())
    first = store.issue("same", "A")
    again = store.issue("same", "A")
    assert again == first
    assert store.issue("other", "A").number == "K1-A002"


def test_numbers_and_print_state_survive_a_restart(tmp_path: Path) -> None:
    clock = FakeClock()
    store = TicketStore(tmp_path / "t.sqlite", "K1", clock)
    store.issue("a", "A")
    store.issue("b", "A")
    store.mark_printed("a", True)
    store.mark_printed("b", False, "paper out")
    store.close()
    reopened = TicketStore(tmp_path / "t.sqlite", "K1", clock)
    assert reopened.issue("c", "A").number == "K1-A003"
    assert [t.idempotency_key for t in reopened.pending_print()] == ["b", "c"]
    assert reopened.get("a") is not None and reopened.get("a").printed


def test_concurrent_issues_get_distinct_numbers(tmp_path: Path) -> None:
    store = TicketStore(tmp_path / "t.sqlite", "K1", FakeClock())
    numbers: list[str] = []

    def worker(start: int) -> None:
        for i in range(50):
            numbers.append(store.issue(f"{start}-{i}", "A").number)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"K1-A{n:03d}" for n in range(1, 201)]
