"""A response cache for GET requests: the store is read-only while served, so a page is a pure function of
its address, the store's state and the day (overdue commitments change at midnight).

The store's state is the SQLite file's generation: size and modification time of the database and its
write-ahead log, which change with every commit (an ingest running beside the server, an upload). Any
change empties the cache. PostgreSQL stores are not cached (another client may write at any time).
An ASGI middleware, so a hit costs no routing, no thread and no database query.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from datetime import date

Stamp = tuple


class SQLiteGeneration:
    """A stamp that changes whenever the SQLite database at ``path`` is written."""

    def __init__(self, path: str):
        self.files = [path, path + "-wal"]

    def __call__(self) -> Stamp:
        out: list[tuple[int, int] | None] = []
        for f in self.files:
            try:
                st = os.stat(f)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)


class ResponseCache:
    """ASGI middleware: answer a repeated GET from memory (at most ``max_entries`` responses, ``max_bytes``)."""

    def __init__(self, app, generation, max_entries: int = 4096, max_bytes: int = 128 * 1024 * 1024,
                 max_body: int = 2 * 1024 * 1024):
        self.app = app
        self.generation = generation
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body = max_body
        self.items: OrderedDict = OrderedDict()
        self.bytes = 0
        self.stamp: Stamp | None = None
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.bytes = 0

    def _check_generation(self) -> None:
        stamp = (self.generation(), date.today().toordinal())
        if stamp != self.stamp:
            self.clear()
            self.stamp = stamp

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                # a write through the API: what was cached may be stale once it is done
                try:
                    await self.app(scope, receive, send)
                finally:
                    self.clear()
                return
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = (scope["method"], scope["path"], scope.get("query_string", b""), headers.get(b"hx-request"),
               headers.get(b"hx-history-restore-request"), headers.get(b"hx-boosted"))
        self._check_generation()
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
        if hit is not None:
            self.hits += 1
            status, resp_headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": resp_headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        stamp = self.stamp
        start: dict = {}
        parts: list[bytes] = []
        size = 0
        cacheable = True

        async def capture(message) -> None:
            nonlocal size, cacheable
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] != 200:
                    cacheable = False
            elif message["type"] == "http.response.body" and cacheable:
                body = message.get("body", b"")
                size += len(body)
                if size > self.max_body:
                    cacheable = False
                    parts.clear()
                else:
                    parts.append(body)
                if not message.get("more_body", False) and cacheable:
                    self._store(key, stamp, start["status"], list(start.get("headers", [])), b"".join(parts))
            await send(message)

        await self.app(scope, receive, capture)

    def _store(self, key, stamp, status: int, headers: list, body: bytes) -> None:
        with self.lock:
            if stamp != self.stamp:  # the store changed while this was computed
                return
            old = self.items.pop(key, None)
            if old is not None:
                self.bytes -= len(old[2])
            self.items[key] = (status, headers, body)
            self.bytes += len(body)
            while self.items and (len(self.items) > self.max_entries or self.bytes > self.max_bytes):
                _, dropped = self.items.popitem(last=False)
                self.bytes -= len(dropped[2])
