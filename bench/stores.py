"""The benchmarks' stores: an empty store to time a run into, and the size a run left on disk.

    sys.path.insert(0, str(ROOT / "bench"))
    from stores import db_size, remove_store
    remove_store(db)                # SQLite: the file (and its -wal, -shm) removed; PostgreSQL: its tables dropped
    store = open_store(db)          # created anew (inside the timing, where the benchmark times the creation)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def remove_store(db: str) -> None:
    """Remove the store at ``db`` (a SQLite file or a postgresql:// URL), so the next open creates it anew."""
    from kamerspoor.store import is_postgres_url, open_store

    if is_postgres_url(db):
        with open_store(db) as s:
            s.drop_all()
    else:
        for p in Path(db).parent.glob(Path(db).name + "*"):
            p.unlink()


def db_size(store: Any, db: str) -> int:
    """Bytes the store takes: the PostgreSQL database's size, or the SQLite file with its -wal and -shm."""
    from kamerspoor.store import is_postgres_url

    if is_postgres_url(db):
        return int(store.query_value("SELECT pg_database_size(current_database())"))
    return sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
