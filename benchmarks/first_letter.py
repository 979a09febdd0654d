#!/usr/bin/env python3
"""Measure row 5 of issue 15 alone: one `appeals draft --format eml` vs mailmerge, one message.

Prints figures; it is not a test. Needs `appeals` and `mailmerge` (PyPI, 2.x) on PATH:

    python3 -m pip install . 'mailmerge>=2,<3'
    python3 benchmarks/first_letter.py [--runs 15] [--before OTHER/bin/appeals] [--callgrind]

The draft and mailmerge are timed in turns, run after run, so a change in the machine's load
touches both sides of the ratio; everything is written under --work (default /dev/shm, a tmpfs).
`--before` times a second `appeals` (say, an install of the code before a change) in the same
turns, so before and after compare within one run. `--callgrind` also counts the instructions
of one draft of each under `valgrind --tool=callgrind`, which other processes' load does not
change (it runs the draft about fifty times slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch import TODAY, mailmerge_template, write_writers
from table import WRITER, timed


def draft_command(appeals: str, letter: Path) -> list[str]:
    command = [appeals, "draft", "--today", TODAY, "--target", "president", *WRITER]
    return [*command, "--format", "eml", "--output", str(letter), "--force"]


def instructions(command: list[str], work: Path) -> int:
    """Instructions executed by `command` under callgrind (the whole process)."""
    out = work / "callgrind.out"
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        sys.exit(f"valgrind printed no instruction count:\n{result.stderr}")
    out.unlink()
    return int(found[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--before", help="another `appeals` executable to time in the same run")
    parser.add_argument("--callgrind", action="store_true", help="count instructions too")
    parser.add_argument("--work", type=Path, default=Path("/dev/shm"))
    args = parser.parse_args()
    for tool in ("appeals", "mailmerge", *(["valgrind"] if args.callgrind else [])):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on PATH; install it first (see this script's docstring)")

    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        work = Path(folder)
        # a log, profile and cache of the benchmark's own: the user's are not touched
        os.environ["APPEALS_LOG"] = str(work / "log.sqlite3")
        os.environ["APPEALS_PROFILE"] = str(work / "profile.yaml")
        os.environ["APPEALS_CACHE"] = str(work / "cache")
        one = work / "one.csv"
        write_writers(one, 1)
        mailmerge_template(work / "template.txt")
        (work / "server.conf").write_text("[smtp_server]\nhost = localhost\nport = 25\n")
        mailmerge = ["mailmerge", "--template", "template.txt", "--config", "server.conf"]
        mailmerge += ["--dry-run", "--no-limit", "--output-format", "raw", "--database", str(one)]
        commands = {"appeals draft": draft_command("appeals", work / "letter.eml")}
        if args.before:
            commands["before: appeals draft"] = draft_command(args.before, work / "before.eml")
        commands["mailmerge, one message"] = mailmerge
        for command in commands.values():  # warm the disk cache and the caches of each tool
            timed(command, work)
            timed(command, work)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, work))
        peer = statistics.median(times["mailmerge, one message"])
        load = os.getloadavg()[0]
        print(f"median wall time over {args.runs} runs each, in turns (load average {load:.1f}):")
        for name, values in times.items():
            median = statistics.median(values)
            spread = f"{1000 * min(values):.0f}–{1000 * max(values):.0f}"
            print(f"  {name:24} {1000 * median:6.0f} ms ({spread})  {median / peer:.2f}×")
        if args.callgrind:
            print("instructions under callgrind (one run each):")
            for name, command in commands.items():
                print(f"  {name:24} {instructions(command, work) / 1e6:8,.0f} M")


if __name__ == "__main__":
    main()
