"""Compose a Letter from the case, a target, a language and a writer.

The model letter body is a Jinja2 template rendered in a sandbox with StrictUndefined: a
template from a case folder can read the values it is given and nothing else, and a name it
misspells is an error that points at its line.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from appeals.choose import embassy_for
from appeals.errors import AppealsError, DataError, InputError
from appeals.language import join_and, long_date, tie
from appeals.languages import frames_dir, language
from appeals.loading import CaseFolder
from appeals.models import (
    Action,
    Deadline,
    Lang,
    Letter,
    Sender,
    Target,
    Writer,
    has_control_characters,
    has_visible_characters,
)
from appeals.postal import INCOMPLETE_ADDRESS, address_lines, writer_address
from appeals.unseen import C0_BUT_LINES, C1_AND_BIDI, SURROGATES
from appeals.wording import requests, role_of, target_text

# Alternatives the model letters offer at each place; a letter's variant (1..VARIANTS) picks one
# of each, so that letters from a group do not read the same.
VARIANT_SLOTS = (("opening", 4), ("facts", 3), ("request", 4), ("thanks", 4))
VARIANTS = 4 * 3 * 4 * 4


def variant_for(name: str, target: str, action: str) -> int:
    """The variant a writer gets (1..VARIANTS): the same writer always gets the same letter."""
    digest = hashlib.sha256(f"{name}\x1f{target}\x1f{action}".encode()).hexdigest()
    return int(digest, 16) % VARIANTS + 1


def variant_slots(number: int) -> dict[str, int]:
    """Variant 1..VARIANTS as the alternative chosen at each place (opening, facts, ...)."""
    rest, slots = number - 1, {}
    for name, count in VARIANT_SLOTS:
        rest, slots[name] = divmod(rest, count)
    return slots


# what has_control_characters refuses, less the line breaks and tabs a template lays out with
_CONTROL_IN_TEXT = re.compile(f"[{C0_BUT_LINES}{C1_AND_BIDI}{SURROGATES}]")
MAX_LETTER_CHARS = 20_000  # far more than one page; a template that writes more is broken
MAX_PERSONAL_CHARS = 2_000


@dataclass(frozen=True)
class Draft:
    letter: Letter
    warnings: list[str]
    folder: CaseFolder  # the case it was composed from, for checks that follow
    language_note: str | None = None  # why the letter is in its language, when --lang was not given


def compose_letter(
    folder: CaseFolder,
    *,
    action: Action,
    target: Target,
    lang: Lang,
    writer: Writer,
    personal: str | None,
    today: date,
    deadline: Deadline,
    cc: bool = True,
    variant: int | None = None,
) -> Draft:
    """Build the one Letter value every export format is made from."""
    if folder.case.actions.get(action.id) is action and folder.targets.get(target.id) is target:
        # what every writer from the same country shares is worked out once (a batch)
        frame = _frame(folder, action.id, target.id, lang, today, writer.country, cc)
    else:
        frame = _Frame.of(folder, action, target, lang, today, writer.country, cc)
    warnings = list(frame.warnings)
    if variant is None:
        variant = variant_for(writer.name or "", target.id, action.id)
    elif not 1 <= variant <= VARIANTS:
        raise InputError(f"--variant {variant}: choose a number from 1 to {VARIANTS}")
    body = render_body(
        folder,
        action=action,
        target=target,
        lang=lang,
        writer=writer,
        personal=clean_personal(personal),
        variant=variant,
    )
    sender = _sender(writer, lang, warnings)
    warnings.extend(frame.later_warnings)
    # every value here is already checked (the case and targets as loaded, the writer as given,
    # the body as rendered and checked): the Letter is put together without validating it again
    letter = frame.letter.model_copy(
        update={
            "to": list(frame.letter.to),
            "cc": list(frame.letter.cc),
            "recipient_address": list(frame.letter.recipient_address),
            "paragraphs": body,
            "sender": sender,
            "deadline": deadline,
            "variant": variant,
        }
    )
    return Draft(letter=letter, warnings=warnings, folder=folder)


@dataclass(frozen=True)
class _Frame:
    """What a letter takes from the case, the target, the day and the writer's country: a Letter
    with every other field, completed by model_copy, and the warnings about it (those said
    before the writer's, and after)."""

    letter: Letter
    warnings: tuple[str, ...]
    later_warnings: tuple[str, ...]

    @classmethod
    def of(
        cls,
        folder: CaseFolder,
        action: Action,
        target: Target,
        lang: Lang,
        today: date,
        country: str | None,
        cc: bool,
    ) -> _Frame:
        warnings: list[str] = []
        greeting = target_text(target, lang)
        text = greeting.text
        if greeting.note:
            warnings.append(greeting.note)
        warnings.extend(note for note in target.notes if note.startswith(INCOMPLETE_ADDRESS))
        copy_to = embassy_for(folder, country) if cc and target.kind == "head-of-state" else None
        addressee = list(text.addressee)
        later: list[str] = []
        if not target.holder_serves(today):
            addressee = list(text.office) or [text.title]
            later.append(_office_warning(target, target.first.name, today, addressee))
        letter = Letter.model_construct(
            case=folder.case.id,
            action=action.id,
            target=target.id,
            lang=lang,
            date=today,
            date_text=long_date(today, lang),
            to=list(target.email),
            cc=list(copy_to.email) if copy_to else [],
            subject=action.text(lang).subject,
            recipient_address=[*addressee, *address_lines(target.postal.on(today), lang, country)],
            salutation=text.salutation,
            paragraphs=[],
            closing=text.closing,
            sender=None,  # type: ignore[arg-type]  # each letter's own, set by model_copy
            deadline=None,  # type: ignore[arg-type]
            variant=1,
            copy_line=_copy_line(copy_to, lang) if copy_to else None,
        )
        return cls(letter=letter, warnings=tuple(warnings), later_warnings=tuple(later))


@lru_cache(maxsize=256)
def _frame(
    folder: CaseFolder,
    action_id: str,
    target_id: str,
    lang: Lang,
    today: date,
    country: str | None,
    cc: bool,
) -> _Frame:
    action, target = folder.case.actions[action_id], folder.targets[target_id]
    return _Frame.of(folder, action, target, lang, today, country, cc)


def _copy_line(copy_to: Target, lang: Lang) -> str | None:
    """The line that tells the reader who else gets this letter, as letters do."""
    text = copy_to.texts.get(lang)
    if text is None:
        return None
    return f"{language(lang).cc} {text.organisation or text.title}"


def _office_warning(target: Target, name: str, day: date, office: list[str]) -> str:
    served = target.served
    known = ""
    if served is not None and served.since is not None and day < served.since:
        known = f" from {served.since.isoformat()}"
    elif served is not None and served.until is not None:
        known = f" until {served.until.isoformat()}"
    return (
        f"targets.yaml: {target.id}: the records confirm {name} in the post only{known}, not on "
        f"{day.isoformat()}; the letter is addressed to the office ({' '.join(office)}); "
        "check the holder's name before sending"
    )


def clean_personal(personal: str | None) -> str:
    """The writer's own sentence on one line; other control characters are refused."""
    if personal is None:
        return ""
    flat = re.sub(r"[\r\n\t]+", " ", personal)
    if has_control_characters(flat):
        raise InputError("--personal: contains a control character; write plain text")
    flat = " ".join(flat.split())
    if flat and not has_visible_characters(flat):
        raise InputError(
            "--personal: has no visible characters; write your sentence, or leave it out"
        )
    if len(flat) > MAX_PERSONAL_CHARS:
        raise InputError(
            f"--personal: {len(flat)} characters; keep your own words under "
            f"{MAX_PERSONAL_CHARS} so the letter stays short"
        )
    import unicodedata  # composed, as names are (models._plain_text)

    return unicodedata.normalize("NFC", flat)


def render_body(
    folder: CaseFolder,
    *,
    action: Action,
    target: Target,
    lang: Lang,
    writer: Writer,
    personal: str,
    variant: int = 1,
) -> list[str]:
    """Render letters/<lang>/<action>.j2 into paragraphs; without one, the frame the tool ships
    for the language (frames/<lang>/letter.j2) composes the letter from the action's asks."""
    prepared = _prepare(folder, action.id, target.id, lang)
    if not prepared.uses_writer:
        # the same body for every writer with the same sentence and variant: render it once
        return list(_render_shared(prepared, personal, variant))
    context = {
        **prepared.context,
        "writer": writer.model_dump(),
        "personal": personal,
        "variant": variant_slots(variant),
    }
    return _render(prepared, context)


@dataclass(frozen=True, eq=False)
class _Prepared:
    """A model letter ready to render: its template and the context every writer shares."""

    path: Path
    template: Template
    context: dict[str, Any]
    uses_writer: bool


@cache
def _prepare(folder: CaseFolder, action_id: str, target_id: str, lang: Lang) -> _Prepared:
    case = folder.case
    action, target = case.actions[action_id], folder.targets[target_id]
    name = f"{lang}/{action_id}.j2"
    path = folder.letters / lang / f"{action_id}.j2"
    env = _environment(folder.letters)
    wording = action.text(lang)  # before the template: a missing language is said in words
    if not path.is_file() and not path.is_symlink():
        if path.exists():  # a folder or a pipe by that name: not silently the built-in letter
            raise DataError(
                f"{path}: is not a file (a folder or a pipe); a model letter is a text file, so "
                "move this away"
            )
        name, path = f"{lang}/letter.j2", frames_dir() / lang / "letter.j2"
        env = _environment(frames_dir())
    try:
        # compiling folds constant expressions, so it runs within the same limits as rendering
        with _guarded(path, passing=(TemplateNotFound, TemplateSyntaxError)):
            _refuse_include_loops(env, folder.letters, name)
            template = env.get_template(name)  # from the bytecode cache, when it holds it
            uses_writer = _uses_writer(template)
    except TemplateNotFound:
        raise DataError(
            f"{path}: model letter not found; write one for action {action_id!r} in {lang!r}"
        ) from None
    except TemplateSyntaxError as err:  # in the model letter, or in a file it includes
        raise DataError(f"{err.filename or path}:{err.lineno}: {err.message}") from None
    person = case.person.text(lang)
    asked = requests(list(wording.asks), lang, (person.name, person.short))
    context: dict[str, Any] = {
        "lang": lang,
        "person": person.model_dump(),
        "pronouns": case.person.pronouns,
        "party": _party(folder, lang),
        "charges": {
            key: (charge.en if lang == "en" else charge.ru).model_dump()
            for key, charge in case.charges.items()
            if lang in ("en", "ru")  # the bundled case's charges are worded in these two
        },
        "dates": {key: long_date(f.date, lang, f.precision) for key, f in case.facts.items()},
        "action": {
            "id": action.id,
            "ua": action.ua,
            "deadline": long_date(action.deadline, lang) if action.deadline else None,
            # "01/25" of "UA 01/25", for a letter that names the Urgent Action in its language
            "number": action.ua.split()[-1] if action.ua else None,
        },
        "asks": list(wording.asks),
        # the asks and summary are the UA's words: data for the frame, never template code
        "requests": {
            "clauses": asked.clauses,
            "sentences": asked.sentences,
            "infinitives": asked.infinitives,
        },
        "summary": wording.summary or "",
        "target": {
            "id": target.id,
            "kind": target.kind,
            "role": role_of(target),
            **target_text(target, lang).text.model_dump(),
        },
        "president": _president(folder, lang),
    }
    return _Prepared(path=path, template=template, context=context, uses_writer=uses_writer)


def _party(folder: CaseFolder, lang: Lang) -> dict[str, Any] | None:
    party = folder.case.party
    phrase = None
    if party is not None:
        phrase = party.en if lang == "en" else party.ru if lang == "ru" else None
    return phrase.model_dump() if phrase else None


def _president(folder: CaseFolder, lang: Lang) -> dict[str, Any] | None:
    """The head of state the letters name; an imported case may have none."""
    for target in folder.targets.values():
        if target.kind == "head-of-state":
            return target_text(target, lang).text.model_dump()
    return None


@lru_cache(maxsize=1024)
def _render_shared(prepared: _Prepared, personal: str, variant: int) -> tuple[str, ...]:
    context = {**prepared.context, "personal": personal, "variant": variant_slots(variant)}
    return tuple(_render(prepared, context))


def _render(prepared: _Prepared, context: dict[str, Any]) -> list[str]:
    path = prepared.path
    with _guarded(path):
        text = prepared.template.render(context)
    control = _CONTROL_IN_TEXT.search(text)
    if control:
        raise DataError(
            f"{path}: renders the control character U+{ord(control.group()):04X} (output line "
            f"{text.count(chr(10), 0, control.start()) + 1}); a letter holds plain text only"
        )
    if len(text) > MAX_LETTER_CHARS:
        raise DataError(
            f"{path}: renders {len(text)} characters, more than a letter can hold "
            f"({MAX_LETTER_CHARS}); shorten the template"
        )
    lang = context["lang"]
    paragraphs = (_paragraph(part, lang) for part in re.split(r"\n\s*\n", text))
    return [paragraph for paragraph in paragraphs if paragraph]


@lru_cache(maxsize=4096)  # the variants of a model letter share most of their paragraphs
def _paragraph(part: str, lang: str) -> str:
    """A rendered paragraph on one line, with no-break spaces where the language's typography
    keeps words together («ч. 2», «2022 г.»)."""
    return tie(re.sub(r"[ \t\r\n]+", " ", part).strip(), lang)


@contextmanager
def _guarded(path: Path, passing: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Compile or render the template at `path` within the time and memory limits, turning
    what goes wrong into one DataError, except the `passing` errors the caller words itself."""
    try:
        with _time_limit(path), _memory_limit():
            yield
    except passing:
        raise
    except SecurityError as err:
        raise DataError(f"{_where(path, err)}: refused by the template sandbox: {err}") from None
    except TemplateError as err:
        raise DataError(f"{_where(path, err)}: {err.message}") from None
    except MemoryError as err:
        raise DataError(
            f"{_where(path, err)}: needs more than {RENDER_MEMORY >> 20} MB to render "
            "(a letter needs a few kilobytes); check it for a runaway loop or repeat"
        ) from None
    except RecursionError as err:
        raise DataError(
            f"{_where(path, err)}: calls itself without end (a macro or an include "
            "that reaches itself again); remove the loop"
        ) from None
    except AppealsError:
        raise
    except Exception as err:  # what the template's own code does wrong: 1 / 0, '%d' % name
        raise DataError(f"{_where(path, err)}: {_plain(err)}; fix the template") from None


def _plain(err: Exception) -> str:
    """An error a template's expression raised, in words a template author can act on."""
    text = str(err)
    if "integer string conversion" in text:  # a number with thousands of digits
        return "a number with more than 4,300 digits, far more than a letter needs"
    if isinstance(err, OverflowError):
        if "MAX_RANGE" in text:  # the sandbox's own limit on range()
            return "a range of more than 100,000 numbers, far more than a letter needs"
        return "a number too large to compute"
    if isinstance(err, ZeroDivisionError):
        return "divides by zero"
    if isinstance(err, IndexError):
        return f"an index past the end of the list ({text})"
    return text or type(err).__name__


def _refuse_include_loops(env: Environment, letters: Path, name: str) -> None:
    """A model letter that includes, imports or extends itself, directly or through another,
    is named with the chain, before rendering would recurse until Python gives up."""

    def visit(current: str, chain: list[str]) -> None:
        if env.loader is None:
            return
        try:
            source = env.loader.get_source(env, current)[0]
        except TemplateNotFound:
            return  # rendering names the missing file
        for target, line in _includes(env, source, current, str(letters / current)):
            if target in chain:
                loop = " → ".join([*chain[chain.index(target) :], target])
                raise DataError(
                    f"{letters / current}:{line}: includes itself ({loop}); remove the include"
                )
            visit(target, [*chain, target])

    visit(name, [name])


def _includes(env: Environment, source: str, name: str, filename: str) -> list[tuple[str, int]]:
    """The templates a template's source includes, imports or extends by name, with the line of
    each. Remembered in the cache folder by the source's checksum: parsing the template again
    for this alone took as long as the rest of composing a letter from the bytecode cache."""
    import jinja2

    from appeals.usercache import remembered

    def parse() -> list[str]:
        from jinja2 import nodes

        found = []
        for node in env.parse(source, name, filename).find_all(
            (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
        ):
            named = getattr(node, "template", None)
            if isinstance(named, nodes.Const) and isinstance(named.value, str):
                found.append(f"{node.lineno} {named.value}")
        return found

    key = hashlib.sha1(source.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    included = remembered(
        "template-includes", f"jinja2 {jinja2.__version__}", key.hexdigest(), parse
    )
    pairs = [entry.partition(" ") for entry in included]
    if not all(line.isdigit() and target for line, _, target in pairs):
        return [(target, int(line)) for line, _, target in (e.partition(" ") for e in parse())]
    return [(target, int(line)) for line, _, target in pairs]


class _LetterSandbox(SandboxedEnvironment):
    """Jinja's sandbox, also bounding what `*` and `**` can build: a template from a case
    folder must not be able to ask for a gigabyte string or a number with a million digits."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"the power {right} is too large for a letter")
        if operator == "*":
            for value, count in ((left, right), (right, left)):
                sized = isinstance(value, str | list | tuple) and isinstance(count, int)
                if sized and len(value) * count > MAX_LETTER_CHARS:
                    raise SecurityError("a repeated value longer than a letter can hold")
        return super().call_binop(context, operator, left, right)


RENDER_SECONDS = 5.0  # a model letter renders in milliseconds; more is a runaway loop


@contextmanager
def _time_limit(path: Path) -> Iterator[None]:
    """Stop a template that loops without end (Unix main thread; elsewhere, no limit)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DataError(
            f"{path}: still rendering after {RENDER_SECONDS:g} s; check it for a runaway loop"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


RENDER_MEMORY = 256 * 2**20  # bytes a render may add to the process; a letter needs kilobytes


@contextmanager
def _memory_limit() -> Iterator[None]:
    """Cap the process's address space while a template renders, so one that builds a
    gigabyte string (`center`, `format`, doubling in a loop) gets MemoryError at once instead
    of taking the machine's memory; the time limit cannot stop a single huge allocation.
    Linux only (elsewhere, no cap), and never looser than a limit already set."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        in_use = int(Path("/proc/self/statm").read_bytes().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError):
        yield
        return
    cap = in_use + RENDER_MEMORY
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    capped = soft == resource.RLIM_INFINITY or soft > cap
    if capped:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        except (OSError, ValueError):
            capped = False  # not allowed here: render without the cap
    try:
        yield
    finally:
        if capped:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _LettersLoader(FileSystemLoader):
    """Templates from letters/ only: a name with `..` is refused by Jinja, and a file there that
    is a link to somewhere else (`update-1.j2 -> /etc/passwd`) is refused here."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as err:
            raise DataError(
                f"{Path(self.searchpath[0], template)}: not UTF-8 text (byte {err.start + 1}); "
                "save the model letter as UTF-8"
            ) from None
        root, real = os.path.realpath(self.searchpath[0]), os.path.realpath(filename)
        if os.path.commonpath([root, real]) != root:
            raise SecurityError(f"{template} links to {real}, outside the letters folder")
        return source, filename, uptodate


class _Undefined(StrictUndefined):
    """A missing value is an error wherever it ends up: also inside a list that is printed
    (`asks | map(attribute='nme') | list` would otherwise print "[Undefined, Undefined]")."""

    __repr__ = StrictUndefined._fail_with_undefined_error


@cache
def _uses_writer(template: Template) -> bool:
    """Whether a template reads `writer`. Its compiled code resolves each name it reads by a
    constant string, so this is read from the code (a template from the bytecode cache is not
    parsed again); a literal text "writer" only costs rendering per writer."""
    codes = [template.root_render_func.__code__]
    codes += [block.__code__ for block in template.blocks.values()]
    while codes:
        code = codes.pop()
        for value in code.co_consts:
            if value == "writer":
                return True
            if isinstance(value, type(code)):
                codes.append(value)
    return False


class _Cache(FileSystemBytecodeCache):
    """Compiled model letters in the user's cache folder. Jinja keys each by the template's
    name and checks its source's checksum, so an edited letter is compiled again. A cache that
    cannot be read or written is a miss, never an error. The key also holds this module's own
    checksum: a change to the environment's options here compiles every letter again."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(
            f"{name}|{filename}|{_module_checksum()}".encode(), usedforsecurity=False
        ).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged or unreadable: compile as if it were not there
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def _module_checksum() -> str:
    return hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest()


@cache
def _bytecode_cache() -> BytecodeCache | None:
    """APPEALS_CACHE (a folder, or "off"), else the platform's user cache folder."""
    from appeals.usercache import private_folder

    folder = private_folder("templates")
    return _Cache(str(folder)) if folder is not None else None


def _environment(letters: Path) -> SandboxedEnvironment:
    env = _LetterSandbox(
        loader=_LettersLoader(str(letters)),
        bytecode_cache=_bytecode_cache(),
        undefined=_Undefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["join_and"] = _join_and
    return env


@pass_context
def _join_and(context: Context, items: list[str]) -> str:
    return join_and(list(items), context["lang"])


def _where(path: Path, err: Exception) -> str:
    """FILE:LINE of the template an error comes from: the model letter at `path`, or a file it
    includes (`_parts.j2`), which is the one to fix."""
    if isinstance(err, TemplateSyntaxError) and err.filename and err.lineno:
        return f"{err.filename}:{err.lineno}"
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    return str(path)


def _sender(writer: Writer, lang: Lang, warnings: list[str]) -> Sender:
    name = writer.name
    if name is None:
        name = language(lang).placeholder_name
        warnings.append(f"no writer name: the letter is signed {name!r}; add --name")
    address = writer_address(writer, lang)  # in the layout of the writer's country
    if not (writer.address or writer.city or writer.postcode):
        address.insert(0, language(lang).placeholder_address)
        warnings.append(
            f"no postal address: the letter shows {address[0]!r}; add --address and --city"
        )
    return Sender.model_construct(name=name, address=address, email=writer.email)  # as Letter
