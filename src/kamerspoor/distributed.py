"""Analysis and embedding as tasks on a Dask distributed cluster, results streamed to one writer.

Past one machine, kamerspoor runs on an existing engine rather than its own: Dask distributed (a scheduler,
``dask worker`` processes on any number of machines, tasks retried when a worker is lost). This module is the
seam between that engine and kamerspoor's single writer; it knows neither the store nor the ingest's handlers.

- **Tasks are chunks.** A Dask task costs the scheduler and the client a few milliseconds (``bench/scale.py``
  measures it), as much as analysing a motion, so a task takes a chunk of files: at most ``chunk_files`` files
  and ``chunk_bytes`` bytes, so a task of motions and a task of long letters take about as long.
- **Bounded memory.** :func:`map_chunks` keeps a bounded number of tasks in flight (twice the workers'
  threads unless told), hands each result to the caller as it completes and lets go of it, so nothing is
  gathered: the client holds ``in_flight`` results at most, whatever the corpus size.
- **Never waits for ever.** The wait for a result wakes every ``STALL_CHECK`` seconds; a run with no task
  finished for ``STALL_LIMIT`` seconds while no worker is running (none left, or all paused by Dask's memory
  limit) stops with one line. A local cluster (``local:N``) sets no per-worker memory limit: Dask would
  pause a worker at 80% of its share of the machine and its tasks would wait without an error, while a
  worker that really runs out of memory is killed and its file reported as for any dead worker.
- **Compact bytes, not pickled object graphs.** A task returns one ``bytes`` value: msgpack of plain data
  (:func:`pack`), in which tuples stay tuples and kamerspoor's row dataclasses are rebuilt by name (only
  dataclasses defined in ``kamerspoor``), so rows come back equal to the in-process ones and nothing else is
  executed on decoding. Analysis records travel as their JSON (the record's contract), decoded with its
  checks on arrival.
- **Failures are data.** A file that cannot be analysed comes back as (file, reason), like ingest's report. A
  worker that dies (killed, out of memory) has its tasks run again by Dask on another worker; a task that
  Dask marks bad (more than ``distributed.scheduler.allowed-failures`` workers died running it) has its
  files run again one by one, each alone on the cluster, so only the file that kills workers is reported
  (``worker died while analysing it``) and the others are analysed.
- **Workers read the files at the same path.** The client sends paths, not bytes: on one machine the path is
  there already, and on a cluster the corpus sits on a shared mount (NFS, a cluster file system) or is copied
  to the same path on every machine. Sending the bytes would push the whole corpus through the one client's
  disk and network (and through the scheduler, which forwards a task's arguments), the very single point the
  cluster is there to avoid, while a path is a hundred bytes; the worker also hashes the bytes it read, so an
  unchanged file costs a read and no transfer back. :func:`check_workers` asks every worker whether it sees
  the first file and runs the same kamerspoor version, and fails in one line otherwise.
- **Embedding** uses the same seam: a task is a batch of texts, its result the float32 vectors as bytes
  (:func:`embed_batches`); :class:`ClusterEmbedder` is an embedder for ``embed_store`` whose model runs on
  the workers, so only the texts the store has no vector for are sent.

Real machines (see the README): ``dask scheduler`` on one, ``dask worker tcp://HOST:8786 --nthreads 1
--nworkers N`` on each (kamerspoor installed with its ``dask`` extra, same version), then ``kamerspoor ingest
--dask tcp://HOST:8786``. Analysis is pure Python and holds the GIL, so a worker process has one thread and a
machine runs one worker process per core. ``local`` or ``local:N`` starts a LocalCluster of N processes on
this machine instead (tests, benchmarks, one big machine).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

try:  # comes with distributed (the ``dask`` extra); without it, connect() says what to install
    import msgpack  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - the extra is installed in tests
    msgpack = None

import msgspec

if TYPE_CHECKING:
    import numpy as np
    from distributed import Client, Future

    from kamerspoor.record import Record

T = TypeVar("T")
R = TypeVar("R")

CHUNK_FILES = 64  # files per task at most
CHUNK_BYTES = 1_000_000  # bytes of input per task at most (a chunk has at least one file)
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler and to see a worker there
STALL_CHECK = 15.0  # seconds without a finished task before the workers are looked at
STALL_LIMIT = 120.0  # seconds without a finished task and without a running worker before the run stops
INSTALL_HINT = "pip install 'kamerspoor[dask]'"


class ClusterError(Exception):
    """The cluster cannot be used: Dask missing, no scheduler at the address, no workers, workers that cannot
    see the files or run another kamerspoor; one line, for the CLI's failure message."""


# -- compact bytes ---------------------------------------------------------------------------------------------

_TUPLE, _DATACLASS, _STRUCT = 1, 2, 3


def _name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _default(obj: Any) -> Any:
    if type(obj) is tuple:
        return msgpack.ExtType(_TUPLE, _packb(list(obj)))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
        return msgpack.ExtType(_DATACLASS, _packb([_name(type(obj)), *values]))
    if isinstance(obj, msgspec.Struct):  # a typed record (kamerspoor.record): its own checked encoding
        return msgpack.ExtType(_STRUCT, _packb([_name(type(obj)), msgspec.msgpack.encode(obj)]))
    if isinstance(obj, enum.Enum):
        return obj.value
    base: Any
    for base in (str, int, float, bytes, list, dict):  # subclasses (StrEnum members, ...) as their base type
        if isinstance(obj, base):
            return base(obj)
    raise TypeError(f"cannot send a {type(obj).__name__} between processes")


def _packb(obj: Any) -> bytes:
    return msgpack.packb(obj, default=_default, strict_types=True, use_bin_type=True)


@functools.lru_cache(maxsize=64)
def _kamerspoor_type(name: str, struct: bool) -> type:
    """The dataclass (or msgspec Struct) called ``name``, only if kamerspoor defines it."""
    module, _, qualname = name.partition(":")
    if not (module == "kamerspoor" or module.startswith("kamerspoor.")):
        raise ValueError(f"refusing to rebuild {name}: not a kamerspoor type")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    ok = isinstance(obj, type) and (issubclass(obj, msgspec.Struct) if struct else dataclasses.is_dataclass(obj))
    if not ok:
        raise ValueError(f"refusing to rebuild {name}: not a {'Struct' if struct else 'dataclass'}")
    return obj


def _ext_hook(code: int, data: bytes) -> Any:
    if code == _TUPLE:
        return tuple(_unpackb(data))
    if code == _DATACLASS:
        name, *values = _unpackb(data)
        return _kamerspoor_type(name, False)(*values)
    if code == _STRUCT:
        name, body = _unpackb(data)
        return msgspec.msgpack.decode(body, type=_kamerspoor_type(name, True))
    return msgpack.ExtType(code, data)


def _unpackb(data: bytes) -> Any:
    return msgpack.unpackb(data, ext_hook=_ext_hook, raw=False, strict_map_key=False)


def pack(obj: Any) -> bytes:
    """Plain data (None, bool, numbers, str, bytes, lists, tuples, dicts, kamerspoor dataclasses and typed
    records) -> bytes."""
    return _packb(obj)


def unpack(data: bytes) -> Any:
    """The value :func:`pack` packed, equal to it (tuples as tuples, dataclasses rebuilt)."""
    return _unpackb(data)


# -- connecting ------------------------------------------------------------------------------------------------

def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"running on a Dask cluster needs Dask distributed: {INSTALL_HINT}") from None
    return distributed


def local_workers(address: str) -> int | None:
    """N for ``local:N`` (the number of CPUs for ``local``), None for a scheduler's address."""
    if address != "local" and not address.startswith("local:"):
        return None
    n = address.partition(":")[2]
    if n and not (n.isdigit() and int(n) > 0):
        raise ClusterError(f"--dask {address}: expected local:N with N a number of worker processes")
    return int(n) if n else (os.cpu_count() or 1)


@contextmanager
def connect(address: str, timeout: float | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``address`` (``tcp://HOST:8786``), with at least one worker; ``local`` or
    ``local:N`` starts a LocalCluster of N single-threaded worker processes for the duration."""
    dd = _dask()
    n = local_workers(address)
    timeout = timeout or CONNECT_TIMEOUT
    cluster = None
    try:
        if n is not None:
            # errors only: a worker restarted after a crash is reported with its file, not logged
            cluster = dd.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                      silence_logs=logging.ERROR, memory_limit=0)
            client = dd.Client(cluster, timeout=timeout)
        else:
            client = dd.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:  # ValueError: not an address ("host" without a port)
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"no Dask scheduler at {address}: {e} (expected tcp://HOST:PORT or local:N)") from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {address} has no workers (start `dask worker "
                               f"{address}` on the machines)") from None
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _version() -> str:
    """The installed kamerspoor's version (its distribution's metadata: the package itself is the CLI layer)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kamerspoor")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def _worker_view(path: str | None) -> tuple[str, bool]:
    return _version(), path is None or os.access(path, os.R_OK)


def check_workers(client: Client, sample: str | None = None) -> int:
    """The number of workers, after checking that each runs this kamerspoor version and can read ``sample``
    (a file of the run) at the same path; ClusterError naming the first worker that cannot."""
    here = _version()
    try:
        views = client.run(_worker_view, sample)
    except Exception as e:  # kamerspoor not installed there, a worker that cannot unpickle the call
        raise ClusterError(f"the Dask workers cannot run kamerspoor ({type(e).__name__}: {e}); install it "
                           f"on every worker: {INSTALL_HINT}") from None
    for worker, (version, readable) in sorted(views.items()):
        if version != here:
            raise ClusterError(f"worker {worker} runs kamerspoor {version}, this client {here}: "
                               "install the same version everywhere")
        if not readable:
            raise ClusterError(f"worker {worker} cannot read {sample}: every worker reads the files at the path "
                               "the client gives (a shared mount, or a copy at the same path)")
    return len(views)


def warm(client: Client, fn: Callable[[], Any]) -> None:
    """Run ``fn`` on every worker now and on every worker that joins later (loading what tasks need once)."""
    dd = _dask()

    class Warm(dd.WorkerPlugin):  # type: ignore[misc, name-defined]
        name = f"kamerspoor-warm-{fn.__module__}.{fn.__qualname__}"

        def setup(self, worker: Any) -> None:
            fn()

    client.register_plugin(Warm())


# -- the seam --------------------------------------------------------------------------------------------------

@dataclass
class Done(Generic[T]):
    """One finished task: its items and the bytes its function returned, or why it failed."""

    items: list[T]
    payload: bytes | None = None
    problem: str | None = None


@dataclass
class TaskStats:
    """What a run cost: tasks submitted, chunks split after killing workers, bytes received."""

    tasks: int = 0
    split: int = 0
    bytes: int = 0
    worker_cpu: float = 0.0  # CPU seconds the tasks reported (filled by the callers that measure it)
    pids: set[int] = field(default_factory=set)  # worker processes that returned results


def _slots(client: Client) -> int:
    return sum(client.nthreads().values())


def map_chunks(client: Client, fn: Callable[[list[T]], bytes], chunks: Iterable[list[T]],
               in_flight: int | None = None, stats: TaskStats | None = None) -> Iterator[Done[T]]:
    """``fn(chunk)`` for every chunk as Dask tasks, each :class:`Done` as it completes (in any order).

    At most ``in_flight`` tasks exist at once (default: twice the workers' threads, looked at again every few
    seconds as workers come and go); results are let go as soon as they are yielded. An exception raised by
    ``fn`` fails the chunk's items with its message.

    A task that Dask marks bad because workers died running it (KilledWorker) may be a bystander: the tasks
    waiting on a worker that another task crashed are marked too. So its items become suspects, and each
    suspect runs as a task of its own with nothing else in flight; a suspect marked bad when alone is the
    culprit and is reported (``worker died while analysing it``). Closing the iterator cancels what is still
    running. ClusterError when the scheduler cancels the run, and when no task finishes while the cluster has
    no worker left or only paused ones (:func:`_check_stalled`): the run stops in one line, it never waits for
    ever."""
    stats = stats if stats is not None else TaskStats()
    todo: Iterator[list[T]] = iter(chunks)
    suspects: deque[list[T]] = deque()
    running: dict[Any, tuple[Future, list[T], bool]] = {}  # key -> (future, chunk, ran alone)
    limit, looked = in_flight or max(2, 2 * _slots(client)), time.monotonic()

    def submit(chunk: list[T], alone: bool) -> None:
        future = client.submit(fn, chunk, pure=False)
        running[future.key] = (future, chunk, alone)
        stats.tasks += 1

    def fill() -> None:
        if suspects:  # drain, then one suspect at a time
            if not running:
                submit(suspects.popleft(), True)
            return
        while len(running) < limit:
            chunk = next(todo, None)
            if chunk is None:
                return
            submit(chunk, False)

    try:
        fill()
        for future, result in _completed(client, running):
            _, chunk, alone = running.pop(future.key)
            outcome = _outcome(future, result, chunk)
            future.release()
            del future, result
            if isinstance(outcome, Done):
                stats.bytes += len(outcome.payload or b"")
                yield outcome
            elif alone:
                yield Done(chunk, problem="worker died while analysing it (out of memory or crashed)")
            else:
                stats.split += 1
                suspects.extend([item] for item in chunk)
            if in_flight is None and time.monotonic() - looked > 5:
                limit, looked = max(2, 2 * _slots(client)), time.monotonic()
            fill()
    finally:
        if running:
            client.cancel([f for f, _, _ in running.values()])


def _completed(client: Client, running: dict[Any, tuple[Future, list[T], bool]]) -> Iterator[tuple[Future, Any]]:
    """(future, its bytes or its exception) for each task of ``running`` as it completes, while any is left
    (the caller adds tasks between two). The finished ones of a round are fetched in one call. Every
    ``STALL_CHECK`` seconds without a completion, the cluster's workers are looked at."""
    dd = _dask()
    quiet_since = time.monotonic()
    while running:
        try:
            done = dd.wait([f for f, _, _ in running.values()], timeout=STALL_CHECK,
                           return_when="FIRST_COMPLETED").done
        except TimeoutError:
            _check_stalled(client, time.monotonic() - quiet_since)
            continue
        quiet_since = time.monotonic()
        finished = [f for f in done if f.status == "finished"]
        payloads = dict(zip([f.key for f in finished], client.gather(finished), strict=True))
        for future in done:
            if future.key in payloads:
                yield future, payloads[future.key]
            else:  # an error (its exception), or cancelled (None: the caller stops the run)
                yield future, future.exception() if future.status == "error" else None


def _check_stalled(client: Client, quiet: float) -> None:
    """No task has finished for ``quiet`` seconds: wait on while some worker is running (a long file), fail
    in one line once the cluster has had no worker, or only paused ones, for ``STALL_LIMIT`` seconds."""
    workers = client.scheduler_info(n_workers=-1).get("workers", {})
    statuses = [str(w.get("status", "")) for w in workers.values()]
    if any(s in ("running", "Status.running") for s in statuses) or quiet < STALL_LIMIT:
        return
    if not statuses:
        raise ClusterError(f"the Dask cluster has had no worker for {quiet:.0f} s: start workers "
                           "(`dask worker ADDRESS`) and ingest again to go on where it stopped")
    raise ClusterError(f"no Dask worker has run a task for {quiet:.0f} s (workers {', '.join(sorted(set(statuses)))};"
                       " paused workers are above their memory limit): ingest again to go on where it stopped")


def _outcome(future: Future, result: Any, chunk: list[T]) -> Done[T] | str:
    """The Done of a finished future, or "killed" when Dask marked its task bad after workers died."""
    if future.status == "finished":
        return Done(chunk, result)
    if future.status != "error":  # cancelled: the scheduler was lost or restarted
        raise ClusterError("the Dask scheduler cancelled the run (lost or restarted); ingest again to go on "
                           "where it stopped")
    exc = result
    if isinstance(exc, _dask().KilledWorker):
        return "killed"
    return Done(chunk, problem=f"failed on the worker ({type(exc).__name__}: {exc})")


def file_chunks(items: Iterable[T], path_of: Callable[[T], str], files: int = CHUNK_FILES,
                size: int = CHUNK_BYTES) -> Iterator[list[T]]:
    """Items grouped into chunks of at most ``files`` files and ``size`` bytes (by the files' sizes here; a
    file this process cannot see counts nothing and the worker reports it)."""
    chunk: list[T] = []
    total = 0
    for item in items:
        try:
            n = os.stat(path_of(item)).st_size
        except OSError:
            n = 0
        if chunk and (len(chunk) >= files or total + n > size):
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += n
    if chunk:
        yield chunk


# -- analysis of files -----------------------------------------------------------------------------------------

def _problem(e: BaseException) -> str:
    """ingest's wording of a failure to analyse a file."""
    from kamerspoor.model import InputError

    if isinstance(e, InputError):
        return e.problem if e.line is None else f"line {e.line}: {e.problem}"
    if isinstance(e, RecursionError):
        return "document nested too deeply to analyze"
    return f"could not be analysed ({type(e).__name__}: {e})"


def analyse_chunk(paths: list[str]) -> bytes:
    """On a worker: each file analysed by the pipeline, as [path, record JSON or None, problem or None]."""
    from kamerspoor.pipeline import analyze_path

    t0 = time.process_time()
    out: list[list[Any]] = []
    for path in paths:
        try:
            out.append([path, msgspec.json.encode(analyze_path(path)), None])
        except Exception as e:  # one bad file must not fail its chunk: report it
            out.append([path, None, _problem(e)])
    return pack({"cpu": time.process_time() - t0, "pid": os.getpid(), "items": out})


def _import_pipeline() -> None:
    import kamerspoor.pipeline  # noqa: F401


def analyse(client: Client, paths: Iterable[str], *, chunk_files: int = CHUNK_FILES, chunk_bytes: int = CHUNK_BYTES,
            in_flight: int | None = None, stats: TaskStats | None = None,
            fn: Callable[[list[str]], bytes] = analyse_chunk) -> Iterator[tuple[str, Record | None, str | None]]:
    """(path, analysis record, None) or (path, None, problem) for every file, as the cluster finishes them;
    the record is decoded from its JSON with the contract's checks (``kamerspoor.record.from_json``)."""
    from kamerspoor.record import from_json

    stats = stats if stats is not None else TaskStats()
    chunks = file_chunks(paths, str, chunk_files, chunk_bytes)
    for done in map_chunks(client, fn, chunks, in_flight, stats):
        if done.payload is None:
            for path in done.items:
                yield path, None, done.problem
            continue
        result = unpack(done.payload)
        stats.worker_cpu += result["cpu"]
        stats.pids.add(result["pid"])
        for path, record, problem in result["items"]:
            yield path, (from_json(record, source=path) if record is not None else None), problem


# -- ingest's preparing of files -------------------------------------------------------------------------------

def prepare_chunk(prepare: Callable[..., Any], tasks: list[tuple[str, str | None]]) -> bytes:
    """On a worker: ``prepare(path, known digest)`` for each task (ingest's, which never raises), packed."""
    t0 = time.process_time()
    out = [prepare(*task) for task in tasks]
    return pack({"cpu": time.process_time() - t0, "pid": os.getpid(), "items": out})


def prepared(client: Client, tasks: Iterable[tuple[str, str | None]], prepare: Callable[[str, str | None], R],
             failed: Callable[[str, str], R], *, chunk_files: int = CHUNK_FILES, chunk_bytes: int = CHUNK_BYTES,
             in_flight: int | None = None, stats: TaskStats | None = None) -> Iterator[R]:
    """Ingest's (path, known digest) tasks prepared on the cluster by ``prepare`` (a module-level function,
    installed on the workers), each result as it completes; ``failed(path, reason)`` stands for a file whose
    task failed on the cluster. The caller writes each result (the single writer)."""
    stats = stats if stats is not None else TaskStats()
    fn = functools.partial(prepare_chunk, prepare)
    chunks = file_chunks(tasks, lambda t: t[0], chunk_files, chunk_bytes)
    for done in map_chunks(client, fn, chunks, in_flight, stats):
        if done.payload is None:
            for path, _digest in done.items:
                yield failed(path, done.problem or "failed on the cluster")
            continue
        result = unpack(done.payload)
        stats.worker_cpu += result["cpu"]
        stats.pids.add(result["pid"])
        yield from result["items"]


# -- embedding -------------------------------------------------------------------------------------------------

EMBED_BATCH = 256  # texts per task: a few seconds of a worker's model, far above the cost of a task


def embed_chunk(chunk: list[tuple[int, list[str]]], factory: Callable[[], Any], query: bool = False) -> bytes:
    """On a worker: the texts of one batch embedded (``passage:`` or ``query:``) by the embedder ``factory()``
    returns, float32 little-endian."""
    import numpy as np

    [(_index, texts)] = chunk
    embedder = factory()
    vectors = embedder.queries(texts) if query else embedder.passages(texts)
    return np.asarray(vectors, dtype="<f4").tobytes()


def embed_batches(client: Client, batches: Iterable[Sequence[str]], factory: Callable[[], Any], dim: int,
                  query: bool = False, in_flight: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
    """(index of the batch, its (n, dim) float32 vectors) for every batch of texts, as the cluster finishes
    them; a worker loads the model once (``factory``, about a second) and keeps it. ClusterError when a batch
    fails."""
    import numpy as np

    fn = functools.partial(embed_chunk, factory=factory, query=query)
    chunks = ([(i, list(texts))] for i, texts in enumerate(batches))
    for done in map_chunks(client, fn, chunks, in_flight):
        index = done.items[0][0]
        if done.payload is None:
            raise ClusterError(f"embedding batch {index} failed: {done.problem}")
        yield index, np.frombuffer(done.payload, dtype="<f4").reshape(-1, dim)


def _worker_model(factory: Callable[[], Any]) -> str:
    return factory().model


class ClusterEmbedder:
    """An embedder (``passages``, ``queries``, ``query``, ``model``) whose model runs on the workers, in
    batches of ``batch`` texts: ``embed_store(store, embedder=ClusterEmbedder(client, get_embedder, DIM))``
    (:mod:`kamerspoor.semantic.embed`'s) embeds there, with the texts the store already has vectors for left
    out before anything is sent. ``factory`` is called on each worker for its embedder (given by the caller:
    this module runs tasks and knows no model). Every worker loads its model when this is made and must run
    the same one (``KAMERSPOOR_EMBED_ENGINE``), which names the vectors; ClusterError otherwise."""

    def __init__(self, client: Client, factory: Callable[[], Any], dim: int, batch: int = EMBED_BATCH) -> None:
        try:
            models = set(client.run(_worker_model, factory).values())
        except Exception as e:  # a worker that cannot load the model
            raise ClusterError(f"the Dask workers cannot load the embedding model ({type(e).__name__}: {e})") \
                from None
        if len(models) != 1:
            raise ClusterError(f"the Dask workers run different embedding models ({', '.join(sorted(models))}): "
                               "set KAMERSPOOR_EMBED_ENGINE alike on every worker")
        self.client, self.batch, self.model, self.dim, self.factory = client, batch, models.pop(), dim, factory

    def _encode(self, texts: Sequence[str], query: bool, progress: Callable[[int], None] | None) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        starts = range(0, len(texts), self.batch)
        batches = (texts[s:s + self.batch] for s in starts)
        for i, vectors in embed_batches(self.client, batches, self.factory, self.dim, query):
            out[i * self.batch:i * self.batch + len(vectors)] = vectors
            if progress:
                progress(len(vectors))
        return out

    def passages(self, texts: Sequence[str], batch: int = 0,
                 progress: Callable[[int], None] | None = None) -> np.ndarray:
        """(n, 384) float32 vectors of texts that are searched (``passage:`` prefix)."""
        return self._encode(texts, False, progress)

    def queries(self, texts: Sequence[str], batch: int = 0) -> np.ndarray:
        """(n, 384) float32 vectors of texts that are searched with (``query:`` prefix)."""
        return self._encode(texts, True, None)

    def query(self, text: str) -> np.ndarray:
        """(384,) float32 vector of one query."""
        return self.queries([text])[0]
