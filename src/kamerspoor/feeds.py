"""Atom feeds (RFC 4287, written by feedgen): one per watch, and one per motion, dossier, theme, party and search.

A watch's feed lists what the watch has seen, the latest found first, each entry updated when the watch found it
(so a feed reader shows a letter when it arrived in the store, whatever its own date). The feed of a motion,
dossier, theme, party or search needs no watch: it is what a watch on it would see now
(:func:`kamerspoor.watches.items`), the newest first, each entry dated by its document. Entry ids are tag URIs
made of the site's host, what the feed follows and the item, so they stay the same from one reading to the next
and a reader shows every entry once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from kamerspoor.store import Store
from kamerspoor.store.types import WatchRow
from kamerspoor.watches import describe, feed_path, items, page_path

ENTRIES = 50
TAG_YEAR = "2026"  # the date of the tag URIs' authority (RFC 4151): fixed, so ids never change
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _when(text: str | None) -> datetime | None:
    """``2025-03-13`` or an ISO timestamp -> an aware datetime (UTC when it has no zone); None when unreadable."""
    if not text:
        return None
    try:
        d = datetime.fromisoformat(text)
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def atom(feed_id: str, title: str, self_url: str, page_url: str, entries: list[dict[str, Any]]) -> bytes:
    """An Atom feed; each entry a dict with id, title, link, updated (datetime), published (datetime or None)
    and summary."""
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": "kamerspoor"})
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.generator("kamerspoor")
    fg.language("nl")
    fg.updated(max((e["updated"] for e in entries), default=_EPOCH))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e["id"])
        fe.title(e["title"])
        fe.link(href=e["link"], rel="alternate", type="text/html")
        fe.updated(e["updated"])
        if e.get("published"):
            fe.published(e["published"])
        if e.get("summary"):
            fe.summary(e["summary"])
    return fg.atom_str(pretty=True)


def watch_feed(store: Store, w: WatchRow, base_url: str) -> bytes:
    """The feed of a watch: what it has seen, the latest found first."""
    base = base_url.rstrip("/")
    what = describe(w["kind"], w["target"])
    entries = []
    for i in store.watch_items(w["id"], ENTRIES):
        date = _when(i["date"])
        entries.append({"id": f"tag:{_host(base)},{TAG_YEAR}:watch/{w['id']}/{i['item']}", "title": i["title"],
                        "link": base + i["path"], "updated": _when(i["found_at"]) or date or _EPOCH,
                        "published": date, "summary": i["summary"]})
    return atom(f"tag:{_host(base)},{TAG_YEAR}:watch/{w['id']}", f"kamerspoor: {what}",
                f"{base}/feeds/watch/{w['id']}.atom", base + page_path(w["kind"], w["target"]), entries)


def subject_feed(store: Store, kind: str, target: str, base_url: str) -> bytes:
    """The feed of a motion, dossier, theme, party or search (``target`` as :func:`kamerspoor.watches.normalise`
    gives it): what a watch on it would see now, the newest first."""
    base = base_url.rstrip("/")
    subject = f"{kind}/{quote(target, safe='-')}"  # a tag URI has no spaces
    found = sorted(items(store, kind, target), key=lambda i: (i.get("date") or "", i["item"]), reverse=True)
    entries = []
    for i in found[:ENTRIES]:
        date = _when(i.get("date"))
        entries.append({"id": f"tag:{_host(base)},{TAG_YEAR}:{subject}/{i['item']}", "title": i["title"],
                        "link": base + i["path"], "updated": date or _EPOCH, "published": date,
                        "summary": i.get("summary")})
    return atom(f"tag:{_host(base)},{TAG_YEAR}:{subject}", f"kamerspoor: {describe(kind, target)}",
                base + feed_path(kind, target), base + page_path(kind, target), entries)
