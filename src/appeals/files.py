"""Writing output files safely: all or nothing, and never over a file without --force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from appeals.errors import DataError, InputError


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it.

    A pipe or a character device (`/dev/stdout`, `/dev/null`, a FIFO) is written straight into:
    renaming a file over it would replace the device itself, and it holds nothing to lose.
    """
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = 0  # nothing there yet
    if stat.S_ISBLK(mode):
        raise InputError(f"{path}: is a disk device; give a file name for --output")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        _write_into(path, data)
        return
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give a file name for --output")
    if mode and not force:
        raise InputError(f"{path}: already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; create it first")
    try:
        replace_with(path, data, durable=True)
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror}); nothing was written") from None


def _write_into(path: Path, data: bytes) -> None:
    try:
        handle = os.open(path, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror})") from None


def replace_with(path: Path, data: bytes, *, durable: bool) -> None:
    """Put `data` at `path` all at once: written to `.NAME.part` beside it, then renamed over it.

    A reader never sees half a file, and a stopped run leaves at most that `.part` file (a batch
    clears them when it resumes). `durable` also flushes to the disk before the rename, for a
    single letter; a batch of thousands skips that. Raises OSError, with nothing left behind.
    """
    temporary = path.with_name(f".{path.name}.part")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(handle, data)
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


MAX_INPUT = 50 * 2**20  # bytes: far more than any case file, letter or UA document


def read_input(path: Path, what: str, limit: int = MAX_INPUT) -> bytes:
    """A file the user named, or one DataError saying why it cannot be read: it is missing, a
    folder, a device (`/dev/zero` would never end), or longer than `limit` bytes."""
    check_readable(path, what)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise DataError(f"{path}: cannot read ({err.strerror})") from None
    if len(data) > limit:
        raise DataError(f"{path}: is over {limit >> 20} MB, too long for {what}")
    return data


def check_readable(path: Path, what: str) -> None:
    """Refuse a folder or a device where a file is expected; a pipe is fine."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except (OSError, ValueError):
        return  # opening it will say why
    if stat.S_ISDIR(mode):
        raise DataError(f"{path}: is a folder, expected {what}")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise DataError(f"{path}: is a device, not a file; expected {what}")
