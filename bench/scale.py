"""Benchmark: analysis (and ingest) on a Dask cluster of 1, 2 and 4 worker processes, against one core.

    .venv/bin/python bench/scale.py                       # 4 copies of the 8,041 motions (32,164 documents)
    .venv/bin/python bench/scale.py --copies 2 --workers 1,2 --pg postgresql://...

1. A corpus several times the shared one: the motion XML of ../shared/corpus/tk-2023-2025/publications copied
   ``--copies`` times into a temporary folder, copy k with every motion's number raised by k x 100,000 (in
   the identifier, the metadata and the document's own <ondernummer>), so each copy is a distinct document;
   the run checks that every file got its own document id. Never written inside the repository.
2. The floor, in this run: the whole corpus analysed in this process on one core (pipeline + the record's
   JSON, the work a task does per file).
3. The same analysis as Dask tasks on a LocalCluster of N single-threaded worker processes (``kamerspoor.
   distributed.analyse``), for each N of ``--workers``: documents/s and the ratio to the floor, the CPU the
   tasks report per document, this process's CPU (client and scheduler: a LocalCluster runs the scheduler
   here), the start-up of the cluster, and the cores the run obtained (CPU seconds of the tasks and this
   process per second of wall time): on a loaded machine fewer than it has workers, which is why the ratio
   is read next to it.
4. The scheduler's overhead per task: empty tasks through the same seam.
5. The single writer's cost per document: rows prepared in this process, then decoded from the bytes a task
   sends and written, in ingest's batches, into SQLite (and PostgreSQL with ``--pg``), timed alone.
6. ``kamerspoor.ingest.ingest`` into SQLite (and PostgreSQL) on ``--ingest-files`` of the files: in process
   on one core and with a pool of 2 processes (``jobs=2``), against ``dask=`` clusters of 1, 2 and 4 workers.
7. A closing note: hours for 10^6 documents on a cluster of ``--machines`` x ``--cores``, from the measured
   per-document costs, and what the single writer and the scheduler allow.

The machine this was written on has 2 cores shared with other work: 4 workers are oversubscribed there, and
wall-clock rates move with the load, so CPU seconds are printed next to them. Numbers are printed, not
asserted. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")  # a closing cluster's heartbeats are not news
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from stores import remove_store  # noqa: E402

SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
PUBLICATIONS = SHARED / "corpus" / "tk-2023-2025" / "publications"
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"
STEP = 100_000  # copy k numbers its motions n + k * STEP

_META = re.compile(rb"<meta [^>]*>")
_KST = re.compile(rb"(kst-[0-9A-Za-z-]+?-)(\d+)(?=[a-z]?[\"/])")
_NUMBER_META = re.compile(rb'(name="OVERHEIDop\.ondernummer"[^>]*content=")(\d+)')
_NUMBER_EL = re.compile(rb"(<ondernummer[^>]*>\s*)(\d+)")


def renumbered(data: bytes, k: int) -> bytes:
    """A motion's XML with its number raised by k x STEP wherever the reader takes it from."""
    if k == 0:
        return data

    def bump(m: re.Match[bytes]) -> bytes:
        return m.group(1) + str(int(m.group(2)) + k * STEP).encode()

    data = _META.sub(lambda m: _KST.sub(bump, _NUMBER_META.sub(bump, m.group(0))), data)
    return _NUMBER_EL.sub(bump, data)


def build_corpus(copies: int, into: Path, limit: int | None = None) -> list[str]:
    sources = sorted(PUBLICATIONS.glob("*.xml"))[:limit]
    paths = []
    for k in range(copies):
        folder = into / f"copy-{k}"
        folder.mkdir()
        for src in sources:
            dst = folder / src.name
            dst.write_bytes(renumbered(src.read_bytes(), k))
            paths.append(str(dst))
    return paths


class Clock:
    """Wall and this process's CPU seconds over a block."""

    def __enter__(self) -> Clock:
        self.t, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.t, time.process_time() - self.c


def in_process(paths: list[str]) -> tuple[Clock, set[str], int]:
    """The floor: every file analysed here, on one core, with its record's JSON (the work of a task)."""
    import msgspec

    from kamerspoor.pipeline import analyze_path

    ids: set[str] = set()
    failed = 0
    with Clock() as clock:
        for p in paths:
            try:
                record = analyze_path(p)
            except Exception:  # noqa: BLE001 - counted, as a task reports it
                failed += 1
                continue
            msgspec.json.encode(record)
            ids.add(record.document.id or p)
    return clock, ids, failed


def on_cluster(kd, n: int, paths: list[str], chunk_files: int) -> dict:
    with Clock() as start:
        cm = kd.connect(f"local:{n}")
        client = cm.__enter__()
        kd.warm(client, kd._import_pipeline)
    try:
        stats = kd.TaskStats()
        ids: set[str] = set()
        failed = 0
        with Clock() as clock:
            for path, record, _problem in kd.analyse(client, paths, chunk_files=chunk_files, stats=stats):
                if record is None:
                    failed += 1
                else:
                    ids.add(record.document.id or path)
        overhead = empty_tasks(kd, client) if n == 1 else None
    finally:
        cm.__exit__(None, None, None)
    return {"n": n, "start": start.wall, "wall": clock.wall, "client_cpu": clock.cpu, "stats": stats,
            "ids": ids, "failed": failed, "overhead": overhead}


def _empty(chunk: list[int]) -> bytes:
    return b""


def empty_tasks(kd, client, count: int = 400) -> tuple[float, float, float]:
    """Seconds per task of tasks that do nothing, through the same seam: (wall, client + scheduler CPU) with
    100 in flight, and the round trip of one task at a time (wall)."""
    with Clock() as clock:
        for _ in kd.map_chunks(client, _empty, ([i] for i in range(count)), in_flight=100):
            pass
    with Clock() as trip:
        for _ in kd.map_chunks(client, _empty, ([i] for i in range(count // 4)), in_flight=1):
            pass
    return clock.wall / count, clock.cpu / count, trip.wall / (count // 4)


def writer_cost(kd, paths: list[str], dbs: list[str]) -> tuple[float, dict[str, tuple[float, float, float]]]:
    """CPU seconds per document of ingest's preparing (analysis and rows, a task's work) in this process, and
    per database the writer's (decode, write CPU in this thread, write wall) seconds per document."""
    from kamerspoor.ingest import IngestReport, prepare
    from kamerspoor.ingest.run import write_all
    from kamerspoor.store import open_store

    _warm_ingest()  # the vocabulary and lemma tables, loaded once per process (a worker's start-up)
    with Clock() as preparing:
        blobs = [kd.pack([prepare(p)]) for p in paths]
    out = {}
    for db in dbs:
        remove_store(db)
        store = open_store(db)
        report = IngestReport()
        t0 = time.thread_time()
        preps = [kd.unpack(b)[0] for b in blobs]
        decode = time.thread_time() - t0
        with Clock() as wall:
            t0 = time.thread_time()
            write_all(store, iter(preps), report)  # in batches, as ingest writes
            cpu = time.thread_time() - t0
        store.close()
        n = report.added or 1
        out[db] = (decode / n, cpu / n, wall.wall / n)
    return preparing.cpu / len(paths), out


def ingest_runs(kd, paths: list[str], dbs: list[str], workers: list[int]) -> list[tuple]:
    """``kamerspoor.ingest.ingest`` into a fresh store: in process (one core, and a pool of 2 processes)
    and with ``dask=`` LocalClusters of each size (warmed before the clock starts). (database, how, documents,
    wall, CPU of this process's main thread: finding, writing, decoding, and preparing when in process)."""
    from kamerspoor.ingest import ingest
    from kamerspoor.store import open_store

    rows = []
    for db in dbs:
        for how in ["1 core", "2 processes", *[f"dask, {n} worker(s)" for n in workers]]:
            remove_store(db)
            store = open_store(db)
            n = int(how.split()[1]) if how.startswith("dask") else 0
            cm = kd.connect(f"local:{n}") if n else None
            client = cm.__enter__() if cm else None
            try:
                if client:
                    kd.warm(client, _warm_ingest)
                with Clock() as clock:
                    t0 = time.thread_time()
                    report = ingest(store, paths, jobs=2 if how == "2 processes" else 1, dask=client,
                                    optimize=False)
                    cpu = time.thread_time() - t0
            finally:
                if cm:
                    cm.__exit__(None, None, None)
            store.close()
            rows.append((db, how, report.added, clock.wall, cpu, len(report.failed)))
    return rows


def _warm_ingest() -> None:
    from kamerspoor.ingest.run import _warm

    _warm()


def letter_cost(repeat: int = 5) -> float | None:
    """CPU seconds of ingest's preparing (analysis and rows) of the letter 35 207 nr. 32 (a long Kamerbrief,
    80 KB of text), in this process."""
    if not LETTER.exists():
        return None
    from kamerspoor.ingest import prepare

    prepare(str(LETTER))
    with Clock() as clock:
        for _ in range(repeat):
            prepare(str(LETTER))
    return clock.cpu / repeat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=4, help="copies of the shared motions (default 4)")
    ap.add_argument("--limit", type=int, default=None, help="motions per copy (default all 8,041)")
    ap.add_argument("--workers", default="1,2,4", help="worker processes per run, comma-separated")
    ap.add_argument("--chunk-files", type=int, default=64, help="files per task (default 64)")
    ap.add_argument("--db", default="/tmp/kamerspoor-scale.db", help="SQLite file for the writer and ingest runs")
    ap.add_argument("--pg", default=os.environ.get("KAMERSPOOR_BENCH_PG_URL"), help="PostgreSQL URL (optional)")
    ap.add_argument("--writer-files", type=int, default=2000, help="files for the writer's cost (default 2000)")
    ap.add_argument("--ingest-files", type=int, default=4000, help="files per ingest run (0: no ingest runs)")
    ap.add_argument("--machines", type=int, default=8, help="machines of the cluster in the closing note")
    ap.add_argument("--cores", type=int, default=8, help="cores (worker processes) per machine in the note")
    args = ap.parse_args()
    if not PUBLICATIONS.exists():
        print(f"bench/scale.py: {PUBLICATIONS} is absent; nothing to measure")
        return 0
    from kamerspoor import distributed as kd

    workers = [int(w) for w in args.workers.split(",")]
    dbs = [args.db] + ([args.pg] if args.pg else [])
    tmp = Path(tempfile.mkdtemp(prefix="kamerspoor-scale-"))
    try:
        report(args, kd, workers, dbs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(args, kd, workers: list[int], dbs: list[str], tmp: Path) -> None:
    with Clock() as build:
        paths = build_corpus(args.copies, tmp, args.limit)
    mb = sum(os.path.getsize(p) for p in paths) / 1e6
    print(f"machine     {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (shared: "
          f"{workers[-1]} workers on {os.cpu_count()} cores are oversubscribed)")
    print(f"corpus      {len(paths)} motion XML ({args.copies} copies of {len(paths) // args.copies}), "
          f"{mb:.0f} MB, built in {build.wall:.1f} s in {tmp}")

    floor, ids, failed = in_process(paths)
    base = len(paths) / floor.wall
    print(f"\n{'run':<22}{'docs/s':>9}{'ratio':>7}{'wall s':>9}{'cores got':>10}{'task CPU ms/doc':>17}"
          f"{'client CPU ms/doc':>19}{'start s':>9}")
    print(f"{'in process, 1 core':<22}{base:9.0f}{1.0:7.2f}{floor.wall:9.1f}{floor.cpu / floor.wall:10.2f}"
          f"{floor.cpu / len(paths) * 1e3:17.3f}{'':>19}{'':>9}   ({len(ids)} distinct ids, {failed} failed)")
    runs = []
    for n in workers:
        r = on_cluster(kd, n, paths, args.chunk_files)
        runs.append(r)
        s = r["stats"]
        got = (s.worker_cpu + r["client_cpu"]) / r["wall"]  # CPU seconds per second: cores this run obtained
        print(f"{f'dask, {n} worker(s)':<22}{len(paths) / r['wall']:9.0f}{len(paths) / r['wall'] / base:7.2f}"
              f"{r['wall']:9.1f}{got:10.2f}{s.worker_cpu / len(paths) * 1e3:17.3f}{r['client_cpu'] / len(paths) * 1e3:19.3f}"
              f"{r['start']:9.1f}   ({len(r['ids'])} distinct ids, {r['failed']} failed, {s.tasks} tasks, "
              f"{s.bytes / len(paths) / 1e3:.1f} KB/doc back)")
    over = next((r["overhead"] for r in runs if r["overhead"]), None)
    one = next((r for r in runs if r["n"] == 1), None)
    if over:
        print(f"\nper task    empty tasks, 100 in flight: {over[0] * 1e3:.2f} ms wall, {over[1] * 1e3:.2f} ms "
              f"client+scheduler CPU ({over[1] / args.chunk_files * 1e3:.3f} ms CPU/doc in tasks of "
              f"{args.chunk_files}); one at a time: {over[2] * 1e3:.1f} ms round trip")
    if one:
        extra = (one["wall"] - floor.wall) / one["stats"].tasks
        print(f"            1 worker against in process: {extra * 1e3:+.1f} ms wall per task")

    sample = paths[:args.writer_files]
    prepare_doc, cost = writer_cost(kd, sample, dbs)
    print(f"\nprepare     analysis and rows (a task's work in ingest), in process: {prepare_doc * 1e3:.3f} ms "
          f"CPU/doc over {len(sample)} motions")
    for db, (decode, cpu, wall) in cost.items():
        name = "postgresql" if db.startswith("postgresql://") else "sqlite"
        print(f"writer      {name:<10} decode {decode * 1e3:.3f} ms/doc, write {cpu * 1e3:.3f} ms CPU/doc "
              f"({wall * 1e3:.3f} ms wall): at most {1 / (decode + max(cpu, wall)):.0f} docs/s")
    if args.ingest_files:
        print()
        files = paths[:args.ingest_files]
        for db, how, added, wall, cpu, bad in ingest_runs(kd, files, dbs, workers):
            name = "postgresql" if db.startswith("postgresql://") else "sqlite"
            print(f"ingest      {name:<10} {how:<20} {added} docs {wall:7.1f} s {added / wall:7.0f} docs/s "
                  f"(main thread {cpu / max(added, 1) * 1e3:.2f} ms CPU/doc, {bad} failed)")
    closing_note(args, prepare_doc, over, cost)


def closing_note(args, prepare_doc: float, over: tuple[float, float, float] | None,
                 cost: dict[str, tuple[float, float, float]]) -> None:
    """Hours for 10^6 documents: the cluster's rate from the CPU per document (independent of this machine's
    load), capped by the scheduler's CPU per task and by the single writer's time per document."""
    workers = args.machines * args.cores
    letter = letter_cost()
    sched = (over[1] / args.chunk_files) if over else 0.0
    print(f"\n10^6 documents on {args.machines} machines x {args.cores} cores ({workers} single-threaded worker "
          "processes), from the per-document costs measured above:")
    print(f"  scheduler: {sched * 1e3:.3f} ms CPU/doc in tasks of {args.chunk_files} motions -> at most "
          f"{1 / sched if sched else float('inf'):,.0f} docs/s")
    kinds = [("motions", prepare_doc)] + ([("letters like 35 207 nr. 32", letter)] if letter else [])
    for label, doc in kinds:
        rate = workers / doc
        print(f"  {label}: {doc * 1e3:.2f} ms CPU/doc to prepare -> the cluster {rate:,.0f} docs/s, "
              f"{1e6 / rate / 3600:.2f} h")
        for db, (decode, cpu, wall) in cost.items():
            name = "postgresql" if db.startswith("postgresql://") else "sqlite"
            writer = 1 / (decode + max(cpu, wall))
            best = min(rate, writer, 1 / sched if sched else rate)
            print(f"    into {name:<10}: the writer takes {writer:,.0f} docs/s -> {1e6 / best / 3600:6.2f} h; "
                  f"{writer * doc:5.1f} workers keep the writer busy")


if __name__ == "__main__":
    sys.exit(main())
