"""Hostile input, third round: each case asserts what the user sees (exit code, the one line on
stderr, what is and is not on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_case, run

TODAY = ("--today", "2023-05-01")
DRAFT = ("draft", "--name", "Ann Lee", "--quiet", *TODAY)


# --- YAML in a case folder ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        (
            "? [a, b]\n: 1\n",
            "a key must be a plain name, not a list or mapping; write it as one word",
        ),
        (
            "? {a: 1}\n: 1\n",
            "a key must be a plain name, not a list or mapping; write it as one word",
        ),
        ("1: 2\n", "1: 1 is not a name; a key is text: put it in quotes, or remove it"),
        ("---\nid: other\n", "a second document (after '---') in one file; keep only the first"),
        (
            "extra: !custom x\n",
            "the tag '!custom' is not allowed in these files; remove it, keep the value",
        ),
    ],
)
def test_a_key_a_tag_or_a_document_yaml_allows_is_named_in_plain_words(
    tmp_path: Path, addition: str, message: str
) -> None:
    case = copy_case(tmp_path / "case")
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + addition, encoding="utf-8")
    line = text.count("\n") + 1
    result = run(*DRAFT, "--case", str(case))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {path}:{line}: {message}\n"
