"""Watches and feeds on the web: Atom feeds under /feeds/, the page /volgen to add and remove watches, and the
JSON API /api/watches.

Feeds are read like every page. Adding or removing a watch writes, so it needs the server's token like an
upload (``Authorization: Bearer``, checked by :class:`kamerspoor.web.guard.WriteGate` before the body is read);
the page's forms send it from a field that is never submitted as form data (static/watch.js puts it in the
header). E-mail addresses are never shown in full (``a…@example.org``): the list of watches is public.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response

from kamerspoor import taxonomy, watches
from kamerspoor.feeds import subject_feed, watch_feed
from kamerspoor.model import InputError
from kamerspoor.store.motions import motion_id_of
from kamerspoor.store.types import WatchRow
from kamerspoor.web import api, labels, views
from kamerspoor.web.pages import fragment_wanted, render
from kamerspoor.web.views import KIND_NL

router = APIRouter()
WatchId = Annotated[int, PathParam(ge=1, le=2**53, description="the watch's number (watch list)")]
ATOM = "application/atom+xml; charset=utf-8"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _atom(body: bytes) -> Response:
    return Response(body, media_type=ATOM)


def public(w: WatchRow) -> dict[str, Any]:
    """A watch as anyone may see it: its address masked, what it follows in words, its page and feeds."""
    return {"id": w["id"], "kind": w["kind"], "target": w["target"], "email": watches.masked(w["email"]),
            "label": watches.describe(w["kind"], w["target"]), "created_at": w["created_at"],
            "last_run_at": w["last_run_at"], "items": w.get("items", 0),
            "page": watches.page_path(w["kind"], w["target"]), "feed": f"/feeds/watch/{w['id']}.atom",
            "subject_feed": watches.feed_path(w["kind"], w["target"])}


# -- feeds ---------------------------------------------------------------------------------------------------

@router.get("/feeds/watch/{watch_id}.atom", include_in_schema=False)
def watch_atom(request: Request, watch_id: WatchId) -> Response:
    """The Atom feed of a watch: what it has seen, the latest found first."""
    s = api.store(request)
    w = s.watch(watch_id)
    if w is None:
        raise HTTPException(404, f"watch {watch_id} bestaat niet")
    return _atom(watch_feed(s, w, _base(request)))


@router.get("/feeds/motion/{key}.atom", include_in_schema=False)
def motion_atom(request: Request, key: str) -> Response:
    """A motion's feed: its text, the letters that answer it, its vote."""
    s = api.store(request)
    mid = motion_id_of(key)
    if len(key) > 40 or s.motion(mid) is None:
        raise HTTPException(404, f"motie {key} staat niet in kamerspoor")
    return _atom(subject_feed(s, "motion", mid, _base(request)))


@router.get("/feeds/dossier/{dossier}.atom", include_in_schema=False)
def dossier_atom(request: Request, dossier: str) -> Response:
    """A dossier's feed: its documents, the newest first."""
    s = api.store(request)
    if len(dossier) > 40 or not s.dossier_known(dossier):
        raise HTTPException(404, f"dossier {dossier} staat niet in kamerspoor")
    return _atom(subject_feed(s, "dossier", watches.normalise("dossier", dossier), _base(request)))


@router.get("/feeds/theme/{theme_id}.atom", include_in_schema=False)
def theme_atom(request: Request, theme_id: str) -> Response:
    """A theme's (or instrument's) feed: the documents tagged with it, the newest first."""
    if theme_id not in taxonomy.load()["themes"] and theme_id not in taxonomy.load()["instruments"]:
        raise HTTPException(404, f"thema {theme_id} staat niet in de taxonomie")
    return _atom(subject_feed(api.store(request), "theme", theme_id, _base(request)))


@router.get("/feeds/ministry/{ministry}.atom", include_in_schema=False)
def ministry_atom(request: Request, ministry: str) -> Response:
    """A ministry's feed: the letters it signs and the motions addressed to it, the newest first (``ministry``: an
    id such as bz, or a name or abbreviation)."""
    try:
        target = watches.normalise("ministry", ministry[:200])
    except InputError:
        raise HTTPException(404, f"ministerie {ministry[:200]} is geen ministerie") from None
    return _atom(subject_feed(api.store(request), "ministry", target, _base(request)))


@router.get("/feeds/zoeken.atom", include_in_schema=False)
def search_atom(request: Request, q: str = "") -> Response:
    """A search's feed: the documents with a paragraph that matches, the newest first."""
    return _atom(subject_feed(api.store(request), "search", watches.normalise("search", q), _base(request)))


@router.get("/feeds/partij.atom", include_in_schema=False)
def party_atom(request: Request, partij: str = "") -> Response:
    """A party's feed: the documents its members submitted or its positions are in, the newest first."""
    return _atom(subject_feed(api.store(request), "party", watches.normalise("party", partij), _base(request)))


# -- the JSON API ----------------------------------------------------------------------------------------------

NO_TOKEN = {"description": "No or wrong token",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
ALREADY = {"description": "Already followed so: the watch there is",
           "content": {"application/json": {"schema": {"type": "object"}}}}


@router.get("/api/watches", tags=["watches"], responses={400: api.ERR})
def list_watches(request: Request) -> Response:
    """Every watch (e-mail addresses masked), with its page and its feed."""
    rows = [public(w) for w in api.store(request).watches()]
    return JSONResponse({"total": len(rows), "results": rows})


@router.post("/api/watches", status_code=201, tags=["watches"],
             responses={200: ALREADY, 400: api.ERR, 401: NO_TOKEN})
def add_watch(request: Request,
              kind: Annotated[str, Body(description="motion, dossier, theme, party, ministry or search")],
              target: Annotated[str, Body(max_length=500, description="35207-27, 36600-XV, a theme id, a fractie, "
                                                                       "a ministry (bz, a name or abbreviation), "
                                                                       "a query")],
              email: Annotated[str | None, Body(max_length=254)] = None) -> Response:
    """Follow something (needs ``Authorization: Bearer <token>``). 201 with the new watch, 200 with the one
    there was when it is already followed so; what is there now is its baseline (never news)."""
    s = api.store(request)
    try:
        w, created = watches.add(s, kind, target, email)
    except InputError as e:
        raise api.bad(e.problem) from None
    return JSONResponse(public(s.watch(w["id"]) or w), status_code=201 if created else 200)


@router.delete("/api/watches/{watch_id}", status_code=204, tags=["watches"],
               responses={400: api.ERR, 401: NO_TOKEN, 404: api.NOT_FOUND})
def remove_watch(request: Request, watch_id: WatchId) -> Response:
    """Stop a watch (needs ``Authorization: Bearer <token>``); 404 when there is none."""
    if not api.store(request).remove_watch(watch_id):
        return JSONResponse({"error": f"watch {watch_id}: no such watch"}, status_code=404)
    return Response(status_code=204)


# -- the page ----------------------------------------------------------------------------------------------------

def _list(request: Request, message: str = "", error: str = "", status: int = 200) -> Response:
    rows = [public(w) for w in api.store(request).watches()]
    return render(request, "_watches.html", http_status=status, rows=rows, message=message, error=error)


@router.get("/volgen", include_in_schema=False)
def watches_page(request: Request, soort: str = "", doel: str = "") -> Response:
    if soort and soort not in KIND_NL:
        raise HTTPException(400, f"soort {soort!r}: kies uit {', '.join(KIND_NL)}")
    rows = [public(w) for w in api.store(request).watches()]
    return render(request, "watches.html", rows=rows, soort=soort or "zoekopdracht", doel=doel[:500],
                  kinds=KIND_NL, themes=[(t, labels.tag(t)) for t in labels.theme_ids()],
                  ministries=views.ministry_choices(),
                  uploads=request.app.state.token is not None, message="", error="")


@router.post("/volgen", include_in_schema=False)
def watches_add(request: Request, soort: Annotated[str, Form(max_length=20)],
                doel: Annotated[str, Form(max_length=500)], email: Annotated[str, Form(max_length=254)] = "") -> Response:
    try:
        w, created = watches.add(api.store(request), KIND_NL.get(soort, soort), doel, email)
    except InputError as e:
        if not fragment_wanted(request):
            raise
        return _list(request, error=e.problem, status=400)
    if not fragment_wanted(request):
        return RedirectResponse("/volgen", status_code=303)
    what = watches.describe(w["kind"], w["target"])
    return _list(request, message=f"U volgt nu {what}." if created else f"U volgde {what} al.")


@router.delete("/volgen/{watch_id}", include_in_schema=False)
def watches_remove(request: Request, watch_id: WatchId) -> Response:
    gone = api.store(request).remove_watch(watch_id)
    return _list(request, message=f"Watch {watch_id} is verwijderd." if gone else "",
                 error="" if gone else f"Watch {watch_id} bestaat niet.", status=200 if gone else 404)
