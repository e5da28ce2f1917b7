"""Motions a letter answers and party proposals it discusses, each with the cabinet's stance and evidence.

Two kinds of mention are found in the cleaned text:

- a motion: "De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11)", "de moties van de leden
  Bisschop en Van Helvert (Kamerstuk 35 207, nr. 7) en Voordewind en Van Helvert (Kamerstuk 35 207, nr. 21)"
  (two motions, each with its own submitters), "de gewijzigde motie Van der Staaij c.s. (Kamerstuk 21 501-02,
  nr. 2000)", "de motie Ten Broeke over ... (33 750 V, nr. 20)", "de motie-Sjoerdsma" with a footnote that
  cites the Kamerstuk, or a motion named by its submitters only (dossier and number stay null);
- a party proposal: "het pleidooi van GroenLinks om ...", "het voorstel van D66 (met steun van de PvdA) dat
  ...", "zoals D66 bepleit", "de wens van de ChristenUnie en de SGP", "net als de notities van de VVD, D66 en
  GroenLinks", "anders dan JA21 voorstelt", "zoals door de leden van de CDA-fractie gevraagd", "Met de PVV ben ik
  van mening dat ...", "Ik ben het eens met de PvdD dat ...", "De VVD heeft gevraagd om ..." at a sentence start
  (party names and their variants: ``rules/parties.yaml``).

The cabinet's answer is read by the stance rules (``rules/stances.yaml``, ``rules/stances.py``) from the
sentence of the mention; when that sentence gives no answer, from the following sentences of the paragraph,
and when the paragraph gives none, from the next paragraph, in both cases up to the next mention. Before the
rules see a sentence, the motion mentions in it are replaced by the word "motie", what a motion asks
("verzoekt de regering ...") is cut off and the text of a party's proposal is blanked, so that a rule only
reads the cabinet's own words. A motion mentioned more than once gives one record: the answer with a stance
beats "noted", an answer in the mention's own sentence beats one read further on, otherwise the first wins;
``start`` is always the first mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kamerspoor.model import InputError, Stance
from kamerspoor.rules import stances as stance_rules
from kamerspoor.rules.citations import iter_citations
from kamerspoor.rules.identifiers import dossier_key

PARTIES_PATH = Path(__file__).resolve().parent.parent / "rules" / "parties.yaml"

# -- parties -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    name: str
    variants: tuple[str, ...]
    web: tuple[str, ...]


@dataclass(frozen=True)
class _PartyTable:
    parties: tuple[Party, ...]
    by_variant: dict
    pattern: str  # one party name as a regular expression (no groups)


def load_parties(path: str | Path | None = None) -> tuple[Party, ...]:
    """The parties and their name variants (default: the package's ``rules/parties.yaml``)."""
    return _party_table(str(path or PARTIES_PATH)).parties


@lru_cache(maxsize=4)
def _party_table(path: str) -> _PartyTable:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(path, f"cannot read party names: {e.strerror or e}") from e
    except yaml.YAMLError as e:
        raise InputError(path, f"not valid YAML: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("parties"), list):
        raise InputError(path, "expected a mapping with a list under 'parties'")
    parties, by_variant = [], {}
    for i, item in enumerate(data["parties"]):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(path, f"party {i + 1}: expected a mapping with a 'name'")
        variants = item.get("variants") or [item["name"]]
        web = item.get("web") or []
        if not all(isinstance(v, str) and v for v in variants) or not all(isinstance(w, str) for w in web):
            raise InputError(path, f"party '{item['name']}': 'variants' and 'web' must be lists of text")
        party = Party(item["name"], tuple(variants), tuple(web))
        parties.append(party)
        for v in (item["name"], *variants):
            if v in by_variant and by_variant[v] is not party:
                raise InputError(path, f"party '{item['name']}': variant '{v}' also names '{by_variant[v].name}'")
            by_variant[v] = party
    names = sorted(by_variant, key=len, reverse=True)  # the longest name first: "GroenLinks-PvdA" before "GL"
    alternation = "|".join(re.escape(n) for n in names)
    pattern = rf"(?<![\w-])(?:{alternation})(?:-?fracties?)?(?![\w])"
    return _PartyTable(tuple(parties), by_variant, pattern)


# -- regular expressions (compiled once) -----------------------------------------------------------

_TABLE = _party_table(str(PARTIES_PATH))
_P = _TABLE.pattern
_ONE_PARTY = re.compile(_P)
_SUFFIX_FRACTIE = re.compile(r"-?fracties?$")
# a party named by its members in the Kamer (the fractie's inbreng in a verslag): "de leden van de VVD-fractie",
# "de leden van de fracties van de VVD en D66"
_MEMBERS = r"(?:leden\s+van\s+(?:de|het)\s+)"
_MEMBERS_RE = re.compile(r"\bleden\s+van\b", re.IGNORECASE)
# "de VVD, D66 en GroenLinks", "de ChristenUnie en de SGP", "het CDA", "de fractie van de PvdA", and with the
# shared "-fracties" left out of all but the last name: "de PvdD- en GroenLinks-PvdA-fracties"
_PARTY_LIST = (rf"(?:(?:de|het)\s+)?{_MEMBERS}?(?:fracties?\s+van\s+(?:(?:de|het)\s+)?)?{_P}"
               rf"(?:-?\s*(?:,|\ben\b|&)\s*(?:(?:de|het)\s+)?{_P})*")
# a proposal by a party: "het pleidooi van GroenLinks", "de opvatting van het CDA"
_PROPOSAL_NOUNS = (r"pleidooi|pleidooien|voorstel|voorstellen|wens|wensen|opvatting|opvattingen|analyse|"
                   r"oproep|suggestie|suggesties|idee|ideeën|notitie|notities|nota|initiatiefnota|standpunt|"
                   r"visie|plan|plannen|verzoek|zorg|zorgen|publicatie|publicaties|partijpublicatie|voorkeur")
_PARTY_NOUN = re.compile(rf"\b(?i:{_PROPOSAL_NOUNS})\s+van\s+(?P<list>{_PARTY_LIST})")
_ZOALS_VERBS = (r"bepleit|bepleiten|bepleitte|bepleitten|voorstelt|voorstellen|voorstelde|voorstelden|voorgesteld|"
                r"voorstaat|voorstaan|vraagt|vragen|vroeg|vroegen|gevraagd|wil|willen|wilde|wilden|wenst|wensen|"
                r"wenste|wensten|aangeeft|aangegeven|suggereert|suggereerde|aandraagt")
# "zoals D66 bepleit", "zoals ook de SP heeft voorgesteld", "zoals bepleit door de VVD"
_PARTY_ZOALS = re.compile(
    rf"\b(?i:zoals|anders\s+dan)\s+(?:ook\s+)?(?P<list>{_PARTY_LIST})\s+(?:ook\s+|eerder\s+|al\s+)?(?:heeft\s+|hebben\s+)?"
    rf"(?:{_ZOALS_VERBS})\b"
    rf"|\b(?i:zoals)\s+(?:ook\s+)?(?:bepleit|voorgesteld|gevraagd|gewenst)\s+door\s+(?P<list2>{_PARTY_LIST})"
    rf"|\b(?i:zoals)\s+(?:ook\s+)?door\s+(?P<list3>{_PARTY_LIST})\s+(?:is\s+|werd\s+)?"
    rf"(?:bepleit|voorgesteld|gevraagd|gewenst)\b")
# agreement with a party: "Met de PVV ben ik van mening dat ...", "Ik ben het eens met de PvdD dat ..."
_PARTY_AGREE = re.compile(
    rf"\b(?i:met)\s+(?P<list>{_PARTY_LIST})\s+(?:ben|is|zijn)\s+(?:ik|wij|we|het\s+kabinet|de\s+regering)\s+"
    rf"(?:\w+\s+)?(?:van\s+mening|van\s+oordeel|het\s+eens)\b"
    rf"|\b(?:ben|is|zijn)\s+(?:ik\s+|wij\s+|we\s+)?het\s+(?:\w+\s+)?eens\s+met\s+(?P<list2>{_PARTY_LIST})")
# a party as the subject of its request, at the start of a sentence: "De VVD heeft gevraagd om ...; daartoe ..."
_PARTY_ASKED = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:[Dd]e\s+|[Hh]et\s+)?(?P<list>{_PARTY_LIST})\s+(?:heeft|hebben)\s+(?:\w+\s+)?"
    rf"(?:gevraagd|verzocht|voorgesteld|bepleit|gepleit)\b")
# a fractie's own proposal in its inbreng (verslag, nota naar aanleiding van het verslag): "De leden van de
# SP-fractie stellen voor de grens te verlagen", "De leden van de D66-fractie pleiten ervoor ..."; it is a party
# position only when the cabinet answers it
_PARTY_INBRENG = re.compile(
    rf"\b(?:[Dd]e\s+)?{_MEMBERS}(?:fracties?\s+van\s+(?:de|het)\s+)?(?P<list>{_P}(?:\s*(?:,|\ben\b)\s*"
    rf"(?:(?:de|het)\s+)?{_P})*)\s+(?:stellen\s+(?:\w+\s+){{0,2}}?voor|pleiten|bepleiten|dringen\s+(?:erop\s+)?aan|"
    rf"roepen\s+(?:de\s+regering\s+|het\s+kabinet\s+)?op|doen\s+(?:de\s+)?(?:suggestie|het\s+voorstel))\b")
# a sentence in the fractie's own words ("Deze leden vragen ...", "Zij stellen voor ...", "Daarnaast willen
# deze leden weten ...") or a question is no answer of the cabinet
_MEMBERS_VERBS = r"(?:vragen|stellen|pleiten|willen|zijn|hebben|menen|vinden|verzoeken|wijzen|constateren|lezen)"
_MEMBERS_SPEAK = re.compile(
    rf"^\W*(?:(?:De|Deze|Die)\s+leden\b|Zij\s+{_MEMBERS_VERBS}\b)"
    rf"|\b{_MEMBERS_VERBS}\s+(?:zij|deze\s+leden|de\s+leden)\b|\?[\s»”\"’')]*$")
# support for a proposal, right after it: "(met steun van de PvdA)", ", gesteund door de SP,"
_SUPPORT = re.compile(
    rf"\s*[(,]\s*(?i:met\s+(?:de\s+)?steun\s+van|gesteund\s+door|ondersteund\s+door|mede\s+namens|samen\s+met)"
    rf"\s+(?P<list>{_PARTY_LIST})\s*\)?")
# the proposal as a clause after the party: "... van D66 dat Nederland ...", "... van GroenLinks om ..."
_CLAUSE_START = re.compile(r"\s*,?\s*(?P<conj>dat|om|over|voor|tot|inzake|betreffende|aangaande|:)\s+",
                           re.IGNORECASE)
_TRAILING_VERB = re.compile(r"[\s,]+(?:is|zijn|was|waren|wordt|worden)\s*$", re.IGNORECASE)
_LEADING_CONJ = re.compile(r"^(?:en|maar|of|dan|ook)\s+", re.IGNORECASE)

# a motion mention starts at the word motie: "motie", "moties", "motie-Sjoerdsma", "gewijzigde motie"
# (a mention never crosses a paragraph break: "Reactie op moties\n\nDe motie ..." is a heading, then a mention)
_MOTIE = re.compile(r"(?:\b(?:(?:tweede\s+)?nader\s+)?gewijzigde\s+)?\b(?P<word>[Mm]oties?)(?:-(?=[A-ZÀ-Þ])|[^\S\n]+|$)")
_MOTIE_WORD = re.compile(r"\bmoties?\b", re.IGNORECASE)
_VAN_LEDEN = re.compile(r"van\s+(?:het\s+(?:Kamer)?lid|de\s+(?:Kamer)?leden)\s+(?:(?:mevrouw|de\s+heer)\s+)?",
                        re.IGNORECASE)
# surnames as cited: "Karabulut", "Van Helvert", "Van der Staaij", "Ten Broeke", "De Roon", "Tony van Dijck",
# "Kraneveldt-van der Veen"; a particle at the start of a surname is capitalised (Dutch spelling)
_CAP_PARTICLE = r"(?:Van|De|Den|Der|Ten|Ter|Te|In|Von|Le|La|Du|Da|Di|El|Op|Uit)"
_LOW_PARTICLE = r"(?:van|de|den|der|ten|ter|te|in|het|'t|’t|von|le|la|du|da|di|el|op|uit)"
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:-(?:(?:van|de|der|den|ter|ten)\s+)*[A-Za-zÀ-ÿ][\w'’]*)*"
_NAME = (rf"(?:(?:[A-Z]\.\s?)+\s*)?(?:{_CAP_PARTICLE}\s+(?:{_LOW_PARTICLE}\s+)*)?{_WORD}"
         rf"(?:\s+(?:{_LOW_PARTICLE}\s+)*{_WORD})*")
_NAME_RE = re.compile(_NAME)
_NAME_PARTY = re.compile(rf"\s*\((?:{_P})\)")
_NAME_SEP = re.compile(r"\s*,\s*|\s+en\s+|\s*/\s*|\s*&\s*")
_CS = re.compile(r"\s+c\.\s?s\.?")
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?)+\s*")
# words that look like a name after "motie" but are not one
_NOT_NAMES = frozenset({"Kamerstuk", "Kamerstukken", "Tweede", "Eerste", "Kamer", "In", "Op", "Dit", "Deze",
                        "Het", "Een", "Die", "Dat", "Zij", "Hij", "Nr", "Bijlage", "Motie", "Moties"})
# a word in capitals ("VVD", "BIJLAGE": a party or a heading) or the first half of a compound cut at the dash
# ("Stemmingen moties Vreemdelingen- en asielbeleid") is no surname
_NOT_A_SURNAME = re.compile(r"^[A-ZÀ-Þ]{2,}\b|-$")
# what may stand between a motion's names and its citation: "(", ", ", "c.s.", "over <subject>", "op stuk"
_GAP_DIRECT = re.compile(r"^\s*(?:c\.\s?s\.?\s*)?,?\s*\(?\s*(?:op\s+)?$")
_GAP_SUBJECT = re.compile(
    r"^\s*(?:c\.\s?s\.?\s*)?,?\s*(?:over|inzake|betreffende|aangaande|om|ten\s+aanzien\s+van|"
    r"met\s+betrekking\s+tot)\b[^().;:]{0,200}?\(\s*$", re.IGNORECASE)
_CS_THEN_NAME = re.compile(r"(?<=c\.s\.)\s*\)?\s*(?:,|\ben\b)\s+(?=[A-ZÀ-Þ])")
_GROUP_SEP = re.compile(r"\s*\)?\s*(?:,|\ben\b)\s+")
# what a motion asks, when quoted in a sentence of the letter: cut off before the stance rules read it
_REQUEST = re.compile(
    r"\b(?:verzoek(?:t|en)|vraagt|vragen)\s+(?:tevens\s+|ook\s+|daarnaast\s+|voorts\s+)?"
    r"(?:de\s+regering|het\s+kabinet|de\s+minister|de\s+staatssecretaris)\b"
    r"|\broep(?:t|en)\s+(?:tevens\s+|ook\s+)?de\s+regering\b"
    r"|\b(?:die|dat|welke|waarin)\s+(?:de\s+regering|het\s+kabinet)\s+(?:\w+\s+)?"
    r"(?:verzoek|verzocht|oproep|opgeroepen|vraag|gevraagd)\w*"
    r"|\b(?:wordt|werd|worden|werden)\s+(?:de\s+regering|het\s+kabinet)\s+(?:\w+\s+)?"
    r"(?:verzocht|opgeroepen|gevraagd)\b",
    re.IGNORECASE)
# the motion itself as subject: "de motie [die] vraagt om ...", "motie ..., die de regering verzoekt"
_MOTION_ASKS = re.compile(
    r"(?<=\bmotie)\s*,?\s+(?:die\s+|welke\s+|waarin\s+)?(?:\w+\s+){0,2}?"
    r"(?:verzoek\w*|vraagt|vragen|roept|roepen|draagt|dragen|spreekt|spreken|constateert|overweegt|beoogt)\b",
    re.IGNORECASE)
# sentence ends: ". " before a capital, unless the word before the full stop is an abbreviation or initial
_SENTENCE_END = re.compile(r"[.!?][»”\"’')]*\s+(?=[«“\"‘(]?[A-ZÀ-Þ])")
# abbreviations that never end a sentence ("jl." and "etc." may: "in juni jl. Deze acties ...")
_ABBREVIATIONS = frozenset(
    "nr nrs o.a bijv d.w.z mr dr drs prof ir ing dhr mevr art blz vgl zgn resp ca i.c "
    "m.b.t t.a.v m.n a.s vs no st z.g i.v.m p pag kamerstuknr".split())
_LAST_WORD = re.compile(r"([\w.]+)$")
_HEADING_END = re.compile(r"[.:;!?»”\")]\s*$")

# -- small records ---------------------------------------------------------------------------------


@dataclass
class _Citation:
    start: int
    end: int
    refs: list[tuple[str, int]]


@dataclass
class _MotionGroup:
    submitters: list[str]
    refs: list[tuple[str | None, int | None]]


@dataclass
class _MotionMention:
    start: int  # the word "motie" (or "gewijzigde" before it)
    end: int
    groups: list[_MotionGroup]


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


@dataclass
class _Doc:
    text: str
    paragraphs: list[tuple[int, int, int | None]]
    starts: list[int] = field(default_factory=list)
    _sentences: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.starts = [p[0] for p in self.paragraphs]

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

    def is_heading(self, pi: int) -> bool:
        s, e, _ = self.paragraphs[pi]
        chunk = self.text[s:e].strip()
        return len(chunk) < 150 and not _HEADING_END.search(chunk)


# -- sentences -------------------------------------------------------------------------------------


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (abbreviations such as "nr." and "c.s." do not end one)."""
    end = len(text) if end is None else end
    spans, s = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        last = _LAST_WORD.search(text, max(s, m.start() - 20), m.start())
        word = last.group(1).lower() if last else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if word in ("c.s", "cs") and text.startswith("(", m.end()):  # "c.s. (Kamerstuk ...)"
            continue
        close = m.start() + len(m.group(0).rstrip())
        spans.append((s, close))
        s = m.end()
    if s < end and text[s:end].strip():
        spans.append((s, len(text[:end].rstrip())))
    return spans


# -- citations -------------------------------------------------------------------------------------


def _parse_citations(text: str) -> list[_Citation]:
    """Kamerstuk citations in ``text`` grouped by where they stand ("nrs. 7 en 21" is one citation)."""
    out: dict[tuple[int, int], _Citation] = {}
    for c in iter_citations(text):
        out.setdefault((c.start, c.end), _Citation(c.start, c.end, [])).refs.append((c.dossier, c.number))
    return sorted(out.values(), key=lambda c: c.start)


def _all_citations(text: str, references: list[dict]) -> list[_Citation]:
    cits = _parse_citations(text)
    spans = [(c.start, c.end) for c in cits]
    extra: dict[int, _Citation] = {}
    for r in references or []:
        s, t = r.get("start"), r.get("text") or ""
        if not isinstance(s, int) or r.get("number") is None or r.get("dossier") is None:
            continue
        e = s + len(t)
        if any(a < e and s < b for a, b in spans):
            continue
        extra.setdefault(s, _Citation(s, e, [])).refs.append((dossier_key(str(r["dossier"])), int(r["number"])))
    return sorted(cits + list(extra.values()), key=lambda c: c.start)


# -- motion mentions -------------------------------------------------------------------------------


def _surname(name: str) -> str:
    return _INITIALS.sub("", name).strip()


def _not_a_surname(text: str, m: re.Match) -> bool:
    return bool(_NOT_A_SURNAME.search(_INITIALS.sub("", m.group(0)))) or text[m.end():m.end() + 2] in ("- ", "-\n")


def _parse_names(text: str, pos: int, limit: int) -> tuple[list[str], int]:
    """Names separated by ",", "en", "/" from ``pos``; returns them and where the list ends."""
    names: list[str] = []
    end = pos
    while True:
        m = _NAME_RE.match(text, end if not names else end, limit)
        if not m or m.group(0).split()[0].rstrip(".") in _NOT_NAMES or _not_a_surname(text, m):
            break
        names.append(_surname(m.group(0)))
        end = m.end()
        pm = _NAME_PARTY.match(text, end, limit)
        if pm:
            end = pm.end()
        sep = _NAME_SEP.match(text, end, limit)
        if not sep:
            break
        nxt = _NAME_RE.match(text, sep.end(), limit)
        if not nxt or nxt.group(0).split()[0] in _NOT_NAMES:
            break
        end = sep.end()
    cs = _CS.match(text, end, limit)
    if names and cs:
        end = cs.end()
    return names, end


def _citation_after(cits: list[_Citation], starts: list[int], text: str, pos: int, limit: int,
                    allow_subject: bool) -> _Citation | None:
    """The citation that belongs to a motion whose names end at ``pos`` (or None)."""
    i = bisect.bisect_left(starts, pos)
    if i >= len(cits) or cits[i].start >= limit:
        return None
    c = cits[i]
    gap = text[pos:c.start]
    if _GAP_DIRECT.match(gap) or (allow_subject and _GAP_SUBJECT.match(gap) and not _MOTIE_WORD.search(gap)):
        return c
    return None


def _footnote_citation(footnotes: list[dict], pos: int, limit: int) -> _Citation | None:
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
    m = re.compile(r"\s*\)").match(text, pos)
    return m.end() if m else pos


def find_motion_mentions(text: str, references: list[dict] | None = None,
                         footnotes: list[dict] | None = None) -> list[_MotionMention]:
    """Every motion mention with its motions (citation and submitters), in text order."""
    cits = _all_citations(text, references or [])
    starts = [c.start for c in cits]
    out: list[_MotionMention] = []
    for m in _MOTIE.finditer(text):
        word_end = m.end("word")
        # how far names and citation may reach (the gap patterns stop a mention at a sentence end; "nr. 11"
        # has a full stop too, hence the margin)
        stop = text.find(". ", word_end)
        limit = min(len(text), (stop if stop >= 0 else len(text)) + 400)
        pos = m.end()
        groups: list[_MotionGroup] = []
        van = _VAN_LEDEN.match(text, pos, limit)
        hyphen = text[word_end:word_end + 1] == "-"
        if van:
            pos = van.end()
            plural = m.group("word").lower() == "moties" or "leden" in van.group(0).lower()
            while True:
                names, end = _parse_names(text, pos, limit)
                if not names:
                    break
                if not plural:
                    names = names[:1]
                cit = _citation_after(cits, starts, text, end, limit, allow_subject=not groups)
                if cit is None and groups:
                    break  # a further group of names counts only with its own citation
                groups.append(_MotionGroup(names, list(cit.refs) if cit else []))
                if cit is None:
                    break
                end = _close_paren(text, cit.end)
                sep = _GROUP_SEP.match(text, end, limit) if plural else None
                pos = end
                if not sep:
                    break
                pos = sep.end()
            if groups and not groups[-1].refs:
                fn = _footnote_citation(footnotes or [], pos, min(limit, pos + 3))
                if fn:
                    groups[-1].refs = list(fn.refs)
        else:
            names, end = _parse_names(text, pos, limit) if (hyphen or text[pos:pos + 1].isupper()) else ([], pos)
            if names:
                cit = _citation_after(cits, starts, text, end, limit, allow_subject=True)
                refs: list = list(cit.refs) if cit else []
                if cit:
                    end = _close_paren(text, cit.end)
                else:
                    fn = _footnote_citation(footnotes or [], end, end + 3)
                    refs = list(fn.refs) if fn else []
                groups.append(_MotionGroup(names, refs))
                pos = end
                # "de moties Marijnissen c.s. en Klaver c.s.": each "c.s." closes one motion's submitters
                while m.group("word").lower() == "moties" and _CS_THEN_NAME.match(text, pos, limit):
                    nxt = _CS_THEN_NAME.match(text, pos, limit)
                    more, end = _parse_names(text, nxt.end(), limit)
                    if not more:
                        break
                    cit = _citation_after(cits, starts, text, end, limit, allow_subject=True)
                    refs = list(cit.refs) if cit else []
                    if cit:
                        end = _close_paren(text, cit.end)
                    groups.append(_MotionGroup(more, refs))
                    pos = end
            else:  # "de motie (Kamerstuk 35 207, nr. 13)", "de motie op stuk nr. 1181 (33 529)"
                cit = _citation_after(cits, starts, text, m.end("word"), limit, allow_subject=False)
                if cit:
                    groups.append(_MotionGroup([], list(cit.refs)))
                    pos = _close_paren(text, cit.end)
        if groups:
            out.append(_MotionMention(m.start(), pos, groups))
    return out


# -- party mentions --------------------------------------------------------------------------------


def _canonical(name: str) -> str:
    party = _TABLE.by_variant.get(_SUFFIX_FRACTIE.sub("", name)) or _TABLE.by_variant.get(name)
    return party.name if party else name


def _party_names(span_text: str) -> list[str]:
    seen: list[str] = []
    for m in _ONE_PARTY.finditer(span_text):
        n = _canonical(m.group(0))
        if n not in seen:
            seen.append(n)
    return seen


def find_party_mentions(text: str, doc: _Doc | None = None) -> list[_PartyMention]:
    """Party proposals named in ``text``: who proposed (and who supported) and what."""
    doc = doc or _Doc(text, [(0, len(text), None)])
    found: list[_PartyMention] = []
    for m in _PARTY_NOUN.finditer(text):
        parties = _party_names(m.group("list"))
        end = m.end()
        supporters: list[str] = []
        sup = _SUPPORT.match(text, end)
        if sup:
            supporters = [p for p in _party_names(sup.group("list")) if p not in parties]
            end = sup.end()
        found.append(_PartyMention(m.start(), end, parties, supporters, "", None, end,
                                   members=bool(_MEMBERS_RE.search(m.group("list")))))
    taken = [(pm.start, pm.end) for pm in found]
    for m in _PARTY_INBRENG.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        pm = _PartyMention(m.start(), m.end(), _party_names(m.group("list")), [], "", None, None, members=True)
        s0, s1 = _sentence_of(doc, m.start())
        # the fractie's own sentence is blanked whole: none of it is the cabinet's answer
        pm.proposal = text[m.end():s1].strip(" ,").removeprefix("ervoor ").strip().rstrip(".")
        pm.proposal_span = (m.start(), max(m.end(), s1))
        found.append(pm)
    for m in _PARTY_ZOALS.finditer(text):
        lst = m.group("list") or m.group("list2") or m.group("list3")
        found.append(_PartyMention(m.start(), m.end(), _party_names(lst), [], "", None, None,
                                   members=bool(_MEMBERS_RE.search(lst))))
    for rx in (_PARTY_AGREE, _PARTY_ASKED):
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            lst = m.group("list") or m.groupdict().get("list2")
            found.append(_PartyMention(m.start(), m.end(), _party_names(lst), [], "", None, m.end(),
                                       members=bool(_MEMBERS_RE.search(lst))))
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


_TE_INFINITIVE = re.compile(r"\bte\s+[a-zà-ÿ]+(?:en|n)\b")


def _end_of_te_clause(text: str, s0: int, conj: int, a: int, b: int) -> int:
    """"om ... te <infinitive>" ends at its last infinitive when what follows is the cabinet's answer:
    "De suggestie van D66 om de wet te evalueren heb ik overgenomen"."""
    last = None
    for m in _TE_INFINITIVE.finditer(text, a, b):
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
        c = _CLAUSE_START.match(text, pm.clause_start, s1)
        if c:
            a = c.end()
            b = s1
            comma = re.compile(r"[,;]\s").search(text, a, s1)
            if comma:
                b = comma.start()
            for hit in stance_rules.find_stances(text[a:b]):
                if hit.stance is not Stance.NOTED:
                    b = min(b, a + hit.start)
                    break
            if c.group("conj").lower() == "om":
                b = _end_of_te_clause(text, s0, c.start(), a, b)
            proposal = _TRAILING_VERB.sub("", text[a:b]).strip().rstrip(".")
            if proposal:
                pm.proposal = proposal
                pm.proposal_span = (a, a + len(text[a:b].rstrip()))
                return
    if pm.clause_start is None:  # "X, zoals D66 bepleit": the clause before; "Zoals D66 bepleit, X": after
        before = text[s0:pm.start].rstrip().rstrip(",").rstrip()
        cut = max(before.rfind(", "), before.rfind("; "))
        clause = before[cut + 2:] if cut >= 0 else before
        clause = _LEADING_CONJ.sub("", clause.strip())
        if len(clause.split()) < 3:
            clause = text[pm.end:s1].lstrip(" ,").strip().rstrip(".")
        if len(clause.split()) >= 3:
            pm.proposal = clause
            return
    pm.proposal = sentence


# -- stance windows --------------------------------------------------------------------------------


def _analyse(text: str, span: tuple[int, int], motions: list[_MotionMention],
             parties: list[_PartyMention]) -> list[stance_rules.StanceHit]:
    """The stance hits of one sentence, read after masking what is not the cabinet's own words."""
    s, e = span
    edits: list[tuple[int, int, str]] = []
    for mm in motions:
        if mm.start < e and s < mm.end:
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
    if _MEMBERS_SPEAK.search(text[s:e].strip()):
        return []
    cuts = [m.start() for m in (_REQUEST.search(sentence), _MOTION_ASKS.search(sentence)) if m]
    if cuts:
        sentence = sentence[:min(cuts)]
    return stance_rules.drop_hedged(stance_rules.find_stances(sentence))


def _answer(doc: _Doc, pos: int, mention_starts: list[int], own: set[int], motions: list[_MotionMention],
            parties: list[_PartyMention]) -> _Answer:
    """The cabinet's answer to the mention at ``pos``: its sentence, else what follows up to the next mention."""
    text = doc.text
    pi = doc.paragraph_of(pos)
    if pi is None:
        return _Answer(Stance.NOTED, [], "", False)
    sents = doc.sentences(pi)
    si = next((i for i, (s, e) in enumerate(sents) if s <= pos < e), 0)
    first = sents[si]

    def has_other_mention(span: tuple[int, int]) -> bool:
        i = bisect.bisect_left(mention_starts, span[0])
        return any(mention_starts[j] not in own for j in range(i, len(mention_starts))
                   if mention_starts[j] < span[1])

    hits = _analyse(text, first, motions, parties)
    if hits:
        return _decide([(first, hits)], text, direct=True)
    collected: list[tuple[tuple[int, int], list]] = []
    stopped = False
    for span in sents[si + 1:]:
        if has_other_mention(span):
            stopped = True
            break
        h = _analyse(text, span, motions, parties)
        if h:
            collected.append((span, h))
    nxt = pi + 1
    if (not collected and not stopped and nxt < len(doc.paragraphs) and not doc.is_heading(nxt)
            and doc.paragraphs[nxt][2] == doc.paragraphs[pi][2]):
        for span in doc.sentences(nxt):
            if has_other_mention(span):
                break
            h = _analyse(text, span, motions, parties)
            if h:
                collected.append((span, h))
    if not collected:
        return _Answer(Stance.NOTED, [], text[first[0]:first[1]].strip(), False)
    return _decide(collected, text, direct=False)


def _decide(per_sentence: list, text: str, direct: bool) -> _Answer:
    all_hits = [h for _, hs in per_sentence for h in hs]
    stance, deciding = stance_rules.combine(all_hits)
    ids = {id(h) for h in deciding}
    spans = [span for span, hs in per_sentence if any(id(h) in ids for h in hs)] or [per_sentence[0][0]]
    evidence = " ".join(text[s:e].strip() for s, e in spans)
    rules = list(dict.fromkeys(h.rule for h in deciding))
    return _Answer(stance, rules, evidence, direct)


# -- records ---------------------------------------------------------------------------------------


def _rank(rec: dict) -> tuple[int, int]:
    return (rec["stance"] != Stance.NOTED.value, 1 if rec.get("_direct") else 0)


def _merge(into: dict, new: dict) -> None:
    if _rank(new) > _rank(into):
        for k in ("stance", "evidence", "rule", "_direct"):
            into[k] = new[k]
    if not into["submitters"] and new["submitters"]:
        into["submitters"] = new["submitters"]


def _norm_names(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted(n.lower() for n in names))


def _source_url(footnotes: list[dict], start: int, end: int, party: str) -> str | None:
    """The party's URL from the first footnote anchored in ``[start, end]``."""
    web = next((p.web for p in _TABLE.parties if p.name == party), ())
    for f in sorted((f for f in footnotes if isinstance(f.get("anchor"), int) and start <= f["anchor"] <= end),
                    key=lambda f: f["anchor"]):
        urls = [u for u in f.get("urls") or [] if isinstance(u, str)]
        if not urls:
            continue
        own = [u for u in urls if any(w and w.lower() in u.lower() for w in web)]
        return (own or urls)[0]
    return None


def find_answers(text: str, paragraphs: list[dict], footnotes: list[dict],
                 references: list[dict]) -> tuple[list[dict], list[dict]]:
    """The motions and party proposals a letter discusses, each with the cabinet's stance and evidence.

    Returns ``(motions, party_positions)`` as in the analysis record (``../shared/spec/analysis.md``); a
    motion record also has ``mention`` (the text that names it), ``rule`` (the stance rule(s) that decided)
    and ``paragraph`` (index); a party position has ``start``, ``rule`` and ``paragraph``.
    """
    paras = [(int(p["start"]), int(p["end"]), p.get("section")) for p in paragraphs or []]
    if not paras:
        pos = 0
        for chunk in text.split("\n\n"):
            paras.append((pos, pos + len(chunk), None))
            pos += len(chunk) + 2
    doc = _Doc(text, paras)
    footnotes = footnotes or []
    motions = find_motion_mentions(text, references, footnotes) if _MOTIE_WORD.search(text) else []
    parties = find_party_mentions(text, doc)
    mention_starts = sorted({m.start for m in motions} | {p.start for p in parties})

    records: list[dict] = []
    by_key: dict = {}
    for mm in motions:
        ans = _answer(doc, mm.start, mention_starts, {mm.start}, motions, parties)
        for g in mm.groups:
            for dossier, number in g.refs or [(None, None)]:
                rec = {"dossier": dossier, "number": number, "submitters": list(g.submitters),
                       "stance": ans.stance.value, "evidence": ans.evidence, "start": mm.start,
                       "mention": text[mm.start:mm.end], "rule": "+".join(ans.rules) or None,
                       "paragraph": doc.paragraph_of(mm.start), "_direct": ans.direct}
                key = (dossier, number) if number is not None else ("names", _norm_names(g.submitters))
                if key in by_key:
                    _merge(by_key[key], rec)
                else:
                    by_key[key] = rec
                    records.append(rec)
    # a motion named only by its submitters is the numbered motion with the same submitters mentioned
    # nearest before it (or the only one): one record, not two
    for rec in [r for r in records if r["number"] is None and r["submitters"]]:
        same = [r for r in records if r["number"] is not None
                and _norm_names(r["submitters"]) == _norm_names(rec["submitters"])]
        before = [r for r in same if r["start"] < rec["start"]]
        target = before[-1] if before else (same[0] if len(same) == 1 else None)
        if target is not None:
            _merge(target, rec)
            records.remove(rec)
    for r in records:
        del r["_direct"]

    positions: list[dict] = []
    seen: set = set()
    for pm in parties:
        ans = _answer(doc, pm.start, mention_starts, {pm.start}, motions, parties)
        if pm.members and ans.stance is Stance.NOTED:
            continue  # a fractie's inbreng the cabinet does not answer here is no position of the cabinet
        s0, s1 = _sentence_of(doc, pm.start)
        for party in pm.parties + pm.supporters:
            key = (party, pm.proposal.lower())
            if key in seen:
                continue
            seen.add(key)
            positions.append({"party": party, "proposal": pm.proposal, "stance": ans.stance.value,
                              "evidence": ans.evidence, "source_url": _source_url(footnotes, pm.start, s1 + 1, party),
                              "start": pm.start, "rule": "+".join(ans.rules) or None,
                              "paragraph": doc.paragraph_of(pm.start)})
    return records, positions
