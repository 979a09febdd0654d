"""Writing output files safely: all or nothing, and never over a file without --force."""

from __future__ import annotations

import errno
import io
import os
import random
import select
import stat
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from appeals.errors import DataError, InputError


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it.

    What is renamed over is the name itself, never a file a link points to: a link at `path`
    (even a dangling one) is an existing file, replaced only with --force. Your own stdout or
    stderr by any name (`/dev/stdout`, `/proc/self/fd/1`) is written to as such, and a pipe or
    a character device (`/dev/null`, a FIFO) is written straight into: renaming a file over it
    would replace the device itself, and it holds nothing to lose.
    """
    try:
        entry: os.stat_result | None = os.lstat(path)
    except (OSError, ValueError):
        entry = None  # nothing there yet (or a folder on the way that is missing)
    try:
        target: os.stat_result | None = path.stat()
    except (OSError, ValueError):
        target = None  # nothing there, or a dangling link
    mode = target.st_mode if target else 0
    if target is not None and _standard_stream(target) is not None:
        _write_fd(path, _standard_stream(target) or 1, data)
        return
    if stat.S_ISBLK(mode):
        raise InputError(f"{path}: is a disk device; give a file name for --output")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        _write_into(path, data)
        return
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give a file name for --output")
    if entry is not None and not force:
        if stat.S_ISLNK(entry.st_mode):
            raise InputError(
                f"{path}: already exists (a link to {path.readlink()}); add --force to "
                "replace the link itself"
            )
        raise InputError(f"{path}: already exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        for above in (folder, *folder.parents):
            if above.exists() and not above.is_dir():
                raise InputError(
                    f"{above}: is a file, not a folder; give --output a path of folders"
                )
        raise InputError(f"{folder}: no such folder; create it first")
    try:
        replace_with(path, data, durable=True)
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror}); nothing was written") from None


def check_output_name(path: Path) -> None:
    """A name with a line break or another control character in it is a paste gone wrong, and
    would print as two names: refused before anything is written."""
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in str(path)):
        raise InputError(
            f"--output: {str(path)!r} has a line break or another control character in its "
            "name; give a plain name"
        )


def check_output_folder(folder: Path, what: str) -> None:
    """An --output that names a folder for `what`: a file, a link to nothing or a path through
    a file is refused by name before anything is made (mkdir would say only "File exists")."""
    check_output_name(folder)
    if folder.is_symlink() and not folder.exists():
        raise InputError(
            f"{folder}: is a link to {folder.readlink()}, which does not exist; give a folder"
        )
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; --output names a folder for {what}")
    for above in folder.parents:
        if above.exists() and not above.is_dir():
            raise InputError(f"{above}: is a file, not a folder; give --output a path of folders")


def refuse_links_within(root: Path, path: Path) -> None:
    """Refuse to write `path` when a folder between `root` (which the user named) and it is a
    link: `CASE/letters -> /elsewhere` would take the file outside the folder named."""
    current = root
    for part in path.relative_to(root).parts[:-1]:
        current = current / part
        if current.is_symlink():
            raise InputError(
                f"{current}: is a link (to {current.readlink()}); files are written only inside "
                f"{root}, so move the link away"
            )


def _standard_stream(target: os.stat_result) -> int | None:
    """1 or 2 when `target` is this process's own stdout or stderr, else None."""
    for fd in (1, 2):
        try:
            if os.path.samestat(target, os.fstat(fd)):
                return fd
        except OSError:
            continue
    return None


def _write_fd(path: Path, fd: int, data: bytes) -> None:
    import sys

    stream = sys.stdout if fd == 1 else sys.stderr
    try:
        if stream is not None:
            stream.flush()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror})") from None


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


def replace_with(path: Path | str, data: bytes, *, durable: bool) -> None:
    """Put `data` at `path` all at once: written to a new temporary file beside it, created
    exclusively under an unpredictable name (`.NAME.xxxxxxxxxx.part`), then renamed over the
    name `path` (a link there is replaced, never followed).

    A reader never sees half a file, and a stopped run leaves at most that `.part` file (a batch
    clears them when it resumes). `durable` also flushes to the disk before the rename, for a
    single letter; a batch of thousands skips that. Raises OSError, with nothing left behind.
    """
    # paths as strings, not Path objects: a batch writes thousands of files
    target = os.fspath(path)
    handle, temporary = _new_part(*os.path.split(target))
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temporary, target)  # noqa: PTH105
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        raise


# as tempfile.mkstemp opens its files: a new file only, never through a link
_PART_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)
PART_TRIES = 100  # names tried before giving up; a clash of two random names is already rare


def _new_part(folder: str, name: str) -> tuple[int, str]:
    """A new, empty `.NAME.xxxxxxxxxx.part` file in `folder`, open for writing, and its path.

    Made as tempfile.mkstemp makes its files (a random part from `random`, which a forked
    process seeds again, here 40 bits as ten hex digits; created exclusively; another name
    tried if one is taken), but with an ordinary new file's mode (0666 less the umask) set as it
    is created, rather than mkstemp's 0600 changed by a second call: a batch writes thousands."""
    stem = os.path.join(folder, f".{name[:100]}.")  # noqa: PTH118
    for _ in range(PART_TRIES):
        temporary = f"{stem}{random.getrandbits(40):010x}.part"
        try:
            return os.open(temporary, _PART_FLAGS, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused name for a temporary file", stem)


def open_to_write(path: Path, *, append: bool) -> TextIO:
    """A CSV file the tool keeps in a folder of its own (manifest.csv, rejected.csv), opened
    without ever writing through a link planted there: a new file replaces whatever has the
    name; appending refuses a link or a file with other names (a hard link)."""
    try:
        if not append:
            path.unlink(missing_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        else:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(path, flags, 0o666)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise DataError(
                f"{path}: is a link; move it away, the folder's files are its own"
            ) from None
        raise DataError(f"{path}: cannot write ({err.strerror})") from None
    if append and os.fstat(handle).st_nlink > 1:
        os.close(handle)
        raise DataError(f"{path}: has other names (a hard link); move it away")
    return os.fdopen(handle, "w" if not append else "a", encoding="utf-8", newline="")


MAX_INPUT = 50 * 2**20  # bytes: far more than any case file, letter or UA document


def read_input(path: Path, what: str, limit: int = MAX_INPUT) -> bytes:
    """A file the user named, or one DataError saying why it cannot be read: it is missing, a
    folder, a device (`/dev/zero` would never end), or longer than `limit` bytes."""
    if str(path) == "-":
        return _read_stdin(what, limit)
    check_readable(path, what)
    try:
        with open_input(path) as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise DataError(f"{path}: cannot read ({err.strerror})") from None
    if len(data) > limit:
        size = f"{limit >> 20} MB" if limit >= 2**20 else f"{limit >> 10} KB"
        raise DataError(f"{path}: is over {size}, too long for {what}")
    return data


def _read_stdin(what: str, limit: int) -> bytes:
    """`-` for a file: what is piped in, up to `limit` bytes; never a wait on a terminal."""
    stream = sys.stdin
    if stream is None or stream.isatty():
        state = "closed" if stream is None else "a terminal"
        raise DataError(
            f"-: stands for standard input, which is {state} here; pipe {what} in "
            "(... - < FILE), or give the file's name"
        )
    data = stream.buffer.read(limit + 1) if hasattr(stream, "buffer") else b""
    if len(data) > limit:
        size = f"{limit >> 20} MB" if limit >= 2**20 else f"{limit >> 10} KB"
        raise DataError(f"-: standard input is over {size}, too long for {what}")
    return data


def check_readable(path: Path, what: str) -> None:
    """Refuse a folder or a device where a file is expected; a pipe is fine."""
    if str(path) == "-":
        return  # standard input, read by read_input
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


PIPE_WAIT = 3.0  # seconds a named pipe nothing writes into is given for a writer to come


def open_input(path: Path) -> BinaryIO:
    """Open a file to read; a named pipe that no program writes into is a DataError after
    PIPE_WAIT seconds instead of a wait for ever (opening one blocks until a writer comes)."""
    if not stat.S_ISFIFO(_mode(path)):
        return path.open("rb")
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        first = os.read(handle, 1)
    except BlockingIOError:
        first = None  # a writer is there, with nothing written yet
    except OSError:
        os.close(handle)
        raise
    if first == b"":  # no writer yet: wait for one to write (or to come and go) a while
        waiting = select.poll()
        waiting.register(handle, select.POLLIN)
        if not waiting.poll(int(PIPE_WAIT * 1000)):
            os.close(handle)
            raise DataError(
                f"{path}: a named pipe that nothing writes into; start the program that "
                "writes it first, or give a file"
            )
        try:
            first = os.read(handle, 1)
        except BlockingIOError:
            first = None
    os.set_blocking(handle, True)
    return io.BufferedReader(_Prefixed(first or b"", os.fdopen(handle, "rb", buffering=0)))


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode
    except (OSError, ValueError):
        return 0


class _Prefixed(io.RawIOBase):
    """A stream that gives `head` first, then the rest of `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        return self._rest.readinto(buffer)  # type: ignore[attr-defined, no-any-return]

    def close(self) -> None:
        self._rest.close()
        super().close()
