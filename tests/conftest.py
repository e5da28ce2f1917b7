"""Shared fixtures. Tests that read ../shared skip with a reason when it is absent (fresh clone)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamerspoor.record import Record

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared"))
LETTER = SHARED / "corpus" / "kst-35207-32.pdf.txt"
GOLD = SHARED / "gold" / "kst-35207-32.gold.json"
CORPUS = SHARED / "corpus" / "tk-2023-2025"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (real corpus and gold) is absent in this checkout")
    return SHARED


@pytest.fixture
def letter_text(shared: Path) -> str:
    return LETTER.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def letter_record() -> Record:
    """The analysis record of the real letter 35 207 nr. 32 (computed once per session)."""
    if not LETTER.is_file():
        pytest.skip("../shared/corpus/kst-35207-32.pdf.txt is absent in this checkout")
    from kamerspoor import analyze_path

    return analyze_path(LETTER)


@pytest.fixture(scope="session")
def letter_scores(letter_record: Record) -> dict:
    """score.py's metrics for the letter against the hand-made gold."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("kamerspoor_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return mod.score(gold, json.loads(letter_record.to_json()))


PG_URL = __import__("os").environ.get("KAMERSPOOR_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path: Path) -> str:
    """A fresh, empty store on each database: a SQLite file, or the test PostgreSQL database emptied.

    The PostgreSQL variant skips with a reason when KAMERSPOOR_TEST_PG_URL is unset (scripts/test.sh starts
    a server with .ci/postgres.sh and sets it)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    from kamerspoor.store import open_store

    s = open_store(PG_URL)
    s.drop_all()
    s.close()
    return PG_URL


@pytest.fixture
def store(db_url: str):
    """An open store on ``db_url``, closed after the test."""
    from kamerspoor.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> str:
    """A SQLite store of the fictional documents in examples/ (dossier 99 901) and the store fixtures in
    tests/fixtures/store/ (dossier 99 902: motions, a letter answering them, Zaken, a votes summary), built
    once per session. Only read it; a test that writes takes ``example_db_copy``."""
    from kamerspoor.ingest import ingest
    from kamerspoor.store import open_store

    path = tmp_path_factory.mktemp("example") / "store.db"
    store = open_store(path)
    try:
        report = ingest(store, [ROOT / "examples", ROOT / "tests" / "fixtures" / "store"], jobs=1)
    finally:
        store.close()
    assert not report.failed, report.failed
    return str(path)


@pytest.fixture
def example_db_copy(example_db: str, tmp_path: Path) -> str:
    """A copy of ``example_db`` of this test's own, to write to."""
    import sqlite3

    path = tmp_path / "store.db"
    src, dst = sqlite3.connect(example_db), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return str(path)


CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def example_site(example_db: str):
    """The web application over ``example_db``, served by uvicorn on loopback: its base URL."""
    from kamerspoor.web import create_app
    from kamerspoor.web.server import running

    with running(create_app(example_db)) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright; a test that asks for it is skipped with the reason when
    Chromium or the playwright package is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (.ci/browser.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """``browser_page(base_url, **options)``: a page in a new Chromium context on the site at ``base_url``
    (1280x900, Dutch; ``options`` are Playwright's context options: another viewport, ``is_mobile``,
    ``java_script_enabled``). The test fails when a page raised a JavaScript error; every context is closed."""
    contexts, errors = [], []

    def open_page(base_url: str, **options):
        context = chromium.new_context(**{"base_url": base_url, "viewport": {"width": 1280, "height": 900},
                                          "locale": "nl-NL", **options})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, errors


@pytest.fixture
def shot():
    """``shot(page, name)``: a screenshot of the whole page as artifacts/screenshots/NAME.png (gitignored)."""
    def save(page, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return save


class PgCluster:
    """A throw-away PostgreSQL cluster of a test's own, started and stopped with pg_ctl (for tests that stop
    the database under the web server or an ingest)."""

    def __init__(self, bindir: Path, base: Path):
        from kamerspoor.web.server import free_port

        self.bindir, self.base = bindir, base
        self.data = base / "data"
        self.port = free_port()
        self.owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args: str) -> None:
        subprocess.run([*self.owner, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.run(str(self.bindir / "initdb"), "-N", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--locale=C")

    def start(self) -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-t", "60",
                 "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off", "start")

    def stop(self, mode: str = "fast") -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


def _pg_bindir() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(re.sub(r"\D", "", p) or 0),
                    reverse=True):
        if os.access(f"{d}/initdb", os.X_OK) and os.access(f"{d}/pg_ctl", os.X_OK):
            return Path(d)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


@pytest.fixture
def own_postgres() -> Iterator[PgCluster]:
    """A PostgreSQL cluster of this test's own, started (skips without KAMERSPOOR_TEST_PG_URL, like every
    PostgreSQL test, or without the server programs)."""
    if not PG_URL:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server programs (initdb, pg_ctl) on this machine")
    base = Path(tempfile.mkdtemp(prefix="kamerspoor-pg-away-", dir="/tmp"))
    if os.getuid() == 0:
        shutil.chown(base, "postgres")
    cluster = PgCluster(bindir, base)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        subprocess.run([*cluster.owner, str(bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
