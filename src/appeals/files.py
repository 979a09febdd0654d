"""Writing output files safely: all or nothing, and never over a file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from appeals.errors import DataError, InputError


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for --output")
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; create it first")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({err.strerror}); nothing was written") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_input(path: Path, what: str) -> bytes:
    """A file the user named, or one DataError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, expected {what}") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read ({err.strerror})") from None
