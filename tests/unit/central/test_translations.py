"""Central's pages in English: every string translated, and the compiled catalogs current.

Bahasa Indonesia is the source language of central's templates and code (as of the kiosk's
QML); ``make translations`` extracts the strings and compiles each app's English catalog.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.central import ROOT

APPS = ("office", "fleet")
_MSGID = re.compile(r'^msgid ((?:".*"\n)+)', re.MULTILINE)


def msgids(path: Path) -> set[str]:
    """Every msgid of a catalog, its continued lines joined."""
    return {
        "".join(line[1:-1] for line in found.splitlines())
        for found in _MSGID.findall(path.read_text(encoding="utf-8"))
    }


def catalog(app: str) -> Path:
    return ROOT / "central" / app / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated_and_compiled(app, tmp_path):
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(catalog(app))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "untranslated" not in checked.stderr and "fuzzy" not in checked.stderr, checked.stderr
    committed = catalog(app).with_suffix(".mo").read_bytes()
    assert (tmp_path / "django.mo").read_bytes() == committed, "run: make translations"


@pytest.mark.parametrize("app", APPS)
def test_no_string_is_missing_from_the_catalog(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(ROOT / "central" / app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "central.settings",
            "CENTRAL_DB": str(tmp_path / "unused.sqlite"),
        },
        capture_output=True,
        check=True,
        timeout=120,
    )
    extracted = msgids(copy / "locale/en/LC_MESSAGES/django.po")
    assert len(extracted) > 10
    assert extracted == msgids(catalog(app)), "run: make translations"
