"""Themes and instruments per paragraph, from the Dutch terms in ``data/taxonomy.yaml``.

Every paragraph is tokenised (lower case, accents dropped) and each token is matched against the terms:
by Snowball stem (PyStemmer's classic Dutch stemmer, ``dutch_porter``: the newer ``dutch`` one also strips
the ``ge-`` prefix, which breaks compound heads), as the head of a compound ("verdediger" in
"mensenrechtenverdedigers", "minderheid" in "moslimminderheden") and, for longer terms, as a part inside a
compound ("surveillance" in "cybersurveillancetechnologie"). Within one token a match inside a longer
match is dropped ("export" inside "exportkredietverzekering"). Matches add up to a score per id; an id
tags the paragraph when the score passes the thresholds in the taxonomy file, so a passing mention does
not tag. The taxonomy is data: a new id or term needs no code change.

Cost: a token's matches are computed once and kept in a cache bounded in bytes (:mod:`kamerspoor.bytecache`),
and so is the set of tokens known to match nothing, so a paragraph's tokens are mostly looked up in bulk (a set
difference) and only the few that match are walked in order. Within one token the work is linear in its length:
one pass of an Aho-Corasick automaton (pyahocorasick) finds the parts, another the places where a compound's
head may start (a term spelled but for its last two letters); only those tails are stemmed, and nested matches
are dropped by one sort.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information
import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type information
import yaml

from kamerspoor.bytecache import ByteLRU, byte_lru, size_of
from kamerspoor.model import InputError

KINDS = ("themes", "instruments")
WEIGHTS = {"strong": 2.0, "terms": 1.0, "weak": 0.5}
DEFAULTS = {"threshold": 2.0, "heading_threshold": 1.0, "relative": 0.34, "max_tags": 3,
            "min_compound_head": 4, "min_compound_part": 5, "min_modifier": 3}
_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("dutch_porter", 0)  # its own cache (by entries) off: ours counts bytes
# the most letters the Snowball stemmer takes off a word ("-lijkheden"), with room to spare: a tail of a compound
# longer than the longest term key plus this cannot stem to a term, so it is not stemmed
_MAX_STEM_CUT = 32
# the longest Dutch words in use have some 50-60 letters; a longer run of letters and digits is no word (a line
# joined without spaces, a code) and holds no term: it is not looked at (a 16 MB "word" cost gigabytes)
MAX_WORD = 100


def _accent_table() -> dict[int, str]:
    table = {0xAD: ""}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code):
            table[code] = base
    return table


_ACCENTS = _accent_table()


def normalise(text: str) -> str:
    """Lower case without accents or soft hyphens ("oriëntatie" -> "orientatie")."""
    text = text.lower()
    return text if text.isascii() else text.translate(_ACCENTS)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


@byte_lru(8_000_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=20_000)
def _variants(word: str) -> frozenset[str]:
    """Stems of a base form and its regular inflections (plural -en/-s/-'s, -e, f->v, s->z)."""
    forms = {word, word + "s", word + "en", word + "n", word + "e", word + "es"}
    if word.endswith("f"):
        forms |= {word[:-1] + "ven", word[:-1] + "ve"}
    if word.endswith("s"):
        forms |= {word[:-1] + "zen", word[:-1] + "ze"}
    return frozenset(stem(f) for f in forms)


def _fits(tok: str, word: str) -> bool:
    """Same stem is not enough: the token must also spell the term but for its last two letters
    ("minderheden" fits "minderheid", "vermindering" -> "mindering" does not; "bedrijven" fits "bedrijf")."""
    n = len(word) - 2
    return len(tok) >= len(word) - 1 and tok[:n] == word[:n]


@dataclass(frozen=True)
class Term:
    id: str
    kind: str  # "themes" | "instruments"
    text: str  # as written in the taxonomy (shown to the user)
    words: tuple[str, ...]
    weight: float
    mode: str  # "any" | "exact" | "head" | "modifier"


@dataclass
class Taxonomy:
    labels: dict[str, dict[str, dict[str, str | None]]]  # kind -> id -> {"nl", "en"}
    settings: dict
    single: dict[str, list[Term]]  # stem key -> terms of one word
    parts: dict[str, list[Term]]  # surface form -> terms that may stand inside a compound
    multi: dict[str, list[Term]]  # stem key of the first word -> terms of several words
    matcher: _Matcher | None = None  # built on first use, caches token matches

    def ids(self, kind: str) -> list[str]:
        return list(self.labels.get(kind, {}))

    def id_set(self, kind: str) -> frozenset[str]:
        return frozenset(self.labels.get(kind, {}))


def _parse_term(raw: str, tid: str, kind: str, weight: float) -> Term | None:
    s = str(raw).strip()
    mode = "any"
    if s.startswith("="):
        mode, s = "exact", s[1:]
    elif s.startswith("*"):
        mode, s = "head", s[1:]
    elif s.endswith("*"):
        mode, s = "modifier", s[:-1]
    words = tuple(tokens(s))
    if not words:
        return None
    return Term(tid, kind, str(raw).strip(), words, weight, mode if len(words) == 1 else "exact")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file (default: the package's ``data/taxonomy.yaml``)."""
    where = str(path) if path else "kamerspoor/data/taxonomy.yaml"
    data = _read_taxonomy(path, where)
    settings = dict(DEFAULTS)
    settings.update(data.get("matching") or {})
    tax = Taxonomy({}, settings, {}, {}, {})
    for kind in KINDS:
        for tid, entry in (data.get(kind) or {}).items():
            if not isinstance(entry, dict):
                raise InputError(where, f"{kind}.{tid}: expected a mapping with nl, en and terms")
            tax.labels.setdefault(kind, {})[tid] = {"nl": entry.get("nl"), "en": entry.get("en")}
            for field, weight in WEIGHTS.items():
                listed = entry.get(field) or []
                if not isinstance(listed, list):
                    raise InputError(where, f"{kind}.{tid}.{field}: expected a list of terms")
                for raw_term in listed:
                    term = _parse_term(raw_term, tid, kind, weight)
                    if term is not None:
                        _index(tax, term)
    return tax


def _read_taxonomy(path: str | Path | None, where: str) -> dict:
    try:
        raw = (Path(path).read_text(encoding="utf-8") if path else
               resources.files("kamerspoor").joinpath("data/taxonomy.yaml").read_text(encoding="utf-8"))
        data = yaml.safe_load(raw)
    except OSError as e:
        raise InputError(where, f"cannot read taxonomy: {e.strerror or e}") from None
    except yaml.YAMLError as e:
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        raise InputError(where, f"not valid YAML: {getattr(e, 'problem', e)}", None if line is None else line + 1) from None
    if not isinstance(data, dict) or not any(isinstance(data.get(k), dict) for k in KINDS):
        raise InputError(where, "expected mappings 'themes' and/or 'instruments' of id -> {nl, en, terms}")
    return data


def _index(tax: Taxonomy, term: Term) -> None:
    """A term under the keys it is matched by: a phrase by its first word's stems; a word by its stems, and as a
    part inside compounds when it is long enough (or is only a modifier)."""
    if len(term.words) > 1:
        for key in _variants(term.words[0]):
            tax.multi.setdefault(key, []).append(term)
        return
    word = term.words[0]
    if term.mode != "modifier":
        for key in _variants(word):
            tax.single.setdefault(key, []).append(term)
    if term.mode == "modifier" or (term.mode == "any" and len(word) >= tax.settings["min_compound_part"]):
        tax.parts.setdefault(word, []).append(term)


@lru_cache(maxsize=4)
def _default_taxonomy() -> Taxonomy:
    return load_taxonomy()


def _hits_size(value: tuple[list[tuple[Term, int, int]], str]) -> int:
    """Bytes of a cached token's (matches, stem); the terms themselves belong to the taxonomy."""
    hits, stemmed = value
    return 64 + sys.getsizeof(hits) + 72 * len(hits) + sys.getsizeof(stemmed)


class _Matcher:
    """Term matches of single tokens, cached per token (in a cache bounded in bytes), and the tokens that match
    nothing (``misses``: a set, emptied when it passes its budget)."""

    CACHE_BYTES = 16_000_000
    MISSES_BYTES = 8_000_000

    def __init__(self, tax: Taxonomy):
        self.tax = tax
        self.cache = ByteLRU(self.CACHE_BYTES, _hits_size)  # token -> (matches, stem)
        self.misses: set[str] = set()
        self.misses_bytes = 0
        self.max_tail = max((len(k) for k in tax.single), default=0) + _MAX_STEM_CUT
        st = tax.settings
        self.min_head, self.min_mod = int(st["min_compound_head"]), int(st["min_modifier"])
        self.parts = _automaton(tax.parts)
        # a head fits its term but for the last two letters (see _fits): where one of those starts, a head may
        heads = {t.words[0] for terms in tax.single.values() for t in terms
                 if t.mode in ("any", "head") and len(t.words[0]) >= self.min_head}
        self.head_starts = _automaton({w[:len(w) - 2] for w in heads})

    def whole(self, tok: str, term: Term) -> bool:
        return _fits(tok, term.words[0])

    def lookup(self, tok: str) -> tuple[list[tuple[Term, int, int]], str]:
        """(the terms in a token, its stem), from the cache or computed; a token with neither a term nor a
        stem that starts a phrase joins ``misses``."""
        cached = self.cache.get(tok)
        if cached is None:
            cached = (_outermost(self._whole(tok) + self._heads(tok) + self._parts(tok)), stem(tok))
            if cached[0] or cached[1] in self.tax.multi:
                self.cache.put(tok, cached)
            else:
                self.miss(tok)
        return cached

    def miss(self, tok: str) -> None:
        self.misses_bytes += size_of(tok) + 40
        if self.misses_bytes > self.MISSES_BYTES:
            self.misses.clear()
            self.misses_bytes = size_of(tok) + 40
        self.misses.add(tok)

    def match(self, tok: str) -> list[tuple[Term, int, int]]:
        """The terms in a token, each with where it stands: the whole token, the head of a compound, a part."""
        return self.lookup(tok)[0]

    def _whole(self, tok: str) -> list[tuple[Term, int, int]]:
        return [(term, 0, len(tok)) for term in self.tax.single.get(stem(tok), ())
                if term.mode in ("any", "exact") and self.whole(tok, term)]

    def _heads(self, tok: str) -> list[tuple[Term, int, int]]:
        """The head of a compound: tok = modifier + term (only tails that start like a term and are short enough
        to stem to one are stemmed)."""
        n = len(tok)
        first, last = max(self.min_mod, n - self.max_tail), n - self.min_head
        found = []
        for i in sorted({i for i, _ in _occurrences(self.head_starts, tok) if first <= i <= last}):
            tail = tok[i:]
            for term in self.tax.single.get(stem(tail), ()):
                if term.mode in ("any", "head") and len(term.words[0]) >= self.min_head and self.whole(tail, term):
                    found.append((term, i, n))
        return found

    def _parts(self, tok: str) -> list[tuple[Term, int, int]]:
        """A part inside a compound (a modifier only at its start), the longer parts first, each from the left."""
        n = len(tok)
        found = []
        for i, word in sorted(_occurrences(self.parts, tok), key=lambda o: (-len(o[1]), o[0])):
            if len(word) + 3 > n:
                continue
            for term in self.tax.parts[word]:
                if term.mode != "modifier" or i == 0:
                    found.append((term, i, i + len(word)))
        return found


def _automaton(words: Iterable[str]) -> Any:
    """An Aho-Corasick automaton of ``words`` (None for none)."""
    auto = ahocorasick.Automaton()
    for w in words:
        if w:
            auto.add_word(w, w)
    if not len(auto):
        return None
    auto.make_automaton()
    return auto


def _occurrences(auto: Any, text: str) -> list[tuple[int, str]]:
    """(start, word) of every occurrence of the automaton's words in ``text``, overlapping ones included."""
    if auto is None:
        return []
    return [(end - len(w) + 1, w) for end, w in auto.iter(text)]


def _outermost(found: list[tuple[Term, int, int]]) -> list[tuple[Term, int, int]]:
    """Matches inside a longer match dropped, and repeats of one id on one stretch (the heaviest kept)."""
    if not found:
        return found
    inside = _nested_spans({(a, b) for _, a, b in found})
    keep: dict[tuple[str, int, int], tuple[Term, int, int]] = {}
    for t, a, b in found:
        if (a, b) in inside:
            continue
        k = (t.id, a, b)
        if k not in keep or keep[k][0].weight < t.weight:
            keep[k] = (t, a, b)
    return list(keep.values())


def _nested_spans(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside a longer one. In order of start (the longer first at one start), a span lies
    inside a longer one exactly when a span before it reaches as far as it does."""
    inside = set()
    reach = -1
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if reach >= b:
            inside.add((a, b))
        reach = max(reach, b)
    return inside


def _matcher(tax: Taxonomy) -> _Matcher:
    if tax.matcher is None:
        tax.matcher = _Matcher(tax)
    return tax.matcher


def _live(m: _Matcher, toks: list[str]) -> dict[str, tuple[list[tuple[Term, int, int]], str]]:
    """The tokens that may add to a score (a term, or a stem that starts a phrase), with their matches and stem;
    the tokens known to match nothing are left out in bulk."""
    unknown = {tok for tok in set(toks) - m.misses if len(tok) <= MAX_WORD}
    if not unknown:
        return {}
    multi = m.tax.multi
    cached = m.cache.get
    looked = {tok: cached(tok) or m.lookup(tok) for tok in unknown}
    return {tok: found for tok, found in looked.items() if found[0] or found[1] in multi}


def _score(toks: list[str], live: dict[str, tuple[list[tuple[Term, int, int]], str]],
           tax: Taxonomy) -> dict[str, tuple[float, list[str]]]:
    """The scores of a passage's tokens (``live``: :func:`_live`), walked in order."""
    scores: dict[str, list] = {}

    def add(term: Term) -> None:
        entry = scores.get(term.id)
        if entry is None:
            scores[term.id] = [term.weight, [term.text]]
            return
        entry[0] += term.weight
        if term.text not in entry[1]:
            entry[1].append(term.text)

    for k in [k for k, tok in enumerate(toks) if tok in live]:
        hits, stemmed = live[toks[k]]
        for term, _, _ in hits:
            add(term)
        for term in tax.multi.get(stemmed, ()):
            w = term.words
            if k + len(w) > len(toks):
                continue
            if all(len(toks[k + j]) <= MAX_WORD and stem(toks[k + j]) in _variants(w[j]) and _fits(toks[k + j], w[j])
                   for j in range(len(w))):
                add(term)
    return {i: (sc, t) for i, (sc, t) in scores.items()}


def score_paragraph(text: str, tax: Taxonomy | None = None) -> dict[str, tuple[float, list[str]]]:
    """Score per taxonomy id for one passage, with the terms that matched (as written in the taxonomy)."""
    tax = tax or _default_taxonomy()
    toks = tokens(text)
    live = _live(_matcher(tax), toks)
    return _score(toks, live, tax) if live else {}


def _is_heading(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t.split()) <= 12 and t[-1] not in ".:;?!," and "\n" not in t


def tag_paragraph(text: str, heading: bool | None = None, tax: Taxonomy | None = None) -> dict[str, dict[str, list[str]]]:
    """{kind: {id: [terms]}} for one paragraph (the ids that pass the thresholds)."""
    tax = tax or _default_taxonomy()
    heading = _is_heading(text) if heading is None else heading
    return _select(score_paragraph(text, tax), heading, tax)


def _select(scores: dict[str, tuple[float, list[str]]], heading: bool, tax: Taxonomy) -> dict[str, dict[str, list[str]]]:
    """The ids whose score passes the thresholds (a heading's lower one), per kind, best first."""
    out: dict[str, dict[str, list[str]]] = {}
    if not scores:
        return out
    st = tax.settings
    threshold = float(st["heading_threshold"] if heading else st["threshold"])
    for kind in KINDS:
        ids = tax.id_set(kind)
        cands = [(s, i, terms) for i, (s, terms) in scores.items() if i in ids and s >= threshold]
        if not cands:
            continue
        best = max(s for s, _, _ in cands)
        cands = [c for c in cands if c[0] >= float(st["relative"]) * best]
        cands.sort(key=lambda c: (-c[0], c[1]))
        out[kind] = {i: terms for _, i, terms in cands[: int(st["max_tags"])]}
    return out


def tag_paragraphs(text: str, paragraphs: Sequence[dict], sections: list[dict],
                   taxonomy: Taxonomy | None = None) -> tuple[list[dict], list[dict]]:
    """(themes, instruments): each a list of {"id", "paragraphs": [index], "terms": {index: [terms]}}."""
    tax = taxonomy or _default_taxonomy()
    heading_starts = {int(s["start"]) for s in sections or [] if isinstance(s.get("start"), int)}
    found: dict[str, dict[str, dict]] = {k: {} for k in KINDS}
    bodies = [text[int(p["start"]):int(p["end"])] for p in paragraphs or []]
    toks_of = [tokens(body) for body in bodies]
    # the document's tokens that may add to a score, looked up once per document (not once per paragraph)
    live = _live(_matcher(tax), [tok for toks in toks_of for tok in toks])
    for idx, p in enumerate(paragraphs or []):
        body, toks = bodies[idx], toks_of[idx]
        if not live or live.keys().isdisjoint(toks):  # no token of the paragraph can add to a score
            continue
        heading = _is_heading(body) or (int(p["start"]) in heading_starts and len(body.split()) <= 12)
        _add(found, idx, _select(_score(toks, live, tax), heading, tax))
    themes, instruments = (_in_taxonomy_order(found[kind], tax.ids(kind)) for kind in KINDS)
    return themes, instruments


def _add(found: dict[str, dict[str, dict]], idx: int, selected: dict[str, dict[str, list[str]]]) -> None:
    """Paragraph ``idx``'s tags (kind -> id -> its terms) added to the document's."""
    for kind, ids in selected.items():
        for tid, terms in ids.items():
            entry = found[kind].setdefault(tid, {"id": tid, "paragraphs": [], "terms": {}})
            entry["paragraphs"].append(idx)
            entry["terms"][str(idx)] = terms


def _in_taxonomy_order(entries: dict[str, dict], ids: Sequence[str]) -> list[dict]:
    order = {tid: n for n, tid in enumerate(ids)}
    return sorted(entries.values(), key=lambda e: order.get(e["id"], len(order)))
