"""The one safe reader of configuration and data files: size-capped, UTF-8, no recursion."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.datafile import (
    UnreadableFileError,
    parse_json,
    parse_toml,
    read_capped,
    read_toml,
    shown,
)


def test_an_endless_file_is_refused_at_the_cap_not_read_into_memory() -> None:
    with pytest.raises(UnreadableFileError) as error:
        read_capped(Path("/dev/zero"), limit=4096)
    assert str(error.value) == (
        "/dev/zero: too large: expected a file of at most 4096 bytes, found more"
    )


def test_a_file_at_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 4096)
    assert read_capped(path, limit=4096) == b"x" * 4096


def test_a_missing_file_says_so_and_is_marked_missing(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as error:
        read_capped(tmp_path / "nothing.toml")
    assert error.value.missing
    assert str(error.value).endswith("nothing.toml: cannot read: No such file or directory")
    with pytest.raises(UnreadableFileError) as folder:
        read_capped(tmp_path)
    assert not folder.value.missing


def test_bytes_that_are_not_utf8_are_named_with_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "service.toml"
    path.write_bytes(b'id = "x"\nname = "Bu\xe9"\n')
    with pytest.raises(UnreadableFileError) as error:
        read_toml(path)
    assert str(error.value) == f"{path}: invalid TOML at line 2, column 11: not UTF-8 text"


@pytest.mark.parametrize(
    ("name", "content", "parse"),
    [
        ("deep.toml", "a = " + "[" * 5000 + "]" * 5000, parse_toml),
        ("deep-tables.toml", "a = " + "{b=" * 3000 + "1" + "}" * 3000, parse_toml),
        ("deep.json", "[" * 100_000 + "]" * 100_000, parse_json),
    ],
)
def test_nesting_too_deep_for_the_parser_is_an_error_like_any_other(
    tmp_path: Path, name: str, content: str, parse: object
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UnreadableFileError, match="nested too deeply"):
        parse(path)  # type: ignore[operator]


def test_a_found_value_is_shown_short_even_when_it_cannot_be_printed() -> None:
    assert shown("x" * 500) == "'" + "x" * 56 + "..."
    nested: list[object] = []
    for _ in range(100_000):
        nested = [nested]
    assert shown(nested) == "a list"
