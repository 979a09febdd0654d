"""The command line in plain words: Typer's group with one-line errors for bad or missing
values and help that names values by what they are, and the parsers that read an option's value
as people write it (through the one function per kind in naturalvalues)."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

if TYPE_CHECKING:
    from appeals.models import Lang

T = TypeVar("T")


class AppealsGroup(TyperGroup):
    """Typer's command group, speaking plainly: a bad option value is one line naming the
    option (or the environment variable it came from), and help names a value by what it is."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            for param in command.params:
                if type(param) is TyperArgument and param.metavar:
                    param.__class__ = _NamedArgument
                elif isinstance(param, TyperOption) and not param.is_flag and not param.metavar:
                    param.metavar = _metavar(param)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as err:
            from appeals.cli.base import _fail

            if type(err).__name__ == "MissingParameter":
                _fail(_missing(err), 2)
            _fail(f"{_source(err)}: {err.message.removeprefix('Value error, ')}", 2)


def _missing(err: typer.BadParameter) -> str:
    """A required option or argument not given: which, its choices, where the help is."""
    param, ctx = err.param, err.ctx
    if param is None:
        return err.format_message()
    name = _source(err)
    choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
    what = ""
    if choices:
        values = [str(getattr(choice, "value", choice)) for choice in choices]
        what = (
            f": {', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else f": {values[0]}"
        )
    elif getattr(param, "help", None):
        what = f": {str(getattr(param, 'help', '')).rstrip('.')}"
    where = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
    return f"{name} is required{what}{where}"


class _NamedArgument(TyperArgument):
    """An argument shown by its name alone (`FILE`), not `{FILE}` and `<path>`."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw if self.required else f"[{self.display_name_raw}]"


def _metavar(option: TyperOption) -> str:
    """A value's name in help for an option that gives none: its choices (`email|post|fax`),
    else the option's own name (`--action ACTION`), never a type such as `<str>`."""
    choices = getattr(getattr(option, "type_descriptor", None), "choices", None)
    if choices:
        return "|".join(str(getattr(choice, "value", choice)) for choice in choices)
    longest = max(option.opts, key=len)
    return longest.lstrip("-").upper()


def _source(err: typer.BadParameter) -> str:
    """Where a bad value came from: the option as typed, or its environment variable."""
    param, ctx = err.param, err.ctx
    if param is None:
        return "a value"
    if ctx is not None and param.name is not None:
        source = ctx.get_parameter_source(param.name)
        if source is not None and source.name == "ENVIRONMENT" and isinstance(param.envvar, str):
            return param.envvar
    if param.opts and param.opts[0].startswith("-"):
        return param.opts[0]
    return param.metavar or (param.name or "value").upper()


# Values as people write them, parsed by the one function per kind in naturalvalues (imported
# when a value is given, so that --help does not pay for it); a bad one is a plain line.
def _plainly(parse: Callable[[str], T], text: str) -> T:
    try:
        return parse(text)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


def country_value(text: str) -> str:
    from appeals.naturalvalues import parse_country

    return _plainly(parse_country, text)


def lang_value(text: str) -> "Lang":
    from appeals.naturalvalues import parse_lang

    return _plainly(parse_lang, text)


def date_value(text: str) -> date:
    from appeals.naturalvalues import parse_date

    return _plainly(parse_date, text)


def number_value(text: str) -> int:
    from appeals.naturalvalues import parse_whole_number

    return _plainly(parse_whole_number, text)


def variant_value(text: str) -> int:
    """A letter's wording: a whole number from 1 to the number of variants the letters offer."""
    from appeals.compose import VARIANTS

    number = number_value(text)
    if not 1 <= number <= VARIANTS:
        raise typer.BadParameter(f"{number} is out of range; choose a number from 1 to {VARIANTS}")
    return number


def count_value(text: str) -> int:
    """A number of things to show: a whole number from 1 on (a huge one means all of them)."""
    cleaned = text.strip().replace("_", "").replace(",", "")
    if not cleaned.isdecimal() or len(cleaned) > 30 or int(cleaned) < 1:
        raise typer.BadParameter(f"{text!r} is not a count; give a whole number, 1 or more")
    return min(int(cleaned), 2**62)
