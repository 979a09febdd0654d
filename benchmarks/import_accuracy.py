#!/usr/bin/env python3
"""How well `appeals import` reads real UAs: per-field misses and one accuracy figure.

For every `NAME.txt` beside a `NAME.expected.json` (../shared/ua-samples by default) the document
is read as a user has it (a first `SOURCE:` line, the sample's provenance, is dropped) and its
fields are compared with a careful reader's answers: leniently about accents, case, punctuation
and word order, strictly about which values were found. The fields and rules are those of
../shared/tools/import-score, so the two figures agree. It prints figures; it is not a test.

    python3 benchmarks/import_accuracy.py [--verbose] [FOLDER]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from appeals.importing import parse_ua, read_document
from appeals.importing.fields import _language_codes


def norm(text: object) -> str:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def recall(want: object, have: object) -> float:
    wanted = set(norm(want).split())
    return len(wanted & set(norm(have).split())) / len(wanted) if wanted else 1.0


def ua_key(text: object) -> tuple[int, int] | None:
    found = re.search(r"(\d+)\s*[./]\s*(\d+)", str(text or ""))
    return (int(found[1]), int(found[2]) % 100) if found else None


def digits(text: object) -> str:
    return re.sub(r"\D", "", str(text or ""))


def codes(values: list[str] | None) -> set[str]:
    return {_language_codes().get(v.lower(), v.lower()) for v in values or []}


def score(exp: dict[str, Any], got: dict[str, Any]) -> dict[str, float]:
    """Each scored field → 1.0 (found as the reader did), 0.0, or a share for people."""
    out: dict[str, float] = {
        "ua_number": float(ua_key(got["ua_number"]) == ua_key(exp.get("ua_number"))),
        "deadline": float(str(got["deadline"]) == str(exp.get("deadline"))),
        "closed": float(bool(got["closed"]) == bool(exp.get("closed"))),
        "preferred_languages": float(
            codes(got["preferred_languages"]) == codes(exp.get("preferred_languages"))
        ),
        "target_count": float(len(got["targets"]) == len(exp.get("targets") or [])),
    }
    if "has_model_letter" in exp:
        out["has_model_letter"] = float(bool(got["model_letter"]) == exp["has_model_letter"])
    people = exp.get("person_names") or []
    found = [p for p in people if any(recall(p, g) >= 0.5 for g in got["person_names"])]
    out["person"] = len(found) / len(people) if people else float(not got["person_names"])
    for i, want in enumerate(exp.get("targets") or []):
        key = want.get("name") or want.get("title")

        def similarity(t: dict[str, Any], key: str = key) -> float:
            both = f"{t.get('name') or ''} {t.get('title') or ''}"
            return max(recall(key, t.get("name")), recall(key, both) - 0.01)

        best = max(got["targets"], key=similarity, default=None)
        have = best if best is not None and similarity(best) >= 0.5 else {}
        out[f"t{i}.found"] = float(bool(have))
        out[f"t{i}.email"] = float(
            sorted(e.lower() for e in have.get("email") or [])
            == sorted(e.lower() for e in want.get("email") or [])
        )
        out[f"t{i}.role"] = float((have.get("role") or "primary") == want.get("role"))
        if want.get("salutation"):
            a, b = norm(want["salutation"]), norm(have.get("salutation"))
            out[f"t{i}.salutation"] = float(bool(b) and (a in b or b in a))
        if want.get("address_lines"):
            joined = " ".join(have.get("address_lines") or [])
            out[f"t{i}.address"] = float(recall(" ".join(want["address_lines"]), joined) >= 0.7)
        for number in ("phone", "fax"):
            if want.get(number):
                mine = digits(have.get(number))
                out[f"t{i}.{number}"] = float(mine != "" and digits(want[number])[-7:] == mine[-7:])
    for i, ask in enumerate(exp.get("asks") or []):
        out[f"ask{i}"] = float(any(recall(ask, g) >= 0.6 for g in got["asks"]))
    return out


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    args = [a for a in argv if a != "--verbose"]
    folder = (
        Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "ua-samples"
    )
    answers = sorted(folder.glob("*.expected.json"))
    if not answers:
        sys.exit(f"no *.expected.json in {folder}")
    hits = total = 0.0
    misses: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for answer in answers:
            source = answer.with_name(answer.name.replace(".expected.json", ".txt"))
            text = source.read_text(encoding="utf-8")
            if text.startswith("SOURCE:"):
                text = text.split("\n", 1)[1] if "\n" in text else ""
            copy = Path(tmp) / "ua.txt"
            copy.write_text(text, encoding="utf-8")
            fields = score(
                json.loads(answer.read_text(encoding="utf-8")),
                parse_ua(read_document(copy)).as_dict(),
            )
            missed = [name for name, value in fields.items() if value < 0.999]
            hits, total = hits + sum(fields.values()), total + len(fields)
            for name in missed:
                kind = re.sub(r"^t\d+\.", "target.", re.sub(r"^ask\d+", "ask", name))
                misses[kind] = misses.get(kind, 0) + 1
            if verbose or missed:
                print(
                    f"{source.stem[:48]:48} {sum(fields.values()):5.1f}/{len(fields):<3} "
                    f"missed: {', '.join(missed) or '-'}"
                )
    ranked = sorted(misses.items(), key=lambda kv: -kv[1])
    print("misses by field: " + (", ".join(f"{k} {v}" for k, v in ranked) or "none"))
    figure = hits / max(total, 1)
    print(f"accuracy {figure:.2f} ({hits:.1f}/{total:.0f}) over {len(answers)} documents")


if __name__ == "__main__":
    main(sys.argv[1:])
