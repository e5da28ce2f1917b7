"""Motions: a motion with its vote, Zaak, replacement chain, answers and commitments; lists of motions and
answers; what finding answers by meaning and linking answers by submitter read; linking an answer.

A motion may be known without being in the store: from a letter's answer to it, from its Zaak, from a
motion that replaces it. Gewijzigde moties are followed both ways (the motion's own ``replaces``, the
Zaak's "t.v.v." subject and its VervangenVanuit relation), and an answer to any motion of the chain counts
for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from kamerspoor.rules.identifiers import answered_motions, kst_id, norm_dossier, parse_kst_id
from kamerspoor.store.commitments import COMMITMENT_COLUMNS
from kamerspoor.store.connection import json_column
from kamerspoor.store.letters import LetterStore
from kamerspoor.store.persons import PersonStore
from kamerspoor.store.types import (
    AnswerRef,
    AnswerRow,
    CitationRef,
    CommitmentRow,
    DossierMotion,
    LetterStance,
    MentioningParagraph,
    MotionAnswer,
    MotionCandidate,
    MotionSummary,
    MotionView,
    UnlinkedAnswer,
    ZaakSummary,
)
from kamerspoor.store.votes import VoteStore

_REPLACES = ("SELECT replaces_id AS r FROM motions WHERE id = ? AND replaces_id IS NOT NULL "
             "UNION SELECT replaces_id FROM zaken WHERE document_id = ? AND replaces_id IS NOT NULL "
             "UNION SELECT z2.document_id FROM zaken z JOIN zaken z2 ON z2.id = z.replaces_zaak "
             "OR z2.nummer = z.replaces_zaak WHERE z.document_id = ? AND z2.document_id IS NOT NULL")
_REPLACED_BY = ("SELECT id AS r FROM motions WHERE replaces_id = ? "
                "UNION SELECT document_id FROM zaken WHERE replaces_id = ? AND document_id IS NOT NULL "
                "UNION SELECT z.document_id FROM zaken z JOIN zaken z2 ON z2.id = z.replaces_zaak "
                "OR z2.nummer = z.replaces_zaak WHERE z2.document_id = ? AND z.document_id IS NOT NULL")


def motion_id_of(text: str) -> str:
    """``35207-27`` or ``kst-35207-27`` -> ``kst-35207-27``; anything else as it is."""
    parsed = parse_kst_id(text)
    if parsed and not text.startswith("kst-"):
        return kst_id(*parsed) or text
    return text


def _official_id(text: str | None) -> str | None:
    """Any spelling of a Kamerstuk id -> ``kst-<dossier>-<number>``; anything else as it is."""
    parsed = parse_kst_id(text) if text else None
    return (kst_id(*parsed) if parsed else None) or text


def _walk(start: str, step: Callable[[str], list[str]]) -> list[str]:
    seen, todo, out = {start}, [start], []
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                out.append(nxt)
                todo.append(nxt)
    return out


class MotionStore(VoteStore, PersonStore, LetterStore):
    def replacement_chain(self, motion_id: str) -> tuple[list[str], list[str]]:
        """(motions this one replaces, motions that replace it), following gewijzigde moties both ways."""
        def step(sql: str) -> Callable[[str], list[str]]:
            return lambda mid: [r["r"] for r in self.query(sql, (mid, mid, mid))]

        return _walk(motion_id, step(_REPLACES)), _walk(motion_id, step(_REPLACED_BY))

    def motion(self, motion_id: str) -> MotionView | None:
        """A motion with its vote, the Zaak, the motions it replaces or is replaced by, every answer to it (in
        letters, with stance and evidence) and the commitments made in answer to it. None when the store
        knows nothing of it (neither the motion, nor a Zaak, nor an answer naming it)."""
        motion_id = motion_id_of(motion_id)
        doc = self.query_one("SELECT id, dossier, number, date, title, submitters, kind FROM documents WHERE id = ?",
                             (motion_id,))
        zaak = self._zaak_of(motion_id)
        replaces, replaced_by = self.replacement_chain(motion_id)
        chain = [motion_id, *replaces, *replaced_by]
        answers = self._answers_to_chain(chain)
        if not (doc or zaak or answers or self.letters_naming([motion_id])):
            return None
        out: dict[str, Any] = {"id": motion_id, "in_store": doc is not None}
        if doc:
            out.update({"dossier": doc["dossier"], "number": doc["number"], "date": doc["date"],
                        "title": doc["title"], "submitters": json_column(doc["submitters"], [])})
        m = self.query_one("SELECT proposed, debate, considerations, requests FROM motions WHERE id = ?",
                           (motion_id,))
        if m:
            out.update({"proposed": m["proposed"], "debate": m["debate"],
                        "considerations": json_column(m["considerations"], []),
                        "requests": json_column(m["requests"], [])})
        out.update({"replaces": replaces, "replaced_by": replaced_by, "zaak": zaak, "vote": self.vote(motion_id),
                    "answers": answers, "commitments": self._commitments_answering(answers, chain),
                    "letters": self.letters_naming(chain), "submitter_parties": self.submitter_parties(motion_id)})
        return cast(MotionView, out)

    def _zaak_of(self, motion_id: str) -> ZaakSummary | None:
        zaak = self.query_one("SELECT id, nummer, onderwerp, kabinetsappreciatie, gestart_op, vergaderjaar "
                              "FROM zaken WHERE document_id = ? ORDER BY gestart_op DESC LIMIT 1", (motion_id,))
        if zaak:
            zaak["indieners"] = self.query("SELECT naam, fractie, relatie FROM zaak_actors WHERE zaak_id = ? "
                                           "ORDER BY position", (zaak["id"],))
        return cast(ZaakSummary | None, zaak)

    def _answers_to_chain(self, chain: list[str]) -> list[MotionAnswer]:
        cond, params = self.in_clause("a.motion_id", chain)
        return cast(list[MotionAnswer], self.query(
            "SELECT a.doc_id AS letter, d.title AS letter_title, d.date AS letter_date, a.motion_id AS cites, "
            "a.stance, a.evidence, a.start FROM answers a JOIN documents d ON d.id = a.doc_id "
            f"WHERE {cond} ORDER BY d.date, a.doc_id, a.idx", params))

    def _commitments_answering(self, answers: list[MotionAnswer], chain: list[str]) -> list[CommitmentRow]:
        """The commitments the answering letters make in answer to the motion (or to one of its chain)."""
        cond, params = self.in_clause("c.doc_id", sorted({x["letter"] for x in answers}))
        out = []
        for c in self.query(f"SELECT {COMMITMENT_COLUMNS}, c.paragraph, c.answers FROM commitments c "
                            "JOIN documents d ON d.id = c.doc_id "
                            "LEFT JOIN official_commitments o ON o.id = c.matched_official "
                            f"WHERE {cond} ORDER BY d.date, c.doc_id, c.idx", params):
            if answered_motions(json_column(c.pop("answers"), [])) & set(chain):
                out.append(c)
        return cast(list[CommitmentRow], out)

    def motion_list(self, dossier: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[MotionSummary]]:
        """(how many, one page): motions in the store (of ``dossier``), newest first, with the latest vote's
        result and how many answers they had."""
        where, params = "", []
        if dossier:
            where, params = " WHERE d.dossier = ?", [norm_dossier(dossier)]
        total = self.count(f"SELECT count(*) FROM motions m JOIN documents d ON d.id = m.id{where}", params)
        # the page's ids first, so the vote and answer counts are looked up for one page, not for every motion
        rows = self.query(
            "SELECT m.id, d.dossier, d.number, d.date, d.title, d.submitters, m.replaces_id, "
            "(SELECT v.result FROM zaken z JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id "
            " ORDER BY v.date DESC LIMIT 1) AS vote, "
            "(SELECT count(*) FROM answers a WHERE a.motion_id = m.id) AS answers "
            f"FROM (SELECT m.id AS id FROM motions m JOIN documents d ON d.id = m.id{where} "
            "ORDER BY d.date DESC, m.id LIMIT ? OFFSET ?) pg JOIN motions m ON m.id = pg.id "
            "JOIN documents d ON d.id = m.id ORDER BY d.date DESC, m.id", [*params, limit, offset])
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return total, cast(list[MotionSummary], rows)

    def answer_rows(self, motion: str | None = None, letter: str | None = None, stance: str | None = None,
                    dossier: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[AnswerRow]]:
        """(how many, one page): answers (letter x motion x stance x evidence), newest letter first."""
        where, params = [], []
        for cond, given, value in (("a.motion_id = ?", motion, _official_id(motion)), ("a.doc_id = ?", letter, letter),
                                   ("a.stance = ?", stance, stance), ("a.dossier = ?", dossier, norm_dossier(dossier))):
            if given:
                where.append(cond)
                params.append(value)
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.count(f"SELECT count(*) FROM answers a{w}", params)
        rows = self.query(
            "SELECT a.doc_id AS letter, d.date AS letter_date, d.title AS letter_title, a.idx, a.motion_id AS motion, "
            "a.dossier, a.number, a.submitters, a.stance, a.evidence, a.start FROM answers a "
            f"JOIN documents d ON d.id = a.doc_id{w} ORDER BY d.date DESC, a.doc_id, a.idx LIMIT ? OFFSET ?",
            [*params, limit, offset])
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return total, cast(list[AnswerRow], rows)

    def dossier_motions(self, dossier: str) -> list[DossierMotion]:
        """The motions of a dossier (in the store, or answered in a letter) with every answer to each (the
        letter, its date and the stance), in no particular order."""
        d = norm_dossier(dossier)
        ids = {r["id"] for r in self.query("SELECT id FROM documents WHERE dossier = ? AND kind = 'motie'", (d,))}
        ids |= {r["motion_id"] for r in self.query(
            "SELECT DISTINCT motion_id FROM answers WHERE dossier = ? AND motion_id IS NOT NULL", (d,))}
        if not ids:
            return []
        answers: dict[str, list[LetterStance]] = {i: [] for i in ids}
        cond, p = self.in_clause("a.motion_id", sorted(ids))
        for a in self.query("SELECT a.motion_id, a.doc_id AS letter, a.stance, d.date AS letter_date FROM answers a "
                            f"JOIN documents d ON d.id = a.doc_id WHERE {cond}", p):
            answers[a["motion_id"]].append(cast(LetterStance, a))
        cond, p = self.in_clause("id", sorted(ids))
        docs = {r["id"]: r for r in self.query(f"SELECT id, title, date FROM documents WHERE {cond}", p)}
        return [{"id": i, "title": (docs.get(i) or {}).get("title"), "date": (docs.get(i) or {}).get("date"),
                 "in_store": i in docs, "answers": answers[i]} for i in ids]

    # -- what candidate answers read (kamerspoor.semantic.answers) ------------------------------------------
    def answers_to(self, motion_ids: list[str]) -> list[AnswerRef]:
        """Every answer in a letter to one of ``motion_ids``, by letter and position."""
        cond, params = self.in_clause("a.motion_id", motion_ids)
        rows = self.query("SELECT a.doc_id, a.dossier, a.number, a.motion_id, a.submitters, a.stance, a.evidence, "
                          f"a.start FROM answers a WHERE {cond} ORDER BY a.doc_id, a.idx", params)
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[AnswerRef], rows)

    def citations_of(self, target_ids: list[str]) -> list[CitationRef]:
        """Every citation of one of ``target_ids`` in a document that is not a motion."""
        cond, params = self.in_clause("c.target_id", target_ids)
        return cast(list[CitationRef], self.query(
            "SELECT c.doc_id, c.target_id, c.text, c.start FROM citations c JOIN documents d ON d.id = c.doc_id "
            f"WHERE {cond} AND d.kind <> 'motie' ORDER BY c.doc_id, c.idx", params))

    def is_cited(self, target_id: str) -> bool:
        return self.query_value("SELECT 1 FROM citations WHERE target_id = ?", (target_id,)) is not None

    def cites_dossier(self, doc_id: str, dossier: str) -> bool:
        return self.query_value("SELECT 1 FROM citations WHERE doc_id = ? AND dossier = ?",
                                (doc_id, dossier)) is not None

    def paragraphs_naming_a_motion_of(self, name_key: str) -> list[MentioningParagraph]:
        """Paragraphs of documents other than motions that say "moti..." and ``name_key`` (lower case)."""
        return cast(list[MentioningParagraph], self.query(
            'SELECT p.doc_id, p.idx, p.start, p."end", p.text, d.date, d.dossier FROM paragraphs p '
            "JOIN documents d ON d.id = p.doc_id WHERE d.kind <> 'motie' AND lower(p.text) LIKE ? "
            "AND lower(p.text) LIKE ?", ("%moti%", f"%{name_key}%")))

    # -- linking answers that name their motion by its submitters (kamerspoor.ingest.links) -----------------
    def unlinked_answers(self) -> list[UnlinkedAnswer]:
        """Answers that name no motion id, only submitters."""
        rows = self.query("SELECT a.doc_id, a.idx, a.submitters, d.dossier FROM answers a "
                          "JOIN documents d ON d.id = a.doc_id WHERE a.motion_id IS NULL AND a.submitters <> '[]'")
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[UnlinkedAnswer], rows)

    def cited_dossiers(self, doc_id: str) -> set[str]:
        """The dossiers a document cites."""
        return {r["dossier"] for r in self.query(
            "SELECT DISTINCT dossier FROM citations WHERE doc_id = ? AND dossier IS NOT NULL", (doc_id,))}

    def motions_by_first_submitter(self, surname_key: str) -> list[MotionCandidate]:
        """Motions whose first submitter's name ends in ``surname_key`` (lower case)."""
        rows = self.query("SELECT m.id, m.dossier, d.submitters FROM motions m JOIN documents d ON d.id = m.id "
                          "JOIN submitters s ON s.doc_id = m.id AND s.position = 0 WHERE lower(s.name) LIKE ?",
                          ("%" + surname_key,))
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[MotionCandidate], rows)

    def link_answer(self, doc_id: str, idx: int, motion_id: str) -> None:
        """Record that answer ``idx`` of letter ``doc_id`` answers ``motion_id`` (one transaction)."""
        with self.transaction():
            self.execute("UPDATE answers SET motion_id = ? WHERE doc_id = ? AND idx = ?", (motion_id, doc_id, idx))
