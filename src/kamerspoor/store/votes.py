"""Votes: the Kamer's own Stemming rows, the vote of each Besluit counted from them (per party and, in a
hoofdelijke stemming, per member), and a motion's vote as the pages and the API show it.

Writes: ``put_stemmingen`` stores the rows of one file and says which Besluiten they touch; ingest counts those
Besluiten again from all their stored rows (:mod:`kamerspoor.tkvotes`: a hoofdelijke stemming can span two
files) and ``put_vote_results`` stores the counts. Reads: ``vote`` gives a motion's vote: the latest Besluit
on its Zaak counted from Stemming rows when there is one (with the votes summary's claim beside it, as the
summary's), else the votes summary's totals; either way with its ``status`` (complete, incomplete,
contradictory), so an incomplete count is never shown as the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from kamerspoor.rules.votes import kamer_size
from kamerspoor.store.connection import json_column
from kamerspoor.store.files import Files
from kamerspoor.store.tkrows import StemmingRows, VoteRows
from kamerspoor.store.types import SummaryClaim, Vote, VoteMember, VoteParty

_STEMMING_COLUMNS = ("id, besluit_id, soort, actor_naam, actor_fractie, fractie_grootte, persoon_id, sid_actor_lid, "
                     "fractie_id, vergissing, datum")
_BESLUIT_META = ("id, zaak_id, zaak_nummer, zaken_exact, agendapunt_id, besluit_soort, besluit_tekst, stemmings_soort, "
                 "zaak_how")
# a Besluit's link to its Zaak, kept when a file brings none, or only one by place where the stored one is exact
_LINK_COLUMNS = ("zaak_id", "zaak_nummer", "zaken_exact", "zaak_how", "rejected_zaak_id")
_KEEP_LINK = "(excluded.zaak_id IS NULL OR (besluiten.zaken_exact = 1 AND excluded.zaken_exact = 0))"
_VOTE_SET = ("date = ?, result = ?, hoofdelijk = ?, voor = ?, tegen = ?, niet_deelgenomen = ?, seats = ?, "
             "kamer_size = ?, complete = ?, status = ?, contradictions = ?, notes = ?, mistakes = ?")
# a Besluit's vote as the read API gives it (the columns of Vote that come from besluiten b and zaken z)
_BESLUIT_VOTE = ("z.nummer AS zaak_nummer, z.id AS zaak_id, b.date, b.result, b.besluit_soort, b.voor, b.tegen, "
                 "b.niet_deelgenomen, b.id AS besluit_id, b.besluit_tekst, b.hoofdelijk, b.seats, b.kamer_size, "
                 "b.complete, b.status, b.contradictions, b.notes, b.mistakes, b.zaak_how")
_SUMMARY = ("v.zaak_nummer, v.zaak_id, v.date, v.result, v.besluit_soort, v.voor, v.tegen, v.niet_deelgenomen, "
            "v.seats, v.status, v.contradictions")


class VoteStore(Files):
    # -- writing -------------------------------------------------------------------------------------------
    def put_stemmingen(self, rows: StemmingRows, path: str | None = None, file_digest: str | None = None,
                       kind: str = "stemmingen") -> set[str]:
        """Store the Stemming rows and Besluiten of one file (inside the caller's transaction, which then
        stores the counts); rows the previous version of the file had and this one has not are removed.
        Returns the ids of the Besluiten whose rows changed (to be counted again)."""
        touched = {r[1] for r in rows.stemmingen} | {b[0] for b in rows.besluiten}
        gone = sorted(set(self.file_ids(path)) - set(rows.ids))
        if gone:
            cond, params = self.in_clause("id", gone)
            touched |= {r["besluit_id"] for r in self.query(f"SELECT besluit_id FROM stemmingen WHERE {cond}", params)}
            self.execute(f"DELETE FROM stemmingen WHERE {cond}", params)
        if rows.besluiten:
            self.executemany(
                f"INSERT INTO besluiten ({_BESLUIT_META}, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'incomplete') "
                "ON CONFLICT (id) DO UPDATE SET " + ", ".join(
                    f"{c} = CASE WHEN {_KEEP_LINK} THEN besluiten.{c} ELSE excluded.{c} END" for c in _LINK_COLUMNS) +
                ", agendapunt_id = COALESCE(excluded.agendapunt_id, besluiten.agendapunt_id), "
                "besluit_soort = excluded.besluit_soort, besluit_tekst = excluded.besluit_tekst, "
                "stemmings_soort = excluded.stemmings_soort", rows.besluiten)
        if rows.stemmingen:
            self.executemany(
                f"INSERT INTO stemmingen ({_STEMMING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET besluit_id = excluded.besluit_id, soort = excluded.soort, "
                "actor_naam = excluded.actor_naam, actor_fractie = excluded.actor_fractie, "
                "fractie_grootte = excluded.fractie_grootte, persoon_id = excluded.persoon_id, "
                "sid_actor_lid = excluded.sid_actor_lid, fractie_id = excluded.fractie_id, "
                "vergissing = excluded.vergissing, datum = excluded.datum", rows.stemmingen)
        self.mark_file(path, file_digest, kind, rows.ids)
        return touched

    def stemming_rows(self, besluit_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored Stemming rows of each Besluit, by Besluit id (in the order of their ids)."""
        ids = sorted(set(besluit_ids))
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            cond, params = self.in_clause("besluit_id", ids)
            for r in self.query(f"SELECT {_STEMMING_COLUMNS} FROM stemmingen WHERE {cond} ORDER BY id", params):
                out[r["besluit_id"]].append(r)
        return out

    def besluit_rows(self, besluit_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored Besluiten (what is known of them besides the vote), by id."""
        ids = sorted(set(besluit_ids))
        if not ids:
            return {}
        cond, params = self.in_clause("id", ids)
        return {r["id"]: r for r in self.query(f"SELECT {_BESLUIT_META} FROM besluiten WHERE {cond}", params)}

    def put_vote_results(self, votes: list[VoteRows], emptied: Iterable[str] = ()) -> None:
        """Store the votes counted for Besluiten (replacing their party and member rows); Besluiten left without
        any row (``emptied``) are removed."""
        for v in votes:
            self.execute("DELETE FROM besluit_fracties WHERE besluit_id = ?", (v.besluit_id,))
            self.execute("DELETE FROM besluit_leden WHERE besluit_id = ?", (v.besluit_id,))
            self.execute(f"UPDATE besluiten SET {_VOTE_SET} WHERE id = ?", (*v.vote, v.besluit_id))
            if v.fracties:
                self.executemany("INSERT INTO besluit_fracties (besluit_id, position, fractie, fractie_id, voor, tegen, "
                                 "niet_deelgenomen, by_members, vergissing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 v.fracties)
            if v.leden:
                self.executemany("INSERT INTO besluit_leden (besluit_id, position, naam, fractie, soort, persoon_id, "
                                 "vergissing) VALUES (?, ?, ?, ?, ?, ?, ?)", v.leden)
        for bid in emptied:
            for table in ("besluit_fracties", "besluit_leden"):
                self.execute(f"DELETE FROM {table} WHERE besluit_id = ?", (bid,))
            self.execute("DELETE FROM besluiten WHERE id = ?", (bid,))

    def place_link_votes(self) -> dict[str, list[tuple[int, int]]]:
        """For each Besluit linked to a motion only by its place on the Agendapunt: the (voor, tegen) seats of the
        party of each of the motion's signatories (resolved to a party), by Besluit id."""
        out: dict[str, list[tuple[int, int]]] = {}
        for r in self.query("SELECT b.id, bf.voor, bf.tegen FROM besluiten b JOIN zaken z ON z.id = b.zaak_id "
                            "JOIN submitter_parties sp ON sp.doc_id = z.document_id "
                            "JOIN besluit_fracties bf ON bf.besluit_id = b.id AND bf.fractie_id = sp.fractie_id "
                            "WHERE b.zaak_how = 'place' ORDER BY b.id, sp.position"):
            out.setdefault(r["id"], []).append((r["voor"], r["tegen"]))
        return out

    def reject_place_link(self, besluit_id: str) -> None:
        """The Zaak at this Besluit's place is not the one it decides: the link is cleared (kept as rejected)."""
        self.execute("UPDATE besluiten SET rejected_zaak_id = zaak_id, zaak_id = NULL, zaak_nummer = NULL, "
                     "zaak_how = 'place_rejected' WHERE id = ?", (besluit_id,))

    # -- reading -------------------------------------------------------------------------------------------
    def vote(self, motion_id: str, members: bool = True) -> Vote | None:
        """The vote on a motion (through the Zaak whose document it is), or None: see the module doc."""
        return self.votes_of([motion_id], members).get(motion_id)

    def votes_of(self, motion_ids: list[str], members: bool = False) -> dict[str, Vote]:
        """The vote on each of ``motion_ids`` that has one (``members``: with the member list of a hoofdelijke
        stemming; the parties always)."""
        if not motion_ids:
            return {}
        cond, params = self.in_clause("z.document_id", motion_ids)
        out: dict[str, dict[str, Any]] = {}
        for v in self.query(f"SELECT z.document_id AS motion_id, {_BESLUIT_VOTE} FROM besluiten b "
                            f"JOIN zaken z ON z.id = b.zaak_id WHERE {cond} "
                            "ORDER BY z.document_id, b.date DESC, b.id", params):
            out.setdefault(v.pop("motion_id"), {"source": "Stemming", **v})
        summaries: dict[str, SummaryClaim] = {}
        for row in self.query(f"SELECT z.document_id AS motion_id, {_SUMMARY} FROM zaken z "
                              f"JOIN votes v ON v.zaak_nummer = z.nummer WHERE {cond} ORDER BY z.document_id, v.date DESC",
                              params):
            summaries.setdefault(row.pop("motion_id"), _summary_claim(row))
        for mid, claim in summaries.items():
            if mid in out:
                out[mid]["summary"] = claim
            else:
                out[mid] = _summary_vote(claim)
        besluiten = [v["besluit_id"] for v in out.values() if v.get("besluit_id")]
        parties = self._vote_parties(besluiten)
        leden = self._vote_members(besluiten) if members else {}
        for v in out.values():
            _decode_vote(v)
            v["parties"] = parties.get(v.get("besluit_id") or "", [])
            if members:
                v["members"] = leden.get(v.get("besluit_id") or "", [])
            v.setdefault("summary", None)
        return cast(dict[str, Vote], out)

    def _per_besluit(self, columns: str, table: str, besluit_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The rows of a per-Besluit table (``besluit_fracties``, ``besluit_leden``) for these Besluiten, in their
        order, grouped by Besluit; ``vergissing`` as a bool."""
        out: dict[str, list[dict[str, Any]]] = {}
        if besluit_ids:
            cond, params = self.in_clause("besluit_id", besluit_ids)
            for r in self.query(f"SELECT besluit_id, {columns}, vergissing FROM {table} WHERE {cond} "
                                "ORDER BY besluit_id, position", params):
                r["vergissing"] = bool(r["vergissing"])
                out.setdefault(r.pop("besluit_id"), []).append(r)
        return out

    def _vote_parties(self, besluit_ids: list[str]) -> dict[str, list[VoteParty]]:
        out = self._per_besluit("fractie, fractie_id, voor, tegen, niet_deelgenomen, by_members", "besluit_fracties",
                                besluit_ids)
        for rows in out.values():
            for r in rows:
                r["seats"] = r["voor"] + r["tegen"] + r["niet_deelgenomen"]
                r["by_members"] = bool(r["by_members"])
        return cast(dict[str, list[VoteParty]], out)

    def _vote_members(self, besluit_ids: list[str]) -> dict[str, list[VoteMember]]:
        return cast(dict[str, list[VoteMember]],
                    self._per_besluit("naam, fractie, soort, persoon_id", "besluit_leden", besluit_ids))

    def besluit_votes(self, besluit_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Every counted Besluit (or those of ``besluit_ids``) with its totals, parties and members, and the
        motion it decides when the store knows it (for checks: ``bench/votes.py``)."""
        where, params = "", list[Any]()
        if besluit_ids is not None:
            cond, params = self.in_clause("b.id", besluit_ids)
            where = f" WHERE {cond}"
        rows = self.query(f"SELECT b.id, b.zaak_id, b.zaak_nummer, z.document_id AS motion_id, b.date, b.result, "
                          "b.hoofdelijk, b.voor, b.tegen, b.niet_deelgenomen, b.seats, b.complete, b.status, "
                          f"b.contradictions, b.mistakes FROM besluiten b LEFT JOIN zaken z ON z.id = b.zaak_id{where} "
                          "ORDER BY b.id", params)
        ids = [r["id"] for r in rows]
        parties, members = self._vote_parties(ids), self._vote_members(ids)
        for r in rows:
            _decode_vote(r)
            r["parties"], r["members"] = parties.get(r["id"], []), members.get(r["id"], [])
        return rows


def _decode_vote(v: dict[str, Any]) -> None:
    for key in ("contradictions", "notes", "mistakes"):
        if key in v:
            v[key] = json_column(v[key], [])
    for key in ("hoofdelijk", "complete"):
        if key in v:
            v[key] = bool(v[key])


def _summary_claim(s: dict[str, Any]) -> SummaryClaim:
    s["contradictions"] = json_column(s.get("contradictions"), [])
    return cast(SummaryClaim, s)


def _summary_vote(s: SummaryClaim) -> dict[str, Any]:
    """The votes summary's claim as a motion's vote when no Stemming rows count it (status None: a store
    written before the summary was checked; it is shown as not checked, never as the result)."""
    day = s.get("date")
    return {"source": "summary", **s, "besluit_id": None, "besluit_tekst": None, "hoofdelijk": False,
            "kamer_size": kamer_size(date.fromisoformat(day[:10]) if day else None), "complete": s["status"] == "complete", "notes": [], "mistakes": [], "summary": None}
