"""Tests for kiosk.config: schema defaults, layering, and the exact one-line error messages."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config as config_module
from kiosk.config import (
    ENV_ALIASES,
    Config,
    ConfigError,
    KioskSection,
    UiSection,
    check_config_file,
    describe_schema,
    load_config,
)
from tests.helpers.private_files import open_modes, umask

SHIPPED = Path(__file__).resolve().parents[3] / "config" / "kiosk.toml"


def write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    return str(info.value)


def env_error(environ: dict[str, str]) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(environ=environ)
    return info.value


# --------------------------------------------------------------------------- defaults


def test_defaults_load_without_file_or_environment() -> None:
    config = load_config(environ={})
    assert config == Config()
    assert config.sources == ()
    assert config.kiosk.id == "ALM-DEV-01"
    assert config.kiosk.language == "id"
    assert config.ui.idle_seconds == 60
    assert config.ui.idle_warning_seconds == 30
    assert config.ui.fullscreen is True
    assert config.printer.uri == "sim://spool"
    assert config.printer.dot_width == 576
    assert config.card_reader.uri == "sim://"
    assert config.scanner.uri == "sim://"
    assert config.logging.level == "INFO"


def test_config_is_frozen() -> None:
    config = load_config(environ={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.ui.idle_seconds = 5  # type: ignore[misc]


def test_describe_schema_lists_every_field_with_description() -> None:
    rows = describe_schema()
    keys = [(section, key) for section, key, _, _, _ in rows]
    assert ("ui", "idle_seconds") in keys
    assert ("card_reader", "uri") in keys
    assert len(keys) == len(set(keys)) == 35
    assert ("ui", "idle_seconds", "int", 60, rows[keys.index(("ui", "idle_seconds"))][4]) in rows
    for section, key, type_name, default, description in rows:
        assert type_name in {"str", "int", "float", "bool", "tuple[str, ...]"}
        assert getattr(getattr(Config(), section), key) == default
        assert description and "\n" not in description


def test_every_field_declares_a_description() -> None:
    for section_field in dataclasses.fields(Config):
        if section_field.name == "sources":
            continue
        section = getattr(Config(), section_field.name)
        for f in dataclasses.fields(section):
            assert isinstance(f.metadata.get("doc"), str), f"{section_field.name}.{f.name}"


# --------------------------------------------------------------------------- shipped file


def test_shipped_file_parses_to_exactly_the_defaults() -> None:
    config = check_config_file(SHIPPED)
    assert dataclasses.replace(config, sources=()) == Config()
    assert config.sources == (str(SHIPPED),)


def test_shipped_file_has_every_schema_key_and_no_other() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    in_file = {(section, key) for section, table in data.items() for key in table}
    in_schema = {(section, key) for section, key, _, _, _ in describe_schema()}
    assert in_file == in_schema
    for section, key, _, default, _ in describe_schema():
        value = data[section][key]
        assert (tuple(value) if isinstance(value, list) else value) == default


def test_shipped_file_comments_every_key_with_its_description() -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    header = "\n".join(line for line in lines[:30] if line.startswith("#"))
    for word in ("--config", "KIOSK_CONFIG", "KIOSK_<SECTION>_<KEY>", *ENV_ALIASES):
        assert word in header
    docs = {(section, key): doc for section, key, _, _, doc in describe_schema()}
    section = ""
    seen = 0
    for index, line in enumerate(lines):
        if match := re.fullmatch(r"\[(\w+)\]", line):
            section = match[1]
        elif match := re.match(r"(\w+) = ", line):
            assert lines[index - 1].startswith("# "), f"{line!r} has no comment above it"
            comments = []
            for above in reversed(lines[:index]):
                if not above.startswith("#"):
                    break
                comments.append(above)
            block = " ".join(reversed(comments))
            assert docs[(section, match[1])] in block
            assert "Allowed:" in block
            seen += 1
    assert seen == len(docs)


# --------------------------------------------------------------------------- layering


def test_partial_override_file_changes_only_named_keys(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\nidle_seconds = 90\n\n[kiosk]\nid = "ALM-3201-07"\n')
    config = load_config(path, environ={})
    assert config.ui.idle_seconds == 90
    assert config.kiosk.id == "ALM-3201-07"
    assert config.ui == dataclasses.replace(UiSection(), idle_seconds=90)
    assert config.kiosk == dataclasses.replace(KioskSection(), id="ALM-3201-07")
    assert config.printer == Config().printer
    assert config.sources == (str(path),)


def test_path_may_be_a_string(tmp_path: Path) -> None:
    path = write(tmp_path, "[printer]\ndot_width = 384\n")
    assert load_config(str(path), environ={}).printer.dot_width == 384


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert dataclasses.replace(load_config(path, environ={}), sources=()) == Config()


def test_kiosk_config_env_names_the_file_when_no_path(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nshow_cursor = true\n")
    config = load_config(environ={"KIOSK_CONFIG": str(path)})
    assert config.ui.show_cursor is True
    assert config.sources == (str(path),)


def test_explicit_path_wins_over_kiosk_config(tmp_path: Path) -> None:
    chosen = write(tmp_path, "[ui]\ndone_seconds = 30\n", "chosen.toml")
    ignored = write(tmp_path, "[ui]\ndone_seconds = 40\n", "ignored.toml")
    config = load_config(chosen, environ={"KIOSK_CONFIG": str(ignored)})
    assert config.ui.done_seconds == 30
    assert config.sources == (str(chosen),)


def test_env_int_bool_and_str() -> None:
    config = load_config(
        environ={
            "KIOSK_UI_IDLE_SECONDS": "90",
            "KIOSK_UI_FULLSCREEN": "no",
            "KIOSK_UI_SHOW_CURSOR": "TRUE",
            "KIOSK_KIOSK_OFFICE": "Mal Pelayanan Publik",
            "KIOSK_CARD_READER_URI": "pcsc://0",
            "KIOSK_LOGGING_LEVEL": "DEBUG",
        }
    )
    assert config.ui.idle_seconds == 90
    assert config.ui.fullscreen is False
    assert config.ui.show_cursor is True
    assert config.kiosk.office == "Mal Pelayanan Publik"
    assert config.card_reader.uri == "pcsc://0"
    assert config.logging.level == "DEBUG"
    assert set(config.sources) == {
        "KIOSK_UI_IDLE_SECONDS",
        "KIOSK_UI_FULLSCREEN",
        "KIOSK_UI_SHOW_CURSOR",
        "KIOSK_KIOSK_OFFICE",
        "KIOSK_CARD_READER_URI",
        "KIOSK_LOGGING_LEVEL",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("yes", True), ("True", True), ("0", False), ("No", False), ("false", False)],
)
def test_env_bool_words(raw: str, expected: bool) -> None:
    assert load_config(environ={"KIOSK_UI_SHOW_CURSOR": raw}).ui.show_cursor is expected


def test_env_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = 90\ndone_seconds = 30\n")
    config = load_config(path, environ={"KIOSK_UI_IDLE_SECONDS": "120"})
    assert config.ui.idle_seconds == 120
    assert config.ui.done_seconds == 30
    assert config.sources == (str(path), "KIOSK_UI_IDLE_SECONDS")


def test_aliases() -> None:
    config = load_config(
        environ={
            "KIOSK_ID": "ALM-3201-07",
            "KIOSK_DATA_DIR": "/var/lib/kiosk",
            "KIOSK_PRINTER": "usb://04b8:0e28",
            "KIOSK_CARD_READER": "pcsc://0",
            "KIOSK_SCANNER": "serial:///dev/ttyACM0",
            "KIOSK_DOCUMENT_PRINTER": "cups://Kantor_A4",
        }
    )
    assert config.kiosk.id == "ALM-3201-07"
    assert config.document_printer.uri == "cups://Kantor_A4"
    assert config.kiosk.data_dir == "/var/lib/kiosk"
    assert config.printer.uri == "usb://04b8:0e28"
    assert config.card_reader.uri == "pcsc://0"
    assert config.scanner.uri == "serial:///dev/ttyACM0"
    assert dict(ENV_ALIASES) == {
        "KIOSK_ID": "kiosk.id",
        "KIOSK_DATA_DIR": "kiosk.data_dir",
        "KIOSK_PRINTER": "printer.uri",
        "KIOSK_DOCUMENT_PRINTER": "document_printer.uri",
        "KIOSK_CARD_READER": "card_reader.uri",
        "KIOSK_SCANNER": "scanner.uri",
        "KIOSK_SECRET": "central.secret",
    }


def test_document_printer_is_none_by_default_and_takes_cups_or_sim() -> None:
    assert Config().document_printer.uri == ""
    for uri in ("cups://Kantor_A4", "cups://hp-m404.lt1", "sim://documents", "sim:///tmp/a4", ""):
        assert load_config(environ={"KIOSK_DOCUMENT_PRINTER": uri}).document_printer.uri == uri


@pytest.mark.parametrize(
    "uri", ["ipp://10.0.0.5/ipp/print", "cups://", "cups://two words", "cups://q/extra", "A4"]
)
def test_bad_document_printer_uri_names_variable_expected_and_found(uri: str) -> None:
    error = env_error({"KIOSK_DOCUMENT_PRINTER": uri})
    assert error.key == "document_printer.uri"
    assert str(error) == (
        "environment KIOSK_DOCUMENT_PRINTER: expected a string matching "
        r"^(?:cups://[A-Za-z0-9][A-Za-z0-9_.-]{0,126}/?|sim://\S*)?$, found "
        f'"{uri}"'
    )


def test_bad_document_printer_uri_in_a_file_names_file_section_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[document_printer]\nuri = "lp://A4"\n')
    assert error_for(path) == (
        f"{path}: [document_printer] uri: expected a string matching "
        r"^(?:cups://[A-Za-z0-9][A-Za-z0-9_.-]{0,126}/?|sim://\S*)?$, found "
        '"lp://A4"'
    )


def test_full_form_beats_alias() -> None:
    config = load_config(
        environ={"KIOSK_PRINTER": "sim://alias", "KIOSK_PRINTER_URI": "sim://full"}
    )
    assert config.printer.uri == "sim://full"
    assert config.sources == ("KIOSK_PRINTER_URI",)


def test_ignored_alias_is_not_validated() -> None:
    config = load_config(environ={"KIOSK_ID": "bad id!", "KIOSK_KIOSK_ID": "ALM-1"})
    assert config.kiosk.id == "ALM-1"


def test_unknown_env_key_in_known_section_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.config"):
        config = load_config(
            environ={
                "KIOSK_UI_IDLE_SECS": "90",
                "KIOSK_CARD_READER_URL": "pcsc://0",
                "KIOSK_CONFIG": "",
                "KIOSK_SOMETHING_ELSE": "x",
                "KIOSK_ID": "ALM-1",
            }
        )
    assert config.ui.idle_seconds == 60
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2
    assert any("KIOSK_UI_IDLE_SECS" in m and "KIOSK_UI_IDLE_SECONDS" in m for m in warned)
    assert any("KIOSK_CARD_READER_URL" in m for m in warned)


def test_data_path() -> None:
    environ = {"HOME": "/home/kiosk", "XDG_DATA_HOME": "/srv/data"}
    assert Config().data_path(environ) == Path("/srv/data/kiosk")
    assert Config().data_path({"HOME": "/home/kiosk"}) == Path("/home/kiosk/.local/share/kiosk")
    custom = load_config(environ={"KIOSK_DATA_DIR": "~/alm"})
    assert custom.data_path(environ) == Path("/home/kiosk/alm")
    absolute = load_config(environ={"KIOSK_KIOSK_DATA_DIR": "/var/lib/kiosk"})
    assert absolute.data_path(environ) == Path("/var/lib/kiosk")


# --------------------------------------------------------------------------- exact messages


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\nfullscreen = "yes"\n')
    assert (
        error_for(path)
        == f'{path}: [ui] fullscreen: expected true or false, found "yes" (a string)'
    )


def test_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = 5\n")
    assert (
        error_for(path) == f"{path}: [ui] idle_seconds: expected an integer from 15 to 600, found 5"
    )


def test_error_attributes(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = 5\n")
    with pytest.raises(ConfigError) as info:
        check_config_file(path)
    error = info.value
    assert (error.source, error.key) == (str(path), "ui.idle_seconds")
    assert (error.expected, error.found) == ("an integer from 15 to 600", "5")


def test_not_in_choices(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nlanguage = "fr"\n')
    assert error_for(path) == f'{path}: [kiosk] language: expected one of "id", "en", found "fr"'
    path = write(tmp_path, "[printer]\ndot_width = 600\n")
    assert (
        error_for(path) == f"{path}: [printer] dot_width: expected one of 384, 512, 576, found 600"
    )


def test_pattern_mismatch(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nticket_prefix = "k-1"\n')
    assert error_for(path) == (
        f'{path}: [kiosk] ticket_prefix: expected a string matching ^[A-Z0-9]{{1,3}}$, found "k-1"'
    )


def test_pattern_rejects_trailing_newline(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nticket_prefix = "K1\\n"\n')
    assert error_for(path).endswith(r'found "K1\n"')


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_secs = 90\n")
    assert error_for(path) == (
        f"{path}: [ui] idle_secs: unknown key; expected one of: fullscreen, idle_seconds,"
        " idle_warning_seconds, done_seconds, attract_slide_seconds, show_cursor"
    )


def test_unknown_section(tmp_path: Path) -> None:
    path = write(tmp_path, "[uii]\nidle_seconds = 90\n")
    assert error_for(path) == (
        f"{path}: [uii]: unknown section; expected one of: kiosk, ui, printer, document_printer,"
        " card_reader, scanner, identity, central, journal, logging, maintenance"
    )


def test_key_outside_any_section(tmp_path: Path) -> None:
    path = write(tmp_path, "idle_seconds = 90\n")
    assert error_for(path) == (
        f"{path}: idle_seconds: key outside any section; expected a section, one of: kiosk, ui,"
        " printer, document_printer, card_reader, scanner, identity, central, journal, logging,"
        " maintenance"
    )


def test_section_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "ui = 5\n")
    assert error_for(path) == f"{path}: [ui]: expected a table, found 5 (an integer)"


def test_bad_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = \n")
    assert error_for(path) == f"{path}: invalid TOML at line 2, column 16: Invalid value"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'[kiosk]\nname = "\xff"\n')
    assert error_for(path) == f"{path}: invalid TOML at line 2, column 9: not UTF-8 text"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert error_for(path) == f"{path}: cannot read: No such file or directory"
    with pytest.raises(ConfigError) as info:
        load_config(environ={"KIOSK_CONFIG": str(path)})
    assert str(info.value) == f"{path}: cannot read: No such file or directory"
    assert info.value.key == ""


def test_string_where_int_expected(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\nidle_seconds = "60"\n')
    assert error_for(path) == (
        f'{path}: [ui] idle_seconds: expected an integer from 15 to 600, found "60" (a string)'
    )


def test_bool_where_int_expected(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = true\n")
    assert error_for(path) == (
        f"{path}: [ui] idle_seconds: expected an integer from 15 to 600, found true (a boolean)"
    )


def test_float_where_int_expected(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = 60.5\n")
    assert error_for(path) == (
        f"{path}: [ui] idle_seconds: expected an integer from 15 to 600, found 60.5 (a float)"
    )


def test_bad_env_value() -> None:
    error = env_error({"KIOSK_UI_IDLE_SECONDS": "abc"})
    assert str(error) == (
        'environment KIOSK_UI_IDLE_SECONDS: expected an integer from 15 to 600, found "abc"'
    )
    assert (error.source, error.key) == ("KIOSK_UI_IDLE_SECONDS", "ui.idle_seconds")


def test_env_value_out_of_range() -> None:
    error = env_error({"KIOSK_UI_IDLE_SECONDS": "5"})
    assert str(error) == (
        'environment KIOSK_UI_IDLE_SECONDS: expected an integer from 15 to 600, found "5"'
    )


def test_bad_env_bool() -> None:
    error = env_error({"KIOSK_UI_FULLSCREEN": "maybe"})
    assert str(error) == (
        'environment KIOSK_UI_FULLSCREEN: expected true, false, 1, 0, yes or no, found "maybe"'
    )


def test_bad_alias_value_names_the_alias() -> None:
    error = env_error({"KIOSK_ID": "bad id!"})
    assert str(error) == (
        "environment KIOSK_ID: expected a string matching ^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$,"
        ' found "bad id!"'
    )
    assert error.key == "kiosk.id"


def test_env_error_after_good_file_still_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "[printer]\ndot_width = 384\n")
    with pytest.raises(ConfigError, match=r"^environment KIOSK_PRINTER_DOT_WIDTH: "):
        load_config(path, environ={"KIOSK_PRINTER_DOT_WIDTH": "80mm"})


def test_check_config_file_ignores_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[ui]\nidle_seconds = 90\n")
    # check_config_file takes no environ at all: the file alone decides.
    config = check_config_file(path)
    assert config.ui.idle_seconds == 90
    assert config.sources == (str(path),)


# --------------------------------------------------------------------------- supported types


def test_float_and_string_list_types_are_supported() -> None:
    spec = config_module._Spec(
        section="demo",
        key="ratio",
        kind="float",
        default=0.5,
        doc="demo",
        minimum=0,
        maximum=1,
        choices=None,
        pattern=None,
    )
    assert config_module._from_toml(spec, 1) == 1.0
    assert config_module._from_env(spec, "0.25") == 0.25
    with pytest.raises(config_module._InvalidValueError):
        config_module._from_env(spec, "nan")
    words = dataclasses.replace(spec, key="langs", kind="tuple", default=(), choices=("id", "en"))
    assert config_module._from_toml(words, ["id", "en"]) == ("id", "en")
    assert config_module._from_env(words, "id, en,") == ("id", "en")
    with pytest.raises(config_module._InvalidValueError) as info:
        config_module._from_toml(words, ["id", 1])
    assert info.value.found == '["id", 1] (item 2 is an integer)'


# --------------------------------------------------------------------------- property


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(
    value=st.one_of(
        st.integers(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.integers(min_value=0, max_value=700),
    )
)
def test_any_int_idle_seconds_loads_or_names_the_key(tmp_path: Path, value: int) -> None:
    path = write(tmp_path, f"[ui]\nidle_seconds = {value}\n")
    try:
        config = load_config(path, environ={})
    except ConfigError as error:
        assert not 15 <= value <= 600
        assert "[ui] idle_seconds" in str(error)
        assert str(error).startswith(f"{path}: ")
        assert "\n" not in str(error)
    else:
        assert 15 <= value <= 600
        assert config.ui.idle_seconds == value


# --------------------------------------------------------------------------- [maintenance]


def test_maintenance_defaults() -> None:
    maintenance = load_config(environ={}).maintenance
    assert maintenance.gesture_corner == "top-left"
    assert (maintenance.gesture_taps, maintenance.gesture_window_seconds) == (5, 3)
    assert maintenance.technician_cards == ()
    assert "ui.idle_seconds" in maintenance.editable_keys


def test_technician_cards_from_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[maintenance]\ntechnician_cards = ["04A1B2C3D4E5F6", "deadbeef"]\n')
    assert load_config(path, environ={}).maintenance.technician_cards == (
        "04A1B2C3D4E5F6",
        "deadbeef",
    )
    config = load_config(environ={"KIOSK_MAINTENANCE_TECHNICIAN_CARDS": "0A0B0C0D, 01020304"})
    assert config.maintenance.technician_cards == ("0A0B0C0D", "01020304")


def test_technician_card_that_is_not_hex(tmp_path: Path) -> None:
    path = write(tmp_path, '[maintenance]\ntechnician_cards = ["XYZ"]\n')
    assert error_for(path) == (
        f"{path}: [maintenance] technician_cards: expected a list of strings, each matching"
        ' ^(?:[0-9A-Fa-f]{2}){4,10}$, found ["XYZ"]'
    )


def test_gesture_corner_choices(tmp_path: Path) -> None:
    path = write(tmp_path, '[maintenance]\ngesture_corner = "middle"\n')
    assert error_for(path) == (
        f'{path}: [maintenance] gesture_corner: expected one of "top-left", "top-right",'
        ' "bottom-left", "bottom-right", found "middle"'
    )


def test_parse_setting_validates_like_the_environment() -> None:
    assert config_module.parse_setting("ui.idle_seconds", "90") == 90
    assert config_module.parse_setting("logging.level", "DEBUG") == "DEBUG"
    with pytest.raises(ConfigError) as info:
        config_module.parse_setting("ui.idle_seconds", "5")
    assert str(info.value) == (
        'maintenance screen: [ui] idle_seconds: expected an integer from 15 to 600, found "5"'
    )
    with pytest.raises(ConfigError):
        config_module.parse_setting("ui.nope", "5")


def test_local_settings_layer_over_the_file_and_under_the_environment(tmp_path: Path) -> None:
    environ = {"KIOSK_DATA_DIR": str(tmp_path / "data")}
    config = load_config(environ=environ)
    saved = config_module.save_local_setting(config, "ui.idle_seconds", 90)
    config_module.save_local_setting(config, "logging.level", "DEBUG")
    assert saved == tmp_path / "data" / "maintenance.toml"
    layered = config_module.apply_local_settings(config, environ)
    assert (layered.ui.idle_seconds, layered.logging.level) == (90, "DEBUG")
    assert str(saved) in layered.sources
    env_wins = {**environ, "KIOSK_UI_IDLE_SECONDS": "120"}
    layered = config_module.apply_local_settings(load_config(environ=env_wins), env_wins)
    assert (layered.ui.idle_seconds, layered.logging.level) == (120, "DEBUG")


# --------------------------------------------------------------------------- what may be set


@pytest.mark.parametrize(
    ("keys", "found"),
    [
        ('["central.secret"]', '"central.secret" (a secret)'),
        ('["ui.idle_seconds", "ui.nope"]', '"ui.nope" (no such setting)'),
        ('["printer.uri"]', '"printer.uri" (a str setting)'),
        ('["maintenance.technician_cards"]', '"maintenance.technician_cards" (a tuple[str, ...]'),
    ],
)
def test_editable_keys_name_only_numbers_booleans_and_choices(
    tmp_path: Path, keys: str, found: str
) -> None:
    path = write(tmp_path, f"[maintenance]\neditable_keys = {keys}\n")
    assert error_for(path) == (
        f"{path}: [maintenance] editable_keys: expected settings (section.key) that are"
        f" numbers, booleans or choices, never a secret or a list, found {found}"
        + (" setting)" if "tuple" in found else "")
    )
    error = env_error({"KIOSK_MAINTENANCE_EDITABLE_KEYS": keys.strip("[]").replace('"', "")})
    assert error.key == "maintenance.editable_keys"


def test_editable_keys_may_name_choices() -> None:
    keys = "logging.level, printer.dot_width, ui.fullscreen, central.read_timeout"
    config = load_config(environ={"KIOSK_MAINTENANCE_EDITABLE_KEYS": keys})
    assert config.maintenance.editable_keys == tuple(keys.split(", "))


@pytest.mark.parametrize(
    ("key", "uri", "scheme"),
    [
        ("printer", "gopher://x", '"gopher"'),
        ("printer", "/dev/usb/lp0", "missing"),
        ("card_reader", "usb://04e6:5116", '"usb"'),
        ("scanner", "tcp://scanner:9100", '"tcp"'),
    ],
)
def test_device_uris_need_a_scheme_the_drivers_have(
    tmp_path: Path, key: str, uri: str, scheme: str
) -> None:
    path = write(tmp_path, f'[{key}]\nuri = "{uri}"\n')
    message = error_for(path)
    assert message.startswith(f"{path}: [{key}] uri: expected a URI whose scheme is one of ")
    assert message.endswith(f', found "{uri}" (scheme {scheme})')


def test_every_shipped_device_scheme_is_accepted() -> None:
    for uri in ("usb://04b8:0202", "serial:///dev/ttyUSB0", "tcp://10.0.0.5:9100", "sim://x"):
        assert load_config(environ={"KIOSK_PRINTER": uri}).printer.uri == uri
    assert load_config(environ={"KIOSK_CARD_READER": "pcsc://?name=ACS*"}).card_reader.uri
    assert load_config(environ={"KIOSK_SCANNER": "hid://?name=Scanner"}).scanner.uri


@pytest.mark.parametrize(
    ("secret", "found"),
    [
        ("Q", "1 character"),
        ("fifteen-chars-x", "15 characters"),
        (" sixteen-or-more-characters", "spaces at an end, or characters that cannot be typed"),
        ("sixteen-or-more-characters\n", "spaces at an end, or characters that cannot be typed"),
    ],
)
def test_a_secret_too_short_to_sign_with_is_refused_and_never_shown(
    tmp_path: Path, secret: str, found: str
) -> None:
    expected = "expected empty (offline) or at least 16 characters, no spaces at the ends"
    path = write(tmp_path, f"[central]\nsecret = {json.dumps(secret)}\n")
    message = error_for(path)
    assert message == f"{path}: [central] secret: {expected}, found {found}"
    error = env_error({"KIOSK_SECRET": secret})
    assert str(error) == f"environment KIOSK_SECRET: {expected}, found {found}"
    for text in (message, str(error)):
        assert secret.strip() not in text


def test_a_secret_of_the_wrong_type_is_not_quoted(tmp_path: Path) -> None:
    path = write(tmp_path, "[central]\nsecret = 12345678901234567\n")
    assert error_for(path) == f"{path}: [central] secret: expected a string, found an integer"


CREDENTIALS = "a URL with user:password@ (hidden here)"


@pytest.mark.parametrize(
    ("url", "found"),
    [
        (
            "https://kiosk:hunter2@layanan.example.go.id/alm",
            "a URL with user:password@ (hidden here)",
        ),
        ("https://kiosk@layanan.example.go.id/alm", "a URL with user:password@ (hidden here)"),
        ("ftp://layanan.example.go.id", '"ftp://layanan.example.go.id"'),
        ("https://", '"https://"'),
        ("https://layanan.example.go.id:port/", "a malformed URL"),
        ("https://layanan.example.go.id/a b", '"https://layanan.example.go.id/a b"'),
    ],
)
def test_a_central_url_must_be_http_with_a_host_and_no_credentials(
    tmp_path: Path, url: str, found: str
) -> None:
    path = write(tmp_path, f'[central]\nurl = "{url}"\n')
    assert error_for(path) == (
        f"{path}: [central] url: expected empty (offline), or an http:// or https:// URL with"
        f" a host and no user:password@, found {found}"
    )
    assert "hunter2" not in str(env_error({"KIOSK_CENTRAL_URL": url}))


def test_good_central_urls_load() -> None:
    for url in ("", "http://127.0.0.1:8765", "https://layanan.example.go.id/alm/"):
        assert load_config(environ={"KIOSK_CENTRAL_URL": url}).central.url == url


def test_the_pepper_file_is_an_absolute_path(tmp_path: Path) -> None:
    path = write(tmp_path, '[maintenance]\npepper_file = "pin-pepper"\n')
    assert error_for(path) == (
        f'{path}: [maintenance] pepper_file: expected an absolute path, found "pin-pepper"'
        " (a relative path)"
    )


def test_the_maintenance_screen_checks_the_kind_again_before_it_saves(tmp_path: Path) -> None:
    """Even a configuration that got past the loader cannot save a secret or a free string."""
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    slipped = dataclasses.replace(
        config,
        maintenance=dataclasses.replace(
            config.maintenance,
            editable_keys=("ui.idle_seconds", "central.secret", "printer.uri", "ui.nope"),
        ),
    )
    assert config_module.parse_editable_setting(slipped, "ui.idle_seconds", "90") == 90
    for key, found in (
        ("central.secret", '"central.secret" (a secret)'),
        ("printer.uri", '"printer.uri" (a str setting)'),
        ("ui.nope", '"ui.nope" (no such setting)'),
    ):
        with pytest.raises(ConfigError) as info:
            config_module.parse_editable_setting(slipped, key, "gopher://anything-at-all")
        assert str(info.value).endswith(f", found {found}")
    with pytest.raises(ConfigError) as info:
        config_module.parse_editable_setting(config, "kiosk.id", "ALM-X")
    assert "not in [maintenance] editable_keys" in str(info.value)
    assert not (tmp_path / "data" / "maintenance.toml").exists()


def test_local_settings_are_private_whatever_the_umask(tmp_path: Path) -> None:
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    with umask(0):
        config_module.save_local_setting(config, "ui.idle_seconds", 90)
    assert open_modes(tmp_path / "data") == []
