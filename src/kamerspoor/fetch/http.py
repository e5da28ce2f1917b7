"""The one HTTP client of the fetchers: a cache of raw responses, polite pacing, retries, clear errors.

Every response body is checked before anything is kept: XML must parse (and must not be an HTML error
page), JSON must parse, a PDF must start with ``%PDF`` and end with ``%%EOF``. Only a checked body is
written to the cache, atomically, so an interrupted or broken download leaves nothing behind and a re-run
fetches only what is missing.

Two lifetimes: a document file (XML, PDF, metadata.xml) never changes once published and is used from the
cache for good; a list or search answer (an SRU page, an OData page) grows as the services publish, so its
callers pass ``max_age`` (``Settings.list_max_age``) and an older answer is asked for again, conditionally
(``If-None-Match``/``If-Modified-Since``) when the server gave an ETag or Last-Modified.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from lxml import etree

from kamerspoor.fetch.settings import Settings

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
KINDS = ("xml", "json", "pdf", "any")


class FetchError(Exception):
    """A download failed; the message names the URL and what went wrong. Nothing was stored."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class NotFound(FetchError):
    """The server answered 404."""


class OfflineError(FetchError):
    """The host cannot be reached at all (no network, name not resolved, connection refused)."""


@dataclass
class Fetched:
    url: str
    body: bytes
    content_type: str
    from_cache: bool
    parsed: Any = None  # lxml root for xml, the decoded object for json


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json_atomic(path: Path, obj: Any, indent: int | None = 1) -> None:
    """Write ``obj`` as UTF-8 JSON atomically (``indent=None``: compact, and much faster for big objects)."""
    write_atomic(path, (json.dumps(obj, ensure_ascii=False, indent=indent) + "\n").encode("utf-8"))


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:512].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _html_title(body: bytes) -> str:
    try:
        root = etree.fromstring(body, etree.HTMLParser())
        title = root.findtext(".//title") if root is not None else None
    except (etree.ParserError, ValueError):
        title = None
    return " ".join(title.split()) if title else "no title"


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def check_body(kind: str, body: bytes, content_type: str) -> Any:
    """Check a response body of the expected ``kind``; return the parsed form or raise ValueError."""
    if kind == "xml":
        if _looks_like_html(body, content_type):
            raise ValueError(f"expected XML but got an HTML page ({_html_title(body)})")
        try:
            return etree.fromstring(body, _XML_PARSER)
        except etree.XMLSyntaxError as e:
            raise ValueError(f"the XML is broken or cut off ({e.msg}, line {e.lineno})") from None
    if kind == "json":
        if _looks_like_html(body, content_type):
            raise ValueError(f"expected JSON but got an HTML page ({_html_title(body)})")
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ValueError(f"the JSON is broken or cut off ({e})") from None
    if kind == "pdf":
        if not body.startswith(b"%PDF"):
            if _looks_like_html(body, content_type):
                raise ValueError(f"expected a PDF but got an HTML page ({_html_title(body)})")
            raise ValueError("expected a PDF but the body does not start with %PDF")
        if b"%%EOF" not in body[-1024:]:
            raise ValueError("the PDF is cut off (no %%EOF at the end)")
        return None
    if kind == "any":
        return None
    raise ValueError(f"unknown kind {kind!r}")


def _is_name_failure(exc: BaseException | None) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, socket.gaierror):
            return True
        text = str(exc).lower()
        if "name or service not known" in text or "temporary failure in name resolution" in text \
                or "nodename nor servname" in text or "no address associated" in text:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_detail(resp: httpx.Response) -> str:
    """A short reason from an error body: the OData error message, an HTML title, or the first text."""
    body = resp.content[:4096]
    try:
        obj = json.loads(body)
        msg = obj.get("error", {}).get("message") if isinstance(obj, dict) else None
        if isinstance(msg, dict):
            msg = msg.get("value")
        if msg:
            return str(msg)
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        pass
    if _looks_like_html(body, resp.headers.get("content-type", "")):
        return _html_title(body)
    text = " ".join(body.decode("utf-8", "replace").split())
    return text[:200]


class Client:
    """GET with a cache keyed by URL, pacing per host, retries with backoff, and checked bodies."""

    def __init__(self, settings: Settings | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep, now=time.time):
        self.settings = settings or Settings.from_env()
        self._http = httpx.Client(timeout=httpx.Timeout(self.settings.timeout), follow_redirects=True,
                                  headers={"User-Agent": self.settings.user_agent}, transport=transport)
        self._last: dict[str, float] = {}
        self._sleep = sleep
        self._now = now
        self.network_requests = 0
        self.cache_hits = 0
        self.revalidated = 0  # stale list answers the server confirmed unchanged (304)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- cache ------------------------------------------------------------------------------------------
    def cache_path(self, url: str) -> Path:
        u = httpx.URL(url)
        digest = hashlib.sha256(str(u).encode("utf-8")).hexdigest()
        host = (u.host or "local").replace(":", "_")
        if u.port:
            host = f"{host}_{u.port}"
        return self.settings.cache_dir / "http" / host / digest[:2] / digest

    def _cache_entry(self, url: str, kind: str) -> tuple[Fetched, dict] | None:
        """The sound cached response for ``url`` and its bookkeeping (time stored, validators), if any."""
        base = self.cache_path(url)
        body_path, meta_path = base.with_suffix(".body"), base.with_suffix(".json")
        if not (body_path.is_file() and meta_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            parsed = check_body(kind, body, meta.get("content_type", ""))
        except (OSError, ValueError):
            return None  # a damaged cache entry is a miss
        if not isinstance(meta, dict):
            return None
        return Fetched(url=url, body=body, content_type=meta.get("content_type", ""), from_cache=True,
                       parsed=parsed), meta

    def _age(self, meta: dict) -> float:
        """Seconds since a cache entry was stored or last revalidated (entries from before this was kept:
        infinitely old)."""
        stored = meta.get("stored")
        return self._now() - stored if isinstance(stored, int | float) else float("inf")

    def cached(self, url: str, kind: str = "any", max_age: float | None = None) -> Fetched | None:
        """The cached response for ``url`` if there is a sound one (and, with ``max_age``, a fresh one)."""
        entry = self._cache_entry(url, kind)
        if entry is None or (max_age is not None and self._age(entry[1]) > max_age):
            return None
        return entry[0]

    def _store(self, url: str, body: bytes, content_type: str, headers: httpx.Headers | None = None) -> None:
        base = self.cache_path(url)
        meta = {"url": url, "content_type": content_type, "length": len(body),
                "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"), "stored": self._now()}
        for name in ("etag", "last-modified"):
            if headers is not None and headers.get(name):
                meta[name] = headers[name]
        write_atomic(base.with_suffix(".body"), body)
        write_json_atomic(base.with_suffix(".json"), meta)

    def _touch(self, url: str, meta: dict) -> None:
        """A revalidated entry (the server answered 304 Not Modified) counts as fresh from now."""
        write_json_atomic(self.cache_path(url).with_suffix(".json"), {**meta, "stored": self._now()})

    # -- network ----------------------------------------------------------------------------------------
    def _pace(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.settings.interval - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = time.monotonic()

    def _wait(self, attempt: int, asked: float | None) -> None:
        s = self.settings
        wait = asked if asked is not None else s.backoff * (2 ** attempt)
        self._sleep(min(wait, s.max_wait))

    def get(self, url: str, params: dict | None = None, *, kind: str = "any", refresh: bool = False,
            store: bool = True, max_age: float | None = None) -> Fetched:
        """GET ``url`` (with query ``params``), from the cache when there, checked as ``kind``.

        ``max_age`` is for answers that change (list and search pages): a cached answer older than that many
        seconds is asked for again, conditionally when the server gave an ETag or Last-Modified (a 304 keeps
        the cached body); without it a cached answer is always used (document files never change).
        Raises NotFound on 404, OfflineError when the host cannot be reached, FetchError otherwise.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        full = str(httpx.URL(url, params=params)) if params else str(httpx.URL(url))
        entry = None if refresh else self._cache_entry(full, kind)
        if entry is not None and (max_age is None or self._age(entry[1]) <= max_age):
            self.cache_hits += 1
            return entry[0]
        conditional = {}
        if entry is not None:
            if entry[1].get("etag"):
                conditional["If-None-Match"] = entry[1]["etag"]
            if entry[1].get("last-modified"):
                conditional["If-Modified-Since"] = entry[1]["last-modified"]
        got = self._download(full, kind, conditional)
        if got is None:  # 304 Not Modified: only possible when asked conditionally, so entry is set
            assert entry is not None
            self._touch(full, entry[1])
            self.revalidated += 1
            return entry[0]
        resp, parsed = got
        ctype = resp.headers.get("content-type", "")
        if store:
            self._store(full, resp.content, ctype, resp.headers)
        return Fetched(url=full, body=resp.content, content_type=ctype, from_cache=False, parsed=parsed)

    def _download(self, full: str, kind: str, headers: dict[str, str]) -> tuple[httpx.Response, Any] | None:
        """The checked response to ``full`` (None: 304 to a conditional request), with retries and pacing."""
        host = httpx.URL(full).host or ""
        attempts = self.settings.retries + 1
        problem = "no attempt made"
        offline = False
        for attempt in range(attempts):
            self._pace(host)
            self.network_requests += 1
            asked = None
            try:
                resp = self._http.get(full, headers=headers)
            except httpx.TimeoutException:
                problem = f"timed out after {self.settings.timeout:g} s"
            except httpx.ConnectError as e:
                if _is_name_failure(e):
                    raise OfflineError(full, f"cannot resolve host {host!r}: offline? (only cached responses "
                                             f"can be used; set the base URL settings to use a mirror)") from None
                problem, offline = f"cannot connect to {host!r} ({e})", True
            except (httpx.RemoteProtocolError, httpx.ReadError) as e:
                problem = f"the connection broke off before the whole response arrived (truncated body: {e})"
            except httpx.HTTPError as e:
                problem = f"request failed ({type(e).__name__}: {e})"
            else:
                offline = False
                status = resp.status_code
                if status == 304 and headers:
                    return None
                if status == 404:
                    raise NotFound(full, "not found (HTTP 404)")
                if status in RETRY_STATUS:
                    problem = f"HTTP {status} ({_error_detail(resp)})"
                    asked = _retry_after(resp)
                elif status >= 400 or status == 304:
                    raise FetchError(full, f"HTTP {status}: {_error_detail(resp)}")
                else:
                    try:
                        return resp, check_body(kind, resp.content, resp.headers.get("content-type", ""))
                    except ValueError as e:
                        problem = str(e)
            if attempt + 1 < attempts:
                self._wait(attempt, asked)
        if offline:
            raise OfflineError(full, f"{problem}; offline? gave up after {attempts} attempts")
        raise FetchError(full, f"gave up after {attempts} attempts: {problem}")
