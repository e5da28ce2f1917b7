"""Motions: a motion with its vote, Zaak, replacement chain, answers and commitments; lists of motions and
answers; what finding answers by meaning and linking answers by submitter read; linking an answer.

A motion may be known without being in the store: from a letter's answer to it, from its Zaak, from a
motion that replaces it. Gewijzigde moties are followed both ways (the motion's own ``replaces``, the
Zaak's "t.v.v." subject and its VervangenVanuit relation), and an answer to any motion of the chain counts
for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from kamerspoor import labels, tkapi
from kamerspoor.errors import InputError
from kamerspoor.rules.identifiers import answered_motions, kst_id, norm_dossier, parse_kst_id
from kamerspoor.store import owners
from kamerspoor.store.commitments import COMMITMENT_COLUMNS
from kamerspoor.store.connection import StoreError, json_column
from kamerspoor.store.fulltext import SearchFilters
from kamerspoor.store.letters import NO_TEXT, LetterStore
from kamerspoor.store.persons import PersonStore
from kamerspoor.store.titles import title_sql
from kamerspoor.store.types import (
    AnswerRef,
    AnswerRow,
    CitationRef,
    CommitmentRow,
    DossierMotion,
    LetterStance,
    MentioningParagraph,
    MotionAnswer,
    MotionCandidate,
    MotionSummary,
    MotionView,
    StrongestAnswer,
    UnlinkedAnswer,
    ZaakSummary,
)
from kamerspoor.store.votes import VoteStore

# each step of a replacement chain: one indexed look-up per way a replacement is recorded (an OR in a join
# condition would make the database scan every Zaak)
_REPLACES = ("SELECT replaces_id AS r FROM motions WHERE id = ? AND replaces_id IS NOT NULL "
             "UNION SELECT replaces_id FROM zaken WHERE document_id = ? AND replaces_id IS NOT NULL "
             "UNION SELECT z2.document_id FROM zaken z JOIN zaken z2 ON z2.id = z.replaces_zaak "
             "WHERE z.document_id = ? AND z2.document_id IS NOT NULL "
             "UNION SELECT z2.document_id FROM zaken z JOIN zaken z2 ON z2.nummer = z.replaces_zaak "
             "WHERE z.document_id = ? AND z2.document_id IS NOT NULL")
_REPLACED_BY = ("SELECT id AS r FROM motions WHERE replaces_id = ? "
                "UNION SELECT document_id FROM zaken WHERE replaces_id = ? AND document_id IS NOT NULL "
                "UNION SELECT z.document_id FROM zaken z2 JOIN zaken z ON z.replaces_zaak = z2.id "
                "WHERE z2.document_id = ? AND z.document_id IS NOT NULL "
                "UNION SELECT z.document_id FROM zaken z2 JOIN zaken z ON z.replaces_zaak = z2.nummer "
                "WHERE z2.document_id = ? AND z.document_id IS NOT NULL")


# Which answer is a motion's badge, strongest first (``strength`` in data/labels.yaml's stance_style): a final answer (done, already policy, will not) says more
# than a partial one, which says more than "working on it", which says more than a mention without a stance;
# among answers of the same strength the latest letter counts. The badge is worded as that answer is
# (labels.yaml's stance), so a motion whose only answer is "al beleid" is never shown as "uitgevoerd".
STRENGTH: dict[str, int] = {stance: style.strength for stance, style in labels.stance_styles().items()}


def strength(stance: str | None) -> int:
    """0 for the strongest answers (see STRENGTH), higher for weaker ones; an unknown stance is the weakest."""
    return STRENGTH.get(stance or "", max(STRENGTH.values(), default=0) + 1)


def strongest_answer(answers: Iterable[Mapping[str, Any]]) -> StrongestAnswer | None:
    """The answer a motion's badge shows (``stance``, ``letter``, ``letter_date``), or None without answers."""
    best = min(answers, default=None, key=lambda a: (strength(a.get("stance")), _neg_date(a.get("letter_date")),
                                                      a.get("letter") or ""))
    if best is None:
        return None
    return {"stance": best.get("stance"), "letter": best["letter"], "letter_date": best.get("letter_date")}


def _by_motion(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.pop("motion_id"), []).append(r)
    return out


def _neg_date(d: str | None) -> tuple[int, ...]:
    """Sorts the latest date first (None last)."""
    if not d:
        return (1,)
    return (0, *(-ord(c) for c in d))


# every answer to a motion or to the motion it replaces or is replaced by (one step of the chain, from the
# motion's own "ter vervanging van" and the Zaak's "t.v.v."): (motion_id, doc_id, idx, stance); ``{src}`` is
# where the answers are (the answers table, or the letters that name motions in their subject); ``{m_id}``... restrict
# the motions and Zaken it starts from (a condition on m.id, m.replaces_id, z.document_id, ...)
_CHAIN = (
    "SELECT m.id AS motion_id, a.doc_id, a.idx, a.stance FROM motions m JOIN {src} a ON a.motion_id = m.id "
    "WHERE {m_id} "
    "UNION SELECT m.id, a.doc_id, a.idx, a.stance FROM motions m JOIN {src} a ON a.motion_id = m.replaces_id "
    "WHERE {m_id} "
    "UNION SELECT m.replaces_id, a.doc_id, a.idx, a.stance FROM motions m JOIN {src} a ON a.motion_id = m.id "
    "WHERE m.replaces_id IS NOT NULL AND {m_replaces} "
    "UNION SELECT z.document_id, a.doc_id, a.idx, a.stance FROM zaken z JOIN {src} a ON a.motion_id = z.replaces_id "
    "WHERE z.document_id IS NOT NULL AND {z_document} "
    "UNION SELECT z.replaces_id, a.doc_id, a.idx, a.stance FROM zaken z JOIN {src} a ON a.motion_id = z.document_id "
    "WHERE z.replaces_id IS NOT NULL AND {z_replaces}")
_EVERY = {"m_id": "1 = 1", "m_replaces": "1 = 1", "z_document": "1 = 1", "z_replaces": "1 = 1"}
# the letters known by their Document record only (no text in the store) whose subject names a motion, as
# answers without a stance; ``{relation}``: "answer" (a letter after the vote) or any (advice before it too)
_NAMED = ("(SELECT lm.motion_id, lm.letter_id AS doc_id, lm.idx, CAST(NULL AS TEXT) AS stance FROM letter_motions lm "
          "JOIN letters l ON l.doc_id = lm.letter_id LEFT JOIN documents d ON d.id = lm.letter_id "
          f"WHERE lm.motion_id IS NOT NULL AND {NO_TEXT}{{relation}})")
NAMED_ANSWERS = _NAMED.format(relation=" AND lm.relation = 'answer'")
CHAIN_ANSWERS = _CHAIN.format(src="answers", **_EVERY)
CHAIN_NAMED = _CHAIN.format(src=NAMED_ANSWERS, **_EVERY)

# the latest vote's result and date and the Zaak's advice of motion m (correlated: looked up per motion, by
# index); the vote as store.votes reads it: the Besluit counted from its Stemming rows, else the votes summary
_BESLUIT = ("(SELECT b.{col} FROM zaken z JOIN besluiten b ON b.zaak_id = z.id WHERE z.document_id = m.id "
            "ORDER BY b.date DESC, b.id LIMIT 1)")
_SUMMARY = ("(SELECT v.{col} FROM zaken z JOIN votes v ON v.zaak_nummer = z.nummer WHERE z.document_id = m.id "
            "ORDER BY v.date DESC, v.zaak_nummer LIMIT 1)")
_VOTE = f"COALESCE({_BESLUIT.format(col='result')}, {_SUMMARY.format(col='result')})"
_VOTE_DATE = (f"CASE WHEN {_BESLUIT.format(col='result')} IS NOT NULL THEN {_BESLUIT.format(col='date')} "
              f"ELSE {_SUMMARY.format(col='date')} END")
_APPRECIATION = ("(SELECT z.kabinetsappreciatie FROM zaken z WHERE z.document_id = m.id "
                 "ORDER BY z.gestart_op DESC, z.id LIMIT 1)")
_ANSWER_COUNT = f"(SELECT count(*) FROM ({CHAIN_ANSWERS}) c WHERE c.motion_id = m.id)"


@dataclass
class MotionFilters:
    """Restrict and order a list of motions. Dates are ISO ``YYYY-MM-DD`` (the motion's date); names compare
    case-insensitively. ``vote`` and ``appreciation`` take ``"none"`` for motions without one."""

    dossier: str | None = None
    vote: str | None = None  # the latest vote's result: aangenomen, verworpen, ... (tkapi.Uitslag)
    appreciation: str | None = None  # the cabinet's advice as the Zaak writes it: Oordeel Kamer, Ontraden, ...
    answer: str | None = None  # one of ANSWER_STATES: answered (a stance), named (no stance), none, any
    stance: str | None = None  # one of its answers takes this stance
    party: str | None = None  # a submitter's fractie (the Zaak's indieners)
    since: str | None = None
    until: str | None = None
    q: str | None = None  # a search query (store.search's syntax) the motion's own text matches
    # the ministry it is addressed to (owners.of_motion, as the report decides it): an id, a name or an
    # abbreviation as the report's filter takes it (owners.ministry_id); "onbekend": none known
    ministry: str | None = None
    sort: str = "-date"  # one of SORTS, "-" first for descending


# what the store knows of a motion's answer, the one definition the motion list, the motion page and the report
# (kamerspoor.verantwoording) share: a letter takes a stance on it ("answered"); letters only name it, without a
# stance in their text or in the subject of a letter known by its metadata only ("named", the report's "noted"
# and "named in letter X"); no letter in the store names it ("none": not that the cabinet never answered, only
# that this collection has no answer); or either of the first two ("any"). Through the replacement chain, as
# everywhere. :func:`answer_state` decides the same for one motion's answers.
_STANCE_TAKEN = "c.stance IS NOT NULL AND c.stance <> 'noted'"
_IN = "m.id {not_}IN (SELECT c.motion_id FROM ({chain}) c WHERE c.motion_id IS NOT NULL{also})"
_TAKES_STANCE = _IN.format(not_="", chain=CHAIN_ANSWERS, also=f" AND {_STANCE_TAKEN}")
_NAMES = (f"({_IN.format(not_='', chain=CHAIN_ANSWERS, also='')} "
          f"OR {_IN.format(not_='', chain=CHAIN_NAMED, also='')})")
ANSWER_STATES = {
    "answered": _TAKES_STANCE,
    "named": f"{_NAMES} AND NOT {_TAKES_STANCE}",
    "none": f"NOT {_NAMES}",
    "any": _NAMES,
}


def answer_state(stances: Iterable[str | None], named: bool) -> str:
    """answered, named or none (see :data:`ANSWER_STATES`) from the stances of the answers in letters with text
    (``None`` or ``noted``: no stance) and whether a letter known by its metadata only names it in its subject."""
    stances = list(stances)
    if any(s and s != "noted" for s in stances):
        return "answered"
    return "named" if stances or named else "none"


def badge(answers: Iterable[Mapping[str, Any]], named: Iterable[Mapping[str, Any]]) -> StrongestAnswer | None:
    """The answer a motion's badge shows: its strongest answer in a letter with text (:func:`strongest_answer`);
    without one, the latest letter known by its metadata only that names it in its subject (``named``: its
    ``letter`` and ``letter_date``), marked ``named``; None when nothing answers or names it."""
    best = strongest_answer(answers)
    if best is not None:
        return best
    latest = max(named, default=None, key=lambda n: (n.get("letter_date") or "", n["letter"]))
    if latest is None:
        return None
    return {"stance": None, "letter": latest["letter"], "letter_date": latest.get("letter_date"), "named": True}


# sort key -> its ORDER BY expression over m (motions) and d (documents); NULLs last either way (by date the
# index on documents.date orders the page)
SORTS = {"date": "d.date", "dossier": "d.dossier", "vote": _VOTE, "appreciation": _APPRECIATION,
         "answers": _ANSWER_COUNT}

# filter -> the condition it adds on m and d, with its parameters from the value; every filter is one entry,
# so a new one (a ministry) is one more line
_MOTION_FILTERS: dict[str, Callable[[Any], tuple[str, list[Any]]]] = {
    "dossier": lambda v: ("d.dossier = ?", [norm_dossier(v)]),
    "since": lambda v: ("d.date >= ?", [v]),
    "until": lambda v: ("d.date <= ?", [v]),
    "vote": lambda v: (f"{_VOTE} IS NULL", []) if v == "none" else (f"lower({_VOTE}) = lower(?)", [v]),
    "appreciation": lambda v: ((f"{_APPRECIATION} IS NULL", []) if v == "none"
                               else (f"lower({_APPRECIATION}) = lower(?)", [appreciation_of(v)])),
    "answer": lambda v: (ANSWER_STATES[_answer_state(v)], []),
    "stance": lambda v: (f"m.id IN (SELECT c.motion_id FROM ({CHAIN_ANSWERS}) c WHERE c.stance = ?)", [v]),
    "party": lambda v: ("EXISTS (SELECT 1 FROM zaken z JOIN zaak_actors a ON a.zaak_id = z.id "
                        "WHERE z.document_id = m.id AND lower(a.fractie) = lower(?))", [v]),
}


def _answer_state(v: str) -> str:
    if v not in ANSWER_STATES:
        raise StoreError(f"answer {v!r}: expected one of {', '.join(ANSWER_STATES)}")
    return v


def appreciation_of(text: str) -> str:
    """The cabinet's advice as the Zaak writes it, from that text (any case) or its name: "ontraden",
    "oordeel_kamer" or "oordeel-kamer" -> "Oordeel Kamer"; "none" and unknown values as given."""
    key = text.strip().upper().replace("-", "_").replace(" ", "_")
    named = tkapi.Kabinetsappreciatie.__members__.get(key)
    return named.value if named is not None else text.strip()


def _order_by(sort: str) -> str:
    key = sort.lstrip("-")
    if key not in SORTS:
        raise StoreError(f"sort {sort!r}: expected one of {', '.join(SORTS)} (with '-' for descending)")
    expr = SORTS[key]
    direction = "DESC" if sort.startswith("-") else "ASC"
    then = "" if key == "date" else ", d.date DESC NULLS LAST"
    return f"{expr} {direction} NULLS LAST{then}, m.id"


def motion_id_of(text: str) -> str:
    """``35207-27`` or ``kst-35207-27`` -> ``kst-35207-27``; anything else as it is."""
    parsed = parse_kst_id(text)
    if parsed and not text.startswith("kst-"):
        return kst_id(*parsed) or text
    return text


def _official_id(text: str | None) -> str | None:
    """Any spelling of a Kamerstuk id -> ``kst-<dossier>-<number>``; anything else as it is."""
    parsed = parse_kst_id(text) if text else None
    return (kst_id(*parsed) if parsed else None) or text


def _walk(start: str, step: Callable[[str], list[str]]) -> list[str]:
    seen, todo, out = {start}, [start], []
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                out.append(nxt)
                todo.append(nxt)
    return out


class MotionStore(VoteStore, PersonStore, LetterStore):
    # from store.fulltext and store.accountability, which the Store puts beside this mixin (annotated only, so
    # it shadows nothing)
    matching_documents: Callable[..., list[str]]
    dossier_ministries: Callable[[], dict[str, str]]

    def replacement_chain(self, motion_id: str) -> tuple[list[str], list[str]]:
        """(motions this one replaces, motions that replace it), following gewijzigde moties both ways."""
        def step(sql: str) -> Callable[[str], list[str]]:
            return lambda mid: [r["r"] for r in self.query(sql, (mid, mid, mid, mid))]

        return _walk(motion_id, step(_REPLACES)), _walk(motion_id, step(_REPLACED_BY))

    def motion(self, motion_id: str) -> MotionView | None:
        """A motion with its vote, the Zaak, the motions it replaces or is replaced by, every answer to it (in
        letters, with stance and evidence) and the commitments made in answer to it. None when the store
        knows nothing of it (neither the motion, nor a Zaak, nor an answer naming it)."""
        motion_id = motion_id_of(motion_id)
        doc = self.query_one(f"SELECT d.id, d.dossier, d.number, d.date, {title_sql('d')} AS title, d.submitters, "
                             "d.kind FROM documents d WHERE d.id = ?", (motion_id,))
        zaak = self._zaak_of(motion_id)
        replaces, replaced_by = self.replacement_chain(motion_id)
        chain = [motion_id, *replaces, *replaced_by]
        answers = self._answers_to_chain(chain)
        if not (doc or zaak or answers or self.letters_naming([motion_id])):
            return None
        out: dict[str, Any] = {"id": motion_id, "in_store": doc is not None}
        if doc:
            out.update({"dossier": doc["dossier"], "number": doc["number"], "date": doc["date"],
                        "title": doc["title"], "submitters": json_column(doc["submitters"], [])})
        m = self.query_one("SELECT proposed, debate, considerations, requests FROM motions WHERE id = ?",
                           (motion_id,))
        if m:
            out.update({"proposed": m["proposed"], "debate": m["debate"],
                        "considerations": json_column(m["considerations"], []),
                        "requests": json_column(m["requests"], [])})
        out.update({"replaces": replaces, "replaced_by": replaced_by, "zaak": zaak, "vote": self.vote(motion_id),
                    "answers": answers, "commitments": self._commitments_answering(answers, chain),
                    "letters": self.letters_naming(chain), "submitter_parties": self.submitter_parties(motion_id)})
        return cast(MotionView, out)

    def _zaak_of(self, motion_id: str) -> ZaakSummary | None:
        zaak = self.query_one("SELECT id, nummer, onderwerp, kabinetsappreciatie, gestart_op, vergaderjaar "
                              "FROM zaken WHERE document_id = ? ORDER BY gestart_op DESC LIMIT 1", (motion_id,))
        if zaak:
            zaak["indieners"] = self.query("SELECT naam, fractie, relatie FROM zaak_actors WHERE zaak_id = ? "
                                           "ORDER BY position", (zaak["id"],))
        return cast(ZaakSummary | None, zaak)

    def _answers_to_chain(self, chain: list[str]) -> list[MotionAnswer]:
        cond, params = self.in_clause("a.motion_id", chain)
        return cast(list[MotionAnswer], self.query(
            "SELECT a.doc_id AS letter, d.title AS letter_title, d.date AS letter_date, a.motion_id AS cites, "
            "a.stance, a.evidence, a.start FROM answers a JOIN documents d ON d.id = a.doc_id "
            f"WHERE {cond} ORDER BY d.date, a.doc_id, a.idx", params))

    def _commitments_answering(self, answers: list[MotionAnswer], chain: list[str]) -> list[CommitmentRow]:
        """The commitments the answering letters make in answer to the motion (or to one of its chain)."""
        cond, params = self.in_clause("c.doc_id", sorted({x["letter"] for x in answers}))
        out = []
        for c in self.query(f"SELECT {COMMITMENT_COLUMNS}, c.paragraph, c.answers FROM commitments c "
                            "JOIN documents d ON d.id = c.doc_id "
                            "LEFT JOIN official_commitments o ON o.id = c.matched_official "
                            f"WHERE {cond} ORDER BY d.date, c.doc_id, c.idx", params):
            if answered_motions(json_column(c.pop("answers"), [])) & set(chain):
                out.append(c)
        return cast(list[CommitmentRow], out)

    def motion_list(self, filters: MotionFilters | str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[MotionSummary]]:
        """(how many, one page): motions in the store under ``filters`` (a dossier alone may be given as a
        string), in their order (newest first by default), each with its readable title, the latest vote's
        result and date, the cabinet's advice, how many answers it had (to it or to the motion it replaces or
        is replaced by) and the strongest of them (see :data:`STRENGTH`)."""
        f = MotionFilters(dossier=filters) if isinstance(filters, str) else filters or MotionFilters()
        order = _order_by(f.sort)
        where, params = [], []
        for name, condition in _MOTION_FILTERS.items():
            value = getattr(f, name)
            if value is not None and value != "":
                cond, p = condition(value)
                where.append(cond)
                params += p
        if f.q:
            cond, p = self.in_clause("m.id", self.matching_documents(f.q, SearchFilters(kind="motie")))
            where.append(cond)
            params += p
        if f.ministry:
            cond, p = self.in_clause("m.id", self.motions_of_ministry(f.ministry))
            where.append(cond)
            params += p
        # the page's ids first, so titles, votes and answers are looked up for one page, not for every motion
        frm = "FROM motions m JOIN documents d ON d.id = m.id" + (" WHERE " + " AND ".join(where) if where else "")
        # every motion is a document (motions.id references documents.id): without a filter, no join to count
        total = self.count(f"SELECT count(*) {frm}", params) if where else self.count("SELECT count(*) FROM motions")
        ids = [r["id"] for r in self.query(f"SELECT m.id {frm} ORDER BY {order} LIMIT ? OFFSET ?",
                                           [*params, limit, offset])]
        return total, self._motion_summaries(ids)

    def _motion_summaries(self, ids: list[str]) -> list[MotionSummary]:
        """The list's rows for ``ids``, in that order."""
        if not ids:
            return []
        cond, params = self.in_clause("m.id", ids)
        rows = {r["id"]: r for r in self.query(
            f"SELECT m.id, d.dossier, d.number, d.date, {title_sql('d')} AS title, d.submitters, m.replaces_id, "
            f"{_VOTE} AS vote, {_VOTE_DATE} AS vote_date, {_APPRECIATION} AS appreciation "
            f"FROM motions m JOIN documents d ON d.id = m.id WHERE {cond}", params)}
        answers = _by_motion(self._chain_answers(ids))
        named = _by_motion(self._chain_answers(ids, NAMED_ANSWERS))
        out = []
        for i in ids:
            r = rows[i]
            r["submitters"] = json_column(r["submitters"], [])
            r["answers"] = len(answers.get(i, []))
            r["strongest"] = badge(answers.get(i, []), named.get(i, []))
            r["answer_state"] = answer_state((a["stance"] for a in answers.get(i, [])), bool(named.get(i)))
            out.append(cast(MotionSummary, r))
        return out

    def _chain_answers(self, motion_ids: list[str] | None, src: str = "answers") -> list[dict[str, Any]]:
        """Every answer to one of ``motion_ids`` (None: every motion) or to the motion it replaces or is replaced
        by (one step): motion_id, letter, stance, letter_date, ministry (of the answer, else of its letter).
        ``src``: the answers in letters with text, or those of letters known by their metadata only
        (:data:`NAMED_ANSWERS`, dated by the letter's record; ``_NAMED`` for any relation)."""
        conds, params = dict(_EVERY), []
        for key, column in (("m_id", "m.id"), ("m_replaces", "m.replaces_id"), ("z_document", "z.document_id"),
                            ("z_replaces", "z.replaces_id")):
            if motion_ids is not None:
                conds[key], p = self.in_clause(column, motion_ids)
                params.append(p)
        # the branches take their conditions in the order m_id, m_id, m_replaces, z_document, z_replaces
        ordered = [*params[0], *params[0], *params[1], *params[2], *params[3]] if params else []
        chain = _CHAIN.format(src=src, **conds)
        if src == "answers":
            return self.query("SELECT c.motion_id, c.doc_id AS letter, c.stance, d.date AS letter_date, "
                              f"coalesce(a.ministry, d.ministry) AS ministry FROM ({chain}) c "
                              "JOIN documents d ON d.id = c.doc_id JOIN answers a ON a.doc_id = c.doc_id "
                              "AND a.idx = c.idx", ordered)
        return self.query("SELECT c.motion_id, c.doc_id AS letter, c.stance, l.date AS letter_date, d.ministry "
                          f"FROM ({chain}) c JOIN letters l ON l.doc_id = c.doc_id "
                          "LEFT JOIN documents d ON d.id = c.doc_id", ordered)

    def motions_of_ministry(self, ministry: str) -> list[str]:
        """The motions in the store addressed to ``ministry`` (an id, name or abbreviation; ``onbekend``: those
        whose ministry is not known); a StoreError naming it when it is no ministry."""
        try:
            wanted = owners.ministry_id(ministry)
        except InputError as e:
            raise StoreError(e.problem) from None
        return sorted(mid for mid, mi in self.motion_ministries().items() if (mi or owners.UNKNOWN) == wanted)

    def motion_ministries(self) -> dict[str, str | None]:
        """Every motion in the store -> the ministry it is addressed to (:func:`kamerspoor.store.owners.
        of_motion`, as the report decides it): its Zaak's (the latest), its own, the latest letter's that answers
        it or names it in its subject (through the replacement chain), the one that signs most of its dossier's
        letters. A few queries over whole tables."""
        letters: dict[str, list[tuple[str, str]]] = {}
        for a in [*self._chain_answers(None), *self._chain_answers(None, _NAMED.format(relation=""))]:
            if a["ministry"]:
                letters.setdefault(a["motion_id"], []).append((a["letter_date"] or "", a["ministry"]))
        by_dossier = self.dossier_ministries()
        out = {}
        # the latest Zaak of the motion counts
        for m in self.query("SELECT m.id, d.dossier, d.ministry, (SELECT z.ministry FROM zaken z WHERE "
                            "z.document_id = m.id ORDER BY z.gestart_op DESC, z.id DESC LIMIT 1) AS zaak "
                            "FROM motions m JOIN documents d ON d.id = m.id"):
            latest = [mi for _d, mi in sorted(letters.get(m["id"], []), key=lambda x: x[0], reverse=True)]
            out[m["id"]] = owners.of_motion(m["zaak"], m["ministry"], latest,
                                            by_dossier.get(m["dossier"]) if m["dossier"] else None)[0]
        return out

    def answer_rows(self, motion: str | None = None, letter: str | None = None, stance: str | None = None,
                    dossier: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[AnswerRow]]:
        """(how many, one page): answers (letter x motion x stance x evidence), newest letter first."""
        where, params = [], []
        for cond, given, value in (("a.motion_id = ?", motion, _official_id(motion)), ("a.doc_id = ?", letter, letter),
                                   ("a.stance = ?", stance, stance), ("a.dossier = ?", dossier, norm_dossier(dossier))):
            if given:
                where.append(cond)
                params.append(value)
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.count(f"SELECT count(*) FROM answers a{w}", params)
        rows = self.query(
            "SELECT a.doc_id AS letter, d.date AS letter_date, d.title AS letter_title, a.idx, a.motion_id AS motion, "
            "a.dossier, a.number, a.submitters, a.stance, a.evidence, a.start FROM answers a "
            f"JOIN documents d ON d.id = a.doc_id{w} ORDER BY d.date DESC, a.doc_id, a.idx LIMIT ? OFFSET ?",
            [*params, limit, offset])
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return total, cast(list[AnswerRow], rows)

    def dossier_motions(self, dossier: str) -> list[DossierMotion]:
        """The motions of a dossier (in the store, or answered in a letter) with every answer to each (the
        letter, its date and the stance), in no particular order."""
        d = norm_dossier(dossier)
        ids = {r["id"] for r in self.query("SELECT id FROM documents WHERE dossier = ? AND kind = 'motie'", (d,))}
        ids |= {r["motion_id"] for r in self.query(
            "SELECT DISTINCT motion_id FROM answers WHERE dossier = ? AND motion_id IS NOT NULL", (d,))}
        if not ids:
            return []
        answers: dict[str, list[LetterStance]] = {i: [] for i in ids}
        cond, p = self.in_clause("a.motion_id", sorted(ids))
        for a in self.query("SELECT a.motion_id, a.doc_id AS letter, a.stance, d.date AS letter_date FROM answers a "
                            f"JOIN documents d ON d.id = a.doc_id WHERE {cond}", p):
            answers[a["motion_id"]].append(cast(LetterStance, a))
        cond, p = self.in_clause("d.id", sorted(ids))
        docs = {r["id"]: r for r in self.query(f"SELECT d.id, {title_sql('d')} AS title, d.date FROM documents d "
                                               f"WHERE {cond}", p)}
        return [{"id": i, "title": (docs.get(i) or {}).get("title"), "date": (docs.get(i) or {}).get("date"),
                 "in_store": i in docs, "answers": answers[i]} for i in ids]

    # -- what candidate answers read (kamerspoor.semantic.answers) ------------------------------------------
    def answers_to(self, motion_ids: list[str]) -> list[AnswerRef]:
        """Every answer in a letter to one of ``motion_ids``, by letter and position."""
        cond, params = self.in_clause("a.motion_id", motion_ids)
        rows = self.query("SELECT a.doc_id, a.dossier, a.number, a.motion_id, a.submitters, a.stance, a.evidence, "
                          f"a.start FROM answers a WHERE {cond} ORDER BY a.doc_id, a.idx", params)
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[AnswerRef], rows)

    def citations_of(self, target_ids: list[str]) -> list[CitationRef]:
        """Every citation of one of ``target_ids`` in a document that is not a motion."""
        cond, params = self.in_clause("c.target_id", target_ids)
        return cast(list[CitationRef], self.query(
            "SELECT c.doc_id, c.target_id, c.text, c.start FROM citations c JOIN documents d ON d.id = c.doc_id "
            f"WHERE {cond} AND d.kind <> 'motie' ORDER BY c.doc_id, c.idx", params))

    def is_cited(self, target_id: str) -> bool:
        return self.query_value("SELECT 1 FROM citations WHERE target_id = ?", (target_id,)) is not None

    def cites_dossier(self, doc_id: str, dossier: str) -> bool:
        return self.query_value("SELECT 1 FROM citations WHERE doc_id = ? AND dossier = ?",
                                (doc_id, dossier)) is not None

    def paragraphs_naming_a_motion_of(self, name_key: str) -> list[MentioningParagraph]:
        """Paragraphs of documents other than motions that say "moti..." and ``name_key`` (lower case).

        Led by the documents (their kind index, as two ranges around 'motie'; CROSS JOIN keeps SQLite from
        starting at the paragraphs): only the paragraphs of letters and other non-motions are read, not every
        paragraph of every motion."""
        if not any(c.isalnum() for c in name_key):
            return []  # a key without letters or digits names no one
        sql, params = self._naming_a_motion_sql(name_key)
        return cast(list[MentioningParagraph], self.query(sql, params))

    def _naming_a_motion_sql(self, name_key: str) -> tuple[str, tuple]:
        """The query of :meth:`paragraphs_naming_a_motion_of` (a backend with a word index reads it instead of
        testing every paragraph of every letter: the SQLite store)."""
        return ('SELECT p.doc_id, p.idx, p.start, p."end", p.text, d.date, d.dossier FROM documents d '
                "CROSS JOIN paragraphs p WHERE p.doc_id = d.id AND (d.kind < 'motie' OR d.kind > 'motie') "
                "AND lower(p.text) LIKE ? AND lower(p.text) LIKE ?", ("%moti%", f"%{name_key}%"))

    # -- linking answers that name their motion by its submitters (kamerspoor.ingest.links) -----------------
    def unlinked_answers(self) -> list[UnlinkedAnswer]:
        """Answers that name no motion id, only submitters."""
        rows = self.query("SELECT a.doc_id, a.idx, a.submitters, d.dossier FROM answers a "
                          "JOIN documents d ON d.id = a.doc_id WHERE a.motion_id IS NULL AND a.submitters <> '[]'")
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[UnlinkedAnswer], rows)

    def cited_dossiers(self, doc_id: str) -> set[str]:
        """The dossiers a document cites."""
        return {r["dossier"] for r in self.query(
            "SELECT DISTINCT dossier FROM citations WHERE doc_id = ? AND dossier IS NOT NULL", (doc_id,))}

    def motions_by_first_submitter(self, surname_key: str) -> list[MotionCandidate]:
        """Motions whose first submitter's name ends in ``surname_key`` (lower case)."""
        rows = self.query("SELECT m.id, m.dossier, d.submitters FROM motions m JOIN documents d ON d.id = m.id "
                          "JOIN submitters s ON s.doc_id = m.id AND s.position = 0 WHERE lower(s.name) LIKE ?",
                          ("%" + surname_key,))
        for r in rows:
            r["submitters"] = json_column(r["submitters"], [])
        return cast(list[MotionCandidate], rows)

    def link_answer(self, doc_id: str, idx: int, motion_id: str) -> None:
        """Record that answer ``idx`` of letter ``doc_id`` answers ``motion_id`` (one transaction)."""
        with self.transaction():
            self.execute("UPDATE answers SET motion_id = ? WHERE doc_id = ? AND idx = ?", (motion_id, doc_id, idx))
