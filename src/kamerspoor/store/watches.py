"""Watches in the store: what a user follows (a motion, a dossier, a theme, a party, a search) and every item
each watch has seen.

An item is written once, keyed by the watch and what the item is (``doc:kst-36600-V-12``,
``answer:kst-36600-V-12``, ``vote:2025Z01234:2025-03-13``), so recording the same findings again adds nothing:
what is new to a watch is exactly what had no row before (:meth:`WatchStore.record_items` returns those).
An item goes out by e-mail once: a run claims the items it mails (``mailed_at``) before sending and gives them
back when sending fails, so two runs at once never mail one item twice and a failed one is tried again.

The documents a watch looks at are read here too (:meth:`WatchStore.latest_documents`: under the search's
filters, most recently ingested first); deciding what an item says is :mod:`kamerspoor.watches`' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from kamerspoor.store.connection import json_column, now_iso
from kamerspoor.store.fulltext import FullText, SearchFilters
from kamerspoor.store.titles import title_sql
from kamerspoor.store.types import DocumentSummary, WatchItemRow, WatchRow

WATCH_COLUMNS = "w.id, w.kind, w.target, w.email, w.created_at, w.last_run_at"
ITEM_COLUMNS = "i.watch_id, i.item, i.date, i.title, i.path, i.summary, i.found_at, i.baseline, i.mailed_at"


class WatchStore(FullText):
    # from store.motions, which the Store puts beside this mixin (annotated only, so it shadows nothing)
    motions_of_ministry: Callable[[str], list[str]]

    # -- the watches ------------------------------------------------------------------------------------------
    def add_watch(self, kind: str, target: str, email: str = "") -> tuple[WatchRow, bool]:
        """(the watch, whether it is new): adding the same watch again (kind, target, e-mail) gives the one
        there is."""
        with self.transaction():
            cur = self.execute("INSERT INTO watches (kind, target, email, created_at) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (kind, target, email) DO NOTHING", (kind, target, email, now_iso()))
            created = (cur.rowcount or 0) > 0
            row = self.query_one(f"SELECT {WATCH_COLUMNS} FROM watches w WHERE w.kind = ? AND w.target = ? "
                                 "AND w.email = ?", (kind, target, email))
        return _watch(row), created

    def watches(self) -> list[WatchRow]:
        """Every watch, oldest first, with how many items it has seen."""
        rows = self.query(f"SELECT {WATCH_COLUMNS}, (SELECT count(*) FROM watch_items i WHERE i.watch_id = w.id) "
                          "AS items FROM watches w ORDER BY w.id")
        return [_watch(r) for r in rows]

    def watch(self, watch_id: int) -> WatchRow | None:
        row = self.query_one(f"SELECT {WATCH_COLUMNS}, (SELECT count(*) FROM watch_items i WHERE i.watch_id = w.id) "
                             "AS items FROM watches w WHERE w.id = ?", (watch_id,))
        return _watch(row) if row else None

    def remove_watch(self, watch_id: int) -> bool:
        """Remove a watch and what it has seen; False when there is no such watch."""
        with self.transaction():
            self.execute("DELETE FROM watch_items WHERE watch_id = ?", (watch_id,))
            return (self.execute("DELETE FROM watches WHERE id = ?", (watch_id,)).rowcount or 0) > 0

    def watch_ran(self, watch_id: int, when: str | None = None) -> None:
        self.execute("UPDATE watches SET last_run_at = ? WHERE id = ?", (when or now_iso(), watch_id))

    # -- what a watch has seen --------------------------------------------------------------------------------
    def record_items(self, watch_id: int, items: Iterable[dict[str, Any]], baseline: bool = False,
                     found_at: str | None = None) -> list[WatchItemRow]:
        """Record ``items`` (dicts with item, date, title, path, summary) as seen by the watch; returns those it
        had not seen before, in the order given. ``baseline``: seen when the watch was made (never news)."""
        found_at = found_at or now_iso()
        items = list({i["item"]: i for i in items}.values())  # one row per item, even if given twice
        out = []
        with self.transaction():
            seen = self._seen(watch_id, [i["item"] for i in items])
            for i in items:
                if i["item"] in seen:
                    continue
                # a row per statement: its count says whether this run wrote it (another run at the same time
                # may have), so an item is new to one run only
                cur = self.execute(
                    "INSERT INTO watch_items (watch_id, item, date, title, path, summary, found_at, baseline) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (watch_id, item) DO NOTHING",
                    (watch_id, i["item"], i.get("date"), i["title"], i["path"], i.get("summary") or "", found_at,
                     int(baseline)))
                if (cur.rowcount or 0) > 0:
                    out.append(cast(WatchItemRow, {"watch_id": watch_id, "item": i["item"], "date": i.get("date"),
                                                   "title": i["title"], "path": i["path"],
                                                   "summary": i.get("summary") or "", "found_at": found_at,
                                                   "baseline": baseline, "mailed_at": None}))
        return out

    def _seen(self, watch_id: int, items: list[str]) -> set[str]:
        if not items:
            return set()
        cond, params = self.in_clause("item", items)
        return {r["item"] for r in self.query(f"SELECT item FROM watch_items WHERE watch_id = ? AND {cond}",
                                              [watch_id, *params])}

    def watch_items(self, watch_id: int, limit: int = 50) -> list[WatchItemRow]:
        """What the watch has seen, the latest found first (then by the item's date)."""
        rows = self.query(f"SELECT {ITEM_COLUMNS} FROM watch_items i WHERE i.watch_id = ? "
                          "ORDER BY i.found_at DESC, i.date DESC, i.item LIMIT ?", (watch_id, limit))
        return [_item(r) for r in rows]

    def claim_unmailed(self, watch_id: int, claim: str) -> list[WatchItemRow]:
        """The watch's news not mailed yet, marked as being mailed by ``claim`` (a unique mark of this run):
        another run cannot take them too. Give them back with :meth:`unclaim` when sending fails."""
        with self.transaction():
            self.execute("UPDATE watch_items SET mailed_at = ? WHERE watch_id = ? AND baseline = 0 "
                         "AND mailed_at IS NULL", (claim, watch_id))
            rows = self.query(f"SELECT {ITEM_COLUMNS} FROM watch_items i WHERE i.watch_id = ? AND i.mailed_at = ? "
                              "ORDER BY i.date, i.item", (watch_id, claim))
        return [_item(r) for r in rows]

    def mailed(self, watch_id: int, claim: str, when: str | None = None) -> None:
        """The items claimed by ``claim`` went out."""
        self.execute("UPDATE watch_items SET mailed_at = ? WHERE watch_id = ? AND mailed_at = ?",
                     (when or now_iso(), watch_id, claim))

    def unclaim(self, watch_id: int, claim: str) -> None:
        """The items claimed by ``claim`` did not go out: the next run mails them."""
        self.execute("UPDATE watch_items SET mailed_at = NULL WHERE watch_id = ? AND mailed_at = ?",
                     (watch_id, claim))

    # -- what a watch looks at --------------------------------------------------------------------------------
    def latest_documents(self, filters: SearchFilters, query: str | None = None,
                         limit: int = 500) -> list[DocumentSummary]:
        """Documents under ``filters`` (and with a paragraph matching ``query``), the most recently ingested
        first (then the newest): at most ``limit``, so a watch's look is bounded however large the store."""
        where, params = self.filter_clauses(filters)
        if query:
            cond, p = self.in_clause("d.id", self.matching_documents(query, filters))
            where.append(cond)
            params += p
        w = (" WHERE " + " AND ".join(where)) if where else ""
        rows = self.query(f"SELECT d.id, d.kind, d.dossier, d.number, d.date, {title_sql('d')} AS title, "
                          f"d.submitters FROM documents d{w} ORDER BY d.ingested_at DESC, d.date DESC, d.id "
                          "LIMIT ?", [*params, limit])
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[DocumentSummary], rows)


    def ministry_documents(self, ministry: str, limit: int = 500) -> list[DocumentSummary]:
        """What a ministry's watch looks at: the documents other than motions the ministry signs (their ministry,
        store.owners) and the motions addressed to it (:meth:`motions_of_ministry`, as the motion list's
        filter and the report decide it), the most recently ingested first: at most ``limit``."""
        cond, params = self.in_clause("d.id", self.motions_of_ministry(ministry))
        rows = self.query(f"SELECT d.id, d.kind, d.dossier, d.number, d.date, {title_sql('d')} AS title, "
                          "d.submitters FROM documents d WHERE (d.kind <> 'motie' AND d.ministry = ?) "
                          f"OR {cond} ORDER BY d.ingested_at DESC, d.date DESC, d.id LIMIT ?",
                          [ministry, *params, limit])
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[DocumentSummary], rows)


def _watch(row: dict[str, Any] | None) -> WatchRow:
    assert row is not None
    row["id"] = int(row["id"])
    if "items" in row:
        row["items"] = int(row["items"] or 0)
    return cast(WatchRow, row)


def _item(row: dict[str, Any]) -> WatchItemRow:
    row["watch_id"] = int(row["watch_id"])
    row["baseline"] = bool(row["baseline"])
    return cast(WatchItemRow, row)
