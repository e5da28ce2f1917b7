"""``/api/docs``: the API described by Swagger UI, served from this server (no CDN).

Swagger UI's files come from the ``swagger-ui-py`` package (which ships Swagger UI's dist files with their
Apache-2.0 licence, served here at /api/docs/LICENSE); only the two files the page needs are served, not the
package's whole folder. The page is ours: no inline script (it is started by /static/api-docs.js), so the
Content-Security-Policy of :mod:`kamerspoor.web.guard` holds on it as on every page.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
          "LICENSE": "text/plain; charset=utf-8"}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kamerspoor API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<script src="/api/docs/swagger-ui-bundle.js" defer></script>
<script src="/static/api-docs.js" defer></script>
</head>
<body>
<main id="swagger-ui"></main>
<noscript><p>The API is described in <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI).</p></noscript>
</body>
</html>
"""


@lru_cache(maxsize=1)
def swagger_ui_folder() -> Path | None:
    """The folder of Swagger UI's dist files in the swagger-ui-py package, or None when it is not installed."""
    try:
        folder = Path(str(resources.files("swagger_ui") / "static"))
    except ModuleNotFoundError:
        return None
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    if swagger_ui_folder() is None:
        raise HTTPException(404, "the API documentation needs the swagger-ui-py package; "
                                 "the schema is at /api/openapi.json")
    return HTMLResponse(PAGE)


@router.get("/api/docs/{name}")
def api_docs_asset(name: str) -> FileResponse:
    folder = swagger_ui_folder()
    if folder is None or name not in ASSETS:
        raise HTTPException(404, f"/api/docs/{name}: no such file")
    return FileResponse(folder / name, media_type=ASSETS[name])


__all__ = ["router", "swagger_ui_folder"]
