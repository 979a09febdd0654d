"""What `appeals` remembers between runs in the user's cache folder, to start faster.

Nothing here is needed for a correct result: a cache that is missing, damaged, or cannot be
read or written is a miss, never an error, and everything in it can be worked out again.

- `templates/`: compiled model letters (see appeals.compose).
- `country-names.json`: each country's name in the letter languages (from Babel), for telling
  whether an address ends with its country already. Loading them means loading four of Babel's
  locales a draft does not otherwise need (about a twentieth of a draft's instructions).
- `emails.json`: email addresses email-validator has accepted. The writer's own address is the
  same on every draft, and the targets' addresses are the same for every writer; importing
  email-validator compiles large Unicode patterns (about 20 ms), so a draft whose addresses were
  all accepted before does not import it. The file is keyed by the installed email-validator
  (its file's size and time), so an upgrade checks every address again.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from appeals.unseen import C0, C1_AND_BIDI, SURROGATES

_EMAILS_FORMAT = 1
_EMAILS_KEPT = 64  # addresses kept, the most recently accepted last: a writer's and the targets'


def cache_folder() -> Path | None:
    """APPEALS_CACHE (a folder, or "off" for none), else the platform's user cache folder."""
    return _cache_folder(os.environ.get("APPEALS_CACHE"))


@cache
def _cache_folder(setting: str | None) -> Path | None:
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    from platformdirs import user_cache_path

    return user_cache_path("appeals", appauthor=False)


def email_accepted(address: str) -> bool:
    """Whether email-validator accepted exactly this address before (with the same version).
    A batch asks for every writer: after the first time, this is two lookups."""
    return address in _learned or address in _accepted_now(os.environ.get("APPEALS_CACHE"))


@cache
def _accepted_now(setting: str | None) -> dict[str, None]:
    return _accepted_before(_emails_file(), _validator_key())


def remember_email(address: str) -> None:
    """Note an address email-validator accepted in this run; `save_emails` keeps it. A run
    notes the first few only: a batch checks thousands and keeps none of them."""
    if len(_learned) < _EMAILS_KEPT:
        _learned[address] = None


def save_emails() -> None:
    """Keep the addresses accepted in this run for the next one (a draft calls this once it is
    done; a batch does not, so its thousands of writers do not fill the file)."""
    path, key = _emails_file(), _validator_key()
    before = _accepted_before(path, key)
    if path is None or key is None or not _learned or _learned.keys() <= before.keys():
        return
    kept = [a for a in before if a not in _learned] + list(_learned)
    data = {"format": _EMAILS_FORMAT, "validator": key, "accepted": kept[-_EMAILS_KEPT:]}
    write_json(path, data)
    _accepted_before.cache_clear()
    _accepted_now.cache_clear()


def remembered(name: str, version: str, item: str, compute: Callable[[], list[str]]) -> list[str]:
    """`compute()` for `item`, kept in <cache>/<name>.json beside the other items of `name`
    while `version` (of the data it comes from) is the same."""
    path = _cache_file(name)
    items = _items(path, version)
    found = items.get(item)
    if found is not None:
        return found
    value = compute()
    if path is not None:
        kept = dict(list({**items, item: value}.items())[-_ITEMS_KEPT:])  # the newest, last
        write_json(path, {"format": _FORMAT, "version": version, "items": kept})
        _items.cache_clear()
    return value


def remembered_from(
    module: str, name: str, item: str, compute: Callable[[], list[str]]
) -> list[str]:
    """`remembered`, for what is worked out with the installed `module` (Babel's names and
    dates): kept while that module's file is the same, without importing it to ask."""
    version = installed(module)
    if version is None:
        return compute()
    return remembered(name, version, item, compute)


def remembered_one(
    module: str, name: str, item: str, compute: Callable[[], str], looks_right: str = ""
) -> str:
    """`remembered_from` for one string: a line of text, containing `looks_right` (a date's
    year), or it is worked out again; what goes into a letter is not taken from a hand-edited
    file on trust alone."""
    found = remembered_from(module, name, item, lambda: [compute()])
    text = found[0] if len(found) == 1 else ""
    if text.strip() and looks_right in text and not _UNSEEN.search(text):
        return text
    return compute()


_UNSEEN = re.compile(f"[{C0}{C1_AND_BIDI}{SURROGATES}]")


_FORMAT = 1
_ITEMS_KEPT = 500


def kept_words(name: str, version: str) -> dict[str, str]:
    """The words kept in <cache>/<name>.json by `save_words` while `version` is the same (a
    stemmer's stems); {} when there are none."""
    return {**_words_before(_cache_file(name), version), **_words_learned.get((name, version), {})}


def learn_word(name: str, version: str, word: str, value: str) -> None:
    """Note a word worked out in this run; `save_words` keeps it for the next."""
    _words_learned.setdefault((name, version), {})[word] = value


def save_words() -> None:
    """Keep the words learned in this run (a draft calls this once it is done), the newest
    last, at most _WORDS_KEPT of each kind."""
    folder = private_folder()
    if folder is None:
        return
    for (name, version), learned in _words_learned.items():
        path = folder / f"{name}.json"
        before = _words_before(path, version)
        if learned.items() <= before.items():
            continue
        kept = dict(list({**before, **learned}.items())[-_WORDS_KEPT:])
        write_json(path, {"format": _FORMAT, "version": version, "words": kept})
    _words_learned.clear()
    _words_before.cache_clear()


_WORDS_KEPT = 5000  # a case's letters use a few hundred words
_words_learned: dict[tuple[str, str], dict[str, str]] = {}


@cache
def _words_before(path: Path | None, version: str) -> dict[str, str]:
    data = read_json(path)
    words = data.get("words")
    if data.get("format") != _FORMAT or data.get("version") != version:
        return {}
    if not isinstance(words, dict):
        return {}
    return {k: v for k, v in words.items() if isinstance(k, str) and isinstance(v, str)}


@cache
def _items(path: Path | None, version: str) -> dict[str, list[str]]:
    data = read_json(path)
    if data.get("format") != _FORMAT or data.get("version") != version:
        return {}
    items = data.get("items")
    if not isinstance(items, dict):
        return {}
    return {
        key: value
        for key, value in items.items()
        if isinstance(value, list) and all(isinstance(v, str) for v in value)
    }


def read_json(
    path: Path | None, hook: Callable[[dict[str, Any]], Any] | None = None
) -> dict[str, Any]:
    """The object in a JSON file (each object in it passed through `hook`, if given); {} for a
    file that is missing, unreadable or damaged."""
    if path is None:
        return {}
    try:
        # not blocking on a FIFO put in its place; only a regular file of a cache's size
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as source:
            found = os.fstat(source.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size > _MAX_FILE:
                return {}
            data = json.loads(source.read(_MAX_FILE), object_hook=hook)
    except (OSError, ValueError, RecursionError):  # RecursionError: arrays nested 100,000 deep
        return {}
    return data if isinstance(data, dict) else {}


_MAX_FILE = 4 << 20  # bytes: the files hold a few hundred short items


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace the file whole (a reader sees the old one or the new); a folder that cannot be
    written is no cache, and a value JSON cannot write (a lone surrogate, which Jinja and
    PyYAML's pure-Python loader read "\\ud800" as) is not kept."""
    with suppress(OSError, ValueError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            Path(temporary).replace(path)
        except BaseException:
            with suppress(OSError):
                Path(temporary).unlink()
            raise


_learned: dict[str, None] = {}  # accepted in this run, in order (a dict keeps insertion order)


def _emails_file() -> Path | None:
    return _cache_file("emails")


def _cache_file(name: str) -> Path | None:
    """<cache>/<name>.json, in the private cache folder only: what is read back goes into
    letters (dates, names) or lets an address skip email-validator."""
    folder = private_folder()
    return folder / f"{name}.json" if folder is not None else None


def _validator_key() -> str | None:
    return installed("email_validator")


def checksum(path: Path) -> str | None:
    """A file's checksum, as a cache's version key; None when it cannot be read."""
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    except OSError:
        return None


@cache
def installed(module: str) -> str | None:
    """An installed module, without importing it: a checksum of its file (an upgrade changes
    it, so what was worked out with the old one is worked out again; two installs of the same
    version, say a venv and pipx, share what they worked out)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    found = checksum(Path(spec.origin))
    return f"{module} {found}" if found is not None else None


def private_folder(name: str = "") -> Path | None:
    """<cache>/<name> (the cache folder itself by default), made if need be, when only this
    user can write into it; else None.
    What is read back from it is trusted (compiled letters are run as code), so a folder that
    someone else owns or may write into (APPEALS_CACHE=/tmp on a shared machine) is not used."""
    return _private_folder(os.environ.get("APPEALS_CACHE"), name)


@cache  # asked for every remembered date and name; a run's answer does not change
def _private_folder(setting: str | None, name: str) -> Path | None:
    folder = _cache_folder(setting)
    if folder is None:
        return None
    if name:
        # the cache folder is checked (and made, 0700) first: made as a parent of this one it
        # would take the umask (0775 under umask 002, and never be used for remembered items),
        # and in a folder others may write into (APPEALS_CACHE=/tmp) they could swap this one
        root = _private_folder(setting, "")
        if root is None:
            return None
        folder = root / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry = os.lstat(folder)
    except OSError:
        return None
    if stat.S_ISLNK(entry.st_mode) or entry.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    getuid = getattr(os, "getuid", None)  # none on Windows, where the folder is the user's
    return folder if getuid is None or entry.st_uid == getuid() else None


@cache
def _accepted_before(path: Path | None, key: str | None) -> dict[str, None]:
    if path is None or key is None:
        return {}
    data = read_json(path)
    if data.get("format") != _EMAILS_FORMAT:
        return {}
    accepted = data.get("accepted")
    if data.get("validator") != key or not isinstance(accepted, list):
        return {}
    # a hand-edited or damaged file must not let through what email-validator would refuse:
    # only what has the shape of an address is taken (local part @ a dotted domain, nothing
    # blank or invisible); the rest is checked again
    return {
        address: None
        for address in accepted
        if isinstance(address, str) and _ADDRESS_SHAPE.fullmatch(address)
    }


_ADDRESS_SHAPE = re.compile(
    r"[^\s@\x00-\x1f\x7f-\x9f\"]{1,64}@(?:[^\s@\x00-\x1f\x7f-\x9f.\-][^\s@\x00-\x1f\x7f-\x9f.]*\.)+"
    r"[^\s@\x00-\x1f\x7f-\x9f.\-\d][^\s@\x00-\x1f\x7f-\x9f.]*"
)
