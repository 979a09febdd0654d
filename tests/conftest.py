"""Every test gets an action log and a writer profile of its own, never the user's."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

# Some tests press Ctrl-C (SIGINT) on the tool they start. A test run started in the background
# by a non-interactive shell ignores SIGINT, and an ignored signal stays ignored in the programs
# it starts; a handler of our own is reset to the default in them instead.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


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
