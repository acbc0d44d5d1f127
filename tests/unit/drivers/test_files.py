"""Private folders and files whatever the umask, atomic writes, and leftovers of a kill."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from drivers.files import (
    open_private_append,
    private_dir,
    private_file,
    remove_temporaries,
    write_private,
)
from tests.helpers.private_files import open_modes, umask


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_and_files_are_private_under_an_open_umask(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with umask(0):
        private_dir(root / "a" / "b")
        write_private(root / "a" / "state.json", b"{}")
        private_file(root / "journal.sqlite")
        os.close(open_private_append(root / "printer" / "printed-jobs"))
    assert open_modes(root) == []
    assert (root / "a" / "state.json").read_bytes() == b"{}"


def test_what_an_older_version_left_open_is_narrowed(tmp_path: Path) -> None:
    folder, file = tmp_path / "data", tmp_path / "data" / "journal.sqlite"
    with umask(0):
        folder.mkdir(mode=0o755)
        file.write_bytes(b"x")
        file.chmod(0o644)
        private_dir(folder)
        private_file(file)
    assert (mode(folder), mode(file)) == (0o700, 0o600)
    assert file.read_bytes() == b"x", "an existing file keeps its content"


def test_a_parent_that_exists_is_left_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    private_dir(tmp_path / "kiosk")
    assert mode(tmp_path) == 0o755


def test_write_private_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    write_private(path, b"old")
    write_private(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.json"]


def test_leftovers_of_a_kill_are_removed_and_nothing_else(tmp_path: Path) -> None:
    keep = ["job-1.png", "job-1.bin", ".hidden", "notes.tmp"]
    leftovers = [".job-2.png.k3j_x9ab.tmp", ".job-2.png.k3j_x9ab", ".catalog.json.abcdefgh.tmp"]
    for name in keep + leftovers:
        (tmp_path / name).write_bytes(b"x")
    removed = remove_temporaries(tmp_path)
    assert sorted(p.name for p in removed) == sorted(leftovers)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)
