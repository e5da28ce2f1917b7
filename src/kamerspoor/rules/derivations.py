"""Derived forms of names and nouns: the index term a word shares with the words derived from it.

A search for "China" should find a paragraph that says only "Chinese", "Oeigoeren" one that says only "Oeigoerse",
"economie" one that says only "economische". The lemma table and the Snowball stemmer the search uses do not
relate them: "chinese" has the lemma "chines", "oeigoerse" the lemma "oeigoers", and a stemmer cuts endings, not
derivations. This module gives every such word an extra index term, the same for the whole family:

- a table of families (``derivations.yaml``): countries, regions, peoples and places with their adjectives,
  inhabitants and plurals, written out because Dutch forms them irregularly (Rusland: Russisch, Rus, Russen;
  Europa: Europees, Europese, Europeaan). Every form and the name itself map to the name in lower case without
  diacritics ("china", "israel"); a form written without its diaeresis maps too;
- suffix rules for words not in the table, each with an example: "-isch(e)" adjectives of nouns in "-ie" or
  "-iek" (economische -> economie, technische -> techniek), "-istisch(e)", "-itisch(e)" and "-ist(en)" of nouns in
  "-isme" (racistische -> racisme, antisemitische -> antisemitisme, terroristen -> terrorisme), and, for a word
  written with a capital inside a sentence, the "-se" adjective of a place (Leidse -> leiden, Tilburgse ->
  tilburg). A rule counts only when the base it names is a known Dutch word (wordfreq), and never for the
  listed false friends ("optische" is not of "optie").

Why these limits: the "-se" ending is also the end of ordinary words ("diverse", "schaarse", "klasse", "rechtse":
not of "diver", "schaar", "klas", "recht"), and of those none is written with a capital inside a sentence, while
adjectives of names are; an "-s" rule for names ("Amsterdams") would also read surnames and funds ("Wilders",
"Klimaatfonds") as derived, so the "-s" forms come from the table only.

How the search uses it (one call each side): at indexing, :func:`text_terms` gives the terms of a passage (it
needs the passage's own case to tell a name's adjective); at query time, :func:`query_terms` gives the terms a
query word is searched as: its own family term, and the word itself, so that "amsterdam" finds the "Amsterdamse"
whose term is "amsterdam". A word's base itself ("economie") is found by the lemma column as before.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kamerspoor.model import InputError
from kamerspoor.rules import rulefile

DATA_PATH = Path(__file__).with_name("derivations.yaml")
WORD = re.compile(r"[^\W_]+")
# what ends a sentence or starts a line before a word: a capital after it is the sentence's, not a name's
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]|^\s*[-–•*·])[\s\"'“‘«(]*$")


def fold(word: str) -> str:
    """Lower case without diacritics: "Israël" -> "israel", "Curaçao" -> "curacao"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Derivations:
    families: dict[str, str]  # folded form -> the family's term
    rules: tuple[rulefile.Rule, ...]  # each with its own keys: bases, proper, word, term
    exceptions: dict[str, frozenset[str]]  # word (without a final inflection e) -> bases it is not of
    zipf: float
    names: dict[str, str] = field(default_factory=dict)  # the family's term -> its name as written

    def known(self, word: str) -> bool:
        return _zipf(word) >= self.zipf

    def by_rule(self, word: str, proper: bool) -> str | None:
        """The term a suffix rule gives a lower-case word, or None."""
        uninflected = word[:-1] if word.endswith("se") or word.endswith("sche") else word
        not_of = self.exceptions.get(uninflected, frozenset()) | self.exceptions.get(word, frozenset())
        for rule in self.rules:
            if rule.get("proper", False) and not proper:
                continue
            m = rule.pattern.fullmatch(word)
            if not m:
                continue
            for base in (b.format(**m.groupdict()) for b in rule.get("bases")):
                if base not in not_of and base != word and self.known(base):
                    return fold(base)
        return None

    def terms(self, word: str, proper: bool = False) -> tuple[str, ...]:
        """The family term of one word: from the table, else from a rule; () when it has none."""
        lower = word.lower()
        term = self.families.get(fold(lower))
        if term is None:
            term = self.by_rule(lower, proper)
        return (term,) if term else ()


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "nl", wordlist="large"))


# -- reading the data file -------------------------------------------------------------------------------

def _families(data: Mapping[str, Any], path: Path) -> tuple[dict[str, str], dict[str, str]]:
    out: dict[str, str] = {}
    names: dict[str, str] = {}
    for i, item in enumerate(data.get("families") or []):
        forms = item.get("forms") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not isinstance(forms, list) \
                or not all(isinstance(f, str) and f for f in forms):
            raise InputError(str(path), f"family {i + 1}: needs a name and a list of forms")
        term = fold(item["name"])
        names[term] = item["name"]
        for form in (item["name"], *forms):
            if out.get(fold(form), term) != term:
                raise InputError(str(path), f"family {item['name']}: the form {form!r} is also in family "
                                            f"{names[out[fold(form)]]}")
            out[fold(form)] = term
    return out, names


def _check_rule(rule: rulefile.Rule, path: Path) -> None:
    bases, proper = rule.get("bases"), rule.get("proper", False)
    if not isinstance(bases, list) or not bases or not all(isinstance(b, str) and "{stem}" in b for b in bases):
        raise InputError(str(path), f"rule '{rule.id}': 'bases' must list patterns such as '{{stem}}ie'")
    if "stem" not in rule.pattern.groupindex:
        raise InputError(str(path), f"rule '{rule.id}': the pattern needs a group named 'stem'")
    if not isinstance(proper, bool):
        raise InputError(str(path), f"rule '{rule.id}': 'proper' must be true or false")


def _exceptions(data: Mapping[str, Any], path: Path) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for i, item in enumerate(data.get("exceptions") or []):
        nots = item.get("not") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("word"), str) or not isinstance(nots, list) \
                or not all(isinstance(n, str) and n for n in nots):
            raise InputError(str(path), f"exception {i + 1}: needs a word and the list of words it is 'not' of")
        out.setdefault(item["word"].lower(), set()).update(n.lower() for n in nots)
    return {k: frozenset(v) for k, v in out.items()}


def load(path: Path = DATA_PATH) -> Derivations:
    """Read and check the derivations file (an InputError naming the file and the entry when it is wrong)."""
    data = rulefile.read_yaml(path, "the derivations")
    if not isinstance(data, dict) or not isinstance(data.get("families"), list):
        raise InputError(str(path), "expected a mapping with a list under 'families'")
    families, names = _families(data, path)
    rules = rulefile.load(path, "the derivations", required=("word", "term")).rules
    for rule in rules:
        _check_rule(rule, path)
    known = data.get("known")
    zipf = known.get("zipf") if isinstance(known, dict) else None
    if not isinstance(zipf, int | float):
        raise InputError(str(path), "known.zipf: expected a number")
    return Derivations(families, rules, _exceptions(data, path), float(zipf), names)


@lru_cache(maxsize=1)
def table() -> Derivations:
    """The package's derivations (read once)."""
    return load()


@lru_cache(maxsize=1)
def version() -> str:
    """What the terms depend on (the data file and the word list), for the search index's version: when it
    changes, the index must be rebuilt."""
    digest = hashlib.sha256(DATA_PATH.read_bytes()).hexdigest()[:12]
    try:
        wordfreq = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        wordfreq = "absent"
    return f"derivations {digest};wordfreq {wordfreq}"


# -- the two calls ---------------------------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def terms(word: str, proper: bool = False) -> tuple[str, ...]:
    """The index term(s) a word shares with its derived forms: "Chinese" -> ("china",), "economische" ->
    ("economie",); ``proper`` when the word is written with a capital inside a sentence ("Leidse" ->
    ("leiden",)); () for a word without derivations."""
    return table().terms(word, proper)


def _is_proper(text: str, m: re.Match[str]) -> bool:
    """A word written with a capital inside a sentence (not at its start, not in capitals throughout)."""
    w = m.group()
    if not w[0].isupper() or (len(w) > 1 and w.isupper()):
        return False
    return not _SENTENCE_START.search(text, max(0, m.start() - 8), m.start())


def iter_text_terms(text: str) -> Iterator[str]:
    for m in WORD.finditer(text or ""):
        yield from terms(m.group(), _is_proper(text, m))


def word_terms(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Each word of a passage with its span and its family terms, in order (the highlighter's side: which
    words of a paragraph share a term with the query): "in Chinese steden" -> [(0, 2, ()), (3, 10, ("china",)),
    (11, 17, ())]."""
    return [(m.start(), m.end(), terms(m.group(), _is_proper(text, m))) for m in WORD.finditer(text or "")]


def text_terms(text: str) -> list[str]:
    """The family terms of a passage, in order (the index side): "De Oeigoerse diaspora in Chinese steden" ->
    ["oeigoeren", "china"]."""
    return list(iter_text_terms(text))


def query_terms(word: str) -> tuple[str, ...]:
    """The terms a query word is searched as (the query side): its family term and the word itself, folded:
    "Chinese" -> ("china", "chinese"), "amsterdam" -> ("amsterdam",)."""
    own = fold(word)
    found = terms(word, True)
    return tuple(dict.fromkeys((*found, own)))
