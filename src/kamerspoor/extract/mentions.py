"""How a letter names the motions it answers: the mentions at the word "motie", with their submitters and the
Kamerstukken they cite.

A mention starts at the word "motie" (``rules/mentions.yaml``): "De motie van het lid Karabulut c.s. (Kamerstuk
35 207, nr. 11)", "de moties van de leden Bisschop en Van Helvert (Kamerstuk 35 207, nr. 7) en Voordewind en Van
Helvert (Kamerstuk 35 207, nr. 21)" (two motions, each with its own submitters), "de gewijzigde motie Van der
Staaij c.s. (Kamerstuk 21 501-02, nr. 2000)", "de motie Ten Broeke over ... (33 750 V, nr. 20)", "de motie-Sjoerdsma"
with a footnote that cites the Kamerstuk (the footnote's marker anywhere in the names or right after them:
"de motie van het lid Vermeer1 (GroenLinks)", "de moties Brouwer c.s.1 en Dijkman c.s.2"), or a motion named by
its submitters only (dossier and number stay null). The motions a citation NEAR the word names (after a verb, in
a list by subject, in the next table cell) are added by :mod:`kamerspoor.extract.nearby`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from kamerspoor.rules import mentions as mention_rules
from kamerspoor.rules.citations import iter_citations, iter_lettered
from kamerspoor.rules.commitment_phrases import sentence_pieces
from kamerspoor.rules.identifiers import dossier_key

_M = mention_rules.load()  # the motion mentions (rules/mentions.yaml)
_CLOSING_PAREN = re.compile(r"\s*\)")


@dataclass
class StukCitation:
    start: int
    end: int
    refs: list[tuple[str, int | None]]  # no number: an Eerste Kamer stuk cited by letter (only for a motion's names)


@dataclass
class MotionGroup:
    submitters: list[str]
    refs: list[tuple[str | None, int | None]]


@dataclass
class MotionMention:
    start: int  # the word "motie" (or "gewijzigde" before it)
    end: int
    groups: list[MotionGroup]
    subject: str | None = None  # what the motion is about, as listed before its citation ("over ... (Kamerstuk")



# -- sentences -------------------------------------------------------------------------------------


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (abbreviations such as "nr." and "c.s." do not end one); a "sentence"
    longer than ``MAX_SENTENCE`` is taken in pieces, as the commitments take it: a text without full stops is
    no one sentence that every mention in it reads whole (time quadratic in the number of mentions)."""
    end = len(text) if end is None else end
    spans, s = [], start
    for m in _M.sentence_end.finditer(text, start, end):
        last = _M.last_word.search(text, max(s, m.start() - 20), m.start())
        word = last.group(1).lower() if last else ""
        if word in _M.abbreviations or (len(word) == 1 and word.isalpha()):
            continue
        if word in ("c.s", "cs") and text.startswith("(", m.end()):  # "c.s. (Kamerstuk ...)"
            continue
        close = m.start() + len(m.group(0).rstrip())
        spans.extend(sentence_pieces(text, s, close))
        s = m.end()
    if s < end and text[s:end].strip():
        spans.extend(sentence_pieces(text, s, len(text[:end].rstrip())))
    return spans


# -- citations -------------------------------------------------------------------------------------


def _parse_citations(text: str) -> list[StukCitation]:
    """Kamerstuk citations in ``text`` grouped by where they stand ("nrs. 7 en 21" is one citation)."""
    out: dict[tuple[int, int], StukCitation] = {}
    for c in iter_citations(text):
        out.setdefault((c.start, c.end), StukCitation(c.start, c.end, [])).refs.append((c.dossier, c.number))
    return sorted(out.values(), key=lambda c: c.start)


def all_citations(text: str, references: list[dict]) -> list[StukCitation]:
    cits = _parse_citations(text)
    starts, ends = [c.start for c in cits], [c.end for c in cits]  # in order, none overlapping another
    extra: dict[int, StukCitation] = {}
    for r in references or []:
        s, t = r.get("start"), r.get("text") or ""
        if not isinstance(s, int) or r.get("number") is None or r.get("dossier") is None:
            continue
        e = s + len(t)
        i = bisect.bisect_left(starts, e)  # the citations before i start before this one ends
        if i and ends[i - 1] > s:
            continue
        extra.setdefault(s, StukCitation(s, e, [])).refs.append((dossier_key(str(r["dossier"])), int(r["number"])))
    return sorted(cits + list(extra.values()), key=lambda c: c.start)


# -- motion mentions -------------------------------------------------------------------------------


def _surname(name: str) -> str:
    return _M.initials.sub("", name).strip()


def _not_a_surname(text: str, m: re.Match) -> bool:
    return bool(_M.not_a_surname.search(_M.initials.sub("", m.group(0)))) or text[m.end():m.end() + 2] in ("- ", "-\n")


def _parse_names(text: str, pos: int, limit: int) -> tuple[list[str], int]:
    """Names separated by ",", "en", "/" from ``pos``; returns them and where the list ends."""
    names: list[str] = []
    end = pos
    while True:
        m = _M.name.match(text, end if not names else end, limit)
        if not m or m.group(0).split()[0].rstrip(".") in _M.not_names or _not_a_surname(text, m):
            break
        names.append(_surname(m.group(0)))
        end = m.end()
        pm = _M.name_party.match(text, end, limit)
        if pm:
            end = pm.end()
        sep = _M.name_separator.match(text, end, limit)
        if not sep:
            break
        nxt = _M.name.match(text, sep.end(), limit)
        if not nxt or nxt.group(0).split()[0] in _M.not_names:
            break
        end = sep.end()
    cs = _M.cum_suis.match(text, end, limit)
    if names and cs:
        end = cs.end()
    return names, end


def _citation_after(cits: list[StukCitation], starts: list[int], text: str, pos: int, limit: int,
                    allow_subject: bool) -> StukCitation | None:
    """The citation that belongs to a motion whose names end at ``pos`` (or None)."""
    i = bisect.bisect_left(starts, pos)
    if i >= len(cits) or cits[i].start >= limit:
        return None
    c = cits[i]
    gap = text[pos:c.start]
    if _M.gap_direct.match(gap) or (allow_subject and _M.gap_subject.match(gap) and not _M.any_motion_word.search(gap)):
        return c
    return None


def _footnote_citation(footnotes: list[dict], pos: int, limit: int) -> StukCitation | None:
    """A footnote anchored right after a motion's names that cites the Kamerstuk ("Kamerstuk 35 207, nr. 13")."""
    best = None
    for f in footnotes:
        a = f.get("anchor")
        if not isinstance(a, int) or not pos <= a <= limit:
            continue
        found = _parse_citations(f.get("text") or "")
        if found and (best is None or a < best[0]):
            best = (a, found[0])
    return best[1] if best else None


def _close_paren(text: str, pos: int) -> int:
    m = _CLOSING_PAREN.match(text, pos)
    return m.end() if m else pos


_FULL_STOP = re.compile(r"\. ")


@dataclass
class Cited:
    """The citations of a text (and its footnotes), to find the one that belongs to a motion's names."""

    text: str
    cits: list[StukCitation]
    footnotes: list[dict]

    @cached_property
    def starts(self) -> list[int]:
        """Where each citation starts, in the order of ``cits``."""
        return [c.start for c in self.cits]

    @cached_property
    def stops(self) -> list[int]:
        """Where each ". " of the text stands, in order (found once: a search per mention would be quadratic in a
        text without full stops)."""
        return [m.start() for m in _FULL_STOP.finditer(self.text)]

    def stop_after(self, pos: int) -> int:
        """Where the first ". " at or after ``pos`` stands, or -1: ``text.find(". ", pos)``."""
        i = bisect.bisect_left(self.stops, pos)
        return self.stops[i] if i < len(self.stops) else -1

    def after(self, pos: int, limit: int, allow_subject: bool) -> StukCitation | None:
        return _citation_after(self.cits, self.starts, self.text, pos, limit, allow_subject)

    def listed_after(self, cit: StukCitation, limit: int,
                     plural: bool = True) -> tuple[list[tuple[str | None, int | None]], int]:
        """The refs of ``cit`` and (after a plural "moties") of the citations listed right after it ("Kamerstuk
        33576-436 en Kamerstuk 33576-437": ``cit_list``), and where the last of them ends."""
        refs: list[tuple[str | None, int | None]] = list(cit.refs)
        end = cit.end
        i = bisect.bisect_right(self.starts, cit.start)
        while (plural and i < len(self.cits) and self.cits[i].start < limit
               and _M.cit_list.match(self.text[end:self.cits[i].start])):
            refs += self.cits[i].refs
            end = self.cits[i].end
            i += 1
        return refs, end

    def in_footnote(self, pos: int, limit: int) -> StukCitation | None:
        return _footnote_citation(self.footnotes, pos, limit)

    def one_footnote_for_all(self, groups: list[MotionGroup], end: int) -> None:
        """Motions named together without their numbers ("de moties Marijnissen c.s. en Klaver c.s. (hierna: de
        moties).1"): one footnote soon after them that cites as many Kamerstukken gives them in order."""
        if len(groups) < 2 or any(g.refs for g in groups):
            return
        for f in sorted(self.footnotes, key=lambda f: f.get("anchor") or 0):
            a = f.get("anchor")
            if isinstance(a, int) and end <= a <= end + FOOTNOTE_REACH:
                refs = [r for c in _parse_citations(f.get("text") or "") for r in c.refs]
                if len(refs) == len(groups):
                    for g, ref in zip(groups, refs, strict=True):
                        g.refs = [ref]
                return


FOOTNOTE_REACH = 60  # how far after motions named together their shared footnote's marker may stand


def find_motion_mentions(text: str, references: list[dict] | None = None, footnotes: list[dict] | None = None,
                         cits: list[StukCitation] | None = None) -> list[MotionMention]:
    """Every motion mention with its motions (citation and submitters), in text order; ``cits``: the text's
    citations when the caller has them already (:func:`all_citations`)."""
    cits = cits if cits is not None else all_citations(text, references or [])
    cited = Cited(text, sorted(cits + _lettered(text, cits), key=lambda c: c.start), footnotes or [])
    out: list[MotionMention] = []
    for m in _M.motion_word.finditer(text):
        end, groups = _mention(cited, m)
        if groups and _letter_subject(text, m.start()):  # the citation after it is the letter's: names only
            groups = [MotionGroup(g.submitters, []) for g in groups if g.submitters]
        if groups:
            out.append(MotionMention(m.start(), end, groups))
    return out


def _letter_subject(text: str, start: int) -> bool:
    """Whether the motion at ``start`` is named as the subject of a letter ("over de brief van ... over de
    uitvoering van de motie-X (...)"): the stretch before it, back to the sentence's start, ends in that frame."""
    back = text[max(0, start - 200):start]
    stop = max(back.rfind(". "), back.rfind("\n"))
    return bool(_M.letter_subject.search(back[stop + 1:]))


def _lettered(text: str, cits: list[StukCitation]) -> list[StukCitation]:
    """The Eerste Kamer stukken cited by letter ("de motie-Jansma c.s. (34 100, letter C)"): they give a motion named
    right before them its dossier (its number stays null); none that overlaps a numbered citation."""
    if not _M.any_motion_word.search(text):
        return []
    spans = {(s, e): dossier for dossier, _, s, e in iter_lettered(text)}  # several letters in one bracket: one span
    return [StukCitation(s, e, [(dossier, None)]) for (s, e), dossier in spans.items()
            if not any(c.start < e and s < c.end for c in cits)]


def _mention(cited: Cited, m: re.Match[str]) -> tuple[int, list[MotionGroup]]:
    """The motions named after the word "motie" at ``m``, and where their mention ends."""
    text = cited.text
    word_end = m.end("word")
    # how far names and citation may reach (the gap patterns stop a mention at a sentence end; "nr. 11" has a
    # full stop too, hence the margin)
    stop = cited.stop_after(word_end)
    limit = min(len(text), (stop if stop >= 0 else len(text)) + 400)
    plural_word = m.group("word").lower() == "moties"
    van = _M.by_members.match(text, m.end(), limit)
    if van:  # "de motie van het lid X c.s. (...)", "de moties van de leden A (...) en B (...)"
        return _by_members(cited, van.end(), limit, plural_word or _several(van))
    pos = m.end()
    hyphen = text[word_end:word_end + 1] == "-"
    names, end = _parse_names(text, pos, limit) if (hyphen or text[pos:pos + 1].isupper()) else ([], pos)
    if names:  # "de motie-Sjoerdsma", "de motie Ten Broeke over ... (...)", "de moties X c.s. en Y c.s."
        return _by_names(cited, names, pos, end, limit, plural_word)
    # "de motie (Kamerstuk 35 207, nr. 13)", "de motie op stuk nr. 1181 (33 529)"
    cit = cited.after(word_end, limit, allow_subject=False)
    if cit:
        members, end = _members_after(text, _close_paren(text, cit.end), limit)
        return end, [MotionGroup(members, list(cit.refs))]
    return pos, []


def _several(van: re.Match[str]) -> bool:
    """"van de leden ..." and the bare "van A en B" name several members; "van het lid ..." one."""
    by = van.group(0).lower()
    return "leden" in by or "lid" not in by


def _members_after(text: str, end: int, limit: int) -> tuple[list[str], int]:
    """The members named after a motion's citation ("de motie (34 100, letter C) van het lid Kok"), and where
    they end (``end`` itself when none follow)."""
    gap = len(text[end:limit]) - len(text[end:limit].lstrip(" "))
    van = _M.by_members.match(text, end + gap, limit)
    if not van:
        return [], end
    names, after = _parse_names(text, van.end(), limit)
    if not names:
        return [], end
    return (names if _several(van) else names[:1]), after


def _by_members(cited: Cited, pos: int, limit: int, plural: bool) -> tuple[int, list[MotionGroup]]:
    """Groups of names after "van het lid"/"van de leden", each with its citation (a further group counts only
    with its own); the last group's citation may stand in a footnote whose marker is glued to the names or
    follows them ("van het lid Vermeer1 (GroenLinks)", "van de leden Bakkenist en Ooms2 over ...")."""
    text = cited.text
    groups: list[MotionGroup] = []
    names_at = end = done = pos
    while True:
        names, end = _parse_names(text, pos, limit)
        if not names:
            pos = done  # no further group after the separator: the mention ends before it (", en over ..." may list more)
            break
        names_at = pos
        if not plural:
            names = names[:1]
        cit = cited.after(end, limit, allow_subject=not groups)
        if cit is None and groups:
            pos = done
            break  # a further group of names counts only with its own citation
        refs, cit_end = cited.listed_after(cit, limit, plural) if cit is not None else ([], 0)
        groups.append(MotionGroup(names, refs))
        if cit is None:
            pos = end
            break
        pos = done = _close_paren(text, max(cit.end, cit_end))
        sep = _M.group_separator.match(text, pos, limit) if plural else None
        if not sep:
            break
        pos = sep.end()
    if groups and not groups[-1].refs:
        fn = cited.in_footnote(names_at, min(limit, end + 3)) or cited.in_footnote(*_subject_span(text, end, limit))
        if fn:
            groups[-1].refs = list(fn.refs)
    return pos, groups


def _subject_span(text: str, end: int, limit: int) -> tuple[int, int]:
    """Where a footnote marker after a motion's subject may stand: "de motie van het lid X over een loket voor
    ondernemers1 en ..." (the subject runs to a comma, bracket or the end of the sentence)."""
    m = _M.subject_after.match(text, end, limit)
    return (m.start("subject"), m.end() + 1) if m else (end, end)


def _by_names(cited: Cited, names: list[str], names_at: int, end: int, limit: int,
              plural: bool) -> tuple[int, list[MotionGroup]]:
    """A motion named by its submitters right after the word (its citation after them, or in a footnote);
    "de moties Marijnissen c.s. en Klaver c.s.": each "c.s." closes one motion's submitters."""
    text = cited.text
    refs, end = _refs_after(cited, names_at, end, limit, plural)
    groups = [MotionGroup(names, refs)]
    pos = end
    while plural and (nxt := _M.cs_then_name.match(text, pos, limit)):
        more, end = _parse_names(text, nxt.end(), limit)
        if not more:
            break
        refs, end = _refs_after(cited, nxt.end(), end, limit, plural)
        groups.append(MotionGroup(more, refs))
        pos = end
    cited.one_footnote_for_all(groups, pos)
    return pos, groups


def _refs_after(cited: Cited, names_at: int, end: int, limit: int, plural: bool = False) -> tuple[list, int]:
    """The Kamerstuk of names that end at ``end``: the citation after them (and where it closes), or the one of a
    footnote whose marker stands in or right after them."""
    cit = cited.after(end, limit, allow_subject=True)
    if cit:
        refs, cit_end = cited.listed_after(cit, limit, plural)
        return refs, _close_paren(cited.text, cit_end)
    fn = cited.in_footnote(names_at, end + 3)
    return (list(fn.refs) if fn else []), end
