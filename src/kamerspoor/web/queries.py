"""Read-only queries the web interface needs beyond the Store's public API.

Everything here reads through the Store's own connection helpers (``_all``, ``_one``, ``_scalar``) with
plain SQL on the store's tables (see ``kamerspoor/store/migrations``); nothing writes. Candidates to move
into :class:`kamerspoor.store.Store` once it settles: ``search_facets``, ``theme_timeline``, ``theme_counts``,
``dossier_list``, ``motion_states``, ``commitment_rows`` (with ministry and themes), ``answer_rows``,
``motion_commitments`` (commitments whose ``answers`` is a dict in the record, see below).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from kamerspoor.store import SearchFilters, Store, links
from kamerspoor.store.search import parse_query

# The state of a motion after the cabinet's latest answer to it, for the dossier chart.
STATE_OF_STANCE = {
    "executed": "executed",
    "already_policy": "executed",
    "in_progress": "in_progress",
    "partial": "in_progress",
    "declined": "declined",
    "noted": "unanswered",
}
MOTION_STATES = ("executed", "in_progress", "declined", "unanswered")


def _loads(v: Any, default: Any = None) -> Any:
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return v


def _in_list(store: Store, column: str, values: list) -> tuple[str, list]:
    """``column IN (...)`` for a list of any length, as one parameter where the database allows."""
    if store.dialect == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(values)]
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


# -- search facets ---------------------------------------------------------------------------------------

FACET_LIMIT = 15


def matching_documents(store: Store, query: str, filters: SearchFilters, cap: int = 20000) -> list[str]:
    """Ids of the documents with at least one paragraph matching ``query`` under ``filters`` (at most ``cap``)."""
    node = parse_query(query)
    if store.dialect == "sqlite":
        frm, cond, params = store._search_sql(node, filters)  # type: ignore[attr-defined]
        if "JOIN paragraphs p" not in frm:
            frm += " JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid"
        rows = store._all(f"SELECT DISTINCT p.doc_id AS id FROM {frm} WHERE {cond} LIMIT ?", [*params, cap])
        return [r["id"] for r in rows]
    page_rows, _ = store._search_rows(node, filters, cap, 0)
    ids = [r[0] for r in page_rows]
    if not ids:
        return []
    cond, params = _in_list(store, "rowid", ids)
    return [r["doc_id"] for r in store._all(f"SELECT DISTINCT doc_id FROM paragraphs WHERE {cond}", params)]


def search_facets(store: Store, query: str, filters: SearchFilters) -> dict[str, list[dict]]:
    """Counts of matching documents per kind, dossier, year, theme, instrument, party and stance."""
    ids = matching_documents(store, query, filters)
    return facets_for(store, ids)


def facets_for(store: Store, ids: list[str]) -> dict[str, list[dict]]:
    cond, p = _in_list(store, "d.id", ids)

    def counted(sql: str, params: list, limit: int = FACET_LIMIT) -> list[dict]:
        rows = store._all(sql + " ORDER BY n DESC, value LIMIT ?", [*params, limit])
        return [{"value": r["value"], "count": int(r["n"])} for r in rows if r["value"] not in (None, "")]

    out = {
        "kind": counted(f"SELECT d.kind AS value, count(*) AS n FROM documents d WHERE {cond} GROUP BY d.kind", p),
        "dossier": counted(f"SELECT d.dossier AS value, count(*) AS n FROM documents d WHERE {cond} "
                           "GROUP BY d.dossier", p),
        "year": counted(f"SELECT substr(d.date, 1, 4) AS value, count(*) AS n FROM documents d WHERE {cond} "
                        "AND d.date IS NOT NULL GROUP BY substr(d.date, 1, 4)", p, 40),
    }
    for kind in ("theme", "instrument"):
        out[kind] = counted(f"SELECT t.tag AS value, count(DISTINCT t.doc_id) AS n FROM tags t "
                            f"JOIN documents d ON d.id = t.doc_id WHERE t.kind = ? AND {cond} GROUP BY t.tag",
                            [kind, *p], 40)
    out["party"] = counted(
        "SELECT value, count(DISTINCT doc) AS n FROM ("
        f"SELECT pp.party AS value, pp.doc_id AS doc FROM party_positions pp JOIN documents d ON d.id = pp.doc_id "
        f"WHERE {cond} UNION "
        "SELECT za.fractie AS value, z.document_id AS doc FROM zaken z JOIN zaak_actors za ON za.zaak_id = z.id "
        f"JOIN documents d ON d.id = z.document_id WHERE {cond}) x GROUP BY value", [*p, *p], 30)
    out["stance"] = counted(
        "SELECT value, count(DISTINCT doc) AS n FROM ("
        f"SELECT a.stance AS value, a.doc_id AS doc FROM answers a JOIN documents d ON d.id = a.doc_id WHERE {cond} "
        f"UNION SELECT a.stance AS value, a.motion_id AS doc FROM answers a JOIN documents d ON d.id = a.motion_id "
        f"WHERE {cond} UNION SELECT pp.stance AS value, pp.doc_id AS doc FROM party_positions pp "
        f"JOIN documents d ON d.id = pp.doc_id WHERE {cond}) x GROUP BY value", [*p, *p, *p], 10)
    return out


# -- documents -------------------------------------------------------------------------------------------

def document_row(store: Store, doc_id: str) -> dict | None:
    """The document's catalogue row (no record) with its content hash, or None."""
    row = store._one("SELECT id, kind, dossier, number, session_year, date, title, submitters, content_hash "
                     "FROM documents WHERE id = ?", (doc_id,))
    if row:
        row["submitters"] = _loads(row["submitters"], [])
    return row


def existing_ids(store: Store, ids: list[str]) -> set[str]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return set()
    cond, p = _in_list(store, "id", ids)
    return {r["id"] for r in store._all(f"SELECT id FROM documents WHERE {cond}", p)}


def document_list(store: Store, kind: str | None = None, dossier: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[int, list[dict]]:
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if dossier:
        where.append("dossier = ?")
        params.append(links.norm_dossier(dossier))
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(store._scalar(f"SELECT count(*) FROM documents{w}", params) or 0)
    rows = store._all("SELECT id, kind, dossier, number, session_year, date, title, submitters FROM documents"
                      f"{w} ORDER BY date DESC, dossier, number DESC, id LIMIT ? OFFSET ?", [*params, limit, offset])
    for r in rows:
        r["submitters"] = _loads(r["submitters"], [])
    return total, rows


def motion_list(store: Store, dossier: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    where, params = "", []
    if dossier:
        where, params = " WHERE d.dossier = ?", [links.norm_dossier(dossier)]
    total = int(store._scalar(f"SELECT count(*) FROM motions m JOIN documents d ON d.id = m.id{where}", params) or 0)
    # the page's ids first, so the vote and answer counts are looked up for one page, not for every motion
    rows = store._all(
        "SELECT m.id, d.dossier, d.number, d.date, d.title, d.submitters, m.replaces_id, "
        "(SELECT v.result FROM zaken z JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id "
        " ORDER BY v.date DESC LIMIT 1) AS vote, "
        "(SELECT count(*) FROM answers a WHERE a.motion_id = m.id) AS answers "
        f"FROM (SELECT m.id AS id FROM motions m JOIN documents d ON d.id = m.id{where} "
        "ORDER BY d.date DESC, m.id LIMIT ? OFFSET ?) pg JOIN motions m ON m.id = pg.id "
        "JOIN documents d ON d.id = m.id ORDER BY d.date DESC, m.id", [*params, limit, offset])
    for r in rows:
        r["submitters"] = _loads(r["submitters"], [])
    return total, rows


def paragraph_of(store: Store, doc_id: str, offset: int | None) -> int | None:
    """The index of the paragraph of ``doc_id`` holding character ``offset`` (or the last one before it)."""
    if offset is None:
        return None
    row = store._one('SELECT idx FROM paragraphs WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1',
                     (doc_id, offset))
    return int(row["idx"]) if row else None


# -- motions ---------------------------------------------------------------------------------------------

def _about_ids(about: Any) -> set[str]:
    """The motions a commitment answers: the record gives ``{"motion": "35207-27"}``, the store's fixtures a
    list of ``{"dossier", "number"}`` or ids."""
    out: set[str] = set()
    items = about if isinstance(about, list) else [about]
    for x in items:
        if isinstance(x, dict):
            if x.get("motion"):
                p = links.parse_kst_id(str(x["motion"]))
                if p:
                    out.add(links.kst_id(*p) or "")
            elif x.get("dossier") is not None:
                out.add(links.kst_id(x.get("dossier"), x.get("number")) or "")
        elif isinstance(x, str):
            p = links.parse_kst_id(x)
            if p:
                out.add(links.kst_id(*p) or "")
    out.discard("")
    return out


def motion_commitments(store: Store, chain: list[str], letters: list[str]) -> list[dict]:
    """Commitments in ``letters`` made in answer to any motion of ``chain``."""
    if not letters:
        return []
    cond, p = _in_list(store, "c.doc_id", sorted(set(letters)))
    rows = store._all("SELECT c.doc_id, c.idx, c.text, c.actor, c.due, c.kind, c.status, c.paragraph, c.answers, "
                      f"d.date AS letter_date FROM commitments c JOIN documents d ON d.id = c.doc_id WHERE {cond} "
                      "ORDER BY d.date, c.doc_id, c.idx", p)
    out = []
    for r in rows:
        if _about_ids(_loads(r.pop("answers"), [])) & set(chain):
            out.append(r)
    return out


def motion_full(store: Store, motion_id: str) -> dict | None:
    """``Store.motion`` plus what the motion page shows: each answer's paragraph, the commitments made on
    it (also when the record gives ``answers`` as a dict), and the parties of the submitters."""
    m = store.motion(motion_id)
    if m is None:
        return None
    for a in m["answers"]:
        a["paragraph"] = paragraph_of(store, a["letter"], a.get("start"))
    chain = [m["id"], *m.get("replaces", []), *m.get("replaced_by", [])]
    found = motion_commitments(store, chain, [a["letter"] for a in m["answers"]])
    if found:
        m["commitments"] = found
    for c in m["commitments"]:
        c.setdefault("paragraph", None)
    m["state"] = motion_state(m["answers"])
    return m


def motion_state(answers: list[dict]) -> str:
    """executed / in_progress / declined / unanswered after the latest answer that takes a stance."""
    dated = sorted(answers, key=lambda a: (a.get("letter_date") or "", a.get("letter") or ""))
    state = "unanswered"
    for a in dated:
        s = STATE_OF_STANCE.get(a.get("stance") or "", "unanswered")
        if s != "unanswered":
            state = s
    return state


def _id_order(doc_id: str) -> tuple:
    p = links.parse_kst_id(doc_id)
    return (p[0], p[1], doc_id) if p else ("", 0, doc_id)


def motion_states(store: Store, dossier: str) -> dict:
    """For the motions of a dossier (in the store, or answered in a letter), their state after the latest
    answer: ``{"counts": {state: n}, "motions": [{"id", "state", "stance", "letter"}]}``."""
    d = links.norm_dossier(dossier)
    ids = [r["id"] for r in store._all("SELECT id FROM documents WHERE dossier = ? AND kind = 'motie'", (d,))]
    ids += [r["motion_id"] for r in store._all(
        "SELECT DISTINCT motion_id FROM answers WHERE dossier = ? AND motion_id IS NOT NULL", (d,))]
    ids = sorted(set(ids), key=_id_order)
    answers: dict[str, list[dict]] = {i: [] for i in ids}
    if ids:
        cond, p = _in_list(store, "a.motion_id", ids)
        for a in store._all("SELECT a.motion_id, a.doc_id AS letter, a.stance, d.date AS letter_date FROM answers a "
                            f"JOIN documents d ON d.id = a.doc_id WHERE {cond}", p):
            answers[a["motion_id"]].append(a)
    titles = {}
    if ids:
        cond, p = _in_list(store, "id", ids)
        titles = {r["id"]: r for r in store._all(f"SELECT id, title, date FROM documents WHERE {cond}", p)}
    motions = []
    counts = dict.fromkeys(MOTION_STATES, 0)
    for i in ids:
        state = motion_state(answers[i])
        counts[state] += 1
        latest = sorted(answers[i], key=lambda a: (a.get("letter_date") or "", a["letter"]))
        motions.append({"id": i, "state": state, "title": (titles.get(i) or {}).get("title"),
                        "date": (titles.get(i) or {}).get("date"), "in_store": i in titles,
                        "answers": len(answers[i]), "latest_letter": latest[-1]["letter"] if latest else None,
                        "latest_stance": latest[-1]["stance"] if latest else None})
    return {"dossier": d, "counts": counts, "motions": motions}


def answer_rows(store: Store, motion: str | None = None, letter: str | None = None, stance: str | None = None,
                dossier: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """Answers (letter x motion x stance x evidence), newest letter first."""
    where, params = [], []
    if motion:
        p = links.parse_kst_id(motion)
        where.append("a.motion_id = ?")
        params.append(links.kst_id(*p) if p else motion)
    if letter:
        where.append("a.doc_id = ?")
        params.append(letter)
    if stance:
        where.append("a.stance = ?")
        params.append(stance)
    if dossier:
        where.append("a.dossier = ?")
        params.append(links.norm_dossier(dossier))
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(store._scalar(f"SELECT count(*) FROM answers a{w}", params) or 0)
    rows = store._all(
        "SELECT a.doc_id AS letter, d.date AS letter_date, d.title AS letter_title, a.idx, a.motion_id AS motion, "
        "a.dossier, a.number, a.submitters, a.stance, a.evidence, a.start FROM answers a "
        f"JOIN documents d ON d.id = a.doc_id{w} ORDER BY d.date DESC, a.doc_id, a.idx LIMIT ? OFFSET ?",
        [*params, limit, offset])
    for r in rows:
        r["submitters"] = _loads(r["submitters"], [])
    return total, rows


# -- dossiers --------------------------------------------------------------------------------------------

def dossier_list(store: Store, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    total = int(store._scalar("SELECT count(DISTINCT dossier) FROM documents WHERE dossier IS NOT NULL") or 0)
    rows = store._all(
        "SELECT dossier, count(*) AS documents, sum(CASE WHEN kind = 'motie' THEN 1 ELSE 0 END) AS motions, "
        "min(date) AS first_date, max(date) AS last_date, "
        "(SELECT d2.title FROM documents d2 WHERE d2.dossier = d.dossier AND d2.title IS NOT NULL "
        " ORDER BY d2.number LIMIT 1) AS title "
        "FROM documents d WHERE dossier IS NOT NULL GROUP BY dossier "
        "ORDER BY max(date) DESC, dossier LIMIT ? OFFSET ?", [limit, offset])
    return total, rows


def dossier_known(store: Store, dossier: str) -> bool:
    d = links.norm_dossier(dossier)
    return store._scalar("SELECT 1 FROM documents WHERE dossier = ? UNION SELECT 1 FROM answers WHERE dossier = ? "
                         "LIMIT 1", (d, d)) is not None


# -- commitments -----------------------------------------------------------------------------------------

_MINISTRY = re.compile(r"\b(?:ministerie|minister|staatssecretaris)\s+(?:van|voor)\s+([^,.;]+)", re.IGNORECASE)


def ministry_of(actor: str | None, signatories: list[str]) -> str:
    """Who the commitment binds, for grouping: the ministry or office the actor names ("de minister van
    Buitenlandse Zaken"), else the letter's signatories, else the actor as written."""
    if actor:
        m = _MINISTRY.search(actor)
        if m:
            return m.group(1).strip()
    if signatories:
        return ", ".join(signatories)
    return (actor or "onbekend").strip()


def commitment_rows(store: Store, status: str = "all", today: str | None = None, dossier: str | None = None,
                    theme: str | None = None, ministry: str | None = None) -> list[dict]:
    """Every commitment with its letter, dossier, ministry (see ``ministry_of``), themes of its paragraph,
    whether it is open and overdue. ``status``: all | open | overdue. Newest letter first."""
    today = today or date.today().isoformat()
    where, params = [], []
    if status in ("open", "overdue"):
        where.append("(c.status IS NULL OR c.status = 'Openstaand')")
    if status == "overdue":
        where.append("c.due_by IS NOT NULL AND c.due_by < ?")
        params.append(today)
    if dossier:
        where.append("d.dossier = ?")
        params.append(links.norm_dossier(dossier))
    if theme:
        where.append("EXISTS (SELECT 1 FROM tags t WHERE t.doc_id = c.doc_id AND t.kind = 'theme' AND t.tag = ? "
                     "AND (c.paragraph IS NULL OR t.paragraph = c.paragraph))")
        params.append(theme)
    w = (" AND " + " AND ".join(where)) if where else ""
    rows = store._all(
        "SELECT c.doc_id, c.idx, d.date AS letter_date, d.title AS letter_title, d.dossier, d.submitters, c.text, "
        "c.actor, c.due, c.due_by, c.kind, c.status, c.paragraph, c.start FROM commitments c "
        f"JOIN documents d ON d.id = c.doc_id WHERE 1 = 1{w} ORDER BY d.date DESC, c.doc_id, c.idx", params)
    tags: dict[tuple[str, int], list[str]] = {}
    if rows:
        cond, p = _in_list(store, "doc_id", sorted({r["doc_id"] for r in rows}))
        for t in store._all(f"SELECT doc_id, paragraph, tag FROM tags WHERE kind = 'theme' AND {cond} "
                            "ORDER BY tag", p):
            tags.setdefault((t["doc_id"], t["paragraph"]), []).append(t["tag"])
    out = []
    for r in rows:
        sig = _loads(r.pop("submitters"), [])
        r["ministry"] = ministry_of(r["actor"], sig)
        r["themes"] = tags.get((r["doc_id"], r["paragraph"]), []) if r["paragraph"] is not None else []
        r["open"] = r["status"] in (None, "Openstaand")
        r["overdue"] = bool(r["open"] and r["due_by"] and r["due_by"] < today)
        if ministry and r["ministry"].lower() != ministry.lower():
            continue
        out.append(r)
    return out


def group_counts(rows: list[dict], key: str) -> list[dict]:
    """``[{"value", "count", "open", "overdue"}]`` over ``rows`` grouped by ``key`` (list keys count per item)."""
    acc: dict[str, dict] = {}
    for r in rows:
        vals = r.get(key)
        vals = vals if isinstance(vals, list) else [vals]
        for v in vals or [None]:
            v = v if v not in (None, "") else "—"
            g = acc.setdefault(v, {"value": v, "count": 0, "open": 0, "overdue": 0})
            g["count"] += 1
            g["open"] += int(bool(r.get("open")))
            g["overdue"] += int(bool(r.get("overdue")))
    return sorted(acc.values(), key=lambda g: (-g["count"], str(g["value"])))


# -- themes ----------------------------------------------------------------------------------------------

def theme_counts(store: Store, kind: str = "theme") -> dict[str, dict]:
    """``{tag: {"documents": n, "paragraphs": n}}`` for every tag of ``kind`` in the store."""
    return {r["tag"]: {"documents": int(r["docs"]), "paragraphs": int(r["paras"])} for r in store._all(
        "SELECT tag, count(DISTINCT doc_id) AS docs, count(*) AS paras FROM tags WHERE kind = ? GROUP BY tag",
        (kind,))}


def theme_timeline(store: Store, tag: str, kind: str = "theme", limit: int = 50, offset: int = 0) -> dict:
    """What the documents say about one theme over time: per year the documents, paragraphs and the
    cabinet's stances in those documents; the paragraphs themselves newest first (paged); the instruments
    (or themes) named in the same paragraphs."""
    by_year = store._all(
        "SELECT coalesce(substr(d.date, 1, 4), '?') AS year, count(DISTINCT t.doc_id) AS documents, "
        "count(*) AS paragraphs FROM tags t JOIN documents d ON d.id = t.doc_id WHERE t.kind = ? AND t.tag = ? "
        "GROUP BY coalesce(substr(d.date, 1, 4), '?') ORDER BY 1", (kind, tag))
    stances = store._all(
        "SELECT coalesce(substr(d.date, 1, 4), '?') AS year, a.stance, count(*) AS n FROM answers a "
        "JOIN documents d ON d.id = a.doc_id WHERE a.stance IS NOT NULL AND EXISTS (SELECT 1 FROM tags t "
        "WHERE t.doc_id = a.doc_id AND t.kind = ? AND t.tag = ?) GROUP BY 1, a.stance ORDER BY 1", (kind, tag))
    per_year: dict[str, dict] = {r["year"]: {**r, "stances": {}} for r in by_year}
    for s in stances:
        per_year.setdefault(s["year"], {"year": s["year"], "documents": 0, "paragraphs": 0, "stances": {}})
        per_year[s["year"]]["stances"][s["stance"]] = int(s["n"])
    total = int(store._scalar("SELECT count(*) FROM tags WHERE kind = ? AND tag = ?", (kind, tag)) or 0)
    paras = store._all(
        "SELECT t.doc_id, t.paragraph, d.date, d.title, d.kind, d.dossier, p.text FROM tags t "
        "JOIN documents d ON d.id = t.doc_id JOIN paragraphs p ON p.doc_id = t.doc_id AND p.idx = t.paragraph "
        "WHERE t.kind = ? AND t.tag = ? ORDER BY d.date DESC, t.doc_id, t.paragraph LIMIT ? OFFSET ?",
        (kind, tag, limit, offset))
    other = "instrument" if kind == "theme" else "theme"
    co = store._all(
        "SELECT o.tag AS value, count(*) AS n FROM tags t JOIN tags o ON o.doc_id = t.doc_id "
        "AND o.paragraph = t.paragraph AND o.kind = ? WHERE t.kind = ? AND t.tag = ? GROUP BY o.tag "
        "ORDER BY n DESC, o.tag LIMIT 20", (other, kind, tag))
    return {"id": tag, "kind": kind, "total_paragraphs": total,
            "years": [per_year[y] for y in sorted(per_year)],
            "paragraphs": paras, "limit": limit, "offset": offset,
            "related": [{"value": r["value"], "count": int(r["n"])} for r in co]}


# a suggestion by meaning is shown on the motion page only when it stands this many standard deviations above
# the motion's similarity to all other stored paragraphs. Measured on the shared corpus (8,041 motions, the
# letter 35 207 nr. 32): for 150 motions on other subjects the letter's best paragraph stood 1.61 sd above
# (median; 95th percentile 2.38, 99th 2.68), for a motion on the letter's own subject 2.74.
SUGGESTION_MIN_Z = 2.5


def answer_suggestions(s: Store, motion_id: str, limit: int = 5, min_z: float | None = SUGGESTION_MIN_Z) -> dict:
    """Candidate answers to a motion by meaning (and by submitter name), from the semantic layer: suggestions,
    not findings. ``{"candidates": [...], "notes": [...]}``; empty when the semantic layer cannot answer."""
    try:
        from kamerspoor.semantic.answers import MotionNotFound, candidate_answers
        from kamerspoor.semantic.embed import EmbeddingError
    except ImportError:  # the semantic layer is optional
        return {"candidates": [], "notes": ["the semantic layer is not installed"]}
    try:
        res = candidate_answers(s, motion_id, limit=limit, min_z=min_z)
    except MotionNotFound:
        return {"candidates": [], "notes": []}
    except EmbeddingError as e:
        return {"candidates": [], "notes": [str(e)]}
    return {"candidates": [c.to_dict() for c in res.candidates if c.how != "number"], "notes": list(res.notes)}
