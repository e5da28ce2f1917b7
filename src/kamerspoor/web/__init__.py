"""kamerspoor's web interface: ``kamerspoor serve`` (HTML pages in Dutch, a JSON API under /api/).

    from kamerspoor.web import create_app
    app = create_app("kamerspoor.db")          # an ASGI app (FastAPI); run it with uvicorn

Modules: ``app`` (the factory, errors), ``guard`` (middleware: token before body, body limit, HEAD, security
headers), ``pool`` (a store per thread; 503 while the database is away), ``docs`` (Swagger UI at /api/docs),
``api`` (JSON API), ``pages`` (HTML pages), ``views`` (what pages and API show beyond the store's read API:
motion states, commitments by ministry, answers by meaning; no SQL: the web layer reads through the store's
API only), ``render`` (a record as HTML), ``charts``
(SVG charts), ``labels`` (Dutch labels), ``server`` (running uvicorn in a thread, for tests and benchmarks).
"""

from __future__ import annotations

from kamerspoor.web.app import create_app

__all__ = ["create_app"]
