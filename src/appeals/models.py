"""The data model: targets, the case and its actions, the writer, and the composed letter.

Everything that comes from a file or the command line is validated here, at the edge; the rest
of the code trusts these values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from appeals.errors import DataError

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = ("en", "ru")

# C0/C1 controls, DEL, and the Unicode bidi overrides that can make text read differently
# from how it is stored; none belongs in a name, an address or an email header.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


MAX_FIELD = 200  # characters in a name, an address line, a city: more is a mistake


def _plain_text(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("contains a line break or another control character; write it on one line")
    if len(value) > MAX_FIELD:
        raise ValueError(f"is {len(value)} characters long; keep it under {MAX_FIELD}")
    # one space between words, none around them: the name reads the same in every format
    return " ".join(value.split())


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    _plain_text(value)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as err:
        raise ValueError(f"{value!r} is not a valid email address ({err})") from None
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"{value!r} is not a two-letter ISO country code such as CA or GB")
    return code


_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-]{6,30}")

PlainText = Annotated[str, AfterValidator(_plain_text)]
Email = Annotated[str, AfterValidator(_email)]
Country = Annotated[str, AfterValidator(_country)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


T = TypeVar("T")


def _in_language(text: T | None, lang: str, where: str) -> T:
    if text is None:
        raise DataError(f"{where} has no {lang!r} wording; add '{lang}:' to it, or use --lang en")
    return text


class Record(BaseModel):
    """Base of every model: unknown keys are errors and values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- targets.yaml ---------------------------------------------------------------------------


class Phone(Record):
    """A phone or fax number as the source prints it, corrected where the source is wrong."""

    as_given: str
    number: str | None = None
    note: str | None = None
    # kept as the source prints it though it cannot be validated (an import does this, with a
    # note saying so); shown as given, never refused
    unverified: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"as_given": data} if isinstance(data, str) else data

    def international(self, region: str | None) -> str:
        """The number in international form (+7 7172 74 56 31); ValueError when it is not valid.

        An `unverified` number with no `number:` (one an import could not validate, kept as the
        UA prints it) is given back as printed: its note says why.
        """
        import phonenumbers

        raw = self.number or self.as_given
        try:
            parsed = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            if self.unverified and self.number is None:
                return self.as_given
            raise ValueError(
                f"{raw!r} is not a valid phone number for {region}; "
                "add 'number:' with the corrected international form"
            )
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


class Postal(Record):
    """A postal address: street lines plus the parts a destination country's format places."""

    lines: list[str]
    city: str | None = None  # None for an address imported as its lines, unsplit
    region: str | None = None
    postcode: str | None = None
    country: Country | None = None
    # the same address written for a letter in another language (lines before the country)
    local: dict[Lang, list[str]] = {}


class TargetText(Record):
    """How a target is named and greeted in one language."""

    name: str
    title: str
    addressee: list[str]  # the lines above the postal address, in the case the language needs
    salutation: str
    closing: str
    forms: dict[str, str] = {}  # grammatical forms templates may need, e.g. Russian dative "dat"


class Target(Record):
    id: str = Field(default="", exclude=True)  # filled from the record's key in targets.yaml
    kind: Literal["head-of-state", "official", "embassy"]
    serves: list[Country] = []  # writers' countries an embassy serves
    en: TargetText
    ru: TargetText | None = None  # a case imported from an English UA has no Russian wording
    postal: Postal
    email: list[Email] = []
    fax: Phone | None = None
    phone: Phone | None = None
    social: dict[str, str] = {}
    source: str
    checked: date
    notes: list[str] = []

    @model_validator(mode="after")
    def _numbers_are_valid(self, info: ValidationInfo) -> Target:
        # The full check loads phone metadata for every region sharing +1 and +7 (~70 ms);
        # commands that show the numbers ask for it, a letter (which prints none) does not.
        full = not isinstance(info.context, dict) or info.context.get("check_numbers", True)
        for number in (self.fax, self.phone):
            if number is None:
                continue
            if full:
                number.international(self.postal.country)
            elif not _PHONE_SHAPE.fullmatch(number.number or number.as_given):
                raise ValueError(f"{number.as_given!r} does not look like a phone number")
        return self

    def text(self, lang: Lang) -> TargetText:
        return _in_language(self.en if lang == "en" else self.ru, lang, f"targets.{self.id}")

    def fax_international(self) -> str | None:
        return self.fax.international(self.postal.country) if self.fax else None

    def phone_international(self) -> str | None:
        return self.phone.international(self.postal.country) if self.phone else None


class TargetsFile(Record):
    targets: dict[Id, Target]

    @model_validator(mode="before")
    @classmethod
    def _ids_from_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("targets"), dict):
            records = data["targets"]
            data = {
                **data,
                "targets": {
                    key: {**value, "id": key} if isinstance(value, dict) else value
                    for key, value in records.items()
                },
            }
        return data


# --- case.yaml ------------------------------------------------------------------------------


class PersonText(Record):
    name: str  # full name, as used the first time
    short: str  # later mentions, e.g. "Mr Mamay"
    forms: dict[str, str] = {}  # Russian cases: gen, dat, acc, ins, pre


class Person(Record):
    pronouns: str | None
    en: PersonText
    ru: PersonText | None = None

    def text(self, lang: Lang) -> PersonText:
        return _in_language(self.en if lang == "en" else self.ru, lang, "person")


class Phrase(Record):
    text: str
    forms: dict[str, str] = {}


class Bilingual(Record):
    en: Phrase
    ru: Phrase | None = None


class ChargeText(Record):
    name: str
    cite: str  # how the article is cited in this language


class Charge(Record):
    code: Literal["criminal", "administrative"]
    article: str
    en: ChargeText
    ru: ChargeText


class Fact(Record):
    date: date
    precision: Literal["day", "month", "year"] = "day"
    en: str
    ru: str


class ActionText(Record):
    subject: PlainText  # becomes an email header
    asks: list[str] = []  # empty only for a closed action
    # for `appeals check`, one entry per ask: the ask is covered when every group of word stems
    # has one stem in the letter (stems, so that inflected Russian words match)
    checks: list[list[list[str]]] = []
    post: str | None = None  # a short public post; {handle} stands for the target's handle

    @model_validator(mode="after")
    def _a_check_per_ask(self) -> ActionText:
        if self.checks and len(self.checks) != len(self.asks):
            raise ValueError(
                f"checks has {len(self.checks)} entries for {len(self.asks)} asks; give one per ask"
            )
        return self


class Action(Record):
    id: str = Field(default="", exclude=True)  # filled from the action's key in case.yaml
    title: str
    ua: str | None
    index: str | None
    issued: date | None
    deadline: date | None
    languages: list[str] | None  # the target's preferred languages, as the UA gives them
    targets: list[Id]
    facts: list[Id] = []  # the dated facts this action reports
    source: str
    en: ActionText
    ru: ActionText | None = None
    closed: bool = False  # the UA says no further action is requested

    def text(self, lang: Lang) -> ActionText:
        return _in_language(self.en if lang == "en" else self.ru, lang, f"actions.{self.id}")


class Case(Record):
    id: Id
    person: Person
    party: Bilingual | None = None
    charges: dict[Id, Charge] = {}
    facts: dict[Id, Fact] = {}
    actions: dict[Id, Action] = Field(min_length=1)  # oldest first; the last one is the newest

    @model_validator(mode="before")
    @classmethod
    def _ids_from_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("actions"), dict):
            data = {
                **data,
                "actions": {
                    key: {**value, "id": key} if isinstance(value, dict) else value
                    for key, value in data["actions"].items()
                },
            }
        return data

    @model_validator(mode="after")
    def _facts_exist(self) -> Case:
        for action in self.actions.values():
            for fact in action.facts:
                if fact not in self.facts:
                    raise ValueError(
                        f"action {action.id!r} lists fact {fact!r}, which is not under 'facts'"
                    )
        return self

    def newest(self) -> Action:
        return list(self.actions.values())[-1]

    def newest_fact(self, action: Action) -> Fact | None:
        dated = [self.facts[name] for name in action.facts]
        return max(dated, key=lambda fact: fact.date, default=None)


# --- the writer and the letter ----------------------------------------------------------------


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class Writer(Record):
    name: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    address: list[PlainText] = []
    city: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    postcode: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    country: Annotated[Country | None, BeforeValidator(_blank_to_none)] = None
    email: Annotated[Email | None, BeforeValidator(_blank_to_none)] = None


class Deadline(Record):
    date: date | None
    status: Literal["open", "late", "unknown"]
    days_left: int | None


class Sender(Record):
    """The signature as printed: the writer's name and address, placeholders where missing."""

    name: str
    address: list[str]
    email: str | None


class Letter(Record):
    """One composed letter; every export format is made from this value alone."""

    case: str
    action: str
    target: str
    lang: Lang
    date: date
    date_text: str
    to: list[str]
    cc: list[str]
    subject: str
    recipient_address: list[str]
    salutation: str
    paragraphs: list[str]
    closing: str
    sender: Sender
    deadline: Deadline
    variant: int = 1  # which of the model letter's alternatives this letter uses
