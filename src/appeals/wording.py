"""The words a letter needs that a case may not have in the letter's language: how to greet and
take leave of a target for its role, and the UA's asks made into requests to the reader.

They come from the language's frame (appeals.languages); a case's own wording always wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from appeals.languages import Gender, Language, Role, known, language
from appeals.models import Target, TargetText


def role_of(target: Target) -> Role:
    """head-of-state, minister, prosecutor, ambassador, or official, from the record's kind and
    the words of its titles in any language."""
    titles = " ".join(f"{t.title} {' '.join(t.addressee)}" for t in target.texts.values())
    return role_for(target.kind, titles)


def role_for(kind: str, titles: str) -> Role:
    if kind == "embassy":
        return "ambassador"
    for role in ("prosecutor", "minister", "ambassador", "head-of-state"):
        words = (language(code) for code in known())
        if any(_says(titles, w.titles.get(role, []), w.compounds) for w in words):
            return role
    return "head-of-state" if kind == "head-of-state" else "official"


def gender_of(target: Target) -> Gender | None:
    """m or f when the record's names and titles say so (Mr, Frau, Señora, Präsidentin), else
    its salutations ("Dear Mr President"); None when they do not."""
    texts = target.texts.values()
    named = gender_for(" ".join(f"{t.name} {t.title} {' '.join(t.addressee)}" for t in texts))
    return named or gender_for(" ".join(t.salutation for t in texts))


def gender_for(text: str) -> Gender | None:
    female = any(_says(text, language(code).female) for code in known())
    male = any(_says(text, language(code).male) for code in known())
    if female != male:
        return "f" if female else "m"
    return None


def _says(text: str, words: list[str], compounds: bool = False) -> bool:
    """One of `words` in `text` as a word (or, for a language of compounds, ending one)."""
    folded = text.casefold()
    if not any(word.casefold() in folded for word in words):
        return False  # the usual answer, found without compiling a pattern for each language
    inside = r"\w*" if compounds else ""
    alternatives = "|".join(re.escape(word) for word in words)
    return bool(re.search(rf"(?<!\w){inside}(?:{alternatives})(?!\w)", text, re.IGNORECASE))


@dataclass(frozen=True)
class Greeting:
    text: TargetText
    note: str | None  # said to the user when the frame had to assume something


def target_text(target: Target, lang: str) -> Greeting:
    """The target's wording in `lang`: its own when the record has it, else its name, title and
    address lines as given, with the salutation and closing the frame gives its role."""
    own = target.texts.get(lang)
    if own is not None:
        return Greeting(own, None)
    words = language(lang)
    role, gender = role_of(target), gender_of(target)
    salutation = words.salutations[role].pick(gender)
    note = None
    if (
        gender is None
        and words.salutations[role].any is None
        and salutation != words.salutations[role].f
    ):
        note = (
            f"targets.yaml: {target.id} does not say whether the {role.replace('-', ' ')} is a man "
            f"or a woman; the letter says {salutation!r}. If that is wrong, add '{lang}:' with "
            "the right salutation to the record"
        )
    first = target.first
    text = TargetText(
        name=first.name,
        title=first.title,
        addressee=list(first.addressee),
        salutation=salutation,
        closing=closing_for(words, role, gender, salutation),
    )
    return Greeting(text, note)


def closing_for(words: Language, role: Role, gender: Gender | None, salutation: str) -> str:
    """The closing for a role; French formulas repeat the salutation ("Monsieur le Président")."""
    return words.closing[role].pick(gender).format(salutation=salutation.strip().rstrip(",:!"))


@dataclass(frozen=True)
class Requests:
    clauses: list[str]  # continue the frame's request: "I urge you to <clause>"
    sentences: list[str]  # stand on their own: "Bitte lassen Sie … frei."
    infinitives: list[str]  # where clauses take another mood: "Le insto a <infinitive>"


def requests(asks: list[str], lang: str, names: tuple[str, ...] = ()) -> Requests:
    """The UA's asks as requests to the reader, in the asks' own words: the lead-in the UA used
    ("We urge the authorities to", "Pedimos a … que") taken off, the first letter made small
    where the ask continues a sentence, and "in his power" made "in your power"."""
    words = language(lang)
    clauses: list[str] = []
    sentences: list[str] = []
    infinitives: list[str] = []
    for ask in asks:
        text = " ".join(ask.split()).rstrip(" ;,.")
        for pattern in words.ask_strip:
            text = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
        for pattern, replacement in words.ask_rewrite:  # the first that fits: specific first
            if re.search(pattern, text, flags=re.IGNORECASE):
                lowered = _lower_first(text, names)
                text = re.sub(pattern, replacement, lowered, count=1, flags=re.IGNORECASE)
                break
        for pattern, replacement in words.reader:
            text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
        if not text:
            continue
        if words.ask_sentence and re.search(words.ask_sentence, text):
            sentences.append(f"{text[0].upper()}{text[1:]}{'' if text[-1] in '!?' else '.'}")
        elif words.ask_infinitive and re.search(words.ask_infinitive, text, re.IGNORECASE):
            infinitives.append(_lower_first(text, names))
        else:
            clauses.append(_lower_first(text, names))
    return Requests(clauses, sentences, infinitives)


def _lower_first(text: str, names: tuple[str, ...]) -> str:
    """'Release him' -> 'release him'; 'UN experts', 'I' and a name of the case keep capitals."""
    first = text.split(" ", 1)[0].rstrip(",")
    proper = first == "I" or any(first in name.split() for name in names)
    if len(first) > 1 and first[1:].islower() and not proper:
        return text[0].lower() + text[1:]
    return text
