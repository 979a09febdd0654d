#!/usr/bin/env python3
"""Per-field accuracy of `appeals import` on UA samples that come with a careful reader's answers.

For every `NAME.txt` beside a `NAME.expected.json` (../shared/ua-samples by default), prints which
fields were extracted as the reader did. It prints figures; it is not a test.

    python3 benchmarks/import_accuracy.py [FOLDER]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from appeals.importing import parse_ua, read_document
from appeals.languages import code_for

FIELDS = ("title", "ua_number", "index_number", "deadline", "preferred_languages", "person_names")
TARGET_FIELDS = ("name", "title", "email", "fax", "phone", "salutation", "role", "address_lines")


def main() -> None:
    folder = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "ua-samples"
    )
    samples = sorted(folder.glob("*.expected.json"))
    if not samples:
        sys.exit(f"no *.expected.json in {folder}")
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    for answer in samples:
        expected = json.loads(answer.read_text(encoding="utf-8"))
        got = parse_ua(
            read_document(answer.with_name(answer.name.replace(".expected.json", ".txt")))
        )
        data = got.as_dict()
        for key in FIELDS:
            ok = data[key] == expected[key]
            if key == "preferred_languages":  # the reader wrote names, the import codes
                ok = data[key] == [code_for(name) or name for name in expected[key]]
            if key == "person_names":
                optional = set(expected.get("_optional_person_names", []))
                ok = set(expected[key]) <= set(data[key]) <= set(expected[key]) | optional
            total[key] = total.get(key, 0) + 1
            right[key] = right.get(key, 0) + ok
        for index, want in enumerate(expected["targets"]):
            have = data["targets"][index] if index < len(data["targets"]) else {}
            for key in TARGET_FIELDS:
                name = f"targets.{key}"
                total[name] = total.get(name, 0) + 1
                right[name] = right.get(name, 0) + (have.get(key) == want.get(key))
        extra = max(0, len(data["targets"]) - len(expected["targets"]))
        total["targets (no extra)"] = total.get("targets (no extra)", 0) + 1
        right["targets (no extra)"] = right.get("targets (no extra)", 0) + (extra == 0)
    print(f"{len(samples)} sample(s) in {folder}")
    for key in total:
        print(f"  {key:22} {right[key]}/{total[key]}  {100 * right[key] / total[key]:.0f}%")


if __name__ == "__main__":
    main()
