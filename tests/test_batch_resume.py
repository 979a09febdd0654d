"""--resume matches writers by their row's content, and an interrupted batch says how to go on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.helpers import run

HEADER = "name,email,country\n"
ARGS = ("--today", "2023-05-01", "--target", "president", "--format", "eml")


def rows(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_row_added_at_the_top_before_resuming_gives_every_writer_one_letter(
    tmp_path: Path,
) -> None:
    writers = tmp_path / "w.csv"
    out = tmp_path / "out"
    writers.write_text(HEADER + "Ann,ann@example.org,CA\nBen,ben@example.org,CA\n", "utf-8")
    assert run("batch", str(writers), "--output", str(out), *ARGS).exit_code == 0
    # as if the run had stopped after Ann: Ben's letter neither on disk nor in the manifest
    (out / "00003-ben-president.eml").unlink()
    lines = (out / "manifest.csv").read_text("utf-8").splitlines(keepends=True)
    (out / "manifest.csv").write_text("".join(lines[:-1]), "utf-8")
    writers.write_text(
        HEADER + "Cat,cat@example.org,CA\nAnn,ann@example.org,CA\nBen,ben@example.org,CA\n",
        "utf-8",
    )
    result = run("batch", str(writers), "--output", str(out), *ARGS, "--resume")
    assert result.exit_code == 0, result.stderr
    assert "Already written by an earlier run: 1" in result.stdout
    files = sorted(p.name for p in out.glob("*.eml"))
    assert files == [
        "00002-ann-president.eml",
        "00002-cat-president.eml",
        "00004-ben-president.eml",
    ]
    letters = {f: (out / f).read_text(encoding="utf-8") for f in files}
    for name in ("Ann", "Ben", "Cat"):
        [mine] = [f for f, text in letters.items() if f"From: {name} <" in text]
        assert mine.endswith(f"-{name.lower()}-president.eml")
    listed = rows(out)
    assert sorted(r["writer"] for r in listed) == ["Ann", "Ben", "Cat"]
    assert len({r["row"] for r in listed}) == 3


def test_a_name_taken_by_the_earlier_run_gets_a_new_one(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    out = tmp_path / "out"
    writers.write_text(HEADER + "Ann,ann@example.org,CA\n", "utf-8")
    assert run("batch", str(writers), "--output", str(out), *ARGS).exit_code == 0
    # another Ann, with another address, now on line 2
    writers.write_text(HEADER + "Ann,ann2@example.org,CA\nAnn,ann@example.org,CA\n", "utf-8")
    result = run("batch", str(writers), "--output", str(out), *ARGS, "--resume")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.eml")) == [
        "00002-ann-president-2.eml",
        "00002-ann-president.eml",
    ]
    assert "ann2@example.org" in (out / "00002-ann-president-2.eml").read_text("utf-8")


def test_the_same_row_twice_is_two_writers_on_resume(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    out = tmp_path / "out"
    writers.write_text(HEADER + "Ann,ann@example.org,CA\nAnn,ann@example.org,CA\n", "utf-8")
    assert run("batch", str(writers), "--output", str(out), *ARGS).exit_code == 0
    again = run("batch", str(writers), "--output", str(out), *ARGS, "--resume")
    assert "Already written by an earlier run: 2" in again.stdout
    assert len(rows(out)) == 2


def test_a_manifest_from_before_row_matching_is_not_resumed(tmp_path: Path) -> None:
    writers = tmp_path / "w.csv"
    out = tmp_path / "out"
    writers.write_text(HEADER + "Ann,ann@example.org,CA\n", "utf-8")
    out.mkdir()
    (out / "manifest.csv").write_text("line,writer,target,lang,action,file,page,sha256\n", "utf-8")
    result = run("batch", str(writers), "--output", str(out), *ARGS, "--resume")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out / 'manifest.csv'}: written by an older appeals, which matched rows by line "
        "number; start the batch again with --force"
    )


def test_an_interrupted_batch_says_resume_continues_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from appeals.export import export_letter as real

    calls = []

    def stop_at_the_second(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("appeals.batch.export_letter", stop_at_the_second)
    writers = tmp_path / "w.csv"
    out = tmp_path / "out"
    writers.write_text(HEADER + "Ann,ann@example.org,CA\nBen,ben@example.org,CA\n", "utf-8")
    result = run("batch", str(writers), "--output", str(out), *ARGS)
    assert (result.exit_code, result.stdout) == (130, "")
    assert result.stderr.splitlines()[-1] == (
        f"Interrupted: the letters in {out} so far are complete (listed in its manifest.csv) but "
        "not logged yet; run the same command with --resume to finish the batch"
    )
    assert [r["writer"] for r in rows(out)] == ["Ann"]
    monkeypatch.setattr("appeals.batch.export_letter", real)
    resumed = run("batch", str(writers), "--output", str(out), *ARGS, "--resume")
    assert resumed.exit_code == 0
    assert [r["writer"] for r in rows(out)] == ["Ann", "Ben"]
