"""Read a case folder (targets.yaml, case.yaml, letters/) into validated models.

Every problem becomes one DataError naming the file, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from appeals import parsedcache
from appeals.errors import DataError
from appeals.files import read_input
from appeals.models import Case, Target, TargetsFile

M = TypeVar("M", bound=BaseModel)
MAX_YAML = 10 * 2**20  # bytes; a case file is a few kilobytes


@dataclass(frozen=True, eq=False)  # hashed by identity: caches key on the loaded folder
class CaseFolder:
    root: Path
    case: Case
    targets: dict[str, Target]

    @property
    def letters(self) -> Path:
        return self.root / "letters"


def bundled_case_dir() -> Path:
    """The UA 31/22 case: the repository's top level in a checkout, else the wheel's copy.

    In git the case lives once, beside pyproject.toml; an editable install or a run from the
    checkout reads it there, and a built wheel carries it as appeals/case/.
    """
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "case.yaml").is_file():
        return checkout
    return Path(str(files("appeals") / "case"))


def load_case_folder(root: Path | None = None, *, check_numbers: bool = True) -> CaseFolder:
    """Load and validate a case folder; check_numbers=False skips the costly phone check."""
    root = root if root is not None else bundled_case_dir()
    if not root.is_dir():
        raise DataError(
            f"{root}: no such case folder (it should hold targets.yaml, case.yaml, letters/)"
        )
    if not any((root / name).exists() for name in ("targets.yaml", "case.yaml")):
        where = "the current folder" if str(root) in {"", "."} else str(root)
        raise DataError(
            f"{where}: not a case folder, it has no targets.yaml or case.yaml; give --case the "
            "folder that holds them (as 'appeals import --output' writes it)"
        )
    context = {"check_numbers": check_numbers}
    targets = load_model(root / "targets.yaml", TargetsFile, context).targets
    case_path = root / "case.yaml"
    case = load_model(case_path, Case)
    for action in case.actions.values():
        for target in action.targets:
            if target not in targets:
                known = ", ".join(targets)
                raise DataError(
                    f"{case_path}: actions.{action.id}.targets: {target!r} is not in "
                    f"targets.yaml (known: {known})"
                )
    return CaseFolder(root=root, case=case, targets=targets)


def load_model(path: Path, model: type[M], context: dict[str, Any] | None = None) -> M:
    raw = read_input(path, "a YAML file", limit=MAX_YAML)
    kept, data = parsedcache.recall(raw)
    if kept:
        try:
            return model.model_validate(data, context=context)
        except ValidationError:
            pass  # read it again below, for the line the problem is on
    from appeals.yamlfile import describe, read_yaml

    data, node = read_yaml(path, raw)
    try:
        valid = model.model_validate(data, context=context)
    except ValidationError as err:
        raise DataError(describe(path, err, node)) from None
    parsedcache.keep(raw, data)
    return valid
