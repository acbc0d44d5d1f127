"""A central with the sample villages' letters, once per module and database backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.letters import LettersWorld, letters_central


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, backend) -> Iterator[LettersWorld]:
    with letters_central(tmp_path_factory.mktemp("letters"), backend) as started:
        yield started
