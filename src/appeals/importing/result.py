"""What an import finds: the UA's fields and its targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class ImportedTarget:
    name: str | None = None
    title: str | None = None
    address_lines: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    fax: str | None = None
    phone: str | None = None
    salutation: str | None = None
    social: dict[str, str] = field(default_factory=dict)
    role: str = "primary"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "address_lines": self.address_lines,
            "email": self.email,
            "fax": self.fax,
            "phone": self.phone,
            "salutation": self.salutation,
            "social": self.social,
            "role": self.role,
        }


@dataclass
class ImportedUA:
    title: str | None = None
    ua_number: str | None = None
    update: int | None = None
    is_update: bool = False
    index_number: str | None = None
    published: date | None = None
    person_names: list[str] = field(default_factory=list)
    pronouns: str | None = None
    deadline: date | None = None
    preferred_languages: list[str] = field(default_factory=list)
    targets: list[ImportedTarget] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)
    model_letter: str | None = None
    previous_ua: str | None = None
    closed: bool = False
    language: str | None = None  # the code of the language the document is written in
    summary: str | None = None  # a sentence or two on the case, in the document's language

    def not_found(self) -> list[str]:
        values = {
            "title": self.title,
            "ua_number": self.ua_number,
            "update": self.update,
            "index_number": self.index_number,
            "published": self.published,
            "person_names": self.person_names,
            "pronouns": self.pronouns,
            "deadline": self.deadline,
            "preferred_languages": self.preferred_languages,
            "targets": self.targets,
            "asks": self.asks,
            "model_letter": self.model_letter,
            "previous_ua": self.previous_ua,
        }
        return [name for name, value in values.items() if value in (None, [], "")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "ua_number": self.ua_number,
            "update": self.update,
            "is_update": self.is_update,
            "index_number": self.index_number,
            "published": self.published.isoformat() if self.published else None,
            "person_names": self.person_names,
            "pronouns": self.pronouns,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "preferred_languages": self.preferred_languages,
            "targets": [t.as_dict() for t in self.targets],
            "asks": self.asks,
            "model_letter": self.model_letter,
            "previous_ua": self.previous_ua,
            "closed": self.closed,
            "language": self.language,
            "summary": self.summary,
            "not_found": self.not_found(),
        }
