"""Motions a letter answers and party proposals it discusses, each with the cabinet's stance and evidence.

Two kinds of mention are found in the cleaned text:

- a motion: read at the word "motie" by :mod:`kamerspoor.extract.mentions` ("De motie van het lid Karabulut c.s.
  (Kamerstuk 35 207, nr. 11)", "de moties van de leden A en B (...) en C en D (...)", "de motie-Sjoerdsma" with a
  footnote that cites the Kamerstuk, a motion named by its submitters only), and through a citation near that
  word by :mod:`kamerspoor.extract.nearby` ("hebben de leden A (VVD) en B (SP) een motie ingediend (Kamerstuk
  ...)", a list of motions by subject, "bekend onder kenmerk ...", the citation cell of an overview's row, "De
  motie over <subject>" or "De gewijzigde motie" named again);
- a party proposal: "het pleidooi van GroenLinks om ...", "het voorstel van D66 (met steun van de PvdA) dat
  ...", "zoals D66 bepleit", "de wens van de ChristenUnie en de SGP", "net als de notities van de VVD, D66 en
  GroenLinks", "anders dan JA21 voorstelt", "zoals door de leden van de CDA-fractie gevraagd", "Met de PVV ben ik
  van mening dat ...", "Ik ben het eens met de PvdD dat ...", "De VVD heeft gevraagd om ..." at a sentence start
  (party names and their variants: ``rules/parties.yaml``; the phrases that name a motion or a proposal:
  ``rules/mentions.yaml`` and ``rules/party_phrases.yaml``).

The cabinet's answer is read by the stance rules (``rules/stances.yaml``, ``rules/stances.py``) from the
sentence of the mention; when that sentence gives no answer, from the following sentences of the paragraph,
and when the paragraph gives none, from the next paragraph, in both cases up to the next mention. Before the
rules see a sentence, the motion mentions in it are replaced by the word "motie", what a motion asks
("verzoekt de regering ...") is cut off and the text of a party's proposal is blanked, so that a rule only
reads the cabinet's own words. A motion mentioned more than once gives one record: the answer with a stance
beats "noted", an answer in the mention's own sentence beats one read further on, otherwise the first wins;
``start`` is always the first mention; of two answers in their mentions' own sentences, the one about this motion
alone beats one about several at once.

The cabinet's advice before the vote (``rules/advice.yaml``: "Ik ontraad deze motie", "oordeel Kamer", "Appreciatie:
ontijdig") is read from the same sentences, and in a list-form appreciation from the few paragraphs after the
motion up to the next mention; it is kept per motion (``advice``) and voids the positive stances it explains
("het kabinet zet in op het Europese regime. Ik ontraad deze motie" stays ``noted``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from kamerspoor.extract import commitments as promises
from kamerspoor.extract import nearby
from kamerspoor.extract.mentions import (
    _M,
    all_citations,
    find_motion_mentions,
    sentence_spans,
)
from kamerspoor.extract.mentions import (
    MotionMention as _MotionMention,
)
from kamerspoor.model import Stance
from kamerspoor.rules import advice as advice_rules
from kamerspoor.rules import literals, party_phrases
from kamerspoor.rules import stances as stance_rules
from kamerspoor.rules.parties import Party, load_parties

if TYPE_CHECKING:
    from kamerspoor.tkletters import NamedMotion

__all__ = ["Party", "find_answers", "find_motion_mentions", "find_party_mentions", "load_parties",
           "sentence_spans"]

_PP = party_phrases.load()  # the party proposals (rules/party_phrases.yaml, rules/parties.yaml)
_CLAUSE_BREAK = re.compile(r"[,;]\s")


# -- small records ---------------------------------------------------------------------------------


@dataclass
class _PartyMention:
    start: int
    end: int
    parties: list[str]
    supporters: list[str]
    proposal: str
    proposal_span: tuple[int, int] | None  # blanked for the stance rules
    clause_start: int | None = None
    members: bool = False  # named by its members ("de leden van de VVD-fractie"): their inbreng


@dataclass
class _Answer:
    stance: Stance
    rules: list[str]
    evidence: str
    direct: bool  # the answer is in the mention's own sentence
    advice: str | None = None  # the cabinet's advice before the vote (rules/advice.yaml)
    after_vote: bool = False  # the advice is named in a sentence that reports the motion adopted: it voids nothing


@dataclass
class _Doc:
    text: str
    paragraphs: list[tuple[int, int, int | None]]
    starts: list[int] = field(default_factory=list)
    _sentences: dict = field(default_factory=dict)
    _sentence_starts: dict[int, list[int]] = field(default_factory=dict)
    may_advise: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.starts = [p[0] for p in self.paragraphs]
        self.may_advise = advice_rules.any_advice(self.text)  # no advice word anywhere: none to look for

    def paragraph_of(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0 or pos > self.paragraphs[i][1]:
            return None
        return i

    def sentences(self, pi: int) -> list[tuple[int, int]]:
        if pi not in self._sentences:
            s, e, _ = self.paragraphs[pi]
            self._sentences[pi] = sentence_spans(self.text, s, e)
        return self._sentences[pi]

    def sentence_at(self, pi: int, pos: int) -> int:
        """The index of the sentence of paragraph ``pi`` that holds ``pos`` (0 when none does), by bisection: a
        paragraph may have many sentences and many mentions."""
        if pi not in self._sentence_starts:
            self._sentence_starts[pi] = [s for s, _ in self.sentences(pi)]
        sents = self.sentences(pi)
        i = bisect.bisect_right(self._sentence_starts[pi], pos) - 1
        return i if i >= 0 and sents[i][0] <= pos < sents[i][1] else 0

    def is_vindplaats(self, pi: int) -> bool:
        s, e, _ = self.paragraphs[pi]
        return bool(_M.vindplaats_cell.match(self.text[s:e]))

    def is_heading(self, pi: int) -> bool:
        s, e, _ = self.paragraphs[pi]
        chunk = self.text[s:e].strip()
        return len(chunk) < 150 and not _M.heading_end.search(chunk)


# -- party mentions --------------------------------------------------------------------------------


def _party_names(span_text: str) -> list[str]:
    seen: list[str] = []
    for m in _PP.one_party.finditer(span_text):
        n = _PP.parties.canonical(m.group(0))
        if n not in seen:
            seen.append(n)
    return seen


def _matches(use: str, text: str) -> Iterator[re.Match[str]]:
    """The matches of the party phrases with ``use``, in text order, none overlapping another (the rules of one
    use are alternatives: where two match at one place, the first in the file wins)."""
    rules = _PP.naming(use)
    if len(rules) == 1:
        yield from literals.finditer(rules[0].pattern, text)
        return
    found = sorted(((m.start(), k, m) for k, rule in enumerate(rules) for m in literals.finditer(rule.pattern, text)),
                   key=lambda x: (x[0], x[1]))
    end = -1
    for start, _, m in found:
        if start >= end:
            end = max(m.end(), start + 1)
            yield m


def _proposal_mention(text: str, m: re.Match[str]) -> _PartyMention:
    """"het voorstel van D66 (met steun van de PvdA) dat ...": proposers, supporters, the clause after."""
    parties = _party_names(m.group("list"))
    end = m.end()
    supporters: list[str] = []
    sup = _PP.support.match(text, end)
    if sup:
        supporters = [p for p in _party_names(sup.group("list")) if p not in parties]
        end = sup.end()
    return _PartyMention(m.start(), end, parties, supporters, "", None, end,
                         members=bool(_PP.members.search(m.group("list"))))


def _inbreng_mention(text: str, doc: _Doc, m: re.Match[str]) -> _PartyMention:
    """A fractie's own proposal in its inbreng: the fractie's own sentence is blanked whole (none of it is the
    cabinet's answer)."""
    pm = _PartyMention(m.start(), m.end(), _party_names(m.group("list")), [], "", None, None, members=True)
    _, s1 = _sentence_of(doc, m.start())
    pm.proposal = text[m.end():s1].strip(" ,").removeprefix("ervoor ").strip().rstrip(".")
    pm.proposal_span = (m.start(), max(m.end(), s1))
    return pm


def _named_mention(m: re.Match[str], clause_after: bool) -> _PartyMention:
    lst = m.group("list")
    return _PartyMention(m.start(), m.end(), _party_names(lst), [], "", None, m.end() if clause_after else None,
                         members=bool(_PP.members.search(lst)))


def find_party_mentions(text: str, doc: _Doc | None = None) -> list[_PartyMention]:
    """Party proposals named in ``text``: who proposed (and who supported) and what."""
    doc = doc or _Doc(text, [(0, len(text), None)])
    found = [_proposal_mention(text, m) for m in _matches("proposal", text)]
    taken = [(pm.start, pm.end) for pm in found]

    def free(m: re.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    found += [_inbreng_mention(text, doc, m) for m in _matches("inbreng", text) if free(m)]
    found += [_named_mention(m, clause_after=False) for m in _matches("zoals", text)]
    for use in ("agreement", "asked"):
        found += [_named_mention(m, clause_after=True) for m in _matches(use, text) if free(m)]
    found.sort(key=lambda x: x.start)
    for pm in found:
        if not pm.proposal:
            _fill_proposal(text, doc, pm)
    return found


def _sentence_of(doc: _Doc, pos: int) -> tuple[int, int]:
    pi = doc.paragraph_of(pos)
    if pi is None:
        return (pos, pos)
    for s, e in doc.sentences(pi):
        if s <= pos < e or pos == e:
            return (s, e)
    return doc.paragraphs[pi][0], doc.paragraphs[pi][1]


def _end_of_te_clause(text: str, s0: int, conj: int, a: int, b: int) -> int:
    """"om ... te <infinitive>" ends at its last infinitive when what follows is the cabinet's answer:
    "De suggestie van D66 om de wet te evalueren heb ik overgenomen"."""
    last = None
    for m in _PP.te_infinitive.finditer(text, a, b):
        last = m
    if last is None or not text[last.end():b].strip(" ,."):
        return b
    whole = text[s0:conj] + " " + text[b:]
    cut = text[s0:conj] + " " + text[last.end():]
    strong = [h for h in stance_rules.find_stances(cut) if h.stance is not Stance.NOTED]
    if strong and len(strong) > len([h for h in stance_rules.find_stances(whole) if h.stance is not Stance.NOTED]):
        return last.end()
    return b


def _fill_proposal(text: str, doc: _Doc, pm: _PartyMention) -> None:
    s0, s1 = _sentence_of(doc, pm.start)
    sentence = text[s0:s1].strip()
    if pm.clause_start is not None:
        c = _PP.clause_start.match(text, pm.clause_start, s1)
        if c:
            a = c.end()
            b = s1
            comma = _CLAUSE_BREAK.search(text, a, s1)
            if comma:
                b = comma.start()
            for hit in stance_rules.find_stances(text[a:b]):
                if hit.stance is not Stance.NOTED:
                    b = min(b, a + hit.start)
                    break
            if c.group("conj").lower() == "om":
                b = _end_of_te_clause(text, s0, c.start(), a, b)
            proposal = _PP.clause_verb.sub("", text[a:b]).strip().rstrip(".")
            if proposal:
                pm.proposal = proposal
                pm.proposal_span = (a, a + len(text[a:b].rstrip()))
                return
    if pm.clause_start is None:  # "X, zoals D66 bepleit": the clause before; "Zoals D66 bepleit, X": after
        before = text[s0:pm.start].rstrip().rstrip(",").rstrip()
        cut = max(before.rfind(", "), before.rfind("; "))
        clause = before[cut + 2:] if cut >= 0 else before
        clause = _PP.clause_conjunction.sub("", clause.strip())
        if len(clause.split()) < 3:
            clause = text[pm.end:s1].lstrip(" ,").strip().rstrip(".")
        if len(clause.split()) >= 3:
            pm.proposal = clause
            return
    pm.proposal = sentence


# -- stance windows --------------------------------------------------------------------------------


class _Overlapping:
    """Mentions sorted by start, with the farthest end so far: those that overlap a span are found by two
    bisections, not by a look at each (a sentence per mention would make that quadratic)."""

    _made: dict[int, tuple[list, _Overlapping]] = {}

    def __init__(self, mentions: list) -> None:
        self.items = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.reach: list[int] = []
        for m in self.items:
            self.reach.append(max(m.end, self.reach[-1]) if self.reach else m.end)

    @classmethod
    def of(cls, mentions: list) -> _Overlapping:
        """The index of ``mentions`` (made once per list object, while it is the last one asked for)."""
        made = cls._made.get(0)
        if made is None or made[0] is not mentions or len(made[1].items) != len(mentions):
            made = (mentions, cls(mentions))
            cls._made[0] = made
        return made[1]

    def within(self, s: int, e: int) -> list:
        """The mentions with start < e and s < end, in the list's order."""
        lo = bisect.bisect_right(self.reach, s)  # before lo every mention ends at or before s
        hi = bisect.bisect_left(self.starts, e)
        found = [m for m in self.items[lo:hi] if m.end > s]
        return found


def _masked(text: str, span: tuple[int, int], motions: list[_MotionMention],
            parties: list[_PartyMention]) -> str | None:
    """One sentence as the rules read it: motion mentions replaced by "motie", a party's proposal blanked, what a
    motion asks cut off; None for a fractie's own words."""
    s, e = span
    edits: list[tuple[int, int, str]] = []
    for mm in _Overlapping.of(motions).within(s, e):
        edits.append((max(s, mm.start), min(e, mm.end), "motie"))
    for pm in parties:
        if pm.proposal_span and pm.proposal_span[0] < e and s < pm.proposal_span[1]:
            edits.append((max(s, pm.proposal_span[0]), min(e, pm.proposal_span[1]), " "))
    edits.sort()
    parts, pos = [], s
    for a, b, rep in edits:
        if a < pos:
            continue
        parts.append(text[pos:a])
        parts.append(rep)
        pos = b
    parts.append(text[pos:e])
    sentence = "".join(parts)
    if _PP.fractie_speaks.search(text[s:e].strip()):
        return None
    cuts = [(m.start(), m.end()) for m in (_M.request.search(sentence), _M.motion_asks.search(sentence)) if m]
    if not cuts:
        return sentence
    cut, asked = min(cuts)
    resume = _M.request_end.search(sentence, asked)  # the main clause after a request in a relative clause
    return sentence[:cut] + (sentence[resume.start() + 1:] if resume else "")


def _analyse(text: str, span: tuple[int, int], motions: list[_MotionMention],
             parties: list[_PartyMention]) -> list[stance_rules.StanceHit]:
    """The stance hits of one sentence, read after masking what is not the cabinet's own words."""
    return _hits(_masked(text, span, motions, parties))


def _hits(sentence: str | None) -> list[stance_rules.StanceHit]:
    return stance_rules.drop_hedged(stance_rules.find_stances(sentence)) if sentence else []


@dataclass
class _Window:
    """The sentences that may answer a mention: its own, the rest of its paragraph up to the next mention, and
    (when that paragraph gives no answer) the next paragraph up to the next mention."""

    first: tuple[int, int]
    same: list[tuple[int, int]]
    after: list[tuple[int, int]]
    further: list[tuple[int, int]] = field(default_factory=list)  # the paragraphs after that, up to the next
    # mention or heading (at most MAX_ADVICE_PARAGRAPHS): where a list-form appreciation puts its verdict
    # ("Motie van het lid X ..." / "Verzoekt de regering ..." / "Appreciatie: ontraden.")


def _window(doc: _Doc, pos: int, mention_starts: list[int], own: set[int], end: int | None) -> _Window | None:
    pi = doc.paragraph_of(pos)
    if pi is None:
        return None
    sents = doc.sentences(pi)
    si = doc.sentence_at(pi, pos)

    def has_other_mention(span: tuple[int, int]) -> bool:
        i, k = bisect.bisect_left(mention_starts, span[0]), bisect.bisect_left(mention_starts, span[1])
        return any(mention_starts[j] not in own for j in range(i, k))

    same: list[tuple[int, int]] = []
    for span in sents[si + 1:]:
        if has_other_mention(span):
            return _Window(sents[si], same, [])
        same.append(span)
    paragraphs = _following(doc, pi, end, has_other_mention)
    return _Window(sents[si], same, paragraphs[0] if paragraphs else [],
                   [span for para in paragraphs[1:] for span in para])


def _following(doc: _Doc, pi: int, end: int | None,
               has_other_mention: Callable[[tuple[int, int]], bool]) -> list[list[tuple[int, int]]]:
    """The sentences of the paragraphs after paragraph ``pi`` that may still answer its mention: past the rest of
    the mention and a Vindplaats cell, up to the next mention, heading or change of section, at most
    MAX_ADVICE_PARAGRAPHS + 1 paragraphs."""
    nxt = pi + 1
    while end is not None and nxt < len(doc.paragraphs) - 1 and doc.paragraphs[nxt][0] < end:
        nxt += 1  # the rest of the mention (a citation cell), not its answer
    if nxt < len(doc.paragraphs) - 1 and doc.is_vindplaats(nxt):
        nxt += 1  # a row's Vindplaats cell that names the debate ("... (Handelingen II, ...)"), not its answer
    paragraphs: list[list[tuple[int, int]]] = []
    while (nxt < len(doc.paragraphs) and len(paragraphs) <= MAX_ADVICE_PARAGRAPHS and not doc.is_heading(nxt)
           and doc.paragraphs[nxt][2] == doc.paragraphs[pi][2]):
        spans = list(doc.sentences(nxt))
        cut = next((k for k, span in enumerate(spans) if has_other_mention(span)), None)
        paragraphs.append(spans[:cut])
        if cut is not None:
            break
        nxt += 1
    return paragraphs


MAX_ADVICE_PARAGRAPHS = 4


@dataclass
class _Memo:
    """Each sentence as the rules read it (:func:`_masked`) and its stance hits, made once per letter: many
    mentions may share a sentence (a list of motions), and each would read it again."""

    masked: dict[tuple[int, int], str | None] = field(default_factory=dict)
    hits: dict[tuple[int, int], list[stance_rules.StanceHit]] = field(default_factory=dict)


SHORT_LETTER = 8  # paragraphs (address, date and signature included): a letter this short is about its motion


def _answer(doc: _Doc, pos: int, mention_starts: list[int], own: set[int], motions: list[_MotionMention],
            parties: list[_PartyMention], end: int | None = None,
            memo: _Memo | None = None) -> _Answer:
    """The cabinet's answer to the mention at ``pos``: its sentence, else what follows up to the next mention (a
    mention that runs into the next paragraph, the citation of a table row in a cell of its own, is read on from
    the paragraph after it); and its advice before the vote, the first advice phrase in the same sentences."""
    text = doc.text
    win = _window(doc, pos, mention_starts, own, end)
    if win is None:
        return _Answer(Stance.NOTED, [], "", False)
    memo = memo or _Memo()  # shared by the mentions of one letter: a sentence is masked and read once
    masked = memo.masked

    def read(span: tuple[int, int]) -> str | None:
        if span not in masked:
            masked[span] = _masked(text, span, motions, parties)
        return masked[span]

    def hits_of(span: tuple[int, int]) -> list[stance_rules.StanceHit]:
        if span not in memo.hits:
            memo.hits[span] = _hits(read(span))
        return memo.hits[span]

    advice, after_vote = _advice(doc, [win.first, *win.same, *win.after, *win.further], read)
    hits = hits_of(win.first)
    if hits:
        return replace(_decide([(win.first, hits)], text, direct=True, advice=advice), after_vote=after_vote)
    collected = [(span, h) for span in win.same if (h := hits_of(span))]
    if not collected:
        collected = [(span, h) for span in win.after if (h := hits_of(span))]
    if not collected:
        # a short letter about one motion closes with the cabinet's promise ("Deze bespreking zal in de eerstvolgende
        # ministerraad plaatsvinden, waarna ik uw Kamer spoedig zal informeren", two paragraphs after the motion)
        short = len(doc.paragraphs) <= SHORT_LETTER
        spans = [win.first, *win.same, *win.after, *(win.further if short else [])]
        return replace(_promised(text, spans, read, advice), after_vote=after_vote)
    return replace(_decide(collected, text, direct=False, advice=advice), after_vote=after_vote)


def _advice(doc: _Doc, spans: list[tuple[int, int]], read) -> tuple[str | None, bool]:
    """The first advice phrase in the sentences of a mention, and whether its sentence reports the motion adopted
    (``adopted`` in rules/mentions.yaml: the advice is history then, "de aangenomen ontraden motie")."""
    if not doc.may_advise:
        return None, False
    for span in spans:
        sentence = read(span) or ""
        found = advice_rules.find_advice(sentence)
        if found:
            return found, bool(_M.adopted.search(sentence))
    return None, False


def _promised(text: str, spans: list[tuple[int, int]], read, advice: str | None) -> _Answer:
    """No stance phrase answers the motion: a promise of the cabinet in the same sentences is the answer
    (``promise`` in ``rules/stances.yaml``), else the motion is only noted."""
    for span in spans:
        sentence = read(span)
        if sentence and promises.classify_at(sentence):
            rule = stance_rules.PROMISE
            return _Answer(rule.stance, [rule.id], text[span[0]:span[1]].strip(), span == spans[0], advice)
    return _Answer(Stance.NOTED, [], text[spans[0][0]:spans[0][1]].strip(), False, advice)


def _decide(per_sentence: list, text: str, direct: bool, advice: str | None = None) -> _Answer:
    all_hits = [h for _, hs in per_sentence for h in hs]
    stance, deciding = stance_rules.combine(all_hits)
    ids = {id(h) for h in deciding}
    spans = [span for span, hs in per_sentence if any(id(h) in ids for h in hs)] or [per_sentence[0][0]]
    evidence = " ".join(text[s:e].strip() for s, e in spans)
    rules = list(dict.fromkeys(h.rule for h in deciding))
    return _Answer(stance, rules, evidence, direct, advice)


# -- records ---------------------------------------------------------------------------------------


def _rank(rec: dict) -> tuple[int, int]:
    """An answer beats "noted"; of two answers, one in the mention's own sentence beats one read further on,
    unless that sentence names several motions at once ("de voortgang van de uitvoering van de moties A en B"):
    what is said of one motion alone is more specific."""
    return (rec["stance"] != Stance.NOTED.value, rec.get("_direct", 0))


def _specificity(ans: _Answer, mention: _MotionMention) -> int:
    """2: answered in the mention's own sentence, one motion named; 1: answered further on; 0: answered in a
    sentence that names several motions."""
    if not ans.direct:
        return 1
    return 2 if sum(max(1, len(g.refs)) for g in mention.groups) == 1 else 0


def _merge(into: dict, new: dict) -> None:
    if _rank(new) > _rank(into):
        for k in ("stance", "evidence", "rule", "_direct"):
            into[k] = new[k]
    if not into["submitters"] and new["submitters"]:
        into["submitters"] = new["submitters"]
    if into.get("advice") is None:
        into["advice"] = new.get("advice")


def _norm_names(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted(n.lower() for n in names))


def _source_url(footnotes: list[dict], start: int, end: int, party: str) -> str | None:
    """The party's URL from the first footnote anchored in ``[start, end]``."""
    web = _PP.parties.web_of(party)
    for f in sorted((f for f in footnotes if isinstance(f.get("anchor"), int) and start <= f["anchor"] <= end),
                    key=lambda f: f["anchor"]):
        urls = [u for u in f.get("urls") or [] if isinstance(u, str)]
        if not urls:
            continue
        own = [u for u in urls if any(w and w.lower() in u.lower() for w in web)]
        return (own or urls)[0]
    return None


@dataclass
class _Found:
    """The mentions of a letter: motions and party proposals, each answered up to the next mention."""

    doc: _Doc
    motions: list[_MotionMention]
    parties: list[_PartyMention]

    @cached_property
    def starts(self) -> list[int]:
        """Where each mention starts, in order (an answer runs up to the next one)."""
        return sorted({m.start for m in self.motions} | {p.start for p in self.parties})

    @cached_property
    def memo(self) -> _Memo:
        return _Memo()

    def answer(self, pos: int, end: int | None = None) -> _Answer:
        return _answer(self.doc, pos, self.starts, {pos}, self.motions, self.parties, end, self.memo)


def _paragraph_spans(text: str, paragraphs: Sequence[dict]) -> list[tuple[int, int, int | None]]:
    paras = [(int(p["start"]), int(p["end"]), p.get("section")) for p in paragraphs or []]
    if not paras:
        pos = 0
        for chunk in text.split("\n\n"):
            paras.append((pos, pos + len(chunk), None))
            pos += len(chunk) + 2
    return paras


def find_answers(text: str, paragraphs: Sequence[dict], footnotes: list[dict], references: list[dict],
                 named: Sequence[NamedMotion] = ()) -> tuple[list[dict], list[dict]]:
    """The motions and party proposals a letter discusses, each with the cabinet's stance and evidence.

    Returns ``(motions, party_positions)`` as in the analysis record (``../shared/spec/analysis.md``); a
    motion record also has ``mention`` (the text that names it), ``rule`` (the stance rule(s) that decided)
    and ``paragraph`` (index); a party position has ``start``, ``rule`` and ``paragraph``. ``named``: the motions
    the letter's subject names with their numbers (:class:`kamerspoor.tkletters.NamedMotion`), which give a motion
    the text names by its submitters only its number.
    """
    doc = _Doc(text, _paragraph_spans(text, paragraphs))
    footnotes = footnotes or []
    motions: list[_MotionMention] = []
    if _M.any_motion_word.search(text):
        cits = all_citations(text, references)
        motions = nearby.resolve(text, [(s, e) for s, e, _ in doc.paragraphs], cits,
                                 find_motion_mentions(text, references, footnotes, cits), doc._sentences)
    found = _Found(doc, motions, find_party_mentions(text, doc))
    return _numbered_by_subject(_motion_records(found), named), _party_positions(found, footnotes)


def _motion_records(found: _Found) -> list[dict]:
    """One record per motion: a motion mentioned more than once keeps its best answer (see the module)."""
    text = found.doc.text
    records: list[dict] = []
    by_key: dict = {}
    for mm in found.motions:
        ans = found.answer(mm.start, mm.end)
        for g in mm.groups:
            for dossier, number in g.refs or [(None, None)]:
                rec = {"dossier": dossier, "number": number, "submitters": list(g.submitters),
                       "stance": ans.stance.value if ans.after_vote else
                       advice_rules.stance_before_vote(ans.advice, ans.stance.value, ans.rules),
                       "evidence": ans.evidence, "advice": ans.advice, "start": mm.start,
                       "mention": text[mm.start:mm.end], "rule": "+".join(ans.rules) or None,
                       "paragraph": found.doc.paragraph_of(mm.start), "_direct": _specificity(ans, mm)}
                key = (dossier, number) if number is not None else ("names", _norm_names(g.submitters))
                if key in by_key:
                    _merge(by_key[key], rec)
                else:
                    by_key[key] = rec
                    records.append(rec)
    _fold_named_only(records)
    for r in records:
        del r["_direct"]
    return records


def _numbered_by_subject(records: list[dict], named: Sequence[NamedMotion]) -> list[dict]:
    """A motion the text names by its submitters only gets the number the letter's subject gives a motion of the
    same submitters ("Voortgang uitvoering motie van het lid X c.s. (Kamerstuk 35510-21)"), when just one."""
    numbered = [m for m in named if m.number is not None and m.members]
    for rec in [r for r in records if r["number"] is None and r["submitters"]]:
        same = [m for m in numbered if _norm_names([_surname_of(x) for x in m.members])
                == _norm_names(rec["submitters"])]
        if len({(m.dossier, m.number) for m in same}) != 1:
            continue
        rec["dossier"], rec["number"] = same[0].dossier, same[0].number
        twin = next((r for r in records if r is not rec and (r["dossier"], r["number"]) == (rec["dossier"],
                                                                                         rec["number"])), None)
        if twin is not None:
            _merge(twin, rec)
            records.remove(rec)
    return records


def _surname_of(cited: str) -> str:
    """A member as a subject cites them ("Inge van Dijk", "P.A. Voorbeeld") -> the surname the text uses: the
    name without initials (a first name stays: the Kamer writes it to tell two members apart)."""
    return _M.initials.sub("", cited).strip()


def _fold_named_only(records: list[dict]) -> None:
    """A motion named only by its submitters is the numbered motion with the same submitters mentioned nearest
    before it (or the only one): one record, not two."""
    for rec in [r for r in records if r["number"] is None and r["submitters"]]:
        same = [r for r in records if r["number"] is not None
                and _norm_names(r["submitters"]) == _norm_names(rec["submitters"])]
        before = [r for r in same if r["start"] < rec["start"]]
        target = before[-1] if before else (same[0] if len(same) == 1 else None)
        if target is not None:
            _merge(target, rec)
            records.remove(rec)


def _party_positions(found: _Found, footnotes: list[dict]) -> list[dict]:
    """One position per party and proposal; a fractie's inbreng the cabinet does not answer is none."""
    positions: list[dict] = []
    seen: set = set()
    for pm in found.parties:
        ans = found.answer(pm.start)
        if pm.members and ans.stance is Stance.NOTED:
            continue  # a fractie's inbreng the cabinet does not answer here is no position of the cabinet
        _, s1 = _sentence_of(found.doc, pm.start)
        for party in pm.parties + pm.supporters:
            key = (party, pm.proposal.lower())
            if key in seen:
                continue
            seen.add(key)
            positions.append({"party": party, "proposal": pm.proposal, "stance": ans.stance.value,
                              "evidence": ans.evidence, "source_url": _source_url(footnotes, pm.start, s1 + 1, party),
                              "start": pm.start, "rule": "+".join(ans.rules) or None,
                              "paragraph": found.doc.paragraph_of(pm.start)})
    return positions
