"""What the accountability report (:mod:`kamerspoor.verantwoording`) reads: adopted motions with their Zaak and
vote, every answer with its letter, the replacement pairs of gewijzigde moties, the themes and parties of
motions, the commitments of letters with their register status, and what the store covers.

Each method is one or two queries over whole tables, not one per motion: the report covers thousands of
motions and must stay well under two seconds (``bench/report.py``). Filtering by ministry, dossier, theme and
party, and deciding what became of each motion, is the report's job, in Python over these rows.
"""

from __future__ import annotations

from typing import cast

from kamerspoor.store.connection import Connection, json_column
from kamerspoor.store.letters import NO_TEXT
from kamerspoor.store.types import (
    AdoptedMotion,
    CoverageCounts,
    NamedLetter,
    ReportAnswer,
    ReportCommitment,
    ReportOfficial,
)

# the document kinds that are the cabinet's letters (their answers are the cabinet's)
LETTER_KINDS = ("brief", "vragen_antwoorden", "nota", "appreciatie", "overzicht", "other")


def _period(column: str, since: str | None, until: str | None) -> tuple[str, list[str]]:
    where, params = "", []
    if since:
        where += f" AND {column} >= ?"
        params.append(since)
    if until:
        where += f" AND {column} <= ?"
        params.append(until)
    return where, params


class AccountabilityStore(Connection):
    def adopted_motions(self, since: str | None = None, until: str | None = None) -> list[AdoptedMotion]:
        """Every motion the Kamer adopted (its Zaak's vote ``aangenomen``), voted on in the period, with the
        Zaak (subject, the cabinet's appreciation, ministry) and what the store holds of the motion itself;
        one row per motion (its latest adopting vote), oldest vote first."""
        where, params = _period("v.date", since, until)
        rows = self.query(
            "SELECT z.document_id AS id, z.nummer AS zaak, z.onderwerp, z.titel, z.kabinetsappreciatie AS appreciation, "
            "z.ministry AS zaak_ministry, v.date AS vote_date, v.voor, v.tegen, d.title, d.date, "
            "d.ministry AS document_ministry, (d.id IS NOT NULL) AS in_store "
            "FROM votes v JOIN zaken z ON z.nummer = v.zaak_nummer LEFT JOIN documents d ON d.id = z.document_id "
            f"WHERE v.result = 'aangenomen' AND z.document_id IS NOT NULL{where} "
            "ORDER BY v.date, z.document_id", params)
        out: dict[str, AdoptedMotion] = {}
        for r in rows:
            r["in_store"] = bool(r["in_store"])
            out[r["id"]] = cast(AdoptedMotion, r)  # the latest vote wins
        return sorted(out.values(), key=lambda r: (r["vote_date"] or "", r["id"]))

    def answers_with_letters(self) -> list[ReportAnswer]:
        """Every answer that names its motion, with its letter (date, title, kind, ministry) and the
        paragraph it stands in, oldest letter first."""
        return cast(list[ReportAnswer], self.query(
            "SELECT a.motion_id AS motion, a.doc_id AS letter, a.idx, d.date AS letter_date, d.title AS letter_title, "
            "d.kind AS letter_kind, coalesce(a.ministry, d.ministry) AS ministry, a.stance, a.evidence, a.start, "
            "(SELECT p.idx FROM paragraphs p WHERE p.doc_id = a.doc_id AND p.start <= a.start "
            ' AND a.start < p."end" ORDER BY p.idx LIMIT 1) AS paragraph '
            "FROM answers a JOIN documents d ON d.id = a.doc_id WHERE a.motion_id IS NOT NULL "
            "ORDER BY d.date, a.doc_id, a.idx"))

    def replacement_pairs(self) -> list[tuple[str, str]]:
        """(motion, the motion it replaces) for every gewijzigde motie the store knows of: from the motion's own
        text, its Zaak's "t.v.v." subject and its Zaak's VervangenVanuit relation."""
        rows = self.query(
            "SELECT id AS a, replaces_id AS b FROM motions WHERE replaces_id IS NOT NULL "
            "UNION SELECT document_id, replaces_id FROM zaken WHERE replaces_id IS NOT NULL AND document_id IS NOT NULL "
            "UNION SELECT z.document_id, z2.document_id FROM zaken z JOIN zaken z2 "
            "ON z2.id = z.replaces_zaak OR z2.nummer = z.replaces_zaak "
            "WHERE z.replaces_zaak IS NOT NULL AND z.document_id IS NOT NULL AND z2.document_id IS NOT NULL")
        return [(r["a"], r["b"]) for r in rows if r["a"] != r["b"]]

    def motion_theme_tags(self) -> dict[str, list[str]]:
        """The themes of every motion in the store, from its own text."""
        out: dict[str, list[str]] = {}
        for r in self.query("SELECT DISTINCT t.doc_id, t.tag FROM tags t JOIN documents d ON d.id = t.doc_id "
                            "WHERE t.kind = 'theme' AND d.kind = 'motie' ORDER BY t.doc_id, t.tag"):
            out.setdefault(r["doc_id"], []).append(r["tag"])
        return out

    def paragraph_tags(self, doc_ids: list[str]) -> dict[tuple[str, int], list[tuple[str, str]]]:
        """(kind, tag) of every tagged paragraph of ``doc_ids``: ``{(doc, paragraph): [("theme", id), ...]}``."""
        out: dict[tuple[str, int], list[tuple[str, str]]] = {}
        if not doc_ids:
            return out
        cond, params = self.in_clause("doc_id", sorted(set(doc_ids)))
        for r in self.query(f"SELECT doc_id, paragraph, kind, tag FROM tags WHERE {cond} AND paragraph >= 0 "
                            "ORDER BY doc_id, paragraph, kind, tag", params):
            out.setdefault((r["doc_id"], r["paragraph"]), []).append((r["kind"], r["tag"]))
        return out

    def dossier_ministries(self) -> dict[str, str]:
        """Per dossier, the ministry that signs most of its letters (documents other than motions)."""
        best: dict[str, tuple[int, str]] = {}
        for r in self.query("SELECT dossier, ministry, count(*) AS n FROM documents WHERE ministry IS NOT NULL "
                            "AND dossier IS NOT NULL AND kind <> 'motie' GROUP BY dossier, ministry"):
            n = int(r["n"])
            if r["dossier"] not in best or (n, r["ministry"]) > best[r["dossier"]]:
                best[r["dossier"]] = (n, r["ministry"])
        return {d: m for d, (_n, m) in best.items()}

    def motion_parties(self) -> dict[str, list[str]]:
        """The parties (fracties) of the indieners of every motion with a Zaak, first submitter first."""
        out: dict[str, list[str]] = {}
        for r in self.query("SELECT z.document_id, a.fractie FROM zaken z JOIN zaak_actors a ON a.zaak_id = z.id "
                            "WHERE z.document_id IS NOT NULL AND a.fractie IS NOT NULL ORDER BY z.document_id, "
                            "a.position"):
            parties = out.setdefault(r["document_id"], [])
            if r["fractie"] not in parties:
                parties.append(r["fractie"])
        return out

    def report_commitments(self, since: str | None = None, until: str | None = None) -> list[ReportCommitment]:
        """The letters' commitments made in the period (by the letter's date), with their letter, ministry,
        context, what they answer, the themes of their paragraph and the register's status where one matched."""
        where, params = _period("d.date", since, until)
        rows = self.query(
            "SELECT c.doc_id, c.idx, d.date AS letter_date, d.title AS letter_title, d.dossier, c.text, c.context, "
            "c.actor, c.due, c.due_by, c.status, c.paragraph, c.answers, "
            "coalesce(o.ministry_id, c.ministry, d.ministry) AS ministry, o.number AS official_number, "
            "o.status AS official_status, o.status_official AS official_status_register, o.due AS official_due "
            "FROM commitments c JOIN documents d ON d.id = c.doc_id "
            f"LEFT JOIN official_commitments o ON o.id = c.matched_official WHERE 1 = 1{where} "
            "ORDER BY d.date, c.doc_id, c.idx", params)
        for r in rows:
            r["answers"] = json_column(r["answers"], [])
        return cast(list[ReportCommitment], rows)

    def report_officials(self, since: str | None = None, until: str | None = None) -> list[ReportOfficial]:
        """The register's official commitments made in the period, with their resolved ministry."""
        where, params = _period("o.made", since, until)
        return cast(list[ReportOfficial], self.query(
            "SELECT o.id, o.number, o.made, o.due, o.status, o.status_official, o.ministry_id AS ministry, o.text, "
            "EXISTS (SELECT 1 FROM commitments c WHERE c.matched_official = o.id) AS matched "
            f"FROM official_commitments o WHERE 1 = 1{where} ORDER BY o.made, o.number, o.id", params))

    def coverage_counts(self) -> CoverageCounts:
        """What the store covers: the dates of its letters, motions and votes, how many letters have their
        text, how many motions are known by their Zaak only, how many official commitments were synced."""
        kinds = ", ".join(f"'{k}'" for k in LETTER_KINDS)
        letters = self.query_one(f"SELECT count(*) AS n, min(date) AS first, max(date) AS last FROM documents d "
                                 f"WHERE kind IN ({kinds}) AND NOT EXISTS (SELECT 1 FROM letters l WHERE "
                                 "l.doc_id = d.id AND l.placeholder_hash = d.content_hash)") or {}  # with text
        motions = self.query_one("SELECT count(*) AS n, min(date) AS first, max(date) AS last FROM documents "
                                 "WHERE kind = 'motie'") or {}
        votes = self.query_one("SELECT count(*) AS n, min(date) AS first, max(date) AS last FROM votes") or {}
        return {
            "letters_with_text": int(letters.get("n") or 0),
            "letters_first": letters.get("first"), "letters_last": letters.get("last"),
            "motions_in_store": int(motions.get("n") or 0),
            "motions_first": motions.get("first"), "motions_last": motions.get("last"),
            "zaken": self.count("SELECT count(*) FROM zaken"),
            "votes": int(votes.get("n") or 0), "votes_first": votes.get("first"), "votes_last": votes.get("last"),
            "official_commitments": self.count("SELECT count(*) FROM official_commitments"),
        }

    # -- letters known by their metadata only ---------------------------------------------------------------
    def letters_naming_motions(self) -> list[NamedLetter]:
        """The letters the store knows by their open-data Document record only (``letters``, kamerspoor.store.
        letters: a "Brief regering" whose text is not in the store) whose subject names a motion:
        ``{"letter", "motion", "date", "subject", "ministry", "relation"}`` each (relation "answer", or
        "appreciatie" for advice before the vote)."""
        return cast(list[NamedLetter], self.query(
            "SELECT lm.letter_id AS letter, lm.motion_id AS motion, l.date, l.onderwerp AS subject, "
            "d.ministry, lm.relation FROM letter_motions lm JOIN letters l ON l.doc_id = lm.letter_id "
            f"LEFT JOIN documents d ON d.id = lm.letter_id WHERE lm.motion_id IS NOT NULL AND {NO_TEXT} "
            "ORDER BY l.date, lm.letter_id, lm.idx"))

    def metadata_letter_count(self) -> int:
        """How many letters the store knows by their metadata only (see :meth:`letters_naming_motions`)."""
        return self.count(f"SELECT count(*) FROM letters l LEFT JOIN documents d ON d.id = l.doc_id WHERE {NO_TEXT}")

