"""A small HTTP server that replays recorded responses, for tests that must never reach the internet.

Recordings live in a directory: ``index.json`` maps a request key (path plus the query, decoded and
sorted, so encoding differences do not matter) to a file in that directory (or, with ``add_file``, to a
file elsewhere, served as it is and never copied) with its content type and status. ``{{BASE}}`` in a
served body is replaced by the server's own base URL, so recorded paging links (``@odata.nextLink``) point
back at the replay server; ``rewrite`` adds more such replacements (a recorded host name -> this server).

Every answer carries an ``ETag`` (a digest of the body as served); a request whose ``If-None-Match`` names
it gets ``304 Not Modified``, as the real services answer a conditional request.

Faults can be queued per path (any query) or per exact request; each matching request takes the next
fault, and once the queue is empty the recording is served:

- ``Fault.http(429, retry_after=0)``: an error status with a small body;
- ``Fault.timeout(seconds)``: wait before answering, longer than the client's timeout;
- ``Fault.truncate()``: announce the full Content-Length, send half of the body, close;
- ``Fault.cut()``: send half of the body without a Content-Length, then close (looks complete);
- ``Fault.html()``: a 200 answer with an HTML error page instead of the recording.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

HTML_ERROR = (b"<!DOCTYPE html><html><head><title>503 Service Unavailable - onderhoud</title></head>"
              b"<body><h1>Wij zijn even weg</h1><p>Probeer het later nog eens.</p></body></html>")


def request_key(path: str, params: dict | list | None = None) -> str:
    """The canonical key of a request: the path, then the decoded query pairs sorted."""
    if "?" in path:
        path, query = path.split("?", 1)
        pairs = parse_qsl(query, keep_blank_values=True)
    else:
        pairs = []
    if params:
        pairs += list(params.items()) if isinstance(params, dict) else list(params)
    pairs = sorted((str(k), str(v)) for k, v in pairs)
    return path + ("?" + urlencode(pairs, quote_via=quote) if pairs else "")


def sniff_type(body: bytes) -> str:
    head = body[:200].lstrip()
    if head.startswith((b"{", b"[")):
        return "application/json; charset=utf-8"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return "text/html; charset=utf-8"
    return "application/xml; charset=utf-8"


@dataclass
class Fault:
    kind: str
    status: int = 200
    seconds: float = 0.0
    retry_after: float | None = None

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Fault:
        return cls("status", status=status, retry_after=retry_after)

    @classmethod
    def timeout(cls, seconds: float) -> Fault:
        return cls("timeout", seconds=seconds)

    @classmethod
    def truncate(cls) -> Fault:
        return cls("truncate")

    @classmethod
    def cut(cls) -> Fault:
        return cls("cut")

    @classmethod
    def html(cls) -> Fault:
        return cls("html")



class ReplayServer:
    """Serve recordings from ``root`` on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.index_path = self.root / "index.json"
        self.index: dict[str, dict] = (json.loads(self.index_path.read_text(encoding="utf-8"))
                                       if self.index_path.is_file() else {})
        self.faults: dict[str, deque] = {}
        self.path_faults: dict[str, deque] = {}
        self.log: list[str] = []
        self.not_modified = 0  # 304 answers given
        self.rewrites: list[tuple[bytes, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- recordings ---------------------------------------------------------------------------------------
    def add(self, path: str, body: bytes | str | dict | list, params: dict | None = None, *,
            content_type: str | None = None, status: int = 200) -> str:
        """Record ``body`` as the answer to ``path`` + ``params``; returns the request key."""
        if isinstance(body, dict | list):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        key = request_key(path, params)
        name = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + ".rec"
        (self.root / name).write_bytes(body)
        self.index[key] = {"file": name, "content_type": content_type or sniff_type(body), "status": status}
        self.index_path.write_text(json.dumps(self.index, indent=1, ensure_ascii=False), encoding="utf-8")
        return key

    def add_file(self, path: str, source: Path, params: dict | None = None, *, content_type: str | None = None,
                 status: int = 200) -> str:
        """Serve the file ``source`` (read at each request, never copied) as the answer to ``path`` + ``params``."""
        source = Path(source).resolve()
        key = request_key(path, params)
        self.index[key] = {"path": str(source), "status": status,
                           "content_type": content_type or sniff_type(source.read_bytes()[:200])}
        return key

    def rewrite(self, old: bytes, new: str) -> None:
        """Replace ``old`` in every served body by ``new`` (in which ``{{BASE}}`` is this server's address)."""
        self.rewrites.append((old, new))

    def body_of(self, rec: dict) -> bytes:
        body = Path(rec["path"]).read_bytes() if "path" in rec else (self.root / rec["file"]).read_bytes()
        base = self.base_url
        for old, new in self.rewrites:
            body = body.replace(old, new.replace("{{BASE}}", base).encode("utf-8"))
        return body.replace(b"{{BASE}}", base.encode("ascii"))

    def fail(self, path: str, *faults: Fault, params: dict | None = None) -> None:
        """Queue faults for requests to ``path`` (any query) or, with ``params``, for that exact request."""
        with self._lock:
            if params is None and "?" not in path:
                self.path_faults.setdefault(path, deque()).extend(faults)
            else:
                self.faults.setdefault(request_key(path, params), deque()).extend(faults)

    def count(self, path: str) -> int:
        """How many requests reached ``path`` (any query)."""
        return sum(1 for k in self.log if k.split("?", 1)[0] == path)

    # -- serving ------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _take_fault(self, key: str) -> Fault | None:
        with self._lock:
            q = self.faults.get(key)
            if q:
                return q.popleft()
            q = self.path_faults.get(key.split("?", 1)[0])
            if q:
                return q.popleft()
        return None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def setup(self) -> None:
                super().setup()  # headers and body go out in separate writes: no Nagle delay between them
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None,
                      length: int | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                key = request_key(parts.path + ("?" + parts.query if parts.query else ""))
                server.log.append(key)
                fault = server._take_fault(key)
                rec = server.index.get(key)
                etag = None
                if rec is not None:
                    body = server.body_of(rec)
                    status, ctype = rec.get("status", 200), rec["content_type"]
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    if fault is None and status == 200 and self.headers.get("If-None-Match") == etag:
                        server.not_modified += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                else:
                    body = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body></body></html>"
                    status, ctype = 404, "text/html"
                try:
                    if fault is None:
                        self._send(status, body, ctype, {"ETag": etag} if etag else None)
                    elif fault.kind == "status":
                        extra = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
                        self._send(fault.status, b"Too many requests" if fault.status == 429 else b"Server error",
                                   "text/plain", extra)
                    elif fault.kind == "timeout":
                        time.sleep(fault.seconds)
                        self._send(status, body, ctype)
                    elif fault.kind == "truncate":
                        self._send(status, body[: len(body) // 2], ctype, length=len(body))
                        self.close_connection = True
                    elif fault.kind == "cut":
                        self.send_response(status)
                        self.send_header("Content-Type", ctype)
                        self.send_header("Connection", "close")
                        self.end_headers()
                        self.wfile.write(body[: len(body) // 2])
                        self.close_connection = True
                    elif fault.kind == "html":
                        self._send(200, HTML_ERROR, "text/html; charset=utf-8")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def start(self) -> ReplayServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
