"""Fixtures for the importer's tests: the seed, imported once."""

from __future__ import annotations

import pytest
from importer_helpers import SEED

from carnets_press.importers import run_import


@pytest.fixture(scope="session")
def seed_import(tmp_path_factory):
    """The seed imported once for all the tests that read it."""
    if not SEED.is_file():
        pytest.skip(f"the seed is not here: {SEED} (shared/ is laid beside the repository)")
    out = tmp_path_factory.mktemp("seed") / "manuscript"
    return out, run_import(SEED, out, "en-GB")
