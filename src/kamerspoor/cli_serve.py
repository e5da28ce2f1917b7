"""``kamerspoor serve``: the web interface and JSON API over a store."""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from pathlib import Path

import click

from kamerspoor.cliutil import db_option
from kamerspoor.cliutil import fail as _fail
from kamerspoor.dburl import safe_url


def _can_open_browser() -> bool:
    """A graphical browser is likely there: macOS, Windows, or a display on Linux/BSD."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--open/--no-open", "open_browser", default=None,
              help="Open the browser (default: when a graphical display is available).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (SQLite readers share the file).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Answer repeated GETs from memory until the database file changes.")
@click.option("--max-age", type=click.IntRange(0, 86400), default=0, show_default=True,
              help="Seconds a proxy or browser may reuse a page without asking (0: it asks, with the ETag, "
                   "and gets 304 Not Modified while the store is unchanged).")
@click.option("--access-log/--no-access-log", default=False, show_default=True)
@click.option("--max-body", metavar="SIZE", default=lambda: os.environ.get("KAMERSPOOR_MAX_BODY", "21M"),
              show_default="21M or $KAMERSPOOR_MAX_BODY",
              help="Largest request body (21M, 512K, 1G): larger uploads are refused with 413 as they arrive.")
def serve(db: str, host: str, port: int, open_browser: bool | None, workers: int, cache: bool,
          max_age: int, access_log: bool, max_body: str) -> None:
    """Serve the store: search, documents, motions, dossiers, commitments, themes (HTML, Dutch) and a JSON API
    under /api/ (OpenAPI at /api/openapi.json, described at /api/docs). Read-only; uploads (POST
    /api/documents) need the token in $KAMERSPOOR_TOKEN. While the database is away: 503, until it is back."""
    import uvicorn

    from kamerspoor.store import StoreError, is_postgres_url
    from kamerspoor.web.app import CACHE_ENV, DB_ENV, MAX_AGE_ENV, MAX_BODY_ENV, TOKEN_ENV, create_app
    from kamerspoor.web.guard import parse_size
    from kamerspoor.web.server import config, free_port

    try:
        body_limit = parse_size(max_body)
    except ValueError as e:
        _fail(f"--max-body {e}")

    if not is_postgres_url(db) and not Path(db).exists():
        click.echo(f"kamerspoor: {safe_url(db)} does not exist yet; serving an empty store "
                   "(add documents with `kamerspoor ingest FILES --db {db}`)".replace("{db}", safe_url(db)), err=True)
    token = os.environ.get(TOKEN_ENV) or None
    try:
        app = create_app(db, token, cache=cache, max_body=body_limit, max_age=max_age)
    except StoreError as e:
        click.echo(f"kamerspoor: {e}", err=True)
        sys.exit(2)
    if port == 0:
        port = free_port(host)
    busy = _cannot_listen(host, port)
    if busy:
        _fail(f"cannot listen on {host}:{port}: {busy} (choose another --port)")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown if ':' not in shown else '[' + shown + ']'}:{port}/"
    click.echo(f"kamerspoor: serving {safe_url(db)} at {url}  (API: {url}api/docs; Ctrl-C stops)", err=True)
    if token is None:
        click.echo(f"kamerspoor: read-only (set ${TOKEN_ENV} to allow uploads)", err=True)
    if open_browser is None:
        open_browser = _can_open_browser()
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    if workers > 1:
        os.environ[DB_ENV] = db
        os.environ[CACHE_ENV] = "1" if cache else "0"
        os.environ[MAX_BODY_ENV] = str(body_limit)
        os.environ[MAX_AGE_ENV] = str(max_age)
        uvicorn.run("kamerspoor.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=access_log)
        return
    server = uvicorn.Server(config(app, host, port, access_log=access_log))
    try:
        server.run()
    except OSError as e:
        click.echo(f"kamerspoor: cannot listen on {host}:{port} ({e.strerror or e})", err=True)
        sys.exit(2)
    if not server.started:
        sys.exit(2)


def _cannot_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (e.g. "address already in use"), or None when it can."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as e:
            return (e.strerror or str(e)).lower()
    return None


#: The serve command, added to the main ``kamerspoor`` group by :mod:`kamerspoor.cli`.
COMMANDS: tuple[click.Command, ...] = (serve,)
