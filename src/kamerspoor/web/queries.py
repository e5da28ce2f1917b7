"""Read-only queries the web interface needs beyond the Store's record-level API.

Everything here reads through the Store's query API (``query``, ``query_one``, ``query_value``,
``in_clause``) with plain SQL on the store's tables (see ``kamerspoor/store/migrations``); nothing writes.
"""

from __future__ import annotations

import re
from datetime import date

from kamerspoor.rules.identifiers import kst_order
from kamerspoor.store import SearchFilters, Store, links
from kamerspoor.store.base import json_column

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


# -- search facets ---------------------------------------------------------------------------------------

FACET_LIMIT = 15


def search_facets(store: Store, query: str, filters: SearchFilters) -> dict[str, list[dict]]:
    """Counts of matching documents per kind, dossier, year, theme, instrument, party and stance."""
    cond, p = store.in_clause("d.id", store.matching_documents(query, filters))

    def counted(sql: str, params: list, limit: int = FACET_LIMIT) -> list[dict]:
        rows = store.query(sql + " ORDER BY n DESC, value LIMIT ?", [*params, limit])
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
    row = store.query_one("SELECT id, kind, dossier, number, session_year, date, title, submitters, content_hash "
                          "FROM documents WHERE id = ?", (doc_id,))
    if row:
        row["submitters"] = json_column(row["submitters"], [])
    return row


def existing_ids(store: Store, ids: list[str]) -> set[str]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return set()
    cond, p = store.in_clause("id", ids)
    return {r["id"] for r in store.query(f"SELECT id FROM documents WHERE {cond}", p)}


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
    total = int(store.query_value(f"SELECT count(*) FROM documents{w}", params) or 0)
    rows = store.query("SELECT id, kind, dossier, number, session_year, date, title, submitters FROM documents"
                       f"{w} ORDER BY date DESC, dossier, number DESC, id LIMIT ? OFFSET ?", [*params, limit, offset])
    for r in rows:
        r["submitters"] = json_column(r["submitters"], [])
    return total, rows


def motion_list(store: Store, dossier: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    where, params = "", []
    if dossier:
        where, params = " WHERE d.dossier = ?", [links.norm_dossier(dossier)]
    total = int(store.query_value(f"SELECT count(*) FROM motions m JOIN documents d ON d.id = m.id{where}",
                                  params) or 0)
    # the page's ids first, so the vote and answer counts are looked up for one page, not for every motion
    rows = store.query(
        "SELECT m.id, d.dossier, d.number, d.date, d.title, d.submitters, m.replaces_id, "
        "(SELECT v.result FROM zaken z JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id "
        " ORDER BY v.date DESC LIMIT 1) AS vote, "
        "(SELECT count(*) FROM answers a WHERE a.motion_id = m.id) AS answers "
        f"FROM (SELECT m.id AS id FROM motions m JOIN documents d ON d.id = m.id{where} "
        "ORDER BY d.date DESC, m.id LIMIT ? OFFSET ?) pg JOIN motions m ON m.id = pg.id "
        "JOIN documents d ON d.id = m.id ORDER BY d.date DESC, m.id", [*params, limit, offset])
    for r in rows:
        r["submitters"] = json_column(r["submitters"], [])
    return total, rows


def paragraph_of(store: Store, doc_id: str, offset: int | None) -> int | None:
    """The index of the paragraph of ``doc_id`` holding character ``offset`` (or the last one before it)."""
    if offset is None:
        return None
    row = store.query_one('SELECT idx FROM paragraphs WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1',
                          (doc_id, offset))
    return int(row["idx"]) if row else None


# -- motions ---------------------------------------------------------------------------------------------

def motion_full(store: Store, motion_id: str) -> dict | None:
    """``Store.motion`` plus what the motion page shows: each answer's paragraph and the motion's state."""
    m = store.motion(motion_id)
    if m is None:
        return None
    for a in m["answers"]:
        a["paragraph"] = paragraph_of(store, a["letter"], a.get("start"))
    m["state"] = motion_state(m["answers"])
    today = date.today().isoformat()
    for c in m.get("commitments") or []:
        due_by = c.get("due_by") or links.due_by(c.get("due"))  # "2026" is due by 2026-12-31
        c["overdue"] = bool(c.get("status") in (None, "Openstaand") and due_by and due_by < today)
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
    return kst_order(doc_id)


def motion_states(store: Store, dossier: str) -> dict:
    """For the motions of a dossier (in the store, or answered in a letter), their state after the latest
    answer: ``{"counts": {state: n}, "motions": [{"id", "state", "stance", "letter"}]}``."""
    d = links.norm_dossier(dossier)
    ids = [r["id"] for r in store.query("SELECT id FROM documents WHERE dossier = ? AND kind = 'motie'", (d,))]
    ids += [r["motion_id"] for r in store.query(
        "SELECT DISTINCT motion_id FROM answers WHERE dossier = ? AND motion_id IS NOT NULL", (d,))]
    ids = sorted(set(ids), key=_id_order)
    answers: dict[str, list[dict]] = {i: [] for i in ids}
    if ids:
        cond, p = store.in_clause("a.motion_id", ids)
        for a in store.query("SELECT a.motion_id, a.doc_id AS letter, a.stance, d.date AS letter_date FROM answers a "
                             f"JOIN documents d ON d.id = a.doc_id WHERE {cond}", p):
            answers[a["motion_id"]].append(a)
    titles = {}
    if ids:
        cond, p = store.in_clause("id", ids)
        titles = {r["id"]: r for r in store.query(f"SELECT id, title, date FROM documents WHERE {cond}", p)}
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
    total = int(store.query_value(f"SELECT count(*) FROM answers a{w}", params) or 0)
    rows = store.query(
        "SELECT a.doc_id AS letter, d.date AS letter_date, d.title AS letter_title, a.idx, a.motion_id AS motion, "
        "a.dossier, a.number, a.submitters, a.stance, a.evidence, a.start FROM answers a "
        f"JOIN documents d ON d.id = a.doc_id{w} ORDER BY d.date DESC, a.doc_id, a.idx LIMIT ? OFFSET ?",
        [*params, limit, offset])
    for r in rows:
        r["submitters"] = json_column(r["submitters"], [])
    return total, rows


# -- dossiers --------------------------------------------------------------------------------------------

def dossier_list(store: Store, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    total = int(store.query_value("SELECT count(DISTINCT dossier) FROM documents WHERE dossier IS NOT NULL") or 0)
    rows = store.query(
        "SELECT dossier, count(*) AS documents, sum(CASE WHEN kind = 'motie' THEN 1 ELSE 0 END) AS motions, "
        "min(date) AS first_date, max(date) AS last_date, "
        "(SELECT d2.title FROM documents d2 WHERE d2.dossier = d.dossier AND d2.title IS NOT NULL "
        " ORDER BY d2.number LIMIT 1) AS title "
        "FROM documents d WHERE dossier IS NOT NULL GROUP BY dossier "
        "ORDER BY max(date) DESC, dossier LIMIT ? OFFSET ?", [limit, offset])
    return total, rows


def dossier_known(store: Store, dossier: str) -> bool:
    d = links.norm_dossier(dossier)
    return store.query_value("SELECT 1 FROM documents WHERE dossier = ? UNION SELECT 1 FROM answers WHERE dossier = ? "
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
    rows = store.query(
        "SELECT c.doc_id, c.idx, d.date AS letter_date, d.title AS letter_title, d.dossier, d.submitters, c.text, "
        "c.actor, c.due, c.due_by, c.kind, c.status, c.paragraph, c.start, c.match_score, "
        "o.number AS official_number, o.status AS official_status, o.due AS official_due "
        "FROM commitments c JOIN documents d ON d.id = c.doc_id "
        "LEFT JOIN official_commitments o ON o.id = c.matched_official "
        f"WHERE 1 = 1{w} ORDER BY d.date DESC, c.doc_id, c.idx", params)
    tags: dict[tuple[str, int], list[str]] = {}
    if rows:
        cond, p = store.in_clause("doc_id", sorted({r["doc_id"] for r in rows}))
        for t in store.query(f"SELECT doc_id, paragraph, tag FROM tags WHERE kind = 'theme' AND {cond} "
                             "ORDER BY tag", p):
            tags.setdefault((t["doc_id"], t["paragraph"]), []).append(t["tag"])
    out = []
    for r in rows:
        sig = json_column(r.pop("submitters"), [])
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
    return {r["tag"]: {"documents": int(r["docs"]), "paragraphs": int(r["paras"])} for r in store.query(
        "SELECT tag, count(DISTINCT doc_id) AS docs, count(*) AS paras FROM tags WHERE kind = ? GROUP BY tag",
        (kind,))}


def theme_timeline(store: Store, tag: str, kind: str = "theme", limit: int = 50, offset: int = 0) -> dict:
    """What the documents say about one theme over time: per year the documents, paragraphs and the
    cabinet's stances in those documents; the paragraphs themselves newest first (paged); the instruments
    (or themes) named in the same paragraphs."""
    by_year = store.query(
        "SELECT coalesce(substr(d.date, 1, 4), '?') AS year, count(DISTINCT t.doc_id) AS documents, "
        "count(*) AS paragraphs FROM tags t JOIN documents d ON d.id = t.doc_id WHERE t.kind = ? AND t.tag = ? "
        "GROUP BY coalesce(substr(d.date, 1, 4), '?') ORDER BY 1", (kind, tag))
    stances = store.query(
        "SELECT coalesce(substr(d.date, 1, 4), '?') AS year, a.stance, count(*) AS n FROM answers a "
        "JOIN documents d ON d.id = a.doc_id WHERE a.stance IS NOT NULL AND EXISTS (SELECT 1 FROM tags t "
        "WHERE t.doc_id = a.doc_id AND t.kind = ? AND t.tag = ?) GROUP BY 1, a.stance ORDER BY 1", (kind, tag))
    per_year: dict[str, dict] = {r["year"]: {**r, "stances": {}} for r in by_year}
    for s in stances:
        per_year.setdefault(s["year"], {"year": s["year"], "documents": 0, "paragraphs": 0, "stances": {}})
        per_year[s["year"]]["stances"][s["stance"]] = int(s["n"])
    total = int(store.query_value("SELECT count(*) FROM tags WHERE kind = ? AND tag = ?", (kind, tag)) or 0)
    paras = store.query(
        "SELECT t.doc_id, t.paragraph, d.date, d.title, d.kind, d.dossier, p.text FROM tags t "
        "JOIN documents d ON d.id = t.doc_id JOIN paragraphs p ON p.doc_id = t.doc_id AND p.idx = t.paragraph "
        "WHERE t.kind = ? AND t.tag = ? ORDER BY d.date DESC, t.doc_id, t.paragraph LIMIT ? OFFSET ?",
        (kind, tag, limit, offset))
    other = "instrument" if kind == "theme" else "theme"
    co = store.query(
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
    from kamerspoor.semantic.answers import MotionNotFound, candidate_answers
    from kamerspoor.semantic.embed import EmbeddingError

    try:
        res = candidate_answers(s, motion_id, limit=limit, min_z=min_z)
    except MotionNotFound:
        return {"candidates": [], "notes": []}
    except EmbeddingError as e:
        return {"candidates": [], "notes": [str(e)]}
    return {"candidates": [c.to_dict() for c in res.candidates if c.how != "number"], "notes": list(res.notes),
            "notes_nl": [_NOTES_NL.get(n.split(":")[0], n) for n in res.notes]}


# the semantic layer's notes, as the Dutch interface says them (keyed by the text before the first colon)
_NOTES_NL = {
    "no embeddings in the store": "er zijn nog geen zinsembeddings: `kamerspoor embed` berekent ze",
    "the motion's requests are not in the store": "het verzoek van de motie staat niet in kamerspoor",
    "the motion is not in the store": "de motie zelf staat niet in kamerspoor; suggesties liggen dicht bij de "
                                      "alinea's die haar noemen",
    "meaning not used": "vergelijking op betekenis staat uit",
}
