"""The recipient's country is printed once, in English capitals, on international mail."""

from __future__ import annotations

import pytest

from appeals.models import Postal
from appeals.postal import address_lines


@pytest.mark.parametrize(
    ("lines", "country", "expected"),
    [
        (["Av. Nte. 10", "Caracas, Venezuela"], "VE", ["Av. Nte. 10", "Caracas", "VENEZUELA"]),
        (["1209 Genève Suisse"], "CH", ["1209 Genève", "SWITZERLAND"]),
        (
            ["Vali Asr Street", "Tehran, IRAN", "IRAN"],
            "IR",
            ["Vali Asr Street", "Tehran, IRAN", "IRAN"],
        ),
        (
            ["Pall Mall", "London", "United Kingdom"],
            "GB",
            ["Pall Mall", "London", "UNITED KINGDOM"],
        ),
        (["12 Venezuela Street"], "VE", ["12 Venezuela Street", "VENEZUELA"]),
        (["Calle Venezuelana 3"], "VE", ["Calle Venezuelana 3", "VENEZUELA"]),
    ],
)
def test_an_address_that_names_its_country_gets_one_country_line(
    lines: list[str], country: str, expected: list[str]
) -> None:
    assert address_lines(Postal(lines=lines, country=country), "en", "CA") == expected
