"""appeals: deadline-checked appeal letters for Amnesty International Urgent Actions."""

from typing import Any


def __getattr__(name: str) -> Any:
    # looked up on demand: reading package metadata costs start-up time on every run
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("appeals")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(name)
