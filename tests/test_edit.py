"""`appeals draft --edit`: what the writer saves in their editor is what is exported."""

from __future__ import annotations

import io
import json
import sys
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import run

WRITER = (
    "--name",
    "Jane Doe",
    "--address",
    "12 Elm Street",
    "--city",
    "Toronto",
    "--email",
    "jane@example.org",
    "--today",
    "2023-05-01",
)
MINE = "I met journalists in Almaty last year and I think of them often."


def editor(tmp_path: Path, body: str) -> dict[str, str]:
    """An EDITOR that runs `body` (Python) on the file it is given, as `text`."""
    script = tmp_path / "edit.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\ntext = p.read_text('utf-8')\n"
        f"{body}\np.write_text(text, 'utf-8')\n",
        encoding="utf-8",
    )
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


ADD_MINE = f"text = text.replace('Thank you', {MINE!r} + '\\n\\nThank you')"


@pytest.mark.parametrize("fmt", ["text", "json", "eml", "pdf"])
def test_the_saved_letter_is_what_is_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    for key, value in editor(tmp_path, ADD_MINE).items():
        monkeypatch.setenv(key, value)
    out = tmp_path / f"letter.{fmt}"
    result = run("draft", *WRITER, "--edit", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert "unchanged" not in result.stderr
    data = out.read_bytes()
    if fmt == "text":
        paragraphs = data.decode("utf-8").split("\n\n")
        assert paragraphs[-4] == MINE
        assert paragraphs[-3].startswith("Thank you")
    elif fmt == "json":
        assert json.loads(data)["body"].split("\n\n")[-2] == MINE
    elif fmt == "eml":
        body = message_from_bytes(data, policy=default).get_content()
        assert f"\n\n{MINE}\n\nThank you" in body.replace("\r\n", "\n")
    else:
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split()
        )
        assert MINE in text


def test_changes_to_the_greeting_and_signature_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "text = text.replace('Your Excellency,', 'Dear President Tokayev,').replace('Jane Doe\\n', 'Jane A. Doe\\n')"
    for key, value in editor(tmp_path, body).items():
        monkeypatch.setenv(key, value)
    result = run("draft", *WRITER, "--edit", "--format", "json")
    letter = json.loads(result.stdout)
    assert letter["salutation"] == "Dear President Tokayev,"
    assert letter["sender"] == {
        "name": "Jane A. Doe",
        "address": ["12 Elm Street", "Toronto"],
        "email": "jane@example.org",
    }


def test_an_unchanged_letter_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in editor(tmp_path, "pass").items():
        monkeypatch.setenv(key, value)
    result = run("draft", *WRITER, "--edit")
    assert result.exit_code == 0
    assert "warning: the letter is unchanged: it goes out exactly as drafted\n" in result.stderr
    assert result.stdout == run("draft", *WRITER).stdout


def test_an_emptied_letter_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in editor(tmp_path, "text = '\\n  \\n'").items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "letter.eml"
    result = run("draft", *WRITER, "--edit", "--format", "eml", "--output", str(out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr.splitlines()[-1] == "error: the edited letter is empty; nothing was written"
    )
    assert not out.exists()


def test_an_edit_that_loses_an_ask_is_warned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "import re\ntext = re.sub(r',\\s+and\\s+that\\s+all\\s+charges\\s+against\\s+him\\s+are\\s+dropped', '', text)"
    for key, value in editor(tmp_path, body).items():
        monkeypatch.setenv(key, value)
    result = run("draft", *WRITER, "--edit")
    assert result.exit_code == 0
    assert "warning: check: ask 2: that all charges against him are dropped — " not in result.stderr
    assert (
        "warning: check: ask 2: that all charges against him are dropped: not found"
        in result.stderr
    )


def test_a_letter_whose_blocks_are_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in editor(tmp_path, "text = 'Just one line.'").items():
        monkeypatch.setenv(key, value)
    result = run("draft", *WRITER, "--edit")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "error: the edited letter needs its date, the recipient's address, the greeting"
    )


def test_no_editor_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("draft", *WRITER, "--edit")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "error: --edit needs an editor: set EDITOR, for example export EDITOR=nano"
    )
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    missing = run("draft", *WRITER, "--edit")
    assert (
        missing.stderr.splitlines()[-1]
        == "error: the editor 'no-such-editor-here' was not found; check EDITOR"
    )
