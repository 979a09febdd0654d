"""Letters in every language the tool ships (de, en, es, fr, ru) for a case that has no model
letter: the frame's greeting for each role, the asks as requests, dates in the language, and
`appeals check` passing on each."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from appeals.languages import code_for, known
from appeals.wording import Requests, requests
from tests.helpers import build_tree, check_snapshot, run

# An invented case, worded in the project's own words in each language.
PERSON = {"en": "Lena Markov", "es": "Lena Markov", "fr": "Lena Markov", "de": "Lena Markov"}
PERSON["ru"] = "Лена Маркова"
WORDING: dict[str, dict[str, Any]] = {
    "en": {
        "subject": "Lena Markov: release her now",
        "summary": "Lena Markov, a radio journalist, has been held without trial since 3 March "
        "2025 after reporting on a strike.",
        "asks": [
            "Release Lena Markov immediately and without conditions",
            "Drop every charge brought against her for her reporting",
            "Take all steps in his power to ensure she can see her lawyer and her family",
        ],
    },
    "es": {
        "subject": "Lena Markov: libertad ya",
        "summary": "Lena Markov, periodista de radio, permanece detenida sin juicio desde el "
        "3 de marzo de 2025 tras informar sobre una huelga.",
        "asks": [
            "Pedimos al presidente que ponga en libertad a Lena Markov de inmediato y sin "
            "condiciones",
            "retire todos los cargos presentados contra ella por su trabajo periodístico",
            "investigue las amenazas que ha recibido su familia",
        ],
    },
    "fr": {
        "subject": "Lena Markov : libération immédiate",
        "summary": "Lena Markov, journaliste de radio, est détenue sans procès depuis le "
        "3 mars 2025 pour avoir couvert une grève.",
        "asks": [
            "libérer Lena Markov immédiatement et sans condition",
            "abandonner toutes les charges retenues contre elle pour son travail de journaliste",
            "Veillez à ce qu'elle puisse voir son avocat et sa famille",
        ],
    },
    "de": {
        "subject": "Lena Markov: Freilassung jetzt",
        "summary": "Die Radiojournalistin Lena Markov ist seit dem 3. März 2025 ohne "
        "Gerichtsverfahren in Haft, nachdem sie über einen Streik berichtet hatte.",
        "asks": [
            "Bitte lassen Sie Lena Markov sofort und bedingungslos frei.",
            "Stellen Sie alle Verfahren gegen sie wegen ihrer Arbeit als Journalistin ein",
            "ihr Zugang zu ihrem Anwalt und ihrer Familie zu gewähren",
        ],
    },
    "ru": {
        "subject": "Лена Маркова: освободить немедленно",
        "summary": "Радиожурналист Лена Маркова находится под стражей без суда с 3 марта "
        "2025 г. после репортажа о забастовке.",
        "asks": [
            "немедленно и без всяких условий освободить Лену Маркову",
            "снять с неё все обвинения, связанные с её журналистской работой",
        ],
    },
}
# Targets as an English-language import writes them: the wording in English only, so a letter
# in another language takes its greeting from that language's frame.
TARGETS = {
    "president": ("head-of-state", "Mr Ivo Petrov", "President of Ruritania", "Dear Mr President,"),
    "minister-of-justice": ("official", "Ms Vera Lind", "Minister of Justice", "Dear Minister,"),
    "prosecutor-general": ("official", "Mr Tomas Berg", "Prosecutor General", "Dear Sir,"),
    "embassy-ottawa": ("embassy", "Her Excellency Ana Sol", "Ambassador", "Your Excellency,"),
    "director-of-prisons": ("official", "Karel Dvor", "Director of Prisons", "Dear Sir or Madam,"),
}


def case_folder(root: Path, langs: tuple[str, ...], action_lang: str | None = None) -> Path:
    targets = {
        key: {
            "kind": kind,
            "serves": ["CA"] if kind == "embassy" else [],
            "en": {
                "name": name,
                "title": title,
                "addressee": [name, title],
                "salutation": salutation,
                "closing": "Yours sincerely,",
            },
            "postal": {"lines": ["1 Palace Square"], "city": "Strelsau", "country": "DE"},
            "email": [f"{key}@example.org"],
            "source": "an invented UA",
            "checked": "2025-03-10",
        }
        for key, (kind, name, title, salutation) in TARGETS.items()
    }
    case = {
        "id": "ruritania",
        "person": {
            "pronouns": "she/her",
            **{code: {"name": PERSON[code], "short": PERSON[code]} for code in PERSON},
        },
        "actions": {
            "original": {
                "title": "Journalist held without trial",
                "ua": "UA 12/25",
                "index": None,
                "issued": "2025-03-10",
                "deadline": "2025-05-01",
                "languages": list(langs),
                "lang": action_lang,
                "targets": list(TARGETS),
                "source": "an invented UA",
                **{code: WORDING[code] for code in langs},
            }
        },
    }
    build_tree(
        root,
        {
            "targets.yaml": yaml.safe_dump({"targets": targets}, allow_unicode=True),
            "case.yaml": yaml.safe_dump(case, allow_unicode=True, sort_keys=False),
        },
    )
    return root


WRITER = (
    *("--name", "Jane Doe", "--address", "12 Elm Street", "--city", "Toronto"),
    *("--postcode", "M4B 1B3", "--country", "CA", "--today", "2025-03-20"),
)


def draft(case: Path, *args: str) -> tuple[int, str, str]:
    result = run("draft", "--case", str(case), "--no-cc", *WRITER, *args)
    return result.exit_code, result.stdout, result.stderr


GREETINGS = {
    # target: {lang: (salutation, closing)}
    "minister-of-justice": {
        "es": ("Señora Ministra:", "Atentamente,"),
        "fr": (
            "Madame la Ministre,",
            "Je vous prie d'agréer, Madame la Ministre, l'expression de ma haute considération.",
        ),
        "de": ("Sehr geehrte Frau Ministerin,", "Mit freundlichen Grüßen"),
        "ru": ("Уважаемая госпожа министр!", "С уважением,"),
    },
    "prosecutor-general": {
        "es": ("Señor Fiscal General:", "Atentamente,"),
        "fr": (
            "Monsieur le Procureur général,",
            "Je vous prie d'agréer, Monsieur le Procureur général, l'expression de ma haute "
            "considération.",
        ),
        "de": ("Sehr geehrter Herr Generalstaatsanwalt,", "Mit freundlichen Grüßen"),
        "ru": ("Уважаемый господин Генеральный прокурор!", "С уважением,"),
    },
    "embassy-ottawa": {
        "es": ("Excelentísima Señora Embajadora:", "Atentamente,"),
        "fr": (
            "Madame l'Ambassadrice,",
            "Je vous prie d'agréer, Madame l'Ambassadrice, l'expression de ma haute considération.",
        ),
        "de": ("Sehr geehrte Frau Botschafterin,", "Mit freundlichen Grüßen"),
        "ru": ("Уважаемая госпожа Посол!", "С уважением,"),
    },
    "director-of-prisons": {
        "es": ("Distinguida señora, distinguido señor:", "Atentamente,"),
        "fr": (
            "Madame, Monsieur,",
            "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
        ),
        "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
        "ru": ("Уважаемые дамы и господа!", "С уважением,"),
    },
}
DATES = {"es": "20 de marzo de 2025", "fr": "20 mars 2025", "de": "20. März 2025"}
DATES |= {"ru": "20\xa0марта 2025\xa0г.", "en": "20 March 2025"}  # Russian: no-break spaces


@pytest.mark.parametrize("lang", ["es", "fr", "de", "ru"])
@pytest.mark.parametrize("target", list(GREETINGS))
def test_each_role_is_greeted_and_taken_leave_of_in_the_letters_language(
    tmp_path: Path, lang: str, target: str
) -> None:
    case = case_folder(tmp_path / "case", (lang,))
    code, out, err = draft(case, "--lang", lang, "--target", target, "--format", "json")
    assert code == 0, err
    letter = json.loads(out)
    salutation, closing = GREETINGS[target][lang]
    assert (letter["lang"], letter["salutation"], letter["closing"]) == (lang, salutation, closing)
    assert letter["body"].count(PERSON[lang]) >= 2
    assert "check:" not in err  # `appeals check` passes on the letter


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "ru"])
def test_the_composed_letter_in_each_language(tmp_path: Path, lang: str) -> None:
    """The whole letter to the President, as a reader sees it (tests/snapshots/frame.*.txt)."""
    case = case_folder(tmp_path / "case", (lang,))
    code, out, err = draft(case, "--lang", lang, "--variant", "1")
    assert code == 0, err
    assert out.startswith(DATES[lang] + "\n")
    check_snapshot(f"frame.{lang}.president.txt", out)
    letter = tmp_path / "letter.txt"
    letter.write_text(out, encoding="utf-8")
    checked = run("check", str(letter), "--case", str(case))
    assert checked.exit_code == 0, checked.stdout
    assert checked.stdout.endswith("Every must-have is there.\n")


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "ru"])
def test_every_variant_of_the_frame_passes_the_check(tmp_path: Path, lang: str) -> None:
    case = case_folder(tmp_path / "case", (lang,))
    for target in TARGETS:
        for variant in (1, 2, 3, 5, 13, 49):  # every opening, request and thanks alternative
            code, _, err = draft(
                case, "--lang", lang, "--target", target, "--variant", str(variant)
            )
            assert code == 0, err
            assert "check:" not in err, (target, variant, err)


def test_the_asks_become_requests_to_the_reader() -> None:
    english = requests(WORDING["en"]["asks"], "en", ("Lena Markov",))
    assert english.clauses == [
        "release Lena Markov immediately and without conditions",
        "drop every charge brought against her for her reporting",
        "take all steps in your power to ensure she can see her lawyer and her family",
    ]
    # an ask with its own subject stands as a sentence, never after "I urge you to"
    assert requests(["Lena Markov must be released at once"], "en", ("Lena Markov",)) == Requests(
        clauses=[], sentences=["Lena Markov must be released at once."], infinitives=[]
    )
    spanish = requests(WORDING["es"]["asks"], "es", ("Lena Markov",))
    assert spanish.clauses[0] == "ponga en libertad a Lena Markov de inmediato y sin condiciones"
    french = requests([*WORDING["fr"]["asks"], "Libérez-la sans délai"], "fr")
    assert french.clauses[2:] == [  # commands become infinitives that continue the request
        "veiller à ce qu'elle puisse voir son avocat et sa famille",
        "la libérer sans délai",
    ]
    german = requests(WORDING["de"]["asks"], "de")
    assert german.sentences == [
        "Bitte lassen Sie Lena Markov sofort und bedingungslos frei.",
        "Stellen Sie alle Verfahren gegen sie wegen ihrer Arbeit als Journalistin ein.",
    ]
    assert german.clauses == ["ihr Zugang zu ihrem Anwalt und ihrer Familie zu gewähren"]


def test_a_language_the_action_is_not_worded_in_says_what_to_add(tmp_path: Path) -> None:
    case = case_folder(tmp_path / "case", ("es",), action_lang="es")
    for lang in ("en", "fr", "de", "ru"):
        code, out, err = draft(case, "--lang", lang)
        name = {"en": "English", "fr": "French", "de": "German", "ru": "Russian"}[lang]
        assert (code, out) == (1, "")
        assert err == (
            f"error: case.yaml: actions.original has no '{lang}' wording, only es (Spanish); "
            f"add '{lang}:' to it with its subject and asks in {name}, or use --lang es\n"
        )
    # adding the French wording is all a French letter needs
    text = (case / "case.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["actions"]["original"]["fr"] = WORDING["fr"]
    (case / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = draft(case, "--lang", "fr")
    assert code == 0, err
    assert out.startswith("20 mars 2025\n")


def test_draft_says_which_language_it_chose_and_why(tmp_path: Path) -> None:
    case = case_folder(tmp_path / "case", ("es", "en"), action_lang="es")
    code, out, err = draft(case)
    assert code == 0
    assert out.startswith("20 de marzo de 2025\n")
    assert err.splitlines()[0] == (
        "language: writing in Spanish (es), the first of the UA's preferred languages "
        "(Spanish, English) this case is in; also worded in en (--lang)"
    )
    assert draft(case, "--lang", "en")[1].startswith("20 March 2025\n")


def test_names_of_languages_become_codes() -> None:
    names = ["Spanish", "espagnol", "Englisch", "Persisch", "castellano", "Français", "ru"]
    assert [code_for(name) for name in names] == ["es", "es", "en", "fa", "es", "fr", "ru"]
    assert code_for("Ruritanian") is None
    assert set(known()) >= {"de", "en", "es", "fr", "ru"}


def test_spanish_and_before_an_i_sound_is_e(tmp_path: Path) -> None:
    case = case_folder(tmp_path / "case", ("es",))
    code, out, _ = draft(case, "--lang", "es", "--format", "json")
    assert code == 0
    body = json.loads(out)["body"]
    assert "periodístico e investigue las amenazas" in body
    assert re.search(r"\by investigue\b", body) is None


def test_a_batch_writes_in_the_language_the_case_sets(tmp_path: Path) -> None:
    case = case_folder(tmp_path / "case", ("es", "en"), action_lang="es")
    writers = tmp_path / "w.csv"
    writers.write_text(
        "name,city,country,lang\nAna Pérez,Madrid,ES,\nJane Doe,Toronto,CA,en\nKarl Roth,Bonn,DE,de\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(
        *("batch", str(writers), "--case", str(case), "--output", str(out)),
        *("--target", "president", "--today", "2025-03-20"),
    )
    assert result.exit_code == 1  # the German row is refused, the others written
    rows = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[3] for row in rows] == ["es", "en"]
    rejected = (out / "rejected.csv").read_text(encoding="utf-8")
    assert (
        "lang 'de': original has no wording in that language (only es, en); "
        "add 'de:' to it in case.yaml" in rejected
    )


def test_adding_a_language_is_adding_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Portuguese folder beside the shipped ones: --lang pt writes in it, dates and all."""
    import shutil

    from appeals import languages

    frames = tmp_path / "frames"
    shutil.copytree(languages.frames_dir(), frames)
    (frames / "pt").mkdir()
    spanish = (frames / "es" / "language.yaml").read_text(encoding="utf-8")
    portuguese = spanish.replace("name: español", "name: português")
    portuguese = portuguese.replace("english: Spanish", "english: Portuguese")
    portuguese = portuguese.replace("locale: es", "locale: pt").replace('and: "y"', "and: e")
    portuguese = portuguese.replace("stemmer: spanish", "stemmer: portuguese")
    portuguese = portuguese.replace(
        'm: "Excelentísimo Señor Presidente:"',
        'm: "Excelentíssimo Senhor Presidente da República,"',
    )
    (frames / "pt" / "language.yaml").write_text(portuguese, encoding="utf-8")
    (frames / "pt" / "letter.j2").write_text(
        "Escrevo-lhe sobre {{ person.name }}.\n\n{{ personal }}\n\n"
        "Peço-lhe que {{ requests.clauses | join_and }}.\n\n"
        "Continuarei a acompanhar a situação de {{ person.name }}.\n",
        encoding="utf-8",
    )
    from appeals import compose

    monkeypatch.setattr(languages, "frames_dir", lambda: frames)
    monkeypatch.setattr(compose, "frames_dir", lambda: frames)
    languages.known.cache_clear()
    try:
        case = case_folder(tmp_path / "case", ("es",))
        data = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        data["person"]["pt"] = {"name": "Lena Markov", "short": "Lena Markov"}
        data["actions"]["original"]["pt"] = {
            "subject": "Lena Markov",
            "asks": ["liberte Lena Markov", "retire as acusações"],
        }
        (case / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        code, out, err = draft(case, "--lang", "pt")
        assert code == 0, err
        assert out.startswith("20 de março de 2025\n")
        assert "Peço-lhe que liberte Lena Markov e retire as acusações." in " ".join(out.split())
        assert "\n\nExcelentíssimo Senhor Presidente da República,\n" in out
    finally:
        languages.known.cache_clear()
