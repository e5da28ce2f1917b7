"""Dutch words for the search index: tokens, lemmas, Snowball stems and the parts of compounds.

Words are normalised in two strengths. The *lemma* (:func:`norm`) comes from a lookup table of inflected
Dutch forms (spaCy's ``nl_lemma_lookup`` from the ``spacy-lookups-data`` package: "verdedigers" ->
"verdediger", "moties" -> "motie", "verzoekt" -> "verzoeken"); a form that is itself a lemma stays as it is
("verdediging"), and only a form the table does not know falls back to its Snowball stem. The Snowball *stem*
(:func:`stem`) is coarser: "verdedigers" and "verdediging" both become "verdeed". Both go into the index, the
lemma ranked above the stem, so a query finds what it found before but the same word comes first.

Dutch writes compounds as one word ("mensenrechtenverdedigers" = mensen + rechten + verdedigers), so neither
alone can make "verdedigers" find it. Every word of eight letters or more is split where its tail is a known
Dutch word (wordfreq's Dutch vocabulary) and its first part is a known word, a known word plus a linking
"s", "e" or "en" (arbeid-s-markt, mensen-rechten), or itself such a compound. The lemmas of a compound's
*heads* (its last part, and the last part of that: "verdedigers" -> "verdediger") go into one index column,
the stems of all its parts into another, so a compound whose head is the query ranks below the word itself
but above a word that merely shares a stem, and a compound that only starts with it ranks last.

Derived forms of names and nouns ("Chinese" of "China", "Oeigoerse" of "Oeigoeren", "economische" of
"economie") share neither lemma nor stem with their base, so a fifth column holds each word's *family term*
(:mod:`kamerspoor.rules.derivations`: the table of names and the suffix rules), computed from the passage as
written, because a capital inside a sentence decides whether "Leidse" is the adjective of a place.

The same functions run at indexing and at query time, so the index and the queries always agree,
whichever database holds them.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import metadata, resources

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type information

from kamerspoor.rules import derivations

WORD = re.compile(r"[^\W_]+")

MIN_COMPOUND = 8  # shortest word that is tried as a compound
MIN_TAIL = 4
MIN_HEAD = 3
VOCABULARY_SIZE = 60_000  # most frequent Dutch words (wordfreq, "large" list); rarer ones are mostly noise
LINKS = ("s", "e", "en")  # tussenklanken: arbeid-s-markt, pann-e-koek, mens-en-rechten
# prefixes that make derivations, not compounds: ver-zoekt, over-heid, uit-voering, aan-pak, voor-stel
NOT_HEADS = frozenset({"aan", "achter", "af", "bij", "con", "door", "her", "mee", "na", "om", "ont", "onder", "op",
                       "over", "tegen", "toe", "uit", "ver", "voor", "weer"})

LEMMA_PACKAGE = "spacy-lookups-data"
LEMMA_TABLE = "nl_lemma_lookup.json.gz"
# the scheme of the index columns; with the versions of what fills them it makes index_version
# (3: the family column of derived forms)
INDEX_SCHEME = 3

_stemmer = Stemmer.Stemmer("dutch")
_ONE_WORD = re.compile(r"[^\W_]+\Z")


@lru_cache(maxsize=1)
def lemma_table() -> tuple[dict[str, str], frozenset[str]]:
    """Inflected form -> lemma, and the set of lemmas, from the installed spacy-lookups-data (single lower-case
    words only: entries such as "'k" or "-organisaties" are left out)."""
    try:
        data = (resources.files("spacy_lookups_data") / "data" / LEMMA_TABLE).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        raise RuntimeError(f"the Dutch lemma table needs the {LEMMA_PACKAGE} package: "
                           f"pip install {LEMMA_PACKAGE}") from None
    forms: dict[str, str] = {}
    for form, lemma in json.loads(gzip.decompress(data)).items():
        form, lemma = form.lower(), lemma.lower()
        if _ONE_WORD.match(form) and _ONE_WORD.match(lemma):
            forms[form] = lemma
    lemmas = frozenset(forms.values())
    return {f: lem for f, lem in forms.items() if f not in lemmas and f != lem}, lemmas


@lru_cache(maxsize=1)
def index_version() -> str:
    """What the index columns depend on, recorded in the store: when it changes, the store is reindexed."""
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "absent"

    return (f"{INDEX_SCHEME};{LEMMA_PACKAGE} {version(LEMMA_PACKAGE)};PyStemmer {version('PyStemmer')};"
            f"{derivations.version()}")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Known Dutch words, lower case, letters only."""
    from wordfreq import top_n_list

    return frozenset(w for w in top_n_list("nl", VOCABULARY_SIZE, wordlist="large") if w.isalpha() and len(w) >= 3)


def tokens(text: str) -> list[str]:
    """Words of ``text`` in lower case (letters and digits; everything else separates)."""
    return WORD.findall(text.lower())


def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def stems(words: list[str]) -> list[str]:
    return _stemmer.stemWords(words)


_norms: dict[str, str] = {}


def norm(word: str) -> str:
    """The lemma of a lower-case word: the table's lemma of an inflected form, the word itself when it is a
    lemma, else its Snowball stem."""
    out = _norms.get(word)
    if out is None:
        forms, lemmas = lemma_table()
        out = word if word in lemmas else forms.get(word) or _stemmer.stemWord(word)
        if len(_norms) < 500_000:
            _norms[word] = out
    return out


def norms(words: list[str]) -> list[str]:
    return [norm(w) for w in words]


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl", wordlist="large")


def _good_part(word: str, vocab: frozenset[str], short_min: float) -> bool:
    """A credible part of a compound: a known word, and a common one when it is short (short rare words
    are mostly fragments: rege-ring, bela-sting)."""
    if word not in vocab:
        return False
    if len(word) >= 7:
        return True
    return _zipf(word) >= (short_min if len(word) <= 5 else 3.0)


def _good_head(head: str, vocab: frozenset[str]) -> bool:
    if head in NOT_HEADS:
        return False
    if _good_part(head, vocab, 3.5):
        return True
    return any(head.endswith(link) and len(head) - len(link) >= MIN_HEAD
               and _good_part(head[: -len(link)], vocab, 3.5) for link in LINKS)


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a compound word, longest tail first: ``mensenrechtenverdedigers`` ->
    ``("mensenrechten", "verdedigers", "mensen", "rechten")``; ``()`` when it is not a compound."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    vocab = vocabulary()
    for i in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:i], word[i:]
        if head in NOT_HEADS or not _good_part(tail, vocab, 4.5):
            continue
        inner = split_compound(head)
        if inner or _good_head(head, vocab):
            return (head, tail, *inner, *split_compound(tail))
    return ()


def _heads(word: str) -> list[str]:
    """The heads of a compound: its last part, and the last part of that when it is a compound itself."""
    parts = split_compound(word)
    if not parts:
        return []
    return [parts[1], *_heads(parts[1])]


@lru_cache(maxsize=200_000)
def head_norms(word: str) -> tuple[str, ...]:
    """Lemmas of the heads of a compound (lower-case ``word``), without the lemma of the word itself:
    ``mensenrechtenverdedigers`` -> ``("verdediger",)``."""
    whole = norm(word)
    out: list[str] = []
    for h in _heads(word):
        n = norm(h)
        if n != whole and n not in out:
            out.append(n)
    return tuple(out)


@lru_cache(maxsize=200_000)
def part_stems(word: str) -> tuple[str, ...]:
    """Stems of the parts of a compound (lower-case ``word``), without the stem of the word itself."""
    parts = split_compound(word)
    if not parts:
        return ()
    whole = _stemmer.stemWord(word)
    out = []
    for p in _stemmer.stemWords(list(parts)):
        if p != whole and p not in out:
            out.append(p)
    return tuple(out)


def warm() -> None:
    """Load the lemma table and the word lists now, once. A server calls it before it takes requests: the
    tables are built lazily, and eight threads asking for them at the same moment would each build their own
    (about a second and a hundred megabytes each, at once)."""
    lemma_table()
    vocabulary()
    _zipf("kabinet")
    head_norms("kabinetsbeleid")


def index_columns(text: str) -> tuple[str, str, str, str, str]:
    """The five search columns of a passage: its lemmas and its stems (one per word, in order, so phrases
    still match), the lemmas of the heads of its compounds, the stems of all parts of its compounds and the
    family terms of its derived forms (from the text as written: see :mod:`kamerspoor.rules.derivations`)."""
    words = tokens(text)
    heads: list[str] = []
    parts: list[str] = []
    for w in words:
        if len(w) >= MIN_COMPOUND:
            heads.extend(head_norms(w))
            parts.extend(part_stems(w))
    return (" ".join(norms(words)), " ".join(_stemmer.stemWords(words)), " ".join(heads), " ".join(parts),
            " ".join(derivations.text_terms(text)))
