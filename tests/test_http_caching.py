"""HTTP caching of the served store: ETag from the store's change stamp, Cache-Control, 304 on If-None-Match,
on SQLite and PostgreSQL, against a real uvicorn server (kamerspoor.web.cache.HttpValidation)."""

from __future__ import annotations

import os
import time

import httpx
import pytest

from kamerspoor.ingest import put_record
from kamerspoor.store import open_store
from kamerspoor.web import create_app
from kamerspoor.web.server import running


def _letter(n: int) -> dict:
    """A fictional one-paragraph letter (dossier 99 904 does not exist)."""
    text = f"Een korte brief nummer {n} over dijken."
    return {"schema": "analysis/1", "text": text,
            "document": {"id": f"kst-99904-{n}", "dossier": "99904", "number": n, "kind": "brief",
                         "title": "Dijken", "date": "2026-01-05", "submitters": []},
            "paragraphs": [{"start": 0, "end": len(text), "section": None}]}


def _add_letter(url: str, n: int) -> None:
    with open_store(url) as s:
        put_record(s, _letter(n))


def _revalidates_until_the_store_changes(url: str, db: str, n: int, lag: float = 0.0) -> None:
    with running(create_app(db, cache=False)) as base, httpx.Client(base_url=base, timeout=20) as c:
        first = c.get("/api/documents")
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('W/"')
        assert first.headers["cache-control"] == "public, no-cache"
        again = c.get("/api/documents", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        page = c.get("/", headers={"If-None-Match": etag})  # the same store: any page of it is unchanged too
        assert page.status_code == 304
        _add_letter(url, n)
        deadline = time.monotonic() + lag  # PostgreSQL publishes a session's row counts within about a second
        while (changed := c.get("/api/documents", headers={"If-None-Match": etag})).status_code == 304 \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        assert changed.json()["total"] == first.json()["total"] + 1


def test_a_repeat_with_the_etag_is_answered_304_until_the_sqlite_store_changes(example_db_copy):
    _revalidates_until_the_store_changes(example_db_copy, example_db_copy, 1)


@pytest.fixture
def pg_url_with_a_letter() -> str:
    """An emptied PostgreSQL store holding one letter (kst-99904-1)."""
    url = os.environ.get("KAMERSPOOR_TEST_PG_URL")
    if not url:
        pytest.skip("KAMERSPOOR_TEST_PG_URL is not set (start a server with .ci/postgres.sh)")
    with open_store(url) as s:
        s.drop_all()
    _add_letter(url, 1)
    return url


def test_a_repeat_with_the_etag_is_answered_304_until_the_postgresql_store_changes(pg_url_with_a_letter):
    _revalidates_until_the_store_changes(pg_url_with_a_letter, pg_url_with_a_letter, 2, lag=5.0)


def test_an_htmx_fragment_has_its_own_etag_and_errors_have_none(example_db):
    with running(create_app(example_db, cache=False)) as base, httpx.Client(base_url=base, timeout=20) as c:
        full = c.get("/zoeken", params={"q": "kust"})
        part = c.get("/zoeken", params={"q": "kust"}, headers={"HX-Request": "true"})
        assert full.status_code == part.status_code == 200
        assert full.headers["etag"] != part.headers["etag"]
        assert "HX-Request" in full.headers["vary"]
        assert c.get("/zoeken", params={"q": "kust"}, headers={"If-None-Match": part.headers["etag"]}).status_code == 200
        missing = c.get("/api/documents/kst-99999-1")
        assert missing.status_code == 404 and "etag" not in missing.headers


def test_max_age_lets_a_proxy_reuse_an_answer_without_asking(example_db):
    with running(create_app(example_db, max_age=30)) as base, httpx.Client(base_url=base, timeout=20) as c:
        r = c.get("/api/themes")
        assert r.headers["cache-control"] == "public, max-age=30"
        assert c.get("/api/themes", headers={"If-None-Match": f'"x", {r.headers["etag"]}'}).status_code == 304


def _aggregates_follow_the_store(url: str, db: str, n: int, lag: float = 0.0) -> None:
    """The counts the home page, /api/stats and /api/themes keep (kamerspoor.web.aggregates) are served again
    while the store is unchanged and counted anew once it changed."""
    with running(create_app(db, cache=False)) as base, httpx.Client(base_url=base, timeout=20) as c:
        first = c.get("/api/stats").json()
        assert c.get("/api/stats").json() == first
        home = c.get("/").text
        assert c.get("/").text == home
        _add_letter(url, n)
        deadline = time.monotonic() + lag
        while (now := c.get("/api/stats").json()) == first and time.monotonic() < deadline:
            time.sleep(0.2)
        assert now["documents"] == first["documents"] + 1
        assert f"kst-99904-{n}" in c.get("/").text  # the newest documents, counted again


def test_the_kept_counts_follow_the_sqlite_store(example_db_copy):
    _aggregates_follow_the_store(example_db_copy, example_db_copy, 7)


def test_the_kept_counts_follow_the_postgresql_store(pg_url_with_a_letter):
    _aggregates_follow_the_store(pg_url_with_a_letter, pg_url_with_a_letter, 8, lag=5.0)
