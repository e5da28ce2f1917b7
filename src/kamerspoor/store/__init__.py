"""The store: persistence of the linked, searchable record of every ingested document. SQLite by default,
PostgreSQL by URL; the same API and the same behaviour on both.

    from kamerspoor.store import open_store, SearchFilters
    with open_store("kamerspoor.db") as store:          # or "postgresql://user@host/db"
        page = store.search("verdedigers", SearchFilters(kind="brief"), limit=10)
        store.motion("35207-27")                          # the motion, its vote, answers, commitments
        store.motion_list(MotionFilters(vote="aangenomen", answer="none"))  # adopted, no answer in the store
        store.document_list(kind="motie", limit=20)       # (total, one page of catalogue entries)
        store.query("SELECT id FROM documents WHERE kind = ?", ["motie"])  # any table, rows as dicts

What the store holds and how: schema and migrations, writes of rows, and a typed read API (its results are
the TypedDicts of ``types``); see ``base`` for the module of each concern. Turning inputs into rows and
deciding what to write (matching, linking) is :mod:`kamerspoor.ingest`'s job; the web layer and the semantic
layer read through the read API and write no SQL. Also here: ``dutch`` (tokens, lemmas, stems, compound
parts: the search columns), ``search`` (the query language, its translations, snippets), ``rows`` (record,
Zaak, votes -> rows), ``sqlite`` and ``postgres`` (the databases). Migrations are versioned DDL files in
``migrations/<dialect>/NNNN_name.sql``.
"""

from __future__ import annotations

from pathlib import Path

from kamerspoor.dburl import safe_url
from kamerspoor.store.base import Store
from kamerspoor.store.connection import StoreError, StoreNotWritable
from kamerspoor.store.fulltext import SearchFilters, SearchHit, SearchPage
from kamerspoor.store.motions import MotionFilters
from kamerspoor.store.search import QuerySyntaxError

DEFAULT_DB = "kamerspoor.db"


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url_or_path: str | Path = DEFAULT_DB) -> Store:
    """Open (and create or migrate) a store: a SQLite file path, or a ``postgresql://`` URL."""
    target = str(url_or_path)
    if is_postgres_url(target):
        from kamerspoor.store.postgres import PostgresStore

        return PostgresStore(target)
    if "://" in target:
        raise StoreError(f"{safe_url(target)}: unknown database URL (use a file path or postgresql://...)")
    from kamerspoor.store.sqlite import SQLiteStore

    return SQLiteStore(target)


__all__ = ["open_store", "Store", "StoreError", "StoreNotWritable", "SearchFilters", "SearchHit", "SearchPage", "QuerySyntaxError",
           "MotionFilters", "DEFAULT_DB", "is_postgres_url"]
