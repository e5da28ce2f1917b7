"""Which errors of a database say that it cannot be used now, as opposed to a mistake in one statement.

The web server answers 503 and tries again later for such an error (``kamerspoor.web.pool``); an ingest stops
with its report so far instead of failing each file that is left in turn (``kamerspoor.ingest``). The
drivers' words are the only evidence: SQLite tells a locked, read-only, full or damaged file in the message of
an ``OperationalError`` or ``DatabaseError``; psycopg tells a lost, refused or shut-down connection and a full
disk by its ``OperationalError`` class, a read-only server or role by its SQLSTATE classes.
"""

from __future__ import annotations

import re
import sqlite3

from kamerspoor.store.connection import StoreError

# SQLite errors that say the file cannot be used now (rather than that the SQL is wrong)
_SQLITE_AWAY = re.compile(r"locked|busy|unable to open|disk i/o|readonly|disk is full|not a database|malformed|"
                          r"locking protocol", re.I)


def one_line(text: str) -> str:
    """``text`` on one line (drivers' messages span several)."""
    return " ".join(text.split()) or "no reason given"


def fault_reason(exc: BaseException) -> str | None:
    """Why ``exc`` means the database cannot be used now (one line), or None when it is another error."""
    if isinstance(exc, StoreError):
        return one_line(str(exc))
    if isinstance(exc, sqlite3.Error):
        return one_line(f"SQLite: {exc}") if _SQLITE_AWAY.search(str(exc)) else None
    try:
        import psycopg
        from psycopg import errors
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | errors.ReadOnlySqlTransaction
                  | errors.InsufficientPrivilege):
        return one_line(f"PostgreSQL: {exc}")
    return None


def read_only_reason(exc: BaseException) -> str | None:
    """Why ``exc`` says that the store may not be written (a read-only file, a read-only server or transaction, a
    role without the privilege), in one line; None for any other error, a lost connection included."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        return one_line(f"SQLite: {text}") if "readonly" in text or "read-only" in text else None
    try:
        from psycopg import errors
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    if isinstance(exc, errors.ReadOnlySqlTransaction | errors.InsufficientPrivilege):
        return one_line(f"PostgreSQL: {exc}")
    return None
