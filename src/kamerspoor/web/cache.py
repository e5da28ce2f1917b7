"""HTTP caching and a response cache for GET requests: the store is read-only while served, so a page is a
pure function of its address, the store's state and the day (overdue commitments change at midnight).

:class:`HttpValidation` (every store, on by default) gives each 200 answer to a GET an ``ETag`` made of the
store's change stamp (:meth:`kamerspoor.store.Store.change_stamp`), the day, kamerspoor's version and the
htmx headers the page depends on, and ``Cache-Control: public`` (``no-cache``: store, but ask again; or a
``max-age`` in seconds when the server is told it may be that stale). A request whose ``If-None-Match`` names
the current ETag is answered 304 without running the page: a proxy (or a browser) in front of one or several
worker processes serves the repeats, and all workers agree on the ETag because it comes from the store, not
from the process. That is the cache several workers share; the in-process :class:`ResponseCache` below
(SQLite only) is optional on top.

The store's state is the SQLite file's generation: size and modification time of the database and its
write-ahead log, which change with every commit (an ingest running beside the server, an upload). Any
change empties the cache. PostgreSQL stores are not cached (another client may write at any time).
An ASGI middleware, so a hit costs no routing, no thread and no database query.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
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


#: the request headers a page's content depends on besides its address (htmx asks for fragments)
VARY = (b"hx-request", b"hx-boosted", b"hx-history-restore-request")
VARY_HEADER = b"HX-Request, HX-Boosted, HX-History-Restore-Request"


def cache_control(max_age: int) -> bytes:
    """``public, no-cache`` (a proxy may keep the answer but asks again each time) or ``public, max-age=N``."""
    return b"public, no-cache" if max_age <= 0 else f"public, max-age={max_age}".encode()


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, as RFC 9110 asks for it) or is ``*``."""
    want = etag.removeprefix(b"W/")
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == want:
            return True
    return False


class HttpValidation:
    """ASGI middleware: ETag and Cache-Control on 200 answers to GET and HEAD, 304 for a matching
    If-None-Match. ``stamp`` is awaited once per request and gives the store's change stamp (None when the
    store cannot say: then the request passes without validators). Static files keep their own validators."""

    def __init__(self, app, stamp: Callable, version: str, max_age: int = 0) -> None:
        self.app = app
        self.stamp = stamp
        self.version = version
        self.control = cache_control(max_age)

    def etag(self, stamp: str, headers: dict) -> bytes:
        h = hashlib.blake2b(digest_size=12)
        for part in (stamp, str(date.today().toordinal()), self.version):
            h.update(part.encode() + b"\0")
        for name in VARY:
            h.update(headers.get(name, b"") + b"\0")
        return b'W/"' + h.hexdigest().encode() + b'"'

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or scope["path"].startswith("/static/")):
            await self.app(scope, receive, send)
            return
        stamp = await self.stamp()
        if stamp is None:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        etag = self.etag(stamp, headers)
        extra = [(b"etag", etag), (b"cache-control", self.control), (b"vary", VARY_HEADER)]
        inm = headers.get(b"if-none-match")
        if inm is not None and _matches(inm, etag):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_validators(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in have)]}
            await send(message)

        await self.app(scope, receive, with_validators)
