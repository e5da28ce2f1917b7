"""Members and parties: Persoon, Fractie (with every name it goes by), FractieZetelPersoon, and a motion's
signatories resolved to their party (``submitter_parties``), which the ``party`` filter of search reads.

What a motion's signatory is and which party they sat for on the motion's date is decided in ingest
(:mod:`kamerspoor.ingest.opendata`, through :mod:`kamerspoor.tkpersons`); this module stores and reads it.
``tk_pending`` remembers, in the same transaction as a write, that open data changed, so the links made after a
run are made again even when that run was killed before it got to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from kamerspoor.store.connection import json_column, now_iso
from kamerspoor.store.files import Files
from kamerspoor.store.tkrows import PersonRows
from kamerspoor.store.types import SubmitterParty


class PersonStore(Files):
    # -- writing -------------------------------------------------------------------------------------------
    def put_persons(self, rows: PersonRows) -> int:
        """Upsert persons, parties, their names and memberships (inside the caller's transaction); returns how
        many records changed. A change marks the motions' parties to be resolved again."""
        changed = 0
        for table, columns, values in (
                ("personen", "id, achternaam, tussenvoegsel, initialen, roepnaam, voornamen, functie, nummer",
                 rows.personen),
                ("fracties", "id, afkorting, naam, zetels, actief_van, actief_tot", rows.fracties),
                ("lidmaatschappen", "id, persoon_id, fractie_id, fractie, van, tot", rows.lidmaatschappen)):
            changed += self._upsert_changed(table, columns, values)
        if rows.namen:
            self.executemany("INSERT INTO fractie_namen (fractie_id, naam, sleutel) VALUES (?, ?, ?) "
                             "ON CONFLICT (fractie_id, sleutel) DO NOTHING", rows.namen)
        if changed:
            self.mark_pending("submitter_parties")
        return changed

    def _upsert_changed(self, table: str, columns: str, values: list[tuple]) -> int:
        """Insert or update rows keyed by their first column; returns how many were new or different."""
        if not values:
            return 0
        names = [c.strip() for c in columns.split(",")]
        cond, params = self.in_clause("id", [v[0] for v in values])
        old = {tuple(r[n] for n in names) for r in self.query(f"SELECT {columns} FROM {table} WHERE {cond}", params)}
        new = [v for v in values if tuple(v) not in old]
        if new:
            updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
            self.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in names)}) "
                             f"ON CONFLICT (id) DO UPDATE SET {updates}", new)
        return len(new)

    def mark_pending(self, what: str) -> None:
        """Remember that the links of ``what`` (submitter_parties, letters) are to be made again."""
        self.execute("INSERT INTO tk_pending (what, since) VALUES (?, ?) ON CONFLICT (what) DO NOTHING",
                     (what, now_iso()))

    def pending(self, what: str) -> bool:
        return self.query_value("SELECT 1 FROM tk_pending WHERE what = ?", (what,)) is not None

    def clear_pending(self, what: str) -> None:
        self.execute("DELETE FROM tk_pending WHERE what = ?", (what,))

    def put_submitter_parties(self, rows: list[tuple], doc_ids: Iterable[str]) -> None:
        """Replace the resolved signatories of ``doc_ids`` with ``rows`` (doc_id, position, name, persoon_id,
        fractie, fractie_id, how), in one transaction."""
        ids = sorted(set(doc_ids))
        with self.transaction():
            for i in range(0, len(ids), 500):
                cond, params = self.in_clause("doc_id", ids[i:i + 500])
                self.execute(f"DELETE FROM submitter_parties WHERE {cond}", params)
            if rows:
                self.executemany("INSERT INTO submitter_parties (doc_id, position, name, persoon_id, fractie, "
                                 "fractie_id, how) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    # -- reading -------------------------------------------------------------------------------------------
    def kamerleden_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Everything that resolves a member to a party: personen, fracties, fractie_namen, lidmaatschappen, and
        ``seen``: each (member, party, day) of a member's row in a stored vote."""
        return {
            "personen": self.query("SELECT id, achternaam, tussenvoegsel, initialen, roepnaam, voornamen, functie, "
                                   "nummer FROM personen ORDER BY id"),
            "fracties": self.query("SELECT id, afkorting, naam, zetels, actief_van, actief_tot FROM fracties "
                                   "ORDER BY id"),
            "fractie_namen": self.query("SELECT fractie_id, naam FROM fractie_namen ORDER BY fractie_id, sleutel"),
            "lidmaatschappen": self.query("SELECT persoon_id, fractie_id, fractie, van, tot FROM lidmaatschappen "
                                          "ORDER BY persoon_id, van"),
            "seen": self.query("SELECT DISTINCT persoon_id, actor_fractie, fractie_id, datum FROM stemmingen "
                               "WHERE persoon_id IS NOT NULL AND actor_fractie IS NOT NULL AND datum IS NOT NULL "
                               "ORDER BY persoon_id, datum"),
        }

    def motions_to_resolve(self, everything: bool = False) -> list[dict[str, Any]]:
        """Motions with their date and signatories whose parties are to be resolved: those whose signatories
        differ from the ones resolved (new or changed motions), or all of them."""
        cond = "" if everything else (
            " WHERE EXISTS (SELECT 1 FROM submitters s WHERE s.doc_id = m.id AND NOT EXISTS (SELECT 1 FROM "
            "submitter_parties sp WHERE sp.doc_id = s.doc_id AND sp.position = s.position AND sp.name = s.name))")
        rows = self.query(f"SELECT m.id, d.date, d.submitters FROM motions m JOIN documents d ON d.id = m.id{cond} "
                          "ORDER BY m.id")
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return rows

    def submitter_parties(self, doc_id: str) -> list[SubmitterParty]:
        """A motion's signatories with the member and party each is resolved to (fractie None: not resolved)."""
        return cast(list[SubmitterParty], self.query(
            "SELECT name, persoon_id, fractie, fractie_id, how FROM submitter_parties WHERE doc_id = ? "
            "ORDER BY position", (doc_id,)))

    def party_names(self) -> list[str]:
        """The parties known to the store (by their Afkorting or NaamNL), for choosing one."""
        return [r["label"] for r in self.query(
            "SELECT DISTINCT COALESCE(afkorting, naam) AS label FROM fracties WHERE COALESCE(afkorting, naam) "
            "IS NOT NULL ORDER BY 1")]
