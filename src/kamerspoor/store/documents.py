"""Documents: writing an analysis record's rows (in the caller's transaction: ingest writes a batch of files in
one) and reading documents back.

A document's rows (:class:`kamerspoor.store.rows.DocumentRows`) go into ``documents`` and its child tables;
a new version (another content hash under the same id) replaces every row of the old one, the same version
again changes nothing. Links to other documents are stored as the official id they name, so nothing here
needs the other end to be in the store.
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

from kamerspoor.record import Record as AnalysisRecord
from kamerspoor.record import from_json
from kamerspoor.rules.identifiers import norm_dossier
from kamerspoor.store.connection import json_column, now_iso
from kamerspoor.store.files import Files
from kamerspoor.store.rows import DocumentRows
from kamerspoor.store.titles import title_sql
from kamerspoor.store.types import CatalogueEntry, DocumentSummary, FootnoteText, ParagraphText, StoredRecord

# (attribute of DocumentRows, its INSERT), in the order they are written
_CHILD_INSERTS: tuple[tuple[str, str], ...] = (
    ("submitters", "INSERT INTO submitters (doc_id, position, name) VALUES (?, ?, ?)"),
    ("sections", 'INSERT INTO sections (doc_id, idx, level, number, heading, start, "end") '
                 "VALUES (?, ?, ?, ?, ?, ?, ?)"),
    ("paragraphs", 'INSERT INTO paragraphs (doc_id, idx, section, start, "end", text, lemmas, stems, heads, parts, '
                   'family) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    ("footnotes", "INSERT INTO footnotes (doc_id, idx, marker, text, urls, anchor) VALUES (?, ?, ?, ?, ?, ?)"),
    ("citations", "INSERT INTO citations (doc_id, idx, dossier, number, target_id, text, start) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)"),
    ("answers", "INSERT INTO answers (doc_id, idx, dossier, number, motion_id, submitters, stance, evidence, start, "
                "ministry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    ("party_positions", "INSERT INTO party_positions (doc_id, idx, party, proposal, stance, evidence, source_url) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)"),
    ("commitments", "INSERT INTO commitments (doc_id, idx, text, actor, due, due_by, kind, status, paragraph, "
                    "answers, start, ministry, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    ("tags", "INSERT INTO tags (doc_id, kind, tag, paragraph) VALUES (?, ?, ?, ?)"),
)
_CHILD_TABLES = tuple(name for name, _ in _CHILD_INSERTS)
# a catalogue entry of documents d, its title readable (the Zaak's subject where known: store/titles.py)
_SUMMARY = f"d.id, d.kind, d.dossier, d.number, d.session_year, d.date, {title_sql('d')} AS title, d.submitters"


class DocumentsWritten(NamedTuple):
    statuses: list[str]  # per document: "added", "replaced" or "unchanged"
    removed: int  # documents removed because the new version of their file no longer yields them


def _decode_submitters(rows: list) -> list:
    for r in rows:
        r["submitters"] = json_column(r["submitters"], [])
    return rows


_DOCUMENT_INSERT = ("INSERT INTO documents (id, dossier, number, session_year, kind, title, date, submitters, "
                    "source_path, content_hash, ministry, record, ingested_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_MOTION_INSERT = ("INSERT INTO motions (id, dossier, number, proposed, debate, considerations, requests, "
                  "replaces_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


class FileDocuments(NamedTuple):
    """What one file yielded, to write: its documents' rows, the file's path and content hash, its kind."""

    documents: list[DocumentRows]
    path: str | None = None
    digest: str | None = None
    kind: str = "records"


class _Pending:
    """Rows of several documents, gathered to be inserted table by table (one bulk insert per table)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.ids: set[str] = set()
        self.documents: list[tuple] = []
        self.children: dict[str, list[tuple]] = {name: [] for name, _ in _CHILD_INSERTS}
        self.motions: list[tuple] = []

    def add(self, rows: DocumentRows, at: str) -> None:
        self.ids.add(rows.id)
        self.documents.append((*rows.document, rows.record_json, at))
        for name, _ in _CHILD_INSERTS:
            self.children[name] += getattr(rows, name)
        if rows.motion:
            self.motions.append(rows.motion)


class DocumentStore(Files):
    # -- writing -------------------------------------------------------------------------------------------
    def put_document(self, rows: DocumentRows, path: str | None = None, file_digest: str | None = None) -> str:
        """Write one document in one transaction: "added", "replaced" (a new version) or "unchanged"."""
        return self.put_documents([rows], path, file_digest, kind="document").statuses[0]

    def put_documents(self, many: list[DocumentRows], path: str | None = None, file_digest: str | None = None,
                      kind: str = "records") -> DocumentsWritten:
        """Several documents of one file in one transaction, the file marked as ingested; documents the
        previous version of the file yielded and this one does not are removed (unless another file has them)."""
        return self.put_files([FileDocuments(many, path, file_digest, kind)])[0]

    def put_files(self, files: list[FileDocuments]) -> list[DocumentsWritten]:
        """The documents of several files in one transaction (what :meth:`put_documents` does for each),
        their rows inserted table by table: what the store holds and what the files yielded before is read
        in one query each, so a batch costs a few statements, not a few per document."""
        with self.transaction():
            ids = [r.id for f in files for r in f.documents]
            known = self._content_hashes(ids)
            before = self._files_ids([f.path for f in files if f.path and f.digest])
            pending, at, out = _Pending(), now_iso(), []
            marks: list[tuple[str | None, str | None, str, list[str]]] = []
            for f in files:
                statuses = []
                for rows in f.documents:
                    if rows.id in pending.ids:  # the same document again: what came before it is written first
                        self._insert(pending)
                    statuses.append(self._queue_document(rows, known, pending, at))
                removed = 0
                if f.digest:
                    gone = set(before.get(f.path or "", [])) - {r.id for r in f.documents}
                    if gone:  # asks the files table who else yields them: this batch's files marked first
                        self.mark_files(marks)
                        marks = []
                    removed = self._remove_unyielded(f.path, gone, pending, known)
                    marks.append((f.path, f.digest, f.kind, [r.id for r in f.documents]))
                out.append(DocumentsWritten(statuses, removed))
            self._insert(pending)
            self.mark_files(marks)
        return out

    def _content_hashes(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        cond, p = self.in_clause("id", sorted(set(ids)))
        return {r[0]: r[1] for r in self.execute(f"SELECT id, content_hash FROM documents WHERE {cond}", p).fetchall()}

    def _files_ids(self, paths: list[str | None]) -> dict[str, list[str]]:
        if not paths:
            return {}
        cond, p = self.in_clause("path", sorted({x for x in paths if x}))
        rows = self.execute(f"SELECT path, doc_ids FROM files WHERE {cond}", p).fetchall()
        return {path: [str(x) for x in json_column(ids, [])] for path, ids in rows}

    def _write_document(self, rows: DocumentRows) -> str:
        """Write one document now, in the caller's transaction: "added", "replaced" or "unchanged"."""
        pending = _Pending()
        status = self._queue_document(rows, self._content_hashes([rows.id]), pending, now_iso())
        self._insert(pending)
        return status

    def _queue_document(self, rows: DocumentRows, known: dict[str, str], pending: _Pending, at: str) -> str:
        old = known.get(rows.id)
        if old == rows.content_hash:
            return "unchanged"
        if old is not None:
            self._delete_document(rows.id)
        pending.add(rows, at)
        known[rows.id] = rows.content_hash
        return "replaced" if old is not None else "added"

    def _remove_unyielded(self, path: str | None, gone: set[str], pending: _Pending, known: dict[str, str]) -> int:
        removed = 0
        for doc_id in sorted(gone):
            if not self.yielded_elsewhere(path, doc_id):
                if doc_id in pending.ids:  # written by an earlier file of this batch: in the store first
                    self._insert(pending)
                self._delete_document(doc_id)
                known.pop(doc_id, None)  # a later file of the batch that yields it writes it again
                removed += 1
        return removed

    def _insert(self, pending: _Pending) -> None:
        """Insert gathered rows, parents before children, and empty ``pending``."""
        if not pending.documents:
            return
        self.insert_rows(_DOCUMENT_INSERT, pending.documents)
        if pending.children["paragraphs"]:
            self.paragraphs_coming()
        for name, sql in _CHILD_INSERTS:
            if pending.children[name]:
                self.insert_rows(sql, pending.children[name])
        if pending.motions:
            self.insert_rows(_MOTION_INSERT, pending.motions)
        pending.clear()

    def _delete_document(self, doc_id: str) -> None:
        self.index_pending()  # the delete trigger takes a paragraph out of the index: it must be in it
        self.execute("DELETE FROM motions WHERE id = ?", (doc_id,))
        for t in _CHILD_TABLES:
            self.execute(f"DELETE FROM {t} WHERE doc_id = ?", (doc_id,))
        self.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and everything it holds; False when there was none."""
        with self.transaction():
            found = self.query_value("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None
            self._delete_document(doc_id)
        return found

    # -- reading -------------------------------------------------------------------------------------------
    def record(self, doc_id: str) -> AnalysisRecord | None:
        """The stored analysis record of a document as the typed :class:`~kamerspoor.record.Record` (without
        the links :meth:`document` adds), or None."""
        rec = self.query_value("SELECT record FROM documents WHERE id = ?", (doc_id,))
        return None if rec is None else from_json(rec, source=f"stored record {doc_id}")

    def records(self, doc_ids: list[str]) -> list[AnalysisRecord]:
        """The stored records of ``doc_ids`` (those in the store), in the order asked, in one query."""
        cond, params = self.in_clause("id", doc_ids)
        got = {r["id"]: r["record"] for r in self.query(f"SELECT id, record FROM documents WHERE {cond}", params)}
        return [from_json(got[i], source=f"stored record {i}") for i in doc_ids if i in got]

    def document(self, doc_id: str) -> StoredRecord | None:
        """The stored analysis record of a document, or None. A commitment that is the same promise as an
        official one carries ``matched_official``: ``{"official_id", "score", "official": <the register's
        record>}``; an answer to a motion in the store carries what the motion asks (``motion_id``,
        ``motion_requests``, ``motion_considerations``)."""
        rec = self.query_value("SELECT record FROM documents WHERE id = ?", (doc_id,))
        if rec is None:
            return None
        out: StoredRecord = json_column(rec)
        self._attach_official_matches(doc_id, out)
        self._attach_motion_texts(doc_id, out)
        return out

    def _attach_official_matches(self, doc_id: str, record: StoredRecord) -> None:
        matched = self.query("SELECT c.idx, c.match_score, o.record FROM commitments c JOIN official_commitments o "
                             "ON o.id = c.matched_official WHERE c.doc_id = ?", (doc_id,))
        commitments = record.get("commitments") or []
        for m in matched:
            if 0 <= m["idx"] < len(commitments) and isinstance(commitments[m["idx"]], dict):
                official = json_column(m["record"])
                commitments[m["idx"]]["matched_official"] = {"official_id": official.get("id"),
                                                             "score": m["match_score"], "official": official}

    def _attach_motion_texts(self, doc_id: str, record: StoredRecord) -> None:
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

    def documents(self, kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
        """Documents (of ``kind``), oldest first."""
        sql = f"SELECT d.id, d.kind, d.dossier, d.number, d.date, {title_sql('d')} AS title, d.submitters FROM documents d"
        params: list = []
        if kind:
            sql += " WHERE d.kind = ?"
            params.append(kind)
        sql += " ORDER BY d.date, d.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return cast(list[DocumentSummary], _decode_submitters(self.query(sql, params)))

    def document_list(self, kind: str | None = None, dossier: str | None = None, limit: int = 50,
                      offset: int = 0) -> tuple[int, list[DocumentSummary]]:
        """(how many, one page of them): documents of ``kind`` and ``dossier`` (normalised), newest first."""
        where: list[str] = []
        params: list[Any] = []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if dossier:
            where.append("dossier = ?")
            params.append(norm_dossier(dossier))
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.count(f"SELECT count(*) FROM documents{w}", params)
        # the page's ids first, from an index (documents_recent covers the order): the rows it skips are not read
        order = "ORDER BY date DESC, dossier, number DESC, id"
        rows = self.query(f"SELECT {_SUMMARY} FROM documents d WHERE d.id IN (SELECT id FROM documents{w} {order} "
                          f"LIMIT ? OFFSET ?) ORDER BY d.date DESC, d.dossier, d.number DESC, d.id",
                          [*params, limit, offset])
        return total, cast(list[DocumentSummary], _decode_submitters(rows))

    def document_row(self, doc_id: str) -> CatalogueEntry | None:
        """The document's catalogue entry (no record) with its content hash, or None."""
        row = self.query_one(f"SELECT {_SUMMARY}, d.content_hash FROM documents d WHERE d.id = ?", (doc_id,))
        return cast(CatalogueEntry, _decode_submitters([row])[0]) if row else None

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are documents in the store."""
        ids = sorted({i for i in ids if i})
        if not ids:
            return set()
        cond, p = self.in_clause("id", ids)
        return {r["id"] for r in self.query(f"SELECT id FROM documents WHERE {cond}", p)}

    def paragraph_of(self, doc_id: str, offset: int | None) -> int | None:
        """The index of the paragraph of ``doc_id`` holding character ``offset`` (or the last one before it)."""
        if offset is None:
            return None
        row = self.query_one("SELECT idx FROM paragraphs WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1",
                             (doc_id, offset))
        return int(row["idx"]) if row else None

    def paragraphs(self, doc_id: str) -> list[ParagraphText]:
        """The paragraphs of a document in text order."""
        return cast(list[ParagraphText], self.query(
            'SELECT idx, start, "end", text FROM paragraphs WHERE doc_id = ? ORDER BY start', (doc_id,)))

    def footnotes(self, doc_id: str) -> list[FootnoteText]:
        """The footnotes of a document in order."""
        return cast(list[FootnoteText], self.query(
            "SELECT marker, anchor, text FROM footnotes WHERE doc_id = ? ORDER BY idx", (doc_id,)))
