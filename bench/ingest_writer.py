"""Benchmark: ingest's single writer alone, next to its floors, and what each full-text column costs.

    .venv/bin/python bench/ingest_writer.py                              # 2,000 motions, SQLite
    .venv/bin/python bench/ingest_writer.py --pg postgresql://... --ingest 2000

1. The rows of ``--files`` motion XML of ../shared/corpus/tk-2023-2025/publications are prepared in this
   process first (analysis and rows: the workers' share, not timed here), then written by
   ``kamerspoor.ingest.run.write_all`` into a fresh store: one transaction per file (``--batch 1``, how ingest
   wrote before) and batched (the default), the writer's CPU (this process) per motion.
2. The floors, in the same run, on the same rows: a bare ``executemany`` per table into a plain SQLite schema
   (the same columns, no keys or indexes) with a bare FTS5 table over the same five search columns, one
   transaction per batch; and a bare FTS5 insert of the paragraphs' text alone. Printed as ratios.
3. PostgreSQL (``--pg``): the same writes, the writer's CPU, the server's CPU for this connection (read from
   /proc, so only for a server on this machine) and the wall time, next to SQLite's.
4. Each full-text column on its own: an FTS5 table of that column alone (insert CPU, bytes per motion) and,
   with ``--pg``, ``to_tsvector`` of it (server time, stored bytes per motion). Whether a column pays for
   itself in search quality: ``bench/search_columns.py``.
5. With ``--ingest N``: ``kamerspoor.ingest.ingest`` of N motion files (``--jobs`` worker processes) into
   SQLite and PostgreSQL, wall time and ratio, the number the issue asks about (PostgreSQL within 1.5x).

Numbers are printed, not asserted. Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
PUBLICATIONS = SHARED / "corpus" / "tk-2023-2025" / "publications"
SEARCH_COLUMNS = ("text", "lemmas", "stems", "heads", "parts")

from kamerspoor.ingest import IngestReport, ingest  # noqa: E402
from kamerspoor.ingest.run import BATCH, Prepared, prepared, write_all  # noqa: E402
from kamerspoor.store import is_postgres_url, open_store  # noqa: E402
from kamerspoor.store.documents import _CHILD_INSERTS  # noqa: E402
from stores import db_size, remove_store  # noqa: E402


def server_cpu(store) -> float | None:
    """CPU seconds of the PostgreSQL backend serving ``store``'s connection (a server on this machine)."""
    pid = store.query_value("SELECT pg_backend_pid()")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds) of ``fn()``."""
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def write_run(db: str, preps: list[Prepared], batch: int) -> dict:
    remove_store(db)
    store = open_store(db)
    report = IngestReport()
    s0 = server_cpu(store) if store.dialect == "postgres" else None
    cpu, wall = timed(lambda: write_all(store, iter(preps), report, batch=batch))
    s1 = server_cpu(store) if s0 is not None else None
    out = {"cpu": cpu, "wall": wall, "server": (s1 - s0) if s0 is not None and s1 is not None else None,
           "docs": report.added, "size": db_size(store, db), "failed": len(report.failed)}
    store.close()
    return out


def _rows(preps: list[Prepared]) -> list:
    return [d for p in preps if p.kind == "document" for d in p.rows]


def floor_run(folder: Path, preps: list[Prepared], batch: int) -> tuple[float, float]:
    """The same rows by bare executemany into a plain schema plus a bare FTS5 table of the five search
    columns, one transaction per batch: (CPU, wall)."""
    path = folder / "floor.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    inserts = [("documents", 12, "x")] + [(n, sql.count("?"), sql) for n, sql in _CHILD_INSERTS]
    for table, width, _ in inserts:
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'c{i}' for i in range(width))})")
    conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(SEARCH_COLUMNS)}, "
                 "tokenize='unicode61 remove_diacritics 2')")
    docs = _rows(preps)

    def run() -> None:
        for i in range(0, len(docs), batch):
            part = docs[i:i + batch]
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO documents VALUES ({', '.join('?' * 12)})",
                             [(*d.document, d.record_json, "") for d in part])
            for table, width, _ in inserts[1:]:
                rows = [r for d in part for r in getattr(d, table)]
                if rows:
                    conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)
            conn.executemany("INSERT INTO fts VALUES (?, ?, ?, ?, ?)", [r[5:10] for d in part for r in d.paragraphs])
            conn.execute("COMMIT")

    out = timed(run)
    conn.close()
    return out


def fts_alone(folder: Path, preps: list[Prepared], columns: tuple[str, ...], batch: int) -> tuple[float, int]:
    """A bare FTS5 table of ``columns`` of the paragraphs: (insert CPU, bytes of the database)."""
    path = folder / f"fts-{'-'.join(columns)}.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(columns)}, tokenize='unicode61 remove_diacritics 2')")
    at = [5 + SEARCH_COLUMNS.index(c) for c in columns]
    docs = _rows(preps)
    marks = ", ".join("?" * len(columns))

    def run() -> None:
        for i in range(0, len(docs), batch):
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO fts VALUES ({marks})",
                             [tuple(r[k] for k in at) for d in docs[i:i + batch] for r in d.paragraphs])
            conn.execute("COMMIT")

    cpu, _ = timed(run)
    conn.close()
    return cpu, path.stat().st_size


def pg_columns(db: str) -> list[tuple[str, float, int]]:
    """Per search column of the PostgreSQL index: (column, server seconds of its to_tsvector over the stored
    paragraphs, stored bytes of the tsvectors), on the store the PostgreSQL write run left."""
    store = open_store(db)
    exprs = {"text": "to_tsvector('dutch', text)", **{c: f"to_tsvector('simple', {c})" for c in SEARCH_COLUMNS[1:]}}
    out = []
    for col, expr in exprs.items():
        t0 = server_cpu(store) or 0.0
        size = int(store.query_value(f"SELECT sum(pg_column_size({expr})) FROM paragraphs") or 0)
        out.append((col, (server_cpu(store) or 0.0) - t0, size))
    store.close()
    return out


def ingest_runs(paths: list[str], dbs: list[str], jobs: int, batch: int, repeat: int) -> list[tuple[str, float, int]]:
    """Per database (best wall of ``repeat`` runs, the databases taking turns, so a burst of other work on
    the machine does not fall on one of them only)."""
    best: dict[str, tuple[float, int]] = {}
    for _ in range(repeat):
        for db in dbs:
            remove_store(db)
            store = open_store(db)
            t0 = time.perf_counter()
            report = ingest(store, paths, jobs=jobs, batch=batch)
            wall = time.perf_counter() - t0
            store.close()
            if db not in best or wall < best[db][0]:
                best[db] = (wall, report.added)
    return [(db, *best[db]) for db in dbs]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000, help="motions written (default 2000)")
    ap.add_argument("--batch", type=int, default=BATCH, help=f"documents per transaction (default {BATCH})")
    ap.add_argument("--pg", default=os.environ.get("KAMERSPOOR_BENCH_PG_URL"), help="PostgreSQL URL (optional)")
    ap.add_argument("--ingest", type=int, default=0, help="files for the whole-ingest comparison (0: none)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the whole-ingest runs")
    ap.add_argument("--repeat", type=int, default=2, help="whole-ingest runs per database, taking turns")
    ap.add_argument("--no-writer", action="store_true", help="only the whole-ingest comparison")
    args = ap.parse_args()
    if not PUBLICATIONS.exists():
        print(f"bench/ingest_writer.py: {PUBLICATIONS} is absent; nothing to measure")
        return 0
    paths = [str(p) for p in sorted(PUBLICATIONS.glob("*.xml"))]
    with tempfile.TemporaryDirectory(prefix="kamerspoor-writer-") as tmp:
        report(args, paths, Path(tmp))
    return 0


def report(args, paths: list[str], tmp: Path) -> None:
    sqlite_db = str(tmp / "store.db")
    dbs = [sqlite_db] + ([args.pg] if args.pg else [])
    if not args.no_writer:
        writer(args, paths, tmp, sqlite_db, dbs)
    if args.ingest:
        print()
        results = ingest_runs(paths[:args.ingest], dbs, args.jobs, args.batch, args.repeat)
        for db, wall, added in results:
            print(f"ingest      {'postgresql' if is_postgres_url(db) else 'sqlite':<10} {added} motions, "
                  f"{args.jobs} workers: {wall:.1f} s ({added / wall:.0f} docs/s; best of {args.repeat})")
        if len(results) == 2:
            print(f"ratio       PostgreSQL to SQLite, whole ingest: {results[1][1] / results[0][1]:.2f}x wall")


def writer(args, paths: list[str], tmp: Path, sqlite_db: str, dbs: list[str]) -> None:
    t0 = time.perf_counter()
    preps = list(prepared([(p, None) for p in paths[:args.files]], 2))
    preps.sort(key=lambda p: p.path)
    n = sum(p.kind == "document" for p in preps)
    print(f"prepared    {n} motions in {time.perf_counter() - t0:.1f} s (not timed below); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    runs = {}
    print(f"\n{'writer':<34}{'CPU ms/motion':>14}{'server':>9}{'wall ms':>9}{'DB MB':>8}")
    for db in dbs:
        for batch in (1, args.batch):
            r = write_run(db, preps, batch)
            runs[(db, batch)] = r
            name = f"{'postgresql' if is_postgres_url(db) else 'sqlite'}, batch {batch}"
            server = f"{r['server'] / n * 1e3:9.3f}" if r["server"] is not None else f"{'':>9}"
            print(f"{name:<34}{r['cpu'] / n * 1e3:14.3f}{server}{r['wall'] / n * 1e3:9.3f}{r['size'] / 1e6:8.1f}"
                  f"   ({r['docs']} added, {r['failed']} failed)")
    floor_cpu, floor_wall = floor_run(tmp, preps, args.batch)
    text_cpu, text_size = fts_alone(tmp, preps, ("text",), args.batch)
    ours = runs[(sqlite_db, args.batch)]
    print(f"{'floor: bare executemany + FTS5':<34}{floor_cpu / n * 1e3:14.3f}{'':>9}{floor_wall / n * 1e3:9.3f}")
    print(f"{'floor: bare FTS5 of the text':<34}{text_cpu / n * 1e3:14.3f}{'':>9}{'':>9}{text_size / 1e6:8.1f}")
    print(f"\nratio       the writer (batch {args.batch}) to bare executemany + FTS5: {ours['cpu'] / floor_cpu:.2f}x CPU;"
          f" to bare FTS5 of the text: {ours['cpu'] / text_cpu:.2f}x CPU, {ours['size'] / text_size:.1f}x size")
    before = runs[(sqlite_db, 1)]
    print(f"            batch {args.batch} against one transaction per file: {before['cpu'] / ours['cpu']:.2f}x less "
          f"CPU, {before['wall'] / ours['wall']:.2f}x less wall")
    if args.pg:
        pg = runs[(args.pg, args.batch)]
        pg_cpu = pg["cpu"] + (pg["server"] or 0.0)
        print(f"            PostgreSQL against SQLite, batch {args.batch}: wall {pg['wall'] / ours['wall']:.2f}x, "
              f"CPU (writer + server) {pg_cpu / ours['cpu']:.2f}x")
    column_costs(args, tmp, preps, n)


def column_costs(args, tmp: Path, preps: list[Prepared], n: int) -> None:
    print(f"\n{'full-text column':<18}{'FTS5 CPU ms/motion':>20}{'FTS5 bytes/motion':>19}"
          + (f"{'PG tsvector ms/motion':>23}{'PG bytes/motion':>17}" if args.pg else ""))
    pg = {c: (s, b) for c, s, b in pg_columns(args.pg)} if args.pg else {}
    for col in SEARCH_COLUMNS:
        cpu, size = fts_alone(tmp, preps, (col,), args.batch)
        line = f"{col:<18}{cpu / n * 1e3:20.3f}{size / n:19.0f}"
        if col in pg:
            line += f"{pg[col][0] / n * 1e3:23.3f}{pg[col][1] / n:17.0f}"
        print(line)
    cpu, size = fts_alone(tmp, preps, SEARCH_COLUMNS, args.batch)
    print(f"{'all five':<18}{cpu / n * 1e3:20.3f}{size / n:19.0f}")


if __name__ == "__main__":
    sys.exit(main())
