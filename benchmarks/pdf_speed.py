#!/usr/bin/env python3
"""Measure separate PDFs against .eml drafts in one `appeals batch` run each, side by side.

Prints figures; it is not a test. Needs `appeals` on PATH (or run with the project's venv):

    python3 benchmarks/pdf_speed.py [--letters 1000] [--runs 3] [--folder /dev/shm]

The same writers' CSV is written once; `appeals batch --format eml` and `--format pdf` (one file
per letter) run --runs times each, alternately, into a tmpfs folder so the figures are the
tool's own work and not the disk's. Prints the median wall time of each and their ratio (the
bar: 1,000 separate PDFs take at most 4x as long as 1,000 .eml drafts), and the same for the
CPU time the runs used, which other work on a shared machine does not inflate.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2023-05-01"
COLUMNS = ["name", "email", "address", "city", "postcode", "country", "lang", "personal"]


def write_writers(path: Path, count: int) -> None:
    """Writers in Canada and the UK, English and Russian, with names of their own."""
    first = ["Jane", "Анна", "Émile", "Oluwaseun", "Сергей", "Zoë", "Mary-Kate", "Дмитрий"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for i in range(count):
            canada = i % 2 == 0
            out.writerow(
                [
                    f"{first[i % len(first)]} Writer{i}",
                    f"writer{i}@example.org",
                    f"{i} Elm Street",
                    "Toronto" if canada else "Leeds",
                    "M4B 1B3" if canada else "LS1 4AP",
                    "CA" if canada else "GB",
                    "ru" if i % 3 == 0 else "en",
                    "",
                ]
            )


def run_batch(appeals: str, writers: Path, out: Path, fmt: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one batch run."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [appeals, "batch", str(writers), "--output", str(out), "--format", fmt,
               "--target", "president", "--today", TODAY, "--quiet"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path("/dev/shm"))
    args = parser.parse_args()
    appeals = shutil.which("appeals") or str(Path(sys.executable).parent / "appeals")
    base = args.folder if args.folder.is_dir() else Path(tempfile.gettempdir())
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        root = Path(tmp)
        writers = root / "writers.csv"
        write_writers(writers, args.letters)
        times: dict[str, list[float]] = {"eml": [], "pdf": []}
        cpu: dict[str, list[float]] = {"eml": [], "pdf": []}
        for _ in range(args.runs):
            for fmt in times:
                wall, seconds = run_batch(appeals, writers, root / fmt, fmt)
                times[fmt].append(wall)
                cpu[fmt].append(seconds)
        pdfs = sorted((root / "pdf").glob("*.pdf"))
        assert len(pdfs) == args.letters, f"{len(pdfs)} PDFs written"
        size = sum(path.stat().st_size for path in pdfs) / len(pdfs) / 1024
    eml, pdf = statistics.median(times["eml"]), statistics.median(times["pdf"])
    print(f"{args.letters} letters, median of {args.runs} runs, written to {base}")
    print(f"  .eml drafts:    {eml:6.2f} s  ({eml / args.letters * 1000:5.2f} ms a letter)")
    print(f"  separate PDFs:  {pdf:6.2f} s  ({pdf / args.letters * 1000:5.2f} ms a letter, "
          f"{size:.1f} KB each)")  # fmt: skip
    print(f"  PDF / eml:      {pdf / eml:6.2f}x  (bar: at most 4x)")
    eml_cpu, pdf_cpu = statistics.median(cpu["eml"]), statistics.median(cpu["pdf"])
    print(f"  CPU time (user + system): .eml {eml_cpu:.2f} s, PDF {pdf_cpu:.2f} s, "
          f"{pdf_cpu / eml_cpu:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
