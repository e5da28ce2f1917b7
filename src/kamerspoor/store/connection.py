"""The store's connection: statements, transactions and rows as dicts, the same on SQLite and PostgreSQL.

SQL in the store is written once, with ``?`` placeholders and constructs both databases share (``ON CONFLICT``,
window functions, ``lower()``); each backend (``sqlite``, ``postgres``) supplies its connection, its migrations
and its full-text query. Every other module of the store is a mixin over :class:`Connection`, so each concern
(schema, writes, reads of one kind of thing, search) is one small module and :class:`kamerspoor.store.Store`
puts them together.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self


class StoreError(Exception):
    """The store cannot be opened or used (bad path or URL, server down, newer schema than this code)."""


class StoreNotWritable(StoreError):
    """The store has a schema migration to apply and may not be written (a read-only file, server or role):
    ``problem`` says why, in the words of the write check, so an ingest reports it as it reports any store that
    cannot be written."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: the store cannot be written: {problem}")
        self.problem = problem


def json_column(v: Any, default: Any = None) -> Any:
    """The value of a JSON column (``submitters``, ``answers``, ``record``, ...); ``default`` for NULL."""
    if v is None:
        return default
    if isinstance(v, str):
        return json.loads(v)
    return v


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Connection:
    """Statements and transactions; the backends implement the four methods that raise NotImplementedError."""

    dialect = "base"
    url: str
    _depth = 0  # how many transaction() blocks are open: only the outermost one begins and commits

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        """Run one statement; returns the database's cursor (backends)."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: list) -> None:
        """Run one statement for each row of parameters (backends)."""
        raise NotImplementedError

    def insert_rows(self, insert: str, rows: list) -> None:
        """Many rows by one ``INSERT INTO table (columns) VALUES (?, ...)`` (PostgreSQL: by COPY)."""
        self.executemany(insert, rows)

    @contextmanager
    def _outermost_transaction(self) -> Iterator[None]:
        """Begin, then commit, or roll back on any exception (backends)."""
        raise NotImplementedError
        yield

    def close(self) -> None:
        raise NotImplementedError

    def paragraphs_coming(self) -> None:
        """Called before paragraphs are inserted (SQLite: where the full-text index's pending rows begin)."""

    def index_pending(self) -> None:
        """Put the paragraphs written so far into the full-text index (SQLite; PostgreSQL's tsv is a column)."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block; a transaction inside another is part of the outer one."""
        self._depth += 1
        try:
            if self._depth > 1:
                yield
            else:
                with self._outermost_transaction():
                    yield
        finally:
            self._depth -= 1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        """Every row of a query, as dicts by column name."""
        cur = self.execute(sql, params)
        rows = cur.fetchall()  # first: in PostgreSQL's pipeline mode the description comes with the rows
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def query_one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        """The first row of a query as a dict, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_value(self, sql: str, params: tuple | list = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def count(self, sql: str, params: tuple | list = ()) -> int:
        """The first column of the first row as an int (0 for none): for ``SELECT count(*) ...``."""
        return int(self.query_value(sql, params) or 0)

    def in_clause(self, column: str, values: list) -> tuple[str, list]:
        """``column IN (...)`` and its parameters, for a list of any length (SQLite: one JSON parameter)."""
        if not values:
            return "1 = 0", []
        return f"{column} IN ({', '.join('?' for _ in values)})", list(values)
