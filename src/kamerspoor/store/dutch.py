"""Dutch words for the search index: tokens, Snowball stems and the parts of compounds.

Dutch writes compounds as one word ("mensenrechtenverdedigers" = mensen + rechten + verdedigers), so a
stemmer alone cannot make "verdedigers" find it. Every word of eight letters or more is split where its tail
is a known Dutch word (wordfreq's Dutch vocabulary) and its head is a known word, a known word plus a linking
"s", "e" or "en" (arbeid-s-markt, mensen-rechten), or itself such a compound. The stems of the parts go into a
separate index column, next to the stems of the words themselves, so a match on a part ranks below a match
on the whole word.

The same functions run at indexing and at query time, so the index and the queries always agree,
whichever database holds them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[^\W_]+")

MIN_COMPOUND = 8  # shortest word that is tried as a compound
MIN_TAIL = 4
MIN_HEAD = 3
VOCABULARY_SIZE = 60_000  # most frequent Dutch words (wordfreq, "large" list); rarer ones are mostly noise
LINKS = ("s", "e", "en")  # tussenklanken: arbeid-s-markt, pann-e-koek, mens-en-rechten
# prefixes that make derivations, not compounds: ver-zoekt, over-heid, uit-voering, aan-pak, voor-stel
NOT_HEADS = frozenset({"aan", "achter", "af", "bij", "con", "door", "her", "mee", "na", "om", "ont", "onder", "op",
                       "over", "tegen", "toe", "uit", "ver", "voor", "weer"})

_stemmer = Stemmer.Stemmer("dutch")


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


def index_columns(text: str) -> tuple[str, str]:
    """The two search columns of a passage: its stems (one per word, in order, so phrases still match) and
    the stems of the parts of its compounds."""
    words = tokens(text)
    parts: list[str] = []
    for w in words:
        if len(w) >= MIN_COMPOUND:
            parts.extend(part_stems(w))
    return " ".join(_stemmer.stemWords(words)), " ".join(parts)
