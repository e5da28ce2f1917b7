"""Cabinet letters known from their Document record ("Brief regering"): their metadata, the document each is in
the store (without text until ``kamerspoor fetch`` brings it), and the motions their subject names.

A letter's document is its kst id when known, else ``tk-<DocumentNummer>``. The placeholder (the document
without text) is written only while no text is there: a document with text under the same id (fetched, or
ingested from a file) is never replaced by metadata, and when the text arrives it replaces the placeholder like
any new version of a document. The metadata (``letters``) and the links (``letter_motions``) are tables of their
own, kept through that replacement. Which kst id a letter without one has, and which Zaak a motion named by
member and subject is, ingest decides (:mod:`kamerspoor.ingest.opendata`); this module stores and reads it.
"""

from __future__ import annotations

from typing import Any, cast

from kamerspoor.store.connection import json_column, now_iso
from kamerspoor.store.documents import DocumentStore
from kamerspoor.store.rows import DocumentRows
from kamerspoor.store.tkrows import LetterRows
from kamerspoor.store.types import LetterInfo, LetterLink

_LETTER_COLUMNS = ("doc_id, tk_id, nummer, onderwerp, titel, date, vergaderjaar, volgnummer, kst_id, kst_how, advice, "
                   "content_hash, record")
# a letter of ``letters`` (l) whose document (d) is missing or still the placeholder written from its metadata:
# known by its Document record only, its text not in the store
NO_TEXT = "(d.id IS NULL OR d.content_hash = l.placeholder_hash)"
_LINK_INSERT = ("INSERT INTO letter_motions (letter_id, idx, motion_id, how, relation, members, about, mention) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


class LetterStore(DocumentStore):
    # -- writing -------------------------------------------------------------------------------------------
    def letter_ids(self, tk_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored letters of these Document ids: tk_id -> {doc_id, kst_id, kst_how}."""
        if not tk_ids:
            return {}
        cond, params = self.in_clause("tk_id", tk_ids)
        return {r["tk_id"]: r for r in self.query(f"SELECT tk_id, doc_id, kst_id, kst_how FROM letters WHERE {cond}",
                                                   params)}

    def put_letters(self, many: list[LetterRows], path: str | None = None, file_digest: str | None = None) -> dict[str, int]:
        """The letters of one file in one transaction: metadata, placeholder documents (where no text is), links.
        Letters the previous version of the file had and this one has not are removed. Returns counts:
        added, changed, unchanged, removed."""
        counts = dict.fromkeys(("added", "changed", "unchanged", "removed"), 0)
        with self.transaction():
            tk_ids = [str(r.letter[1]) for r in many]
            for gone in sorted(set(self.file_ids(path)) - set(tk_ids)):
                counts["removed"] += self._remove_letter(gone)
            for rows in many:
                counts[self._put_letter(rows)] += 1
            self.mark_file(path, file_digest, "letters", tk_ids)
            if counts["added"] or counts["changed"] or counts["removed"]:
                self.execute("INSERT INTO tk_pending (what, since) VALUES ('letters', ?) ON CONFLICT (what) DO NOTHING",
                             (now_iso(),))
        return counts

    def _put_letter(self, rows: LetterRows) -> str:
        old = self.query_one("SELECT doc_id, content_hash, placeholder_hash FROM letters WHERE tk_id = ?",
                             (rows.letter[1],))
        if old is not None and old["content_hash"] == rows.letter[11] and old["doc_id"] == rows.doc_id:
            return "unchanged"
        if old is not None and old["doc_id"] != rows.doc_id:
            self._drop_placeholder(old["doc_id"], old["placeholder_hash"])
            self.execute("DELETE FROM letters WHERE tk_id = ?", (rows.letter[1],))
            self.execute("DELETE FROM letter_motions WHERE letter_id = ?", (old["doc_id"],))
        placeholder = self._put_placeholder(rows.placeholder, old["placeholder_hash"] if old else None)
        self.execute(f"INSERT INTO letters ({_LETTER_COLUMNS}, placeholder_hash) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET "
                     "tk_id = excluded.tk_id, nummer = excluded.nummer, onderwerp = excluded.onderwerp, "
                     "titel = excluded.titel, date = excluded.date, vergaderjaar = excluded.vergaderjaar, "
                     "volgnummer = excluded.volgnummer, kst_id = excluded.kst_id, kst_how = excluded.kst_how, "
                     "advice = excluded.advice, content_hash = excluded.content_hash, record = excluded.record, "
                     "placeholder_hash = excluded.placeholder_hash", (*rows.letter, placeholder))
        self.execute("DELETE FROM letter_motions WHERE letter_id = ?", (rows.doc_id,))
        if rows.links:
            self.executemany(_LINK_INSERT, rows.links)
        return "changed" if old is not None else "added"

    def _put_placeholder(self, rows: DocumentRows, placeholder_hash: str | None) -> str | None:
        """Write the document without text unless a document with text is there; its content hash (None when
        the text is there)."""
        current = self.query_value("SELECT content_hash FROM documents WHERE id = ?", (rows.id,))
        if current is not None and current != placeholder_hash and current != rows.content_hash:
            return None  # the text is in the store: metadata never replaces it
        self._write_document(rows)
        return rows.content_hash

    def _drop_placeholder(self, doc_id: str, placeholder_hash: str | None) -> None:
        current = self.query_value("SELECT content_hash FROM documents WHERE id = ?", (doc_id,))
        if current is not None and current == placeholder_hash:
            self._delete_document(doc_id)

    def _remove_letter(self, tk_id: str) -> int:
        old = self.query_one("SELECT doc_id, placeholder_hash FROM letters WHERE tk_id = ?", (tk_id,))
        if old is None:
            return 0
        self._drop_placeholder(old["doc_id"], old["placeholder_hash"])
        self.execute("DELETE FROM letter_motions WHERE letter_id = ?", (old["doc_id"],))
        self.execute("DELETE FROM letters WHERE tk_id = ?", (tk_id,))
        return 1

    def rekey_letter(self, old_id: str, new_id: str, kst_how: str, placeholder: DocumentRows | None) -> None:
        """A letter known as ``old_id`` is Kamerstuk ``new_id`` (its kst id, found ``kst_how``): its placeholder
        moves there (``placeholder``: the document without text under the new id), unless the text is there
        already; its metadata and links go with it. One transaction."""
        with self.transaction():
            old = self.query_one("SELECT placeholder_hash FROM letters WHERE doc_id = ?", (old_id,))
            if old is None:
                return
            self._drop_placeholder(old_id, old["placeholder_hash"])
            new_hash = self._put_placeholder(placeholder, None) if placeholder is not None else None
            self.execute("UPDATE letters SET doc_id = ?, kst_id = ?, kst_how = ?, placeholder_hash = ? WHERE doc_id = ?",
                         (new_id, new_id, kst_how, new_hash, old_id))
            self.execute("UPDATE letter_motions SET letter_id = ? WHERE letter_id = ?", (new_id, old_id))

    def link_letter_motion(self, letter_id: str, idx: int, motion_id: str | None) -> None:
        self.execute("UPDATE letter_motions SET motion_id = ? WHERE letter_id = ? AND idx = ?",
                     (motion_id, letter_id, idx))

    # -- what the links after a run read ---------------------------------------------------------------------
    def letters_without_kst(self) -> list[dict[str, Any]]:
        """Letters whose kst id is not known, with their dossier title, number in the dossier and record."""
        return self.query("SELECT doc_id, titel, volgnummer, record FROM letters WHERE kst_id IS NULL "
                          "AND titel IS NOT NULL AND volgnummer IS NOT NULL ORDER BY doc_id")

    def dossier_titles(self) -> list[dict[str, Any]]:
        """(titel, document_id) of every Zaak whose document is a Kamerstuk: a dossier's title and a stuk of it."""
        return self.query("SELECT DISTINCT titel, document_id FROM zaken WHERE titel IS NOT NULL "
                          "AND document_id IS NOT NULL ORDER BY titel, document_id")

    def member_subject_links(self) -> list[dict[str, Any]]:
        """Links by member and subject (matched or not), with what the subject says."""
        rows = self.query("SELECT letter_id, idx, motion_id, members, about FROM letter_motions "
                          "WHERE how = 'member_subject' ORDER BY letter_id, idx")
        for r in rows:
            r["members"] = json_column(r["members"], [])
        return rows

    def motion_subjects(self) -> list[dict[str, Any]]:
        """(document_id, onderwerp) of every Zaak of a motion document, for matching a letter's subject."""
        return self.query("SELECT document_id, onderwerp FROM zaken WHERE document_id IS NOT NULL "
                          "AND onderwerp IS NOT NULL ORDER BY document_id")

    # -- reading -------------------------------------------------------------------------------------------
    def letter(self, doc_id: str) -> LetterInfo | None:
        """A letter known from its Document record: its metadata, whether its text is in the store, the motions
        its subject names."""
        row = self.query_one("SELECT l.doc_id, l.tk_id, l.nummer, l.onderwerp, l.titel, l.date, l.vergaderjaar, "
                             "l.volgnummer, l.kst_id, l.kst_how, l.advice, (d.id IS NOT NULL AND (l.placeholder_hash "
                             "IS NULL OR d.content_hash <> l.placeholder_hash)) AS text_in_store FROM letters l "
                             "LEFT JOIN documents d ON d.id = l.doc_id WHERE l.doc_id = ?", (doc_id,))
        if row is None:
            return None
        row["advice"], row["text_in_store"] = bool(row["advice"]), bool(row["text_in_store"])
        motions = self.query("SELECT idx, motion_id, how, relation, members, about, mention FROM letter_motions "
                             "WHERE letter_id = ? ORDER BY idx", (doc_id,))
        for m in motions:
            m["members"] = json_column(m["members"], [])
        row["motions"] = motions
        return cast(LetterInfo, row)

    def letters_naming(self, chain: list[str]) -> list[LetterLink]:
        """Every letter whose subject names one of ``chain`` (a motion and the motions it replaces or is
        replaced by), with how it names it; oldest first."""
        cond, params = self.in_clause("lm.motion_id", chain)
        rows = self.query(
            "SELECT lm.letter_id AS letter, l.nummer, COALESCE(l.onderwerp, d.title) AS title, l.date, "
            "lm.motion_id AS cites, lm.how, lm.relation, lm.mention, (d.id IS NOT NULL AND (l.placeholder_hash IS NULL "
            "OR d.content_hash <> l.placeholder_hash)) AS text_in_store FROM letter_motions lm "
            "JOIN letters l ON l.doc_id = lm.letter_id LEFT JOIN documents d ON d.id = lm.letter_id "
            f"WHERE {cond} ORDER BY l.date, lm.letter_id, lm.idx", params)
        for r in rows:
            r["text_in_store"] = bool(r["text_in_store"])
        return cast(list[LetterLink], rows)

    def letter_counts(self) -> dict[str, int]:
        """Letters known from Document records: all, with their text in the store, naming a motion of the store."""
        return {
            "letters": self.count("SELECT count(*) FROM letters"),
            "letters_with_text": self.count(
                "SELECT count(*) FROM letters l JOIN documents d ON d.id = l.doc_id "
                "WHERE l.placeholder_hash IS NULL OR d.content_hash <> l.placeholder_hash"),
            "letter_links": self.count("SELECT count(*) FROM letter_motions WHERE motion_id IS NOT NULL"),
            "motions_named_by_letters": self.count(
                "SELECT count(DISTINCT lm.motion_id) FROM letter_motions lm JOIN motions m ON m.id = lm.motion_id"),
        }
