"""Candidate answers to a motion: where, in all ingested documents, has the cabinet answered it?

Three ways a paragraph is found, listed in this order (and within each, best first):

1. ``number``: the paragraph answers or cites the motion by its Kamerstuk number ("Kamerstuk 35 207, nr. 24"),
   in the text or in a footnote, or the motion it replaces or that replaces it (gewijzigde moties). These come
   from the store's ``answers`` and ``citations`` tables: the extract stage found them.
2. ``submitter``: the paragraph names the motion by its first submitter ("de motie van het lid Voordewind",
   "de motie-Omtzigt"), see :data:`MOTION_BY_SUBMITTER`; ambiguous when the member filed several motions, so
   these are ranked by meaning as well and marked when the letter is in (or cites) the motion's dossier.
3. ``meaning``: the paragraph is close in meaning to one of the motion's requests (cosine similarity of
   multilingual-e5-small embeddings; :mod:`kamerspoor.semantic.index`). These are suggestions, not findings.

Motions themselves are never candidates (a motion does not answer a motion), nor are documents dated before
the motion.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from kamerspoor.model import InputError
from kamerspoor.rules.identifiers import kst_id, parse_kst_id
from kamerspoor.rules.person_names import surname_key
from kamerspoor.store import Store

if TYPE_CHECKING:
    from kamerspoor.semantic.index import VectorIndex

# How a letter names a motion by its submitters: "motie" (or "moties", "gewijzigde motie") followed by
# "van het lid" / "van de leden" and the names, or joined to a name by a hyphen ("de motie-Omtzigt"). The
# names run until a word that starts what the motion is about or where it was filed.
MOTION_BY_SUBMITTER = re.compile(
    r"\bmoties?(?:-|\s+(?:van\s+)?(?:het\s+(?:kamer)?lid|de\s+(?:kamer)?leden)\s+)(?P<names>[^.;:()\[\]]{1,160})",
    re.IGNORECASE)
_NAMES_END = re.compile(r"\s(?:over|die|dat|waarin|inzake|om|met|verzoekt|verzocht|ingediend|tijdens|bij|"
                        r"betreffende|aangaande|naar|inzet|roept|heeft|is|wordt|werd|c\.s\.)(?=\s|$|,)",
                        re.IGNORECASE)

KIND_ORDER = {"number": 0, "submitter": 1, "meaning": 2}
# a suggestion by meaning is a paragraph of at least this many words: headings ("Drinkwater") answer nothing
MIN_ANSWER_WORDS = 8


class MotionNotFound(InputError):
    """The store knows nothing of this motion."""

    def __init__(self, motion_id: str):
        super().__init__(None, f"motion {motion_id}: not in the store (neither the motion nor an answer to it)")


@dataclass
class Candidate:
    letter: str
    paragraph: int | None
    text: str
    how: str                      # number | submitter | meaning
    why: list[str] = field(default_factory=list)
    score: float | None = None    # cosine similarity of the paragraph to the motion's requests
    # how far the score stands above the motion's similarity to every stored paragraph, in standard deviations:
    # e5 cosines of unrelated Dutch texts crowd around 0.8, so the raw score alone says little
    z: float | None = None
    stance: str | None = None     # when the extract stage recorded the answer
    date: str | None = None
    title: str | None = None
    kind: str | None = None
    rank: int = 0

    @property
    def suggestion(self) -> bool:
        return self.how == "meaning"

    def to_dict(self) -> dict:
        return {**asdict(self), "suggestion": self.suggestion}


@dataclass
class AnswerCandidates:
    motion_id: str
    title: str | None
    date: str | None
    submitters: list[str]
    requests: list[str]
    candidates: list[Candidate]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"motion": self.motion_id, "title": self.title, "date": self.date, "submitters": self.submitters,
                "requests": self.requests, "notes": self.notes,
                "candidates": [c.to_dict() for c in self.candidates]}


def names_in_mention(text: str) -> list[str]:
    """The name parts of every "motie van het lid ..." mention in ``text``, lower case (see
    :data:`MOTION_BY_SUBMITTER`)."""
    out = []
    for m in MOTION_BY_SUBMITTER.finditer(text):
        names = m.group("names")
        end = _NAMES_END.search(names)
        if end:
            names = names[:end.start()]
        out.append(" ".join(names.split()).lower())
    return out


def names_submitter(text: str, surname: str) -> bool:
    """Does ``text`` name a motion by the member ``surname`` ("Van Ojik", "De Vries")?"""
    key = surname_key(surname)
    if not key:
        return False
    pat = re.compile(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])")
    return any(pat.search(n) for n in names_in_mention(text))


class _Paragraphs:
    """Paragraph lookup by document and offset, cached for one request."""

    def __init__(self, store: Store):
        self.store = store
        self._docs: dict[str, list[dict]] = {}

    def of(self, doc_id: str) -> list[dict]:
        if doc_id not in self._docs:
            self._docs[doc_id] = [dict(p) for p in self.store.paragraphs(doc_id)]
        return self._docs[doc_id]

    def at(self, doc_id: str, offset: int | None) -> dict | None:
        if offset is None:
            return None
        best = None
        for p in self.of(doc_id):
            if p["start"] <= offset:
                best = p
            else:
                break
        return best

    def get(self, doc_id: str, idx: int) -> dict | None:
        return next((p for p in self.of(doc_id) if p["idx"] == idx), None)


class _Found:
    """The candidates found so far, one per (letter, paragraph): found again, a candidate keeps the best way
    it was found and gathers every reason."""

    def __init__(self, store: Store):
        self.store = store
        self.paras = _Paragraphs(store)
        self.by_key: dict[tuple[str, int | None], Candidate] = {}
        self._docs: dict[str, dict] = {}

    def info(self, doc_id: str) -> dict:
        if doc_id not in self._docs:
            self._docs[doc_id] = dict(self.store.document_row(doc_id) or {"id": doc_id})
        return self._docs[doc_id]

    def add(self, doc_id: str, p: dict | None, how: str, why: str, stance: str | None = None,
            fallback_text: str | None = None) -> Candidate:
        key = (doc_id, p["idx"] if p else None)
        c = self.by_key.get(key)
        if c is None:
            d = self.info(doc_id)
            c = Candidate(doc_id, p["idx"] if p else None, (p["text"] if p else fallback_text) or "", how,
                          date=d.get("date"), title=d.get("title"), kind=d.get("kind"))
            self.by_key[key] = c
        elif KIND_ORDER[how] < KIND_ORDER[c.how]:
            c.how = how
        if why not in c.why:
            c.why.append(why)
        if stance and not c.stance:
            c.stance = stance
        return c


def _footnote_anchor(store: Store, doc_id: str, cited_text: str | None) -> tuple[int | None, str | None]:
    """(anchor offset, marker) of the footnote of ``doc_id`` whose text contains ``cited_text``."""
    if not cited_text:
        return None, None
    for f in store.footnotes(doc_id):
        if cited_text in (f["text"] or ""):
            return f["anchor"], f["marker"]
    return None, None


def candidate_answers(store: Store, motion_id: str, limit: int = 10, min_score: float | None = None,
                      use_vectors: bool = True, min_z: float | None = None,
                      motion: Mapping[str, Any] | None = None) -> AnswerCandidates:
    """Every paragraph that answers ``motion_id`` by number or by submitter, then up to ``limit`` paragraphs
    close in meaning to its requests (at least ``min_score`` cosine similarity). Raises :class:`MotionNotFound`
    when the store knows nothing of the motion. ``motion``: what ``store.motion(motion_id)`` gave, when the
    caller has it already (the motion page), so that it is not read twice."""
    m = dict(motion) if motion is not None else _motion(store, motion_id)
    mid = m["id"]
    chain = [mid, *m.get("replaces", []), *m.get("replaced_by", [])]
    since = m.get("date")
    requests = list(m.get("requests") or [])
    submitters = list(m.get("submitters") or [])
    dossier = m.get("dossier")
    notes: list[str] = []
    found = _Found(store)
    # 1. by number: the extract stage's answers, then any other citation of the motion
    _answers_by_number(store, found, mid, chain)
    _citations(store, found, mid, chain)
    # 2. by submitter: paragraphs of non-motion documents that name the motion by its first submitter
    if submitters:
        _by_submitter(store, found, submitters[0], chain, since, dossier)
    # 3. by meaning, and the cosine of every candidate found so far
    if use_vectors:
        _by_meaning(store, found, chain, since, requests, limit, min_score, notes, min_z)
    else:
        notes.append("meaning not used")
    return AnswerCandidates(mid, m.get("title"), since, submitters, requests, _ranked(found, dossier), notes)


def _motion(store: Store, motion_id: str) -> dict:
    """The motion as the store knows it; a motion neither in the store nor answered may still be cited (in a
    footnote, say): then only its id and dossier."""
    m = store.motion(motion_id)
    if m is not None:
        return dict(m)
    parsed = parse_kst_id(motion_id)
    mid = kst_id(*parsed) if parsed else None
    if not parsed or not mid or not store.is_cited(mid):
        raise MotionNotFound(motion_id)
    return {"id": mid, "replaces": [], "replaced_by": [], "dossier": parsed[0]}


def _same_motion(target: str, mid: str) -> str:
    return "it" if target == mid else f"{target} (same motion, gewijzigd)"


def _answers_by_number(store: Store, found: _Found, mid: str, chain: list[str]) -> None:
    """The answers the extract stage recorded to the motion (or to one it replaces or is replaced by)."""
    for a in store.answers_to(chain):
        p = found.paras.at(a["doc_id"], a["start"])
        what = _same_motion(a["motion_id"], mid)
        if a["number"] is not None:
            found.add(a["doc_id"], p, "number", f"answers {what} by number", a["stance"], a["evidence"])
        else:
            found.add(a["doc_id"], p, "submitter", f"answers {what}, named by its submitters", a["stance"],
                      a["evidence"])


def _citations(store: Store, found: _Found, mid: str, chain: list[str]) -> None:
    """Every other citation of the motion in a document that is no motion: in the text, or in a footnote
    (then the paragraph the footnote is anchored in)."""
    for c in store.citations_of(chain):
        if c["doc_id"] in chain:
            continue
        what = _same_motion(c["target_id"], mid)
        if c["start"] is not None:
            found.add(c["doc_id"], found.paras.at(c["doc_id"], c["start"]), "number", f"cites {what}: {c['text']}")
        else:
            anchor, marker = _footnote_anchor(store, c["doc_id"], c["text"])
            where = f" in footnote {marker}" if marker else ""
            found.add(c["doc_id"], found.paras.at(c["doc_id"], anchor), "number",
                      f"cites {what}{where}: {c['text']}", fallback_text=c["text"])


def _by_submitter(store: Store, found: _Found, first: str, chain: list[str], since: str | None,
                  dossier: str | None) -> None:
    """Paragraphs of non-motion documents, not older than the motion, that name a motion of its first
    submitter; marked when the letter is in (or cites) the motion's dossier."""
    key = surname_key(first)
    for r in store.paragraphs_naming_a_motion_of(key):
        if r["doc_id"] in chain or (since and r["date"] and r["date"] < since):
            continue
        if not names_submitter(r["text"], first):
            continue
        why = f"names a motion of {first}"
        if dossier and (r["dossier"] == dossier or store.cites_dossier(r["doc_id"], dossier)):
            why += f" in dossier {dossier}"
        found.add(r["doc_id"], dict(r), "submitter", why)


def _ranked(found: _Found, dossier: str | None) -> list[Candidate]:
    """By number: oldest letter first; by name: the motion's own dossier first; then the closest in meaning.
    Each candidate gets its rank."""
    def order(c: Candidate) -> tuple:
        in_dossier = c.how == "submitter" and any(w.endswith(f" in dossier {dossier}") for w in c.why)
        return (KIND_ORDER[c.how], (c.date or "") if c.how == "number" else "", not in_dossier,
                -(c.score if c.score is not None else -1.0), c.letter, c.paragraph if c.paragraph is not None else -1)

    out = sorted(found.by_key.values(), key=order)
    for i, c in enumerate(out, 1):
        c.rank = i
    return out


# -- by meaning -------------------------------------------------------------------------------------------


def _by_meaning(store: Store, found: _Found, chain: list[str], since: str | None, requests: list[str],
                limit: int, min_score: float | None, notes: list[str], min_z: float | None = None) -> None:
    """Score the candidates found so far by their cosine to the motion, and suggest up to ``limit`` more
    paragraphs close in meaning (each with how far it stands above the store's background). Each of the
    motion's texts asks the index for its closest suggestible paragraphs (the HNSW graph in a large store, else
    an exact scan); a paragraph's score is its best cosine to any of them, as if every row had been scored."""
    from kamerspoor.semantic.embed import get_embedder
    from kamerspoor.semantic.index import load_index

    texts, source = _meaning_of(requests, found, notes)
    if not texts:
        return
    idx = load_index(store, ["paragraph"])
    if not len(idx):
        notes.append("no embeddings in the store: run `kamerspoor embed` for suggestions by meaning")
        return
    queries = get_embedder().queries(texts + ([" ".join(texts)] if len(texts) > 1 else []))
    chain_rows = idx.rows_of(chain)
    found_rows = {key: idx.row(key[0], key[1]) for key in found.by_key if key[1] is not None}
    back = ~chain_rows
    back[[r for r in found_rows.values() if r is not None]] = False
    every = None if idx.ann is not None else (idx.matrix @ queries.T).max(axis=1)  # a small store: one scan
    mu, sd = background(idx.matrix, queries, back if back.sum() >= 2 else None, scores=every)
    _score_found(idx, queries, found, found_rows)
    mask = ~idx.of_doc_kind("motie") & ~chain_rows
    if since:
        mask &= idx.dated_from(since)
    k = min(limit * 3, int(mask.sum()))  # room for headings left out below
    if k <= 0:
        return
    rows = _closest(idx, queries, every, mask, k)
    sims = np.asarray(idx.matrix[rows], np.float32) @ queries.T
    best_q, score = sims.argmax(axis=1), sims.max(axis=1)
    shown = 0
    for j in np.lexsort((rows, -score))[:k]:
        z = (float(score[j]) - mu) / sd
        if (min_score is not None and score[j] < min_score) or (min_z is not None and z < min_z) or shown >= limit:
            break
        q = int(best_q[j])
        which = f"{source} {q + 1}" if q < len(texts) else f"the {source}s together"
        shown += _suggest(found, idx, int(rows[j]), float(score[j]), z, which, cited_source=source != "request")


def _closest(idx: VectorIndex, queries: np.ndarray, every: np.ndarray | None, mask: np.ndarray,
             k: int) -> np.ndarray:
    """The rows (in ``mask``) among the ``k`` closest to one of ``queries``: from ``every`` row's best cosine
    when the caller scored them all, else the union of each query's ``k`` closest (which holds the ``k`` best
    by best cosine: a row among those is among the ``k`` closest to the query it is closest to)."""
    if every is not None:
        s = np.where(mask, every, -np.inf)
        return np.sort(np.argpartition(-s, k - 1)[:k])
    return np.array(sorted({r for q in queries for r, _ in idx.top(q, k, mask)}), dtype=np.int64)


def _meaning_of(requests: list[str], found: _Found, notes: list[str]) -> tuple[list[str], str]:
    """What the motion asks, to compare paragraphs with: its requests; when the motion itself is not in the
    store, the paragraphs that cite it by number say what it asked."""
    texts = [r for r in requests if r.strip()]
    if texts:
        return texts, "request"
    texts = [c.text for c in found.by_key.values() if c.how == "number" and c.paragraph is not None][:3]
    if texts:
        notes.append("the motion is not in the store: suggestions by meaning are close to the paragraphs "
                     "that cite it")
    else:
        notes.append("the motion's requests are not in the store: no suggestions by meaning")
    return texts, "cited paragraph"


# The background a suggestion's z-score is measured against: the motion's similarity to the store's
# paragraphs, estimated from this many of them (a fixed sample, the same rows for every motion: they stay in
# the operating system's cache when the matrix is a file). The mean and spread of 20,000 similarities are
# within about 1% of a standard deviation of those of all paragraphs, and scoring them costs the same at 10^7
# paragraphs as at 10^5 (tests/test_semantic.py compares sample and whole on a small matrix).
BACKGROUND_SAMPLE = 20_000
BACKGROUND_SEED = 16


def background(matrix: np.ndarray, queries: np.ndarray, keep: np.ndarray | None = None,
               sample: int = BACKGROUND_SAMPLE, seed: int = BACKGROUND_SEED,
               scores: np.ndarray | None = None) -> tuple[float, float]:
    """Mean and standard deviation of each row's best cosine to ``queries`` ((q, dim), L2-normalised), over the
    rows ``keep`` lets through (all when None), estimated from at most ``sample`` rows drawn with ``seed``
    (every row when there are no more: then exact). ``scores``: every row's best cosine, when the caller has
    computed them (then the sample's are read from it)."""
    n = len(matrix)
    rows = np.arange(n) if n <= sample else np.sort(np.random.default_rng(seed).choice(n, sample, replace=False))
    if keep is not None:
        rows = rows[keep[rows]]
    if not len(rows):
        return 0.0, 1e-6
    if scores is not None:
        score = scores[rows]
    else:
        score = (np.asarray(matrix[rows], np.float32) @ np.asarray(queries, np.float32).T).max(axis=1)
    sd = float(score.std())
    return float(score.mean()), sd if sd > 1e-6 else 1e-6


def _score_found(idx: VectorIndex, queries: np.ndarray, found: _Found,
                 rows: dict[tuple[str, int | None], int | None]) -> None:
    """The cosine of each candidate found by number or submitter (its best to any of the motion's texts)."""
    for key, c in found.by_key.items():
        i = rows.get(key)
        if i is not None:
            c.score = round(float((np.asarray(idx.matrix[i], np.float32) @ queries.T).max()), 4)


def _suggest(found: _Found, idx: VectorIndex, i: int, sim: float, z: float, which: str,
             cited_source: bool) -> int:
    """Suggest row ``i`` of the index; 1 when it became a new suggestion by meaning, else 0. Headings (short
    paragraphs) are left out, and so is a cited paragraph compared with itself."""
    doc, par = idx.doc_id(i), int(idx.paragraphs[i])
    p = found.paras.get(doc, par)
    if p is None or len(p["text"].split()) < MIN_ANSWER_WORDS:
        return 0
    if cited_source and (doc, par) in found.by_key:
        return 0  # a cited paragraph is trivially close to itself
    c = found.add(doc, p, "meaning",
                  f"close in meaning to {which} (cosine {sim:.3f}, {z:.1f} sd above the store's paragraphs)")
    c.score = round(sim, 4)
    c.z = round(z, 2)
    return int(c.how == "meaning")
