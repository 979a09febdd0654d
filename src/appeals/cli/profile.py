"""`appeals profile set|show|clear`: the writer's saved details."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from appeals.cli.base import (
    AddressOption,
    CityOption,
    CountryOption,
    EmailOption,
    NameOption,
    PostcodeOption,
    RegionOption,
    _reported,
    app,
)
from appeals.cli.plainwords import AppealsGroup, lang_value

if TYPE_CHECKING:
    from appeals.profile import Profile

profile_app = typer.Typer(
    cls=AppealsGroup,
    help="Your saved details (name, address, email, language), used by draft and post.",
    no_args_is_help=True,
)
app.add_typer(profile_app, name="profile")


@profile_app.command("set")
def profile_set(
    name: NameOption = None,
    address: AddressOption = None,
    city: CityOption = None,
    region: RegionOption = None,
    postcode: PostcodeOption = None,
    country: CountryOption = None,
    email: EmailOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            parser=lang_value,
            metavar="LANGUAGE",
            help="Your usual letter language, by name or code (en, ru, es, fr, de).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Save your details; only the options you give change.

    Example: appeals profile set --name "Jane Doe" --city Toronto --country Canada
    """
    from appeals.drafting import DraftRequest, make_writer
    from appeals.errors import UsageError
    from appeals.profile import Profile, load_profile, save_profile

    changes = {
        "name": name,
        "address": address,
        "city": city,
        "region": region,
        "postcode": postcode,
        "country": country,
        "email": email,
        "lang": lang,
    }
    with _reported():
        if all(value is None for value in changes.values()):
            raise UsageError(
                "nothing to set: give the details to save, such as --name, --address, --city, "
                "--country, --email or --lang (see 'appeals profile set --help')"
            )
        old = load_profile() or Profile()
        merged = {**old.model_dump(), **{k: v for k, v in changes.items() if v is not None}}
        # the same checks as a writer on the command line, with the same messages
        make_writer(
            DraftRequest(today=date.today(), **{k: v for k, v in merged.items() if k != "lang"}),
            merged["country"],
        )
        path = save_profile(Profile(**merged))
    typer.echo(f"Saved to {path}")
    typer.echo(_profile_text(Profile(**merged)), nl=False)


@profile_app.command("show")
def profile_show() -> None:
    """Show your saved details and where they are kept.

    Example: appeals profile show
    """
    from appeals.profile import load_profile, profile_path

    with _reported():
        profile = load_profile()
    if profile is None:
        typer.echo(
            f"No profile saved ({profile_path()}). Save one with: appeals profile set --name ..."
        )
        return
    typer.echo(f"Profile in {profile_path()}")
    typer.echo(_profile_text(profile), nl=False)


@profile_app.command("clear")
def profile_clear() -> None:
    """Delete your saved details.

    Example: appeals profile clear
    """
    from appeals.profile import clear_profile, profile_path

    with _reported():
        removed = clear_profile()
    typer.echo(
        f"Deleted {profile_path()}" if removed else f"No profile to delete ({profile_path()})"
    )


def _profile_text(profile: "Profile") -> str:
    rows = [
        ("name", profile.name),
        ("address", "; ".join(profile.address) or None),
        ("city", profile.city),
        ("region", profile.region),
        ("postcode", profile.postcode),
        ("country", profile.country),
        ("email", profile.email),
        ("lang", profile.lang),
    ]
    return "".join(f"  {label:9} {value or '-'}\n" for label, value in rows)
