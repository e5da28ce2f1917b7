"""Is a hyphen at the end of a PDF line a line-break hyphen (join the word) or a real one (keep it)?

Typesetters break long words at a syllable boundary and print a hyphen there ("toege-" / "nomen"). Dutch
also writes real hyphens inside words ("Minister-President", "EU-lidstaten", "zee-egel", "ex-gedetineerden",
"dual-use"). :func:`decide` tells the two apart with general evidence only, in this order:

0. ``name``: the two parts make a name written as one word with a capital inside ("Groen-" / "Links":
   GroenLinks, ChristenUnie; the party names of ``rules/parties.yaml``): join.
1. ``shape``: the part after the break starts with a capital or a digit, or the part before it is an
   acronym (all capitals: EU-, VN-, OESO-) or ends in a digit: a real hyphen.
2. ``document``: the document itself writes the joined word or the hyphenated form elsewhere; the more
   frequent form wins.
3. ``vowel_clash``: the two parts would bring together vowels that Dutch spelling separates by a hyphen
   in compounds ("zee-egel", "auto-ongeluk", "na-apen"), unless the joined word is a common Dutch word.
4. ``lexicon``: wordfreq knows the joined word in Dutch.
5. ``prefix``: "ex-", "oud-" and "niet-" before a word keep their hyphen.
6. ``foreign``: both parts are English words and the joined word is not Dutch ("dual-use", "side-events").
7. ``compound``: the joined word splits into known Dutch words (with a linking -s- or -e(n)-):
   Dutch writes compounds as one word.
8. ``syllable``: the pyphen nl_NL hyphenation dictionary allows a break at exactly this place.
9. otherwise the hyphen is kept (``default``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, NamedTuple

from kamerspoor.bytecache import byte_lru
from kamerspoor.model import InputError
from kamerspoor.rules.parties import party_table

# two vowels that would be read as one sound when written together; Dutch compounds put a hyphen between
VOWEL_CLASHES = frozenset(
    {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "ij", "oe", "oi", "oo", "ou", "ue", "ui", "uu"})
# prefixes that Dutch spelling always joins with a hyphen ("ex-minister", "oud-premier", "niet-leden")
HYPHEN_PREFIXES = frozenset({"ex", "oud", "niet"})

# "bij- en nascholing", "VN- of EU-verband": the hyphen stands for a left-out part and keeps its space
ELLIPSIS_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "als", "dan", "en/of"})
# the words that may follow a hyphen left dangling before a space without damage ("VN- of EU-verband",
# "lucht- en ruimtevaart", "Noord- naar Zuid-Europa"); any other word there is a split compound ("EU- eensgezindheid")
DANGLING_HYPHEN_WORDS = frozenset({"en", "of", "tot", "noch", "dan", "als", "alsmede", "respectievelijk", "resp",
                                   "and", "or", "to", "naar", "via", "én", "óf"})

COMMON_WORD_ZIPF = 3.0  # a joined word this frequent is a word even when its vowels clash ("geuit")
PART_ZIPF = 2.5  # minimum frequency of each part of a plausible compound
MIN_PART = 3
MAX_COMPOUND = 64  # letters: no Dutch compound is longer (splitting a longer "word" would take time n²)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
_SLASH_OR_HYPHEN = re.compile(r"[-/]")


class Decision(NamedTuple):
    join: bool  # True: drop the hyphen and join; False: keep the hyphen (still no space)
    reason: str


@lru_cache(maxsize=1)
def camel_names() -> frozenset[str]:
    """Names written as one word with a capital inside ("GroenLinks", "ChristenUnie"), from the party names."""
    try:
        return party_table().camel_names()
    except InputError:  # the party table's own users report a bad file
        return frozenset()


@byte_lru(16_000_000)
def zipf(word: str, lang: str = "nl") -> float:
    """wordfreq's Zipf frequency of a lower-case word (0.0 when unknown), cached."""
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, lang)
    except Exception:  # wordfreq may refuse odd scripts; unknown is the honest answer
        return 0.0


@lru_cache(maxsize=1)
def _pyphen() -> Any:
    import pyphen  # type: ignore[import-untyped]  # no type information shipped

    return pyphen.Pyphen(lang="nl_NL")


@byte_lru(4_000_000)
def syllable_breaks(word: str) -> frozenset[int]:
    """Offsets where the Dutch hyphenation dictionary allows a line break in ``word``."""
    return frozenset(_pyphen().positions(word))


def document_vocabulary(text: str) -> Counter[str]:
    """Lower-case words of a text, hyphenated compounds kept whole ("dual-use") and also counted by part.
    (Counted in bulk: when lower case keeps the text's length, the words of the lower-cased text are the
    lower-cased words; a hyphenated word's parts are counted once per distinct word, times its count.)"""
    low = text.lower()
    if len(low) == len(text):
        vocab: Counter[str] = Counter(_WORD.findall(low))
    else:
        vocab = Counter(m.group().lower() for m in _WORD.finditer(text))
    for word, count in [(w, c) for w, c in vocab.items() if "-" in w]:
        for part in word.split("-"):
            if part:
                vocab[part] += count
    return vocab


@byte_lru(4_000_000)
def plausible_compound(word: str, depth: int = 3) -> bool:
    """True when ``word`` splits into known Dutch words ("meerderheids|besluitvorming")."""
    if depth == 0 or len(word) > MAX_COMPOUND:
        return False
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        known_head = zipf(head) >= PART_ZIPF or (
            head[-1] == "s" and zipf(head[:-1]) >= PART_ZIPF) or (
            head.endswith("en") and zipf(head[:-2]) >= PART_ZIPF)
        if not known_head:
            continue
        if zipf(tail) >= PART_ZIPF or plausible_compound(tail, depth - 1):
            return True
    return False


def decide(left: str, right: str, vocab: Counter[str] | None = None) -> Decision:
    """Decide the hyphen between ``left`` (the text before the hyphen at a line end, without the hyphen)
    and ``right`` (the text that starts the next line).

    >>> decide("toege", "nomen").join
    True
    >>> decide("Minister", "President").join
    False
    """
    left_tok = left.split()[-1] if left.split() else ""
    right_m = _LETTERS.match(right)
    seg = _SLASH_OR_HYPHEN.split(left_tok)[-1] if left_tok else ""
    seg = seg.lstrip("(\"'‘“«[")
    if not seg or not right_m or not seg[-1].isalpha():
        return Decision(False, "shape")
    word_right = right_m.group()
    return (_by_shape(seg, word_right) or _by_document(left_tok, seg, word_right, vocab)
            or _by_language(seg, word_right))


def _by_shape(seg: str, word_right: str) -> Decision | None:
    """0-1: a name written as one word joins; a capital after the break, or an acronym before it, keeps."""
    if seg + word_right in camel_names():
        return Decision(True, "name")
    if word_right[0].isupper() or seg.isupper():
        return Decision(False, "shape")
    return None


def _by_document(left_tok: str, seg: str, word_right: str, vocab: Counter[str] | None) -> Decision | None:
    """2: the form the document itself writes more often."""
    if not vocab:
        return None
    joined = (seg + word_right).lower()
    full_joined = (left_tok.lstrip("(\"'‘“«[") + word_right).lower()
    n_joined = max(vocab.get(joined, 0), vocab.get(full_joined, 0))
    n_hyph = vocab.get(f"{seg}-{word_right}".lower(), 0)
    if n_joined or n_hyph:
        return Decision(n_joined >= n_hyph, "document")
    return None


def _by_language(seg: str, word_right: str) -> Decision:
    """3-9: Dutch spelling, vocabulary and hyphenation."""
    joined = (seg + word_right).lower()
    z = zipf(joined)
    if (seg[-1] + word_right[0]).lower() in VOWEL_CLASHES and z < COMMON_WORD_ZIPF:
        return Decision(False, "vowel_clash")
    if z > 0:
        return Decision(True, "lexicon")
    if seg.lower() in HYPHEN_PREFIXES:
        return Decision(False, "prefix")
    s, r = seg.lower(), word_right.lower()
    if zipf(s, "en") > zipf(s) and zipf(r, "en") > zipf(r) and zipf(s, "en") > 0 and zipf(r, "en") > 0:
        return Decision(False, "foreign")
    if plausible_compound(joined):
        return Decision(True, "compound")
    if len(seg) in syllable_breaks(joined):
        return Decision(True, "syllable")
    return Decision(False, "default")
