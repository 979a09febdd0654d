"""`appeals post`: short public posts that tag a target's accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from appeals.checking import check_letter
from appeals.loading import load_case_folder
from appeals.posts import post_length
from tests.helpers import copy_case, replace_in, run

FOLDER = load_case_folder()


@pytest.mark.parametrize("platform", ["x", "instagram"])
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("action", list(FOLDER.case.actions))
def test_every_post_tags_names_asks_and_fits(platform: str, lang: str, action: str) -> None:
    result = run(
        "post",
        "--platform",
        platform,
        "--lang",
        lang,
        "--action",
        action,
        "--today",
        "2022-06-01",
        "--allow-late",
    )
    assert result.exit_code == 0
    text = result.stdout.rstrip("\n")
    handle = {"x": "@TokayevKZ", "instagram": "@tokayev_online"}[platform]
    assert text.startswith(f"{handle} ")
    assert "\n" not in text
    limit = {"x": 280, "instagram": 2200}[platform]
    assert result.stderr.splitlines()[-1] == (
        f"length: {post_length(text, platform)} of {limit} characters on {platform}"
    )
    assert post_length(text, platform) <= limit
    items = check_letter(text, FOLDER, FOLDER.case.actions[action], lang)
    person, *asks = [item for item in items if item.label.startswith(("names", "ask"))]
    assert person.passed, person.detail
    assert all(ask.passed for ask in asks), [a.detail for a in asks]
    assert next(i for i in items if i.label == "polite").passed


def test_a_target_without_that_account_is_refused() -> None:
    result = run(
        "post", "--platform", "instagram", "--target", "embassy-london", "--today", "2023-05-01"
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: embassy-london has no instagram account in targets.yaml; targets with one: "
        "president\n"
    )


def test_links_count_as_23_on_x() -> None:
    link = "https://www.amnesty.org/en/documents/eur57/5391/2022/en/"
    assert post_length(f"see {link}", "x") == 4 + 23
    assert post_length(f"see {link}", "instagram") == 4 + len(link)


def test_a_post_over_the_limit_is_refused(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    replace_in(case / "case.yaml", "Please lift all", "Please " + "really " * 40 + "lift all")
    result = run("post", "--platform", "x", "--case", str(case), "--today", "2023-05-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: case.yaml: actions.update-3.en.post is 451 characters on x, over its limit of 280"
    )


def test_a_late_post_is_refused_like_a_letter() -> None:
    result = run("post", "--platform", "x", "--action", "update-1", "--today", "2022-07-01")
    assert (result.exit_code, result.stdout) == (3, "")


def test_the_profile_language_is_used() -> None:
    run("profile", "set", "--name", "Анна", "--lang", "ru")
    result = run("post", "--platform", "x", "--today", "2023-05-01")
    assert "Жанболата Мамая" in result.stdout
