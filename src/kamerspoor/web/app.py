"""The web application: ``create_app(db_url)`` serves the store as HTML pages (Dutch) and a JSON API.

One store connection per worker thread (SQLite connections are not shared between threads that run at
the same time); the store is only read, except ``POST /api/documents`` with the upload token.
"""

from __future__ import annotations

import os
import threading
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
from kamerspoor.store import Store, StoreError, is_postgres_url, open_store
from kamerspoor.web import charts, labels
from kamerspoor.web.cache import ResponseCache, SQLiteGeneration

TOKEN_ENV = "KAMERSPOOR_TOKEN"
DB_ENV = "KAMERSPOOR_DB"
CACHE_ENV = "KAMERSPOOR_SERVE_CACHE"


class StorePool:
    """One open store per thread, opened on first use, all closed together."""

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Store] = []

    def get(self) -> Store:
        s = getattr(self._local, "store", None)
        if s is None:
            s = open_store(self.url)
            self._local.store = s
            with self._lock:
                self._open.append(s)
        return s

    def close(self) -> None:
        with self._lock:
            for s in self._open:
                s.close()
            self._open.clear()


def templates() -> Environment:
    env = Environment(loader=PackageLoader("kamerspoor.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(labels=labels, charts=charts)
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


def create_app(db_url: str, token: str | None = None, cache: bool = True, threads: int = 8) -> FastAPI:
    """The application serving the store at ``db_url`` (SQLite file or postgresql:// URL). ``token``: the
    secret that ``POST /api/documents`` needs (header ``Authorization: Bearer <token>``); None disables
    uploads (401). ``cache``: answer repeated GETs from memory until the SQLite file changes (see
    :mod:`kamerspoor.web.cache`). ``threads``: requests handled at once (each thread has its own connection)."""
    from kamerspoor.web import api, pages

    pool = StorePool(db_url)
    pool.get()  # open (and migrate) now, so a bad database fails here rather than on the first request

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # few threads, each with a warm connection: many threads only contend for the GIL and cold caches
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()

    app = FastAPI(lifespan=lifespan, title="kamerspoor", version=_version(),
                  description="The linked record of the Tweede Kamer's motions and the cabinet's answers. "
                              "Read-only, except uploads with a token.",
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.state.pool = pool
    app.state.token = token or None
    app.state.templates = templates()
    app.state.db_url = db_url
    static = resources.files("kamerspoor.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

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

    @app.exception_handler(StoreError)
    async def _store_down(request: Request, exc: StoreError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": str(exc)}, status_code=503)
        return pages.error_page(request, 503, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=headers)
        return pages.error_page(request, exc.status_code, str(exc.detail))

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    if cache and not is_postgres_url(db_url):
        app.add_middleware(ResponseCache, generation=SQLiteGeneration(db_url))
    return app


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
    app.openapi_schema = schema
    return schema


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory kamerspoor.web.app:app_from_env`` (several worker processes):
    the database from $KAMERSPOOR_DB, the upload token from $KAMERSPOOR_TOKEN."""
    return create_app(os.environ.get(DB_ENV, "kamerspoor.db"), os.environ.get(TOKEN_ENV) or None,
                      cache=os.environ.get(CACHE_ENV, "1") != "0")


__all__ = ["create_app", "app_from_env", "HTMLResponse"]
