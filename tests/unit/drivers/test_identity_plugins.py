"""Identity-reader plugins: found through a real entry point, broken ones skipped."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from drivers.identity_plugins import (
    ENTRY_POINT_GROUP,
    Biodata,
    IdentityReaderPlugin,
    IdentityReadError,
    ReadFailure,
    load_plugins,
    plugin_for,
    read_biodata_safely,
)
from tests.helpers import sam_plugin
from tests.helpers.sam_plugin import (
    READER_PREFIX,
    CrashingSdkReader,
    MatchesRaises,
    TestSamReader,
    install_entry_points,
)

NIK = "3510014708900001"
BIODATA = Biodata(
    nik=NIK,
    name="SITI AMINAH",
    birth_place="BANYUWANGI",
    birth_date="07-08-1990",
    sex="PEREMPUAN",
    address="JL. MERDEKA NO. 17",
    rt_rw="003/005",
    village="PANDEAN",
    district="BANYUWANGI",
    religion="ISLAM",
    marital_status="KAWIN",
    occupation="PEDAGANG",
    nationality="WNI",
)
READER = f"{READER_PREFIX} 00 00"
EKTP_ATR = bytes.fromhex("3B8F8001804F0CA0000003060300030000000068")


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test plugin's dist-info on sys.path, as if pip had installed it."""
    dist_info = install_entry_points(tmp_path / "site-packages")
    monkeypatch.syspath_prepend(str(dist_info.parent))
    yield dist_info
    sam_plugin.CARDS.clear()


def test_the_entry_points_are_really_registered(installed: Path) -> None:
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert names >= set(sam_plugin.ENTRY_POINTS)


def test_load_plugins_keeps_working_ones_and_logs_broken_ones(
    installed: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="drivers.identity_plugins"):
        plugins = load_plugins()
    assert [type(plugin) for plugin in plugins] == [CrashingSdkReader, TestSamReader]
    skipped = {
        record.args[0]: record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR and isinstance(record.args, tuple)
    }
    assert set(skipped) == {"broken-construct", "broken-import", "not-a-plugin"}
    assert "failed to load; skipped" in skipped["broken-construct"]
    assert "failed to load; skipped" in skipped["broken-import"]
    assert "made a NotAPlugin, not an IdentityReaderPlugin" in skipped["not-a-plugin"]
    assert "libacme.so" in caplog.text  # the constructor's own reason is in the log


def test_without_any_plugin_installed_there_are_none() -> None:
    assert load_plugins() == []


def test_plugin_reads_biodata_for_its_reader(installed: Path) -> None:
    plugins = [p for p in load_plugins() if type(p) is TestSamReader]
    plugin = plugin_for(plugins, READER, EKTP_ATR)
    assert isinstance(plugin, TestSamReader)
    assert plugin_for(plugins, "Virtual PCD 00 00", EKTP_ATR) is None
    sam_plugin.CARDS[READER] = BIODATA
    assert read_biodata_safely(plugin, READER, timeout=3.0) == BIODATA
    assert plugin.reads == [(READER, 3.0)]


@pytest.mark.parametrize(
    "error",
    [
        IdentityReadError(ReadFailure.SAM_NOT_ACTIVATED, "SAM slot 1 answered 69 82"),
        IdentityReadError(ReadFailure.CARD_REMOVED),
        IdentityReadError(ReadFailure.TIMEOUT, "no answer within 3.0 s"),
    ],
)
def test_plugin_failures_keep_their_reason(error: IdentityReadError) -> None:
    sam_plugin.CARDS[READER] = error
    try:
        with pytest.raises(IdentityReadError) as raised:
            read_biodata_safely(TestSamReader(), READER, timeout=1.0)
    finally:
        sam_plugin.CARDS.clear()
    assert raised.value.reason is error.reason
    assert raised.value.detail == error.detail


def test_no_card_is_a_reason_too() -> None:
    with pytest.raises(IdentityReadError) as raised:
        read_biodata_safely(TestSamReader(), READER, timeout=1.0)
    assert raised.value.reason is ReadFailure.NO_CARD
    assert str(raised.value) == f"no_card: no card in {READER!r}"


def test_an_sdk_exception_becomes_plugin_failed_without_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(IdentityReadError) as raised:
        read_biodata_safely(CrashingSdkReader(), READER, timeout=1.0)
    assert raised.value.reason is ReadFailure.PLUGIN_FAILED
    assert raised.value.detail == "RuntimeError"
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert NIK not in caplog.text
    assert "SITI" not in caplog.text


def test_a_plugin_whose_matches_raises_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    good = TestSamReader()
    assert plugin_for([MatchesRaises(), good], READER, EKTP_ATR) is good
    assert "failed in matches(); skipped" in caplog.text


def test_a_plugin_returning_something_else_is_plugin_failed() -> None:
    class ReturnsDict(TestSamReader):
        def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
            return {"nik": NIK}  # type: ignore[return-value]

    with pytest.raises(IdentityReadError) as raised:
        read_biodata_safely(ReturnsDict(), READER, timeout=1.0)
    assert raised.value.reason is ReadFailure.PLUGIN_FAILED
    assert raised.value.detail == "read_biodata() returned a dict"


def test_biodata_never_shows_its_contents() -> None:
    hidden = "Biodata(<personal data not shown>)"
    assert repr(BIODATA) == str(BIODATA) == f"{BIODATA}" == hidden
    assert f"{[BIODATA]}" == f"[{hidden}]"
    assert BIODATA.nik == NIK


def test_the_plugin_interface_is_abstract() -> None:
    with pytest.raises(TypeError):
        IdentityReaderPlugin()  # type: ignore[abstract]
