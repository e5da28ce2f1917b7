"""Benchmark: `kamerspoor serve` under load, on loopback, next to a floor measured in the same run.

Starts the server (``kamerspoor serve``, its own process, one uvicorn worker unless ``--workers``) on a store
and runs a load generator in this process: ``--clients`` concurrent keep-alive connections for ``--duration`` seconds, each sending the next
request as soon as the last one is answered (closed loop; ``--think-ms`` adds a pause between requests, as a
person reading would). Requests are a fixed mix over the main pages (search, document, motion, dossier,
commitments, theme) and the API reads (search, document record, motion, commitments, dossier, lists), with
ids, dossiers and search words drawn from the store itself (seeded, so runs compare).

    .venv/bin/python bench/serve.py                      # the shared corpus when ../shared exists, else examples/
    .venv/bin/python bench/serve.py --db shared.db --clients 50 --duration 30 [--workers 2] [--think-ms 0]
    .venv/bin/python bench/serve.py --pg postgresql://...   # the same corpus served from PostgreSQL too

The store: ``--db`` when given; else the shared corpus (../shared/corpus: the motion XML and the letter)
ingested once into artifacts/bench/shared.db (reused on later runs); else examples/ in a temporary file.
With ``--pg URL`` the same files are ingested into that (empty or already filled) PostgreSQL database and
served from it after the SQLite run, with the same requests.

The response cache is off unless ``--cache``: the figures are what the application itself does per request.
The floor: a bare Starlette JSON endpoint served by uvicorn with the same settings (one process, the same
:func:`kamerspoor.web.server.config`), driven by the same load generator for the same time; kamerspoor's
throughput is printed as a fraction of it. Memory: the server process's resident set (VmHWM: the peak; and
RssAnon: the part that is the process's own, not the database file's pages the OS shares) after the run, and
the server's CPU time per request answered (from /proc: on a machine shared with other work the throughput
follows the share of the cores the server gets, its CPU per request does not). Before the load, each
endpoint is asked once (what is loaded on first use is not counted).
Prints requests/s, p50/p95/p99 and errors per group (pages, API) and per endpoint, and the targets
(0 errors, p95 < 100 ms for pages, < 50 ms for API reads, < 300 MB per process). Exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
CACHE = ROOT / "artifacts" / "bench" / "shared.db"
TARGET_P95 = {"page": 100.0, "api": 50.0}
TARGET_MB = 300


# -- the store ----------------------------------------------------------------------------------------------

def corpus_files() -> list[str]:
    """The shared corpus: the motion XML (with their metadata), the letter, the Zaken and votes (its other
    files, lists of persons and raw pages, are not records: ingest names them and exits 1)."""
    return [str(SHARED / "corpus")]


def ingest(target: str) -> None:
    subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", *corpus_files(), "--db", target,
                    "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ensure_pg(url: str) -> None:
    """The shared corpus in the PostgreSQL store at ``url`` (ingested when it has fewer documents)."""
    from kamerspoor.store import open_store

    with open_store(url) as s:
        have = s.count("SELECT count(*) FROM documents")
    if have < 1000:
        print(f"ingesting {SHARED / 'corpus'} into PostgreSQL ...", file=sys.stderr)
        t0 = time.perf_counter()
        ingest(url)
        print(f"  ingested in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        with open_store(url) as s:
            if s.count("SELECT count(*) FROM documents") < 1000:
                raise SystemExit(f"{url}: the ingest left fewer than 1,000 documents")


def ensure_store(db: str | None) -> tuple[str, str]:
    """(path, description) of the store to serve, ingesting when needed."""
    if db:
        return db, db
    if (SHARED / "corpus").is_dir():
        if not CACHE.exists():
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            print(f"ingesting {SHARED / 'corpus'} into {CACHE} (once) ...", file=sys.stderr)
            t0 = time.perf_counter()
            ingest(str(CACHE))
            print(f"  ingested in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        return str(CACHE), f"shared corpus ({CACHE})"
    path = Path(tempfile.mkdtemp(prefix="kamerspoor-bench-")) / "examples.db"
    subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", str(ROOT / "examples"), "--db", str(path),
                    "--no-progress"], check=True, stdout=subprocess.DEVNULL)
    return str(path), "examples/ (../shared is absent)"


_WORD = re.compile(r"[a-zà-ÿ]{6,}")


def request_mix(db: str, seed: int = 7, unique: bool = False):
    """(group, endpoint, path) requests drawn from the store: many of each endpoint, ids that exist. With
    ``unique``, a generator of fresh requests (new ids and words each time: the response cache rarely hits)."""
    rnd = random.Random(seed)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    docs = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY id")]
    motions = [r[0] for r in con.execute("SELECT id FROM motions ORDER BY id")]
    dossiers = [r[0] for r in con.execute("SELECT dossier FROM documents WHERE dossier IS NOT NULL GROUP BY dossier "
                                          "ORDER BY count(*) DESC LIMIT 300")]
    themes = [r[0] for r in con.execute("SELECT DISTINCT tag FROM tags WHERE kind = 'theme' ORDER BY tag")]
    texts = [r[0] for r in con.execute("SELECT text FROM paragraphs ORDER BY rowid LIMIT 4000")]
    con.close()
    if not docs:
        raise SystemExit(f"{db}: the store is empty")
    words = sorted({w for t in rnd.sample(texts, min(400, len(texts))) for w in _WORD.findall(t.lower())})
    words = (words if unique else rnd.sample(words, min(200, len(words)))) or ["kabinet"]
    motions = motions or docs
    themes = themes or ["none"]
    dossiers = dossiers or [""]

    def key(mid: str) -> str:
        return mid[4:] if mid.startswith("kst-") else mid

    makers = [
        ("page", "/zoeken", lambda: f"/zoeken?q={quote(rnd.choice(words))}"),
        ("page", "/zoeken facet", lambda: f"/zoeken?q={quote(rnd.choice(words))}&kind=motie"),
        ("page", "/document", lambda: f"/document/{rnd.choice(docs)}"),
        ("page", "/motie", lambda: f"/motie/{key(rnd.choice(motions))}"),
        ("page", "/dossier", lambda: f"/dossier/{rnd.choice(dossiers[:50])}"),
        ("page", "/toezeggingen", lambda: "/toezeggingen?status=alle"),
        ("page", "/thema", lambda: f"/thema/{rnd.choice(themes)}"),
        ("page", "/", lambda: "/"),
        ("api", "/api/search", lambda: f"/api/search?q={quote(rnd.choice(words))}"),
        ("api", "/api/search facets", lambda: f"/api/search?q={quote(rnd.choice(words))}&facets=true"),
        ("api", "/api/documents/{id}", lambda: f"/api/documents/{rnd.choice(docs)}"),
        ("api", "/api/motions/{id}", lambda: f"/api/motions/{key(rnd.choice(motions))}"),
        ("api", "/api/motions", lambda: f"/api/motions?limit=20&offset={rnd.randrange(0, max(1, len(motions) - 20))}"),
        ("api", "/api/commitments", lambda: "/api/commitments?status=open"),
        ("api", "/api/dossiers/{d}", lambda: f"/api/dossiers/{rnd.choice(dossiers[:50])}"),
        ("api", "/api/documents", lambda: f"/api/documents?limit=20&offset={rnd.randrange(0, max(1, len(docs) - 20))}"),
        ("api", "/api/themes", lambda: "/api/themes"),
    ]
    if unique:
        def fresh():
            while True:
                group, name, make = makers[rnd.randrange(len(makers))]
                yield group, name, make()
        return fresh()
    mix = []
    for _ in range(60):
        for group, name, make in makers:
            mix.append((group, name, make()))
    rnd.shuffle(mix)
    return mix


# -- the load generator: plain HTTP/1.1 keep-alive over asyncio streams -------------------------------------

class Conn:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, etags: dict[str, str] | None = None) -> int:
        """GET ``path``; with ``etags`` (path -> the last ETag seen), as a caching proxy revalidates: the last
        ETag goes out as If-None-Match and a new one is kept."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        inm = f"If-None-Match: {etags[path]}\r\n" if etags is not None and path in etags else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: */*\r\n{inm}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        if etags is not None and "etag" in headers:
            etags[path] = headers["etag"]
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


async def load(host: str, port: int, mix: list, clients: int, duration: float, warmup: float,
               think_ms: float, revalidate: bool = False) -> tuple[dict, float]:
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    errors: dict[tuple[str, str], int] = defaultdict(int)
    examples: list[str] = []
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + duration

    etags: dict[str, str] | None = {} if revalidate else None
    done = [0]  # requests answered in the whole run (warm-up included): the server's CPU is divided by it

    async def client(i: int) -> None:
        conn = Conn(host, port)
        k = i * 7919
        while True:
            now = time.perf_counter()
            if now >= stop:
                break
            group, name, path = next(mix) if not isinstance(mix, list) else mix[k % len(mix)]
            k += 1
            t0 = time.perf_counter()
            try:
                status = await conn.get(path, etags)
                ok = 200 <= status < 400
            except (OSError, asyncio.IncompleteReadError, ValueError) as e:
                await conn.close()
                ok, status = False, f"{type(e).__name__}"
            t1 = time.perf_counter()
            done[0] += 1
            if t0 >= measure_from and t1 <= stop:
                samples[(group, name)].append((t1 - t0) * 1000)
                if not ok:
                    errors[(group, name)] += 1
                    if len(examples) < 5:
                        examples.append(f"{status} {path}")
            if think_ms:
                await asyncio.sleep(think_ms / 1000 * (0.5 + random.random()))
        await conn.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return {"samples": samples, "errors": errors, "examples": examples, "done": done[0]}, duration


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


# -- the server -------------------------------------------------------------------------------------------------

def _wait_until_up(proc: subprocess.Popen, port: int, path: str) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited: {proc.stderr.read() if proc.stderr else ''}") from None
            if time.monotonic() > deadline:
                proc.terminate()
                raise SystemExit("the server did not start within 120 s") from None
            time.sleep(0.2)


def start_server(db: str, workers: int, cache: bool) -> tuple[subprocess.Popen, int]:
    from kamerspoor.web.server import free_port

    port = free_port()
    env = {**os.environ, "KAMERSPOOR_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", "serve", "--db", db, "--port", str(port),
                             "--no-open", "--workers", str(workers), "--cache" if cache else "--no-cache"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_until_up(proc, port, "/api/stats")
    return proc, port


def start_floor() -> tuple[subprocess.Popen, int]:
    """The floor's server: this file run with ``--floor-server PORT`` (see :func:`serve_floor`)."""
    from kamerspoor.web.server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--floor-server", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    _wait_until_up(proc, port, "/floor")
    return proc, port


def serve_floor(port: int) -> None:
    """A bare Starlette app with one small JSON endpoint, served by uvicorn as kamerspoor serve is."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from kamerspoor.web.server import config

    async def floor(request):  # noqa: ANN001, ANN202 - Starlette's signature
        return JSONResponse({"id": request.query_params.get("id", ""), "title": "floor", "n": 1})

    app = Starlette(routes=[Route("/floor", floor)])
    uvicorn.Server(config(app, "127.0.0.1", port)).run()  # type: ignore[arg-type]


def memory_mb(pid: int) -> dict[str, float]:
    """VmHWM (peak resident), VmRSS and RssAnon of a process and its children (uvicorn's workers), in MB."""
    out: dict[str, float] = {}
    pids = [pid]
    try:
        pids += [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    per: list[dict[str, float]] = []
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        vals = {ln.split(":")[0]: int(ln.split()[1]) / 1024 for ln in status.splitlines()
                if ln.startswith(("VmHWM", "VmRSS", "RssAnon"))}
        per.append(vals)
    for key in ("VmHWM", "VmRSS", "RssAnon"):
        out[key] = max((v.get(key, 0.0) for v in per), default=float("nan"))
    return out


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prime(port: int, mix) -> None:
    """One request to each endpoint, one after the other, before the load: what a server loads on first use
    (word tables, templates, modules) is not counted as the cost of serving."""
    import urllib.request

    seen: set[str] = set()
    for _, name, path in (mix if isinstance(mix, list) else []):
        if name not in seen:
            seen.add(name)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as r:
                r.read()


def run_load(proc_port: tuple[subprocess.Popen, int], mix, args: argparse.Namespace,
             duration: float) -> tuple[dict, dict[str, float]]:
    proc, port = proc_port
    try:
        prime(port, mix)
        cpu0 = cpu_seconds(proc.pid)
        result, _ = asyncio.run(load("127.0.0.1", port, mix, args.clients, duration, args.warmup, args.think_ms,
                                     getattr(args, "revalidate", False)))
        mem = memory_mb(proc.pid)
        mem["cpu_ms_per_request"] = (cpu_seconds(proc.pid) - cpu0) * 1000 / max(result["done"], 1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return result, mem


def report(title: str, result: dict, mem: dict[str, float], seconds: float, floor_rate: float | None,
           floor_cpu: float | None = None) -> None:
    samples, errors = result["samples"], result["errors"]
    print(title)
    print(f"{'endpoint':<22} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    total_n = total_err = 0
    everything: list[float] = []
    for group in ("page", "api"):
        keys = sorted(k for k in samples if k[0] == group)
        allv = [v for k in keys for v in samples[k]]
        everything += allv
        err = sum(errors[k] for k in keys)
        total_n += len(allv)
        total_err += err
        for k in keys:
            v = samples[k]
            print(f"  {k[1]:<20} {len(v):>8} {len(v) / seconds:>8.1f} {pct(v, 50):>8.1f} {pct(v, 95):>8.1f} "
                  f"{pct(v, 99):>8.1f} {errors[k]:>7}")
        if not keys:
            continue
        p95 = pct(allv, 95)
        verdict = "ok" if p95 < TARGET_P95[group] and err == 0 else "MISSED"
        print(f"{group + 's' if group == 'page' else 'API reads':<22} {len(allv):>8} {len(allv) / seconds:>8.1f} "
              f"{pct(allv, 50):>8.1f} {p95:>8.1f} {pct(allv, 99):>8.1f} {err:>7}   target p95 < "
              f"{TARGET_P95[group]:.0f} ms, 0 errors: {verdict}")
    rate = total_n / seconds
    ratio = f"   {rate / floor_rate:.3f} of the floor (1/{floor_rate / rate:.0f})" if floor_rate and rate else ""
    cpu = mem["cpu_ms_per_request"]
    cpu_ratio = f"   {cpu / floor_cpu:.0f}x the floor's" if floor_cpu else ""
    print(f"{'all':<22} {total_n:>8} {rate:>8.1f} {pct(everything, 50):>8.1f} {pct(everything, 95):>8.1f} "
          f"{pct(everything, 99):>8.1f} {total_err:>7}{ratio}")
    print(f"server CPU per request: {cpu:.2f} ms (the whole run, warm-up included){cpu_ratio}")
    verdict = "ok" if mem["VmHWM"] < TARGET_MB else "MISSED"
    print(f"memory per process: peak {mem['VmHWM']:.0f} MB, at the end {mem['VmRSS']:.0f} MB of which "
          f"{mem['RssAnon']:.0f} MB its own (the rest: shared file pages)   target < {TARGET_MB} MB: {verdict}")
    if result["examples"]:
        print("first errors: " + "; ".join(result["examples"]))
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="store to serve (default: the shared corpus, else examples/)")
    ap.add_argument("--pg", metavar="URL", help="also serve the same corpus from this PostgreSQL database")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds measured (after --warmup)")
    ap.add_argument("--floor-duration", type=float, default=10.0, help="seconds the floor is measured")
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--think-ms", type=float, default=0.0, help="mean pause between a client's requests")
    ap.add_argument("--cache", action="store_true", help="serve with the in-process response cache")
    ap.add_argument("--unique", action="store_true",
                    help="fresh ids and search words for every request (default: a fixed mix of 1,020 addresses)")
    ap.add_argument("--revalidate", action="store_true",
                    help="the clients keep each address's ETag and send it back (If-None-Match), as a caching proxy "
                         "in front of the server would: the repeats are answered 304")
    ap.add_argument("--distinct", type=int, default=0, metavar="N",
                    help="only the first N addresses of the fixed mix (so that they repeat within a short run)")
    ap.add_argument("--floor-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor_server:
        serve_floor(args.floor_server)
        return
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 600:
        raise SystemExit("--clients 1..500 and --duration up to 600 s")
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    db, described = ensure_store(args.db)
    if args.pg:
        ensure_pg(args.pg)
    mix = request_mix(db, unique=args.unique)
    if args.distinct and isinstance(mix, list):
        mix = mix[:args.distinct]
    floor_mix = [("api", "floor", f"/floor?id={i}") for i in range(1000)]
    floor, floor_mem = run_load(start_floor(), floor_mix, args, args.floor_duration)
    floor_rate = sum(len(v) for v in floor["samples"].values()) / args.floor_duration
    setup = (f"{args.clients} clients, {args.workers} worker(s), think {args.think_ms:.0f} ms, "
             f"{'revalidating with ETags, ' if args.revalidate else ''}response cache "
             f"{'on' if args.cache else 'off'}, {'fresh addresses' if args.unique else f'a fixed mix of {len(mix):,} addresses'}, "
             f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    report(f"floor: bare Starlette JSON endpoint, same uvicorn setup, {args.floor_duration:.0f} s, {setup}",
           floor, floor_mem, args.floor_duration, None)
    result, mem = run_load(start_server(db, args.workers, args.cache), mix, args, args.duration)
    floor_cpu = floor_mem["cpu_ms_per_request"]
    report(f"kamerspoor serve on SQLite, {described}: {args.duration:.0f} s, {setup}", result, mem, args.duration,
           floor_rate, floor_cpu)
    if args.pg:
        result, mem = run_load(start_server(args.pg, args.workers, args.cache), mix, args, args.duration)
        report(f"kamerspoor serve on PostgreSQL, the same corpus: {args.duration:.0f} s, {setup}", result, mem,
               args.duration, floor_rate, floor_cpu)


if __name__ == "__main__":
    main()
