"""Views over many documents: a dossier's timeline, the dossiers, themes over time, counts, the export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from kamerspoor.rules.identifiers import norm_dossier
from kamerspoor.store.connection import json_column
from kamerspoor.store.motions import MotionStore
from kamerspoor.store.titles import title_sql
from kamerspoor.store.types import (
    DossierSummary,
    DossierTimeline,
    ExportRow,
    FacetValue,
    Stats,
    StoredRecord,
    TagCount,
    TaggedParagraph,
    ThemeTimeline,
    Vote,
    YearCount,
)

# what stats() counts, each one query
_COUNTS = {
    "paragraphs": "SELECT count(*) FROM paragraphs",
    "motions": "SELECT count(*) FROM motions",
    "answers": "SELECT count(*) FROM answers",
    "answers_linked": "SELECT count(*) FROM answers a WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = a.motion_id)",
    "party_positions": "SELECT count(*) FROM party_positions",
    "commitments": "SELECT count(*) FROM commitments",
    "commitments_matched": "SELECT count(*) FROM commitments WHERE matched_official IS NOT NULL",
    "official_commitments": "SELECT count(*) FROM official_commitments",
    "zaken": "SELECT count(*) FROM zaken",
    "votes": "SELECT count(*) FROM votes",
    "motions_with_vote": "SELECT count(*) FROM motions m WHERE EXISTS (SELECT 1 FROM zaken z "
                         "JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id) OR EXISTS "
                         "(SELECT 1 FROM zaken z JOIN besluiten b ON b.zaak_id = z.id WHERE z.document_id = m.id)",
    "besluit_votes": "SELECT count(*) FROM besluiten",
    "letters": "SELECT count(*) FROM letters",
    "letter_links": "SELECT count(*) FROM letter_motions WHERE motion_id IS NOT NULL",
    "files": "SELECT count(*) FROM files",
}


class Overview(MotionStore):
    # -- dossiers ------------------------------------------------------------------------------------------
    def dossier(self, dossier: str) -> DossierTimeline:
        """Timeline of a Kamerstukdossier: its documents by date, with for each what it answers and what
        answers it, and its votes."""
        d = norm_dossier(dossier)
        docs = self.query(f"SELECT d.id, d.number, d.kind, d.date, {title_sql('d')} AS title, d.submitters "
                          "FROM documents d WHERE d.dossier = ? ORDER BY d.date, d.number, d.id", (d,))
        answers = self._grouped("SELECT a.doc_id AS key, a.motion_id AS motion, a.stance FROM answers a "
                                "JOIN documents d ON d.id = a.doc_id WHERE d.dossier = ? ORDER BY a.doc_id, a.idx", d)
        answered_in = self._grouped("SELECT a.motion_id AS key, a.doc_id AS letter, a.stance FROM answers a "
                                    "JOIN documents d ON d.id = a.motion_id WHERE d.dossier = ? "
                                    "ORDER BY a.motion_id, a.doc_id, a.idx", d)
        votes = self._latest_votes(d)
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
        return cast(DossierTimeline, {"dossier": d, "documents": docs, "cited_not_in_store": [c["id"] for c in cited]})

    def _grouped(self, sql: str, *params: Any) -> dict[str, list[dict[str, Any]]]:
        """Rows of ``sql`` grouped by their ``key`` column (left out of each row), in order."""
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.query(sql, params):
            out.setdefault(r.pop("key"), []).append(r)
        return out

    def _latest_votes(self, dossier: str | None) -> dict[str, Vote]:
        """The vote on each motion of a dossier, as vote() gives it (without the member lists)."""
        ids = [r["id"] for r in self.query("SELECT id FROM documents WHERE dossier = ? AND kind = 'motie'", (dossier,))]
        return self.votes_of(ids)

    def dossier_list(self, limit: int = 50, offset: int = 0) -> tuple[int, list[DossierSummary]]:
        """(how many, one page): dossiers with their number of documents and motions, first and last date and
        title, most recently active first."""
        total = self.count("SELECT count(DISTINCT dossier) FROM documents WHERE dossier IS NOT NULL")
        # the page's dossiers first (from the dossier-date index alone), then the counts and title of those only
        rows = self.query(
            "SELECT d.dossier, count(*) AS documents, sum(CASE WHEN d.kind = 'motie' THEN 1 ELSE 0 END) AS motions, "
            "min(d.date) AS first_date, max(d.date) AS last_date, "
            "(SELECT d2.title FROM documents d2 WHERE d2.dossier = d.dossier AND d2.title IS NOT NULL "
            " ORDER BY d2.number LIMIT 1) AS title "
            "FROM (SELECT dossier FROM documents WHERE dossier IS NOT NULL GROUP BY dossier "
            "      ORDER BY max(date) DESC, dossier LIMIT ? OFFSET ?) pg JOIN documents d ON d.dossier = pg.dossier "
            "GROUP BY d.dossier ORDER BY max(d.date) DESC, d.dossier", [limit, offset])
        return total, cast(list[DossierSummary], rows)

    def dossier_known(self, dossier: str) -> bool:
        """Whether a document of the dossier is in the store, or a letter answers a motion of it."""
        d = norm_dossier(dossier)
        return self.query_value("SELECT 1 FROM documents WHERE dossier = ? UNION SELECT 1 FROM answers "
                                "WHERE dossier = ? LIMIT 1", (d, d)) is not None

    # -- themes --------------------------------------------------------------------------------------------
    def theme_counts(self, kind: str = "theme") -> dict[str, TagCount]:
        """``{tag: {"documents": n, "paragraphs": n}}`` for every tag of ``kind`` in the store."""
        return {r["tag"]: {"documents": int(r["docs"]), "paragraphs": int(r["paras"])} for r in self.query(
            "SELECT tag, count(DISTINCT doc_id) AS docs, count(*) AS paras FROM tags WHERE kind = ? GROUP BY tag",
            (kind,))}

    def theme_timeline(self, tag: str, kind: str = "theme", limit: int = 50, offset: int = 0) -> ThemeTimeline:
        """What the documents say about one theme over time: per year the documents, paragraphs and the
        cabinet's stances in those documents; the paragraphs themselves newest first (paged); the instruments
        (or themes) named in the same paragraphs."""
        total = self.count("SELECT count(*) FROM tags WHERE kind = ? AND tag = ?", (kind, tag))
        paras = self.query(
            f"SELECT t.doc_id, t.paragraph, d.date, {title_sql('d')} AS title, d.kind, d.dossier, p.text FROM tags t "
            "JOIN documents d ON d.id = t.doc_id JOIN paragraphs p ON p.doc_id = t.doc_id AND p.idx = t.paragraph "
            "WHERE t.kind = ? AND t.tag = ? ORDER BY d.date DESC, t.doc_id, t.paragraph LIMIT ? OFFSET ?",
            (kind, tag, limit, offset))
        other = "instrument" if kind == "theme" else "theme"
        co = self.query(
            "SELECT o.tag AS value, count(*) AS n FROM tags t JOIN tags o ON o.doc_id = t.doc_id "
            "AND o.paragraph = t.paragraph AND o.kind = ? WHERE t.kind = ? AND t.tag = ? GROUP BY o.tag "
            "ORDER BY n DESC, o.tag LIMIT 20", (other, kind, tag))
        return {"id": tag, "kind": kind, "total_paragraphs": total, "years": self._theme_years(tag, kind),
                "paragraphs": cast(list[TaggedParagraph], paras), "limit": limit, "offset": offset,
                "related": [FacetValue(value=r["value"], count=int(r["n"])) for r in co]}

    def _theme_years(self, tag: str, kind: str) -> list[YearCount]:
        """Per year (``"?"`` for undated documents): documents, paragraphs and the cabinet's stances."""
        by_year = self.query(
            "SELECT substr(d.date, 1, 4) AS year, count(DISTINCT t.doc_id) AS documents, count(*) AS paragraphs "
            "FROM tags t JOIN documents d ON d.id = t.doc_id WHERE t.kind = ? AND t.tag = ? "
            "GROUP BY substr(d.date, 1, 4)", (kind, tag))
        stances = self.query(
            "SELECT substr(d.date, 1, 4) AS year, a.stance, count(*) AS n FROM answers a "
            "JOIN documents d ON d.id = a.doc_id WHERE a.stance IS NOT NULL AND EXISTS (SELECT 1 FROM tags t "
            "WHERE t.doc_id = a.doc_id AND t.kind = ? AND t.tag = ?) GROUP BY substr(d.date, 1, 4), a.stance "
            "ORDER BY a.stance", (kind, tag))
        per_year: dict[str, dict[str, Any]] = {}
        for r in by_year:
            year = r["year"] or "?"
            per_year[year] = {"year": year, "documents": int(r["documents"]), "paragraphs": int(r["paragraphs"]),
                              "stances": {}}
        for s in stances:
            year = s["year"] or "?"
            per_year.setdefault(year, {"year": year, "documents": 0, "paragraphs": 0, "stances": {}})
            per_year[year]["stances"][s["stance"]] = int(s["n"])
        return [cast(YearCount, per_year[y]) for y in sorted(per_year)]

    # -- counts and export ---------------------------------------------------------------------------------
    def stats(self, only: tuple[str, ...] | None = None) -> Stats:
        """Counts: documents by kind, paragraphs, motions, answers, commitments, votes, files. ``only``: just
        these of the counts beyond the documents (a page that shows three numbers need not count the rest)."""
        kinds = {r["kind"]: r["n"] for r in self.query(
            "SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY kind")}
        out: dict[str, Any] = {"documents": sum(kinds.values()), "documents_by_kind": kinds}
        out.update({name: self.count(sql) for name, sql in _COUNTS.items() if only is None or name in only})
        out["schema_version"] = self.count("SELECT max(version) FROM schema_migrations")
        return cast(Stats, out)

    def export(self) -> Iterator[StoredRecord]:
        """Every stored record (the analysis record plus its links: votes of motions, answers to them)."""
        for (doc_id,) in self.execute("SELECT id FROM documents ORDER BY id").fetchall():
            rec = self.document(doc_id) or {}
            rec["id"] = doc_id
            if rec.get("motion") is not None:
                rec["vote"] = self.vote(doc_id)
                rec["answered_in"] = self.query("SELECT doc_id AS letter, stance FROM answers WHERE motion_id = ? "
                                                "ORDER BY doc_id", (doc_id,))
            yield rec

    def export_rows(self) -> Iterator[ExportRow]:
        """The export as flat rows (for CSV): one per document."""
        for r in self.query("SELECT d.id, d.kind, d.dossier, d.number, d.session_year, d.date, d.title, "
                            "d.submitters, (SELECT count(*) FROM answers a WHERE a.doc_id = d.id) AS answers, "
                            "(SELECT count(*) FROM commitments c WHERE c.doc_id = d.id) AS commitments, "
                            "(SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id) AS paragraphs "
                            "FROM documents d ORDER BY d.id"):
            r["submitters"] = "; ".join(json_column(r["submitters"], []))
            yield cast(ExportRow, r)
