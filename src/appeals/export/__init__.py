"""Exporters: each turns one composed Letter into the bytes of one format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from appeals.models import Letter

FileFormat = Literal["text", "md", "json", "eml", "mailto", "pdf"]
EXTENSIONS: dict[str, str] = {
    "text": "txt",
    "md": "md",
    "json": "json",
    "eml": "eml",
    "mailto": "txt",
    "pdf": "pdf",
}


def export_letter(letter: Letter, fmt: FileFormat, paper: Literal["a4", "letter"] = "a4") -> bytes:
    """The letter's bytes in one format; each exporter is imported only when it is used."""
    if fmt == "pdf":
        from appeals.export.pdf import letter_pdf

        return letter_pdf(letter, paper)
    if fmt == "eml":
        from appeals.export.eml import letter_eml

        return letter_eml(letter)
    if fmt == "mailto":
        from appeals.export.mailto import letter_mailto

        return f"{letter_mailto(letter)}\n".encode("ascii")
    if fmt == "json":
        from appeals.export.json import letter_json

        return letter_json(letter).encode("utf-8")
    if fmt == "md":
        from appeals.export.md import letter_markdown

        return letter_markdown(letter).encode("utf-8")
    from appeals.export.text import letter_text

    return letter_text(letter).encode("utf-8")
