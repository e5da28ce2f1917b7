"""Columns computed in Python from what the store already holds: the ministry of each row
(:mod:`kamerspoor.store.owners`) and the context of each commitment. Rows made at ingest carry them
(:mod:`kamerspoor.store.rows`); rows written by a kamerspoor before they existed, or before the ministries' data
last changed, are filled in when the store is opened, saying so, like the search columns (``store_meta``'s
``derived`` records the version they were computed with). One pass over the rows, in one transaction.
"""

from __future__ import annotations

from typing import Any

from kamerspoor.store import owners
from kamerspoor.store.connection import json_column, now_iso
from kamerspoor.store.schema import Say, Schema, _to_stderr

CONTEXT_VERSION = "context-1"


def derived_version() -> str:
    return f"{owners.version()};{CONTEXT_VERSION}"


def _commitment_context(record: dict[str, Any], c: dict[str, Any]) -> str | None:
    from kamerspoor.rules.commitment_phrases import context

    text = record.get("text") or ""
    paragraphs = record.get("paragraphs") or []
    start = c.get("start")
    if not isinstance(start, int):
        return None
    p = c.get("paragraph")
    p0 = paragraphs[p]["start"] if isinstance(p, int) and 0 <= p < len(paragraphs) else None
    return context(text, start, start + len(c.get("text") or ""), p0)


class Derived(Schema):
    def _ensure_derived(self) -> None:
        """On opening: fill the derived columns when they were computed by another version (or never)."""
        recorded = self.query_value("SELECT value FROM store_meta WHERE name = 'derived'")
        if recorded != derived_version():
            with self.computing_on_open("derived columns (the ministries, the commitments' context)"):
                self.fill_derived(progress=_to_stderr if self.count("SELECT count(*) FROM documents") else None)

    def fill_derived(self, progress: Say | None = None) -> int:
        """Compute the ministry of every document, answer, commitment, Zaak and official commitment, and the
        context of every commitment, again; returns how many documents were read."""
        say = progress or (lambda _msg: None)
        with self.transaction():
            docs = self.query("SELECT id, kind, title, date, dossier FROM documents ORDER BY id")
            if docs:
                say(f"ministries: computing the ministry of {len(docs)} documents and their answers and commitments")
            for d in docs:
                self._fill_document(d)
            for z in self.query("SELECT id, document_id, titel, gestart_op, record FROM zaken"):
                actors = json_column(z["record"], {}).get("ZaakActor") if "ZaakActor" in str(z["record"]) else None
                self.execute("UPDATE zaken SET ministry = ? WHERE id = ?",
                             (owners.of_zaak(actors, z["document_id"], z["titel"], z["gestart_op"]), z["id"]))
            for o in self.query("SELECT id, ministry, function, made FROM official_commitments"):
                self.execute("UPDATE official_commitments SET ministry_id = ? WHERE id = ?",
                             (owners.of_official(o["ministry"], o["function"], o["made"]), o["id"]))
            self.execute("INSERT INTO store_meta (name, value, updated_at) VALUES ('derived', ?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                         (derived_version(), now_iso()))
        return len(docs)

    def _fill_document(self, d: dict[str, Any]) -> None:
        if d["kind"] in owners.MOTION_KINDS:
            ministry = owners.of_dossier(d["dossier"], d["date"])
            self.execute("UPDATE documents SET ministry = ? WHERE id = ?", (ministry, d["id"]))
            return
        record = json_column(self.query_value("SELECT record FROM documents WHERE id = ?", (d["id"],)), {})
        commitments = record.get("commitments") or []
        ministry = owners.of_document(d["kind"], d["title"], record.get("text"), d["date"], d["dossier"],
                                      [c.get("actor") for c in commitments])
        self.execute("UPDATE documents SET ministry = ? WHERE id = ?", (ministry, d["id"]))
        self.execute("UPDATE answers SET ministry = ? WHERE doc_id = ?", (ministry, d["id"]))
        for i, c in enumerate(commitments):
            self.execute("UPDATE commitments SET ministry = ?, context = ? WHERE doc_id = ? AND idx = ?",
                         (owners.of_commitment(c.get("actor"), d["date"], ministry), _commitment_context(record, c),
                          d["id"], i))
