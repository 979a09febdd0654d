"""appeals: deadline-checked appeal letters for Amnesty International Urgent Actions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("appeals")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
