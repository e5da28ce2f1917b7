"""The schema: versioned migrations, and the version of the search columns (reindexed when it changes).

Migrations are DDL files in ``migrations/<dialect>/NNNN_name.sql``, applied in order, each recorded in
``schema_migrations``; a database newer than this code is refused. The search columns of paragraphs (lemmas,
stems, heads, parts) are computed in Python when rows are made (:mod:`kamerspoor.store.dutch`), so a store
written by a kamerspoor that normalised words differently is reindexed when opened: ``store_meta``'s
``search_index`` records :func:`kamerspoor.store.dutch.index_version` of the columns as they are (the lemma
table's, the stemmer's and the derivations' versions with the columns' scheme).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources

from kamerspoor.store import dutch
from kamerspoor.store.connection import Connection, StoreError, StoreNotWritable, now_iso

Say = Callable[[str], None]


def _to_stderr(msg: str) -> None:
    print(f"kamerspoor: {msg}", file=sys.stderr, flush=True)


class Schema(Connection):
    REINDEX_BATCH = 25_000

    # -- whether it can be written ----------------------------------------------------------------------
    def write_problem(self) -> str | None:
        """Why nothing can be written to this store now (a read-only file, server or role, a lost connection),
        found by a write that changes nothing; None when it can be written (ingest asks before it reads)."""
        from kamerspoor.store.faults import fault_reason

        try:
            with self.transaction():
                self.execute("UPDATE files SET path = path WHERE 1 = 0")
        except Exception as e:
            reason = fault_reason(e)
            if reason is None:
                raise
            return reason
        return None

    @contextmanager
    def computing_on_open(self, what: str) -> Iterator[None]:
        """Around what the store computes again when it is opened (``what``: its search columns, its derived
        columns) because another version of kamerspoor computed them: where the store may not be written (a
        read-only file, server, transaction or role) the store is closed and :class:`StoreNotWritable` says so
        in one line, before anything is computed, as for a pending migration; never the driver's error."""
        from kamerspoor.dburl import safe_url
        from kamerspoor.store.faults import read_only_reason

        problem = self.write_problem()
        if problem is None:
            try:
                yield
                return
            except Exception as e:  # a role that may write some tables and not others
                problem = read_only_reason(e)
                if problem is None:
                    raise
        self.close()
        raise StoreNotWritable(safe_url(self.url), f"its {what} were computed by another version of kamerspoor and "
                                                   f"must be computed again, which needs a store it may write "
                                                   f"({problem})")

    # -- migrations (the backends apply them: migrate) --------------------------------------------------
    def migrate(self) -> None:
        """Apply the migrations this database has not had yet (backends)."""
        raise NotImplementedError

    def _migration_files(self) -> list[tuple[int, str, str]]:
        folder = resources.files("kamerspoor.store") / "migrations" / self.dialect
        out = []
        for f in folder.iterdir():
            if f.name.endswith(".sql"):
                out.append((int(f.name.split("_", 1)[0]), f.name, f.read_text(encoding="utf-8")))
        return sorted(out)

    def _pending_migrations(self, done: set[int], where: str) -> list[tuple[int, str, str]]:
        """The migrations not applied yet, oldest first; a StoreError when the database is newer than this code."""
        files = self._migration_files()
        newest = max((v for v, _, _ in files), default=0)
        if done and max(done) > newest:
            raise StoreError(f"{where}: schema version {max(done)} is newer than this kamerspoor knows "
                             f"({newest}); upgrade kamerspoor")
        return [f for f in files if f[0] not in done]

    def schema_version(self) -> int:
        return self.count("SELECT max(version) FROM schema_migrations")

    def change_stamp(self) -> str:
        """A text that changes whenever the store's data may have changed (an ingest, an upload, an embed run):
        the validator of the web layer's HTTP caching (ETag). Cheap to ask on every request (backends)."""
        raise NotImplementedError

    def for_serving(self) -> None:
        """Settings for a connection that a server keeps open for reads (backends; none by default)."""

    def optimize(self) -> None:
        """After a large write: merge index segments, update the planner's statistics (backends)."""

    # -- the search index's version ------------------------------------------------------------------------
    def index_version(self) -> str | None:
        """The normaliser version the stored search columns were computed with (None: not recorded)."""
        return self.query_value("SELECT value FROM store_meta WHERE name = 'search_index'")

    def _record_index_version(self, version: str) -> None:
        self.execute("INSERT INTO store_meta (name, value, updated_at) VALUES ('search_index', ?, ?) "
                     "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                     (version, now_iso()))

    def _lock_for_reindex(self) -> None:
        """Inside the reindex transaction: keep other processes from reindexing at the same time (backends)."""

    def _reindex_begin(self) -> None:
        """Before the paragraphs' search columns are rewritten (backends)."""

    def _reindex_end(self) -> None:
        """After the paragraphs' search columns are rewritten (backends)."""

    def reindex(self, force: bool = False, progress: Say | None = None) -> int:
        """Compute the search columns of every paragraph again, in one transaction, when they were computed by
        another normaliser than this kamerspoor's (or always, with ``force``); returns how many paragraphs were
        rewritten (0: already current). ``progress`` receives messages for the user (None: silent)."""
        version = dutch.index_version()
        say = progress or (lambda _msg: None)
        with self.transaction():
            self._lock_for_reindex()
            recorded = self.index_version()
            if recorded == version and not force:
                return 0
            total = self.count("SELECT count(*) FROM paragraphs")
            if total:
                say(f"search index: written by {'an older kamerspoor' if recorded is None else recorded!r}; "
                    f"reindexing {total} paragraphs for {version!r}")
                self._reindex_begin()
                done = self._reindex_paragraphs(total, say)
                self._reindex_end()
                say(f"search index: {done} paragraphs reindexed")
            self._record_index_version(version)
        return total

    def _reindex_paragraphs(self, total: int, say: Say) -> int:
        """Rewrite the search columns of every paragraph, in batches by rowid; returns how many."""
        done, last = 0, None
        while True:
            if last is None:
                batch = self.execute("SELECT rowid, text FROM paragraphs ORDER BY rowid LIMIT ?",
                                     (self.REINDEX_BATCH,)).fetchall()
            else:
                batch = self.execute("SELECT rowid, text FROM paragraphs WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                     (last, self.REINDEX_BATCH)).fetchall()
            if not batch:
                return done
            self.executemany("UPDATE paragraphs SET lemmas = ?, stems = ?, heads = ?, parts = ?, family = ? "
                             "WHERE rowid = ?",
                             [(*dutch.index_columns(text), rowid) for rowid, text in batch])
            done += len(batch)
            last = batch[-1][0]
            if done < total:
                say(f"search index: {done}/{total} paragraphs")

    def _ensure_search_index(self) -> None:
        """On opening: reindex when the search columns were computed by another normaliser, saying so."""
        if self.index_version() != dutch.index_version():
            with self.computing_on_open("search columns"):
                self.reindex(progress=_to_stderr)
