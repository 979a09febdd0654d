"""Letters that differ: every variant is a complete letter, and a group's letters differ."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appeals.checking import check_letter
from appeals.compose import VARIANTS, compose_letter, variant_for, variant_slots
from appeals.deadline import deadline_status
from appeals.export.text import letter_text
from appeals.loading import load_case_folder
from appeals.models import Lang, Writer
from tests.helpers import run

LANGS: tuple[Lang, ...] = ("en", "ru")  # the bundled case is worded in these two

FOLDER = load_case_folder()
WRITER = Writer(name="Jane Doe", address=["12 Elm Street"], city="Toronto", country="CA")
CONVEY = {
    "en": (
        "convey",
        "pass on",
        "bring to the attention of President Tokayev",
        "let President Tokayev know",
        "ask President Tokayev",
        "urge President Tokayev",
        "encourage President Tokayev",
    ),
    "ru": (
        "передать",
        "довести до сведения",
        "донести до",
        "ходатайствовать перед Президентом",
        "призвать Президента",
        "сообщить Президенту",
        "просьбу к Президенту",
    ),
}


def letter(action: str, target: str, lang: Lang, variant: int) -> str:
    drafted = compose_letter(
        FOLDER,
        action=FOLDER.case.actions[action],
        target=FOLDER.targets[target],
        lang=lang,
        writer=WRITER,
        personal=None,
        today=date(2022, 6, 1),
        deadline=deadline_status(None, date(2022, 6, 1)),
        variant=variant,
    )
    return letter_text(drafted.letter)


def test_the_slots_cover_every_variant_once() -> None:
    combos = {tuple(variant_slots(n).values()) for n in range(1, VARIANTS + 1)}
    assert len(combos) == VARIANTS == 192


@pytest.mark.parametrize("action", list(FOLDER.case.actions))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(FOLDER.targets))
def test_every_variant_is_a_complete_polite_letter(action: str, lang: Lang, target: str) -> None:
    bodies = set()
    embassy = FOLDER.targets[target].kind == "embassy"
    for variant in range(1, VARIANTS + 1):
        text = letter(action, target, lang, variant)
        body = text.split("\n\n", 3)[3]
        bodies.add(body)
        items = check_letter(text, FOLDER, FOLDER.case.actions[action], lang)
        assert [i.detail for i in items if not i.passed] == [], variant
        flat = " ".join(text.replace("\xa0", " ").split())
        for ask in FOLDER.case.actions[action].text(lang).asks:
            assert ask in flat
        assert any(word in flat for word in CONVEY[lang]) == embassy, (variant, flat)
    assert len(bodies) == VARIANTS  # no two variants read the same


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=30).filter(lambda n: n.strip()))
def test_the_same_writer_always_gets_the_same_variant(name: str) -> None:
    first = variant_for(name, "president", "update-3")
    assert first == variant_for(name, "president", "update-3")
    assert 1 <= first <= VARIANTS


def test_draft_picks_a_variant_or_takes_the_one_asked_for() -> None:
    args = (
        "draft",
        "--today",
        "2023-05-01",
        "--name",
        "Jane Doe",
        "--city",
        "Leeds",
        "--format",
        "json",
    )
    first = json.loads(run(*args).stdout)
    assert first == json.loads(run(*args).stdout)
    assert first["variant"] == variant_for("Jane Doe", "president", "update-3")
    chosen = json.loads(run(*args, "--variant", "7").stdout)
    assert chosen["variant"] == 7
    assert chosen["body"] != first["body"] or first["variant"] == 7
    for bad in ("0", "193", "-1"):  # a value out of range is a usage error, as DESIGN.md says
        result = run(*args, "--variant", bad)
        assert (result.exit_code, result.stdout) == (2, "")
        assert (
            result.stderr
            == f"error: --variant: {bad} is out of range; choose a number from 1 to 192\n"
        )


def test_a_batch_of_fifty_gets_fifty_different_letters(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    # a few names that share a variant by hash, so the batch has to move them apart
    names = [f"Writer {i}" for i in range(50)]
    writers.write_text("name,country\n" + "".join(f"{n},CA\n" for n in names), encoding="utf-8")
    result = run(
        "batch",
        str(writers),
        "--output",
        str(tmp_path / "out"),
        "--today",
        "2023-05-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    for target in ("president", "embassy-ottawa"):
        bodies = [
            json.loads(path.read_text(encoding="utf-8"))["body"]
            for path in sorted((tmp_path / "out").glob(f"*-{target}.json"))
        ]
        assert len(bodies) == 50
        assert len(set(bodies)) == 50
    hashed = {variant_for(n, "president", "update-3") for n in names}
    assert len(hashed) < 50  # the hash alone would have repeated some letters


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_longest_variant_with_600_characters_of_its_own_fits_one_page(paper: str) -> None:
    import io

    from pypdf import PdfReader

    from appeals.export.pdf import letter_pdf

    for action in FOLDER.case.actions:
        for lang in LANGS:
            for target in FOLDER.targets:
                longest = max(
                    range(1, VARIANTS + 1), key=lambda v: len(letter(action, target, lang, v))
                )
                drafted = compose_letter(
                    FOLDER,
                    action=FOLDER.case.actions[action],
                    target=FOLDER.targets[target],
                    lang=lang,
                    writer=Writer(
                        name="Jane Doe",
                        address=["12 Elm Street", "Apartment 1204"],
                        city="Toronto",
                        postcode="M4B 1B3",
                        country="CA",
                        email="jane@example.org",
                    ),
                    personal=("Слово " if lang == "ru" else "Words ") * 100,
                    today=date(2022, 6, 1),
                    deadline=deadline_status(None, date(2022, 6, 1)),
                    variant=longest,
                )
                pages = len(PdfReader(io.BytesIO(letter_pdf(drafted.letter, paper))).pages)  # type: ignore[arg-type]
                assert pages == 1, (action, lang, target, longest)


PRONOUN = {
    "en": re.compile(r"\b(?:he|his|him)\b", re.IGNORECASE),
    "ru": re.compile(r"\b(?:он|его|ему|им)\b", re.IGNORECASE),
}
# two dates side by side: «… 13 февраля 2022 г. 12 марта 2022 г., …» reads as one muddle
DATES_ABUTTING = re.compile(r"\d{4}\xa0г\. \d{1,2}\xa0[а-я]+ \d{4}\xa0г\.")


@pytest.mark.parametrize("action", list(FOLDER.case.actions))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(FOLDER.targets))
def test_the_facts_name_the_person_before_any_pronoun(action: str, lang: Lang, target: str) -> None:
    """An embassy letter's opening can end with the President's name, so a facts paragraph that
    began "He remains in detention" read as if the President were detained."""
    person = FOLDER.case.person.text(lang)
    names = [person.name, person.short, *person.forms.values()]
    for opening in range(4):
        for facts in range(3):
            variant = 1 + opening + 4 * facts
            drafted = compose_letter(
                FOLDER,
                action=FOLDER.case.actions[action],
                target=FOLDER.targets[target],
                lang=lang,
                writer=WRITER,
                personal=None,
                today=date(2022, 6, 1),
                deadline=deadline_status(None, date(2022, 6, 1)),
                variant=variant,
            )
            first = drafted.letter.paragraphs[1].replace("\xa0", " ")
            named = min(first.find(name) for name in names if name in first)
            pronoun = PRONOUN[lang].search(first)
            assert pronoun is None or named < pronoun.start(), (variant, first)
            assert not DATES_ABUTTING.search("\n".join(drafted.letter.paragraphs)), variant


# a sentence that says the same thing twice: «прошу … мою просьбу», «безотлагательно добиться
# немедленного…», "act without delay to secure the immediate…"
SAID_TWICE = {
    "ru": [("прошу", "просьб"), ("безотлагательн", "немедленн")],
    "en": [("without delay", "immediate")],
}


@pytest.mark.parametrize("action", list(FOLDER.case.actions))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(FOLDER.targets))
def test_no_request_says_the_same_thing_twice(action: str, lang: Lang, target: str) -> None:
    for request in range(4):
        variant = 1 + 12 * request
        text = letter(action, target, lang, variant).replace("\n", " ").lower()
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for first, second in SAID_TWICE[lang]:
                assert not (first in sentence and second in sentence), (variant, sentence)
