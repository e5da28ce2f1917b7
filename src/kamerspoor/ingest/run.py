"""An ingest run: find the files, prepare each in a worker process, write them in this one, a batch at a time.

Preparing (reading, recognising, analysing, making rows) is pure and runs in ``jobs`` worker processes, or as
tasks on a Dask cluster (``dask``: :mod:`kamerspoor.distributed`, the workers read the files at the same
path); the store is written by this process only, in transactions of about ``batch`` documents (a file's
documents never split), so a run killed at any moment leaves whole batches only, marked with their files, and
the next run picks up where it stopped (a file whose bytes are unchanged is not read again). A batch the
database refuses part of is written again one file per transaction, so the refusal costs one file. A bad file never stops the run: it is collected as (file, reason) in the report, and no file is read
beyond its limit (:mod:`kamerspoor.read.bounded`). A failing database does stop it, with the report so far
(``report.stopped`` says why and where, :mod:`kamerspoor.store.faults`): a store that cannot be written
before any file is read, a lost connection or a full disk where it happens, since every file after it would
fail the same way.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamerspoor.errors import PipelineError
from kamerspoor.ingest.files import find_files
from kamerspoor.ingest.handlers import handler, recognise
from kamerspoor.ingest.links import resolve_links
from kamerspoor.ingest.opendata import resolve_open_data
from kamerspoor.ingest.report import IngestReport
from kamerspoor.model import InputError
from kamerspoor.store import Store

if TYPE_CHECKING:
    from distributed import Client


@dataclass
class Prepared:
    """One file made ready to write: its handler's name (or "unchanged", "failed") and rows."""

    path: str
    digest: str | None = None
    size: int = 0
    kind: str = "failed"
    rows: Any = None
    problem: str | None = None


#: Documents written per transaction by default: a batch is atomic (a run killed in it leaves none of it, the
#: next run writes it again), and a commit per document was half of the writer's time (bench/ingest_writer.py).
BATCH = 500
#: A batch is also closed when its first file came this many seconds ago (files that come slowly, a cluster).
BATCH_SECONDS = 2.0

#: Largest JSON file ingested (bytes): analysis records of a whole export, the official register.
MAX_JSON_BYTES = 200_000_000


def _file_bytes(path: str) -> bytes:
    """The file's bytes within the limit of its kind (documents: the readers' limits), never waiting on
    something that is not a regular file (:mod:`kamerspoor.read.bounded`)."""
    from kamerspoor import read
    from kamerspoor.ingest.handlers import JSON_SUFFIXES

    if path.lower().endswith(JSON_SUFFIXES):
        from kamerspoor.read.bounded import file_bytes

        return file_bytes(path, path, lambda head, name: MAX_JSON_BYTES)
    return read.file_bytes(path)


def prepare(path: str, known_digest: str | None = None) -> Prepared:
    """Read and analyse one file into rows; never raises (a failure comes back as kind "failed")."""
    prep = Prepared(path)
    try:
        data = _file_bytes(path)
        prep.size = len(data)
        prep.digest = hashlib.sha256(data).hexdigest()
        if prep.digest == known_digest:
            prep.kind = "unchanged"
            return prep
        handler, content = recognise(path, data)
        prep.rows = handler.prepare(path, content)
        prep.kind = handler.name
    except InputError as e:
        prep.kind, prep.problem = "failed", (e.problem if e.line is None else f"line {e.line}: {e.problem}")
    except RecursionError:
        prep.kind, prep.problem = "failed", "document nested too deeply to analyze"
    except PipelineError as e:  # a bug in a stage, said as one: the run goes on
        prep.kind, prep.problem = "failed", e.problem
    except Exception as e:  # one bad file must not stop the run: report it and go on
        prep.kind, prep.problem = "failed", f"could not be analysed ({type(e).__name__}: {e})"
    return prep


def _prepare_args(args: tuple[str, str | None]) -> Prepared:
    return prepare(*args)


def _warm() -> None:
    """Load what every worker needs before forking, so the workers share it."""
    from kamerspoor.store import dutch

    dutch.vocabulary()
    dutch.lemma_table()
    try:
        import kamerspoor.pipeline  # noqa: F401
    except Exception:
        pass


def prepared(tasks: list[tuple[str, str | None]], jobs: int) -> Iterator[Prepared]:
    """Each task (path, known digest) prepared, in ``jobs`` worker processes (in any order)."""
    if jobs <= 1 or len(tasks) < 4:
        for t in tasks:
            yield _prepare_args(t)
        return
    import multiprocessing as mp

    _warm()
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    ctx = mp.get_context(method)
    with ctx.Pool(jobs) as pool:
        yield from pool.imap_unordered(_prepare_args, tasks, chunksize=8)


def prepared_on(client: Client, tasks: list[tuple[str, str | None]]) -> Iterator[Prepared]:
    """Each task prepared as a Dask task on ``client``'s cluster, as they complete; the workers are checked
    first (same kamerspoor, the files readable at the same path: ClusterError otherwise)."""
    from kamerspoor import distributed

    if not tasks:
        return
    distributed.check_workers(client, tasks[0][0])
    distributed.warm(client, _warm)
    yield from distributed.prepared(client, tasks, prepare, _failed)


def _failed(path: str, reason: str) -> Prepared:
    return Prepared(path, kind="failed", problem=reason)


def write(store: Store, prep: Prepared, report: IngestReport) -> None:
    """Write one prepared file in one transaction and count the outcome (a document the database refuses is
    reported as failed)."""
    report.bytes += prep.size
    if prep.kind == "failed":
        report.failed.append((prep.path, prep.problem or "failed"))
        return
    if prep.kind == "unchanged":
        report.unchanged += 1
        return
    try:
        handler(prep.kind).write(store, prep.rows, prep.path, prep.digest, report)
    except Exception as e:  # a database refusing one document is reported, the run goes on
        from kamerspoor.store.faults import fault_reason

        reason = fault_reason(e)
        if reason:  # unless the database itself failed: then every file after it would fail the same way
            raise _Stopped(reason) from None
        report.failed.append((prep.path, f"could not be stored ({type(e).__name__}: {e})"))


def documents_in(prep: Prepared) -> int:
    """How many documents a prepared file writes (what a batch counts): those of a file of records or a
    document, one for any other input, none for a file unchanged or failed."""
    if prep.kind in ("failed", "unchanged"):
        return 0
    if prep.kind == "records":
        return len(prep.rows[1])
    return len(prep.rows) if prep.kind == "document" else 1


def write_batch(store: Store, batch: list[Prepared], report: IngestReport) -> None:
    """Write prepared files in one transaction (all of them or, killed or failing, none), the files of one
    kind that come together handed to their handler at once. When the database refuses one document, the
    batch is rolled back and written again one file per transaction, so only the refused file is left out."""
    from kamerspoor.store.faults import fault_reason

    here = IngestReport()
    try:
        with store.transaction():
            for kind, group in groupby(batch, key=lambda p: p.kind):
                _write_group(store, kind, list(group), here)
    except _Stopped:
        raise
    except Exception as e:
        reason = fault_reason(e)
        if reason:
            raise _Stopped(reason) from None
        for prep in batch:
            write(store, prep, report)
        return
    report.merge(here)


def _write_group(store: Store, kind: str, group: list[Prepared], report: IngestReport) -> None:
    if kind in ("failed", "unchanged"):
        for prep in group:
            write(store, prep, report)
        return
    report.bytes += sum(prep.size for prep in group)
    handler(kind).write_many(store, [(prep.rows, prep.path, prep.digest) for prep in group], report)


def write_all(store: Store, source: Iterable[Prepared], report: IngestReport, batch: int = BATCH,
              seconds: float = BATCH_SECONDS, written: Callable[[int], None] | None = None) -> None:
    """Write what ``source`` yields in transactions of about ``batch`` documents (or what came in ``seconds``,
    when the files come slowly), calling ``written(n)`` after each commit with its number of files."""
    pending: list[Prepared] = []
    docs, started = 0, 0.0
    for prep in source:
        if not pending:
            started = time.monotonic()
        pending.append(prep)
        docs += documents_in(prep)
        if docs >= batch or time.monotonic() - started >= seconds:
            write_batch(store, pending, report)
            if written:
                written(len(pending))
            pending, docs = [], 0
    if pending:
        write_batch(store, pending, report)
        if written:
            written(len(pending))


class _Stopped(Exception):
    """The database failed in a way that fails every file after it (see :mod:`kamerspoor.store.faults`)."""


@contextmanager
def _stage(what: Callable[[], str]) -> Iterator[None]:
    """A database failure in the block stops the run, saying where it was (``what()``, asked then)."""
    from kamerspoor.store.faults import fault_reason

    try:
        yield
    except _Stopped as e:
        raise _Stopped(f"{e} ({what()})") from None
    except Exception as e:
        reason = fault_reason(e)
        if reason is None:
            raise
        raise _Stopped(f"{reason} ({what()})") from None


def ingest(store: Store, paths: Iterable[str | Path], jobs: int | None = None,
           progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
           optimize: bool = True, dask: Client | None = None, batch: int = BATCH) -> IngestReport:
    """Ingest files and folders into ``store``; returns the report (``report.failed`` lists bad files).
    With ``dask`` (a ``distributed.Client``) the files are prepared on its cluster instead of ``jobs``
    processes here. ``batch`` documents are written per transaction (see :data:`BATCH`).

    A store that cannot be written is refused before any file is read; a database that fails on the way (a
    lost connection, a full disk) stops the run: ``report.stopped`` says why and where, the report holds what
    was done until then, and the next run picks up from there. Neither raises."""
    t0 = time.perf_counter()
    report = IngestReport()
    try:
        with _stage(lambda: "nothing was read"):
            problem = store.write_problem()
        if problem:
            report.stopped = f"the store cannot be written: {problem} (nothing was read)"
        else:
            _run(store, paths, report, jobs, progress, on_total, optimize, dask, batch)
    except _Stopped as e:
        report.stopped = str(e)
    report.seconds = time.perf_counter() - t0
    return report


def _run(store: Store, paths: Iterable[str | Path], report: IngestReport, jobs: int | None,
         progress: Callable[[int], None] | None, on_total: Callable[[int], None] | None, optimize: bool,
         dask: Client | None = None, batch: int = BATCH) -> None:
    found = find_files(paths, report)
    tasks = []
    with _stage(lambda: "while looking up which files changed; nothing was stored"):
        known = store.file_hashes([path for path, problem in found if not problem])
        for path, problem in found:
            if problem:
                report.failed.append((path, problem))
            else:
                tasks.append((path, known.get(path)))
    report.files = len(found)
    if on_total:
        on_total(len(tasks))
    done = 0
    if dask is None:
        source = prepared(tasks, jobs if jobs is not None else (os.cpu_count() or 1))
    else:
        source = prepared_on(dask, tasks)

    def written(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(n)

    with _stage(lambda: f"after {done} of {len(tasks)} file(s); the next run goes on from there"):
        write_all(store, source, report, batch, written=written)
    with _stage(lambda: "while linking answers to motions, after every file was stored"):
        report.linked = resolve_links(store)
        resolve_open_data(store, report)
    if optimize and (report.added or report.replaced):
        with _stage(lambda: "while optimizing the search index, after every file was stored"):
            store.optimize()
