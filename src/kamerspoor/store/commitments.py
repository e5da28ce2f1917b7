"""Commitments and official commitments: the register's toezeggingen written beside the letters'
commitments, the matches between them, and every view of both.

An *official commitment* is the Tweede Kamer register's record in the project's vocabulary (as ``kamerspoor
sync`` writes it to ``official_commitments.json``). Which letter's commitment is the same promise as which
official one is decided outside the store (:mod:`kamerspoor.ingest.officials`); the store keeps the answer
(``commitments.matched_official``, ``match_score``) and gives the matcher what it reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TypedDict, cast

from kamerspoor.rules.identifiers import answered_motions, norm_dossier
from kamerspoor.store import owners
from kamerspoor.store.connection import json_column
from kamerspoor.store.files import Files
from kamerspoor.store.rows import canonical_json
from kamerspoor.store.types import (
    CommitmentDetail,
    CommitmentRow,
    DashboardCommitment,
    LetterCommitment,
    MatchedCommitment,
    MatchRef,
    OfficialRow,
    StoredRecord,
)

# a commitment with its letter and the official commitment matched to it (official_* null when none)
COMMITMENT_COLUMNS = (
    "c.doc_id, c.idx, d.date AS letter_date, d.dossier, c.text, c.actor, c.due, c.kind, c.status, "
    "c.matched_official AS official_id, o.number AS official_number, o.status AS official_status, "
    "o.status_official AS official_status_register, o.due AS official_due, c.match_score, c.context, "
    "coalesce(o.ministry_id, c.ministry) AS ministry")
OFFICIAL_COLUMNS = ("id", "number", "text", "status", "status_official", "made", "due", "minister", "function",
                    "ministry", "fulfilled_by")
_OPEN = "(c.status IS NULL OR c.status = 'Openstaand')"


class OfficialsWritten(TypedDict):
    added: int
    replaced: int
    unchanged: int
    removed: int  # gone from a new version of the file
    deleted: int  # in the log of deletions of Tweede Kamer open data
    changed: list[str]  # ids added, changed or removed: the letters matched to them are to be matched again


def official_row(o: dict, record_json: str) -> tuple:
    """The ``official_commitments`` row of an official commitment (``record_json``: the whole record)."""
    return (*(None if o.get(c) is None else str(o[c]) for c in OFFICIAL_COLUMNS), record_json)


class CommitmentStore(Files):
    # -- writing official commitments and matches -----------------------------------------------------------
    def put_official_commitments(self, officials: list[dict], path: str | None = None,
                                 file_digest: str | None = None) -> OfficialsWritten:
        """Store the register's official commitments (each with ``id`` and ``text``) in one transaction.
        Official commitments an earlier version of the same file had and this one has not were deleted from
        the register and are removed; those in the log of deletions are left out."""
        out = OfficialsWritten(added=0, replaced=0, unchanged=0, removed=0, deleted=0, changed=[])
        with self.transaction():
            gone = {r["id"] for r in self.query("SELECT id FROM tk_deletions WHERE entity = 'Toezegging'")}
            ids: list[str] = []
            for o in officials:
                if o["id"] in gone:
                    out["deleted"] += 1
                    continue
                ids.append(o["id"])
                status = self._put_official(o)
                out[status] += 1  # type: ignore[literal-required]
                if status != "unchanged":
                    out["changed"].append(o["id"])
            for oid in sorted(set(self.file_ids(path)) - set(ids)):
                if not self.yielded_elsewhere(path, oid, kind="officials"):
                    out["removed"] += int(self.delete_official(oid))
                    out["changed"].append(oid)
            self.mark_file(path, file_digest, "officials", ids)
        return out

    def _put_official(self, o: dict) -> str:
        row = official_row(o, canonical_json(o))
        old = self.query_value("SELECT record FROM official_commitments WHERE id = ?", (o["id"],))
        if old == row[-1]:
            return "unchanged"
        ministry = owners.of_official(o.get("ministry"), o.get("function"), o.get("made"))
        self.execute(
            "INSERT INTO official_commitments (id, number, text, status, status_official, made, due, minister, "
            "function, ministry, fulfilled_by, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET number = excluded.number, text = excluded.text, "
            "status = excluded.status, status_official = excluded.status_official, made = excluded.made, "
            "due = excluded.due, minister = excluded.minister, function = excluded.function, "
            "ministry = excluded.ministry, fulfilled_by = excluded.fulfilled_by, record = excluded.record", row)
        self.execute("UPDATE official_commitments SET ministry_id = ? WHERE id = ?", (ministry, o["id"]))
        return "replaced" if old is not None else "added"

    def delete_official(self, official_id: str) -> bool:
        """Remove an official commitment; False when there was none."""
        found = self.query_value("SELECT 1 FROM official_commitments WHERE id = ?", (official_id,)) is not None
        self.execute("DELETE FROM official_commitments WHERE id = ?", (official_id,))
        return found

    def set_match(self, doc_id: str, idx: int, official_id: str | None, score: float | None) -> None:
        """Record that commitment ``idx`` of ``doc_id`` is the same promise as ``official_id`` (None: none)."""
        self.execute("UPDATE commitments SET matched_official = ?, match_score = ? WHERE doc_id = ? AND idx = ?",
                     (official_id, score, doc_id, idx))

    # -- what matching reads (kamerspoor.ingest.officials) -------------------------------------------------
    def official_records(self) -> Iterator[StoredRecord]:
        """Every stored official commitment's whole record, by id."""
        for r in self.query("SELECT record FROM official_commitments ORDER BY id"):
            yield json_column(r["record"])

    def letter_commitments(self, doc_id: str) -> list[LetterCommitment]:
        """A letter's commitments with their current match, by position."""
        return cast(list[LetterCommitment], self.query(
            "SELECT idx, text, actor, due, matched_official, match_score FROM commitments WHERE doc_id = ? "
            "ORDER BY idx", (doc_id,)))

    def letter_signing(self, doc_id: str) -> tuple[str | None, list[str]]:
        """(date, signatories) of a letter."""
        doc = self.query_one("SELECT date, submitters FROM documents WHERE id = ?", (doc_id,)) or {}
        return doc.get("date"), json_column(doc.get("submitters"), [])

    def letters_matched_to(self, official_ids: set[str]) -> set[str]:
        """The letters with a commitment matched to one of ``official_ids``."""
        return {r["doc_id"] for r in self.query("SELECT doc_id, matched_official FROM commitments "
                                                "WHERE matched_official IS NOT NULL")
                if r["matched_official"] in official_ids}

    def commitment_texts(self) -> Iterator[tuple[str, str]]:
        """(letter, text) of every commitment."""
        for r in self.query("SELECT doc_id, text FROM commitments"):
            yield r["doc_id"], r["text"]

    # -- reading -------------------------------------------------------------------------------------------
    def commitments(self, open_only: bool = False, overdue: bool = False, today: str | None = None,
                    dossier: str | None = None) -> list[CommitmentRow]:
        """Commitments, oldest letter first, each with the official commitment (the register's toezegging) that is
        the same promise: ``official_id``, ``official_number``, ``official_status`` (our vocabulary),
        ``official_status_register`` (the register's word), ``official_due`` and ``match_score``, null when
        none matched; ``motions``: the motions it answers; ``themes``: the themes of its paragraph. ``open_only``:
        status Openstaand or not known; ``overdue``: open and past its due date (a year counts until its last
        day)."""
        sql = (f"SELECT {COMMITMENT_COLUMNS}, c.paragraph AS in_paragraph, c.answers AS answering "
               "FROM commitments c JOIN documents d ON d.id = c.doc_id "
               "LEFT JOIN official_commitments o ON o.id = c.matched_official WHERE 1 = 1")
        where, params = _commitment_filters(open_only or overdue, overdue, today, dossier)
        rows = self.query(sql + where + " ORDER BY d.date, c.doc_id, c.idx", params)
        themes = self._paragraph_themes(sorted({r["doc_id"] for r in rows}))
        for r in rows:  # what it answers and the themes of its paragraph, as the web's list shows them
            paragraph = r.pop("in_paragraph")
            r["motions"] = sorted(answered_motions(json_column(r.pop("answering"), [])))
            r["themes"] = themes.get((r["doc_id"], paragraph), []) if paragraph is not None else []
        return cast(list[CommitmentRow], rows)

    def commitment(self, doc_id: str, idx: int) -> CommitmentDetail | None:
        """One commitment with its letter, the motions it answers and the whole official commitment matched to
        it (``official``: the register's record, or None)."""
        c = self.query_one(f"SELECT {COMMITMENT_COLUMNS}, c.due_by, c.paragraph, c.start, c.answers "
                           "FROM commitments c JOIN documents d ON d.id = c.doc_id "
                           "LEFT JOIN official_commitments o ON o.id = c.matched_official "
                           "WHERE c.doc_id = ? AND c.idx = ?", (doc_id, int(idx)))
        if c is None:
            return None
        c["answers"] = sorted(answered_motions(json_column(c["answers"], [])))
        c["official"] = self.official_commitment(c["official_id"]) if c["official_id"] else None
        return cast(CommitmentDetail, c)

    def commitment_list(self, status: str = "all", today: str | None = None, dossier: str | None = None,
                        theme: str | None = None) -> list[DashboardCommitment]:
        """Every commitment with its letter (``submitters``: its signatories), dossier, the themes of its
        paragraph, whether it is open and overdue, the official commitment matched to it; newest letter
        first. ``status``: all | open | overdue; ``theme``: only commitments in a paragraph of that theme."""
        today = today or date.today().isoformat()
        where, params = _commitment_filters(status in ("open", "overdue"), status == "overdue", today, dossier)
        if theme:
            where += (" AND EXISTS (SELECT 1 FROM tags t WHERE t.doc_id = c.doc_id AND t.kind = 'theme' AND t.tag = ? "
                      "AND (c.paragraph IS NULL OR t.paragraph = c.paragraph))")
            params.append(theme)
        rows = self.query(
            "SELECT c.doc_id, c.idx, d.date AS letter_date, d.title AS letter_title, d.dossier, d.submitters, c.text, "
            "c.context, c.actor, c.due, c.due_by, c.kind, c.status, c.paragraph, c.start, c.match_score, c.answers, "
            "coalesce(o.ministry_id, c.ministry, d.ministry) AS ministry_id, "
            "o.number AS official_number, o.status AS official_status, o.due AS official_due "
            "FROM commitments c JOIN documents d ON d.id = c.doc_id "
            "LEFT JOIN official_commitments o ON o.id = c.matched_official "
            f"WHERE 1 = 1{where} ORDER BY d.date DESC, c.doc_id, c.idx", params)
        themes = self._paragraph_themes(sorted({r["doc_id"] for r in rows}))
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
            r["answers"] = json_column(r["answers"], []) or {}
            r["themes"] = themes.get((r["doc_id"], r["paragraph"]), []) if r["paragraph"] is not None else []
            r["open"] = r["status"] in (None, "Openstaand")
            r["overdue"] = bool(r["open"] and r["due_by"] and r["due_by"] < today)
        return cast(list[DashboardCommitment], rows)

    def _paragraph_themes(self, doc_ids: list[str]) -> dict[tuple[str, int], list[str]]:
        out: dict[tuple[str, int], list[str]] = {}
        if doc_ids:
            cond, p = self.in_clause("doc_id", doc_ids)
            for t in self.query(f"SELECT doc_id, paragraph, tag FROM tags WHERE kind = 'theme' AND {cond} "
                                "ORDER BY tag", p):
                out.setdefault((t["doc_id"], t["paragraph"]), []).append(t["tag"])
        return out

    def official_commitments(self, open_only: bool = False, overdue: bool = False, today: str | None = None,
                             matched: bool | None = None, limit: int | None = None,
                             offset: int = 0) -> list[OfficialRow]:
        """The register's official commitments, by date made, each with ``matched``: the extracted commitments
        that are the same promise (``{"doc_id", "idx", "score"}``). ``open_only``: status Openstaand or not
        known; ``overdue``: open and past its due date; ``matched``: only those with (True) or without (False)
        a matching extracted commitment."""
        today = today or date.today().isoformat()
        sql = ("SELECT o.id, o.number, o.made, o.due, o.status, o.status_official, o.minister, o.function, "
               "o.ministry, o.fulfilled_by, o.text FROM official_commitments o WHERE 1 = 1")
        params: list[Any] = []
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
        found = self._matches_by_official() if rows else {}
        for r in rows:
            r["matched"] = found.get(r["id"], [])
        return cast(list[OfficialRow], rows)

    def _matches_by_official(self) -> dict[str, list[MatchRef]]:
        found: dict[str, list[MatchRef]] = {}
        for m in self.query("SELECT c.matched_official AS id, c.doc_id, c.idx, c.match_score AS score "
                            "FROM commitments c JOIN documents d ON d.id = c.doc_id "
                            "WHERE c.matched_official IS NOT NULL ORDER BY d.date, c.doc_id, c.idx"):
            found.setdefault(m.pop("id"), []).append(cast(MatchRef, m))
        return found

    def official_commitment(self, key: str) -> StoredRecord | None:
        """One official commitment by its id or its number (TZ202406-101): the register's record with
        ``matched``, the extracted commitments that are the same promise (with their letter and text)."""
        rec = self.query_value("SELECT record FROM official_commitments WHERE id = ?", (key,))
        if rec is None:
            rec = self.query_value("SELECT record FROM official_commitments WHERE number = ? ORDER BY id", (key,))
        if rec is None:
            return None
        out: StoredRecord = json_column(rec)
        out["matched"] = cast(list[MatchedCommitment], self.query(
            "SELECT c.doc_id, c.idx, d.date AS letter_date, c.text, c.actor, c.due, c.status, c.match_score AS score "
            "FROM commitments c JOIN documents d ON d.id = c.doc_id WHERE c.matched_official = ? "
            "ORDER BY d.date, c.doc_id, c.idx", (out["id"],)))
        return out


def _commitment_filters(open_only: bool, overdue: bool, today: str | None,
                        dossier: str | None) -> tuple[str, list[Any]]:
    """`` AND ...`` conditions on ``c`` (commitments) and ``d`` (their letters), and their parameters."""
    where = ""
    params: list[Any] = []
    if open_only:
        where += f" AND {_OPEN}"
    if overdue:
        where += " AND c.due_by IS NOT NULL AND c.due_by < ?"
        params.append(today or date.today().isoformat())
    if dossier:
        where += " AND d.dossier = ?"
        params.append(norm_dossier(dossier))
    return where, params
