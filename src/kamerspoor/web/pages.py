"""The HTML pages (Dutch interface): search, document, motion, dossier, commitments, themes.

Every page is whole server-rendered HTML and works without JavaScript. With htmx (vendored in static/),
the search and commitment filters replace only their results: a request with ``HX-Request`` (and not a
history restore) gets the fragment.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from threading import Lock
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kamerspoor import watches
from kamerspoor.model import InputError
from kamerspoor.record import Record
from kamerspoor.rules.identifiers import kst_id, parse_kst_id
from kamerspoor.store import MotionFilters, SearchFilters, Store, owners
from kamerspoor.store.search import Highlighter, parse_query
from kamerspoor.store.types import DashboardCommitment
from kamerspoor.tkapi import Kabinetsappreciatie
from kamerspoor.web import api, charts, labels, views
from kamerspoor.web.render import RenderedDocument, motion_key, reference_url, render_document

router = APIRouter(include_in_schema=False)
log = logging.getLogger("kamerspoor.web")

PAGE = 20
FACETS = ("kind", "dossier", "year", "theme", "instrument", "party", "stance")


def fragment_wanted(request: Request) -> bool:
    h = request.headers
    return h.get("HX-Request") == "true" and h.get("HX-History-Restore-Request") != "true" \
        and h.get("HX-Boosted") != "true"


def render(request: Request, template: str, http_status: int = 200, **ctx) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=http_status, headers={"Vary": "HX-Request"})


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {400: "Ongeldige vraag", 401: "Geen toegang", 404: "Niet gevonden", 405: "Niet toegestaan",
              503: "Database niet bereikbaar"}
    return render(request, "error.html", http_status=status, status_code=status, title=titles.get(status, "Fout"),
                  message=message)


def page_number(value: str | None) -> int:
    if value in (None, ""):
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 10000:
        raise InputError(None, f"pagina {value!r}: expected a page number 1..10000")
    return int(value)


def pager(request: Request, total: int, page: int, size: int = PAGE) -> dict:
    last = max(1, (total + size - 1) // size)
    params = {k: v for k, v in request.query_params.items() if k != "pagina" and v}

    def url(n: int) -> str:
        return f"{request.url.path}?{urlencode({**params, 'pagina': n})}"

    return {"page": page, "last": last, "total": total, "prev": url(page - 1) if page > 1 else None,
            "next": url(page + 1) if page < last else None, "first_row": (page - 1) * size + 1 if total else 0,
            "last_row": min(total, page * size)}


def _choice(name: str, value: str | None, allowed) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise InputError(None, f"{name} {value!r}: not one of {', '.join(sorted(allowed))}")
    return value


# -- home and search -------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    s = api.store(request)
    return render(request, "home.html", **api.aggregate(request, "home", lambda: _home(s)), q="", params={})


def _home(s: Store) -> dict[str, Any]:
    """What the home page shows of the store (kept until the store changes: :func:`api.aggregate`)."""
    _, recent = s.document_list(limit=8)
    _, dossiers = s.dossier_list(limit=8)
    counts = s.theme_counts("theme")
    themes = [{"id": i, "label": labels.tag(i), **counts[i]}
              for i in sorted(counts, key=lambda i: -counts[i]["paragraphs"])[:12]]
    open_rows = views.commitment_rows(s, "open")
    return {"stats": s.stats(only=("motions", "answers")), "recent": recent, "dossiers": dossiers, "themes": themes,
            "open_commitments": len(open_rows), "overdue_commitments": sum(r["overdue"] for r in open_rows)}


@router.get("/zoeken", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", kind: str = "", dossier: str = "", year: str = "", theme: str = "",
                instrument: str = "", party: str = "", stance: str = "", pagina: str = "") -> Response:
    params = {"q": q, "kind": kind, "dossier": dossier, "year": year, "theme": theme, "instrument": instrument,
              "party": party, "stance": stance}
    active = {k: v for k, v in params.items() if v and k != "q"}
    ctx: dict = {"q": q, "params": params, "active": active, "result": None, "facets": None, "error": None,
                 "facet_names": labels.FACET}
    status = 200
    try:
        if len(q) > 500:
            raise InputError(None, "the query is longer than 500 characters")
        page = page_number(pagina)
        _choice("kind", kind, labels.KIND)
        _choice("stance", stance, labels.STANCE)
        _choice("theme", theme, set(labels.theme_ids()))
        _choice("instrument", instrument, set(labels.instrument_ids()))
        f = api.search_filters(kind, dossier, year, None, None, theme, instrument, party, stance)
        if q.strip():
            s = api.store(request)
            result = s.search(q, f, limit=PAGE, offset=(page - 1) * PAGE)
            ctx["result"] = result
            ctx["pager"] = pager(request, result.total, page)
            ctx["facets"] = facet_links(request, s.facets(q, f), params)
    except InputError as e:
        ctx["error"] = e.problem if e.path is None else str(e)
        status = 400
    template = "_results.html" if fragment_wanted(request) else "search.html"
    return render(request, template, http_status=status, **ctx)


def facet_links(request: Request, facets: dict, params: dict) -> dict:
    """Each facet value with the address that adds it to the search (or removes it when chosen)."""
    out = {}
    for name in FACETS:
        rows = []
        for f in facets.get(name, []):
            chosen = params.get(name) == str(f["value"])
            new = {k: v for k, v in params.items() if v}
            if chosen:
                new.pop(name, None)
            else:
                new[name] = f["value"]
            rows.append({"value": f["value"], "label": labels.facet_value(name, str(f["value"])), "count": f["count"],
                         "chosen": chosen, "url": "/zoeken?" + urlencode(new)})
        if rows:
            out[name] = rows
    return out


# -- documents -----------------------------------------------------------------------------------------

class _RenderCache:
    """Rendered documents by (id, content hash): rendering is pure, so a new version is a new key."""

    def __init__(self, size: int = 256):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = Lock()

    def get(self, key):
        with self.lock:
            v = self.items.get(key)
            if v is not None:
                self.items.move_to_end(key)
            return v

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_cache = _RenderCache()
_maps = _RenderCache(128)  # dossiers' policy maps by (dossier, the store's change stamp): most are empty


def policy_map(record_or_records: Record | list[Record]) -> str | None:
    """The policy map (:mod:`kamerspoor.policymap`) of a record or of several as SVG; None when it is empty."""
    from kamerspoor.policymap import build_graph, map_svg

    try:
        if build_graph(record_or_records).number_of_nodes() == 0:
            return None  # nothing to draw (e.g. a dossier of motions only): no empty legend
        return map_svg(record_or_records)
    except Exception:  # noqa: BLE001 - a map that fails must not take the page down
        log.exception("policy map failed")
        return None


def answer_matrix(record: Record) -> Any:
    """The answer matrix (:mod:`kamerspoor.matrix`) of a letter; None when it cannot be made."""
    from kamerspoor.matrix import of_record

    try:
        return of_record(record)
    except Exception:  # noqa: BLE001 - a view that fails must not take the page down
        log.exception("answer matrix failed")
        return None


@router.get("/documenten", response_class=HTMLResponse)
def documents_page(request: Request, kind: str = "", dossier: str = "", pagina: str = "") -> Response:
    page = page_number(pagina)
    _choice("kind", kind, labels.KIND)
    total, rows = api.store(request).document_list(kind or None, dossier or None, PAGE, (page - 1) * PAGE)
    return render(request, "documents.html", rows=rows, pager=pager(request, total, page), kind=kind,
                  dossier=dossier)


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, q: str = "") -> Response:
    s = api.store(request)
    row = s.document_row(doc_id)
    if row is None:
        parsed = parse_kst_id(doc_id)
        if parsed and kst_id(*parsed) != doc_id and s.document_row(kst_id(*parsed) or ""):
            return RedirectResponse(f"/document/{kst_id(*parsed)}", status_code=308)
        raise HTTPException(404, f"document {doc_id} staat niet in kamerspoor")
    highlighter = None
    if q.strip() and len(q) <= 500:
        try:
            highlighter = Highlighter.for_query(parse_query(q))
        except InputError:
            highlighter = None
    key = (doc_id, row["content_hash"])
    cached = _cache.get(key) if highlighter is None else None
    if cached is None:
        record = s.record(doc_id)
        if record is None:
            raise HTTPException(404, f"document {doc_id} staat niet in kamerspoor")
        targets = [kst_id(r.dossier, r.number) for r in record.references]
        targets += [kst_id(m.dossier, m.number) for m in record.motions]
        in_store = s.existing_ids([t for t in targets if t])
        rendered = render_document(record, in_store, highlighter)
        meta = {"record": record, "map": policy_map(record), "matrix": answer_matrix(record)}
        cached = (rendered, meta)
        if highlighter is None:
            _cache.put(key, cached)
    rendered, meta = cached
    motion = None
    if row["kind"] == "motie":
        motion = views.motion_full(s, doc_id)
    return render(request, "document.html", doc=row, rec=meta["record"], r=rendered, policy_svg=meta["map"],
                  answer_matrix=meta["matrix"], motion=motion, motion_key=motion_key(row["dossier"], row["number"]), q=q)


# -- motions ---------------------------------------------------------------------------------------------

# the motion list's order, as the page offers it
MOTION_SORTS = [("-date", "nieuwste eerst"), ("date", "oudste eerst"), ("vote", "stemming"),
                ("appreciation", "appreciatie"), ("-answers", "meeste antwoorden"), ("dossier", "dossier")]
# the answer filter's values on the page -> the store's answer states (store.motions.ANSWER_STATES)
_ANSWERED = {"": None, "ja": "answered", "genoemd": "named", "nee": "none", "wel": "any"}
# the page's parameters (Dutch) -> the API's (English)
_MOTION_PARAMS = {"q": "q", "uitslag": "vote", "appreciatie": "appreciation", "beantwoord": "answer",
                  "standpunt": "stance", "partij": "party", "ministerie": "ministry", "dossier": "dossier",
                  "van": "since", "tot": "until", "sorteer": "sort"}


def _motion_filters(params: dict[str, str]) -> MotionFilters:
    _choice("beantwoord", params["beantwoord"], _ANSWERED)
    english: dict[str, Any] = {_MOTION_PARAMS[k]: v for k, v in params.items()}
    english["answer"] = _ANSWERED[params["beantwoord"]]
    return api.motion_filters(**english)


@router.get("/moties", response_class=HTMLResponse)
def motions_page(request: Request, q: str = "", uitslag: str = "", appreciatie: str = "", beantwoord: str = "",
                 standpunt: str = "", partij: str = "", ministerie: str = "", dossier: str = "", van: str = "",
                 tot: str = "", sorteer: str = "", pagina: str = "") -> Response:
    page = page_number(pagina)
    params = {"q": q, "uitslag": uitslag, "appreciatie": appreciatie, "beantwoord": beantwoord, "standpunt": standpunt,
              "partij": partij, "ministerie": ministerie, "dossier": dossier, "van": van, "tot": tot,
              "sorteer": sorteer}
    f = _motion_filters(params)
    params["ministerie"] = f.ministry or ""  # as its id, whatever name or abbreviation was given
    total, motions = api.store(request).motion_list(f, PAGE, (page - 1) * PAGE)
    rows = [{**r, "key": r["id"][4:] if r["id"].startswith("kst-") else r["id"]} for r in motions]
    chosen = {k: v for k, v in params.items() if v}
    query = {_MOTION_PARAMS[k]: (_ANSWERED[v] if k == "beantwoord" else v) for k, v in chosen.items()}
    ctx: dict[str, Any] = dict(
        rows=rows, pager=pager(request, total, page), f={**params, "sorteer": sorteer or "-date"}, sorts=MOTION_SORTS,
        appreciations=[a.value for a in Kabinetsappreciatie],
        ministries=dict([*views.ministry_choices(), (owners.UNKNOWN, "ministerie onbekend")]),
        follow=_motion_list_feeds(f), csv_url="/api/motions?" + urlencode({**query, "format": "csv", "limit": 100}),
        api_url="/api/motions" + ("?" + urlencode(query) if query else ""))
    template = "_motions.html" if fragment_wanted(request) else "motions.html"
    return render(request, template, **ctx)


def _motion_list_feeds(f: MotionFilters) -> list[dict[str, str]]:
    """The feeds of what the list is narrowed to: its ministry, its party (each a watch's subject)."""
    out = []
    if f.ministry and f.ministry != owners.UNKNOWN:
        out.append({**views.feed_links("ministry", f.ministry), "what": watches.describe("ministry", f.ministry),
                    "report": "/verantwoording?" + urlencode({"ministerie": f.ministry})})
    if f.party:
        party = watches.normalise("party", f.party)
        out.append({**views.feed_links("party", party), "what": watches.describe("party", party)})
    return out


@router.get("/motie/{motion_id}", response_class=HTMLResponse)
def motion_page(request: Request, motion_id: str) -> Response:
    s = api.store(request)
    m = views.motion_full(s, motion_id)
    if m is None:
        from kamerspoor.web.verantwoording import missing_motion_page

        page = missing_motion_page(request, motion_id)  # what the store knows of it, and how to fetch it
        if page is not None:
            return page
        raise HTTPException(404, f"motie {motion_id} staat niet in kamerspoor")
    key = m["id"][4:] if m["id"].startswith("kst-") else m["id"]
    official = reference_url(m["id"], set())
    suggestions = views.answer_suggestions(s, m["id"], motion=m)
    return render(request, "motion.html", m=m, key=key, official=official, suggestions=suggestions)


# -- dossiers --------------------------------------------------------------------------------------------

@router.get("/dossiers", response_class=HTMLResponse)
def dossiers_page(request: Request, pagina: str = "") -> Response:
    page = page_number(pagina)
    total, rows = api.store(request).dossier_list(PAGE, (page - 1) * PAGE)
    return render(request, "dossiers.html", rows=rows, pager=pager(request, total, page))


@router.get("/dossier/{dossier}", response_class=HTMLResponse)
def dossier_page(request: Request, dossier: str) -> Response:
    s = api.store(request)
    if len(dossier) > 40 or not s.dossier_known(dossier):
        raise HTTPException(404, f"dossier {dossier} staat niet in kamerspoor")
    d = s.dossier(dossier)
    states = views.motion_states(s, dossier)
    svg = None
    if len(d["documents"]) <= 200:
        # the map reads every record of the dossier and lays it out with Graphviz: kept per store state
        key = ("dossier map", d["dossier"], request.app.state.pool.change_stamp())
        svg = _maps.get(key) if key[2] is not None else None
        if svg is None:
            svg = policy_map(s.records([doc["id"] for doc in d["documents"]])) or ""
            _maps.put(key, svg)
        svg = svg or None
    return render(request, "dossier.html", d=d, states=states, state_bar=charts.state_bar(states["counts"]),
                  timeline=charts.timeline(d["documents"]), policy_svg=svg)


# -- commitments -----------------------------------------------------------------------------------------

STATUS_NL = {"alle": "all", "open": "open", "verlopen": "overdue"}


def _commitment_rows(request: Request, status: str, ministerie: str, thema: str,
                     dossier: str) -> list[DashboardCommitment]:
    st = _choice("status", status, STATUS_NL) or "open"
    _choice("thema", thema, set(labels.theme_ids()))
    return views.commitment_rows(api.store(request), STATUS_NL[st], None, dossier or None, thema or None,
                                   ministerie or None)


@router.get("/toezeggingen", response_class=HTMLResponse)
def commitments_page(request: Request, status: str = "open", ministerie: str = "", thema: str = "",
                     dossier: str = "", pagina: str = "") -> Response:
    page = page_number(pagina)
    rows = _commitment_rows(request, status, ministerie, thema, dossier)
    everything = views.commitment_rows(api.store(request), "all")
    params = {k: v for k, v in {"status": status, "ministerie": ministerie, "thema": thema,
                                "dossier": dossier}.items() if v}
    ctx: dict[str, Any] = dict(rows=rows[(page - 1) * PAGE: page * PAGE], pager=pager(request, len(rows), page),
               status=status or "open", ministerie=ministerie, thema=thema, dossier=dossier,
               by_ministry=views.group_counts(rows, "ministry"), by_theme=views.group_counts(rows, "themes"),
               by_dossier=views.group_counts(rows, "dossier"), total=len(rows),
               ministries=sorted({r["ministry"] for r in everything}),
               dossiers=sorted({r["dossier"] for r in everything if r["dossier"]}),
               csv_url="/toezeggingen.csv" + ("?" + urlencode(params) if params else ""))
    template = "_commitments.html" if fragment_wanted(request) else "commitments.html"
    return render(request, template, **ctx)


@router.get("/toezeggingen.csv")
def commitments_csv(request: Request, status: str = "open", ministerie: str = "", thema: str = "",
                    dossier: str = "") -> Response:
    rows = _commitment_rows(request, status, ministerie, thema, dossier)
    return api.csv_response(rows, api.COMMITMENT_COLUMNS, "toezeggingen")


# -- themes ----------------------------------------------------------------------------------------------

@router.get("/themas", response_class=HTMLResponse)
def themes_page(request: Request) -> Response:
    groups = []
    for kind, ids, title in (("theme", labels.theme_ids(), "Thema's"),
                             ("instrument", labels.instrument_ids(), "Instrumenten")):
        counts = api.theme_counts(request, kind)
        groups.append({"title": title, "rows": [{"id": i, "label": labels.tag(i), **counts.get(
            i, {"documents": 0, "paragraphs": 0})} for i in ids]})
    return render(request, "themes.html", groups=groups)


@router.get("/thema/{theme_id}", response_class=HTMLResponse)
def theme_page(request: Request, theme_id: str, pagina: str = "") -> Response:
    page = page_number(pagina)
    kind = "theme" if theme_id in labels.theme_ids() else "instrument" if theme_id in labels.instrument_ids() else None
    if kind is None:
        raise HTTPException(404, f"thema {theme_id} staat niet in de taxonomie")
    s = api.store(request)
    t = api.aggregate(request, "theme_timeline", lambda: s.theme_timeline(theme_id, kind, PAGE, (page - 1) * PAGE),
                      theme_id, kind, PAGE, (page - 1) * PAGE)
    return render(request, "theme.html", t=t, label=labels.tag(theme_id), kind=kind,
                  bars=charts.year_bars(t["years"], "paragraphs"), pager=pager(request, t["total_paragraphs"], page))


__all__ = ["router", "error_page", "RenderedDocument", "SearchFilters"]
