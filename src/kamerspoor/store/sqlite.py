"""The store in a SQLite file: WAL journal, FTS5 full-text index.

The file is an ordinary SQLite database: ``paragraphs_fts`` is an external-content FTS5 table over
``paragraphs`` (columns text, lemmas, stems, heads, parts, family), so tools such as Datasette offer full-text
search on it. New paragraphs enter the index when their transaction commits, in one statement (see
:meth:`SQLiteStore.index_pending`): FTS5 writes a segment per statement, so a trigger per row made the index
the larger part of an ingest's writing. A program that inserts paragraphs with its own SQL runs
``INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('rebuild')`` afterwards.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kamerspoor.store.base import Store
from kamerspoor.store.connection import StoreError, StoreNotWritable, now_iso
from kamerspoor.store.faults import read_only_reason
from kamerspoor.store.fulltext import SearchFilters
from kamerspoor.store.search import QuerySyntaxError, parse_query, to_fts5

# bm25 weights per column (text, lemmas, stems, heads, parts, family): the word itself (its lemma) counts most,
# then a compound whose head it is, then a derived form ("Chinese" for "China"), then a word that only shares
# its stem, then any other part of a compound
BM25 = "bm25(paragraphs_fts, 1.0, 1.0, 0.2, 0.5, 0.1, 0.3)"


def sqlite_file_stamp(path: str) -> str:
    """``size:mtime`` of a database file and of its ``-wal``, ``-`` for one that is not there."""
    out = []
    for f in (path, path + "-wal"):
        try:
            st = os.stat(f)
            out.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            out.append("-")
    return "/".join(out)


def _foreign_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of a database that has tables but not kamerspoor's migration record; [] for a store or an
    empty database."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [] if not tables or "schema_migrations" in tables else tables


class SQLiteStore(Store):
    dialect = "sqlite"
    _fts_by_writer = False  # set when the store is open (migrated)
    _fts_from: int | None = None  # first rowid of the paragraphs this transaction added, not indexed yet

    def __init__(self, path: str | Path):
        self.url = str(path)
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        if not p.parent.exists():
            raise StoreError(f"{path}: folder {p.parent} does not exist")
        try:
            self.conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False, timeout=30)
            foreign = _foreign_tables(self.conn)
            if not foreign:
                self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path}: not a usable SQLite database ({e})") from None
        if foreign:  # another application's database: adding kamerspoor's tables (and WAL) to it would change it
            self.conn.close()
            raise StoreError(f"{path}: an SQLite database of another application (tables {', '.join(foreign[:3])}"
                             f"{', ...' if len(foreign) > 3 else ''}), not a kamerspoor store")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA cache_size = -65536")
        try:
            self.migrate()
        except sqlite3.OperationalError as e:
            reason = read_only_reason(e)
            if reason is None:
                raise
            self.conn.close()
            raise StoreNotWritable(str(path), f"a schema migration is pending ({reason})") from None
        self._ensure_search_index()
        self._fts_columns = ", ".join(r[1] for r in self.conn.execute("PRAGMA table_info(paragraphs_fts)"))
        # an insert trigger (a store migrated by an older kamerspoor, or one that put it back) indexes each row
        self._fts_by_writer = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'paragraphs_ai'").fetchone() is None
        self._ensure_derived()

    def change_stamp(self) -> str:
        """Size and modification time of the database file and its write-ahead log: every commit changes one
        of them (no query, so the stamp costs two stat calls and reads nothing the server could block on)."""
        return sqlite_file_stamp(self.url)

    def for_serving(self) -> None:
        """A server keeps one connection per thread: a small private page cache each (8 MB, not the 64 MB a
        writer gets: with eight threads that was most of a process's memory). The operating system caches the
        file for all threads and worker processes anyway (a memory-mapped file would count every page read in
        each process's resident memory)."""
        self.conn.execute("PRAGMA cache_size = -8192")
        self.conn.execute("PRAGMA temp_store = MEMORY")  # the facets' set of matching documents

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: list) -> None:
        self.conn.executemany(sql, rows)

    @contextmanager
    def _outermost_transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.index_pending()
        except BaseException:
            self._fts_from = None
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def paragraphs_coming(self) -> None:
        """Before paragraphs are inserted: remember where this transaction's new rows begin (a new row's rowid
        is one more than the largest, so every row from there on is new until they are indexed)."""
        if self._fts_by_writer and self._fts_from is None:
            self._fts_from = self.conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM paragraphs").fetchone()[0]

    def index_pending(self) -> None:
        """Put the paragraphs this transaction added into the full-text index, in one statement (before its
        commit, and before a paragraph is deleted: the delete trigger takes out what is in the index)."""
        if self._fts_from is not None:
            self.conn.execute(f"INSERT INTO paragraphs_fts(rowid, {self._fts_columns}) "
                              f"SELECT rowid, {self._fts_columns} FROM paragraphs WHERE rowid >= ?", (self._fts_from,))
            self._fts_from = None

    def migrate(self) -> None:
        """Apply the migrations this database has not had yet, each in its own transaction."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                          "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in self._pending_migrations(done, self.url):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)).fetchone():
                    self.conn.execute("ROLLBACK")
                    continue
                for stmt in _statements(sql):
                    self.conn.execute(stmt)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now_iso()))
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _reindex_begin(self) -> None:
        # the index is rebuilt from the rewritten rows at the end, so the update trigger stays out of the way
        self._au_trigger = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'paragraphs_au'").fetchone()[0]
        self.conn.execute("DROP TRIGGER paragraphs_au")

    def _reindex_end(self) -> None:
        self.conn.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('rebuild')")
        self.conn.execute(self._au_trigger)

    def optimize(self) -> None:
        """Merge the full-text index's segments (after a large ingest) and update the planner's statistics."""
        self.conn.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('optimize')")
        self.conn.execute("PRAGMA optimize")

    def _search_sql(self, node, filters: SearchFilters) -> tuple[str, str, list]:
        where, params = self.filter_clauses(filters)
        match = to_fts5(node)
        if where:
            frm = ("paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid "
                   "JOIN documents d ON d.id = p.doc_id")
            cond = "paragraphs_fts MATCH ? AND " + " AND ".join(where)
        else:
            frm, cond = "paragraphs_fts", "paragraphs_fts MATCH ?"
        return frm, cond, [match, *params]

    def _naming_a_motion_sql(self, name_key: str) -> tuple[str, tuple]:
        """Paragraphs of non-motions with the word "motie" or "moties" and the words of ``name_key`` in a row,
        from the full-text index's ``text`` column (the words as written, case and accents folded): every
        paragraph the caller's "motie van het lid <name>" rule can accept, without reading the others. A key
        without letters or digits names no one."""
        words = re.findall(r"[^\W_]+", name_key)
        if not words:
            return "SELECT NULL AS doc_id WHERE 0", ()
        match = f'text : (motie OR moties) AND text : "{" ".join(words)}"'
        return ('SELECT p.doc_id, p.idx, p.start, p."end", p.text, d.date, d.dossier FROM paragraphs_fts '
                "JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid JOIN documents d ON d.id = p.doc_id "
                "WHERE paragraphs_fts MATCH ? AND d.kind <> 'motie'", (match,))

    def in_clause(self, column: str, values: list) -> tuple[str, list]:
        return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(values)]

    def matching_documents(self, query: str, filters: SearchFilters | None = None, cap: int = 20000) -> list[str]:
        frm, cond, params = self._search_sql(parse_query(query), filters or SearchFilters())
        if "JOIN paragraphs p" not in frm:
            frm += " JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid"
        return [r[0] for r in self.conn.execute(f"SELECT DISTINCT p.doc_id FROM {frm} WHERE {cond} LIMIT ?",
                                                [*params, cap])]

    def _matching_set(self, query: str, filters: SearchFilters, cap: int = 20000) -> tuple[str, list]:
        """The matching documents in a temporary table of this connection (in memory, indexed), filled by one
        statement: the seven facet queries then join it, instead of each parsing the list of ids again (and the
        ids never pass through Python)."""
        frm, cond, params = self._search_sql(parse_query(query), filters)
        if "JOIN paragraphs p" not in frm:
            frm += " JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid"
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS matching (id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.matching")
        self.conn.execute(f"INSERT INTO temp.matching SELECT DISTINCT p.doc_id FROM {frm} WHERE {cond} LIMIT ?",
                          [*params, cap])
        return "d.id IN (SELECT id FROM temp.matching)", []

    def _search_rows(self, node, filters, limit, offset):
        frm, cond, params = self._search_sql(node, filters)
        ranked = (f"SELECT rowid, score, count(*) OVER () AS total FROM (SELECT paragraphs_fts.rowid AS rowid, "
                  f"-{BM25} AS score FROM {frm} WHERE {cond}) ORDER BY score DESC LIMIT ? OFFSET ?")
        sql = (f"SELECT r.rowid, r.score, r.total, {self.HIT_COLUMNS} FROM ({ranked}) r "
               "JOIN paragraphs p ON p.rowid = r.rowid JOIN documents d ON d.id = p.doc_id ORDER BY r.score DESC")
        try:
            rows = self.conn.execute(sql, [*params, limit, offset]).fetchall()
        except sqlite3.OperationalError as e:
            raise QuerySyntaxError(f"the full-text index refused the query ({e})") from None
        return rows, (rows[0][2] if rows else (0 if offset == 0 else None))

    def _count(self, node, filters):
        frm, cond, params = self._search_sql(node, filters)
        return int(self.conn.execute(f"SELECT count(*) FROM {frm} WHERE {cond}", params).fetchone()[0])

    def bare_fts(self, match: str, limit: int = 20) -> list[tuple]:
        """The plain FTS5 query with FTS5's own snippet, for comparison in the search benchmark."""
        return self.conn.execute(
            "SELECT rowid, snippet(paragraphs_fts, -1, '<mark>', '</mark>', '…', 30) FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (sqlite3.complete_statement knows about triggers' BEGIN ... END)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
