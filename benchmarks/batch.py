#!/usr/bin/env python3
"""Measure `appeals batch` against mailmerge on the same writers, and its memory and PDF speed.

Prints figures; it is not a test. Needs `appeals` and `mailmerge` (PyPI, 2.x) on PATH:

    python3 -m pip install . 'mailmerge>=2,<3'
    python3 benchmarks/batch.py [--writers 10000] [--runs 3] [--stream 100000] [--pdf 1000]

1. N writers x 1 target as .eml files, against `mailmerge --dry-run --no-limit
   --output-format raw` with the same letter as its template (median of --runs, wall time).
2. --stream writers as text letters: peak memory (max RSS of the child process).
3. A combined PDF of --pdf letters: milliseconds per page.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2023-05-01"
COLUMNS = ["name", "email", "address", "city", "postcode", "country", "lang", "personal"]
DEVNULL = subprocess.DEVNULL


def write_writers(path: Path, count: int, start: int = 0) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for i in range(start, start + count):
            out.writerow(
                [
                    f"Writer {i}",
                    f"writer{i}@example.org",
                    f"{i} Elm Street",
                    "Toronto",
                    "M4B 1B3",
                    "CA",
                    "",
                    "",
                ]
            )


def mailmerge_template(path: Path) -> None:
    """The same letter as appeals drafts, with mailmerge's Jinja placeholders for the writer."""
    letter = subprocess.run(
        [
            "appeals",
            "draft",
            "--today",
            TODAY,
            "--target",
            "president",
            "--name",
            "NAME_X",
            "--address",
            "ADDRESS_X",
            "--city",
            "Toronto",
            "--postcode",
            "M4B 1B3",
            "--country",
            "CA",
            "--email",
            "mail@example.org",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    letter = (
        letter.replace("NAME_X", "{{name}}")
        .replace("ADDRESS_X", "{{address}}")
        .replace("mail@example.org", "{{email}}")
    )
    headers = (
        "TO: udp@udp-rk.kz\nCC: ottawa@mfa.kz\nFROM: {{name}} <{{email}}>\n"
        "SUBJECT: Lift all restrictions on Zhanbolat Mamay (UA 31/22)\n\n"
    )
    path.write_text(headers + letter, encoding="utf-8")


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one run of `command`."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=DEVNULL, stderr=DEVNULL, check=True)
    return time.perf_counter() - start


def peak_rss(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB, measured by GNU time for this one child."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    return seconds, int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stream", type=int, default=100_000)
    parser.add_argument("--pdf", type=int, default=1_000)
    args = parser.parse_args()
    for tool in ("appeals", "mailmerge"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on PATH; install it first (see this script's docstring)")

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # a log and a profile of the benchmark's own: the user's are neither read nor written
        os.environ["APPEALS_LOG"] = str(work / "log.sqlite3")
        os.environ["APPEALS_PROFILE"] = str(work / "profile.yaml")
        writers = work / "writers.csv"
        write_writers(writers, args.writers)
        mailmerge_template(work / "template.txt")
        (work / "server.conf").write_text("[smtp_server]\nhost = localhost\nport = 25\n")

        ours, theirs = [], []
        for run in range(args.runs):
            out = work / f"eml-{run}"
            # each run writes to a new folder, and the earlier runs' files stay until the end:
            # deleting 10,000 files just before a run made that run's file creations several
            # times slower on this ext4 disk (seen: 0.5 s for 10,000 creations after a sync,
            # 7 s right after deleting 20,000), which is the disk's cost, not the batch's
            os.sync()
            ours.append(
                timed(
                    [
                        "appeals",
                        "batch",
                        str(writers),
                        "--output",
                        str(out),
                        "--today",
                        TODAY,
                        "--format",
                        "eml",
                        "--target",
                        "president",
                        "--quiet",
                    ],
                    work,
                )
            )
            theirs.append(
                timed(
                    [
                        "mailmerge",
                        "--template",
                        "template.txt",
                        "--database",
                        str(writers),
                        "--config",
                        "server.conf",
                        "--dry-run",
                        "--no-limit",
                        "--output-format",
                        "raw",
                    ],
                    work,
                )
            )
        for run in range(args.runs):
            shutil.rmtree(work / f"eml-{run}")
        ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
        print(f"{args.writers} writers x 1 target as .eml, median of {args.runs} runs:")
        for label, median, values in (
            ("appeals batch", ours_median, ours),
            ("mailmerge", theirs_median, theirs),
        ):
            runs = ", ".join(f"{value:.2f}" for value in values)
            print(f"  {label:14} {median:7.2f} s   ({runs})")
        print(f"  ratio          {ours_median / theirs_median:7.2f} x mailmerge (target 0.25)")

        stream = work / "stream.csv"
        write_writers(stream, args.stream)
        seconds, megabytes = peak_rss(
            [
                "appeals",
                "batch",
                str(stream),
                "--output",
                str(work / "stream"),
                "--today",
                TODAY,
                "--format",
                "text",
                "--target",
                "president",
                "--quiet",
            ],
            work,
        )
        print(
            f"{args.stream} writers streamed as text letters: {seconds:.1f} s, "
            f"peak memory {megabytes:.0f} MB (target < 100 MB)"
        )
        shutil.rmtree(work / "stream")

        pdf_writers = work / "pdf.csv"
        write_writers(pdf_writers, args.pdf)
        seconds = timed(
            [
                "appeals",
                "batch",
                str(pdf_writers),
                "--output",
                str(work / "pdf"),
                "--today",
                TODAY,
                "--format",
                "pdf",
                "--combine",
                "--target",
                "president",
                "--quiet",
            ],
            work,
        )
        from pypdf import PdfReader

        pages = len(PdfReader(work / "pdf" / "letters.pdf").pages)
        print(
            f"combined PDF of {args.pdf} letters: {pages} pages in {seconds:.2f} s, "
            f"{1000 * seconds / pages:.2f} ms per page, start-up included (target <= 10)"
        )


if __name__ == "__main__":
    main()
