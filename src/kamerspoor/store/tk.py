"""Tweede Kamer open-data records in the store: Zaken (with their indieners), the votes summary, and the
deletions of open data that take Zaken, votes and official commitments out again.

Reading and validating the records is ``kamerspoor.tkapi``'s job (ingest calls it); ``zaak_fields`` and
``vote_fields`` turn tkapi's objects into the plain fields the rows are made of (``kamerspoor.store.rows``).
A deletion is remembered (``tk_deletions``), so a copy of the entity ingested later does not bring it back,
unless that copy changed after the deletion.
"""

from __future__ import annotations

from typing import Any, TypedDict

from kamerspoor import tkapi, tkvotes
from kamerspoor.store.commitments import CommitmentStore
from kamerspoor.store.connection import json_column
from kamerspoor.store.rows import ZaakRows


class DeletionsApplied(TypedDict):
    removed: int  # stored entities removed
    changed: list[str]  # official commitments removed: the letters matched to them are to be matched again


def zaak_fields(zaak: dict, name: str | None = None) -> dict[str, Any]:
    """id, nummer, soort, titel, onderwerp, gestart_op, vergaderjaar, kabinetsappreciatie, document_id (the
    kst id of the motion document), replaces_zaak (a Zaak id or nummer it replaces), indieners."""
    z = tkapi.read_zaak(zaak, name=name)
    own = [d for d in z.documents if d.soort and d.soort.lower().startswith("motie")]
    kst = next((d.kst_id for d in own or z.documents if d.kst_id), None)
    return {
        "id": z.id or z.nummer,
        "nummer": z.nummer,
        "soort": z.soort,
        "titel": z.titel,
        "onderwerp": z.onderwerp,
        "gestart_op": z.gestart_op.isoformat() if z.gestart_op else None,
        "vergaderjaar": z.vergaderjaar,
        "kabinetsappreciatie": str(z.kabinetsappreciatie) if z.kabinetsappreciatie else None,
        "document_id": kst,
        "replaces_zaak": z.vervangen_vanuit[0] if z.vervangen_vanuit else None,
        "verwijderd": z.verwijderd,
        "indieners": [(a.naam, a.fractie, a.relatie) for a in z.indieners],
    }


def vote_fields(summaries: dict[str, tkapi.Stemmingsuitslag]) -> list[dict[str, Any]]:
    """The votes summary as tkapi reads it -> one dict per Zaak: zaak_nummer, zaak_id, date, result,
    besluit_soort, voor, tegen, niet_deelgenomen, record (tkapi's Stemmingsuitslag as a dict), and the check of
    its totals (``kamerspoor.tkvotes.summary_result``): seats, status, contradictions."""
    out = []
    for nummer, s in summaries.items():
        checked = tkvotes.summary_result(s)
        out.append({"zaak_nummer": nummer, "zaak_id": s.zaak_id, "date": s.datum.isoformat() if s.datum else None,
                    "result": s.uitslag.value if s.uitslag else None, "besluit_soort": s.besluit_soort,
                    "voor": s.voor, "tegen": s.tegen, "niet_deelgenomen": s.niet_deelgenomen, "record": s.to_dict(),
                    "seats": checked.seats, "status": checked.status, "contradictions": checked.contradictions})
    return out


class TkStore(CommitmentStore):
    def put_zaak(self, z: ZaakRows, path: str | None = None, file_digest: str | None = None) -> str:
        """Write a Zaak: "added", "replaced", "unchanged", or "deleted" when Tweede Kamer open data deleted it
        (``tk/deleted.jsonl``) after this version, so a stale copy does not bring it back."""
        with self.transaction():
            if self._deleted_after("Zaak", z.id, z.changed):
                self.mark_file(path, file_digest, "zaak", [])
                return "deleted"
            old = self.query_value("SELECT content_hash FROM zaken WHERE id = ?", (z.id,))
            status = "unchanged"
            if old != z.content_hash:
                self.execute("DELETE FROM zaak_actors WHERE zaak_id = ?", (z.id,))
                self.execute("DELETE FROM zaken WHERE id = ?", (z.id,))
                self.execute("INSERT INTO zaken (id, nummer, soort, titel, onderwerp, gestart_op, vergaderjaar, "
                             "kabinetsappreciatie, document_id, replaces_id, replaces_zaak, verwijderd, content_hash, "
                             "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", z.row)
                if z.ministry:
                    self.execute("UPDATE zaken SET ministry = ? WHERE id = ?", (z.ministry, z.id))
                if z.actors:
                    self.executemany("INSERT INTO zaak_actors (zaak_id, position, naam, fractie, relatie) "
                                     "VALUES (?, ?, ?, ?, ?)", z.actors)
                status = "replaced" if old is not None else "added"
            self.mark_file(path, file_digest, "zaak", [z.id])
        return status

    def put_votes(self, rows: list[tuple], path: str | None = None, file_digest: str | None = None) -> int:
        """Upsert the votes summary's rows (one per Zaak) in one transaction; returns how many. The votes of
        deleted Zaken are left out, and so are votes a new version of the same file no longer has."""
        with self.transaction():
            gone = {r["id"] for r in self.query("SELECT id FROM tk_deletions WHERE entity = 'Zaak'")}
            rows = [r for r in rows if r[1] not in gone]
            nummers = [r[0] for r in rows]
            for nummer in sorted(set(self.file_ids(path)) - set(nummers)):
                self.execute("DELETE FROM votes WHERE zaak_nummer = ?", (nummer,))
            if rows:
                self.executemany(
                    "INSERT INTO votes (zaak_nummer, zaak_id, date, result, besluit_soort, voor, tegen, "
                    "niet_deelgenomen, record, seats, status, contradictions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (zaak_nummer) DO UPDATE "
                    "SET zaak_id = excluded.zaak_id, date = excluded.date, result = excluded.result, "
                    "besluit_soort = excluded.besluit_soort, voor = excluded.voor, tegen = excluded.tegen, "
                    "niet_deelgenomen = excluded.niet_deelgenomen, record = excluded.record, seats = excluded.seats, "
                    "status = excluded.status, contradictions = excluded.contradictions", rows)
            self.mark_file(path, file_digest, "votes", nummers)
        return len(rows)

    def _deleted_after(self, entity: str, ident: str, changed: str | None) -> bool:
        """Whether ``entity`` ``ident`` was deleted in Tweede Kamer open data after the version changed at
        ``changed`` (its ApiGewijzigdOp; a version without one counts as older than the deletion)."""
        row = self.query_one("SELECT deleted_at FROM tk_deletions WHERE entity = ? AND id = ?", (entity, ident))
        if row is None:
            return False
        return not (changed and row["deleted_at"] and changed > row["deleted_at"])

    def apply_deletions(self, deletions: list[dict], path: str | None = None,
                        file_digest: str | None = None) -> DeletionsApplied:
        """Follow the deletions of Tweede Kamer open data (``tk/deleted.jsonl``: ``{"entity", "id",
        "ApiGewijzigdOp"}`` each) in one transaction: a deleted Zaak goes with its indieners and its vote, a
        deleted Toezegging with its matches. Each deletion is remembered. Idempotent."""
        out = DeletionsApplied(removed=0, changed=[])
        with self.transaction():
            for d in deletions:
                entity, ident, stamp = str(d["entity"]), str(d["id"]), d.get("ApiGewijzigdOp")
                self._remember_deletion(entity, ident, stamp)
                if entity == "Zaak":
                    out["removed"] += self._delete_zaak(ident, stamp)
                elif entity == "Toezegging" and self.delete_official(ident):
                    out["removed"] += 1
                    out["changed"].append(ident)
            self.mark_file(path, file_digest, "deletions", [])
        return out

    def _remember_deletion(self, entity: str, ident: str, stamp: str | None) -> None:
        old = self.query_one("SELECT deleted_at FROM tk_deletions WHERE entity = ? AND id = ?", (entity, ident))
        if old is None:
            self.execute("INSERT INTO tk_deletions (entity, id, deleted_at) VALUES (?, ?, ?)", (entity, ident, stamp))
        elif stamp and (old["deleted_at"] is None or stamp > old["deleted_at"]):
            self.execute("UPDATE tk_deletions SET deleted_at = ? WHERE entity = ? AND id = ?", (stamp, entity, ident))

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
