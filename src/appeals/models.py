"""The data model: targets, the case and its actions, the writer, and the composed letter.

Everything that comes from a file or the command line is validated here, at the edge; the rest
of the code trusts these values.
"""

import re
from datetime import date
from functools import cache, lru_cache
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
from appeals.unseen import C0, C1_AND_BIDI, SURROGATES

# An ISO 639 language code; which languages the tool can write is data (appeals.languages).
Lang = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]

# C0/C1 controls, DEL, and the Unicode bidi overrides that can make text read differently
# from how it is stored; none belongs in a name, an address or an email header.
# Lone surrogates are bytes that were not UTF-8 on the command line (Python keeps them as such).
_CONTROL = re.compile(f"[{C0}{C1_AND_BIDI}{SURROGATES}]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


MAX_FIELD = 200  # characters in a name, an address line, a city: more is a mistake


def has_visible_characters(text: str) -> bool:
    """Any letter, digit, punctuation or symbol: zero-width spaces, joiners, a byte-order mark
    and accents on nothing are invisible, and a name made only of them signs with nothing."""
    import unicodedata

    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def _plain_text(value: str) -> str:
    if value.isascii() and value.isprintable() and len(value) <= MAX_FIELD and value.strip():
        # the common case, checked at once: printable ASCII holds no control character nor
        # surrogate, and any character but a space is visible
        return " ".join(value.split())
    if re.search(r"[\ud800-\udfff]", value):
        raise ValueError("is not valid UTF-8 text; check the terminal's or the file's encoding")
    if has_control_characters(value):
        raise ValueError("contains a line break or another control character; write it on one line")
    if len(value) > MAX_FIELD:
        raise ValueError(f"is {len(value)} characters long; keep it under {MAX_FIELD}")
    if not has_visible_characters(value):
        raise ValueError("has no visible characters (only spaces or invisible ones); write it out")
    # one space between words, none around them: the name reads the same in every format;
    # composed (NFC), so that "Zoë" typed on a Mac (e + a combining diaeresis) is the same
    # writer, the same wording and the same log entry as "Zoë" typed elsewhere
    import unicodedata

    value = " ".join(value.split())
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _email(value: str) -> str:
    from appeals.usercache import email_accepted, remember_email

    _plain_text(value)
    if email_accepted(value):  # accepted before: email-validator need not even be imported
        return value
    local, _, domain = value.rpartition("@")
    longest = _DOMAINS_ACCEPTED.get(domain)
    if longest is not None and _PLAIN_LOCAL.fullmatch(local) and len(local) + longest < 254:
        remember_email(value)  # email-validator accepted this domain, and any such local part
        return value
    _check_domains_once()
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as err:
        raise ValueError(f"{value!r} is not a valid email address ({err})") from None
    remember_email(value)
    if len(_DOMAINS_ACCEPTED) < 1024 and value.isascii() and not checked.display_name:
        forms = (domain, checked.domain, checked.ascii_domain)
        _DOMAINS_ACCEPTED[domain] = max(len(form.encode()) for form in forms)
    return value


# The domains (as typed) of addresses email-validator accepted in this process, each with the
# byte length of its longest form (as typed, normalised, in IDNA ASCII). A batch's writers share
# a few domains: another address on one of them whose part before the @ is a plain dot-atom
# (ASCII letters, digits, "_", "+", "-", single dots between) is one email-validator accepts
# as well, if the whole stays within 254 bytes in every form (its length check, after the
# domain's, is the only other one it makes on such an address). Anything else is checked.
_DOMAINS_ACCEPTED: dict[str, int] = {}
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")


@cache
def _check_domains_once() -> None:
    """Have email_validator check each domain once per process: a batch's writers share a few
    domains, and the domain's check (IDNA, its labels) is most of the cost of an address. The
    check is a pure function of the domain and two settings, its answer a dict the library only
    reads, and an invalid domain is not remembered (its error is raised again, the same), so
    every address gets the answer it got before."""
    import importlib

    module = importlib.import_module("email_validator.validate_email")
    name = "validate_email_domain_name"  # what its validate_email calls for the domain
    check = vars(module).get(name)
    if callable(check) and not hasattr(check, "cache_info"):
        vars(module)[name] = lru_cache(maxsize=1024)(check)


@lru_cache(maxsize=1024)  # a batch's writers come from a few countries; a refusal is not kept
def _country(value: str) -> str:
    """A country by code or name (`GB`, `UK`, `United Kingdom`), kept as its ISO code."""
    from appeals.naturalvalues import parse_country

    return parse_country(value)


_PHONE_SHAPE = re.compile(r"\+?[\d\s().\-]{6,30}")


def _calendar_date(value: Any) -> Any:
    """A date in a case file is a calendar date: YAML's 2022-06-30, or that text quoted. A
    number (2022.0630, 20220630) would otherwise be read as seconds since 1970."""
    from datetime import datetime

    if isinstance(value, bool | int | float):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, such as 2022-06-30")
    if isinstance(value, datetime):
        raise ValueError(f"{value} has a time of day; write the date alone, as YYYY-MM-DD")
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, such as 2022-06-30")
    return value


Day = Annotated[date, BeforeValidator(_calendar_date)]
PlainText = Annotated[str, AfterValidator(_plain_text)]
Email = Annotated[str, AfterValidator(_email)]
Country = Annotated[str, AfterValidator(_country)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


T = TypeVar("T")


def _in_language(texts: dict[str, T], lang: str, where: str, what: str) -> T:
    text = texts.get(lang)
    if text is None:
        from appeals.languages import english_name

        has = ", ".join(f"{code} ({english_name(code)})" for code in texts)
        other = next(iter(texts), "en")
        raise DataError(
            f"{where} has no {lang!r} wording, only {has}; add '{lang}:' to it with {what} in "
            f"{english_name(lang)}, or use --lang {other}"
        )
    return text


def _language_keys(fields: dict[str, Any], data: Any) -> Any:
    """The language sections of a record (`en:`, `es:` ...) gathered under `texts`; any key that
    is neither a field nor a language code stays, and is refused as an unknown field."""
    if not isinstance(data, dict) or "texts" in data:
        return data
    from appeals.languages import is_language_code

    texts = {k: v for k, v in data.items() if k not in fields and is_language_code(str(k))}
    rest = {k: v for k, v in data.items() if k not in texts}
    return {**rest, "texts": texts}


def _some_language(texts: dict[str, Any], what: str) -> None:
    if not texts:
        raise ValueError(f"has no wording in any language; add 'en:' with {what}")


class Record(BaseModel):
    """Base of every model: unknown keys are errors and values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
            where = f" in {region}" if region else ""
            hint = "" if region else " (the postal address names no country to dial from)"
            raise ValueError(
                f"{raw!r} is not a valid phone number{where}{hint}; "
                "add 'number:' with the corrected international form, starting with +"
            )
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


class FormerName(Record):
    """The name a place had until a date, for letters dated before it was renamed."""

    until: date  # the last day of the old name
    city: str
    local: dict[Lang, list[str]] = {}  # the whole local address as it was written then


class Postal(Record):
    """A postal address: street lines plus the parts a destination country's format places."""

    lines: list[str]
    city: str | None = None  # None for an address imported as its lines, unsplit
    region: str | None = None
    postcode: str | None = None
    country: Country | None = None
    # the same address written for a letter in another language (lines before the country)
    local: dict[Lang, list[str]] = {}
    # earlier names of the city (oldest first): a letter dated before a renaming uses the old one
    former: list[FormerName] = []

    def on(self, day: date) -> "Postal":
        """The address as written on `day`."""
        for old in sorted(self.former, key=lambda name: name.until):
            if day <= old.until:
                return self.model_copy(
                    update={"city": old.city, "local": {**self.local, **old.local}, "former": []}
                )
        return self


class TargetText(Record):
    """How a target is named and greeted in one language."""

    name: str
    title: str
    addressee: list[str]  # the lines above the postal address, in the case the language needs
    salutation: str
    closing: str
    forms: dict[str, str] = {}  # grammatical forms templates may need, e.g. Russian dative "dat"
    # the addressee lines naming the office, not its holder: used when the holder is not known
    # to serve on the letter's date (see Target.served); the title when not given
    office: list[str] = []
    # the body a copy goes to, for the "cc:" line of a letter copied to it
    # ("Embassy of the Republic of Kazakhstan in Canada"); the title when not given
    organisation: str | None = None


class Served(Record):
    """The dates the named holder of a post is known (from the sources) to hold it."""

    since: date | None = None
    until: date | None = None

    def covers(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class Target(Record):
    id: str = Field(default="", exclude=True)  # filled from the record's key in targets.yaml
    kind: Literal["head-of-state", "official", "embassy"]
    serves: list[Country] = []  # writers' countries an embassy serves
    # how the target is named and greeted, per language (`en:`, `ru:`, `es:` ... in YAML); a
    # letter in a language the record lacks takes the greeting for its role from the frame
    texts: dict[Lang, TargetText] = {}
    postal: Postal
    email: list[Email] = []
    fax: Phone | None = None
    phone: Phone | None = None
    social: dict[str, str] = {}
    source: str
    checked: Day
    # when the holder named in en/ru is known to serve; a letter dated outside it is addressed to
    # the office. Without it the name is used, and `checked` tells how old the record is.
    served: Served | None = None
    notes: list[str] = []

    def holder_serves(self, day: date) -> bool:
        return self.served is None or self.served.covers(day)

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        return _language_keys(cls.model_fields, data)

    @model_validator(mode="after")
    def _numbers_are_valid(self, info: ValidationInfo) -> "Target":
        _some_language(self.texts, "name, title, addressee, salutation and closing")
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

    def text(self, lang: str) -> TargetText:
        return _in_language(self.texts, lang, f"targets.{self.id}", "its name and salutation")

    @property
    def first(self) -> TargetText:
        """The wording in English if there is one, else in the first language given."""
        return self.texts.get("en") or next(iter(self.texts.values()))

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
    texts: dict[Lang, PersonText] = {}  # `en:`, `ru:` ... in YAML

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        return _language_keys(cls.model_fields, data)

    @model_validator(mode="after")
    def _has_a_name(self) -> "Person":
        _some_language(self.texts, "name and short")
        return self

    def text(self, lang: str) -> PersonText:
        return _in_language(self.texts, lang, "case.yaml: person", "the name as written in it")

    @property
    def first(self) -> PersonText:
        return self.texts.get("en") or next(iter(self.texts.values()))


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
    date: Day
    precision: Literal["day", "month", "year"] = "day"
    en: str
    ru: str


class ActionText(Record):
    subject: PlainText  # becomes an email header
    summary: str | None = None  # a sentence or two on the case, for a letter composed from asks
    asks: list[str] = []  # empty only for a closed action
    # for `appeals check`, one entry per ask: the ask is covered when every group of words has
    # one of its words in the letter, in any form (compared by Snowball stem, see words.py)
    checks: list[list[list[str]]] = []
    post: str | None = None  # a short public post; {handle} stands for the target's handle

    @model_validator(mode="after")
    def _a_check_per_ask(self) -> "ActionText":
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
    issued: Day | None
    deadline: Day | None
    languages: list[str] | None  # the target's preferred languages, as the UA gives them
    # the language letters are drafted in without --lang (`appeals import` sets it from the
    # UA's preferred languages); None: the writer's profile, else English
    lang: Lang | None = None
    targets: list[Id]
    facts: list[Id] = []  # the dated facts this action reports
    source: str
    texts: dict[Lang, ActionText] = {}  # `en:`, `es:` ... in YAML: subject, summary, asks
    closed: bool = False  # the UA says no further action is requested

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        return _language_keys(cls.model_fields, data)

    @model_validator(mode="after")
    def _has_wording(self) -> "Action":
        _some_language(self.texts, "subject and asks")
        return self

    def text(self, lang: str) -> ActionText:
        return _in_language(
            self.texts, lang, f"case.yaml: actions.{self.id}", "its subject and asks"
        )

    @property
    def first(self) -> ActionText:
        return self.texts.get("en") or next(iter(self.texts.values()))


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
    def _facts_exist(self) -> "Case":
        for action in self.actions.values():
            for fact in action.facts:
                if fact not in self.facts:
                    raise ValueError(
                        f"action {action.id!r} lists fact {fact!r}, which is not under 'facts'"
                    )
        return self

    def newest(self, on: date | None = None) -> Action:
        """The newest action; with `on`, the newest that existed on that day, so a letter dated
        then states no fact from later (an action counts from its issue date, else from its
        newest dated fact; one with neither always counts). None existed yet: the oldest."""
        actions = list(self.actions.values())
        if on is None:
            return actions[-1]
        existed = [action for action in actions if (self.issued(action) or on) <= on]
        return existed[-1] if existed else actions[0]

    def issued(self, action: Action) -> date | None:
        """When the action came out, as far as the case says."""
        if action.issued is not None:
            return action.issued
        fact = self.newest_fact(action)
        return fact.date if fact is not None else None

    def newest_fact(self, action: Action) -> Fact | None:
        dated = [self.facts[name] for name in action.facts]
        return max(dated, key=lambda fact: fact.date, default=None)


# --- the writer and the letter ----------------------------------------------------------------


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


MAX_ADDRESS_LINES = 8


def _address(lines: list[str]) -> list[str]:
    if len(lines) > MAX_ADDRESS_LINES:
        raise ValueError(
            f"has {len(lines)} lines; an address fits in {MAX_ADDRESS_LINES} (street lines "
            "only: city, postcode and country have options of their own)"
        )
    return lines


class Writer(Record):
    name: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    address: Annotated[list[PlainText], AfterValidator(_address)] = []
    city: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None
    region: Annotated[PlainText | None, BeforeValidator(_blank_to_none)] = None  # province, state
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
    # the line naming who gets a copy ("cc: Embassy of …", «Копия: Посольство …»), printed
    # after the signature; None when the letter is not copied
    copy_line: str | None = None
