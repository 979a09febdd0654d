"""A big batch shared out to worker processes writes the same bytes as one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import appeals.batch_pool
from tests.helpers import run

HEADER = "name,email,address,city,postcode,country,lang,personal\n"


def writers_csv(path: Path) -> None:
    rows = []
    for i in range(40):
        kind = i % 8
        if kind == 0:
            rows.append(f"Writer {i},w{i}@example.org,{i} Elm Street,Toronto,M4B 1B3,CA,,\n")
        elif kind == 1:
            rows.append(f"Писатель {i},p{i}@example.org,{i} Baker Street,London,NW1,GB,ru,\n")
        elif kind == 2:
            rows.append(f"Bad Email {i},not-an-email,,Leeds,,GB,,\n")  # rejected when checked
        elif kind == 3:
            rows.append(f"Long {i},l{i}@example.org,,Leeds,,GB,,{'word ' * 500}\n")  # when composed
        elif kind == 4:
            rows.append("Same Person,same@example.org,,Leeds,,GB,,\n")  # the same row, repeated
        elif kind == 5:
            rows.append(f"Nowhere {i},n{i}@example.org,,Paris,,FR,,\n")  # no embassy serves FR
        elif kind == 6:
            rows.append(f"Personal {i},q{i}@example.org,,Ottawa,,CA,,I write from Ottawa.\n")
        else:
            rows.append(f",{i}@example.org,,,,,,\n")  # no name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def settle_after(monkeypatch: pytest.MonkeyPatch, variants: int, tmp_path: Path) -> Path:
    """Every (target, language) is settled once `variants` writers got one: workers then plan
    and write rows alone, which they note in the file returned."""
    import appeals.batch

    monkeypatch.setattr(appeals.batch, "VARIANTS", variants)
    notes = tmp_path / "alone.txt"
    real = appeals.batch.Batch.plan_settled

    def noted(self: appeals.batch.Batch, *args: object) -> object:
        with notes.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(appeals.batch.Batch, "plan_settled", noted)
    return notes


@pytest.mark.parametrize("settled", [False, True], ids=["variants-chosen-here", "settled"])
@pytest.mark.parametrize("output_format", ["eml", "text", "pdf"])
def test_the_pool_writes_the_bytes_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str, settled: bool
) -> None:
    writers = tmp_path / "w.csv"
    writers_csv(writers)
    args = ("--today", "2023-05-01", "--format", output_format)
    notes = settle_after(monkeypatch, 2, tmp_path) if settled else tmp_path / "none"
    monkeypatch.setattr(appeals.batch_pool, "workers_for", lambda path, fmt: 1)
    alone = run("batch", str(writers), "--output", str(tmp_path / "alone"), *args)

    pooled_runs = []
    real = appeals.batch_pool.run_in_pool

    def spy(*a: object, **k: object) -> None:
        pooled_runs.append(1)
        real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(appeals.batch_pool, "workers_for", lambda path, fmt: 2)
    monkeypatch.setattr(appeals.batch_pool, "run_in_pool", spy)
    monkeypatch.setattr(appeals.batch_pool, "CHUNK_ROWS", 3)
    pooled = run("batch", str(writers), "--output", str(tmp_path / "pooled"), *args)
    assert pooled_runs == [1]
    assert (pooled.exit_code, pooled.stdout.replace("pooled", "alone")) == (
        alone.exit_code,
        alone.stdout,
    )
    assert alone.exit_code == 1  # some rows are rejected
    expected = folder_bytes(tmp_path / "alone")
    assert len(expected) > 40
    assert folder_bytes(tmp_path / "pooled") == expected
    if settled:  # most rows were written by the worker that checked them (which of the two
        # workers takes which chunk depends on the machine's load, so not that both did)
        planners = set(notes.read_text(encoding="utf-8").split())
        assert planners and str(os.getpid()) not in planners
        assert pooled.stdout.count("No embassy letter") == 1


@pytest.mark.parametrize("settled", [False, True], ids=["variants-chosen-here", "settled"])
def test_a_pooled_resume_finishes_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: bool
) -> None:
    if settled:
        settle_after(monkeypatch, 2, tmp_path)
    writers = tmp_path / "w.csv"
    writers_csv(writers)
    full = writers.read_text(encoding="utf-8")
    first_half = "".join(full.splitlines(keepends=True)[:20])
    monkeypatch.setattr(appeals.batch_pool, "CHUNK_ROWS", 3)
    for name, workers in (("alone", 1), ("pooled", 2)):
        monkeypatch.setattr(appeals.batch_pool, "workers_for", lambda path, fmt, n=workers: n)
        out = tmp_path / name
        writers.write_text(first_half, encoding="utf-8")
        run("batch", str(writers), "--output", str(out), "--today", "2023-05-01")
        writers.write_text(full, encoding="utf-8")
        resumed = run(
            "batch", str(writers), "--output", str(out), "--today", "2023-05-01", "--resume"
        )
        assert "Already written by an earlier run:" in resumed.stdout
    assert folder_bytes(tmp_path / "pooled") == folder_bytes(tmp_path / "alone")


def test_a_letter_that_cannot_be_written_stops_the_pooled_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers = tmp_path / "w.csv"
    writers_csv(writers)
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "00011-писатель-9-president.txt"
    kept.write_text("signed copy", encoding="utf-8")
    monkeypatch.setattr(appeals.batch_pool, "workers_for", lambda path, fmt: 2)
    monkeypatch.setattr(appeals.batch_pool, "CHUNK_ROWS", 3)
    result = run("batch", str(writers), "--output", str(out), "--today", "2023-05-01")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {kept}: already exists; add --force to replace it"
    )
    assert kept.read_text(encoding="utf-8") == "signed copy"


def test_a_batch_of_pdfs_goes_to_every_core_sooner_than_one_of_emails(tmp_path: Path) -> None:
    from appeals.batch_pool import workers_for

    def csv_of(rows: int) -> Path:
        path = tmp_path / f"{rows}.csv"
        path.write_text("name\n" + "".join(f"W{i}\n" for i in range(rows)), encoding="utf-8")
        return path

    small, big = csv_of(500), csv_of(2_500)
    assert workers_for(small, "eml") == workers_for(small, "text") == 1
    assert workers_for(small, "pdf") == workers_for(big, "eml") == workers_for(big, "pdf")
    assert workers_for(csv_of(100), "pdf") == 1
