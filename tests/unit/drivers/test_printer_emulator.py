from __future__ import annotations

import os
import select
import socket
import threading
from collections.abc import Iterator

import pytest

from tests.helpers.printer_emulator import (
    Mode,
    PrinterEmulator,
    PrinterState,
    dle_eot_reply,
    gs_r_reply,
)

DLE_EOT = b"\x10\x04"
GS_R_1 = b"\x1dr\x01"


@pytest.fixture
def emulator() -> Iterator[PrinterEmulator]:
    with PrinterEmulator() as running:
        yield running


def connect(emulator: PrinterEmulator) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", emulator.port), timeout=2)
    assert emulator.wait_until(lambda: len(emulator.connections) >= 1)
    return client


def closed_by_peer(client: socket.socket) -> bool:
    ready, _, _ = select.select([client], [], [], 2)
    try:
        return bool(ready) and client.recv(16) == b""
    except ConnectionResetError:
        return True


def reply(client: socket.socket, request: bytes, timeout: float = 2.0) -> bytes:
    client.sendall(request)
    ready, _, _ = select.select([client], [], [], timeout)
    return client.recv(16) if ready else b""


def test_python_escpos_reads_our_paper_bits_as_intended() -> None:
    """python-escpos's masks for DLE EOT 4 match the bits the emulator sends."""
    from escpos import constants

    assert dle_eot_reply(PrinterState(), 4) == constants.RT_MASK_PAPER
    assert dle_eot_reply(PrinterState(paper_near_end=True), 4) == constants.RT_MASK_LOWPAPER
    assert dle_eot_reply(PrinterState(paper_out=True), 4) == constants.RT_MASK_NOPAPER
    assert dle_eot_reply(PrinterState(online=False), 1) & constants.RT_MASK_ONLINE


@pytest.mark.parametrize(
    ("state", "replies"),
    [
        (PrinterState(), (0x12, 0x12, 0x12, 0x12, 0x00)),
        (PrinterState(online=False), (0x1A, 0x12, 0x12, 0x12, None)),
        (PrinterState(cover_open=True), (0x1A, 0x16, 0x12, 0x12, None)),
        (PrinterState(paper_near_end=True), (0x12, 0x12, 0x12, 0x1E, 0x03)),
        (PrinterState(paper_out=True), (0x1A, 0x32, 0x12, 0x72, None)),
        (PrinterState(cutter_error=True), (0x1A, 0x52, 0x1A, 0x12, None)),
    ],
)
def test_status_requests_are_answered_from_the_state(
    emulator: PrinterEmulator, state: PrinterState, replies: tuple[int | None, ...]
) -> None:
    emulator.state = state
    client = connect(emulator)

    answers = [reply(client, DLE_EOT + bytes((n,))) for n in (1, 2, 3, 4)]
    answers.append(reply(client, GS_R_1, timeout=0.3))

    assert answers == [b"" if value is None else bytes((value,)) for value in replies]
    assert emulator.status_requests == 5
    assert emulator.printed == b""
    client.close()


def test_gs_r_reply_bits() -> None:
    assert gs_r_reply(PrinterState()) == 0
    assert gs_r_reply(PrinterState(paper_near_end=True)) == 0x03
    assert gs_r_reply(PrinterState(paper_out=True)) == 0x0C


def test_print_data_is_recorded_apart_from_status_requests(emulator: PrinterEmulator) -> None:
    client = connect(emulator)

    assert reply(client, b"\x1b@Halo\n" + DLE_EOT + b"\x01") == b"\x12"
    client.sendall(b"Dunia\n\x1dV\x01")
    assert emulator.wait_until(lambda: emulator.printed.endswith(b"\x1dV\x01"))

    assert emulator.printed == b"\x1b@Halo\nDunia\n\x1dV\x01"
    assert bytes(emulator.connections[0].raw) == b"\x1b@Halo\n\x10\x04\x01Dunia\n\x1dV\x01"
    assert emulator.last_job_byte_at is not None
    assert emulator.protocol_errors == []
    client.close()


def test_a_status_request_split_across_writes_is_still_answered(
    emulator: PrinterEmulator,
) -> None:
    client = connect(emulator)
    client.sendall(b"\x10")

    assert reply(client, b"\x04\x04") == b"\x12"
    client.close()


def test_status_bytes_inside_image_data_are_not_requests(emulator: PrinterEmulator) -> None:
    client = connect(emulator)
    # GS v 0: 3 bytes wide, 1 high, whose dots happen to spell DLE EOT 1.
    image = b"\x1dv0\x00\x03\x00\x01\x00" + DLE_EOT + b"\x01"

    assert reply(client, image, timeout=0.3) == b""
    assert emulator.printed == image
    assert emulator.status_requests == 0
    client.close()


def test_unknown_commands_are_reported(emulator: PrinterEmulator) -> None:
    client = connect(emulator)
    client.sendall(b"\x1b\xff")

    assert emulator.wait_until(lambda: bool(emulator.protocol_errors))
    assert "ESC 0xff" in emulator.protocol_errors[0]
    client.close()


def refused(emulator: PrinterEmulator) -> bool:
    """Whether a new connection is closed at once (the reset may even beat connect())."""
    try:
        client = socket.create_connection(("127.0.0.1", emulator.port), timeout=2)
    except ConnectionResetError:
        return True
    with client:
        return closed_by_peer(client)


def test_refuse_closes_new_connections(emulator: PrinterEmulator) -> None:
    emulator.mode = Mode.REFUSE

    assert refused(emulator)
    assert emulator.wait_until(lambda: emulator.refused == 1)
    assert emulator.connections == []


def test_silent_reads_everything_but_never_answers(emulator: PrinterEmulator) -> None:
    emulator.mode = Mode.SILENT
    client = connect(emulator)

    assert reply(client, b"Halo\n" + DLE_EOT + b"\x01", timeout=0.3) == b""
    assert emulator.wait_until(lambda: emulator.printed == b"Halo\n")
    client.close()


def test_stall_stops_reading_until_it_ends(emulator: PrinterEmulator) -> None:
    client = connect(emulator)
    emulator.mode = Mode.STALL

    assert reply(client, b"Halo\n" + DLE_EOT + b"\x01", timeout=0.3) == b""
    assert emulator.printed == b""

    emulator.mode = Mode.NORMAL
    ready, _, _ = select.select([client], [], [], 2)
    assert ready
    assert client.recv(16) == b"\x12"
    assert emulator.printed == b"Halo\n"
    client.close()


def test_stall_after_stalls_in_the_middle_of_a_job(emulator: PrinterEmulator) -> None:
    emulator.stall_after(5)
    client = connect(emulator)

    assert reply(client, b"Halo\nDunia\n" + DLE_EOT + b"\x01", timeout=0.3) == b""
    assert emulator.mode is Mode.STALL
    assert emulator.printed == b"Halo\n"
    client.close()


def test_drop_after_resets_the_connection_mid_job(emulator: PrinterEmulator) -> None:
    emulator.drop_after(4)
    client = connect(emulator)
    client.sendall(b"Halo\nDunia\n")

    assert closed_by_peer(client)
    assert emulator.printed == b"Halo"
    client.close()

    again = socket.create_connection(("127.0.0.1", emulator.port), timeout=2)
    assert reply(again, b"lagi\n" + DLE_EOT + b"\x01") == b"\x12", "the drop happens once"
    assert len(emulator.connections) == 2
    again.close()


def test_change_after_changes_the_state_mid_job(emulator: PrinterEmulator) -> None:
    emulator.change_after(5, paper_out=True)
    client = connect(emulator)

    assert reply(client, b"Halo\n" + DLE_EOT + b"\x04") == b"\x72"
    assert emulator.state.paper_out
    client.close()


def test_disconnect_all_resets_open_connections(emulator: PrinterEmulator) -> None:
    client = connect(emulator)

    emulator.disconnect_all()

    assert closed_by_peer(client)
    client.close()


def test_recording_is_bounded() -> None:
    with PrinterEmulator(max_bytes=100) as emulator:
        client = connect(emulator)
        client.sendall(b"x" * 200)

        assert emulator.wait_until(lambda: bool(emulator.protocol_errors))
        assert emulator.protocol_errors == ["more than 100 bytes received"]
        assert len(emulator.printed) <= 100
        client.close()


def test_connections_beyond_the_limit_are_refused() -> None:
    with PrinterEmulator(max_connections=1) as emulator:
        first = connect(emulator)

        assert refused(emulator)
        assert emulator.refused == 1
        assert reply(first, DLE_EOT + b"\x01") == b"\x12"
        first.close()


def test_a_pseudo_terminal_is_served_like_a_serial_line(emulator: PrinterEmulator) -> None:
    path = emulator.open_pty()
    descriptor = os.open(path, os.O_RDWR | os.O_NOCTTY)
    try:
        os.write(descriptor, b"Halo\n" + DLE_EOT + b"\x02")
        ready, _, _ = select.select([descriptor], [], [], 2)

        assert ready
        assert os.read(descriptor, 16) == b"\x12"
        assert emulator.wait_until(lambda: emulator.printed == b"Halo\n")
    finally:
        os.close(descriptor)


def test_uri_points_at_the_listener(emulator: PrinterEmulator) -> None:
    assert emulator.uri() == f"tcp://127.0.0.1:{emulator.port}"
    assert emulator.uri(profile="TM-T20II", qr="image") == (
        f"tcp://127.0.0.1:{emulator.port}?profile=TM-T20II&qr=image"
    )


def test_close_ends_every_thread() -> None:
    emulator = PrinterEmulator()
    client = connect(emulator)
    emulator.open_pty()
    emulator.mode = Mode.STALL

    emulator.close()

    assert [t.name for t in threading.enumerate() if t.name.startswith("emulator-")] == []
    client.close()
