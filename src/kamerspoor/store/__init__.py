"""The store: the linked, searchable record of every ingested document.

    from kamerspoor.store import open_store, SearchFilters
    with open_store("kamerspoor.db") as store:          # or "postgresql://user@host/db"
        store.put_record(record)                          # an analysis record (../shared/spec/analysis.md)
        page = store.search("verdedigers", SearchFilters(kind="brief"), limit=10)
        store.motion("35207-27")                          # the motion, its vote, answers, commitments
        store.query("SELECT id FROM documents WHERE kind = ?", ["motie"])  # any table, rows as dicts

Modules: ``dutch`` (tokens, lemmas, stems, compound parts), ``search`` (query language, translations, snippets),
``rows`` (record -> table rows), ``links`` (ids and cross-document links), ``tk`` (Tweede Kamer records),
``officials`` (the register's toezeggingen and matching them to the letters' commitments),
``base`` (the logic both databases share), ``sqlite`` and ``postgres`` (the databases), ``ingest`` (files and
folders in). Migrations are versioned DDL files in ``migrations/<dialect>/NNNN_name.sql``.
"""

from __future__ import annotations

from pathlib import Path

from kamerspoor.store.base import SearchFilters, SearchHit, SearchPage, Store, StoreError
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
        raise StoreError(f"{target}: unknown database URL (use a file path or postgresql://...)")
    from kamerspoor.store.sqlite import SQLiteStore

    return SQLiteStore(target)


__all__ = ["open_store", "Store", "StoreError", "SearchFilters", "SearchHit", "SearchPage", "QuerySyntaxError",
           "DEFAULT_DB", "is_postgres_url"]
