"""What the pages and the API show beyond the store's read API, computed from it (no SQL here): a motion's
state after the cabinet's answers, commitments with the ministry they bind, counts per group, and answers
found by meaning.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict
from urllib.parse import urlencode

from kamerspoor import labels, watches
from kamerspoor.rules import ministries as M
from kamerspoor.rules.dates import due_by
from kamerspoor.rules.identifiers import kst_order, norm_dossier
from kamerspoor.rules.ministries import resolve_title
from kamerspoor.store import Store, owners
from kamerspoor.store.motions import answer_state, badge, strongest_answer
from kamerspoor.store.types import DashboardCommitment, LetterStance, MotionView, StrongestAnswer
from kamerspoor.verantwoording import commitment_state

# The state of a motion after the cabinet's latest answer to it, for the dossier chart (data/labels.yaml).
STATE_OF_STANCE = {stance: style.state for stance, style in labels.stance_styles().items()}
MOTION_STATES = ("executed", "in_progress", "declined", "unanswered")


class MotionState(TypedDict):
    id: str
    state: str
    strongest: StrongestAnswer | None  # the answer its badge shows (store.motions.STRENGTH)
    title: str | None
    date: str | None
    in_store: bool
    answers: int
    latest_letter: str | None
    latest_stance: str | None


class DossierStates(TypedDict):
    dossier: str | None
    counts: dict[str, int]
    motions: list[MotionState]


class GroupCount(TypedDict):
    value: Any
    count: int
    open: int
    overdue: int


# -- motions ---------------------------------------------------------------------------------------------

def motion_full(store: Store, motion_id: str) -> MotionView | None:
    """``Store.motion`` plus what the motion page shows: each answer's paragraph and the motion's state."""
    m = store.motion(motion_id)
    if m is None:
        return None
    for a in m["answers"]:
        a["paragraph"] = store.paragraph_of(a["letter"], a.get("start"))
    m["state"] = motion_state(m["answers"])
    # its badge and answer state as the motion list and the report decide them: a letter known by its metadata
    # only that names it in its subject (not for advice before the vote) counts when no letter with text answers
    named = [{"letter": x["letter"], "letter_date": x["date"]} for x in m.get("letters") or []
             if x["relation"] == "answer" and not x["text_in_store"]]
    m["strongest"] = badge(m["answers"], named)
    m["answer_state"] = answer_state((a.get("stance") for a in m["answers"]), bool(named))
    today = date.today().isoformat()
    for c in m.get("commitments") or []:
        last_day = due_by(c.get("due"))  # "2026" is due by 2026-12-31
        c["overdue"] = bool(c.get("status") in (None, "Openstaand") and last_day and last_day < today)
        c["state"] = commitment_state(c.get("official_status"), last_day or c.get("official_due"), today)
    return m


def motion_state(answers: list[Any]) -> str:
    """executed / in_progress / declined / unanswered after the latest answer that takes a stance."""
    dated = sorted(answers, key=lambda a: (a.get("letter_date") or "", a.get("letter") or ""))
    state = "unanswered"
    for a in dated:
        s = STATE_OF_STANCE.get(a.get("stance") or "", "unanswered")
        if s != "unanswered":
            state = s
    return state


def motion_states(store: Store, dossier: str) -> DossierStates:
    """For the motions of a dossier (in the store, or answered in a letter), their state after the latest
    answer: ``{"counts": {state: n}, "motions": [{"id", "state", "stance", "letter"}]}``."""
    motions: list[MotionState] = []
    counts = dict.fromkeys(MOTION_STATES, 0)
    for m in sorted(store.dossier_motions(dossier), key=lambda m: kst_order(m["id"])):
        state = motion_state(m["answers"])
        counts[state] += 1
        latest: list[LetterStance] = sorted(m["answers"], key=lambda a: (a.get("letter_date") or "", a["letter"]))
        motions.append({"id": m["id"], "state": state, "strongest": strongest_answer(m["answers"]),
                        "title": m["title"], "date": m["date"],
                        "in_store": m["in_store"], "answers": len(m["answers"]),
                        "latest_letter": latest[-1]["letter"] if latest else None,
                        "latest_stance": latest[-1]["stance"] if latest else None})
    return {"dossier": norm_dossier(dossier), "counts": counts, "motions": motions}


# -- commitments -----------------------------------------------------------------------------------------

def ministry_of(actor: str | None, signatories: list[str], title: str | None = None, on: str | None = None) -> str:
    """Who the commitment binds, for grouping: the ministry the actor names ("de minister van Buitenlandse
    Zaken", read by ``rules/ministries.py`` with its name on the letter's date ``on``), else the one the letter's
    title names, else the letter's signatories, else the actor as written."""
    found = resolve_title(actor, on) or resolve_title(title, on)
    if found:
        return found[0].name
    if signatories:
        return ", ".join(signatories)
    return (actor or "onbekend").strip()


def commitment_rows(store: Store, status: str = "all", today: str | None = None, dossier: str | None = None,
                    theme: str | None = None, ministry: str | None = None) -> list[DashboardCommitment]:
    """Every commitment with its letter, dossier, ministry (resolved at ingest, else see ``ministry_of``), themes
    of its paragraph, whether it is open and overdue, and its ``state`` (unknown until the register says
    otherwise or the due date passes: :func:`kamerspoor.verantwoording.commitment_state`). ``status``: all |
    open | overdue. Newest letter first."""
    out = []
    today = today or date.today().isoformat()
    for r in store.commitment_list(status, today, dossier, theme):
        signatories = r.pop("submitters", [])
        r["ministry"] = owners.name(r["ministry_id"]) or ministry_of(r["actor"], signatories, r["letter_title"],
                                                                     r["letter_date"])
        r["state"] = commitment_state(r["official_status"], r["due_by"] or r["official_due"], today)
        if ministry and r["ministry"].lower() != ministry.lower():
            continue
        for key in ("themes", "open", "overdue"):  # after the ministry, as the columns are shown
            r[key] = r.pop(key)  # type: ignore[literal-required,misc]
        out.append(r)
    return out


def group_counts(rows: list[Any], key: str) -> list[GroupCount]:
    """``[{"value", "count", "open", "overdue"}]`` over ``rows`` grouped by ``key`` (list keys count per item)."""
    acc: dict[str, GroupCount] = {}
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


# -- answers by meaning ----------------------------------------------------------------------------------

# a suggestion by meaning is shown on the motion page only when it stands this many standard deviations above
# the motion's similarity to all other stored paragraphs. Measured on the shared corpus (8,041 motions, the
# letter 35 207 nr. 32): for 150 motions on other subjects the letter's best paragraph stood 1.61 sd above
# (median; 95th percentile 2.38, 99th 2.68), for a motion on the letter's own subject 2.74.
SUGGESTION_MIN_Z = 2.5


def answer_suggestions(s: Store, motion_id: str, limit: int = 5, min_z: float | None = SUGGESTION_MIN_Z,
                       motion: MotionView | None = None) -> dict:
    """Candidate answers to a motion by meaning (and by submitter name), from the semantic layer: suggestions,
    not findings. ``{"candidates": [...], "notes": [...]}``; empty when the semantic layer cannot answer.
    ``motion``: the motion as ``s.motion(motion_id)`` gave it, when the caller has read it already."""
    from kamerspoor.semantic.answers import MotionNotFound, candidate_answers
    from kamerspoor.semantic.embed import EmbeddingError

    try:
        res = candidate_answers(s, motion_id, limit=limit, min_z=min_z, motion=motion)
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


# what a watch follows, as the page /volgen names it -> kamerspoor.watches.KINDS
KIND_NL = {"motie": "motion", "dossier": "dossier", "thema": "theme", "partij": "party", "ministerie": "ministry",
           "zoekopdracht": "search"}


def ministry_choices() -> list[tuple[str, str]]:
    """(id, current name) of every ministry, by name: what a ministry filter offers."""
    return [(m.id, m.current.name) for m in sorted(M.ministries(), key=lambda m: m.current.name)]


def feed_links(kind: str, target: str) -> dict[str, str]:
    """What a page shows to follow ``kind`` ``target`` (as kamerspoor.watches.normalise gives it): its Atom feed
    and the page that adds a watch on it (a template global)."""
    nl = next(k for k, v in KIND_NL.items() if v == kind)
    shown = target.removeprefix("kst-") if kind == "motion" else target
    return {"href": watches.feed_path(kind, target), "title": f"kamerspoor: {watches.describe(kind, target)}",
            "follow": "/volgen?" + urlencode({"soort": nl, "doel": shown})}
