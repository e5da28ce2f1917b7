"""Motions named through a citation NEAR the word "motie", where the word and the names after it are not enough.

:mod:`kamerspoor.extract.mentions` reads a mention from the word "motie" onwards: the names right after it and
the citation right after them. Letters also name motions in other shapes; this stage adds them, in three small
steps over the mentions found so far:

1. :func:`attach` -- a citation in the sentence of a mention that has no Kamerstuk yet, after it, belongs to that
   mention: "De motie van de leden P en Q over ..., bekend onder kenmerk 30 222, nr. 5, vraagt ...", "aan deze
   motie, met kenmerk Kamerstuk 35 000 VII, nr. 18, ...", "de motie van het lid X aangenomen (Kamerstuk ...)". So
   does the citation that stands alone in the next paragraph, a table cell of its own ("De motie van het lid X;
   Verzoekt de regering ..." / "Kamerstukken II 2020/21, 34 477, nr. 47").
2. :func:`add_near` -- a citation after the word "motie"/"moties" in its sentence that no mention took is a motion
   of its own: "hebben de leden A (VVD) en B (SP) een motie ingediend (Kamerstuk 30 111, nr. 42)", "Het gaat om
   een motie over A (Kamerstuk ...), over B (Kamerstuk ...) en over C (Kamerstuk ...)". Its submitters are the
   members its sentence names ("het lid X", "de leden A en B"), when the sentence names one such group and makes
   one motion; the words after "over" are kept as its subject.
3. :func:`by_subject` -- "De motie over de invang van mosselzaad ..." names the motion listed earlier as "over
   een onderzoek naar de invang van mosselzaad (Kamerstuk ...)": every content word of the later subject stands
   in the earlier one, and in no other; and :func:`by_amendment` -- "De gewijzigde motie verzoekt ..." names the
   one gewijzigde motie mentioned before.

Unless the text says otherwise (``letter_verb``, ``letter_noun``, ``other_stuk`` in ``rules/mentions.yaml``): a
citation after a verb of sending or informing in the same stretch ("... en dat ik uw Kamer voor 1 april een
uitwerking zou sturen (Kamerstuk ...)", "heb ik u eerder dit jaar geschreven (Kamerstuk ...)"), right after a
letter or report ("Zie de brief van 12 september 2019 (Kamerstuk ...)") or after another kind of stuk named
before the motion's subject ("twee moties en de toezegging ... (Kamerstuk ...)") cites that stuk, not a motion.
After a motion that has its citation, a further citation in the sentence is a motion only as the next item of
a list (``list_item``: "), over B (Kamerstuk ...)", "en die van het lid Y (Kamerstuk ...)").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kamerspoor.extract.mentions import (
    _M,
    MotionGroup,
    MotionMention,
    StukCitation,
    _parse_names,
    sentence_spans,
)

_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class _Text:
    """The text with its paragraphs and their sentences, to find the sentence of an offset."""

    text: str
    paragraphs: list[tuple[int, int]]
    _sentences: dict[int, list[tuple[int, int]]]  # paragraph -> its sentences (shared with the caller's cache)

    def __post_init__(self) -> None:
        self.starts = [p[0] for p in self.paragraphs]

    def paragraph_of(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos <= self.paragraphs[i][1] else None

    def sentences(self, pi: int) -> list[tuple[int, int]]:
        if pi not in self._sentences:
            self._sentences[pi] = sentence_spans(self.text, *self.paragraphs[pi])
        return self._sentences[pi]

    def sentence_of(self, pos: int) -> tuple[int | None, int | None]:
        """(paragraph, sentence index) of ``pos``."""
        pi = self.paragraph_of(pos)
        if pi is None:
            return None, None
        for k, (s, e) in enumerate(self.sentences(pi)):
            if s <= pos <= e:
                return pi, k
        return pi, None

    def is_citation_alone(self, pi: int, cit: StukCitation) -> bool:
        """The paragraph holds the citation and nothing else of note (a table cell: "Kamerstukken II 2020/21,
        99 943, nr. 15 (t.v.v. 14)")."""
        s, e = self.paragraphs[pi]
        rest = self.text[s:cit.start] + self.text[cit.end:e]
        return cit.start - s < 4 and len(rest.strip(" .;,()")) <= 14


def _inside_any(pos: int, starts: list[int], reach: list[int]) -> bool:
    """Whether ``pos`` lies inside a mention (:func:`_reach`: by the farthest end of the mentions that start at or
    before it, one bisection, not a look at each)."""
    i = bisect.bisect_right(starts, pos)
    return bool(i) and reach[i - 1] > pos


def _reach(mentions: list[MotionMention]) -> tuple[list[int], list[int]]:
    """The mentions' starts in order, and the farthest end of those up to each."""
    ordered = sorted((m.start, m.end) for m in mentions)
    reach: list[int] = []
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    return [s for s, _ in ordered], reach


def resolve(text: str, paragraphs: list[tuple[int, int]], cits: list[StukCitation],
            mentions: list[MotionMention], sentences: dict[int, list[tuple[int, int]]] | None = None
            ) -> list[MotionMention]:
    """The mentions with what steps 1-3 (see the module) add, in text order; ``sentences``: a cache of each
    paragraph's sentences (:func:`kamerspoor.extract.mentions.sentence_spans`) to share."""
    doc = _Text(text, paragraphs, sentences if sentences is not None else {})
    starts, reach = _reach(mentions)
    free = [c for c in cits if not _inside_any(c.start, starts, reach)]
    free = attach(doc, free, mentions)
    mentions = sorted(mentions + add_near(doc, free, mentions), key=lambda m: m.start)
    return sorted(mentions + by_subject(doc, mentions) + by_amendment(doc, mentions), key=lambda m: m.start)


# -- what the text says otherwise ------------------------------------------------------------------------------


def cites_a_letter(text: str, a: int, b: int) -> bool:
    """The stretch ``text[a:b]`` between the word "motie" and a citation says the citation is of another stuk: a
    verb of sending or informing, a letter or report named right before it, or another kind of stuk named before
    the motion's subject starts. What a motion asks is the motion's own text, not the cabinet's: a stretch that
    quotes its request ("De motie van het lid X; Verzoekt de regering bij elke Kamerbrief ... te informeren" before the
    row's Vindplaats cell) is read up to the request, and on from where the cabinet's main clause resumes after it."""
    asked = _M.request.search(text, a, b)
    if asked:
        resume = _M.request_end.search(text, asked.end(), b)
        return _says_letter(text, a, asked.start()) or bool(resume and _says_letter(text, resume.start(), b))
    return _says_letter(text, a, b)


def _says_letter(text: str, a: int, b: int) -> bool:
    if _M.letter_verb.search(text, a, b) or _M.letter_noun.search(text[max(a, b - 90):b]):
        return True
    subject = _M.subject_start.search(text, a, b)
    return bool(_M.other_stuk.search(text, a, subject.start() if subject else b))


def _motion_words(text: str, a: int, b: int) -> list[re.Match[str]]:
    return list(_M.any_motion_word.finditer(text, a, b))


# -- 1. a citation that completes an open mention ---------------------------------------------------------------


def attach(doc: _Text, free: list[StukCitation], mentions: list[MotionMention]) -> list[StukCitation]:
    """Give each mention without a Kamerstuk the citation after it in its sentence (or alone in the next
    paragraph); returns the citations still free."""
    left = []
    for cit in free:
        target = _open_mention_before(doc, cit, mentions)
        if target is None:
            left.append(cit)
            continue
        target.groups[-1].refs = list(cit.refs)
        target.end = max(target.end, cit.end)
    return left


def _open_mention_before(doc: _Text, cit: StukCitation, mentions: list[MotionMention]) -> MotionMention | None:
    pi, si = doc.sentence_of(cit.start)
    if pi is None or si is None:
        return None
    s0 = doc.sentences(pi)[si][0]
    if doc.is_citation_alone(pi, cit) and pi > 0:  # a table cell after the row's first cell
        s0 = doc.sentences(pi - 1)[-1][0] if doc.sentences(pi - 1) else doc.paragraphs[pi - 1][0]
    elif _row_opens_with_motion(doc, pi, cit):  # "Motie van X over Y. <toelichting> 12-11-2009 <debat>(<citation>)"
        s0 = doc.paragraphs[pi][0]
    before = [m for m in mentions if s0 <= m.start < cit.start]
    if not before:
        return None
    last = before[-1]
    if last.groups[-1].refs or len(last.groups) != 1 or cites_a_letter(doc.text, last.end, cit.start):
        return None
    return last


def _row_opens_with_motion(doc: _Text, pi: int, cit: StukCitation) -> bool:
    """An overview row of the older begrotingen ("Motie van Aptroot over spitsstroken. De Kamer vraagt ...
    12-11-2009 Wetgevingsoverleg MIRT(99 971 A, nr. 22) Deze motie is in uitvoering."): the paragraph opens with the
    word "Motie" and the row's Vindplaats is its first citation, after the subject and its explanation."""
    s = doc.paragraphs[pi][0]
    return bool(_M.row_start.match(doc.text, s, cit.start))


# -- 2. a citation after the word "motie" that no mention took --------------------------------------------------


def add_near(doc: _Text, free: list[StukCitation], mentions: list[MotionMention]) -> list[MotionMention]:
    """New mentions for the free citations that follow the word "motie"/"moties" in their sentence."""
    text = doc.text
    found: list[MotionMention] = []
    for cit in free:
        pi, si = doc.sentence_of(cit.start)
        if pi is None or si is None:
            continue
        s0, s1 = doc.sentences(pi)[si]
        words = _motion_words(text, s0, cit.start)
        if not words:
            continue
        taken = [m for m in mentions + found if s0 <= m.start < cit.start]
        frm = max([words[-1].end()] + [m.end for m in taken if m.end <= cit.start])
        after_motion = bool(taken) and frm > words[-1].end()
        if after_motion and not _M.list_item.match(text[frm:cit.start]):
            continue  # after a motion with its citation, only a further item of a list is a motion
        if cites_a_letter(text, frm, cit.start):
            continue
        start = words[-1].start() if not taken or taken[-1].start < words[-1].start() else cit.start
        # the next item of a list after "de moties van het lid X over A (...)": X's motion too ("en over B (...)")
        inherited = _plural_submitters(text, taken[-1]) if after_motion else []
        mention = MotionMention(start, cit.end, [MotionGroup(inherited, list(cit.refs))])
        mention.subject = _subject(text, frm, cit.start)
        found.append(mention)
    _members_of_sentence(doc, found, mentions)
    return found


def _plural_submitters(text: str, before: MotionMention) -> list[str]:
    """The submitters of a mention that names several motions of one group ("de moties van het lid Graus over ...
    (...) en over ... (...)"): the list's further items are theirs."""
    word = _M.any_motion_word.match(text, before.start)
    if len(before.groups) != 1 or not word or word.group(0).lower() != "moties":
        return []
    return list(before.groups[0].submitters)


def _subject(text: str, a: int, b: int) -> str | None:
    """The words after "over" (or "inzake", ...) right before a citation: the motion's subject as listed."""
    m = _M.subject_before.search(text[a:b])
    return m.group("subject").strip() if m else None


def _members_of_sentence(doc: _Text, found: list[MotionMention], mentions: list[MotionMention]) -> None:
    """The submitters of a new motion: the one group of members its sentence names ("hebben de leden A (VVD) en B
    (SP) een motie ingediend"), when the sentence makes no other motion."""
    for mention in found:
        pi, si = doc.sentence_of(mention.start)
        if pi is None or si is None:
            continue
        s0, s1 = doc.sentences(pi)[si]
        others = [m for m in mentions + found if m is not mention and s0 <= m.start < s1]
        groups = list(_M.members.finditer(doc.text, s0, s1))
        if others or len(groups) != 1:
            continue
        names, _ = _parse_names(doc.text, groups[0].end(), s1)
        mention.groups[0].submitters = names


# -- 3. a motion named by its subject --------------------------------------------------------------------------


def _content(words: str) -> list[str]:
    return [w for w in (x.lower() for x in _WORD.findall(words)) if w not in _M.not_content]


def _listed_subject(text: str, mention: MotionMention) -> set[str]:
    """The content words of a numbered mention's subject: kept by step 2, or read before its citation ("de motie
    Ten Broeke over de mensenrechtendialoog (Kamerstuk ...)")."""
    subject = mention.subject
    if subject is None and mention.groups[0].refs:
        paren = text.rfind("(", mention.start, mention.end)
        subject = _subject(text, mention.start, paren) if paren > 0 else None
    return set(_content(subject)) if subject else set()


def by_subject(doc: _Text, mentions: list[MotionMention]) -> list[MotionMention]:
    """"De motie over <subject>": the motion listed earlier whose subject holds the words that open this one (up to
    the first word no listed subject has; a word may be the head of a listed compound: "telling" in
    "weidevogeltelling"), when exactly one does, on at least two words or one long word no other subject has.
    The mention runs to the last of those words (the subject is the motion's words, not the cabinet's)."""
    listed = [(m, subject) for m in mentions if len(m.groups) == 1 and (subject := _listed_subject(doc.text, m))]
    if not listed:
        return []
    found = []
    for m in _M.by_subject.finditer(doc.text):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        earlier = [(x, subject) for x, subject in listed if x.start < m.start()]
        opening, end = _opening_words(m, [subject for _, subject in earlier])
        hits = [x for x, subject in earlier if opening and all(_in_subject(w, subject) for w in opening)]
        distinctive = len(opening) >= 2 or (len(opening) == 1 and len(next(iter(opening))) >= MIN_LONE_WORD)
        if len(hits) == 1 and distinctive:
            group = hits[0].groups[0]
            word = m.start() + m.group(0).lower().index("motie")  # the mention starts at the word, as all do
            found.append(MotionMention(word, end, [MotionGroup(list(group.submitters), list(group.refs))]))
    return found


MIN_LONE_WORD = 7  # one subject word names a listed motion alone only when it is this long ("publicatie")


def _in_subject(word: str, subject: set[str]) -> bool:
    """The word stands in the subject, or is the head of one of its compounds ("telling", "weidevogeltelling")."""
    return word in subject or (len(word) >= 5 and any(w.endswith(word) and len(w) >= len(word) + 3 for w in subject))


def _opening_words(m: re.Match[str], subjects: list[set[str]]) -> tuple[set[str], int]:
    """The content words that open a subject, up to the first one no listed subject has, and where they end."""
    opening: set[str] = set()
    end = m.start("subject")
    for w in _WORD.finditer(m.group("subject")):
        word = w.group().lower()
        if word in _M.not_content:
            continue
        if not any(_in_subject(word, subject) for subject in subjects):
            break
        opening.add(word)
        end = m.start("subject") + w.end()
    return opening, end


def by_amendment(doc: _Text, mentions: list[MotionMention]) -> list[MotionMention]:
    """"De gewijzigde motie ..." without names or number: the gewijzigde motie mentioned before, when there is
    exactly one."""
    amended = [m for m in mentions if len(m.groups) == 1 and m.groups[0].refs
               and "gewijzigde" in doc.text[m.start:m.start + 40].lower().split(" motie")[0]]
    found = []
    for m in _M.amended_reference.finditer(doc.text):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        before = {tuple(x.groups[0].refs[0]) for x in amended if x.start < m.start()}
        if len(before) == 1:
            group = next(x for x in amended if x.start < m.start()).groups[0]
            word = m.start() + m.group(0).lower().index("gewijzigde")
            found.append(MotionMention(word, m.end(), [MotionGroup(list(group.submitters), list(group.refs))]))
    return found
