"""Commitment cue phrases (toezeggingen): the Dutch wording of a promise about the future.

The cues are data (``commitments.yaml``: every rule with an id, its kind, a pattern and an example sentence);
this module loads them once and hands :mod:`kamerspoor.extract.commitments` the compiled patterns. A
commitment needs a future-directed cue *and* (for the generic cues) a member of the government as the subject
of that cue. The cues, by kind (``model.CommitmentKind``):

- inform: "zal uw Kamer (voor de zomer) (nader) informeren", "Hierover zal uw Kamer te zijner tijd nader worden
  geïnformeerd", "De Kamer wordt voor 1 juli geïnformeerd", "zal ... (toe)sturen/(toe)zenden/aanbieden",
  "ik kom hierop (voor de zomer) terug", "informeer ik uw Kamer voor ..." (present tense + a time phrase),
  "Voor de zomer stuur ik uw Kamer ...", "Hierover wordt uw Kamer te zijner tijd geïnformeerd", "Voor het kerstreces
  ontvangt uw Kamer ..." (the timed cues), "Ik streef ernaar / verwacht uw Kamer ... te (kunnen) informeren".
- act: "Het kabinet zal ...", "Ik ben voornemens", "heeft het voornemen", "Het kabinet gaat ... <infinitief>",
  "ik zeg toe", "Ik streef ernaar ...", "Het kabinet komt in het voorjaar met een uitwerking" (timed), "...,
  in de verwachting dat ..." (an action the cabinet expects to bear fruit); not "zal (zich) niet ...".
- continue: "Het kabinet blijft ... <infinitief>" ("blijft dit onderwerp agenderen", "blijft zich inzetten om",
  "blijft de ontwikkelingen nauwlettend volgen").

Not commitments: descriptions of current policy ("Het kabinet stelt ... aan de orde"), expectations about
others ("Het is niet de verwachting dat er snel overeenstemming zal worden bereikt"), hypotheticals ("zou
kunnen": no cue), this letter itself ("waarop wij verderop in deze brief terugkomen", "Met deze brief informeer
ik uw Kamer"), questions, and the clauses of a motion ("overwegende dat het kabinet voornemens is ...").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import CommitmentKind, InputError
from kamerspoor.rules import rulefile

RULES_PATH = Path(__file__).with_name("commitments.yaml")
USES = ("actor", "future_marker", "any_cue", "infinitive", "gaan_idiom", "blijven_state", "not_a_promise",
        "motion_clause", "kamer", "sentence_boundary", "signer", "actor_article", "actor_office", "actor_envoy",
        "kept", "refers_back")


@lru_cache(maxsize=2)
def load(path: str | None = None) -> rulefile.RuleFile:
    """The commitment rules (default: the package's ``commitments.yaml``), checked: every rule is a cue of a
    known kind or has one of ``USES``, each use once."""
    where = Path(path) if path else RULES_PATH
    file = rulefile.load(where, "commitment rules")
    uses: list[str] = []
    for rule in file.rules:
        if rule.get("kind") is not None:
            if rule.get("kind") not in {k.value for k in CommitmentKind}:
                raise InputError(str(where), f"rule '{rule.id}': unknown kind '{rule.get('kind')}'")
        elif rule.get("use") in USES and rule.get("use") not in uses:
            uses.append(rule.get("use"))
        else:
            raise InputError(str(where), f"rule '{rule.id}': needs a kind or one of the uses {', '.join(USES)} "
                                         "(each once)")
    if missing := [u for u in USES if u not in uses]:
        raise InputError(str(where), f"no rule with use {', '.join(missing)}")
    return file


RULES = load()


def _cues(timed: bool) -> list[tuple[CommitmentKind, re.Pattern[str]]]:
    return [(CommitmentKind(r.get("kind")), r.pattern) for r in RULES.rules
            if r.get("kind") is not None and bool(r.get("timed", False)) is timed]


# the cues, in file order: always tried / tried only when the sentence names a time still to come
CUES = _cues(timed=False)
TIMED_CUES = _cues(timed=True)
# the patterns with a use, each under its use's name in capitals, in the order of USES (checked by
# tests/test_commitments.py): ACTOR who can promise, ANY_CUE searched in lower-cased text, KAMER the addressee
# of a promise to inform, KEPT the status cell of a toezegging an overview reports as kept, REFERS_BACK a promise
# about what the sentence before says
(ACTOR, FUTURE_MARKER, ANY_CUE, INFINITIVE, GAAN_IDIOM, BLIJVEN_STATE, NOT_A_PROMISE, MOTION_CLAUSE, KAMER,
 SENTENCE_BOUNDARY, SIGNER, ACTOR_ARTICLE, ACTOR_OFFICE, ACTOR_ENVOY, KEPT, REFERS_BACK) = (
    RULES.where(use=u)[0].pattern for u in USES)
NOT_INFINITIVE = RULES.words.get("not_infinitive", frozenset())
ABBREVIATIONS = RULES.words.get("abbreviations", frozenset())

# -- sentences (the stages and the store's derived columns share them) ------------------------------------------

_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_SPACES = re.compile(r"\s+")
# a "sentence" longer than this is no sentence (the longest in the shared corpus has 744 characters): it is taken
# in pieces, cut at a space, so the cue patterns (which look ahead to the clause's end) take linear time
MAX_SENTENCE = 1000


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text[start:end]`` (end excludes trailing space)."""
    end = len(text) if end is None else end
    out, s = [], start
    for m in SENTENCE_BOUNDARY.finditer(text, start, end):
        word = text[s:m.start() + 1].split()
        last = word[-1].lstrip("(«\"'").rstrip(".").lower() if word else ""
        if last in ABBREVIATIONS or _INITIALS.fullmatch(last or "x") and len(last) <= 5:
            continue  # "nr. 29", "S.A. Blok", "o.a."
        cut = m.start() + len(m.group(0).rstrip())
        if text[s:cut].strip():
            out.extend(sentence_pieces(text, s, cut))
        s = m.end()
    if text[s:end].strip():
        out.extend(sentence_pieces(text, s, len(text[:end].rstrip())))
    return out


def sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``text[start:end]``, or pieces of at most :data:`MAX_SENTENCE` characters cut after a space."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def context(text: str, start: int, end: int, paragraph_start: int | None = None) -> str | None:
    """The sentence before a commitment when the commitment refers back to it ("Hierover zal uw Kamer ...
    geïnformeerd.", "Deze evaluatie zal ..."): what the promise is about, which it does not say itself. Only
    a sentence of the same paragraph (from ``paragraph_start``) counts; None when there is none or the
    commitment stands on its own."""
    sentence = text[start:end]
    if not REFERS_BACK.search(sentence):
        return None
    lo = max(0, start - 2000) if paragraph_start is None else max(0, min(paragraph_start, start))
    before = [(a, b) for a, b in split_sentences(text, lo, start) if b <= start]
    if not before:
        return None
    a, b = before[-1]
    return _SPACES.sub(" ", text[a:b]).strip() or None
