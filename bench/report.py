"""Benchmark: the accountability report (``kamerspoor report``, ``/verantwoording``) over the shared corpus store.

    .venv/bin/python bench/report.py                              # SQLite /tmp/kamerspoor-bench-report.db
    .venv/bin/python bench/report.py --db postgresql://...        # the same on PostgreSQL
    .venv/bin/python bench/report.py --fresh                      # ingest ../shared/corpus again first

The store is filled with ``../shared/corpus`` (8,000 motions, their Zaken and votes) when it is empty or with
``--fresh``. Then, best of ``--repeat`` runs each: the whole report (read + decide), its two halves, the
Markdown and CSV made from it, and a filtered report (a period and a search, as a journalist asks "the China
motions adopted in 2023-2025"). The floor, measured in the same run: a bare ``SELECT count(*)`` over the rows
the report starts from (adopted motions: votes joined to their Zaak), and reading those rows whole; each time is
printed as a ratio to the floor. Target (issue 14): the whole report under 2 s on SQLite.

The headline figures are printed twice: from the store (which holds the open-data letter records of
``documenten/`` when the corpus was ingested with them), and with those records read again by
:mod:`kamerspoor.tkletters` (motions "named in a letter's subject"), which must agree. Numbers are printed, not asserted. Exits 0 with a message when
../shared is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kamerspoor import verantwoording as V  # noqa: E402
from kamerspoor.ingest import ingest  # noqa: E402
from kamerspoor.store import is_postgres_url, open_store  # noqa: E402
from kamerspoor.tkletters import iter_brieven  # noqa: E402
from kamerspoor.verantwoording_text import CSV_COLUMNS, csv_rows, to_markdown  # noqa: E402
from stores import remove_store  # noqa: E402

FLOOR_SQL = ("SELECT count(*) FROM votes v JOIN zaken z ON z.nummer = v.zaak_nummer "
             "WHERE v.result = 'aangenomen' AND z.document_id IS NOT NULL")


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def fill(db: str, corpus: Path, fresh: bool) -> None:
    if fresh:
        remove_store(db)
    store = open_store(db)
    try:
        if store.count("SELECT count(*) FROM zaken"):
            return
        t0 = time.perf_counter()
        report = ingest(store, [corpus], jobs=os.cpu_count() or 1)
        print(f"ingested {corpus} in {time.perf_counter() - t0:.1f} s ({len(report.failed)} files refused)")
    finally:
        store.close()


def pages(db: str, repeat: int) -> tuple[float, float, int]:
    """The page and its CSV fetched from a real server on loopback, its response cache off (every request
    makes the report): (seconds, seconds, bytes of the page)."""
    import httpx

    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(db, cache=False)) as url, httpx.Client(base_url=url, timeout=120) as c:
        t_page, page = best(lambda: c.get("/verantwoording"), repeat)
        t_csv, _ = best(lambda: c.get("/verantwoording.csv"), repeat)
    return t_page, t_csv, len(page.content)


def headline(label: str, r: dict[str, Any]) -> None:
    t = r["totals"]
    print(f"{label}: adopted {t['adopted']}, answered by a letter with text {t['answered_text']}, named in a "
          f"letter's subject {t['named']}, only noted {t['noted']}, no answer in the store {t['none']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/kamerspoor-bench-report.db")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--fresh", action="store_true", help="empty the store and ingest the corpus again")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--since", default="2023-01-01")
    ap.add_argument("--until", default="2025-12-31")
    ap.add_argument("--query", default="China")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"{corpus} is absent: nothing to measure")
        return
    fill(args.db, corpus, args.fresh)
    store = open_store(args.db)
    f = V.Filters().checked()
    filtered = V.Filters(since=args.since, until=args.until, query=args.query).checked()
    t_floor, n_rows = best(lambda: store.count(FLOOR_SQL), args.repeat)
    t_read_rows, _ = best(lambda: store.adopted_motions(), args.repeat)
    t_build, report = best(lambda: V.build(store, f), args.repeat)
    t_gather, inputs = best(lambda: V.gather(store, f), args.repeat)
    t_compose, _ = best(lambda: V.compose(inputs, f), args.repeat)
    t_md, _ = best(lambda: to_markdown(report), args.repeat)
    t_csv, _ = best(lambda: csv_rows(report) and CSV_COLUMNS, args.repeat)
    t_filtered, searched = best(lambda: V.build(store, filtered), args.repeat)
    letters = sorted((corpus / "tk-2023-2025" / "documenten").glob("*.json"))
    t_page, t_page_csv, page_size = pages(args.db, args.repeat)
    t_letters, brieven = best(lambda: list(iter_brieven(letters)), 1)
    named = V.named_from_brieven(brieven)

    kind = "postgresql" if is_postgres_url(args.db) else "sqlite"
    print(f"store: {kind}; {n_rows} adopted-motion rows (a motion voted twice counts twice), "
          f"{report['coverage']['motions_in_store']} motions with text, {report['coverage']['zaken']} Zaken; "
          f"best of {args.repeat}")
    print(f"floor: SELECT count(*) of those rows      {1000 * t_floor:8.1f} ms")
    rows = [("reading those rows whole", t_read_rows), ("report: read + decide (build)", t_build),
            ("  read (gather)", t_gather), ("  decide (compose)", t_compose), ("Markdown from the report", t_md),
            ("CSV rows from the report", t_csv),
            (f"report {args.since}..{args.until}, search {args.query!r}", t_filtered),
            (f"GET /verantwoording ({page_size // 1024} kB HTML)", t_page), ("GET /verantwoording.csv", t_page_csv)]
    for label, t in rows:
        print(f"{label:<42}{1000 * t:8.1f} ms  {t / t_floor:8.1f} x floor")
    print(f"whole report {'under' if t_build < 2 else 'OVER'} the 2 s target ({t_build:.2f} s)")
    headline("the whole store", report)
    headline(f"{args.query}, votes {args.since}..{args.until}", searched)
    for label, flt in (("the whole store", f), (f"{args.query}, votes {args.since}..{args.until}", filtered)):
        with_named = V.gather(store, flt)
        with_named.named = named
        with_named.metadata_letters = len(brieven)
        headline(f"{label}, with the open-data letter records", V.compose(with_named, flt))
    print(f"open-data letter records: {len(brieven)} letters in {len(letters)} files, read in {t_letters:.2f} s; "
          f"{len(named)} motions named by number in {len({n['letter'] for n in named})} letters' subjects")
    store.close()


if __name__ == "__main__":
    main()
