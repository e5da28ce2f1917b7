"""The store in PostgreSQL (``postgresql://`` URL), through psycopg 3.

Same tables as SQLite; the full-text index is a stored ``tsvector`` per paragraph (PostgreSQL's Dutch
configuration over the text, plus the same lemmas, stems, compound heads and parts and family terms of derived
forms as on SQLite, each weighted by the strength of its match) with a GIN index, ranked by ``ts_rank``.
Migrations run under an advisory lock, so two processes opening a new database at once do not both create it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from kamerspoor.dburl import safe_url
from kamerspoor.store import dutch
from kamerspoor.store.base import Store
from kamerspoor.store.connection import StoreError, StoreNotWritable, now_iso
from kamerspoor.store.faults import read_only_reason
from kamerspoor.store.fulltext import SearchFilters
from kamerspoor.store.search import QuerySyntaxError, to_tsquery

# psycopg logs a warning of its own ("error ignored terminating Pipeline/Copy") when the server goes away in the
# middle of a pipeline or COPY; with no handler configured Python prints it on stderr, a second line beside the
# store's one-line error that already says the connection was lost. A handler of its own (that does nothing) keeps
# Python's last-resort printing off; an application that configures logging still sees it.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

_LOCK = 7_351_207  # advisory lock id for migrations
_INSERT = re.compile(r"INSERT INTO (\w+) \(([^)]*)\) VALUES \([?, ]*\)$")


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """``?`` placeholders -> psycopg's ``%s`` (the store's SQL has no other ``?`` or ``%``)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from None
        self._psycopg = psycopg
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to {safe_url(url)}: {str(e).strip()}") from None
        try:
            self.migrate()
        except (psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege) as e:
            # a store with a migration still to apply cannot be opened where nothing may be written: said in
            # the words of the write check (write_problem), so every command reports it alike
            self.close()
            raise StoreNotWritable(safe_url(url), f"a schema migration is pending ({read_only_reason(e)})") from None
        self._ensure_search_index()
        self._ensure_derived()

    def in_clause(self, column: str, values: list) -> tuple[str, list]:
        """``column = ANY(?)`` with the values as one array parameter: one statement text for any number of
        values (a placeholder per value made the server parse thousands of them for a search's facets)."""
        if not values:
            return "1 = 0", []
        return f"{column} = ANY(?)", [list(values)]

    def change_stamp(self) -> str:
        """Rows inserted, updated and deleted in this database's tables since the statistics began (and when
        they began, and how many tables there are): every write adds to it, reads do not, and other databases
        of the same server do not count. The server publishes a session's counts when it commits and goes idle,
        at most once a second, so a write shows in the stamp within about a second."""
        return str(self.query_value(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text || ':' || count(*)::text || ':' || "
            "coalesce((SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()), '') "
            "FROM pg_stat_user_tables"))

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:
            pass

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        return self.conn.execute(_pg(sql), params)

    def executemany(self, sql: str, rows: list) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def insert_rows(self, insert: str, rows: list) -> None:
        """COPY: the rows stream to the server in one statement (an INSERT per row costs a statement each)."""
        m = _INSERT.match(insert)
        if m is None or len(rows) < 4:
            self.executemany(insert, rows)
            return
        with self.conn.cursor() as cur, cur.copy(f"COPY {m.group(1)} ({m.group(2)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    @contextmanager
    def _outermost_transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def migrate(self) -> None:
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            # created only when missing: a read-only server or role refuses even CREATE TABLE IF NOT EXISTS,
            # and a store with nothing to migrate must open there (to be read, or refused writing in one line)
            found = self.conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
            if found is None or found[0] is None:
                self.conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                                  "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, name, sql in self._pending_migrations(done, safe_url(self.url)):
                self.conn.execute(sql)
                self.conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now_iso()))

    def _lock_for_reindex(self) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))

    def optimize(self) -> None:
        self.conn.execute("ANALYZE")

    def _naming_a_motion_sql(self, name_key: str) -> tuple[str, tuple]:
        """Paragraphs of non-motions with a word whose lemma is that of "motie" or "moties" (the search vector's
        GIN index) and ``name_key`` in their text: every paragraph the caller's "motie van het lid <name>" rule
        can accept, without testing every paragraph of every letter."""
        terms = sorted({"motie", "moties", *(dutch.norm(w) for w in ("motie", "moties"))})
        return ('SELECT p.doc_id, p.idx, p.start, p."end", p.text, d.date, d.dossier FROM paragraphs p '
                "JOIN documents d ON d.id = p.doc_id WHERE p.tsv @@ to_tsquery('simple', ?) AND d.kind <> 'motie' "
                "AND lower(p.text) LIKE ?", (" | ".join(terms), f"%{name_key}%"))

    def _search_sql(self, node, filters: SearchFilters) -> tuple[str, list]:
        """FROM ... WHERE ... of the matching paragraphs as ``m`` (rowid, score). The full-text match is
        materialised first, so the GIN index finds the paragraphs and the filters then only look at those
        (left to itself the planner may walk all paragraphs of a date range and test each one)."""
        tsq, tparams = to_tsquery(node)
        where, params = self.filter_clauses(filters)
        matches = (f"SELECT p.rowid, p.doc_id, ts_rank(p.tsv, q.q) AS score FROM (SELECT {tsq} AS q) q, "
                   "paragraphs p WHERE p.tsv @@ q.q")
        if not where:
            return f"FROM ({matches}) m", tparams
        return (f"FROM (WITH x AS MATERIALIZED ({matches}) SELECT x.rowid, x.score FROM x "
                f"JOIN documents d ON d.id = x.doc_id WHERE {' AND '.join(where)}) m", [*tparams, *params])

    def _search_rows(self, node, filters, limit, offset):
        frm, params = self._search_sql(node, filters)
        ranked = (f"SELECT m.rowid, m.score, count(*) OVER () AS total {frm} "
                  "ORDER BY m.score DESC, m.rowid LIMIT ? OFFSET ?")
        sql = (f"SELECT r.rowid, r.score, r.total, {self.HIT_COLUMNS} FROM ({ranked}) r "
               "JOIN paragraphs p ON p.rowid = r.rowid JOIN documents d ON d.id = p.doc_id "
               "ORDER BY r.score DESC, r.rowid")
        try:
            rows = self.execute(sql, [*params, limit, offset]).fetchall()
        except self._psycopg.errors.SyntaxError as e:  # pragma: no cover - the parser should prevent this
            raise QuerySyntaxError(f"the full-text index refused the query ({e})") from None
        return rows, (rows[0][2] if rows else (0 if offset == 0 else None))

    def _count(self, node, filters):
        frm, params = self._search_sql(node, filters)
        return int(self.execute(f"SELECT count(*) {frm}", params).fetchone()[0])

    def drop_all(self) -> None:
        """Remove every table of the store (tests and benchmarks start from an empty database)."""
        with self.conn.transaction():
            rows = self.conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()
            for (name,) in rows:
                self.conn.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
