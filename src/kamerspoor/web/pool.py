"""The server's store connections: one per worker thread, and what happens while the database is away.

SQLite connections are not shared between threads that run at the same time, so each worker thread opens
its own store on first use and keeps it. A kept connection can go bad while the server runs: PostgreSQL
restarted (the connection is dead even once the server is back), the SQLite file removed or replaced. So
before a thread's store is handed out, :meth:`StorePool.get` checks it without a query:

- PostgreSQL: psycopg's own flags (closed, broken), and whether the server has said something unasked on the
  idle connection (a shutting-down server sends its "terminating connection", a dead one an end of file);
  such a connection is dropped and a new one opened.
- SQLite: the file must still be there, as the same file (device and inode) the connection opened; a removed
  file is never silently re-created empty while serving (that would serve an empty store and write to it),
  a replaced one (a restored backup) is opened anew.

While the database cannot be reached the server answers 503 with Retry-After (:func:`away_reason` tells a
database that is away from a bug, which stays a 500), and the next request tries again, so the server
recovers by itself when the database is back. The reason goes to the server's log once when the database
goes away and once when it is back, never to clients (it names hosts and paths).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from typing import Any

from kamerspoor.store import Store, StoreError, is_postgres_url, open_store
from kamerspoor.store.faults import fault_reason, one_line
from kamerspoor.store.sqlite import sqlite_file_stamp

log = logging.getLogger("kamerspoor.web")

RETRY_AFTER = 5  # seconds a client is asked to wait before it asks again
# PostgreSQL's change stamp is asked at most this often (it costs a query over the statistics views, and the
# server publishes the counts it reads about once a second anyway)
STAMP_SECONDS = 0.5


class DatabaseAway(StoreError):
    """The database cannot be used now (the message is for the server's log)."""


#: Why an error means the database is away (one line), or None for another error (a bug): the store's rule.
away_reason = fault_reason


def _connection_lost(conn: Any) -> bool:
    """A PostgreSQL connection that cannot serve another query (see the module's docstring)."""
    if getattr(conn, "closed", False) or getattr(conn, "broken", False):
        return True
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except Exception:  # noqa: BLE001 - whatever the driver says: not usable
        return True
    return bool(readable)


class StorePool:
    """One open store per thread, opened on first use, checked before each use, all closed together."""

    def __init__(self, url: str):
        self.url = url
        self.sqlite_path = None if is_postgres_url(url) else url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._may_create = True  # only the first open may create a new SQLite file
        self.down: str | None = None  # why the database is away, while it is
        self._stamp: tuple[float, str] | None = None  # PostgreSQL: (when asked, the change stamp)

    def get(self) -> Store:
        """This thread's store, reopened when its connection went bad; DatabaseAway when it cannot be had."""
        ident = self._file_identity()
        s = getattr(self._local, "store", None)
        if s is not None and not self._usable(s, ident):
            self._discard(s)
            s = None
        if s is None:
            try:
                s = open_store(self.url)
            except StoreError as e:
                if self._may_create:
                    raise  # the first open (when the server starts): a bad database is the caller's error
                self.went_away(str(e))
                raise DatabaseAway(str(e)) from None
            s.for_serving()
            self._may_create = False
            self._local.store, self._local.ident = s, self._file_identity() if ident is None else ident
            with self._lock:
                self._open.append(s)
        self.came_back()
        return s

    def _file_identity(self) -> tuple[int, int] | None:
        """SQLite: (device, inode) of the database file; DatabaseAway when it is gone after the first open."""
        if self.sqlite_path is None:
            return None
        try:
            st = os.stat(self.sqlite_path)
        except OSError as e:
            if self._may_create:
                return None
            reason = f"{self.sqlite_path}: the database file is missing ({e.strerror or e})"
            self.went_away(reason)
            raise DatabaseAway(reason) from None
        return (st.st_dev, st.st_ino)

    def _usable(self, s: Store, ident: tuple[int, int] | None) -> bool:
        if self.sqlite_path is not None:
            return getattr(self._local, "ident", None) == ident
        conn = getattr(s, "conn", None)
        return conn is None or not _connection_lost(conn)

    def _discard(self, s: Store) -> None:
        self._local.store = None
        with self._lock:
            if s in self._open:
                self._open.remove(s)
        s.close()

    def change_stamp(self) -> str | None:
        """The store's change stamp (see :meth:`kamerspoor.store.Store.change_stamp`), None when the database
        cannot be asked now. SQLite: from the file, without a connection (cheap enough for the event loop)."""
        if self.sqlite_path is not None:
            return sqlite_file_stamp(self.sqlite_path)
        now = time.monotonic()
        kept = self._stamp
        if kept is not None and now - kept[0] < STAMP_SECONDS:
            return kept[1]
        try:
            stamp = self.get().change_stamp()
        except Exception as e:  # noqa: BLE001 - the database away: no validators; the request itself says 503
            if away_reason(e) is None:
                raise
            return None
        self._stamp = (now, stamp)
        return stamp

    def went_away(self, reason: str) -> None:
        """Note (and log, once) that the database is away."""
        reason = one_line(reason)
        if self.down is None:
            log.warning("kamerspoor: the database is away, answering 503 until it is back: %s", reason)
        self.down = reason

    def came_back(self) -> None:
        if self.down is not None:
            self.down = None
            log.warning("kamerspoor: the database is back")

    def close(self) -> None:
        with self._lock:
            for s in self._open:
                s.close()
            self._open.clear()


__all__ = ["StorePool", "DatabaseAway", "away_reason", "RETRY_AFTER"]
