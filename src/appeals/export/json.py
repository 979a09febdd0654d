"""The letter as one JSON object, for scripts (keys fixed by the command-line contract)."""

from __future__ import annotations

import json
from typing import Any

from appeals.models import Letter


def letter_object(letter: Letter) -> dict[str, Any]:
    return {
        "case": letter.case,
        "action": letter.action,
        "target": letter.target,
        "lang": letter.lang,
        "date": letter.date.isoformat(),
        "to": letter.to,
        "cc": letter.cc,
        "subject": letter.subject,
        "recipient_address": letter.recipient_address,
        "salutation": letter.salutation,
        "body": "\n\n".join(letter.paragraphs),
        "closing": letter.closing,
        "sender": {
            "name": letter.sender.name,
            "address": letter.sender.address,
            "email": letter.sender.email,
        },
        "deadline": {
            "date": letter.deadline.date.isoformat() if letter.deadline.date else None,
            "status": letter.deadline.status,
            "days_left": letter.deadline.days_left,
        },
        "variant": letter.variant,
        "cc_line": letter.copy_line,
    }


def letter_json(letter: Letter) -> str:
    return json.dumps(letter_object(letter), ensure_ascii=False, indent=2) + "\n"
