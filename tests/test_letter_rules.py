"""What a fluent reader checks in every letter, made mechanical: the asks, the rights, the
address by the letter's date, the President's patronymic, the cc line, the London holder,
no-break spaces in every format, and `appeals check` on innocent words."""

from __future__ import annotations

import io
import json
from datetime import date
from email import message_from_bytes
from email.policy import default

import pytest

from appeals.checking import check_letter
from appeals.compose import VARIANTS, compose_letter, variant_slots
from appeals.deadline import deadline_status
from appeals.editing import parse_letter
from appeals.export.eml import letter_eml
from appeals.export.pdf import _Layout, _LetterPDF, letter_pdf
from appeals.export.text import letter_text, wrap
from appeals.loading import load_case_folder
from appeals.models import Lang, Letter, Writer
from tests.helpers import CANADIAN_WRITER, run, unstuffed

LANGS: tuple[Lang, ...] = ("en", "ru")  # the bundled case is worded in these two

FOLDER = load_case_folder()
WRITER = Writer(name="Jane Doe", address=["12 Elm Street"], city="Toronto", country="CA")
TODAY = {"original": date(2022, 4, 1), "update-1": date(2022, 6, 1), "update-3": date(2023, 5, 2)}
NBSP = "\xa0"


def compose(action: str, target: str, lang: Lang, variant: int = 1, **extra: object) -> Letter:
    day = extra.pop("today", TODAY[action])
    assert isinstance(day, date)
    return compose_letter(
        FOLDER,
        action=FOLDER.case.actions[action],
        target=FOLDER.targets[target],
        lang=lang,
        writer=WRITER,
        personal=None,
        today=day,
        deadline=deadline_status(None, day),
        variant=variant,
        **extra,  # type: ignore[arg-type]
    ).letter


def draft(*args: str) -> tuple[str, str]:
    result = run("draft", "--allow-late", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


# --- content -------------------------------------------------------------------------------


def test_the_original_action_asks_for_unconditional_release() -> None:
    original = FOLDER.case.actions["original"]
    assert original.text("en").asks == [
        "secure the immediate and unconditional release of Zhanbolat Mamay from detention"
    ]
    assert "ru" in original.texts
    assert original.text("ru").asks == [
        "добиться немедленного и безусловного освобождения Жанболата Мамая из-под стражи"
    ]


RIGHTS = {
    "en": "rights to freedom of expression and peaceful assembly",
    "ru": "прав на свободу выражения мнений и мирных собраний",
}


@pytest.mark.parametrize("action", list(FOLDER.case.actions))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(FOLDER.targets))
def test_every_variant_names_the_rights_asks_in_full_and_opens_each_paragraph_anew(
    action: str, lang: Lang, target: str
) -> None:
    for variant in range(1, VARIANTS + 1):
        letter = compose(action, target, lang, variant)
        body = " ".join(letter.paragraphs).replace(NBSP, " ")
        assert RIGHTS[lang] in body, variant
        assert "права на свободу" not in body  # two rights: «прав»
        assert ".." not in body  # a date ending in «г.» ends its sentence too
        for ask in FOLDER.case.actions[action].text(lang).asks:
            assert ask in body, variant
        openings = [" ".join(paragraph.split()[:2]) for paragraph in letter.paragraphs]
        assert len(set(openings)) == len(openings), (variant, openings)


@pytest.mark.parametrize("action", list(FOLDER.case.actions))
@pytest.mark.parametrize("lang", LANGS)
def test_two_variants_share_their_facts_only_with_the_same_opening(action: str, lang: Lang) -> None:
    """Variants 37 and 100 once had word-for-word the same facts; now the facts end with a
    sentence that follows the opening, so letters that differ there differ in the facts too."""
    seen: dict[tuple[str, ...], set[tuple[int, int]]] = {}
    for variant in range(1, VARIANTS + 1):
        slots = variant_slots(variant)
        facts = tuple(compose(action, "president", lang, variant).paragraphs[1:-2])
        seen.setdefault(facts, set()).add((slots["opening"], slots["facts"]))
    assert all(len(pairs) == 1 for pairs in seen.values())
    assert len(seen) == 4 * 3


def test_update_3_joins_its_two_asks_with_a_comma_in_english() -> None:
    body = " ".join(compose("update-3", "president", "en").paragraphs)
    assert "lifted immediately and unconditionally, and that all charges against him" in body


# --- the address block follows the letter's date --------------------------------------------


@pytest.mark.parametrize(
    ("today", "lang", "city"),
    [
        ("2022-09-16", "en", "Nur-Sultan"),
        ("2022-09-17", "en", "Astana"),
        ("2022-09-16", "ru", "г. Нур-Султан"),
        ("2022-09-17", "ru", "г. Астана"),
    ],
)
def test_the_presidents_city_is_the_one_it_had_on_the_letters_date(
    today: str, lang: str, city: str
) -> None:
    out, _ = draft("--action", "update-1", "--lang", lang, "--today", today, "--format", "json")
    address = json.loads(out)["recipient_address"]
    assert address[-2:] == [city, "KAZAKHSTAN"]


def test_the_president_is_addressed_in_russian_with_his_patronymic() -> None:
    out, _ = draft(
        "--action", "update-3", "--lang", "ru", "--today", "2023-05-02", *CANADIAN_WRITER
    )
    assert out.split("\n\n")[1].splitlines()[:2] == [
        "Президенту Республики Казахстан",
        "Касым-Жомарту Кемелевичу Токаеву",
    ]
    embassy = " ".join(
        compose("update-3", "embassy-ottawa", "ru", variant=2).paragraphs  # opening 1
    ).replace(NBSP, " ")
    assert "Президенту Республики Казахстан Касым-Жомарту Кемелевичу Токаеву" in embassy


def test_london_is_addressed_by_name_only_while_the_holder_is_known_to_serve() -> None:
    args = ("--target", "embassy-london", "--name", "Jane Doe", "--country", "GB")
    then, warned = draft(*args, "--action", "update-1", "--today", "2022-06-30")
    assert then.split("\n\n")[1].splitlines()[:2] == [
        "His Excellency Mr Erlan Idrissov",
        "Ambassador of the Republic of Kazakhstan",
    ]
    assert "office" not in warned
    later, warned = draft(*args, "--action", "update-1", "--today", "2022-07-01")
    assert later.split("\n\n")[1].splitlines()[:2] == [
        "His Excellency the Ambassador of the Republic of Kazakhstan",
        "Embassy of the Republic of Kazakhstan",
    ]
    assert "Idrissov" not in later
    assert (
        "warning: targets.yaml: embassy-london: the records confirm Erlan Idrissov in the post only "
        "until 2022-06-30, not on 2022-07-01; the letter is addressed to the office (His "
        "Excellency the Ambassador of the Republic of Kazakhstan); check the holder's name "
        "before sending"
    ) in warned.splitlines()
    russian, _ = draft(*args, "--lang", "ru", "--today", "2023-05-02")
    assert russian.split("\n\n")[1].splitlines()[0] == "Послу Республики Казахстан в Великобритании"
    assert "Идрисов" not in russian


def test_ottawa_is_addressed_to_the_office_once_its_record_is_a_year_old() -> None:
    """The third update names Akylbek Kamaldinov in April 2023 and no later source does: a letter
    dated more than a year after the record was checked goes to the office, with a warning."""
    args = ("--target", "embassy-ottawa", "--name", "Jane Doe", "--country", "CA")
    then, warned = draft(*args, "--today", "2024-04-10")
    assert then.split("\n\n")[1].splitlines()[0] == "His Excellency Akylbek Kamaldinov"
    assert "addressed to the office" not in warned
    later, warned = draft(*args, "--today", "2024-04-11")
    assert later.split("\n\n")[1].splitlines()[:2] == [
        "His Excellency the Ambassador of the Republic of Kazakhstan",
        "Embassy of the Republic of Kazakhstan",
    ]
    assert "Kamaldinov" not in later
    assert (
        "warning: targets.yaml: embassy-ottawa: the records confirm Akylbek Kamaldinov in the "
        "post only until 2024-04-10, not on 2024-04-11; the letter is addressed to the office "
        "(His Excellency the Ambassador of the Republic of Kazakhstan); check the holder's name "
        "before sending"
    ) in warned.splitlines()
    russian, _ = draft(*args, "--lang", "ru", "--today", "2024-04-11")
    assert russian.split("\n\n")[1].splitlines()[:2] == [
        "Послу Республики Казахстан в Канаде",
        "Embassy of the Republic of Kazakhstan",
    ]
    assert "Камалдинов" not in russian


# --- the cc line ----------------------------------------------------------------------------


def test_a_letter_copied_to_the_embassy_says_so_after_the_signature() -> None:
    text, _ = draft("--action", "update-3", "--today", "2023-05-02", *CANADIAN_WRITER)
    assert text.endswith(
        "jane@example.org\n\ncc: Embassy of the Republic of Kazakhstan in Canada\n"
    )
    russian, _ = draft(
        "--action", "update-3", "--lang", "ru", "--today", "2023-05-02", *CANADIAN_WRITER
    )
    assert russian.endswith("\n\nКопия: Посольство Республики Казахстан в Канаде\n")
    alone, _ = draft("--action", "update-3", "--today", "2023-05-02", "--no-cc", *CANADIAN_WRITER)
    assert "cc:" not in alone
    to_embassy, _ = draft("--target", "embassy", "--today", "2023-05-02", *CANADIAN_WRITER)
    assert "cc:" not in to_embassy  # only a letter to the President is copied


def test_the_cc_line_is_in_the_json_the_pdf_and_survives_an_edit() -> None:
    letter = compose("update-3", "president", "en")
    assert letter.copy_line == "cc: Embassy of the Republic of Kazakhstan in Canada"
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(letter_pdf(letter))).pages[0].extract_text()
    assert page.rstrip().endswith("cc: Embassy of the Republic of Kazakhstan in Canada")
    assert parse_letter(letter_text(letter), letter) == letter
    out, _ = draft("--today", "2023-05-02", "--format", "json", *CANADIAN_WRITER)
    assert json.loads(out)["cc_line"] == "cc: Embassy of the Republic of Kazakhstan in Canada"


# --- no-break spaces ------------------------------------------------------------------------

# a citation is one unbreakable unit; so are a number, a day and its month, a year and «г.»
TIED_RU = ["(ч.\xa02\xa0ст.\xa0378\xa0УК\xa0РК)", "400\xa0000 тенге", "25\xa0февраля 2022\xa0г."]


def test_a_number_keeps_its_days_and_no_its_number() -> None:
    from appeals.language import tie

    assert tie("арест на 15 суток, акция № 31/22", "ru") == "арест на 15\xa0суток, акция №\xa031/22"
    body = " ".join(compose("original", "president", "ru").paragraphs)
    assert "15\xa0суток" in body


def test_russian_letters_keep_no_break_spaces_in_text_eml_and_pdf() -> None:
    letter = compose("update-3", "president", "ru")  # facts 0: the fine and the arrest date
    text = letter_text(letter)
    flat = text.replace("\n", " ")
    for tied in TIED_RU:
        assert tied in flat
    assert letter.date_text == "2\xa0мая 2023\xa0г."
    body = message_from_bytes(letter_eml(letter), policy=default).get_body(("plain",))
    assert body is not None
    assert unstuffed(body.get_content()) == text  # format=flowed marks soft breaks with a space
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(letter_pdf(letter))).pages[0].extract_text()
    assert "ч.\xa02\xa0ст.\xa0378\xa0УК\xa0РК" in page.replace("\n", " ")


def test_english_keeps_article_with_its_number() -> None:
    body = " ".join(compose("original", "president", "en").paragraphs)
    assert "(Article\xa0488.11 of the Code of Administrative Offences)" in body


def _tied_words(paragraph: str) -> list[str]:
    return [word for word in paragraph.split(" ") if NBSP in word]


@pytest.mark.parametrize("lang", LANGS)
def test_no_wrapping_breaks_a_line_at_a_no_break_space(lang: Lang) -> None:
    pdf = _LetterPDF("a4")
    pdf.add_page()
    pdf.set_font("LetterSerif", size=10.5)
    layout = _Layout(pdf)
    for action in FOLDER.case.actions:
        for variant in (1, 2, 3):  # the three facts paragraphs
            for paragraph in compose(action, "president", lang, variant).paragraphs:
                tied = _tied_words(paragraph)
                for width in range(24, 80, 7):
                    lines = wrap(paragraph, width)
                    assert " ".join(lines) == paragraph
                    for word in tied:  # a word joined by U+00A0 is whole on one line
                        assert any(word in line.split(" ") for line in lines), (word, width)
                for millimetres in (60.0, 90.0, 168.0):
                    lines = layout.wrap(paragraph, millimetres)
                    assert " ".join(lines) == paragraph
                    for word in tied:
                        assert any(word in line.split(" ") for line in lines), word


# --- the checker on innocent words ----------------------------------------------------------


def _polite(text: str, lang: Lang) -> str:
    items = check_letter(text, FOLDER, FOLDER.case.actions["update-3"], lang)
    return next(item.detail for item in items if item.label == "polite")


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Pigeons nest on the court building in Almaty.", "en"),
        ("A painter's scumble is not puppetry, and a clownfish is a fish.", "en"),
        ("Дело зашло в тупик, а в тупиковом положении нужен диалог.", "ru"),
        ("Свинец, бандероль, клоунада и тупиковая ветка.", "ru"),
    ],
)
def test_innocent_words_are_not_insults(line: str, lang: Lang) -> None:
    assert _polite(line, lang) == "no insulting or inflammatory words"


@pytest.mark.parametrize(
    ("line", "lang", "insult"),
    [
        ("They behave like pigs.", "en", "pig"),
        ("Tyrants never listen.", "en", "tyrant"),
        ("Эти свиньи не слушают.", "ru", "свинья"),
        ("Вы тупые чиновники.", "ru", "тупой"),
        ("Это преступного режима дело.", "ru", "преступного режима"),
    ],
)
def test_insults_are_found_in_any_form(line: str, lang: Lang, insult: str) -> None:
    assert _polite(line, lang).endswith(
        f"uses {insult!r}; officials set aside letters that insult, so keep to the facts"
    )


def test_ask_keywords_match_whole_words_by_stem() -> None:
    action = FOLDER.case.actions["update-1"]

    def ask_1(text: str) -> bool:
        return check_letter(text, FOLDER, action, "en")[1].passed

    assert ask_1("Please see that he is released.")
    assert ask_1("Please free him.")
    assert not ask_1("He values freedom of expression.")  # 'free' is not a prefix match
    ru = FOLDER.case.actions["update-1"]
    assert check_letter("Прошу освободить его.", FOLDER, ru, "ru")[1].passed
    assert not check_letter("Он ценит свободу слова.", FOLDER, ru, "ru")[1].passed
