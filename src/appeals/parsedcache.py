"""What a case file's YAML parsed to, kept in the user's cache folder by the file's checksum.

A draft reads seven YAML files (targets.yaml, case.yaml and each language's language.yaml);
importing PyYAML and parsing them with the checks of appeals.loading took an eighth of a
draft's instructions, though the files rarely change. A file whose parse was kept (and whose
values passed the model's validation) is read back from JSON instead, and validated again.

The key is the SHA-256 of the file's bytes with the installed PyYAML, appeals.yamlfile and
appeals.unseen (whose checks the file passed) and this format: an edited file, another PyYAML or
new checks is a miss.
Only a folder that this user alone can write is used (see usercache.private_folder), and a
missing, damaged or foreign entry is a miss, never an error.

The values YAML gives (safe loader) are kept in JSON with their types: a list or mapping or a
date is an array tagged by its first item; str, int, float, bool and None are themselves.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime
from typing import Any

from appeals.usercache import installed, private_folder, read_json, write_json

_FORMAT = 1
_FOLDER = "yaml"
_KEPT = 64  # entries: a bundled case, a few imported ones, and the languages' files
_MAX_ENTRY = 1 << 20  # bytes of YAML; a case file is a few kilobytes


class _NotKept(Exception):
    """A value this format does not hold (none that a safe YAML loader gives, today)."""


def recall(raw: bytes) -> tuple[bool, Any]:
    """(True, the values) when the parse of exactly these bytes was kept; else (False, None)."""
    found = _entry(raw)
    if found is None:
        return False, None
    folder, name = found
    data = read_json(folder / name)
    if data.get("format") != _FORMAT or "values" not in data:
        return False, None
    try:
        return True, _unpack(data["values"])
    except (_NotKept, ValueError, TypeError, IndexError, RecursionError):
        return False, None


def keep(raw: bytes, values: Any) -> None:
    """Keep the parse of `raw` for the next run (the caller validated it first)."""
    found = _entry(raw)
    if found is None:
        return
    folder, name = found
    if len(raw) > _MAX_ENTRY:
        return
    try:
        packed = _pack(values)
    except (_NotKept, RecursionError):
        return
    write_json(folder / name, {"format": _FORMAT, "values": packed})
    _forget_oldest(folder)


def _entry(raw: bytes) -> tuple[Any, str] | None:
    # appeals.unseen: the control characters appeals.yamlfile refuses
    parser, checks = installed("yaml"), installed("appeals.yamlfile")
    characters = installed("appeals.unseen")
    if parser is None or checks is None or characters is None:
        return None
    folder = private_folder(_FOLDER)
    if folder is None:
        return None
    digest = hashlib.sha256(f"{_FORMAT}|{parser}|{checks}|{characters}|".encode())
    digest.update(raw)
    return folder, f"{digest.hexdigest()}.json"


def _forget_oldest(folder: Any) -> None:
    """Keep the newest _KEPT entries; the folder never grows with the files a user has read."""
    try:
        entries = [(path.stat().st_mtime_ns, path) for path in folder.glob("*.json")]
        for _, path in sorted(entries)[:-_KEPT]:
            path.unlink()
    except OSError:
        pass


def _pack(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return ["l", *(_pack(item) for item in value)]
    if isinstance(value, dict):
        return ["m", *(_pack(part) for pair in value.items() for part in pair)]
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, bytes):  # !!binary
        return ["b", base64.b64encode(value).decode("ascii")]
    if isinstance(value, set):  # !!set
        return ["s", *(_pack(item) for item in value)]
    raise _NotKept(type(value).__name__)


def _unpack(value: Any) -> Any:
    if not isinstance(value, list):
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise _NotKept(type(value).__name__)
    tag, items = value[0], value[1:]
    if tag == "l":
        return [_unpack(item) for item in items]
    if tag == "m":
        if len(items) % 2:
            raise _NotKept("a mapping with a key and no value")
        return {_unpack(items[i]): _unpack(items[i + 1]) for i in range(0, len(items), 2)}
    if tag == "d":
        return date.fromisoformat(items[0])
    if tag == "t":
        return datetime.fromisoformat(items[0])
    if tag == "b":
        return base64.b64decode(items[0], validate=True)
    if tag == "s":
        return {_unpack(item) for item in items}
    raise _NotKept(f"tag {tag!r}")
