"""Broken case folders: one line naming the file, the line and the field; exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appeals.loading import load_case_folder
from tests.helpers import build_tree, copy_case, line_of, replace_in, run

DRAFT = ("draft", "--today", "2023-05-01", "--name", "Jane Doe", "--city", "Leeds")


def draft_in(case: Path, *extra: str) -> tuple[int, str, str]:
    result = run(*DRAFT, "--case", str(case), *extra)
    return result.exit_code, result.stdout, result.stderr


def test_a_copy_of_the_bundled_case_drafts_the_same_letter(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    assert run(*DRAFT, "--case", str(case)).stdout == run(*DRAFT).stdout


def test_case_folder_from_the_environment(tmp_path: Path) -> None:
    result = run(*DRAFT, env={"APPEALS_CASE": str(tmp_path / "missing")})
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path / 'missing'}: no such case folder "
        "(it should hold targets.yaml, case.yaml, letters/)\n"
    )


def test_invalid_email_in_targets_names_line_and_field(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, "- ottawa@mfa.kz", "- ottawa@@mfa.kz")
    line = line_of(targets, "ottawa@@mfa.kz")
    code, out, err = draft_in(case)
    assert (code, out) == (1, "")
    assert err == (
        f"error: {targets}:{line}: targets.embassy-ottawa.email.0: 'ottawa@@mfa.kz' is not a "
        "valid email address (The part after the @-sign contains invalid characters: '@'.)\n"
    )


def test_unknown_field_in_targets(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, "    serves: [GB]\n", "    serves: [GB]\n    ambasador: Someone\n")
    line = line_of(targets, "ambasador")
    code, _, err = draft_in(case)
    assert code == 1
    assert err == (
        f"error: {targets}:{line}: targets.embassy-london.ambasador: is not a known field; "
        "remove it or check its spelling\n"
    )


def test_missing_field_points_at_its_record(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, "    checked: 2022-05-07\n", "")
    line = line_of(targets, "  embassy-london:")
    code, _, err = draft_in(case)
    assert code == 1
    assert err == f"error: {targets}:{line}: targets.embassy-london.checked: is missing; add it\n"


def test_invalid_fax_number_is_caught_by_appeals_targets(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, '      number: "+7 7172 74-56-31"\n', "")
    result = run("targets", "--case", str(case))
    assert result.exit_code == 1
    line = line_of(targets, "  president:")
    assert result.stderr == (
        f"error: {targets}:{line}: targets.president: '+8 7172 74-56-31' is not a valid phone "
        "number in KZ; add 'number:' with the corrected international form, starting with +\n"
    )


def test_a_fax_that_is_not_a_number_stops_a_draft_too(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, 'fax: "020 7930 8990"', "fax: see the website")
    code, _, err = draft_in(case)
    assert code == 1
    line = line_of(targets, "  embassy-london:")
    assert err == (
        f"error: {targets}:{line}: targets.embassy-london: 'see the website' does not look like "
        "a phone number\n"
    )


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    replace_in(targets, "    kind: embassy\n    serves: [CA]", "    kind: embassy\n   serves: [CA]")
    line = line_of(targets, "   serves: [CA]")
    code, _, err = draft_in(case)
    assert code == 1
    assert err.startswith(f"error: {targets}:{line}: ")
    assert err.endswith("; check the indentation and quoting\n")


def test_unknown_target_in_an_action(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    replace_in(
        case / "case.yaml",
        "targets: [president, embassy-ottawa]",
        "targets: [president, embassy-paris]",
    )
    code, _, err = draft_in(case)
    assert code == 1
    assert err == (
        f"error: {case / 'case.yaml'}: actions.update-3.targets: 'embassy-paris' is not in "
        "targets.yaml (known: president, embassy-ottawa, embassy-london)\n"
    )


def test_bad_deadline_date_in_case(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    path = case / "case.yaml"
    replace_in(path, "deadline: 2022-06-30", "deadline: 30 June 2022")
    line = line_of(path, "deadline: 30 June 2022")
    code, _, err = draft_in(case)
    assert code == 1
    assert err.startswith(f"error: {path}:{line}: actions.update-1.deadline: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "targets:\n  a: &x {kind: embassy}\n  b: *x\n",
            ":3: aliases (*name) are not allowed in case files",
        ),
        ("targets:\n  a: {}\n  a: {}\n", ":3: duplicate key 'a'"),
        (
            "targets: !!python/object/apply:os.system ['echo hi']\n",
            ":1: the tag '!!python/object/apply:os.system' is not allowed",
        ),
        ("- just\n- a list\n", ":1: (top level): should be a set of 'name: value' lines"),
        ("", ": (top level): should be a set of 'name: value' lines"),
    ],
)
def test_hostile_or_wrong_yaml(tmp_path: Path, text: str, message: str) -> None:
    case = copy_case(tmp_path / "case")
    (case / "targets.yaml").write_text(text, encoding="utf-8")
    code, out, err = draft_in(case)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {case / 'targets.yaml'}{message}")
    assert err.count("\n") == 1


def test_targets_file_that_is_a_folder_or_missing_or_not_utf8(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    targets = case / "targets.yaml"
    targets.unlink()
    assert draft_in(case)[2] == f"error: {targets}: file not found\n"
    targets.mkdir()
    assert draft_in(case)[2] == f"error: {targets}: is a folder, expected a YAML file\n"
    targets.rmdir()
    targets.write_bytes("targets: {}\n# é".encode("latin-1"))
    assert draft_in(case)[2] == f"error: {targets}: not UTF-8 text (byte 15); save it as UTF-8\n"


def test_template_with_an_undefined_name_gives_its_line(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": "Dear reader,\n\nHello {{ persn.name }}.\n"})
    code, _, err = draft_in(case)
    assert code == 1
    assert err == f"error: {case / 'letters/en/update-3.j2'}:3: 'persn' is undefined\n"


def test_template_syntax_error(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": "Hello\n{% if %}\n"})
    code, _, err = draft_in(case)
    assert code == 1
    assert err.startswith(f"error: {case / 'letters/en/update-3.j2'}:2: ")


def test_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(
        case,
        {"letters/en/update-3.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"},
    )
    code, out, err = draft_in(case)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {case / 'letters/en/update-3.j2'}")
    assert "__class__" in err or "unsafe" in err


def test_template_output_is_bounded(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    build_tree(case, {"letters/en/update-3.j2": "{% for i in range(30000) %}word {% endfor %}\n"})
    code, _, err = draft_in(case)
    assert code == 1
    assert err == (
        f"error: {case / 'letters/en/update-3.j2'}: renders 150000 characters, more than a "
        "letter can hold (20000); shorten the template\n"
    )


def test_without_a_model_letter_the_languages_frame_composes_the_letter(tmp_path: Path) -> None:
    case = copy_case(tmp_path / "case")
    (case / "letters/ru/update-3.j2").unlink()
    code, out, _ = draft_in(case, "--lang", "ru", "--format", "json")
    assert code == 0
    body = json.loads(out)["body"]
    asks = load_case_folder(case).case.actions["update-3"].text("ru").asks
    assert body.startswith(("Я обращаюсь к Вам в связи", "Позвольте обратить Ваше внимание"))
    # a head of state is asked, not summoned («призываю» is too peremptory)
    assert f"Убедительно прошу Вас {asks[0]}" in body or (
        f"Прошу Вас сделать всё возможное, чтобы {asks[0]}" in body
    )
    assert "призыва" not in body
