"""The JSON API under /api/: documents, motions, answers, commitments, search, dossiers, themes.

Field names are English (the analysis record's). Lists are paged (``limit`` at most 100, ``offset``) and
come as ``{"total", "limit", "offset", "results"}``; where a table is natural, ``format=csv`` gives CSV.
Bad parameters are a 400 with ``{"error": message}``; only ``POST /api/documents`` writes, with the token.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import msgspec
from fastapi import APIRouter, File, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse as _JSONResponse
from fastapi.responses import Response

from kamerspoor.csvsafe import safe_cell
from kamerspoor.errors import PipelineError
from kamerspoor.model import InputError, Kind, Stance
from kamerspoor.rules.dates import is_date
from kamerspoor.store import MotionFilters, SearchFilters, Store, owners
from kamerspoor.store.motions import ANSWER_STATES
from kamerspoor.store.motions import SORTS as MOTION_SORTS
from kamerspoor.web import labels, views

_ENCODER = msgspec.json.Encoder()


class JSONResponse(_JSONResponse):
    """Starlette's JSON answer, encoded by msgspec: the same compact UTF-8 JSON as the json module gives for what
    the API answers (dicts, lists, strings, numbers, None), in a fraction of its time (a large dossier's answer
    took a millisecond to encode). A value msgspec does not take (a dict with keys that are not strings or
    numbers) goes through the json module as before."""

    def render(self, content: Any) -> bytes:
        try:
            return _ENCODER.encode(content)
        except TypeError:
            return super().render(content)

T = TypeVar("T")

router = APIRouter(prefix="/api")

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_UPLOAD = 20 * 1024 * 1024


def _tag_enum(name: str, ids: list[str]) -> type[StrEnum]:
    return StrEnum(name, {i: i for i in ids} or {"none": "none"})  # type: ignore[return-value]


if TYPE_CHECKING:  # the type checker sees their base class; FastAPI checks a value against the taxonomy's ids
    ThemeId = StrEnum
    InstrumentId = StrEnum
else:
    ThemeId = _tag_enum("ThemeId", labels.theme_ids())
    InstrumentId = _tag_enum("InstrumentId", labels.instrument_ids())

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Fmt = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Text = Annotated[str | None, Query(max_length=200)]
DateParam = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]

ERR: dict[str, Any] = {"model": None, "description": "Bad parameters",
       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
NOT_FOUND: dict[str, Any] = {"description": "Not found",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
CSV_OK: dict[int | str, dict[str, Any]] = {200: {"description": "JSON, or CSV with format=csv",
                "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}}


def store(request: Request) -> Store:
    """This worker thread's open store (see :class:`kamerspoor.web.app.StorePool`)."""
    return request.app.state.pool.get()


def aggregate(request: Request, name: str, compute: Callable[[], T], *key: Hashable) -> T:
    """A value over the whole store, kept until the store changes (:mod:`kamerspoor.web.aggregates`)."""
    return request.app.state.aggregates.get(name, compute, *key)


def theme_counts(request: Request, kind: str) -> dict:
    """``Store.theme_counts(kind)``, kept until the store changes."""
    s = store(request)
    return aggregate(request, "theme_counts", lambda: s.theme_counts(kind), kind)


def bad(message: str) -> InputError:
    return InputError(None, message)


def check_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(None, f"{name} {value!r}: expected a date YYYY-MM-DD")
    if not is_date(value):
        raise InputError(None, f"{name} {value!r}: no such date")
    return value


def check_year(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise InputError(None, f"year {value!r}: expected four digits, e.g. 2024")
    return value


def page(total: int, limit: int, offset: int, results: list) -> dict:
    return {"total": total, "limit": limit, "offset": offset, "results": results}


def csv_response(rows: Sequence[Mapping[str, Any]], columns: list[str], name: str) -> Response:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: safe_cell("; ".join(map(str, v)) if isinstance(v, list) else
                                 json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
                    for k, v in r.items()})
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def search_filters(kind: str | None, dossier: str | None, year: str | None, since: str | None, until: str | None,
                   theme: str | None, instrument: str | None, party: str | None, stance: str | None) -> SearchFilters:
    since = check_date("since", since)
    until = check_date("until", until)
    year = check_year(year)
    if year:
        since = max(since or "", f"{year}-01-01")
        until = min(until or "9999", f"{year}-12-31")
    return SearchFilters(kind=kind or None, dossier=dossier or None, since=since, until=until, theme=theme or None,
                         instrument=instrument or None, party=party or None, stance=stance or None)


# -- documents -----------------------------------------------------------------------------------------------

DOC_COLUMNS = ["id", "kind", "dossier", "number", "session_year", "date", "title", "submitters"]


@router.get("/documents", responses={**CSV_OK, 400: ERR}, tags=["documents"])
def list_documents(request: Request, kind: Kind | None = None, dossier: Text = None, limit: Limit = 20,
                   offset: Offset = 0, format: Fmt = "json") -> Response:
    """Documents in the store, newest first."""
    total, rows = store(request).document_list(kind.value if kind else None, dossier, limit, offset)
    if format == "csv":
        return csv_response(rows, DOC_COLUMNS, "documents")
    return JSONResponse(page(total, limit, offset, rows))


@router.get("/documents/{doc_id}", responses={404: NOT_FOUND, 400: ERR}, tags=["documents"])
def get_document(request: Request, doc_id: str) -> Response:
    """The document's analysis record (../shared/spec/analysis.md) plus ``id``."""
    rec = store(request).document(doc_id)
    if rec is None:
        raise HTTPException(404, f"document {doc_id}: not in the store")
    rec["id"] = doc_id
    return JSONResponse(rec)


def _token_ok(request: Request, authorization: str | None) -> bool:
    token = request.app.state.token
    if not token or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@router.post("/documents", status_code=201, tags=["documents"],
             responses={401: {"description": "No or wrong token", "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/Error"}}}}, 400: ERR})
def upload_document(request: Request, file: Annotated[UploadFile, File(description="PDF, PDF text, XML, HTML")],
                    authorization: Annotated[str | None, Header()] = None) -> Response:
    """Analyse an uploaded document and store it. Needs ``Authorization: Bearer <token>`` (the server's
    $KAMERSPOOR_TOKEN); without it, 401."""
    if not _token_ok(request, authorization):
        return JSONResponse({"error": "uploading needs the server's token (Authorization: Bearer ...)"},
                            status_code=401, headers={"WWW-Authenticate": "Bearer"})
    from kamerspoor.ingest import JSON_SUFFIXES, upload

    data = file.file.read(MAX_UPLOAD + 1)
    name = os.path.basename(file.filename or "") or "upload.txt"
    if len(data) > MAX_UPLOAD:
        raise bad(f"{name}: larger than {MAX_UPLOAD // (1024 * 1024)} MB")
    if not data.strip():
        raise bad(f"{name}: the file is empty")
    if name.lower().endswith(JSON_SUFFIXES):
        raise bad(f"{name}: upload a document (PDF, PDF text, XML, HTML); records and Zaken go through "
                  "`kamerspoor ingest`")
    with tempfile.TemporaryDirectory(prefix="kamerspoor-upload-") as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            stored = upload(store(request), path, f"upload:{name}")
        except InputError as e:
            raise bad(f"{name}: {e.problem}") from None
        except PipelineError as e:  # a bug in a stage, not the upload's fault
            raise HTTPException(500, f"{name}: {e.problem}") from None
    return JSONResponse({"id": stored.id, "status": stored.status, "linked": stored.linked,
                         "url": f"/document/{stored.id}"}, status_code=201)


# -- motions and answers ----------------------------------------------------------------------------------

MOTION_COLUMNS = ["id", "dossier", "number", "date", "title", "submitters", "replaces_id", "vote", "vote_date",
                  "appreciation", "answers", "strongest_stance", "strongest_letter"]
VOTE_VALUES = ("aangenomen", "verworpen", "niet aangenomen", "gestaakt", "aangehouden", "uitgesteld", "ingetrokken",
               "none")


def _one_of(name: str, value: str | None, allowed: Iterable[str]) -> None:
    """A 400 naming the parameter when ``value`` is given and not one of ``allowed``."""
    allowed = list(allowed)
    if value and value not in allowed:
        raise bad(f"{name} {value!r}: expected one of {', '.join(allowed)}")


def motion_filters(dossier: str | None = None, vote: str | None = None, appreciation: str | None = None,
                   answer: str | None = None, stance: str | None = None, party: str | None = None,
                   since: str | None = None, until: str | None = None, q: str | None = None,
                   sort: str | None = None, ministry: str | None = None) -> MotionFilters:
    """The filters of a motion list from request parameters, each checked (a 400 naming the bad one); the
    ministry as its id (``owners.ministry_id``, as the report's filter takes it)."""
    _one_of("vote", vote, VOTE_VALUES)
    _one_of("answer", answer, ANSWER_STATES)
    _one_of("stance", stance, [s.value for s in Stance])
    if q and len(q) > 500:
        raise bad("q: at most 500 characters")
    if sort and sort.lstrip("-") not in MOTION_SORTS:
        raise bad(f"sort {sort!r}: expected one of {', '.join(MOTION_SORTS)} (with '-' for descending)")
    try:
        ministry = owners.ministry_id(ministry) if ministry else None
    except InputError as e:
        raise bad(e.problem) from None
    return MotionFilters(dossier=dossier or None, vote=vote or None, appreciation=appreciation or None,
                         answer=answer or None, stance=stance or None, party=party or None, ministry=ministry,
                         since=check_date("since", since), until=check_date("until", until), q=q or None,
                         sort=sort or "-date")


def motion_rows(rows: list) -> list[dict]:
    """Motion list rows for CSV: the strongest answer as two columns."""
    return [{**r, "strongest_stance": (r.get("strongest") or {}).get("stance"),
             "strongest_letter": (r.get("strongest") or {}).get("letter")} for r in rows]


@router.get("/motions", responses={**CSV_OK, 400: ERR}, tags=["motions"])
def list_motions(request: Request, dossier: Text = None,
                 vote: Annotated[str | None, Query(description="the latest vote's result: " + ", ".join(VOTE_VALUES))]
                 = None,
                 appreciation: Annotated[str | None, Query(
                     max_length=100, description="the cabinet's advice (Kabinetsappreciatie) as written, e.g. "
                                                 "Ontraden, or its name (oordeel_kamer); none: without")] = None,
                 answer: Annotated[str | None, Query(
                     max_length=10, description="answered: a letter in the store takes a stance on it; named: "
                                                "letters name it without a stance; none: no letter in this store "
                                                "names it (not: never answered); any: answered or named")] = None,
                 q: Annotated[str | None, Query(max_length=500, description="words the motion's text contains "
                                                                           "(the search's syntax)")] = None,
                 stance: Stance | None = None, party: Text = None,
                 ministry: Annotated[str | None, Query(
                     max_length=100, description="the ministry it is addressed to, as /api/report takes it: an id "
                                                 "(bz), a name or an abbreviation; onbekend: none known")] = None,
                 since: DateParam = None, until: DateParam = None,
                 sort: Annotated[str | None, Query(max_length=20, description="date (default -date), vote, "
                                                   "appreciation, answers or dossier; '-' first for descending")]
                 = None,
                 limit: Limit = 20, offset: Offset = 0, format: Fmt = "json") -> Response:
    """Motions in the store (newest first unless ``sort`` says otherwise), filtered by vote outcome, the
    cabinet's advice, whether and how a letter answered them, a submitter's party, the ministry it is
    addressed to, dossier and date; each with its readable title (the Zaak's subject), its vote, advice, how many
    answers, the strongest one (its badge) and its answer state."""
    f = motion_filters(dossier, vote, appreciation, answer, stance.value if stance else None, party, since, until,
                       q, sort, ministry)
    total, rows = store(request).motion_list(f, limit, offset)
    if format == "csv":
        return csv_response(motion_rows(rows), MOTION_COLUMNS, "motions")
    return JSONResponse(page(total, limit, offset, rows))


@router.get("/motions/{motion_id}", responses={404: NOT_FOUND, 400: ERR}, tags=["motions"])
def get_motion(request: Request, motion_id: str) -> Response:
    """A motion (``35207-27`` or ``kst-35207-27``): request, considerations, submitters, Zaak (with the
    cabinet's advice and the submitters' parties), vote, every answer and the commitments made on it."""
    m = views.motion_full(store(request), motion_id)
    if m is None:
        from kamerspoor.web.verantwoording import missing_motion_json

        missing = missing_motion_json(store(request), motion_id)  # the letters citing it, related motions, fetch
        if missing is not None:
            return missing
        raise HTTPException(404, f"motion {motion_id}: not in the store")
    return JSONResponse(m)


@router.get("/motions/{motion_id}/candidates", responses={404: NOT_FOUND, 400: ERR}, tags=["motions"])
def get_motion_candidates(request: Request, motion_id: str, limit: Limit = 5) -> Response:
    """Suggested answers to a motion found by meaning or by the submitter's name (the semantic layer; run
    ``kamerspoor embed`` first). Suggestions, not findings: each with its letter, paragraph, score and why."""
    s = store(request)
    if views.motion_full(s, motion_id) is None:
        raise HTTPException(404, f"motion {motion_id}: not in the store")
    return JSONResponse(views.answer_suggestions(s, motion_id, limit=limit))


ANSWER_COLUMNS = ["letter", "letter_date", "motion", "dossier", "number", "submitters", "stance", "evidence"]


@router.get("/answers", responses={**CSV_OK, 400: ERR}, tags=["motions"])
def list_answers(request: Request, motion: Text = None, letter: Text = None, stance: Stance | None = None,
                 dossier: Text = None, limit: Limit = 20, offset: Offset = 0, format: Fmt = "json") -> Response:
    """The cabinet's answers to motions: letter x motion x stance x evidence, newest letter first."""
    total, rows = store(request).answer_rows(motion, letter, stance.value if stance else None, dossier,
                                      limit, offset)
    if format == "csv":
        return csv_response(rows, ANSWER_COLUMNS, "answers")
    return JSONResponse(page(total, limit, offset, rows))


# -- commitments ----------------------------------------------------------------------------------------------

COMMITMENT_COLUMNS = ["doc_id", "idx", "letter_date", "dossier", "ministry", "actor", "due", "kind", "status",
                      "overdue", "themes", "text", "official_number", "official_status", "official_due"]


@router.get("/commitments", responses={**CSV_OK, 400: ERR}, tags=["commitments"])
def list_commitments(request: Request, status: Literal["all", "open", "overdue"] = "all", dossier: Text = None,
                     theme: ThemeId | None = None, ministry: Text = None, today: DateParam = None,
                     limit: Limit = 100, offset: Offset = 0, format: Fmt = "json") -> Response:
    """Commitments (toezeggingen), newest letter first. ``status``: all, open (Openstaand or unknown) or
    overdue (open and past its due date, judged on ``today``). ``format=csv`` gives every matching row."""
    today = check_date("today", today)
    rows = views.commitment_rows(store(request), status, today, dossier, theme.value if theme else None, ministry)
    if format == "csv":
        return csv_response(rows, COMMITMENT_COLUMNS, "commitments")
    out = page(len(rows), limit, offset, rows[offset:offset + limit])
    out["by_ministry"] = views.group_counts(rows, "ministry")
    out["by_theme"] = views.group_counts(rows, "themes")
    out["by_dossier"] = views.group_counts(rows, "dossier")
    return JSONResponse(out)


# -- search ---------------------------------------------------------------------------------------------------

@router.get("/search", responses={400: ERR}, tags=["search"])
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500,
                                                     description='words, "a phrase", OR, -word, prefix*')],
           kind: Kind | None = None, dossier: Text = None, year: Annotated[str | None, Query(max_length=4)] = None,
           since: DateParam = None, until: DateParam = None, theme: ThemeId | None = None,
           instrument: InstrumentId | None = None, party: Text = None, stance: Stance | None = None,
           limit: Limit = 20, offset: Offset = 0, facets: bool = False) -> Response:
    """Full-text search over paragraphs; each hit names its document and paragraph (``/document/{id}#p-{n}``).
    ``facets=true`` adds counts of matching documents per kind, dossier, year, theme, instrument, party, stance."""
    f = search_filters(kind.value if kind else None, dossier, year, since, until, theme.value if theme else None,
                       instrument.value if instrument else None, party, stance.value if stance else None)
    s = store(request)
    result = s.search(q, f, limit=limit, offset=offset).to_dict()
    for r in result["results"]:
        r["url"] = f"/document/{r['id']}#p-{r['paragraph']}"
    if facets:
        result["facets"] = s.facets(q, f)
    return JSONResponse(result)


# -- dossiers and themes ------------------------------------------------------------------------------------

@router.get("/dossiers", responses={**CSV_OK, 400: ERR}, tags=["dossiers"])
def list_dossiers(request: Request, limit: Limit = 50, offset: Offset = 0, format: Fmt = "json") -> Response:
    """Kamerstukdossiers in the store, most recently active first."""
    total, rows = store(request).dossier_list(limit, offset)
    if format == "csv":
        return csv_response(rows, ["dossier", "title", "documents", "motions", "first_date", "last_date"], "dossiers")
    return JSONResponse(page(total, limit, offset, rows))


@router.get("/dossiers/{dossier}", responses={404: NOT_FOUND, 400: ERR}, tags=["dossiers"])
def get_dossier(request: Request, dossier: str) -> Response:
    """A dossier's timeline (documents by date, what each answers, votes) and the state of its motions."""
    s = store(request)
    if len(dossier) > 40 or not s.dossier_known(dossier):
        raise HTTPException(404, f"dossier {dossier}: not in the store")
    return JSONResponse({**s.dossier(dossier), "motion_states": views.motion_states(s, dossier)})


@router.get("/themes", responses={**CSV_OK, 400: ERR}, tags=["themes"])
def list_themes(request: Request, format: Fmt = "json") -> Response:
    """The taxonomy's themes and instruments with how many documents and paragraphs carry each."""
    rows = []
    for kind, ids in (("theme", labels.theme_ids()), ("instrument", labels.instrument_ids())):
        counts = theme_counts(request, kind)
        for i in ids:
            c = counts.get(i)
            rows.append({"id": i, "kind": kind, "label_nl": labels.tag(i), "documents": c["documents"] if c else 0,
                         "paragraphs": c["paragraphs"] if c else 0})
    if format == "csv":
        return csv_response(rows, ["id", "kind", "label_nl", "documents", "paragraphs"], "themes")
    return JSONResponse({"total": len(rows), "results": rows})


@router.get("/themes/{theme_id}", responses={404: NOT_FOUND, 400: ERR}, tags=["themes"])
def get_theme(request: Request, theme_id: str, limit: Limit = 20, offset: Offset = 0) -> Response:
    """One theme (or instrument) over time: per year its documents, paragraphs and the cabinet's stances,
    and the paragraphs themselves, newest first."""
    kind = "theme" if theme_id in labels.theme_ids() else "instrument" if theme_id in labels.instrument_ids() else None
    if kind is None:
        raise HTTPException(404, f"theme {theme_id}: not in the taxonomy (see /api/themes)")
    s = store(request)
    out = aggregate(request, "theme_timeline", lambda: s.theme_timeline(theme_id, kind, limit, offset),
                    theme_id, kind, limit, offset)
    paragraphs = [{**p, "url": f"/document/{p['doc_id']}#p-{p['paragraph']}"} for p in out["paragraphs"]]
    return JSONResponse({**out, "paragraphs": paragraphs, "label_nl": labels.tag(theme_id)})


@router.get("/stats", tags=["store"])
def stats(request: Request) -> Response:
    """Counts: documents by kind, paragraphs, motions, answers, commitments, votes."""
    s = store(request)
    return JSONResponse(aggregate(request, "stats", s.stats))

