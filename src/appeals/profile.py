"""The writer's saved details: defaults for `draft` and `post`, kept in the user's config folder."""

import os
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator

from appeals.errors import DataError
from appeals.files import write_atomically
from appeals.loading import load_model
from appeals.models import Lang, Writer


def _lang(value: object) -> object:
    """The language as written by hand in the file: `ru`, `Russian`, `русский`."""
    from appeals.naturalvalues import parse_lang

    return parse_lang(value) if isinstance(value, str) else value


class Profile(Writer):
    lang: Annotated[Lang | None, BeforeValidator(_lang)] = None


def profile_path() -> Path:
    """APPEALS_PROFILE, or profile.yaml in the user's config folder (the platform's convention)."""
    override = os.environ.get("APPEALS_PROFILE")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("appeals", appauthor=False) / "profile.yaml"


def _setting() -> str:
    """The variable that put the profile where it is (XDG_CONFIG_HOME when it alone is set)."""
    if not os.environ.get("APPEALS_PROFILE") and os.environ.get("XDG_CONFIG_HOME"):
        return "XDG_CONFIG_HOME"
    return "APPEALS_PROFILE"


def load_profile(path: Path | None = None) -> Profile | None:
    """The saved profile, validated; None when there is none."""
    path = path or profile_path()
    if not path.exists():
        return None
    return load_model(path, Profile)


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    path = path or profile_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataError(
            f"{path.parent}: cannot be the profile's folder ({err.strerror}); check {_setting()}"
        ) from None
    import yaml  # only to write it: a draft reads the profile through appeals.loading

    data = profile.model_dump(exclude_defaults=True)
    text = "# appeals writer profile: edit it here or with `appeals profile set`\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    write_atomically(path, text.encode("utf-8"), force=True)
    return path


def clear_profile(path: Path | None = None) -> bool:
    """Delete the profile; False when there is none. A folder or a file that cannot be
    deleted is a DataError that says why."""
    import stat

    path = path or profile_path()
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as err:
        raise DataError(f"{path}: cannot reach the profile ({err.strerror})") from None
    if stat.S_ISDIR(mode):
        raise DataError(f"{path}: is a folder, not a profile file; check {_setting()}")
    try:
        path.unlink()
    except OSError as err:
        raise DataError(
            f"{path}: cannot delete it ({err.strerror}); check the permissions of its folder"
        ) from None
    return True
