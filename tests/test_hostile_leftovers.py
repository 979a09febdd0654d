"""Hostile input, the third round's leftovers: each case asserts what the user sees (exit code,
the one line on stderr, the bytes written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_batch import batch, manifest

HINT = "name, email, address, city, region, postcode, country, lang, personal"


# --- a writers' CSV with another separator -------------------------------------------------------


@pytest.mark.parametrize("separator", ["|", "\t", ";"])
def test_a_csv_separated_by_bars_tabs_or_semicolons_is_read(tmp_path: Path, separator: str) -> None:
    text = separator.join(["name", "email", "country"]) + "\n"
    text += separator.join(["Ann Lee", "ann@example.org", "GB"]) + "\n"
    code, _, err = batch(tmp_path, text, "--target", "president")
    assert (code, err.count("warning: ")) == (0, 1), err  # the one warning: no deadline recorded
    [row] = manifest(tmp_path)
    assert (row["writer"], row["target"]) == ("Ann Lee", "president")


def test_a_header_without_a_name_column_shows_the_header_and_the_separators_tried(
    tmp_path: Path,
) -> None:
    code, out, err = batch(tmp_path, "Nom;Courriel\nAnn;ann@example.org\n")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {tmp_path / 'w.csv'}:1: no 'name' column in the header 'Nom;Courriel' "
        "(read as semicolon-separated; separators tried: comma, semicolon, tab, bar); "
        f"the first row must name the columns ({HINT})\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_header_named_by_a_sep_line_says_so_and_escapes_what_it_shows(tmp_path: Path) -> None:
    code, out, err = batch(tmp_path, "sep=:\nNom:Cour\x1briel\nAnn:x\n")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {tmp_path / 'w.csv'}:2: no 'name' column in the header 'Nom:Cour\\x1briel' "
        "(read as separated by ':', as its 'sep=' line says); "
        f"the first row must name the columns ({HINT})\n"
    )
