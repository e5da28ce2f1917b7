"""The accountability report on the web: the page ``/verantwoording`` (with ``.csv``), ``/api/report``, and the
page for a motion the store does not hold (what the store knows of it, and how to fetch it).

The report itself is :mod:`kamerspoor.verantwoording`; this module turns the page's Dutch parameters (van, tot,
ministerie, dossier, thema, partij) into its filters and hands the result to the templates.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kamerspoor import verantwoording as V
from kamerspoor.model import InputError
from kamerspoor.store import Store, owners
from kamerspoor.verantwoording import missing_motion
from kamerspoor.verantwoording_text import CSV_COLUMNS, csv_rows, later_text
from kamerspoor.web import api, charts_report, labels, views

pages = APIRouter(include_in_schema=False)
router = APIRouter(prefix="/api")

SHOWN = 50  # motions and commitments shown per list on the page (the CSV and JSON have them all)
MATRIX_ROWS = 60
Param = Annotated[str, Query(max_length=200)]


def _filters(van: str, tot: str, ministerie: str, dossier: str, thema: str, partij: str, q: str = "") -> V.Filters:
    return V.Filters(since=van or None, until=tot or None, ministry=ministerie or None, dossier=dossier or None,
                     theme=thema or None, party=partij or None, query=q.strip() or None).checked()


def _params(f: V.Filters) -> dict[str, str]:
    names = {"since": "van", "until": "tot", "ministry": "ministerie", "dossier": "dossier", "theme": "thema",
             "party": "partij", "query": "q"}
    return {names[k]: v for k, v in f.active().items()}


def _url(path: str, params: dict[str, str], **change: str | None) -> str:
    merged = {k: v for k, v in {**params, **change}.items() if v}
    return path + ("?" + urlencode(merged) if merged else "")


@pages.get("/verantwoording", response_class=HTMLResponse)
def report_page(request: Request, van: Param = "", tot: Param = "", ministerie: Param = "", dossier: Param = "",
                thema: Param = "", partij: Param = "", q: Param = "") -> Response:
    from kamerspoor.web.pages import render

    f = _filters(van, tot, ministerie, dossier, thema, partij, q)
    report = V.build(api.store(request), f)
    params = _params(f)
    return render(request, "verantwoording.html", r=report, f=f, params=params, shown=SHOWN, matrix_rows=MATRIX_ROWS,
                  ministry_chart=charts_report.ministry_bars(
                      report["by_ministry"], lambda g: _url("/verantwoording", params, ministerie=g["value"])),
                  timeline_chart=charts_report.outcome_timeline(report["timeline"]),
                  colours=charts_report.OUTCOME_COLOURS, outcomes=V.OUTCOMES, ministries=views.ministry_choices(),
                  themes=labels.theme_ids(), url=lambda **kw: _url("/verantwoording", params, **kw),
                  csv_url=_url("/verantwoording.csv", params), json_url=_url("/api/report", _api_params(f)),
                  ministry_name=owners.name, later_text=later_text)


def _api_params(f: V.Filters) -> dict[str, str]:
    return {("q" if k == "query" else k): v for k, v in f.active().items()}


@pages.get("/verantwoording.csv")
def report_csv(request: Request, van: Param = "", tot: Param = "", ministerie: Param = "", dossier: Param = "",
               thema: Param = "", partij: Param = "", q: Param = "") -> Response:
    report = V.build(api.store(request), _filters(van, tot, ministerie, dossier, thema, partij, q))
    return api.csv_response(csv_rows(report), CSV_COLUMNS, "verantwoording")


@router.get("/report", responses={**api.CSV_OK, 400: api.ERR}, tags=["report"])
def get_report(request: Request, since: api.DateParam = None, until: api.DateParam = None, ministry: api.Text = None,
               dossier: api.Text = None, theme: api.Text = None, party: api.Text = None, q: api.Text = None,
               format: api.Fmt = "json") -> Response:
    """The accountability report: the motions the Kamer adopted (votes in since..until) and what became of each
    (answered, in progress, declined, only noted, named in a letter known by its subject only, or no answer in
    this store), the cabinet's appreciation against the outcome, the commitments of the period, per ministry and
    per quarter, and what the store covers. ``q``: only the motions whose text matches a search (the search
    language of /api/search). ``format=csv``: one row per adopted motion."""
    f = V.Filters(since=since, until=until, ministry=ministry, dossier=dossier, theme=theme, party=party,
                  query=q).checked()
    report = V.build(api.store(request), f)
    if format == "csv":
        return api.csv_response(csv_rows(report), CSV_COLUMNS, "report")
    return JSONResponse(report)


# -- a motion the store does not hold -------------------------------------------------------------------------

def missing_motion_page(request: Request, motion_id: str) -> Response | None:
    """The page (404) for a motion the store does not hold, or None when ``motion_id`` names no Kamerstuk."""
    from kamerspoor.web.pages import render

    s = api.store(request)
    m = missing_motion(s, motion_id)
    if m is None:
        return None
    return render(request, "motion_missing.html", http_status=404, m=m, dossier_known=s.dossier_known(m["dossier"]))


def missing_motion_json(store: Store, motion_id: str) -> Response | None:
    m = missing_motion(store, motion_id)
    if m is None:
        return None
    return JSONResponse({"error": f"motion {motion_id}: not in the store", **m}, status_code=404)


__all__ = ["pages", "router", "missing_motion", "missing_motion_page", "missing_motion_json", "InputError"]
