"""A test identity-reader plugin, registered through a real entry point by the tests.

``TestSamReader`` stands in for a vendor's certified reader: it drives readers whose
name starts with ``READER_PREFIX`` and answers from ``CARDS``, which a test fills in
(reader name to ``Biodata`` or to the ``IdentityReadError`` to raise). The other
classes are the ways a vendor plugin can be broken, each of which the loader must skip.

``install_entry_points`` writes a ``*.dist-info`` folder (``METADATA`` and
``entry_points.txt``) into a directory that the test then puts on ``sys.path``, which is
how an installed vendor package is found by ``importlib.metadata``.
"""

from __future__ import annotations

from pathlib import Path

from drivers.identity_plugins import (
    Biodata,
    IdentityReaderPlugin,
    IdentityReadError,
    ReadFailure,
)

READER_PREFIX = "Test SAM Reader"
DIST_NAME = "kiosk-test-sam-plugin"
CARDS: dict[str, Biodata | IdentityReadError] = {}


class TestSamReader(IdentityReaderPlugin):
    """A certified reader as the kiosk sees one, answering from ``CARDS``."""

    __test__ = False  # not a pytest test class, despite its name

    def __init__(self) -> None:
        self.reads: list[tuple[str, float]] = []

    @property
    def name(self) -> str:
        return "Test SAM Reader (test SDK 1.0)"

    def matches(self, reader_name: str, atr: bytes) -> bool:
        return reader_name.startswith(READER_PREFIX)

    def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
        self.reads.append((reader_name, timeout))
        answer = CARDS.get(reader_name)
        if answer is None:
            raise IdentityReadError(ReadFailure.NO_CARD, f"no card in {reader_name!r}")
        if isinstance(answer, IdentityReadError):
            raise answer
        return answer


class CrashingSdkReader(TestSamReader):
    """A plugin whose SDK raises its own exception, quoting the card's data."""

    def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
        raise RuntimeError("SDK error while reading NIK 3510014708900001 of SITI AMINAH")


class MatchesRaises(TestSamReader):
    """A plugin whose ``matches`` fails; it must not stop the next plugin from matching."""

    def matches(self, reader_name: str, atr: bytes) -> bool:
        raise OSError("vendor library not found")


class FailsToConstruct(IdentityReaderPlugin):
    """A plugin whose constructor fails, like an SDK that cannot find its dongle."""

    def __init__(self) -> None:
        raise OSError("libacme.so: cannot open shared object file")

    @property
    def name(self) -> str:
        return "never"

    def matches(self, reader_name: str, atr: bytes) -> bool:
        return False

    def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
        raise AssertionError


class NotAPlugin:
    """Something that is not an IdentityReaderPlugin at all."""


ENTRY_POINTS = {
    "test-sam": "tests.helpers.sam_plugin:TestSamReader",
    "crashing-sdk": "tests.helpers.sam_plugin:CrashingSdkReader",
    "broken-construct": "tests.helpers.sam_plugin:FailsToConstruct",
    "broken-import": "tests.helpers.sam_plugin_not_installed:Reader",
    "not-a-plugin": "tests.helpers.sam_plugin:NotAPlugin",
}


def install_entry_points(site_dir: Path, entry_points: dict[str, str] = ENTRY_POINTS) -> Path:
    """Write a dist-info for ``entry_points`` into ``site_dir``; returns the dist-info path."""
    dist_info = site_dir / f"{DIST_NAME.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = [f"{name} = {target}" for name, target in entry_points.items()]
    (dist_info / "entry_points.txt").write_text(
        "[kiosk.identity_readers]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return dist_info
