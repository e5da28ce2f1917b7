"""Benchmark: ingest a corpus into a fresh store; print documents/s, MB/s, CPU time (this process writes the
store, the worker processes analyse), peak RSS and database size.

    .venv/bin/python bench/ingest.py                         # ../shared/corpus into /tmp/kamerspoor-bench.db
    .venv/bin/python bench/ingest.py --db postgresql://...   # the same into PostgreSQL (its tables are dropped first)
    .venv/bin/python bench/ingest.py --corpus examples --jobs 1

The database is created anew each run (SQLite file removed; PostgreSQL tables dropped). Numbers are printed,
not asserted. Peak RSS is the largest of this process and of any worker process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kamerspoor.ingest import ingest  # noqa: E402
from kamerspoor.store import is_postgres_url, open_store  # noqa: E402
from stores import db_size, remove_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--db", default="/tmp/kamerspoor-bench.db")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"bench/ingest.py: {args.corpus} does not exist (pass --corpus)")

    remove_store(args.db)

    t0 = time.perf_counter()
    store = open_store(args.db)
    report = ingest(store, [args.corpus], jobs=args.jobs)
    seconds = time.perf_counter() - t0
    stats = store.stats()
    size = db_size(store, args.db)
    store.close()

    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_kb = max(me.ru_maxrss, workers.ru_maxrss)
    writer_cpu, workers_cpu = me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime
    docs = report.added + report.replaced + report.unchanged
    print(f"corpus      {args.corpus}")
    print(f"database    {store.dialect} {args.db if not is_postgres_url(args.db) else '(postgresql)'}")
    print(f"files       {report.files} ({report.failed and len(report.failed) or 0} failed, {report.skipped} skipped)")
    print(f"documents   {docs} ({stats['documents_by_kind']}), zaken {report.zaken}, votes {report.votes}")
    print(f"time        {seconds:.1f} s with {args.jobs} worker(s)")
    print(f"docs/s      {docs / seconds:.0f} documents/s ({report.files / seconds:.0f} files/s)")
    print(f"MB/s        {report.bytes / 1e6 / seconds:.2f} ({report.bytes / 1e6:.1f} MB read)")
    print(f"cpu         {writer_cpu:.1f} s in this process (writing; analysis too with --jobs 1), "
          f"{workers_cpu:.1f} s in worker processes ({1000 * writer_cpu / max(report.files, 1):.2f} ms a file here)")
    print(f"peak RSS    {rss_kb / 1024:.0f} MB")
    print(f"db size     {size / 1e6:.1f} MB")
    print(f"linked      motions with vote {stats['motions_with_vote']}, answers linked {stats['answers_linked']}")
    for path, reason in report.failed[:10]:
        print(f"failed      {path}: {reason}")


if __name__ == "__main__":
    main()
