"""The web application: ``create_app(db_url)`` serves the store as HTML pages (Dutch) and a JSON API.

One store connection per worker thread, checked before each use (:mod:`kamerspoor.web.pool`: a database
that is away is a 503 until it is back); the store is only read, except ``POST /api/documents`` with the
upload token. Every request first passes the guards of :mod:`kamerspoor.web.guard` (HEAD, security headers,
the write token before the body, the body limit).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import asynccontextmanager
from importlib import resources

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from kamerspoor.model import InputError
from kamerspoor.store import StoreError, dutch, is_postgres_url
from kamerspoor.web import charts, labels, views, votecharts
from kamerspoor.web.aggregates import Aggregates
from kamerspoor.web.cache import HttpValidation, ResponseCache, SQLiteGeneration
from kamerspoor.web.guard import DEFAULT_MAX_BODY, guarded, parse_size
from kamerspoor.web.pool import RETRY_AFTER, StorePool, away_reason

TOKEN_ENV = "KAMERSPOOR_TOKEN"
DB_ENV = "KAMERSPOOR_DB"
CACHE_ENV = "KAMERSPOOR_SERVE_CACHE"
MAX_BODY_ENV = "KAMERSPOOR_MAX_BODY"
MAX_AGE_ENV = "KAMERSPOOR_MAX_AGE"

AWAY_API = "the database is not reachable at the moment; try again in a few seconds"
AWAY_PAGE = "De database is even niet bereikbaar. Probeer het over een paar seconden opnieuw."


class KamerspoorApp(FastAPI):
    """FastAPI with the guards of :mod:`kamerspoor.web.guard` outside everything else, FastAPI's own error
    handling included (so a 500 has the security headers too)."""

    def build_middleware_stack(self):  # type: ignore[no-untyped-def]
        return guarded(super().build_middleware_stack(), self.state.token, self.state.max_body)


def templates() -> Environment:
    env = Environment(loader=PackageLoader("kamerspoor.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(labels=labels, charts=charts, votecharts=votecharts, feed_links=views.feed_links)
    env.filters["kind"] = labels.kind
    env.filters["stance"] = labels.stance
    env.filters["tag"] = labels.tag
    return env


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def validation_message(exc: RequestValidationError) -> str:
    """One readable line per invalid parameter: ``theme: 'x' is not a known theme``."""
    out = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header")]
        name = ".".join(loc) or "request"
        got = e.get("input")
        if e.get("type") == "enum":
            what = {"theme": "theme (see /api/themes)", "instrument": "instrument (see /api/themes)"}.get(name, name)
            out.append(f"{name}: {got!r} is not a known {what}")
        elif e.get("type") == "missing":
            out.append(f"{name}: required")
        else:
            out.append(f"{name}: {e.get('msg')}" + (f" (got {got!r})" if isinstance(got, str | int) else ""))
    return "; ".join(out) or "bad request"


def create_app(db_url: str, token: str | None = None, cache: bool = True, threads: int = 8,
               max_body: int = DEFAULT_MAX_BODY, max_age: int = 0) -> FastAPI:
    """The application serving the store at ``db_url`` (SQLite file or postgresql:// URL). ``token``: the
    secret that ``POST /api/documents`` needs (header ``Authorization: Bearer <token>``); None disables
    uploads (401). ``cache``: answer repeated GETs from memory until the SQLite file changes (see
    :mod:`kamerspoor.web.cache`). ``threads``: requests handled at once (each thread has its own connection).
    ``max_body``: the largest request body in bytes (larger ones are a 413, refused while they stream in).
    ``max_age``: seconds a proxy or browser may answer a GET from its copy without asking (0: it asks each time,
    with the ETag, and gets a 304 while the store is unchanged; see :class:`kamerspoor.web.cache.HttpValidation`)."""
    from kamerspoor.web import api, docs, pages, verantwoording, watchpages

    pool = StorePool(db_url)
    pool.get()  # open (and migrate) now, so a bad database fails here rather than on the first request
    dutch.warm()  # the word tables searches need, loaded once here, not by every thread of the first requests

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # few threads, each with a warm connection: many threads only contend for the GIL and cold caches
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()

    app = KamerspoorApp(lifespan=lifespan, title="kamerspoor", version=_version(),
                        description="The linked record of the Tweede Kamer's motions and the cabinet's answers. "
                                    "Read-only, except uploads with a token.",
                        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.pool = pool
    app.state.aggregates = Aggregates(pool.change_stamp)
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.templates = templates()
    app.state.db_url = db_url

    @app.get("/static/stances.css", include_in_schema=False)
    def _stance_css() -> Response:  # before the static mount: the stances' colours are data (labels.yaml)
        return Response(labels.STANCE_CSS, media_type="text/css")

    static = resources.files("kamerspoor.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for router in (docs.router, api.router, verantwoording.router, pages.router, watchpages.router,
                   verantwoording.pages):
        app.include_router(router)

    _add_error_handlers(app)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if cache and not is_postgres_url(db_url):
        app.add_middleware(ResponseCache, generation=SQLiteGeneration(db_url))
    app.add_middleware(HttpValidation, stamp=_stamp_of(pool), version=app.version, max_age=max_age)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """One-line errors for bad parameters and input, 503 while the database is away, and HTTP errors: JSON on the
    API and under /static, an error page elsewhere."""
    from kamerspoor.web import pages

    @app.exception_handler(RequestValidationError)
    async def _bad_params(request: Request, exc: RequestValidationError) -> Response:
        msg = validation_message(exc)
        if _is_api(request):
            return JSONResponse({"error": msg}, status_code=400)
        return pages.error_page(request, 400, msg)

    @app.exception_handler(InputError)
    async def _bad_input(request: Request, exc: InputError) -> Response:
        msg = exc.problem if exc.path is None and exc.line is None else str(exc)
        if _is_api(request):
            return JSONResponse({"error": msg}, status_code=400)
        return pages.error_page(request, 400, msg)

    async def _database_away(request: Request, exc: Exception) -> Response:
        reason = away_reason(exc)
        if reason is None:
            raise exc  # not the database being away: a bug, FastAPI's 500
        request.app.state.pool.went_away(reason)
        headers = {"Retry-After": str(RETRY_AFTER)}
        if _is_api(request):
            return JSONResponse({"error": AWAY_API}, status_code=503, headers=headers)
        page = pages.error_page(request, 503, AWAY_PAGE)
        page.headers.update(headers)
        return page

    for error in _database_errors():
        app.add_exception_handler(error, _database_away)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))


def _stamp_of(pool: StorePool):  # type: ignore[no-untyped-def]
    """The store's change stamp as an awaitable: SQLite's from the file at once, PostgreSQL's from a worker thread
    (a query must not block the event loop)."""
    if pool.sqlite_path is not None:
        async def from_file() -> str | None:
            return pool.change_stamp()
        return from_file

    async def from_database() -> str | None:
        return await anyio.to_thread.run_sync(pool.change_stamp)
    return from_database


def _database_errors() -> list[type[Exception]]:
    """The exception classes that may mean the database is away (see :func:`kamerspoor.web.pool.away_reason`)."""
    errors: list[type[Exception]] = [StoreError, sqlite3.Error]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return errors


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("kamerspoor")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "0"


def _openapi(app: FastAPI) -> dict:
    """FastAPI's schema, with the 400 this API gives for bad parameters in place of FastAPI's 422."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
    comps["Error"] = {"type": "object", "required": ["error"],
                      "properties": {"error": {"type": "string", "description": "what is wrong"}}}
    for path in schema.get("paths", {}).values():
        for op in path.values():
            resp = op.get("responses", {})
            resp.pop("422", None)
            resp.setdefault("400", {"description": "Bad parameters (the message says which and why)",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
            resp.setdefault("503", {"description": "The database is not reachable at the moment (Retry-After)",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
            if "requestBody" in op:
                resp.setdefault("413", {"description": "The body is larger than the server's limit (--max-body)",
                                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    app.openapi_schema = schema
    return schema


def max_body_from_env() -> int:
    """The body limit from $KAMERSPOOR_MAX_BODY (``21M``, ``512K``, bytes), or the default; ValueError when
    it is not a size."""
    text = os.environ.get(MAX_BODY_ENV, "").strip()
    return parse_size(text) if text else DEFAULT_MAX_BODY


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory kamerspoor.web.app:app_from_env`` (several worker processes):
    the database from $KAMERSPOOR_DB, the upload token from $KAMERSPOOR_TOKEN, the body limit from
    $KAMERSPOOR_MAX_BODY, the Cache-Control max-age from $KAMERSPOOR_MAX_AGE."""
    age = os.environ.get(MAX_AGE_ENV, "0").strip()
    return create_app(os.environ.get(DB_ENV, "kamerspoor.db"), os.environ.get(TOKEN_ENV) or None,
                      cache=os.environ.get(CACHE_ENV, "1") != "0", max_body=max_body_from_env(),
                      max_age=int(age) if age.isdigit() else 0)


__all__ = ["create_app", "app_from_env", "StorePool", "KamerspoorApp", "HTMLResponse"]
