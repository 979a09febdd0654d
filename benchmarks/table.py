#!/usr/bin/env python3
"""Measure issue 15's table side by side in one run, each row as a ratio of medians.

Prints figures; it is not a test. Needs `appeals` and `mailmerge` (PyPI, 2.x) on PATH:

    python3 -m pip install . 'mailmerge>=2,<3'
    python3 benchmarks/table.py [--runs 7] [--log-letters 300000] [--memory-writers 100000]
    python3 benchmarks/table.py --rows 4 --batch-runs 5    # some rows only ("m": the memory)
    python3 benchmarks/table.py --rows 4 --before OLD/bin  # row 4 also for another install

Everything is written under --work (default /dev/shm, a tmpfs), so the figures are the tools'
own work, not the disk's. The action log of row 1 is filled by `appeals batch` itself (writers x
the President and their embassy), and each batch's letters are deleted once logged. Commands are
timed in turns, run after run, so a change in the machine's load touches both sides of a ratio.

Rows:
1. `appeals draft --format eml` with --log-letters in the action log, vs an empty log
2. `appeals report` and `appeals log` on that log, vs one draft
3. 1,000 separate PDFs vs 1,000 .eml files in a batch
4. 10,000 .eml files in a batch vs mailmerge's dry run of the same rows
5. one `appeals draft --format eml` vs mailmerge rendering one message
and the peak memory of a --memory-writers batch (text letters): the largest process, and all
of its processes together, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch import TODAY, mailmerge_template, write_writers

DEVNULL = subprocess.DEVNULL
WRITER = [
    "--name",
    "Jane Doe",
    "--address",
    "12 Elm Street",
    "--city",
    "Toronto",
    "--postcode",
    "M4B 1B3",
    "--country",
    "CA",
    "--email",
    "jane@example.org",
]


def compared(
    job: str, top: float | None, bottom: float | None, bar: str, unit: str = "ms"
) -> tuple[str, str, float, str]:
    """A row of the table: the job, both medians (in ms, or in s), their ratio, the bar."""
    assert top is not None and bottom is not None
    if unit == "s":
        return job, f"{top:.2f} vs {bottom:.2f} s", top / bottom, bar
    return job, f"{1000 * top:.0f} vs {1000 * bottom:.0f} ms", top / bottom, bar


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, stdout=DEVNULL, stderr=DEVNULL, check=True, env=env or os.environ
    )
    return time.perf_counter() - start


def batch_command(
    writers: Path, out: Path, fmt: str, *more: str, appeals: str = "appeals"
) -> list[str]:
    return [
        appeals,
        "batch",
        str(writers),
        "--output",
        str(out),
        "--today",
        TODAY,
        "--format",
        fmt,
        "--quiet",
        *more,
    ]


def fill_log(work: Path, log: Path, letters: int) -> None:
    """`letters` letters in the log, written by the tool's own batches (2 letters a writer)."""
    env = {**os.environ, "APPEALS_LOG": str(log)}
    writers = work / "fill.csv"
    per_batch = 25_000
    done = 0
    while done < letters:
        count = min(per_batch, (letters - done + 1) // 2)
        write_writers(writers, count, start=done)
        out = work / "fill"
        subprocess.run(
            batch_command(writers, out, "text"), env=env, check=True, stdout=DEVNULL, stderr=DEVNULL
        )
        shutil.rmtree(out)
        done += 2 * count
        print(f"  log filled: {done:,} letters", file=sys.stderr)


def sample_memory(pid: int, stop: threading.Event, peaks: list[float]) -> None:
    """Peak memory of the process tree under `pid`, in MB: the largest process's RSS, the sum
    of their RSS (pages the processes share are counted in each), and the sum of their PSS
    (each shared page divided among the processes sharing it: the memory the tree takes)."""
    largest = total = proportional = 0.0
    while not stop.is_set():
        tree = _tree(pid)
        sizes = [_memory(p, "VmRSS:", "status") for p in tree]
        if sizes:
            largest, total = max(largest, max(sizes)), max(total, sum(sizes))
            shares = sum(_memory(p, "Pss:", "smaps_rollup") for p in tree)
            proportional = max(proportional, shares)
        time.sleep(0.02)
    peaks[:] = [largest, total, proportional]


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return found


def _memory(pid: int, field: str, name: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def medians(jobs: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            times[name].append(job())
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each quick command")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs of each batch")
    parser.add_argument("--log-letters", type=int, default=300_000)
    parser.add_argument("--memory-writers", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm"))
    parser.add_argument(
        "--rows",
        default="1,2,3,4,5,m",
        help="the rows to measure, such as 4 or 1,5 (m: the memory of a big batch)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="the bin folder of another install of appeals (the code before a change): row 4 "
        "also times its batch, in the same turns, and prints its ratio",
    )
    args = parser.parse_args()
    if args.before is not None and not (args.before / "appeals").is_file():
        sys.exit(f"--before {args.before}: no 'appeals' there; give an install's bin folder")
    wanted = set(args.rows.replace(" ", "").split(","))
    if not wanted or not wanted <= {"1", "2", "3", "4", "5", "m"}:
        sys.exit(f"--rows {args.rows}: give row numbers 1 to 5 and m, separated by commas")
    for tool in ("appeals", "mailmerge"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on PATH; install it first (see this script's docstring)")

    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        work = Path(folder)
        empty_log, full_log = work / "empty.sqlite3", work / "full.sqlite3"
        # a log, profile and template cache of the benchmark's own: the user's are not touched
        os.environ["APPEALS_LOG"] = str(empty_log)
        os.environ["APPEALS_PROFILE"] = str(work / "profile.yaml")
        os.environ["APPEALS_CACHE"] = str(work / "cache")
        if wanted & {"1", "2"}:
            print(f"filling an action log with {args.log_letters:,} letters...", file=sys.stderr)
            fill_log(work, full_log, args.log_letters)

        letter = work / "letter.eml"
        draft = ["appeals", "draft", "--today", TODAY, "--target", "president", *WRITER]
        draft += ["--format", "eml", "--output", str(letter), "--force"]
        full_env = {**os.environ, "APPEALS_LOG": str(full_log)}
        one = work / "one.csv"
        write_writers(one, 1)
        mailmerge_template(work / "template.txt")
        (work / "server.conf").write_text("[smtp_server]\nhost = localhost\nport = 25\n")
        mailmerge = ["mailmerge", "--template", "template.txt", "--config", "server.conf"]
        mailmerge += ["--dry-run", "--no-limit", "--output-format", "raw", "--database"]
        for command in (draft, [*mailmerge, str(one)]):  # warm the disk cache and the templates
            timed(command, work)
        quick_jobs: dict[str, Callable[[], float]] = {}
        if wanted & {"1", "2", "5"}:
            quick_jobs["draft, empty log"] = lambda: timed(draft, work)
        if "1" in wanted:
            quick_jobs["draft, full log"] = lambda: timed(draft, work, full_env)
        if "2" in wanted:
            quick_jobs["report, full log"] = lambda: timed(
                ["appeals", "report", "--today", TODAY], work, full_env
            )
            quick_jobs["log, full log"] = lambda: timed(["appeals", "log"], work, full_env)
        if "5" in wanted:
            quick_jobs["mailmerge, one message"] = lambda: timed([*mailmerge, str(one)], work)
        quick = medians(quick_jobs, args.runs)

        ten = work / "ten.csv"
        write_writers(ten, 10_000)
        thousand = work / "thousand.csv"
        write_writers(thousand, 1_000)
        counter = iter(range(10**6))

        def batch_job(writers: Path, fmt: str, appeals: str = "appeals") -> Callable[[], float]:
            def job() -> float:
                out = work / f"out-{next(counter)}"
                command = batch_command(writers, out, fmt, "--target", "president", appeals=appeals)
                seconds = timed(command, work)
                shutil.rmtree(out)
                return seconds

            return job

        batch_jobs: dict[str, Callable[[], float]] = {}
        if "4" in wanted:
            batch_jobs["10,000 eml"] = batch_job(ten, "eml")
            if args.before is not None:  # the same batch by the other install, in the same turns
                batch_jobs["10,000 eml, before"] = batch_job(
                    ten, "eml", str(args.before / "appeals")
                )
            batch_jobs["mailmerge 10,000"] = lambda: timed([*mailmerge, str(ten)], work)
        if "3" in wanted:
            batch_jobs["1,000 pdf"] = batch_job(thousand, "pdf")
            batch_jobs["1,000 eml"] = batch_job(thousand, "eml")
        batches = medians(batch_jobs, args.batch_runs)

        stop, peaks, seconds = threading.Event(), [0.0, 0.0, 0.0], 0.0
        if "m" in wanted:
            big = work / "big.csv"
            write_writers(big, args.memory_writers)
            start = time.perf_counter()
            process = subprocess.Popen(
                batch_command(big, work / "big", "text", "--target", "president"),
                cwd=work,
                stdout=DEVNULL,
                stderr=DEVNULL,
            )
            sampler = threading.Thread(target=sample_memory, args=(process.pid, stop, peaks))
            sampler.start()
            process.wait()
            seconds = time.perf_counter() - start
            stop.set()
            sampler.join()

    rows: list[tuple[str, str, float, str]] = []
    full, empty = quick.get("draft, full log"), quick.get("draft, empty log")
    if "1" in wanted:
        job = f"`appeals draft` with {args.log_letters:,} letters in the log, vs an empty log"
        rows.append(compared(job, full, empty, "≤ 1.15×"))
    if "2" in wanted:
        job = "`appeals report` on that log, vs one draft"
        rows.append(compared(job, quick["report, full log"], empty, "≤ 2×"))
        job = "`appeals log` on that log, vs one draft"
        rows.append(compared(job, quick["log, full log"], empty, "≤ 2×"))
    if "3" in wanted:
        job = "1,000 separate PDFs vs 1,000 `.eml` in a batch"
        rows.append(compared(job, batches["1,000 pdf"], batches["1,000 eml"], "≤ 4×", "s"))
    if "4" in wanted:
        job = "10,000 `.eml` in a batch vs mailmerge's dry run of the same rows"
        mailmerge = batches["mailmerge 10,000"]
        rows.append(compared(job, batches["10,000 eml"], mailmerge, "≤ 0.5×", "s"))
        if args.before is not None:
            job = f"the same, by {args.before / 'appeals'}"
            rows.append(compared(job, batches["10,000 eml, before"], mailmerge, "≤ 0.5×", "s"))
    if "5" in wanted:
        job = "one `draft --format eml` vs mailmerge rendering one message"
        rows.append(compared(job, empty, quick["mailmerge, one message"], "≤ 1.6×"))
    print(f"medians of {args.runs} runs (batches: {args.batch_runs}), letters in {args.work}")
    print("| job | times | ratio | bar |")
    print("|---|---|---|---|")
    for job, figures, ratio, bar in rows:
        print(f"| {job} | {figures} | {ratio:.2f}× | {bar} |")
    if "m" in wanted:
        print(
            f"| {args.memory_writers:,}-writer batch (text), peak memory | largest process "
            f"{peaks[0]:.0f} MB; all its processes {peaks[1]:.0f} MB RSS, {peaks[2]:.0f} MB PSS; "
            f"{seconds:.1f} s | | < 100 MB |"
        )


if __name__ == "__main__":
    main()
