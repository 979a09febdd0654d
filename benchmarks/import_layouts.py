#!/usr/bin/env python3
"""How well `appeals import` reads the real UAs in the forms members receive them.

Each sample of ../shared/ua-samples is dressed, in a temporary folder, as each form of
tests/import_forms.py (other encodings, a saved web page, an .eml, a forwarded or quoted email,
CRLF, hard-wrapped lines, tabs and non-breaking spaces, other quotes and bullets), read by
`appeals import` in-process, and scored against the same careful reader's answers as
benchmarks/import_accuracy.py. A form a sample cannot be written in (a Spanish text in
ISO-8859-1 without its curly quotes) is left out of that form's figure. A document the import
refuses scores as nothing found. It prints figures; it is not a test.

    python3 benchmarks/import_layouts.py [--verbose] [--form NAME] [FOLDER]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from import_accuracy import score  # noqa: E402
from tests.import_forms import FORMS, build  # noqa: E402

from appeals.errors import AppealsError  # noqa: E402
from appeals.importing import ImportedUA, parse_ua, read_document  # noqa: E402


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    args = [a for a in argv if a != "--verbose"]
    only = None
    if "--form" in args:
        at = args.index("--form")
        only = args[at + 1]
        del args[at : at + 2]
    folder = Path(args[0]) if args else ROOT.parent / "shared" / "ua-samples"
    answers = sorted(folder.glob("*.expected.json"))
    if not answers:
        sys.exit(f"no *.expected.json in {folder}")
    print(f"{'form':40} {'docs':>4} {'accuracy':>8}  refused")
    with tempfile.TemporaryDirectory() as tmp:
        for form in FORMS:
            if only and only not in form:
                continue
            hits = total = 0.0
            docs = 0
            refused: list[str] = []
            for answer in answers:
                source = answer.with_name(answer.name.replace(".expected.json", ".txt"))
                text = source.read_text(encoding="utf-8")
                if text.startswith("SOURCE:"):
                    text = text.split("\n", 1)[1] if "\n" in text else ""
                built = build(form, text)
                if built is None:
                    continue
                suffix, data = built
                path = Path(tmp) / f"ua{suffix}"
                path.write_bytes(data)
                try:
                    got = parse_ua(read_document(path)).as_dict()
                except AppealsError as err:
                    refused.append(source.stem[:20])
                    got = ImportedUA().as_dict()
                    if verbose:
                        print(f"  {source.stem[:40]}: {err}")
                fields = score(json.loads(answer.read_text(encoding="utf-8")), got)
                docs += 1
                hits, total = hits + sum(fields.values()), total + len(fields)
                missed = [name for name, value in fields.items() if value < 0.999]
                if verbose and missed:
                    print(f"  {source.stem[:40]:40} missed: {', '.join(missed)}")
            figure = hits / max(total, 1)
            print(f"{form:40} {docs:4} {figure:8.2f}  {len(refused) or ''}")


if __name__ == "__main__":
    main(sys.argv[1:])
