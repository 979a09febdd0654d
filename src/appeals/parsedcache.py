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

The values YAML gives (safe loader) are kept in JSON with their types: str, int, float, bool,
None, lists and mappings with text keys are themselves; a date, a time, bytes, a set or a
mapping with other keys is an object of one key naming it (see _TAG).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from appeals.usercache import installed, private_folder, read_json, write_json

_FORMAT = 2
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
    try:
        data = read_json(folder / name, hook=_unpack)
    except (_NotKept, TypeError, AttributeError):  # ValueError is a miss in read_json already
        return False, None
    if data.get("format") != _FORMAT or "values" not in data:
        return False, None
    return True, data["values"]


def keep(raw: bytes, values: Any) -> None:
    """Keep the parse of `raw` for the next run (the caller validated it first)."""
    found = _entry(raw) if len(raw) <= _MAX_ENTRY else None
    if found is None:
        return
    folder, name = found
    try:
        packed = _pack(values)
    except (_NotKept, RecursionError):
        return
    write_json(folder / name, {"format": _FORMAT, "values": packed})
    _forget_oldest(folder)


def _entry(raw: bytes) -> tuple[Path, str] | None:
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


def _forget_oldest(folder: Path) -> None:
    """Keep the newest _KEPT entries; the folder never grows with the files a user has read."""
    try:
        entries = [(path.stat().st_mtime_ns, path) for path in folder.glob("*.json")]
        for _, path in sorted(entries)[:-_KEPT]:
            path.unlink()
    except OSError:
        pass


# a value JSON has no place for is an object of one key that starts with NUL, which no case file
# can hold (appeals.yamlfile refuses control characters, in keys too)
_TAG = "\x00"


def _pack(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_pack(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith(_TAG) for key in value):
            return {key: _pack(item) for key, item in value.items()}
        return {f"{_TAG}map": [[_pack(key), _pack(item)] for key, item in value.items()]}
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {f"{_TAG}time": value.isoformat()}
    if isinstance(value, date):
        return {f"{_TAG}date": value.isoformat()}
    if isinstance(value, bytes):  # !!binary
        return {f"{_TAG}bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, set):  # !!set
        return {f"{_TAG}set": [_pack(item) for item in value]}
    raise _NotKept(type(value).__name__)


def _unpack(found: dict[str, Any]) -> Any:
    """json's object_hook: called for each object, innermost first, so what a tagged object
    holds is unpacked already."""
    if len(found) != 1:
        return found
    ((key, value),) = found.items()
    if not key.startswith(_TAG):
        return found
    if key == f"{_TAG}map":
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in value):
            raise _NotKept("a mapping with a key and no value")
        return {_hashable(inner): item for inner, item in value}
    if key == f"{_TAG}date":
        return date.fromisoformat(value)
    if key == f"{_TAG}time":
        return datetime.fromisoformat(value)
    if key == f"{_TAG}bytes":
        return base64.b64decode(value, validate=True)
    if key == f"{_TAG}set":
        return {_hashable(item) for item in value}
    raise _NotKept(f"tag {key[1:]!r}")


def _hashable(value: Any) -> Any:
    if isinstance(value, list | dict):
        raise _NotKept("a list or mapping as a key")
    return value
