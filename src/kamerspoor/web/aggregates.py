"""Values computed over the whole store that pages and the API show on many requests (the home page's counts
and newest documents, the themes' counts, the store's statistics, a theme's years), kept per process until
the store changes.

Why: without the response cache every visit of the home page counted the store's dossiers, themes and open
commitments again, although they change only when an ingest, an upload or an embed run writes (a 10^6
document store would count them on every request). Each value is kept under the store's change stamp
(:meth:`kamerspoor.web.pool.StorePool.change_stamp`: the SQLite file's size and time, PostgreSQL's statistics
asked at most twice a second) and the day (overdue commitments change at midnight); a new stamp is a new key,
so a value is never served after the store changed. Unlike the response cache (``serve --cache``) the page is
still made on every request: only what it reads from the store over and over is kept. A store that cannot
give a stamp (the database away) is asked each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

T = TypeVar("T")


class Aggregates:
    """At most ``size`` values by (name, key, the store's change stamp, the day); the oldest used go first."""

    def __init__(self, stamp: Callable[[], str | None], size: int = 256) -> None:
        self.stamp = stamp
        self.size = size
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, name: str, compute: Callable[[], T], *key: Hashable) -> T:
        """The value ``compute()`` gives for the store as it is now: kept, or computed and kept. Callers treat
        it as read-only (it is shared by every request until the store changes)."""
        stamp = self.stamp()
        if stamp is None:
            return compute()
        k = (name, key, stamp, date.today().toordinal())
        with self.lock:
            if k in self.items:
                self.items.move_to_end(k)
                self.hits += 1
                return self.items[k]  # type: ignore[return-value]
        value = compute()
        with self.lock:
            self.misses += 1
            self.items[k] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


__all__ = ["Aggregates"]
