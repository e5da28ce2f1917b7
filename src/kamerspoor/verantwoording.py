"""The accountability report (verantwoording): what became of the motions the Kamer adopted, per ministry,
dossier, theme or party, in a period; ``kamerspoor report`` and the page ``/verantwoording``.

    from kamerspoor.verantwoording import Filters, build
    report = build(store, Filters(since="2024-01-01", ministry="bz"))
    report["totals"]["outcomes"]        # {"answered": 12, "in_progress": 3, ..., "none": 40}

For every adopted motion (its Zaak's vote ``aangenomen``) the report decides one outcome, from the answers in the
store to the motion or to any motion of its replacement chain (a gewijzigde motie and the one it replaces):

- ``answered``: the latest letter that takes a stance says it was done, is policy already, or partly done;
- ``in_progress``: the latest letter says the cabinet is working on it, and no later letter with text says more;
- ``declined``: the latest letter declines it;
- ``noted``: letters name it but take no stance;
- ``named``: no letter with text answers it, but a letter known only by its metadata names it in its subject
  ("named in letter X": the letter's text is not in the store);
- ``none``: nothing in the store answers it: "geen antwoord in deze verzameling", with the days since the vote.

Absence is only absence in this store: the report's coverage says what the store holds (the period of its
letters and votes, how many letters have their text and how many are known by their metadata only).

Beside the motions: the cabinet's appreciation before the vote against the outcome (advised against but adopted:
what followed), the commitments of the letters of the period (unknown, open, overdue, met: the register's
status where one matched), the register's own commitments where synced, per ministry the share of adopted motions
answered, a timeline per quarter of the vote, and the matrix of answered motions against the themes and
instruments of their answers (:mod:`kamerspoor.matrix`).

Reading goes through the store's read API (:mod:`kamerspoor.store.accountability`): :func:`gather` reads,
:func:`compose` decides, a pure function of what was read and of the filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kamerspoor import labels, matrix, taxonomy
from kamerspoor.matrix import Matrix
from kamerspoor.model import InputError
from kamerspoor.rules.dates import is_date
from kamerspoor.rules.identifiers import kst_id, parse_kst_id
from kamerspoor.store import Store, owners
from kamerspoor.store.types import (
    AdoptedMotion,
    CoverageCounts,
    NamedLetter,
    ReportAnswer,
    ReportCommitment,
    ReportOfficial,
)

if TYPE_CHECKING:
    from kamerspoor.tkletters import Brief

OUTCOMES = ("answered", "in_progress", "declined", "noted", "named", "none")
# the outcomes that count as an answer in the share per ministry: a letter took a stance, or names the motion in
# its subject (its text not in the store); "noted" (mentioned without a stance) and "none" do not
ANSWERED = ("answered", "in_progress", "declined", "named")
OUTCOME_OF_STANCE = {"executed": "answered", "already_policy": "answered", "partial": "answered",
                     "in_progress": "in_progress", "declined": "declined", "noted": "noted"}
COMMITMENT_STATES = ("unknown", "open", "overdue", "fulfilled", "partly_fulfilled", "lapsed")
_REGISTER_STATE = {"Voldaan": "fulfilled", "Deels voldaan": "partly_fulfilled", "Vervallen": "lapsed",
                   "Openstaand": "open"}
ADVISED_AGAINST = ("Ontraden", "Ontraden, tenzij gewijzigd")
UNKNOWN_MINISTRY = owners.UNKNOWN


@dataclass(frozen=True)
class Filters:
    """What the report covers: votes (and letters, commitments) in ``since``..``until`` (YYYY-MM-DD, either
    open), of one ministry (an id from rules/ministries.yaml, or a name or abbreviation), dossier, theme (a
    taxonomy id), party (a fractie as the open data writes it) or search (``query``, the search language of
    ``kamerspoor search``: the motions whose text matches it, and the commitments of the letters that match it or
    that answer those motions; a motion known only by its Zaak, without text, matches no search). ``today``
    judges overdue commitments and the days since a vote."""

    since: str | None = None
    until: str | None = None
    ministry: str | None = None
    dossier: str | None = None
    theme: str | None = None
    party: str | None = None
    query: str | None = None
    today: str = field(default_factory=lambda: date.today().isoformat())

    def checked(self) -> Filters:
        """The filters with the ministry as its id and the dossier in its normal form; an InputError (one line)
        for a date that is not one, an unknown ministry or theme."""
        for name in ("since", "until", "today"):
            value = getattr(self, name)
            if value and not is_date(value):
                raise InputError(None, f"{name} {value!r}: expected a date YYYY-MM-DD")
        out = self
        if self.ministry:
            out = replace(out, ministry=owners.ministry_id(self.ministry))
        if self.theme and self.theme not in taxonomy.load()["themes"]:
            raise InputError(None, f"theme {self.theme!r}: not a theme of the taxonomy")
        if self.dossier:
            from kamerspoor.rules.identifiers import norm_dossier

            out = replace(out, dossier=norm_dossier(self.dossier))
        return out

    def active(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v and k != "today"}






@dataclass
class Inputs:
    """Everything the report reads from the store."""

    motions: list[AdoptedMotion]
    answers: list[ReportAnswer]
    pairs: list[tuple[str, str]]
    themes: dict[str, list[str]]
    parties: dict[str, list[str]]
    named: list[NamedLetter]
    commitments: list[ReportCommitment]
    officials: list[ReportOfficial]
    coverage: CoverageCounts
    paragraph_tags: dict[tuple[str, int], list[tuple[str, str]]] = field(default_factory=dict)
    dossier_ministries: dict[str, str] = field(default_factory=dict)
    metadata_letters: int = 0  # letters the store knows by their metadata only
    matching: Matching | None = None  # what the search filter matches (None: no search)


@dataclass(frozen=True)
class Matching:
    """The documents a search filter matches: motions, and every document (letters included)."""

    motions: frozenset[str]
    documents: frozenset[str]


def matching(store: Store, query: str | None) -> Matching | None:
    """The motions and documents whose text matches ``query`` (the store's full-text search); a
    QuerySyntaxError (an InputError, one line) for a query that cannot be read."""
    if not query:
        return None
    from kamerspoor.store import SearchFilters

    motions = store.matching_documents(query, SearchFilters(kind="motie"))
    return Matching(motions=frozenset(motions), documents=frozenset(store.matching_documents(query)))


def gather(store: Store, filters: Filters) -> Inputs:
    """Read what the report needs, in a few queries over whole tables."""
    answers = store.answers_with_letters()
    commitments = store.report_commitments(filters.since, filters.until)
    letters = sorted({a["letter"] for a in answers} | {c["doc_id"] for c in commitments})
    named, metadata_letters = named_letters(store)
    return Inputs(motions=store.adopted_motions(filters.since, filters.until), answers=answers,
                  pairs=store.replacement_pairs(), themes=store.motion_theme_tags(), parties=store.motion_parties(),
                  named=named, commitments=commitments, officials=store.report_officials(filters.since, filters.until),
                  coverage=store.coverage_counts(), paragraph_tags=store.paragraph_tags(letters),
                  dossier_ministries=store.dossier_ministries(), metadata_letters=metadata_letters,
                  matching=matching(store, filters.query))


def named_letters(store: Store) -> tuple[list[NamedLetter], int]:
    """The letters known by their metadata only that name motions in their subject, and how many such letters
    the store has."""
    return store.letters_naming_motions(), store.metadata_letter_count()


def named_from_brieven(brieven: Iterable[Brief]) -> list[NamedLetter]:
    """The motions cabinet letters known by their open-data Document record (:mod:`kamerspoor.tkletters`) name
    by number in their subject, as the report takes them (no ministry: the record does not say)."""
    out = []
    for b in brieven:
        for m in b.subject.by_number:
            if m.kst_id:
                out.append(NamedLetter(letter=b.nummer or b.id, motion=m.kst_id, subject=b.onderwerp,
                                       date=b.datum.isoformat() if b.datum else None, ministry=None,
                                       relation=m.relation))
    return out


def build(store: Store, filters: Filters | None = None) -> dict[str, Any]:
    """The report over ``store`` (see the module's docstring)."""
    f = (filters or Filters()).checked()
    return compose(gather(store, f), f)


# -- deciding ----------------------------------------------------------------------------------------------

def chains(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Every motion of a replacement pair -> all the motions of its chain (itself included)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(root(x), set()).add(x)
    return {x: groups[root(x)] for x in parent}


def _key(motion_id: str) -> str:
    return motion_id[4:] if motion_id.startswith("kst-") else motion_id


@lru_cache(maxsize=65536)
def _dossier(motion_id: str) -> str | None:
    parsed = parse_kst_id(motion_id)
    return parsed[0] if parsed else None


def outcome_of(answers: list[ReportAnswer], named: list[NamedLetter]) -> tuple[str, ReportAnswer | None]:
    """(outcome, the answer that decides it) after the letters with text, else the letters named by subject."""
    dated = sorted(answers, key=lambda a: (a["letter_date"] or "", a["letter"], a["idx"]))
    deciding = [a for a in dated if (a["stance"] or "noted") != "noted"]
    if deciding:
        last = deciding[-1]
        return OUTCOME_OF_STANCE.get(last["stance"] or "noted", "noted"), last
    if dated:
        return "noted", dated[-1]
    if any(n["relation"] == "answer" for n in named):
        return "named", None
    return "none", None


def _days(since: str | None, today: str) -> int | None:
    if not since or not is_date(since[:10]):
        return None
    return (date.fromisoformat(today) - date.fromisoformat(since[:10])).days


class _Index:
    """The inputs indexed by motion: answers and named letters per chain, themes, parties."""

    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self.chain = chains(inputs.pairs)
        self.answers: dict[str, list[ReportAnswer]] = {}
        for a in inputs.answers:
            self.answers.setdefault(a["motion"], []).append(a)
        self.named: dict[str, list[NamedLetter]] = {}
        for n in inputs.named:
            self.named.setdefault(n["motion"], []).append(n)

    def of_chain(self, motion_id: str) -> set[str]:
        return self.chain.get(motion_id, {motion_id})

    def answers_to(self, motion_id: str) -> list[ReportAnswer]:
        return [a for m in sorted(self.of_chain(motion_id)) for a in self.answers.get(m, [])]

    def named_in(self, motion_id: str) -> list[NamedLetter]:
        return [n for m in sorted(self.of_chain(motion_id)) for n in self.named.get(m, [])]

    def themes(self, motion_id: str, answers: list[ReportAnswer]) -> list[str]:
        found = {t for m in self.of_chain(motion_id) for t in self.inputs.themes.get(m, [])}
        for a in answers:
            if a["paragraph"] is not None:
                found |= {tag for kind, tag in self.inputs.paragraph_tags.get((a["letter"], a["paragraph"]), [])
                          if kind == "theme"}
        return sorted(found)

    def parties(self, motion_id: str) -> list[str]:
        out: list[str] = []
        for m in [motion_id, *sorted(self.of_chain(motion_id) - {motion_id})]:
            out += [p for p in self.inputs.parties.get(m, []) if p not in out]
        return out


def motion_ministry(m: AdoptedMotion, answers: list[ReportAnswer], named: list[NamedLetter],
                    by_dossier: dict[str, str]) -> tuple[str | None, str | None]:
    """(the ministry a motion is addressed to, where that was read), as :func:`kamerspoor.store.owners.of_motion`
    decides it (the motion list's ministry filter decides the same way): its Zaak, its own, the latest letter
    that answers or names it, else the ministry that signs most letters of its dossier."""
    letters = [(a["letter_date"] or "", a["ministry"]) for a in answers] + [(n["date"] or "", n["ministry"]) for n in named]
    latest_first = [mi for _d, mi in sorted(letters, key=lambda x: x[0], reverse=True)]
    dossier = _dossier(m["id"])
    return owners.of_motion(m["zaak_ministry"], m["document_ministry"], latest_first,
                            by_dossier.get(dossier) if dossier else None)


def motion_row(m: AdoptedMotion, index: _Index, today: str) -> dict[str, Any]:
    """One adopted motion as the report lists it: what it is, who asked, who owns it, what became of it."""
    answers = index.answers_to(m["id"])
    named = index.named_in(m["id"])
    outcome, deciding = outcome_of(answers, named)
    ministry, source = motion_ministry(m, answers, named, index.inputs.dossier_ministries)
    later = [n for n in named if deciding and (n["date"] or "") > (deciding["letter_date"] or "")]
    return {
        "id": m["id"], "key": _key(m["id"]), "title": m["onderwerp"] or m["title"] or m["id"],
        "dossier": _dossier(m["id"]), "vote_date": m["vote_date"], "voor": m["voor"], "tegen": m["tegen"],
        "appreciation": m["appreciation"], "in_store": m["in_store"],
        "ministry": ministry or UNKNOWN_MINISTRY, "ministry_name": owners.name(ministry) or "ministerie onbekend",
        "ministry_source": source, "parties": index.parties(m["id"]), "themes": index.themes(m["id"], answers),
        "outcome": outcome, "stance": deciding["stance"] if deciding else None,
        "letter": deciding["letter"] if deciding else None,
        "letter_date": deciding["letter_date"] if deciding else None,
        "letter_title": deciding["letter_title"] if deciding else None,
        "evidence": deciding["evidence"] if deciding else None,
        "paragraph": deciding["paragraph"] if deciding else None,
        "answers": [{"letter": a["letter"], "date": a["letter_date"], "stance": a["stance"], "motion": a["motion"],
                     "paragraph": a["paragraph"]} for a in answers],
        "named_in": [dict(n) for n in named],
        "later_named": [n["letter"] for n in later],
        "days_since_vote": _days(m["vote_date"], today) if outcome in ("none", "named", "noted") else None,
    }


def _keep(row: dict[str, Any], f: Filters, found: Matching | None = None) -> bool:
    if found is not None and row["id"] not in found.motions:
        return False
    if f.ministry and row["ministry"] != f.ministry:
        return False
    if f.dossier and row["dossier"] != f.dossier:
        return False
    if f.theme and f.theme not in row["themes"]:
        return False
    return not (f.party and f.party.lower() not in (p.lower() for p in row["parties"]))


# -- commitments ---------------------------------------------------------------------------------------------

def commitment_state(register: str | None, due: str | None, today: str) -> str:
    """What became of a commitment: the register's status when it says met or lapsed; else overdue once its due
    date (a year: its last day) has passed; else open when the register says so, and unknown otherwise (a letter
    does not know whether its promise was kept)."""
    state = _REGISTER_STATE.get(register or "", "unknown")
    if state in ("fulfilled", "partly_fulfilled", "lapsed"):
        return state
    last = f"{due}-12-31" if due and len(due) == 4 else due
    if last and last < today:
        return "overdue"
    return state


def _commitment_motions(c: ReportCommitment) -> tuple[list[str], list[str]]:
    """(motion keys, parties) a commitment answers, from the record's ``answers``."""
    a = c["answers"] if isinstance(c["answers"], dict) else {}
    motions = [m for m in [a.get("motion"), *(a.get("motions") or [])] if m]
    parties = [p for p in [a.get("party"), *(a.get("parties") or [])] if p]
    return motions, parties


def commitment_row(c: ReportCommitment, inputs: Inputs, parties_of: dict[str, list[str]],
                   today: str) -> dict[str, Any]:
    motions, parties = _commitment_motions(c)
    tags = inputs.paragraph_tags.get((c["doc_id"], c["paragraph"]), []) if c["paragraph"] is not None else []
    for m in motions:
        parties += [p for p in parties_of.get("kst-" + m, []) if p not in parties]
    return {
        "doc_id": c["doc_id"], "idx": c["idx"], "letter_date": c["letter_date"], "letter_title": c["letter_title"],
        "text": c["text"], "context": c["context"], "actor": c["actor"], "due": c["due"],
        "ministry": c["ministry"] or UNKNOWN_MINISTRY, "ministry_name": owners.name(c["ministry"]) or "ministerie onbekend",
        "state": commitment_state(c["official_status"], c["due_by"] or c["official_due"], today),
        "official_number": c["official_number"],
        "official_status": c["official_status_register"] or c["official_status"],
        "motions": motions, "parties": parties, "paragraph": c["paragraph"],
        "dossiers": sorted({d for d in [c["dossier"], *(m.rsplit("-", 1)[0] for m in motions)] if d}),
        "themes": sorted({t for kind, t in tags if kind == "theme"}),
    }


def _keep_commitment(row: dict[str, Any], f: Filters, found: Matching | None = None,
                     motions: frozenset[str] = frozenset()) -> bool:
    if found is not None and row["doc_id"] not in found.documents and not motions.intersection(row["motions"]):
        return False
    if f.ministry and row["ministry"] != f.ministry:
        return False
    if f.dossier and f.dossier not in row["dossiers"]:
        return False
    if f.theme and f.theme not in row["themes"]:
        return False
    return not (f.party and f.party.lower() not in (p.lower() for p in row["parties"]))


def _counts(rows: list[dict[str, Any]], key: str, values: tuple[str, ...]) -> dict[str, int]:
    c = Counter(r[key] for r in rows)
    return {v: c.get(v, 0) for v in values}


# -- composing ------------------------------------------------------------------------------------------------

def compose(inputs: Inputs, f: Filters) -> dict[str, Any]:
    """The report (a JSON-ready dict) from what :func:`gather` read."""
    index = _Index(inputs)
    found = inputs.matching
    rows = [r for r in (motion_row(m, index, f.today) for m in inputs.motions) if _keep(r, f, found)]
    outcomes = _counts(rows, "outcome", OUTCOMES)
    kept = frozenset(r["key"] for r in rows)
    commitments = [r for r in (commitment_row(c, inputs, inputs.parties, f.today) for c in inputs.commitments)
                   if _keep_commitment(r, f, found, kept)]
    numbers = {c["official_number"] for c in commitments if c["official_number"]}
    officials = [{**o, "state": commitment_state(o["status"], o["due"], f.today)} for o in inputs.officials
                 if (not f.ministry or (o["ministry"] or UNKNOWN_MINISTRY) == f.ministry)
                 and (found is None or o["number"] in numbers)]  # a search: the register's rows its letters match
    return {
        "filters": {**f.active(), "today": f.today},
        "coverage": coverage(inputs, f),
        "totals": {"adopted": len(rows), "answered": sum(outcomes[o] for o in ANSWERED),
                   "answered_text": sum(outcomes[o] for o in ("answered", "in_progress", "declined")),
                   "noted": outcomes["noted"], "named": outcomes["named"], "none": outcomes["none"],
                   "outcomes": outcomes},
        "by_ministry": by_group(rows, "ministry"),
        "timeline": timeline(rows),
        "appreciation": appreciation(rows),
        "advised_against": [r for r in rows if r["appreciation"] in ADVISED_AGAINST],
        "motions": rows,
        "commitments": {"counts": _counts(commitments, "state", COMMITMENT_STATES), "items": commitments},
        "register": {"synced": bool(inputs.coverage["official_commitments"]),
                     "counts": _counts(officials, "state", COMMITMENT_STATES), "total": len(officials)},
        "matrix": report_matrix(rows, inputs, commitments),
    }


def report_matrix(rows: list[dict[str, Any]], inputs: Inputs, commitments: list[dict[str, Any]]) -> Matrix:
    """The adopted motions that letters with text answer, against the themes and instruments of the paragraphs
    of those answers (see :mod:`kamerspoor.matrix`)."""
    promised = Counter(m for c in commitments for m in c["motions"])
    out = []
    for r in rows:
        if r["outcome"] in ("named", "none"):
            continue  # no letter with text: nothing to link
        links = [(kind, tag, a["stance"]) for a in r["answers"] if a["paragraph"] is not None
                 for kind, tag in inputs.paragraph_tags.get((a["letter"], a["paragraph"]), [])]
        out.append({"kind": "motion", "key": r["id"], "label": f"{r['key']} {r['title']}", "href": f"/motie/{r['key']}",
                    "stance": r["stance"], "links": links, "commitments": promised.get(r["key"], 0)})
    return matrix.build(out)


def coverage(inputs: Inputs, f: Filters) -> dict[str, Any]:
    c = inputs.coverage
    return {**c, "letters_metadata_only": inputs.metadata_letters, "since": f.since, "until": f.until}


def by_group(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Per value of ``key`` (a ministry): adopted motions, per outcome, and the share answered (see
    :data:`ANSWERED`)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r[key], []).append(r)
    out = []
    for value, members in groups.items():
        counts = _counts(members, "outcome", OUTCOMES)
        answered = sum(counts[o] for o in ANSWERED)
        out.append({"value": value, "name": members[0].get(f"{key}_name") or value, "adopted": len(members),
                    "outcomes": counts, "answered": answered, "share": round(answered / len(members), 3)})
    return sorted(out, key=lambda g: (g["value"] == UNKNOWN_MINISTRY, -g["adopted"], g["name"]))


def _quarter(day: str | None) -> str | None:
    if not day or len(day) < 7:
        return None
    return f"{day[:4]}-K{(int(day[5:7]) - 1) // 3 + 1}"


def timeline(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per quarter of the vote: adopted motions and their outcomes."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        q = _quarter(r["vote_date"])
        if q:
            groups.setdefault(q, []).append(r)
    return [{"period": q, "adopted": len(groups[q]), "outcomes": _counts(groups[q], "outcome", OUTCOMES)}
            for q in sorted(groups)]


def appreciation(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cabinet's appreciation before the vote against what became of the motion."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["appreciation"] or "onbekend", []).append(r)
    return sorted(({"appreciation": k, "adopted": len(v), "outcomes": _counts(v, "outcome", OUTCOMES)}
                   for k, v in groups.items()), key=lambda g: -g["adopted"])


def outcome_label(outcome: str) -> str:
    return labels.label("outcome", outcome)


# -- a motion the store does not hold -------------------------------------------------------------------------

def missing_motion(store: Store, motion_id: str, db_hint: str = "") -> dict[str, Any] | None:
    """What the store knows of a motion it does not hold: the letters that cite it (with the paragraph), the
    letters known by their metadata that name it, motions related by meaning to the citing paragraphs (when
    embeddings exist), and how to fetch it. None when ``motion_id`` names no Kamerstuk."""
    from kamerspoor.semantic.related import related_motions
    from kamerspoor.store.motions import motion_id_of

    mid = motion_id_of(motion_id)
    parsed = parse_kst_id(mid)
    if parsed is None or kst_id(*parsed) is None:
        return None
    mid = kst_id(*parsed) or mid
    cited: list[dict[str, Any]] = []
    for c in store.citations_of([mid]):
        doc: dict[str, Any] = dict(store.document_row(c["doc_id"]) or {})
        cited.append({"letter": c["doc_id"], "title": doc.get("title"), "date": doc.get("date"),
                      "kind": doc.get("kind"), "text": c["text"], "paragraph": store.paragraph_of(c["doc_id"], c["start"])})
    named = [n for n in named_letters(store)[0] if n["motion"] == mid]
    paragraphs = [(c["letter"], c["paragraph"]) for c in cited if c["paragraph"] is not None]
    try:
        related, note = related_motions(store, paragraphs, exclude={mid})
    except Exception as e:  # noqa: BLE001 - the semantic layer is optional; its failure must not hide the rest
        related, note = [], f"meaning not used: {e}"
    return {"id": mid, "key": mid[4:], "in_store": False, "dossier": str(parsed[0]), "cited_by": cited,
            "named_in": [dict(n) for n in named], "related": related, "related_note": note,
            "fetch": f"kamerspoor fetch {mid}{db_hint}", "official_url": f"https://zoek.officielebekendmakingen.nl/{mid}.html"}
