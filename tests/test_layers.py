"""The layer rule: kiosk/ and drivers/ never import Qt, and drivers/ never imports kiosk/ or ui/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    return files


@pytest.mark.parametrize("package", ["kiosk", "drivers"])
def test_core_and_drivers_never_import_qt(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files(package)
        for name in imported_modules(path)
        if name.split(".")[0] in QT_MODULES
    ]
    assert offenders == []


def test_drivers_never_import_the_core_or_the_ui() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("drivers")
        for name in imported_modules(path)
        if name.split(".")[0] in ("kiosk", "ui")
    ]
    assert offenders == []


def test_kiosk_never_imports_the_ui() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("kiosk")
        for name in imported_modules(path)
        if name.split(".")[0] == "ui"
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in ("kiosk", "drivers")
        for path in python_files(package)
        if path.name != "__main__.py"
    ]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


#: Central's own dependencies: none may reach the kiosk or its bundle (kiosk.spec).
CENTRAL_ONLY = (
    "central",
    "django",
    "gunicorn",
    "waitress",
    "psycopg",
    "argon2",
    "cryptography",
    "axes",
    "whitenoise",
    "weasyprint",
    "pyhanko",
    "pyhanko_certvalidator",
    "asn1crypto",
)


@pytest.mark.parametrize("package", ["kiosk", "drivers", "ui"])
def test_the_kiosk_never_imports_central_or_its_server(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files(package)
        for name in imported_modules(path)
        if name.split(".")[0] in CENTRAL_ONLY
    ]
    assert offenders == []
