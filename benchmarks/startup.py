#!/usr/bin/env python3
"""Measure start-up: `appeals draft` piped to a file, `appeals --help`, and `mailmerge --help`.

Prints medians over --runs runs of each, taken in turns in the same run; it is not a test.

    python3 -m pip install . 'mailmerge>=2,<3'
    python3 benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "appeals draft (ru, piped)": [
        "appeals",
        "draft",
        "--target",
        "president",
        "--lang",
        "ru",
        "--today",
        "2022-06-01",
        "--action",
        "update-1",
    ],
    "appeals --help": ["appeals", "--help"],
    "mailmerge --help": ["mailmerge", "--help"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for tool in ("appeals", "mailmerge"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on PATH; install it first (see this script's docstring)")
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "letter.txt"
        # a log and a profile of the benchmark's own: the user's are neither read nor written
        os.environ["APPEALS_LOG"] = str(Path(folder) / "log.sqlite3")
        os.environ["APPEALS_PROFILE"] = str(Path(folder) / "profile.yaml")
        for command in COMMANDS.values():  # once each to warm the disk cache
            subprocess.run(command, capture_output=True, check=True)
        for _ in range(args.runs):
            for name, command in COMMANDS.items():
                with out.open("wb") as sink:
                    start = time.perf_counter()
                    subprocess.run(command, stdout=sink, stderr=subprocess.DEVNULL, check=True)
                    times[name].append(time.perf_counter() - start)
    peer = statistics.median(times["mailmerge --help"])
    targets = {"appeals draft (ru, piped)": 0.8, "appeals --help": 0.6}
    print(f"median wall time over {args.runs} runs each:")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = f"{median / peer:.2f} x mailmerge --help" if name in targets else "(the peer)"
        goal = f" (target {targets[name]})" if name in targets else ""
        print(f"  {name:28} {1000 * median:6.0f} ms  {ratio}{goal}")


if __name__ == "__main__":
    main()
