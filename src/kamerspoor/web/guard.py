"""What every request passes before the application sees it: ASGI middleware around the whole app.

- :class:`HeadAsGet`: ``HEAD`` is answered wherever ``GET`` is, with the GET's status and headers and no
  body (FastAPI's routes only know GET).
- :class:`SecurityHeaders`: every response (pages, API, static files, errors) carries a Content-Security-Policy
  that allows only this site's own scripts, styles, images and requests (the pages have no inline script or
  style; htmx is told not to add its own style, see base.html), refuses framing, and keeps the address
  (search words are in it) from other sites; plus ``nosniff``.
- :class:`WriteGate`: a request that writes (any method but GET, HEAD and OPTIONS) needs the upload token,
  checked on the headers before a byte of the body is read: without it the answer is 401 at once and the
  connection is closed, so an unauthenticated upload costs neither disk nor bandwidth.
- :class:`BodyLimit`: no request body larger than the limit (``--max-body``, $KAMERSPOOR_MAX_BODY): a
  Content-Length over it is refused before reading, and a body without one is counted as it arrives and cut
  off at the limit: 413 with a one-line JSON error, connection closed.

They are pure ASGI (no request objects), so they cost a few attribute look-ups per request, and they sit
outside FastAPI's error handling, so even a 500 carries the security headers.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
DEFAULT_MAX_BODY = 21 * MB  # an upload of up to 20 MB (api.MAX_UPLOAD) and the form around it
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # swagger-ui's icons are data: URIs in its stylesheet
    "font-src 'self'",
    "connect-src 'self'",  # htmx and swagger-ui ask this server only
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # within the site the whole address (the search's back links work); to other sites nothing, since
    # the address holds the search words
    (b"referrer-policy", b"same-origin"),
]


def parse_size(text: str) -> int:
    """A size in bytes from ``21M``, ``512K``, ``1G``, ``2MB`` or a plain number of bytes; ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not m:
        raise ValueError(f"{text!r}: expected a size such as 21M, 512K or 1G")
    n = float(m.group(1)) * {"": 1, "k": 1024, "m": MB, "g": 1024 * MB}[m.group(2)]
    if n < 1:
        raise ValueError(f"{text!r}: the limit must be at least one byte")
    return int(n)


def show_size(n: int) -> str:
    """``21 MB``, ``512 KB`` or ``100 bytes``, for messages."""
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v == int(v) else f"{v:.1f} {unit}"
    return f"{n} bytes"


async def send_json(send: Send, status: int, error: str, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    """A whole JSON error response ``{"error": ...}``; the connection is closed after it (the client may still
    be sending a body nobody will read)."""
    body = json.dumps({"error": error}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close"), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class HeadAsGet:
    """``HEAD`` runs as ``GET``; the status and headers (Content-Length included) go out, the body does not."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]] | None = None):
        self.app = app
        self.headers = headers if headers is not None else SECURITY_HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k, v) for k, v in self.headers if k not in have)]}
            await send(message)

        await self.app(scope, receive, with_headers)


def token_matches(authorization: str | None, token: str | None) -> bool:
    """``Authorization: Bearer <token>`` carries ``token`` (compared in constant time); False without a token."""
    if not token or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class WriteGate:
    """Requests that write need the token, checked before the body is read (see the module's docstring).
    ``token``: the server's secret; None makes the server read-only (every write is a 401)."""

    MESSAGE = "uploading needs the server's token (Authorization: Bearer ...)"

    def __init__(self, app: ASGIApp, token: str | None):
        self.app = app
        self.token = token or None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        authorization = None
        for k, v in scope.get("headers", []):
            if k.lower() == b"authorization":
                authorization = v.decode("latin-1")
        if not token_matches(authorization, self.token):
            await send_json(send, 401, self.MESSAGE, ((b"www-authenticate", b"Bearer"),))
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """No request body over ``limit`` bytes (see the module's docstring)."""

    def __init__(self, app: ASGIApp, limit: int = DEFAULT_MAX_BODY):
        self.app = app
        self.limit = limit

    def message(self) -> str:
        return f"the request body is larger than this server's limit of {show_size(self.limit)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k.lower() == b"content-length":
                if not v.strip().isdigit():
                    await send_json(send, 400, "Content-Length: not a number of bytes")
                    return
                if int(v) > self.limit:
                    await send_json(send, 413, self.message())
                    return
        await _Counted(self, scope, receive, send).run()


class _Counted:
    """One request under :class:`BodyLimit`: counts the body as the application reads it; past the limit
    the 413 goes out (when no response has started) and the application is told the client has gone."""

    def __init__(self, gate: BodyLimit, scope: Scope, receive: Receive, send: Send):
        self.gate, self.scope, self._receive, self._send = gate, scope, receive, send
        self.received = 0
        self.started = False  # a response has begun
        self.refused = False  # the 413 went out (or the body was cut off): the application's answer is dropped

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.gate.limit:
                self.refused = True
                if not self.started:
                    self.started = True
                    await send_json(self._send, 413, self.gate.message())
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)

    async def run(self) -> None:
        await self.gate.app(self.scope, self.receive, self.send)


def guarded(app: ASGIApp, token: str | None, max_body: int = DEFAULT_MAX_BODY) -> ASGIApp:
    """``app`` behind the four guards: HEAD, security headers, the write token, the body limit (outermost
    first; the 401 and the 413 carry the security headers too)."""
    return HeadAsGet(SecurityHeaders(WriteGate(BodyLimit(app, max_body), token)))


__all__ = ["guarded", "HeadAsGet", "SecurityHeaders", "WriteGate", "BodyLimit", "parse_size", "show_size",
           "token_matches", "CSP", "SECURITY_HEADERS", "DEFAULT_MAX_BODY"]
