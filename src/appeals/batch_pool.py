"""A big batch on every core: worker processes check and write the letters, this one keeps order.

Rows go out in chunks. A worker checks a chunk's rows (the writer's details, with the costly
email validation). A letter's variant depends on the writers before it until every variant of
its target and language was given (plan() then gives each writer their own): a row whose
variants are settled so is planned, composed, exported and written by the worker at once.
The others come back here, where their variants are chosen in row order, and a worker then
composes, exports and writes their letters; back here the chunk's manifest lines and
rejections are added in row order. A window of chunks is in flight at
once, so the CSV is read as the letters are written and memory stays flat. The files, manifest
and rejected.csv are the bytes a single process writes (tests/test_batch_pool.py compares them).

Workers are forked, so they start with the batch already loaded; where fork is not available,
and for small batches, the batch runs in one process. When the batch stops early (Ctrl-C, a
letter that cannot be written), the workers are asked to stop: each finishes the letter in hand
and takes no other, so no half-written `.part` file is left behind; only then is the pool ended.
(A worker that outlives SETTLE_SECONDS is killed, and may leave a `.part` file, which --resume
clears.) Workers keep the default SIGTERM: a Python handler that unwinds a worker can leave the
queue's lock taken and hang the pool's end.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from appeals.errors import AppealsError, InputError
from appeals.models import Lang, Writer
from appeals.writers import WriterRow

if TYPE_CHECKING:
    from appeals.batch import Batch, _Sink

# fewer rows: starting workers costs more than it saves. A PDF costs about four times an
# email's work (its layout and font subset), so a smaller batch of PDFs already gains.
PARALLEL_FROM_ROWS = {"pdf": 400}
PARALLEL_FROM_ROWS_OTHERWISE = 2_000
CHUNK_ROWS = 200
WINDOW = 4  # chunks in flight per worker, at each of the two steps
SETTLE_SECONDS = 10.0  # how long a stopping batch waits for the letters in hand

# set just before the workers are forked; they read it, never write it
_JOB: tuple[Batch, dict[tuple[str, str], str], set[str]] | None = None
# shared memory set by this process when the batch stops early; workers read it between letters
_STOP: ctypes.c_bool | None = None

# What goes between the processes is kept small, as each item is pickled: a checked writer
# travels as its values (Fields), made a Writer again without a second validation.
Fields = tuple[object, ...]  # a checked Writer's values, in the order of its fields
Checked = tuple[Fields, Lang, list[str]] | str  # writer, language, target ids; or why rejected
# (line, personal sentence, row key, writer, language, [(target id, variant)])
Planned = tuple[int, str, str, Fields, Lang, list[tuple[str, int]]]
Made = list[list[str]] | str  # manifest lines, or why the row was rejected


class Alone(NamedTuple):
    """A row a worker planned and wrote by itself (its variants were settled)."""

    made: Made
    no_embassy: str | None  # why the writer gets no embassy letter, if asked for
    skipped: int  # letters an earlier run wrote (--resume)


Keyed = list[tuple[str, WriterRow]]  # rows with their keys
_FIELDS = tuple(Writer.model_fields)
NAME, COUNTRY = _FIELDS.index("name"), _FIELDS.index("country")


def workers_for(writers: Path, output_format: str) -> int:
    """How many processes a batch of this CSV gets: one per core for a big one."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cores or cores < 2:
        return 1
    from appeals.batch import estimate_rows

    rows = estimate_rows(writers)  # None for a pipe, which cannot be counted before it is read
    enough = PARALLEL_FROM_ROWS.get(output_format, PARALLEL_FROM_ROWS_OTHERWISE)
    return cores if rows is not None and rows >= enough else 1


def _quiet_worker() -> None:
    # Ctrl-C reaches every process in the group: the parent alone answers it, by asking the
    # workers to stop (_STOP).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _busy() -> Iterator[None]:
    """While a worker works on a chunk, SIGTERM (the pool ended while it is still busy) unwinds
    like an exception, so the letter in hand removes its `.part` file. Idle, waiting for the
    next chunk, it ends at once: a Python handler could miss a SIGTERM that comes just as the
    worker starts to wait (the wait is not interrupted), and the pool would wait for it for ever."""
    signal.signal(signal.SIGTERM, _end_worker)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _end_worker(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stopping() -> bool:
    return _STOP is not None and bool(_STOP.value)


def _check_chunk(rows: Keyed, settled: frozenset[tuple[str, str]]) -> list[Checked | Alone]:
    with _busy():
        return _check_rows(rows, settled)


def _check_rows(rows: Keyed, settled: frozenset[tuple[str, str]]) -> list[Checked | Alone]:
    """Check each row; write the letters of those whose (target, language) variants are all
    `settled` at once."""
    assert _JOB is not None
    batch, done, taken = _JOB
    checked: list[Checked | Alone] = []
    for key, row in rows:
        if _stopping():
            break  # the results are not read
        try:
            writer, lang, targets = batch.check(row)
        except InputError as err:
            checked.append(str(err))
            continue
        if all((target.id, lang) in settled for target in targets):
            todo, no_embassy, skipped = batch.plan_settled(
                writer.name, writer.country, targets, key, done
            )
            try:
                letters = batch.compose(row.cells["personal"], writer, lang, todo)
            except InputError as err:
                checked.append(Alone(str(err), no_embassy, skipped))
            else:  # a letter that cannot be written raises, and stops the batch
                made = batch.write_letters(row.line, key, writer, letters, taken)
                checked.append(Alone(made, no_embassy, skipped))
        else:
            values = tuple(getattr(writer, name) for name in _FIELDS)
            checked.append((values, lang, [t.id for t in targets]))
    return checked


def _writer(values: Fields) -> Writer:
    """The Writer a worker checked, from its values: they were validated there."""
    return Writer.model_construct(**dict(zip(_FIELDS, values, strict=True)))  # type: ignore[arg-type]


def _make_chunk(planned: list[Planned]) -> list[Made]:
    with _busy():
        return _make_letters(planned)


def _make_letters(planned: list[Planned]) -> list[Made]:
    assert _JOB is not None
    batch, _, taken = _JOB
    made: list[Made] = []
    for line, personal, key, values, lang, todo in planned:
        if _stopping():
            break  # the results are not read
        writer = _writer(values)
        targets = [(batch.folder.targets[target], variant) for target, variant in todo]
        try:
            letters = batch.compose(personal, writer, lang, targets)
        except InputError as err:
            made.append(str(err))
        else:  # a letter that cannot be written raises, and stops the batch
            made.append(batch.write_letters(line, key, writer, letters, taken))
    return made


def run_in_pool(
    batch: Batch, done: dict[tuple[str, str], str], taken: set[str], sink: _Sink, workers: int
) -> None:
    global _JOB, _STOP
    context = multiprocessing.get_context("fork")
    _JOB = (batch, done, taken)
    _STOP = context.RawValue(ctypes.c_bool, False)
    # objects made so far move out of the collector's reach, so the workers' collections do
    # not write to (and so copy) the pages they share with this process
    gc.freeze()
    try:
        pool: Pool = context.Pool(workers, initializer=_quiet_worker)
    finally:
        gc.unfreeze()
    checking: deque[tuple[Keyed, AsyncResult[list[Checked | Alone]]]] = deque()
    making: deque[Making] = deque()
    try:
        _drive(pool, batch, done, sink, workers, checking, making)
    except BaseException:
        try:
            in_flight = (m.pending for m in making if m.pending is not None)
            _settle(chain((pending for _, pending in checking), in_flight))
        finally:
            pool.terminate()
        raise
    else:
        pool.close()  # every chunk is done: the workers end as they take no other
    finally:
        pool.join()
        _JOB = _STOP = None


class Making(NamedTuple):
    """A checked chunk: its rows, what is known of each (None: written by `pending`), and the
    places of the rows that `pending` writes."""

    rows: list[WriterRow]
    made: list[Made | None]
    places: list[int]
    pending: AsyncResult[list[Made]] | None


def _settle(
    in_flight: Iterable[AsyncResult[list[Checked | Alone]] | AsyncResult[list[Made]]],
) -> None:
    """Ask the workers to stop, and wait (briefly) until each has finished its letter in hand."""
    assert _STOP is not None
    _STOP.value = True
    deadline = time.monotonic() + SETTLE_SECONDS
    for pending in in_flight:
        pending.wait(max(0.0, deadline - time.monotonic()))


def _drive(
    pool: Pool,
    batch: Batch,
    done: dict[tuple[str, str], str],
    sink: _Sink,
    workers: int,
    checking: deque[tuple[Keyed, AsyncResult[list[Checked | Alone]]]],
    making: deque[Making],
) -> None:
    """Feed the pool and take its results in row order; `checking` and `making` hold the chunks
    in flight at each step, which a batch that stops early waits for."""
    window = WINDOW * workers
    result = sink.result

    def check(chunk: Keyed) -> None:
        settled = batch.settled_keys()
        checking.append((chunk, pool.apply_async(_check_chunk, (chunk, settled))))

    def plan_next() -> None:
        chunk, pending = checking[0]  # left in place until done, for a batch that stops early
        try:
            results = pending.get()
        except AppealsError:
            # a letter that cannot be written: the chunks before it are finished first, so
            # the manifest lists their letters, as one process would have
            while making:
                finish_next()
            raise
        checking.popleft()
        planned: list[Planned] = []
        made: list[Made | None] = []
        places: list[int] = []
        for place, ((key, row), checked) in enumerate(zip(chunk, results, strict=True)):
            if isinstance(checked, str):  # rejected when checked
                made.append(checked)
            elif isinstance(checked, Alone):
                if checked.no_embassy is not None:
                    result.no_embassy.append((row.line, checked.no_embassy))
                result.skipped += checked.skipped
                made.append(checked.made)
            else:
                values, lang, target_ids = checked
                targets = [batch.folder.targets[target] for target in target_ids]
                name, country = values[NAME], values[COUNTRY]
                assert name is None or isinstance(name, str)
                assert country is None or isinstance(country, str)
                todo = batch.plan(name, country, lang, targets, key, done, result, row.line)
                chosen = [(t.id, variant) for t, variant in todo]
                planned.append((row.line, row.cells["personal"], key, values, lang, chosen))
                made.append(None)
                places.append(place)
        later = pool.apply_async(_make_chunk, (planned,)) if planned else None
        making.append(Making([row for _, row in chunk], made, places, later))

    def finish_next() -> None:
        rows, made, places, pending = making[0]
        if pending is not None:
            for place, written in zip(places, pending.get(), strict=True):
                made[place] = written
        making.popleft()
        for row, letters in zip(rows, made, strict=True):
            assert letters is not None
            if isinstance(letters, str):
                sink.reject(row, letters, flush=False)
            else:
                sink.add(letters, flush=False)
        sink.flush()  # the chunk's letters are all on disk: their lines go in one write

    chunk: Keyed = []
    for keyed in batch.keyed_rows():
        chunk.append(keyed)
        if len(chunk) == CHUNK_ROWS:
            check(chunk)
            chunk = []
            while len(checking) > window // 2:
                plan_next()
            while len(making) > window // 2:
                finish_next()
    if chunk:
        check(chunk)
    while checking:
        plan_next()
    while making:
        finish_next()
