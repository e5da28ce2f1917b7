"""The store's logic, common to SQLite and PostgreSQL: writing documents, reading the linked record back.

SQL here is written once, with ``?`` placeholders and constructs both databases share (``ON CONFLICT``,
window functions, ``lower()``); each backend supplies its connection, its migrations and its search query.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

from kamerspoor.record import Record, from_json
from kamerspoor.store import dutch, links
from kamerspoor.store.rows import DocumentRows, ZaakRows
from kamerspoor.store.search import Highlighter, parse_query, snippet


class StoreError(Exception):
    """The store cannot be opened or used (bad path or URL, server down, newer schema than this code)."""


@dataclass
class SearchFilters:
    """Restrict a search. Dates are ISO ``YYYY-MM-DD``; names compare case-insensitively."""

    kind: str | None = None
    dossier: str | None = None
    since: str | None = None
    until: str | None = None
    theme: str | None = None
    instrument: str | None = None
    party: str | None = None
    submitter: str | None = None
    stance: str | None = None


@dataclass
class SearchHit:
    id: str
    paragraph: int
    snippet: str
    score: float
    kind: str | None = None
    title: str | None = None
    date: str | None = None
    dossier: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchPage:
    total: int
    results: list[SearchHit] = field(default_factory=list)
    limit: int = 20
    offset: int = 0

    def to_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "results": [r.to_dict() for r in self.results]}


def json_column(v: Any, default: Any = None) -> Any:
    """The value of a JSON column (``submitters``, ``answers``, ``record``, ...); ``default`` for NULL."""
    if v is None:
        return default
    if isinstance(v, str):
        return json.loads(v)
    return v


def _to_stderr(msg: str) -> None:
    print(f"kamerspoor: {msg}", file=sys.stderr, flush=True)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """A kamerspoor store. Open one with :func:`kamerspoor.store.open_store`."""

    dialect = "base"
    url: str
    _removed = 0  # documents removed because a new version of their file no longer yields them

    # -- connection and transactions -------------------------------------------------------------------
    # SQL for these takes ``?`` placeholders on both databases (see the module's docstring); the tables are in
    # ``kamerspoor/store/migrations``. The web interface and the semantic layer read (and the semantic layer
    # writes its own tables) through them.
    _depth = 0  # how many transaction() blocks are open: only the outermost one begins and commits

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        """Run one statement; returns the database's cursor (backends)."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: list) -> None:
        """Run one statement for each row of parameters (backends)."""
        raise NotImplementedError

    @contextmanager
    def _outermost_transaction(self) -> Iterator[None]:
        """Begin, then commit, or roll back on any exception (backends)."""
        raise NotImplementedError
        yield

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

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def query(self, sql: str, params: tuple | list = ()) -> list[dict]:
        """Every row of a query, as dicts by column name."""
        cur = self.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def query_one(self, sql: str, params: tuple | list = ()) -> dict | None:
        """The first row of a query as a dict, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_value(self, sql: str, params: tuple | list = ()) -> Any:
        """The first column of the first row of a query, or None."""
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def in_clause(self, column: str, values: list) -> tuple[str, list]:
        """``column IN (...)`` and its parameters, for a list of any length (SQLite: one JSON parameter)."""
        if not values:
            return "1 = 0", []
        return f"{column} IN ({', '.join('?' for _ in values)})", list(values)

    # -- migrations ----------------------------------------------------------------------------------------
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
        return int(self.query_value("SELECT max(version) FROM schema_migrations") or 0)

    # -- the search index's version ------------------------------------------------------------------------
    # The search columns of paragraphs (lemmas, stems, heads, parts) are computed in Python at ingest
    # (kamerspoor.store.dutch), so a store written by a kamerspoor that normalised words differently is
    # reindexed: store_meta's 'search_index' records dutch.index_version() of the columns as they are.
    REINDEX_BATCH = 25_000

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

    def reindex(self, force: bool = False, progress: Callable[[str], None] | None = None) -> int:
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
            total = int(self.query_value("SELECT count(*) FROM paragraphs") or 0)
            if total:
                say(f"search index: written by {'an older kamerspoor' if recorded is None else recorded!r}; "
                    f"reindexing {total} paragraphs for {version!r}")
                self._reindex_begin()
                done, last = 0, None
                while True:
                    if last is None:
                        batch = self.execute("SELECT rowid, text FROM paragraphs ORDER BY rowid LIMIT ?",
                                             (self.REINDEX_BATCH,)).fetchall()
                    else:
                        batch = self.execute("SELECT rowid, text FROM paragraphs WHERE rowid > ? ORDER BY rowid "
                                             "LIMIT ?", (last, self.REINDEX_BATCH)).fetchall()
                    if not batch:
                        break
                    self.executemany("UPDATE paragraphs SET lemmas = ?, stems = ?, heads = ?, parts = ? "
                                     "WHERE rowid = ?", [(*dutch.index_columns(text), rowid) for rowid, text in batch])
                    done += len(batch)
                    last = batch[-1][0]
                    if done < total:
                        say(f"search index: {done}/{total} paragraphs")
                self._reindex_end()
                say(f"search index: {done} paragraphs reindexed")
            self._record_index_version(version)
        return total

    def _ensure_search_index(self) -> None:
        """On opening: reindex when the search columns were computed by another normaliser, saying so."""
        if self.index_version() != dutch.index_version():
            self.reindex(progress=_to_stderr)

    # -- writing -------------------------------------------------------------------------------------------
    _CHILD_TABLES = ("submitters", "sections", "paragraphs", "footnotes", "citations", "answers",
                     "party_positions", "commitments", "tags")

    def file_hash(self, path: str) -> str | None:
        """The content hash of ``path`` when it was last ingested, else None."""
        return self.query_value("SELECT content_hash FROM files WHERE path = ?", (path,))

    def _mark_file(self, path: str | None, digest: str | None, kind: str, ids: list[str]) -> None:
        if not path or not digest:
            return
        old = self.query_value("SELECT doc_ids FROM files WHERE path = ?", (path,))
        if old and kind in ("document", "records"):
            # a new version of the file no longer yields these documents: remove them, unless another file does
            for gone in sorted(set(json_column(old, [])) - set(ids)):
                if self.query_value("SELECT 1 FROM files WHERE path <> ? AND doc_ids LIKE ?",
                                    (path, f'%"{gone}"%')) is None:
                    self._delete_document(gone)
                    self._removed += 1
        self.execute(
            "INSERT INTO files (path, content_hash, kind, doc_ids, ingested_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, "
            "doc_ids = excluded.doc_ids, ingested_at = excluded.ingested_at",
            (path, digest, kind, json.dumps(ids), now_iso()))

    def _write_document(self, rows: DocumentRows) -> str:
        old = self.query_value("SELECT content_hash FROM documents WHERE id = ?", (rows.id,))
        if old == rows.content_hash:
            return "unchanged"
        if old is not None:
            self._delete_document(rows.id)
        self.execute(
            "INSERT INTO documents (id, dossier, number, session_year, kind, title, date, submitters, source_path, "
            "content_hash, record, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*rows.document, rows.record_json, now_iso()))
        many = self.executemany
        if rows.submitters:
            many("INSERT INTO submitters (doc_id, position, name) VALUES (?, ?, ?)", rows.submitters)
        if rows.sections:
            many('INSERT INTO sections (doc_id, idx, level, number, heading, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
                 rows.sections)
        if rows.paragraphs:
            many('INSERT INTO paragraphs (doc_id, idx, section, start, "end", text, lemmas, stems, heads, parts) '
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.paragraphs)
        if rows.footnotes:
            many("INSERT INTO footnotes (doc_id, idx, marker, text, urls, anchor) VALUES (?, ?, ?, ?, ?, ?)",
                 rows.footnotes)
        if rows.citations:
            many("INSERT INTO citations (doc_id, idx, dossier, number, target_id, text, start) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", rows.citations)
        if rows.motion:
            self.execute("INSERT INTO motions (id, dossier, number, proposed, debate, considerations, requests, "
                         "replaces_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.motion)
        if rows.answers:
            many("INSERT INTO answers (doc_id, idx, dossier, number, motion_id, submitters, stance, evidence, start) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.answers)
        if rows.party_positions:
            many("INSERT INTO party_positions (doc_id, idx, party, proposal, stance, evidence, source_url) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", rows.party_positions)
        if rows.commitments:
            many("INSERT INTO commitments (doc_id, idx, text, actor, due, due_by, kind, status, paragraph, answers, "
                 "start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.commitments)
        if rows.tags:
            many("INSERT INTO tags (doc_id, kind, tag, paragraph) VALUES (?, ?, ?, ?)", rows.tags)
        return "replaced" if old is not None else "added"

    def _delete_document(self, doc_id: str) -> None:
        self.execute("DELETE FROM motions WHERE id = ?", (doc_id,))
        for t in self._CHILD_TABLES:
            self.execute(f"DELETE FROM {t} WHERE doc_id = ?", (doc_id,))
        self.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def put_document(self, rows: DocumentRows, path: str | None = None, file_digest: str | None = None) -> str:
        """Write one document in one transaction: "added", "replaced" (a new version) or "unchanged". The
        commitments of a new or changed letter are matched against the stored official ones."""
        with self.transaction():
            status = self._write_document(rows)
            if status != "unchanged" and rows.commitments:
                self._match_letter(rows.id)
            self._mark_file(path, file_digest, "document", [rows.id])
        return status

    def put_documents(self, many: list[DocumentRows], path: str | None = None,
                      file_digest: str | None = None) -> list[str]:
        """Several records of one file (a JSON list of records), in one transaction."""
        with self.transaction():
            out = []
            for r in many:
                status = self._write_document(r)
                if status != "unchanged" and r.commitments:
                    self._match_letter(r.id)
                out.append(status)
            self._mark_file(path, file_digest, "records", [r.id for r in many])
        return out

    def put_record(self, record: Record | dict, source: str | None = None) -> str:
        """Convenience: store one analysis record (rows are prepared here); a dict is checked first."""
        from kamerspoor.store.rows import document_rows

        return self.put_document(document_rows(record if isinstance(record, Record) else from_json(record), source))

    def put_zaak(self, z: ZaakRows, path: str | None = None, file_digest: str | None = None) -> str:
        """Write a Zaak: "added", "replaced", "unchanged", or "deleted" when Tweede Kamer open data deleted it
        (``tk/deleted.jsonl``) after this version, so a stale copy does not bring it back."""
        with self.transaction():
            if self._deleted_after("Zaak", z.id, z.changed):
                self._mark_file(path, file_digest, "zaak", [])
                return "deleted"
            old = self.query_value("SELECT content_hash FROM zaken WHERE id = ?", (z.id,))
            status = "unchanged"
            if old != z.content_hash:
                self.execute("DELETE FROM zaak_actors WHERE zaak_id = ?", (z.id,))
                self.execute("DELETE FROM zaken WHERE id = ?", (z.id,))
                self.execute("INSERT INTO zaken (id, nummer, soort, titel, onderwerp, gestart_op, vergaderjaar, "
                             "kabinetsappreciatie, document_id, replaces_id, replaces_zaak, verwijderd, content_hash, "
                             "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", z.row)
                if z.actors:
                    self.executemany("INSERT INTO zaak_actors (zaak_id, position, naam, fractie, relatie) "
                                     "VALUES (?, ?, ?, ?, ?)", z.actors)
                status = "replaced" if old is not None else "added"
            self._mark_file(path, file_digest, "zaak", [z.id])
        return status

    def put_votes(self, rows: list[tuple], path: str | None = None, file_digest: str | None = None) -> int:
        """Upsert the votes summary's rows (one per Zaak) in one transaction; returns how many. The votes of
        deleted Zaken are left out, and so are votes a new version of the same file no longer has."""
        with self.transaction():
            gone = {r["id"] for r in self.query("SELECT id FROM tk_deletions WHERE entity = 'Zaak'")}
            rows = [r for r in rows if r[1] not in gone]
            nummers = [r[0] for r in rows]
            old = self.query_value("SELECT doc_ids FROM files WHERE path = ?", (path,)) if path else None
            for nummer in sorted(set(json_column(old, [])) - set(nummers)):
                self.execute("DELETE FROM votes WHERE zaak_nummer = ?", (nummer,))
            if not rows:
                self._mark_file(path, file_digest, "votes", nummers)
                return 0
            self.executemany(
                "INSERT INTO votes (zaak_nummer, zaak_id, date, result, besluit_soort, voor, tegen, niet_deelgenomen, "
                "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (zaak_nummer) DO UPDATE SET "
                "zaak_id = excluded.zaak_id, date = excluded.date, result = excluded.result, "
                "besluit_soort = excluded.besluit_soort, voor = excluded.voor, tegen = excluded.tegen, "
                "niet_deelgenomen = excluded.niet_deelgenomen, record = excluded.record", rows)
            self._mark_file(path, file_digest, "votes", nummers)
        return len(rows)

    # -- official commitments and deletions ------------------------------------------------------------------
    _official_index = None  # kamerspoor.store.officials.OfficialIndex of the stored official commitments

    def _officials(self):
        """The stored official commitments, indexed for matching (loaded once, renewed when they change)."""
        if self._official_index is None:
            from kamerspoor.store.officials import OfficialIndex, loads_record

            self._official_index = OfficialIndex(
                loads_record(r["record"]) for r in self.query("SELECT record FROM official_commitments ORDER BY id"))
        return self._official_index

    @contextmanager
    def _officials_renewed(self) -> Iterator[None]:
        """Around a change of the official commitments: the index is loaded again, also after a rollback."""
        try:
            yield
        finally:
            self._official_index = None

    def _match_letter(self, doc_id: str) -> int:
        """Match the commitments of one letter against the official ones; returns how many matched."""
        index = self._officials()
        rows = self.query("SELECT idx, text, actor, due, matched_official, match_score FROM commitments "
                          "WHERE doc_id = ? ORDER BY idx", (doc_id,))
        if not rows:
            return 0
        if len(index):
            doc = self.query_one("SELECT date, submitters FROM documents WHERE id = ?", (doc_id,)) or {}
            found = index.match(rows, letter_date=doc.get("date"),
                                signatories=json_column(doc.get("submitters"), []))
        else:
            found = [None] * len(rows)
        for r, m in zip(rows, found, strict=True):
            new = (m.official_id, round(m.score, 3)) if m else (None, None)
            if (r["matched_official"], r["match_score"]) != new:
                self.execute("UPDATE commitments SET matched_official = ?, match_score = ? "
                             "WHERE doc_id = ? AND idx = ?", (*new, doc_id, r["idx"]))
        return sum(m is not None for m in found)

    def _rematch(self, changed: set[str]) -> int:
        """After official commitments ``changed`` (added, changed or removed): match again every letter with a
        commitment matched to one of them or sharing enough words with one of them; returns how many letters."""
        if not changed:
            return 0
        self._official_index = None
        index = self._officials()
        letters = {r["doc_id"] for r in self.query("SELECT doc_id, matched_official FROM commitments "
                                                   "WHERE matched_official IS NOT NULL")
                   if r["matched_official"] in changed}
        fresh = [index.by_id[i] for i in changed if i in index.by_id]
        if fresh:
            from kamerspoor.store.officials import OfficialIndex

            sub = OfficialIndex(fresh)
            for r in self.query("SELECT doc_id, text FROM commitments"):
                if r["doc_id"] not in letters and sub.candidates(r["text"]):
                    letters.add(r["doc_id"])
        for doc_id in sorted(letters):
            self._match_letter(doc_id)
        return len(letters)

    def put_official_commitments(self, officials: list[dict], path: str | None = None,
                                 file_digest: str | None = None) -> dict:
        """Store the register's official commitments (``official_commitments.json``) in one transaction and match
        them against the stored commitments. Official commitments an earlier version of the same file had and
        this one has not were deleted from the register and are removed; so are those in ``tk/deleted.jsonl``.
        Returns counts: added, replaced, unchanged, removed, deleted, letters (letters matched again)."""
        from kamerspoor.store.officials import check_officials, official_row
        from kamerspoor.store.rows import canonical_json

        check_officials(officials, path)
        counts = {"added": 0, "replaced": 0, "unchanged": 0, "removed": 0, "deleted": 0, "letters": 0}
        with self.transaction(), self._officials_renewed():
            gone = {r["id"] for r in self.query("SELECT id FROM tk_deletions WHERE entity = 'Toezegging'")}
            changed: set[str] = set()
            ids: list[str] = []
            for o in officials:
                if o["id"] in gone:
                    counts["deleted"] += 1
                    continue
                ids.append(o["id"])
                row = official_row(o, canonical_json(o))
                old = self.query_value("SELECT record FROM official_commitments WHERE id = ?", (o["id"],))
                if old == row[-1]:
                    counts["unchanged"] += 1
                    continue
                self.execute(
                    "INSERT INTO official_commitments (id, number, text, status, status_official, made, due, minister, "
                    "function, ministry, fulfilled_by, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET number = excluded.number, text = excluded.text, "
                    "status = excluded.status, status_official = excluded.status_official, made = excluded.made, "
                    "due = excluded.due, minister = excluded.minister, function = excluded.function, "
                    "ministry = excluded.ministry, fulfilled_by = excluded.fulfilled_by, record = excluded.record", row)
                counts["replaced" if old is not None else "added"] += 1
                changed.add(o["id"])
            old_ids = self.query_value("SELECT doc_ids FROM files WHERE path = ?", (path,)) if path else None
            for oid in sorted(set(json_column(old_ids, [])) - set(ids)):
                if self.query_value("SELECT 1 FROM files WHERE path <> ? AND kind = 'officials' AND doc_ids LIKE ?",
                                    (path, f'%"{oid}"%')) is None:
                    counts["removed"] += self._delete_official(oid)
                    changed.add(oid)
            self._mark_file(path, file_digest, "officials", ids)
            counts["letters"] = self._rematch(changed)
        return counts

    def _delete_official(self, official_id: str) -> int:
        found = self.query_value("SELECT 1 FROM official_commitments WHERE id = ?", (official_id,)) is not None
        self.execute("DELETE FROM official_commitments WHERE id = ?", (official_id,))
        return int(found)

    def _deleted_after(self, entity: str, ident: str, changed: str | None) -> bool:
        """Whether ``entity`` ``ident`` was deleted in Tweede Kamer open data after the version changed at
        ``changed`` (its ApiGewijzigdOp; a version without one counts as older than the deletion)."""
        row = self.query_one("SELECT deleted_at FROM tk_deletions WHERE entity = ? AND id = ?", (entity, ident))
        if row is None:
            return False
        return not (changed and row["deleted_at"] and changed > row["deleted_at"])

    def apply_deletions(self, deletions: list[dict], path: str | None = None, file_digest: str | None = None) -> int:
        """Follow the deletions of Tweede Kamer open data (``tk/deleted.jsonl``: ``{"entity", "id",
        "ApiGewijzigdOp"}`` each) in one transaction: a deleted Zaak goes with its indieners and its vote, a
        deleted Toezegging with its matches (the letters are matched again). Each deletion is remembered, so a
        copy of the entity ingested later does not bring it back, unless that copy changed after the deletion.
        Idempotent; returns how many stored entities were removed."""
        removed = 0
        with self.transaction(), self._officials_renewed():
            changed: set[str] = set()
            for d in deletions:
                entity, ident, stamp = str(d["entity"]), str(d["id"]), d.get("ApiGewijzigdOp")
                old = self.query_one("SELECT deleted_at FROM tk_deletions WHERE entity = ? AND id = ?", (entity, ident))
                if old is None:
                    self.execute("INSERT INTO tk_deletions (entity, id, deleted_at) VALUES (?, ?, ?)",
                                 (entity, ident, stamp))
                elif stamp and (old["deleted_at"] is None or stamp > old["deleted_at"]):
                    self.execute("UPDATE tk_deletions SET deleted_at = ? WHERE entity = ? AND id = ?",
                                 (stamp, entity, ident))
                if entity == "Zaak":
                    removed += self._delete_zaak(ident, stamp)
                elif entity == "Toezegging":
                    if self._delete_official(ident):
                        removed += 1
                        changed.add(ident)
            self._rematch(changed)
            self._mark_file(path, file_digest, "deletions", [])
        return removed

    def _delete_zaak(self, zaak_id: str, stamp: str | None) -> int:
        row = self.query_one("SELECT nummer, record FROM zaken WHERE id = ?", (zaak_id,))
        if row is not None:
            changed = (json_column(row["record"], {}) or {}).get("ApiGewijzigdOp")
            if changed and stamp and changed > stamp:
                return 0  # this version came after the deletion
            self.execute("DELETE FROM zaak_actors WHERE zaak_id = ?", (zaak_id,))
            self.execute("DELETE FROM zaken WHERE id = ?", (zaak_id,))
            self.execute("DELETE FROM votes WHERE zaak_nummer = ?", (row["nummer"],))
        n = self.query_value("SELECT count(*) FROM votes WHERE zaak_id = ?", (zaak_id,))
        if n:
            self.execute("DELETE FROM votes WHERE zaak_id = ?", (zaak_id,))
        return int(row is not None or bool(n))

    def delete_document(self, doc_id: str) -> bool:
        with self.transaction():
            found = self.query_value("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None
            self._delete_document(doc_id)
        return found

    # -- links ---------------------------------------------------------------------------------------------
    def resolve_links(self) -> int:
        """Link answers that name their motion only by its submitters; returns how many were linked."""
        pending = self.query(links.RESOLVE_SUBMITTER_ANSWERS)
        linked = 0
        for a in pending:
            subs = json_column(a["submitters"], [])
            if not subs:
                continue
            dossiers = {r["dossier"] for r in self.query(
                "SELECT DISTINCT dossier FROM citations WHERE doc_id = ? AND dossier IS NOT NULL", (a["doc_id"],))}
            if a["dossier"]:
                dossiers.add(a["dossier"])
            key = links.surname_key(subs[0])
            cands = self.query(
                "SELECT m.id, m.dossier, d.submitters FROM motions m JOIN documents d ON d.id = m.id "
                "JOIN submitters s ON s.doc_id = m.id AND s.position = 0 WHERE lower(s.name) LIKE ?",
                ("%" + key,))
            pick = links.pick_motion([(c["id"], c["dossier"], json_column(c["submitters"], [])) for c in cands], subs,
                                     dossiers)
            if pick:
                with self.transaction():
                    self.execute("UPDATE answers SET motion_id = ? WHERE doc_id = ? AND idx = ?",
                                 (pick, a["doc_id"], a["idx"]))
                linked += 1
        return linked

    # -- reading -------------------------------------------------------------------------------------------
    def record(self, doc_id: str) -> Record | None:
        """The stored analysis record of a document as the typed :class:`~kamerspoor.record.Record` (without
        the links :meth:`document` adds), or None."""
        rec = self.query_value("SELECT record FROM documents WHERE id = ?", (doc_id,))
        return None if rec is None else from_json(rec, source=f"stored record {doc_id}")

    def document(self, doc_id: str) -> dict | None:
        """The stored analysis record of a document, or None. A commitment that is the same promise as an
        official one carries ``matched_official``: ``{"official_id", "score", "official": <the register's
        record>}``."""
        rec = self.query_value("SELECT record FROM documents WHERE id = ?", (doc_id,))
        if rec is None:
            return None
        out = json_column(rec)
        matched = self.query("SELECT c.idx, c.match_score, o.record FROM commitments c JOIN official_commitments o "
                             "ON o.id = c.matched_official WHERE c.doc_id = ?", (doc_id,))
        commitments = out.get("commitments") or []
        for m in matched:
            if 0 <= m["idx"] < len(commitments) and isinstance(commitments[m["idx"]], dict):
                official = json_column(m["record"])
                commitments[m["idx"]]["matched_official"] = {"official_id": official.get("id"),
                                                             "score": m["match_score"], "official": official}
        self._attach_motion_texts(doc_id, out)
        return out

    def _attach_motion_texts(self, doc_id: str, record: dict) -> None:
        """Next to each answer in a letter, what the answered motion asks, when the motion is in the store:
        ``motion_id``, ``motion_requests`` and ``motion_considerations`` (whichever arrived first)."""
        answers = record.get("motions") or []
        if not answers:
            return
        rows = self.query("SELECT a.idx, a.motion_id, m.requests, m.considerations FROM answers a "
                          "JOIN motions m ON m.id = a.motion_id WHERE a.doc_id = ?", (doc_id,))
        for r in rows:
            if 0 <= r["idx"] < len(answers) and isinstance(answers[r["idx"]], dict):
                answers[r["idx"]]["motion_id"] = r["motion_id"]
                answers[r["idx"]]["motion_requests"] = json_column(r["requests"], [])
                answers[r["idx"]]["motion_considerations"] = json_column(r["considerations"], [])

    def documents(self, kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        sql = "SELECT id, kind, dossier, number, date, title, submitters FROM documents"
        params: list = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY date, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = self.query(sql, params)
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return rows

    def _replacement_chain(self, motion_id: str) -> tuple[list[str], list[str]]:
        """(motions this one replaces, motions that replace it), following gewijzigde moties both ways."""
        def replaces(mid: str) -> list[str]:
            rows = self.query(
                "SELECT replaces_id AS r FROM motions WHERE id = ? AND replaces_id IS NOT NULL "
                "UNION SELECT replaces_id FROM zaken WHERE document_id = ? AND replaces_id IS NOT NULL "
                "UNION SELECT z2.document_id FROM zaken z JOIN zaken z2 ON z2.id = z.replaces_zaak "
                "OR z2.nummer = z.replaces_zaak WHERE z.document_id = ? AND z2.document_id IS NOT NULL",
                (mid, mid, mid))
            return [r["r"] for r in rows]

        def replaced_by(mid: str) -> list[str]:
            rows = self.query(
                "SELECT id AS r FROM motions WHERE replaces_id = ? "
                "UNION SELECT document_id FROM zaken WHERE replaces_id = ? AND document_id IS NOT NULL "
                "UNION SELECT z.document_id FROM zaken z JOIN zaken z2 ON z2.id = z.replaces_zaak "
                "OR z2.nummer = z.replaces_zaak WHERE z2.document_id = ? AND z.document_id IS NOT NULL",
                (mid, mid, mid))
            return [r["r"] for r in rows]

        def walk(start: str, step) -> list[str]:
            seen, todo, out = {start}, [start], []
            while todo:
                for nxt in step(todo.pop()):
                    if nxt not in seen:
                        seen.add(nxt)
                        out.append(nxt)
                        todo.append(nxt)
            return out

        return walk(motion_id, replaces), walk(motion_id, replaced_by)

    _VOTE_COLUMNS = "v.zaak_nummer, v.zaak_id, v.date, v.result, v.besluit_soort, v.voor, v.tegen, v.niet_deelgenomen"

    def vote(self, motion_id: str) -> dict | None:
        """The vote on a motion (through the Zaak whose document it is), or None."""
        return self.query_one(f"SELECT {self._VOTE_COLUMNS} FROM zaken z JOIN votes v ON v.zaak_nummer = z.nummer "
                              "WHERE z.document_id = ? ORDER BY v.date DESC LIMIT 1", (motion_id,))

    def motion(self, motion_id: str) -> dict | None:
        """A motion with its vote, the Zaak, the motions it replaces or is replaced by, every answer to it (in
        letters, with stance and evidence) and the commitments made in answer to it. None when the store
        knows nothing of it (neither the motion, nor a Zaak, nor an answer naming it)."""
        parsed = links.parse_kst_id(motion_id)
        if parsed and not motion_id.startswith("kst-"):
            motion_id = links.kst_id(*parsed) or motion_id
        doc = self.query_one("SELECT id, dossier, number, date, title, submitters, kind FROM documents WHERE id = ?",
                             (motion_id,))
        m = self.query_one("SELECT proposed, debate, considerations, requests, replaces_id FROM motions WHERE id = ?",
                           (motion_id,))
        zaak = self.query_one("SELECT id, nummer, onderwerp, kabinetsappreciatie, gestart_op, vergaderjaar "
                              "FROM zaken WHERE document_id = ? ORDER BY gestart_op DESC LIMIT 1", (motion_id,))
        if zaak:
            zaak["indieners"] = self.query("SELECT naam, fractie, relatie FROM zaak_actors WHERE zaak_id = ? "
                                           "ORDER BY position", (zaak["id"],))
        replaces, replaced_by = self._replacement_chain(motion_id)
        chain = [motion_id, *replaces, *replaced_by]
        cond, params = self.in_clause("a.motion_id", chain)
        answers = self.query(
            "SELECT a.doc_id AS letter, d.title AS letter_title, d.date AS letter_date, a.motion_id AS cites, "
            "a.stance, a.evidence, a.start FROM answers a JOIN documents d ON d.id = a.doc_id "
            f"WHERE {cond} ORDER BY d.date, a.doc_id, a.idx", params)
        # the commitments the answering letters make in answer to the motion (or to one it replaces)
        cond, params = self.in_clause("c.doc_id", sorted({x["letter"] for x in answers}))
        commitments = []
        for c in self.query(f"SELECT {self._COMMITMENT_COLUMNS}, c.paragraph, c.answers FROM commitments c "
                            "JOIN documents d ON d.id = c.doc_id "
                            "LEFT JOIN official_commitments o ON o.id = c.matched_official "
                            f"WHERE {cond} ORDER BY d.date, c.doc_id, c.idx", params):
            if links.answered_motions(json_column(c.pop("answers"), [])) & set(chain):
                commitments.append(c)
        if not (doc or zaak or answers):
            return None
        out: dict = {"id": motion_id, "in_store": doc is not None}
        if doc:
            out.update({"dossier": doc["dossier"], "number": doc["number"], "date": doc["date"],
                        "title": doc["title"], "submitters": json_column(doc["submitters"], [])})
        if m:
            out.update({"proposed": m["proposed"], "debate": m["debate"],
                        "considerations": json_column(m["considerations"], []),
                        "requests": json_column(m["requests"], [])})
        out["replaces"] = replaces
        out["replaced_by"] = replaced_by
        out["zaak"] = zaak
        out["vote"] = self.vote(motion_id)
        out["answers"] = answers
        out["commitments"] = commitments
        return out

    # a commitment with its letter and the official commitment matched to it (official_* null when none)
    _COMMITMENT_COLUMNS = (
        "c.doc_id, c.idx, d.date AS letter_date, d.dossier, c.text, c.actor, c.due, c.kind, c.status, "
        "c.matched_official AS official_id, o.number AS official_number, o.status AS official_status, "
        "o.status_official AS official_status_register, o.due AS official_due, c.match_score")

    def commitments(self, open_only: bool = False, overdue: bool = False, today: str | None = None,
                    dossier: str | None = None) -> list[dict]:
        """Commitments, oldest letter first, each with the official commitment (the register's toezegging) that is
        the same promise: ``official_id``, ``official_number``, ``official_status`` (our vocabulary),
        ``official_status_register`` (the register's word), ``official_due`` and ``match_score``, null when
        none matched. ``open_only``: status Openstaand or not known; ``overdue``: open and past its due date (a
        year counts until its last day)."""
        today = today or date.today().isoformat()
        sql = (f"SELECT {self._COMMITMENT_COLUMNS} FROM commitments c JOIN documents d ON d.id = c.doc_id "
               "LEFT JOIN official_commitments o ON o.id = c.matched_official WHERE 1 = 1")
        params: list = []
        if open_only or overdue:
            sql += " AND (c.status IS NULL OR c.status = 'Openstaand')"
        if overdue:
            sql += " AND c.due_by IS NOT NULL AND c.due_by < ?"
            params.append(today)
        if dossier:
            sql += " AND d.dossier = ?"
            params.append(links.norm_dossier(dossier))
        sql += " ORDER BY d.date, c.doc_id, c.idx"
        return self.query(sql, params)

    def commitment(self, doc_id: str, idx: int) -> dict | None:
        """One commitment with its letter, the motions it answers and the whole official commitment matched to
        it (``official``: the register's record, or None)."""
        c = self.query_one(f"SELECT {self._COMMITMENT_COLUMNS}, c.due_by, c.paragraph, c.start, c.answers "
                           "FROM commitments c JOIN documents d ON d.id = c.doc_id "
                           "LEFT JOIN official_commitments o ON o.id = c.matched_official "
                           "WHERE c.doc_id = ? AND c.idx = ?", (doc_id, int(idx)))
        if c is None:
            return None
        c["answers"] = sorted(links.answered_motions(json_column(c["answers"], [])))
        c["official"] = self.official_commitment(c["official_id"]) if c["official_id"] else None
        return c

    def official_commitments(self, open_only: bool = False, overdue: bool = False, today: str | None = None,
                             matched: bool | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        """The register's official commitments, by date made, each with ``matched``: the extracted commitments
        that are the same promise (``{"doc_id", "idx", "score"}``). ``open_only``: status Openstaand or not
        known; ``overdue``: open and past its due date; ``matched``: only those with (True) or without (False)
        a matching extracted commitment."""
        today = today or date.today().isoformat()
        sql = ("SELECT o.id, o.number, o.made, o.due, o.status, o.status_official, o.minister, o.function, "
               "o.ministry, o.fulfilled_by, o.text FROM official_commitments o WHERE 1 = 1")
        params: list = []
        if open_only or overdue:
            sql += " AND (o.status IS NULL OR o.status = 'Openstaand')"
        if overdue:
            sql += " AND o.due IS NOT NULL AND o.due < ?"
            params.append(today)
        if matched is not None:
            sql += (" AND " if matched else " AND NOT ") + \
                "EXISTS (SELECT 1 FROM commitments c WHERE c.matched_official = o.id)"
        sql += " ORDER BY o.made, o.number, o.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = self.query(sql, params)
        found: dict[str, list[dict]] = {}
        if rows:
            for m in self.query("SELECT c.matched_official AS id, c.doc_id, c.idx, c.match_score AS score "
                                "FROM commitments c JOIN documents d ON d.id = c.doc_id "
                                "WHERE c.matched_official IS NOT NULL ORDER BY d.date, c.doc_id, c.idx"):
                found.setdefault(m.pop("id"), []).append(m)
        for r in rows:
            r["matched"] = found.get(r["id"], [])
        return rows

    def official_commitment(self, key: str) -> dict | None:
        """One official commitment by its id or its number (TZ202406-101): the register's record with
        ``matched``, the extracted commitments that are the same promise (with their letter and text)."""
        rec = self.query_value("SELECT record FROM official_commitments WHERE id = ?", (key,))
        if rec is None:
            rec = self.query_value("SELECT record FROM official_commitments WHERE number = ? ORDER BY id", (key,))
        if rec is None:
            return None
        out = json_column(rec)
        out["matched"] = self.query(
            "SELECT c.doc_id, c.idx, d.date AS letter_date, c.text, c.actor, c.due, c.status, c.match_score AS score "
            "FROM commitments c JOIN documents d ON d.id = c.doc_id WHERE c.matched_official = ? "
            "ORDER BY d.date, c.doc_id, c.idx", (out["id"],))
        return out

    def dossier(self, dossier: str) -> dict:
        """Timeline of a Kamerstukdossier: its documents by date, with for each what it answers and what
        answers it, and its votes."""
        d = links.norm_dossier(dossier)
        docs = self.query("SELECT id, number, kind, date, title, submitters FROM documents WHERE dossier = ? "
                          "ORDER BY date, number, id", (d,))
        answers: dict[str, list[dict]] = {}
        for a in self.query("SELECT a.doc_id, a.motion_id AS motion, a.stance FROM answers a "
                            "JOIN documents d ON d.id = a.doc_id WHERE d.dossier = ? ORDER BY a.doc_id, a.idx", (d,)):
            answers.setdefault(a.pop("doc_id"), []).append(a)
        answered_in: dict[str, list[dict]] = {}
        for a in self.query("SELECT a.motion_id, a.doc_id AS letter, a.stance FROM answers a "
                            "JOIN documents d ON d.id = a.motion_id WHERE d.dossier = ? "
                            "ORDER BY a.motion_id, a.doc_id, a.idx", (d,)):
            answered_in.setdefault(a.pop("motion_id"), []).append(a)
        votes: dict[str, dict] = {}  # the latest vote on each motion, as vote() gives it
        for v in self.query(f"SELECT z.document_id, {self._VOTE_COLUMNS} FROM zaken z "
                            "JOIN votes v ON v.zaak_nummer = z.nummer JOIN documents d ON d.id = z.document_id "
                            "WHERE d.dossier = ? AND d.kind = 'motie' ORDER BY z.document_id, v.date DESC", (d,)):
            votes.setdefault(v.pop("document_id"), v)
        counts = {r["doc_id"]: int(r["n"]) for r in self.query(
            "SELECT c.doc_id, count(*) AS n FROM commitments c JOIN documents d ON d.id = c.doc_id "
            "WHERE d.dossier = ? GROUP BY c.doc_id", (d,))}
        for doc in docs:
            doc["submitters"] = json_column(doc["submitters"], [])
            doc["answers"] = answers.get(doc["id"], [])
            doc["answered_in"] = answered_in.get(doc["id"], [])
            if doc["kind"] == "motie":
                doc["vote"] = votes.get(doc["id"])
            doc["commitments"] = counts.get(doc["id"], 0)
        cited = self.query("SELECT DISTINCT c.target_id AS id FROM citations c JOIN documents d ON d.id = c.doc_id "
                           "WHERE c.dossier = ? AND c.target_id IS NOT NULL AND NOT EXISTS "
                           "(SELECT 1 FROM documents x WHERE x.id = c.target_id) ORDER BY 1", (d,))
        return {"dossier": d, "documents": docs, "cited_not_in_store": [c["id"] for c in cited]}

    def export(self) -> Iterator[dict]:
        """Every stored record (the analysis record plus its links: votes of motions, answers to them)."""
        for (doc_id,) in self.execute("SELECT id FROM documents ORDER BY id").fetchall():
            rec = self.document(doc_id) or {}
            rec["id"] = doc_id
            if rec.get("motion") is not None:
                rec["vote"] = self.vote(doc_id)
                rec["answered_in"] = self.query("SELECT doc_id AS letter, stance FROM answers WHERE motion_id = ? "
                                                "ORDER BY doc_id", (doc_id,))
            yield rec

    def export_rows(self) -> Iterator[dict]:
        """The export as flat rows (for CSV): one per document."""
        for r in self.query("SELECT d.id, d.kind, d.dossier, d.number, d.session_year, d.date, d.title, "
                            "d.submitters, (SELECT count(*) FROM answers a WHERE a.doc_id = d.id) AS answers, "
                            "(SELECT count(*) FROM commitments c WHERE c.doc_id = d.id) AS commitments, "
                            "(SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id) AS paragraphs "
                            "FROM documents d ORDER BY d.id"):
            r["submitters"] = "; ".join(json_column(r["submitters"], []))
            yield r

    def stats(self) -> dict:
        kinds = {r["kind"]: r["n"] for r in self.query(
            "SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY kind")}

        def count(sql: str) -> int:
            return int(self.query_value(sql) or 0)

        return {
            "documents": sum(kinds.values()),
            "documents_by_kind": kinds,
            "paragraphs": count("SELECT count(*) FROM paragraphs"),
            "motions": count("SELECT count(*) FROM motions"),
            "answers": count("SELECT count(*) FROM answers"),
            "answers_linked": count("SELECT count(*) FROM answers a WHERE EXISTS "
                                    "(SELECT 1 FROM documents d WHERE d.id = a.motion_id)"),
            "party_positions": count("SELECT count(*) FROM party_positions"),
            "commitments": count("SELECT count(*) FROM commitments"),
            "commitments_matched": count("SELECT count(*) FROM commitments WHERE matched_official IS NOT NULL"),
            "official_commitments": count("SELECT count(*) FROM official_commitments"),
            "zaken": count("SELECT count(*) FROM zaken"),
            "votes": count("SELECT count(*) FROM votes"),
            "motions_with_vote": count("SELECT count(*) FROM motions m WHERE EXISTS (SELECT 1 FROM zaken z "
                                       "JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id)"),
            "files": count("SELECT count(*) FROM files"),
            "schema_version": self.schema_version(),
        }

    # -- search --------------------------------------------------------------------------------------------
    def filter_clauses(self, f: SearchFilters) -> tuple[list[str], list]:
        """WHERE clauses on ``d`` (documents) for the filters."""
        where, params = [], []
        if f.kind:
            where.append("d.kind = ?")
            params.append(f.kind)
        if f.dossier:
            where.append("d.dossier = ?")
            params.append(links.norm_dossier(f.dossier))
        if f.since:
            where.append("d.date >= ?")
            params.append(f.since)
        if f.until:
            where.append("d.date <= ?")
            params.append(f.until)
        for kind, value in (("theme", f.theme), ("instrument", f.instrument)):
            if value:
                where.append("EXISTS (SELECT 1 FROM tags t WHERE t.doc_id = d.id AND t.kind = ? AND t.tag = ?)")
                params += [kind, value]
        if f.party:
            where.append("(EXISTS (SELECT 1 FROM party_positions pp WHERE pp.doc_id = d.id AND lower(pp.party) = lower(?))"
                         " OR EXISTS (SELECT 1 FROM zaken z JOIN zaak_actors za ON za.zaak_id = z.id "
                         "WHERE z.document_id = d.id AND lower(za.fractie) = lower(?)))")
            params += [f.party, f.party]
        if f.submitter:
            key = links.surname_key(f.submitter)
            where.append("EXISTS (SELECT 1 FROM submitters s WHERE s.doc_id = d.id AND "
                         "(lower(s.name) = ? OR lower(s.name) LIKE ?))")
            params += [key, "% " + key]
        if f.stance:
            where.append("(EXISTS (SELECT 1 FROM answers a WHERE a.doc_id = d.id AND a.stance = ?) "
                         "OR EXISTS (SELECT 1 FROM answers a WHERE a.motion_id = d.id AND a.stance = ?) "
                         "OR EXISTS (SELECT 1 FROM party_positions pp WHERE pp.doc_id = d.id AND pp.stance = ?))")
            params += [f.stance] * 3
        return where, params

    HIT_COLUMNS = "p.doc_id, p.idx, p.text, d.kind, d.title, d.date, d.dossier"

    def _search_rows(self, query, filters: SearchFilters, limit: int, offset: int) -> tuple[list[tuple], int | None]:
        """One page of matching paragraphs, best first: (rowid, score, total, *HIT_COLUMNS) (backends)."""
        raise NotImplementedError

    def _count(self, query, filters: SearchFilters) -> int:
        raise NotImplementedError

    def matching_documents(self, query: str, filters: SearchFilters | None = None, cap: int = 20000) -> list[str]:
        """Ids of the documents with a paragraph matching ``query`` under ``filters``, from the ``cap`` best
        paragraphs (SQLite: at most ``cap`` documents); raises QuerySyntaxError like :meth:`search`."""
        rows, _ = self._search_rows(parse_query(query), filters or SearchFilters(), cap, 0)
        return list(dict.fromkeys(r[3] for r in rows))  # r[3]: p.doc_id, the first of HIT_COLUMNS

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
        """Full-text search over paragraphs; raises QuerySyntaxError for a query that cannot be read."""
        node = parse_query(query)
        filters = filters or SearchFilters()
        limit = max(1, min(int(limit), 1000))
        offset = max(0, int(offset))
        rows, total = self._search_rows(node, filters, limit, offset)
        if total is None:
            total = self._count(node, filters)
        hl = Highlighter.for_query(node) if rows else None
        hits = [SearchHit(doc_id, idx, snippet(text, hl), round(float(score), 4), kind, title, date_, dossier)
                for _, score, _, doc_id, idx, text, kind, title, date_, dossier in rows]
        return SearchPage(total, hits, limit, offset)
