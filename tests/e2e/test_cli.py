"""The ``kiosk`` command as installers and CI run it: real subprocesses, offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.private_files import open_modes, umask

ROOT = Path(__file__).resolve().parents[2]
BASE_SCREENS = [
    "attract",
    "home",
    "home_paper_out",
    "home_paper_out_large_text",
    "home_paper_out_high_contrast",
    "home_large_text",
    "home_high_contrast",
    "queue_counter",
    "idle_warning",
    "submit",
    "print",
    "done",
    "done_large_text",
    "done_print_failed",
    "done_print_failed_large_text",
    "done_print_failed_high_contrast",
    "done_paper_out",
    "done_paper_out_large_text",
    "out_of_service",
    "status_check",
    "status_check_scan_not_recognised",
    "status_check_answer",
    "status_check_letter",
    "status_check_letter_large_text",
    "status_check_correction",
    "status_check_correction_large_text",
    "status_check_correction_high_contrast",
    "status_check_ticket",
    "status_check_not_found",
    "status_check_offline",
    "maintenance_pin",
    "maintenance_pin_typing",
    "maintenance_pin_wrong",
    "maintenance_tests_done",
    "maintenance_tests_print_failed",
    "maintenance_letters_extra",
    "maintenance_letters_printed",
    "maintenance_letters_old_central",
]


#: Ambil Surat: asking, the letters, the first page, printed, and each way it goes wrong.
PICKUP_SCREENS = [
    "pickup_ask",
    "pickup_list",
    "pickup_preview",
    "pickup_printed",
    "pickup_printer_failed",
    "pickup_printer_failed_large_text",
    "pickup_printer_failed_high_contrast",
    "pickup_offline",
    "pickup_no_copies_left",
]


def expected_screens() -> list[str]:
    """Every screen the tour must cover: the fixed ones, each service's, each maintenance one."""
    from kiosk.catalog import load_service_files
    from kiosk.maintenance import SCREENS as MAINTENANCE_SCREENS
    from kiosk.services import Category, Flow
    from ui.screenshots import identify_screens, step_screens

    services = load_service_files()
    screens = BASE_SCREENS + [f"maintenance_{name}" for name in MAINTENANCE_SCREENS]
    # The identify step's screens, as they are, in large text and in high contrast.
    screens += identify_screens()
    # Each group of several services opened on home, in normal and large text.
    for category in Category:
        if sum(service.category is category for service in services) > 1:
            screens += [f"home_group_{category.value}", f"home_group_{category.value}_large_text"]
    for service in services:
        if service.flow is Flow.FORM:
            # Each step, with its keyboard or pad open, and its date before one is picked.
            steps = step_screens(service)
            assert any(name.endswith(("_keyboard", "_pad")) for name in steps), service.id
            screens += [f"{service.id}_errors", *steps, f"{service.id}_review"]
            screens.append(f"{service.id}_done")
        elif service.flow is Flow.INFORMATION:
            screens += [f"{service.id}_pages", f"{service.id}_budget"]
        elif service.flow is Flow.LETTER_PICKUP:
            paper_out = f"home_group_{service.category.value}_document_printer_paper_out"
            screens += [*PICKUP_SCREENS, paper_out]
    return screens


def kiosk(
    *args: str,
    tmp_path: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    tree: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """The ``kiosk`` command of ``tree`` (this checkout, or a copy a test may break)."""
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **kiosk_environ(tmp_path),
        **({} if tree == ROOT else {"PYTHONPATH": str(tree)}),
        **(env or {}),
    }
    environ.pop("KIOSK_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=tree,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_config_accepts_the_shipped_file(tmp_path: Path) -> None:
    result = kiosk("--check-config", str(ROOT / "config" / "kiosk.toml"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[ui]\nidle_seconds = "soon"\n',
            '[ui] idle_seconds: expected an integer from 15 to 600, found "soon" (a string)',
        ),
        ("[ui]\nidle_secs = 30\n", "[ui] idle_secs: unknown key; expected one of: "),
        ("[ui\nidle_seconds = 30\n", ": invalid TOML at line 1"),
    ],
)
def test_bad_config_gets_an_exact_message_and_exit_2(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["--check-config", str(path)], ["--config", str(path), "--self-test"]):
        result = kiosk(*args, tmp_path=tmp_path)
        assert result.returncode == 2
        assert f"{path}: " in result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_bad_environment_value_gets_exit_2(tmp_path: Path) -> None:
    result = kiosk("--self-test", tmp_path=tmp_path, env={"KIOSK_UI_IDLE_SECONDS": "abc"})
    assert result.returncode == 2
    assert "environment KIOSK_UI_IDLE_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_self_test_passes_offscreen(tmp_path: Path) -> None:
    result = kiosk("--self-test", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in (
        "config",
        "data folder",
        "printer",
        "card reader",
        "scanner",
        "services",
        "translations",
        "qml",
        "device libraries",
        "first frame",
    ):
        assert any(line.startswith(f"ok   {name}: ") for line in lines), (name, lines)
    assert lines[-1] == "self-test: 10 passed, 0 failed"


def test_self_test_refuses_a_device_uri_it_cannot_open_with_exit_2(tmp_path: Path) -> None:
    """A device URI the drivers refuse is a configuration problem, like any bad setting."""
    result = kiosk(
        "--self-test", tmp_path=tmp_path, env={"KIOSK_PRINTER": "tcp://printer?profile=nope"}
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "FAIL startup: printer uri 'tcp://printer?profile=nope': unknown profile 'nope'" in (
        result.stdout
    )


@pytest.mark.parametrize("size", ["1080x1920", "1920x1080"])
def test_screenshots_cover_every_screen_in_both_languages(tmp_path: Path, size: str) -> None:
    out = tmp_path / "shots"
    result = kiosk("screenshots", "--out", str(out), "--size", size, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = sorted(
        f"{screen}_{language}.png" for screen in expected_screens() for language in ("id", "en")
    )
    assert sorted(path.name for path in out.iterdir()) == expected
    width, height = (int(n) for n in size.split("x"))
    for path in out.iterdir():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height), path.name
    # Each language really differs on the screens with text.
    for screen in ("home", "done", "idle_warning"):
        assert (out / f"{screen}_id.png").read_bytes() != (out / f"{screen}_en.png").read_bytes()


def test_self_test_checks_the_central_link_and_secret(tmp_path: Path) -> None:
    from tests.helpers.central import running_central

    (tmp_path / "central").mkdir()
    right, wrong = "the-right-secret-of-this-kiosk", "a-wrong-secret-of-this-kiosk"
    with running_central(tmp_path / "central", {"ALM-ST-01": right}) as central:
        base = {"KIOSK_ID": "ALM-ST-01", "KIOSK_CENTRAL_URL": central.url}
        good = kiosk("--self-test", tmp_path=tmp_path, env={**base, "KIOSK_SECRET": right})
        bad = kiosk("--self-test", tmp_path=tmp_path, env={**base, "KIOSK_SECRET": wrong})
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"ok   central: {central.url} answered" in good.stdout
    assert bad.returncode == 1
    assert f"FAIL central: {central.url}" in bad.stdout


def test_catalog_json_lists_every_service_of_the_active_catalog(tmp_path: Path) -> None:
    import json

    from kiosk.catalog import load_service_files

    result = kiosk("catalog", "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    shipped = load_service_files()
    assert [service["id"] for service in printed["services"]] == [s.id for s in shipped]
    letter = next(service for service in printed["services"] if service["id"] == "surat_miskin")
    assert letter["title"]["id"] == "Surat Pernyataan Miskin"


# Bad files: every one exits 2 with the file, where and what; never a traceback. ----------

#: What a copy of the kiosk needs to run from another folder (as the bundle carries it).
TREE = ("kiosk", "drivers", "ui", "config")
NESTED_5000 = "a = " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the kiosk's source and data files whose service files a test may break."""
    copy = tmp_path / "tree"
    for name in TREE:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def assert_exit_2_naming(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    for part in parts:
        assert part in output, (part, output)
    assert "Traceback" not in output


BAD_SERVICE_FILES = {
    "not_utf8": (b'id = "x"\ntitle = { id = "\xff", en = "x" }\n', "line 2, column 17: not UTF-8"),
    "nested": (NESTED_5000.encode(), "invalid TOML: tables or arrays nested too deeply"),
    "wrong_type": (
        (ROOT / "config/services/21-sktm.toml").read_bytes().replace(b'flow = "form"', b"flow = 3"),
        "flow: expected",
    ),
    "unknown_key": (b'id = "x"\ncolour = "red"\n', "colour"),
}


@pytest.mark.parametrize("bad", sorted(BAD_SERVICE_FILES))
def test_catalog_json_refuses_a_bad_service_file_with_exit_2(
    tree: Path, tmp_path: Path, bad: str
) -> None:
    content, message = BAD_SERVICE_FILES[bad]
    path = tree / "config" / "services" / "99-bad.toml"
    path.write_bytes(content)
    result = kiosk("catalog", "--json", tmp_path=tmp_path, tree=tree)
    assert_exit_2_naming(result, str(path), message)
    assert result.stdout == ""


@pytest.mark.parametrize("command", [("simulate", "--sessions", "3"), ("--self-test",)])
def test_simulate_and_self_test_refuse_a_bad_service_file_with_exit_2(
    tree: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = tree / "config" / "services" / "99-bad.toml"
    path.write_bytes(NESTED_5000.encode())
    result = kiosk(*command, tmp_path=tmp_path, tree=tree)
    assert_exit_2_naming(result, str(path), "nested too deeply")


def test_a_bad_information_file_exits_2(tree: Path, tmp_path: Path) -> None:
    path = tree / "config" / "information.toml"
    path.write_bytes(path.read_bytes() + b"\n# \xc3\x28 broken\n")
    result = kiosk("catalog", "--json", tmp_path=tmp_path, tree=tree)
    assert_exit_2_naming(result, str(path), "not UTF-8 text")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (NESTED_5000, "invalid TOML: tables or arrays nested too deeply"),
        ("[ui]\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
        (b"[kiosk]\nname = '\xe9'\n", "invalid TOML at line 2, column 9: not UTF-8 text"),
    ],
)
def test_check_config_and_self_test_refuse_unparsable_files_with_exit_2(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    assert_exit_2_naming(
        kiosk("--check-config", str(path), tmp_path=tmp_path), f"{path}: ", message
    )
    assert_exit_2_naming(
        kiosk("--config", str(path), "--self-test", tmp_path=tmp_path), f"{path}: ", message
    )


def test_a_config_path_that_never_ends_is_refused_at_the_size_cap(tmp_path: Path) -> None:
    message = "/dev/zero: too large: expected a file of at most 1048576 bytes"
    assert_exit_2_naming(kiosk("--check-config", "/dev/zero", tmp_path=tmp_path), message)
    result = kiosk("--config", "/dev/zero", "--self-test", tmp_path=tmp_path)
    assert_exit_2_naming(result, message)


def test_the_data_folder_and_every_file_in_it_are_private_whatever_the_umask(
    tmp_path: Path,
) -> None:
    """Journal (with its -wal and -shm), spool, printer records: 0700 folders, 0600 files."""
    with umask(0):
        result = kiosk("simulate", "--sessions", "6", "--seed", "3", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert (data / "journal.sqlite").exists() and list((data / "spool").glob("*.png"))
    assert open_modes(data) == []
