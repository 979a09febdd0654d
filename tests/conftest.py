"""Every test gets an action log and a writer profile of its own, never the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_log(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("log") / "log.sqlite3"
    monkeypatch.setenv("APPEALS_LOG", str(path))
    return path


@pytest.fixture(autouse=True)
def own_profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path_factory.mktemp("profile") / "profile.yaml"
    monkeypatch.setenv("APPEALS_PROFILE", str(path))
    return path


@pytest.fixture(autouse=True, scope="session")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled templates go to a folder of the test run's own, never the user's cache."""
    path = tmp_path_factory.mktemp("cache")
    os.environ["APPEALS_CACHE"] = str(path)
    return path
