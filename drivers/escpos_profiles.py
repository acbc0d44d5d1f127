"""python-escpos's printer profiles (paper width, QR engine), without its renderer.

Parsing a printer URI needs only the capabilities table; the renderer
(``drivers.escpos_render``) also pulls in Pillow, qrcode and python-barcode, which the
kiosk does not need until it prints. Keeping the two apart lets the kiosk start without
them.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import pickle
import platform
import shutil
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger("drivers.escpos_render")

_PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _use_capabilities_cache() -> None:
    """Point python-escpos at a persistent cache for its parsed capabilities file.

    Without it every import re-parses a large YAML file into a fresh temporary
    directory (about 0.35 s). python-escpos writes its cache in place while it imports,
    and reads it without a check, so a second kiosk process starting at that moment would
    read half a file and fail to import. The shared cache is therefore only ever read
    here: when it is missing or stale, python-escpos builds it in a private folder and the
    finished file is moved into place in one rename.
    """
    if _PICKLE_DIR_VARIABLE in os.environ:
        return
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "kiosk-escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        logger.warning("cannot create the escpos cache %s (%s); imports are slow", folder, error)
        return
    if not os.access(folder, os.W_OK):
        logger.warning("the escpos cache %s is not writable; imports will be slow", folder)
        return
    if not _cache_is_current(folder):
        _build_cache(folder)
    os.environ[_PICKLE_DIR_VARIABLE] = str(folder)


def _capabilities_source() -> Path | None:
    """The capabilities file python-escpos parses, by its own rule; None without escpos."""
    spec = importlib.util.find_spec("escpos")
    if spec is None or spec.origin is None:
        return None
    return Path(
        os.environ.get("ESCPOS_CAPABILITIES_FILE") or Path(spec.origin).parent / "capabilities.json"
    )


def _cache_file(folder: Path) -> Path:
    """python-escpos's name for its cache in ``folder``."""
    return folder / f"{platform.python_version()}.capabilities.pickle"


def _cache_is_current(folder: Path) -> bool:
    """Whether ``folder`` holds a cache python-escpos would read (python-escpos's rule)."""
    source = _capabilities_source()
    try:
        return source is not None and (
            source.stat().st_mtime <= _cache_file(folder).stat().st_mtime
        )
    except OSError:
        return False


def _build_cache(folder: Path) -> None:
    """Let python-escpos parse its capabilities into a private folder, then publish the file.

    Two processes may both build it; each rename is whole, so a reader sees one or the other.
    """
    private = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
    os.environ[_PICKLE_DIR_VARIABLE] = str(private)
    try:
        import escpos.capabilities  # noqa: F401  (writes the cache while it imports)

        built = _cache_file(private)
        if built.exists():
            os.replace(built, _cache_file(folder))
    except OSError as error:
        logger.warning("cannot publish the escpos cache in %s: %s", folder, error)
    finally:
        shutil.rmtree(private, ignore_errors=True)


_use_capabilities_cache()

__all__ = ["profile_names", "profile_supports", "profile_width"]


@functools.cache
def _capabilities() -> dict[str, Any]:
    """python-escpos's capabilities table.

    Importing ``escpos.capabilities`` also imports PyYAML (about 0.05 s) even when it only
    reads its pickle cache, so that cache is read here directly when it is there and newer
    than the capabilities file, under python-escpos's own rule. Otherwise (the first start,
    an upgraded python-escpos, a cache in another format) python-escpos loads the table and
    writes the cache itself.
    """
    cached = _cached_capabilities()
    if cached is not None:
        return cached
    from escpos.capabilities import CAPABILITIES

    table: dict[str, Any] = CAPABILITIES
    return table


def _cached_capabilities() -> dict[str, Any] | None:
    folder = os.environ.get(_PICKLE_DIR_VARIABLE)
    if not folder or not _cache_is_current(Path(folder)):
        return None
    cache = _cache_file(Path(folder))
    try:
        with cache.open("rb") as stream:
            table = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
        logger.debug("escpos capabilities cache %s not used: %s", cache, error)
        return None
    if not isinstance(table, dict) or not isinstance(table.get("profiles"), dict):
        return None
    return table


def _profile(profile: str) -> dict[str, Any]:
    data: dict[str, Any] = _capabilities()["profiles"][profile]
    return data


def profile_names() -> list[str]:
    """Every printer profile python-escpos knows, sorted."""
    return sorted(_capabilities()["profiles"])


def profile_width(profile: str) -> int | None:
    """The paper width in dots that ``profile`` records, or None if it does not know it."""
    media = _profile(profile).get("media", {})
    pixels = media.get("width", {}).get("pixels")
    return pixels if isinstance(pixels, int) and pixels > 0 else None


def profile_supports(profile: str, feature: str) -> bool:
    """Whether ``profile`` has ``feature`` (python-escpos names: qrCode, paperPartCut, ...).

    The same lookup as python-escpos's ``get_profile(profile).supports(feature)``.
    """
    return bool(_profile(profile).get("features", {}).get(feature))
