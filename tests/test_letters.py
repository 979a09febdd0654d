"""Every model letter: whole-output snapshots, and what each one must contain."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from appeals.loading import load_case_folder
from tests.helpers import CANADIAN_WRITER, check_snapshot, run

FOLDER = load_case_folder()
LETTERS = [
    (action, lang, target)
    for action in FOLDER.case.actions
    for lang in ("en", "ru")
    for target in FOLDER.targets
]
WRITER = CANADIAN_WRITER
# each action's letters dated while it was current: before and after the capital was renamed
# (17 September 2022), and before and after the London record's holder is known to serve
TODAY = {"original": "2022-04-01", "update-1": "2022-06-01", "update-3": "2023-05-02"}
PERSONAL = {
    "en": "I was moved to write after reading about his family's efforts on his behalf.",
    "ru": "Судьба этого человека мне небезразлична.",
}
# the sources record no effort by his family before his wife's protest of 4 April 2022, after the
# original action's letters are dated (1 April 2022)
PERSONAL_ORIGINAL = {"en": "His fate matters deeply to me.", "ru": PERSONAL["ru"]}


def draft(action: str, lang: str, target: str, *extra: str) -> dict[str, object]:
    result = run(
        "draft",
        "--action",
        action,
        "--lang",
        lang,
        "--target",
        target,
        "--today",
        TODAY[action],
        "--allow-late",
        "--format",
        "json",
        *WRITER,
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    letter: dict[str, object] = json.loads(result.stdout)
    return letter


@pytest.mark.parametrize(("action", "lang", "target"), LETTERS)
def test_letter_snapshot(action: str, lang: str, target: str) -> None:
    result = run(
        "draft",
        "--action",
        action,
        "--lang",
        lang,
        "--target",
        target,
        "--today",
        TODAY[action],
        *WRITER,
        "--personal",
        (PERSONAL_ORIGINAL if action == "original" else PERSONAL)[lang],
    )
    assert result.exit_code == 0
    check_snapshot(f"{action}.{lang}.{target}.txt", result.stdout)


@pytest.mark.parametrize(("action", "lang", "target"), LETTERS)
def test_letter_names_the_person_covers_every_ask_and_is_signed(
    action: str, lang: str, target: str
) -> None:
    letter = draft(action, lang, target)
    body = str(letter["body"])
    person = FOLDER.case.person.text(lang)
    full_names = [person.name, *person.forms.values()] if lang == "ru" else [person.name]
    assert sum(body.count(name) for name in set(full_names) if " " in name) >= 2
    for ask in FOLDER.case.actions[action].text(lang).asks:
        assert ask in body
    assert letter["sender"] == {
        "name": "Jane Doe",
        "address": ["12 Elm Street", "Toronto M4B 1B3", "Canada" if lang == "en" else "Канада"],
        "email": "jane@example.org",
    }
    # one page: at most ~450 words of body at 11 pt on A4 with the address blocks
    assert len(body.split()) < 450


@pytest.mark.parametrize(
    ("action", "target"), [(a, t) for a in FOLDER.case.actions for t in FOLDER.targets]
)
def test_russian_letters_use_russian_typography(action: str, target: str) -> None:
    body = str(draft(action, "ru", target)["body"])
    assert '"' not in body  # «ёлочки», never straight quotes
    assert not re.search(r"[A-Za-z]{3,}", body.replace("UA", ""))  # no untranslated English
    assert re.search(r"\d{1,2}\xa0[а-я]+ 20\d\d\xa0г\.", body)  # «30 июня 2022 г.», unbroken


def test_letters_are_in_the_projects_own_words() -> None:
    tool = Path(__file__).resolve().parents[2] / "shared" / "tools" / "own-words"
    if not tool.exists() or shutil.which("python3") is None:
        pytest.skip("../shared/tools/own-words is not beside this checkout")
    letters = Path(__file__).resolve().parents[1] / "letters"
    result = subprocess.run([str(tool), str(letters)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("width", range(20, 45))
def test_wrapping_keeps_dates_and_numbers_together(width: int) -> None:
    from appeals.export.text import wrap

    lines = wrap("On 25 February 2022 и 13 февраля 2022 г. штраф 400 000 тенге, 4 May 2022.", width)
    assert (
        " ".join(lines)
        == "On 25 February 2022 и 13 февраля 2022 г. штраф 400 000 тенге, 4 May 2022."
    )
    for line in lines:
        assert not line.endswith((" 25", " 13", " 400", " 4"))
        assert not line.startswith(("г.", "000", "February", "февраля", "May"))
