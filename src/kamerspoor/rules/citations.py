"""How Kamerstukken are cited in Dutch parliamentary text: the citation patterns, in one place.

A Kamerstuk is identified by its dossier (``35 207``, ``36 200 V``, ``21 501-20``) and its ondernummer
(``nr. 29``). The forms below are the ones seen in real letters, motions and legal writing; each has a test on a
sentence in ``tests/test_references.py``:

- ``(Kamerstuk 35 207, nr. 29)``, ``Kamerstukken II 2019/20, 35 207, nr. 7``, ``Bijlage bij Kamerstuk 35 207, nr. 1``
- heads: ``Kamerstukken I``/``II``/``EK``/``TK``/``Tweede Kamer``, ``kamerstukken``, ``TK 2019-2020,``,
  ``Kamerstukken II, vergaderjaar 2007-2008,``, sessions ``2019/20``, ``2021/2022``, ``1999-2000``, ``2022–23``
- several numbers: ``Kamerstukken 35 207, nrs. 7 en 21``, ``35 334, nrs. 383, 348 en 309``, ``nrs. 3 t/m 5``,
  ``nrs. 1–3``, ``nr. 6, p. 15-16; nr. 7`` (page references ``p.``, ``blz.``, ``pag.`` are never ondernummers)
- dossier suffixes: ``36 200 V``, ``36 410-XVI``, ``36 200-IXB``, ``36 410A``, ``36 600-A``, ``21 501-20``,
  ``21501–02``, ``31700.VIII``, ``19 700 hoofdstuk XV``; a rijkswet number is skipped: ``34 356 (R2064), nr. 3``
- joint dossiers: ``31 293 en 31 289, nr. 653``, ``31 031/29 949, nr. 19``, ``29 762 e.a.`` (one Kamerstuk in
  several dossiers: the first dossier names it); but the chapters of one dossier joined by "en" are as many
  stukken: ``Kamerstukken 34 100 A en 34 100 B, nr. 3`` cites 34100-A-3 and 34100-B-3 (a letter published in
  the begrotingen of two funds)
- compact lists: ``(Kamerstuk 36672-5 en 6)`` cites 36672-5 and 36672-6
- number first: ``de motie op stuk nr. 1181 (33 529)``, ``motie-Thijssen c.s. op stuk nr. 292, 33576``
- compact: ``Kamerstuk 29683–282``, ``Kamerstuk 36 410-XVI-12``, official ids ``kst-36800-XIV-80``
- after a head naming chamber or session, no ``nr.``: ``Tweede Kamer 2008-2009, 31459, 22``
- a table cell glued to the word before it (a flattened table): ``... op tabak99 956 XVII, nr. 30``

Not Kamerstukken: Handelingen (``Handelingen II 2019/20, nr. 29, item 8``, also when a dossier is named:
``Handelingen II, 1995-1996, 24 692, nr. 3``), Aanhangsel Handelingen, Staatsblad/Staatscourant
(``Stb. 2019, nr. 123``: a year, not a five-digit dossier). Eerste Kamer stukken numbered by letter
(``Kamerstukken I 2019/20, 35 300, A``, ``nr. E``, ``nr. 42e``, ``36 067, letter Y``) have no ondernummer and a
reference needs one (``number`` is an int), so they are skipped, never read as the number before the letter.
Dates, amounts and phone numbers never carry the ``nr.`` that every pattern except the compact and headed ones needs.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from kamerspoor.bytecache import ByteLRU
from kamerspoor.rules.identifiers import DASHES as _DASHES
from kamerspoor.rules.identifiers import KST_ID_PATTERN, dossier_key
from kamerspoor.rules.literals import may_match, quick

__all__ = ["Citation", "dossier_key", "iter_citations", "iter_lettered", "numbers"]

DASH = f"[{_DASHES}]"
# dossier number: five digits, often written "35 207" (also with a non-breaking or thin space)
_DIGITS = r"\d{2}[ \u00a0\u202f\u2009]?\d{3}"
# a begrotingshoofdstuk: roman numeral, possibly split in A/B ("36 200 VII", "36 200-IXB", "31 700-IIB"), or a letter
# (a fund: "36 410 A"); or a sub-dossier number after a dash ("21 501-20", "21501–02")
_CHAPTER = r"(?:[IVXL]+[AB]?|[A-Z])"
_SUFFIX = rf"(?:\s?{DASH}\s?(?:{_CHAPTER}|\d{{1,2}})|\s?{_CHAPTER})(?!\w)"
DOSSIER = rf"{_DIGITS}(?:{_SUFFIX})?"
# as cited, a dossier may also be written with a dot before its chapter ("31700.VIII"), the word "hoofdstuk"
# ("19 700 hoofdstuk XV") or a thousands dot ("35.867", "31.700XII"); a number with a thousands dot is an amount
# ("12.000, nr. 5") unless it follows a bracket, "motie"/"amendement" or a head naming chamber or session
_CITED_SUFFIX = rf"(?:{_SUFFIX}|(?:\.|\s[Hh]oofdstuk\s){_CHAPTER}(?!\w))"
_CITED_DOSSIER = rf"{_DIGITS}(?:{_CITED_SUFFIX})?"
_DOTTED_DOSSIER = rf"\d{{2}}\.\d{{3}}(?:{_CITED_SUFFIX})?"
_AFTER_CUE = r"(?:(?<=\()|(?<=[Mm]otie\s)|(?<=[Aa]mendement\s))"
# a rijkswet carries a second number in brackets, which does not name the Kamerstuk: "34 356 (R2064)"
_RIJKSWET = r"(?:\s?\(R\s?\d{3,4}\))?"
# joint dossiers "31 293 en 31 289", "36 222/31 015", "29 762 e.a.": the first one names the Kamerstuk
_JOINT = rf"{_RIJKSWET}(?P<joint>(?:\s?(?:en|/)\s?{_CITED_DOSSIER}{_RIJKSWET})*)(?:\se\.a\.)?"
# the chapters joined by "en" in a joint citation: "34 100 A en 34 100 B" (the same dossier number, another chapter)
_JOINED_CHAPTER = re.compile(rf"\sen\s?(?P<dossier>{_CITED_DOSSIER})")

_NR = r"(?:[Ss]tuk\s?)?(?:[Nn]rs?|[Nn]ummers?)\.?"
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december")
# a number that is really a day, an amount or a decimal is not an ondernummer; nor is a number with a letter
# ("nr. 42e", "nr. 188b": the Eerste Kamer's lettered stukken have no ondernummer)
_NOT_AFTER_NUMBER = (rf"(?![\dA-Za-z]|[.,]\d|\s?%|\s\d|\s(?:{_MONTHS}|procent|miljoen|miljard|euro|jaar)\b)")
_NUM = rf"\d{{1,5}}{_NOT_AFTER_NUMBER}"
# a list of ondernummers: "7", "7 en 21", "383, 348 en 309", "3 t/m 5", "1–3", "7 en nr. 21"
_LIST_SEP = rf"(?:\s?,\s?|\s(?:en|t/m|tot\sen\smet)\s|\s?{DASH}\s?)(?:{_NR}\s?)?"
# (a list item followed by ", nr." or a dash is the next dossier: "nr. 47 en 36 760, nr. 16")
NUMBERS = rf"{_NUM}(?:{_LIST_SEP}{_NUM}(?!,?\s?{_NR}|\s?{DASH}))*"
# a page reference after the number is part of the citation, never an ondernummer: "nr. 3, p. 7–8",
# "nr. 4, p. 12 en 13", "nr. 3, blz. 238-239", "nrs. 1–3 pag 4 e.v.", "nr. 80 pagina 123", "nr.3 pag.4"
_PAGE = (rf",?\s(?:p|pp|blz|pag|pagina|bladzijden?)\.?\s?\d+(?:\s?[/{_DASHES}]\s?\d+)?"
         rf"(?:(?:,\s?|\sen\s)\d+(?:\s?{DASH}\s?\d+)?)*(?:\se\.?\s?v\.?)?")
# more numbers of the same dossier after a page reference: "nr. 6, p. 15-16; nr. 7", "nr. 4, p. 12 en 13, en nr. 6"
_MORE = rf"(?:{_PAGE})?(?:\s?[;,]?\s(?:en\s)?{_NR}\s?{NUMBERS}(?:{_PAGE})?)*"

# the chamber: "Kamerstukken II", "Kamerstukken I", "Kamerstukken EK", "Kamerstukken Tweede Kamer" ("11" is "II" misread)
_CHAMBER = r"(?:I{1,2}|1{1,2}|2|EK|TK|Eerste\sKamer|Tweede\sKamer)(?![\w/])"
# the session: "2019/20", "2021/2022", "1999-2000", "2022–23", "vergaderjaar 2007-2008", "1985/- 86"
_YEAR = rf"(?:(?:[Vv]ergaderjaar|[Zz]itting)\s)?\d{{4}}\s?[/{_DASHES}]{{1,2}}\s?\d{{2,4}}"
_WORD = r"(?:[Bb]ijlage\sbij\s)?[Kk]amerstuk(?:ken)?"
# "Kamerstuk", "Kamerstukken II 2019/20,", "Bijlage bij Kamerstuk", "TK 2019-2020,": kept in the citation text
_KAMERSTUK = (rf"(?:{_WORD}(?:\s{_CHAMBER})?,?(?:\s+{_YEAR},?)?"
              rf"|(?:TK|EK|Tweede\sKamer|Eerste\sKamer),?\s+{_YEAR},?)\s+")
# a head that names the chamber or the session, after which a bare number is an ondernummer ("…, 31459, 22")
_FULL_HEAD = (rf"(?:{_WORD}\s{_CHAMBER},?(?:\s+{_YEAR},?)?|{_WORD},?\s+{_YEAR},?"
              rf"|(?:TK|EK|Tweede\sKamer|Eerste\sKamer),?\s+{_YEAR},?)\s+")
_BEFORE = r"(?<![\w.,/\u20ac$-])(?<!\u20ac\s)"

# 0. Handelingen cited with a dossier are no Kamerstuk ("Handelingen II, 1995-1996, 24 692, nr. 3"): taken, not kept
HANDELINGEN = re.compile(
    rf"(?:Aanhangsel\s(?:van\sde\s)?)?Handelingen(?:\s{_CHAMBER})?,?\s+{_YEAR},?\s+"
    rf"(?P<dossier>{_CITED_DOSSIER}),?\s{_NR}\s?(?P<numbers>\d{{1,5}}\w*)")
# 1. "(Kamerstuk) 35 207, nr. 29", "Kamerstukken II 2019/20, 35 207, nrs. 7 en 21", "31 293 en 31 289, nr. 653"
DOSSIER_THEN_NUMBERS = re.compile(
    rf"(?:{_KAMERSTUK})?{_BEFORE}(?P<dossier>{_CITED_DOSSIER}|{_AFTER_CUE}{_DOTTED_DOSSIER}){_JOINT}"
    rf",?\s{_NR}\s?(?P<numbers>{NUMBERS}{_MORE})")
# 2. "de motie op stuk nr. 1181 (33 529)", "nr. 36 (36 410)"
NUMBER_THEN_DOSSIER = re.compile(rf"{_BEFORE}{_NR}\s?(?P<numbers>{_NUM})\s\((?P<dossier>{DOSSIER})\)")
# 3. "motie-Thijssen c.s. op stuk nr. 292, 33576" (only after "stuk nr.": a bare "nr. 12, 20 000" is no citation)
STUK_NUMBER_COMMA_DOSSIER = re.compile(
    rf"{_BEFORE}stuk\s?nr\.?\s?(?P<numbers>{_NUM}),\s(?P<dossier>{DOSSIER})(?![\w,.]|\s?{DASH}|\s{_NR})")
# 4. "Kamerstuk 29683–282", "Kamerstuk 21501-20-1606", "Kamerstuk 36 410-XVI-12", "Kamerstuk 36600 XIV-61" (the
#    chapter after a space, a Brief regering subject of ../shared, forms-15d C) (compact: only right after the
#    word Kamerstuk; a dossier written with a space needs its suffix, "Kamerstukken 21 501-20" names a dossier; a number
#    with a leading zero is a sub-dossier: "Kamerstukken 21501-02" cites no stuk)
_COMPACT_SUB = rf"(?:{_CHAPTER}|\d{{1,2}})"
COMPACT = re.compile(
    rf"{_WORD}(?:\s{_CHAMBER})?,?(?:\s{_YEAR},?)?\s"
    rf"(?P<dossier>\d{{5}}(?:{DASH}{_COMPACT_SUB})?|{_DIGITS}{DASH}{_COMPACT_SUB}|{_DIGITS}\s{_CHAPTER}){DASH}"
    rf"(?P<numbers>[1-9]\d{{0,4}}(?:(?:(?:,\s?|\sen\s)[1-9]\d{{0,4}})+(?=\s?\)))?)"
    rf"(?![\w{_DASHES}]|[.,]\d|,?\s?{_NR})")
# 4b. the compact form alone in brackets, without the word Kamerstuk: a ministry's list of open motions ("Motie Van
#    Dijk c.s. over de dienstregeling (22026-224).", forms-15c A) and the Kamer's lists ("(35300-VII-14)"). Only the
#    whole bracket, five-digit dossier and an ondernummer without a leading zero ("(21501-02)" names a sub-dossier).
BARE_COMPACT = re.compile(
    rf"(?<=\()(?P<dossier>\d{{5}}(?:{DASH}(?:[IVXL]+[AB]?|[A-Z]))?){DASH}(?P<numbers>[1-9]\d{{0,4}})(?=\))")
# a dossier that exists only split into sub-dossiers (21 501 Raad van de Europese Unie: 21 501-02, 21 501-20, 21 501-30,
# ...): its compact form with a two-digit part names a sub-dossier, never a stuk ("de motie (21501-20)" is a motion of
# the dossier of the Europese Raad, not stuk nr. 20 of 21 501)
SPLIT_DOSSIERS = frozenset({"21501"})
_SUB_DOSSIER_PART = 100  # the part after the dash of a split dossier's compact form is a sub-dossier below this

# 5. official identifiers "kst-35207-32", "kst-36800-XIV-80", "kst-21501-20-1606"
KST_ID = re.compile(rf"(?<![\w-]){KST_ID_PATTERN}(?![\w-])", re.IGNORECASE)
# 6. after a head naming chamber or session, "nr." may be left out and the dossier written with a thousands dot:
#    "Kamerstukken II, 2008/09, 31700.VIII, 32", "Tweede Kamer 2008-2009, 31459, 22", "Kamerstuk TK 31.700XII, 6"
#    (a letter there is an Eerste Kamer stuk without ondernummer: "Kamerstukken I 2009-10, 31 560, C" is skipped)
HEAD_DOSSIER_NUMBER = re.compile(
    rf"{_FULL_HEAD}{_BEFORE}(?P<dossier>{_CITED_DOSSIER}|{_DOTTED_DOSSIER}){_JOINT}"
    rf"(?:,\s?(?P<bare>{_NUM})(?!\s?{DASH}|,?\s?{_NR})|,?\s{_NR}\s?(?P<numbers>{NUMBERS}{_MORE}))")

# 7. a table flattened to text glues the Vindplaats cell to the word before it: "exportsubsidies op tabak99 956 XVII,
#    nr. 30" (only with the dossier's space and ", nr.": the cell as written)
GLUED_CELL = re.compile(
    rf"(?P<dossier>\d{{2}}(?<=[a-zà-ÿ]\d\d)[ \u00a0]\d{{3}}(?:{_CITED_SUFFIX})?),\s{_NR}\s?(?P<numbers>{NUMBERS})")

# 8. an Eerste Kamer stuk numbered by letter, as a motion of that chamber is cited: "(34 100, letter C)", "(Kamerstuk
#    35 526, L)", "(Kamerstukken I 2018/19, 35 300, A)", "(Kamerstuknr. 2012-2013, 33 400, B)", "(22.112 / 31.544, CK)"
#    (forms-15b B). No ondernummer, so no Citation and no reference; :func:`iter_lettered` gives them to the motion
#    mentions, whose motion is then one of that dossier without a number. After a head, or in brackets, or with the
#    word "letter": a bare "35 300, A" in running text is left alone.
#    The Eerste Kamer also numbers dossiers that are no bill with a roman numeral ("CII", "CXIX"): cited alone after a
#    session in brackets ("(2012-2013, CII, B)") or after another dossier and a slash ("(EK 34.300 IV / CXIX, P)", the
#    eerstekamer.nl form, with the head "EK" and no session). Several letters of one dossier in one bracket are as
#    many stukken: "(31 200 IIA, E, F, en G)" cites E, F and G (forms-15c B).
_LETTER_HEAD = rf"(?:{_KAMERSTUK}|EK\s+|[Kk]amerstuknr\.?\s+(?:{_YEAR},?\s+)?|(?<=\(){_YEAR},?\s+)"
_EK_ROMAN = r"[CLXVI]{2,}(?![\w.])"
_ONE_LETTER = r"[A-Z]{1,3}(?![\w.])"
_LETTERS = rf",\s(?P<word>letter\s)?(?P<letter>{_ONE_LETTER})(?P<more>(?:,\s?{_ONE_LETTER})*(?:,?\sen\s{_ONE_LETTER})?)"
LETTERED = re.compile(
    rf"(?:{_LETTER_HEAD}|(?<=\())?{_BEFORE}(?P<dossier>{_CITED_DOSSIER}|{_DOTTED_DOSSIER})"
    rf"(?:\s?/\s?(?:{_CITED_DOSSIER}|{_DOTTED_DOSSIER}|{_EK_ROMAN}))?{_LETTERS}")
# the roman-numeral dossier alone, only after a session: "(2012-2013, CII, B)", "Kamerstuknr. 2012-2013, CII, B"
LETTERED_ROMAN = re.compile(
    rf"(?:(?<=\(){_YEAR}|[Kk]amerstuk(?:ken|nr\.?)?(?:\s(?:I|EK))?,?\s+{_YEAR}),?\s+(?P<dossier>{_EK_ROMAN}){_LETTERS}")
_MORE_LETTERS = re.compile(_ONE_LETTER)


def iter_lettered(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Eerste Kamer stukken cited by dossier and letter: (dossier key, letter, start, end), in text order; only with
    a head ("Kamerstuk(ken) ...", "Kamerstuknr.", a session in brackets), right after a bracket, or with "letter"."""
    if not may_match(LETTERED, text):  # both need a letter after a comma: ", C"
        return
    # led by a look at the characters a match can start with (the same matches, tried at far fewer places)
    found = [m for m in quick(LETTERED).finditer(text)
             if m.start() < m.start("dossier") or text[max(0, m.start() - 1):m.start()] == "(" or m.group("word")]
    if found:  # a roman-numeral dossier only where no match above stands (found is in text order, not overlapping)
        starts = [f.start() for f in found]
        found += [m for m in LETTERED_ROMAN.finditer(text) if not _inside(found, starts, m.start())]
    else:
        found = list(LETTERED_ROMAN.finditer(text))
    for m in sorted(found, key=lambda m: m.start()):
        for letter in [m.group("letter"), *_MORE_LETTERS.findall(m.group("more"))]:
            yield dossier_key(m.group("dossier")), letter, m.start(), m.end()


def _inside(found: list[re.Match[str]], starts: list[int], at: int) -> bool:
    """Does offset ``at`` lie inside one of ``found`` (matches in text order, not overlapping; ``starts``: theirs)?"""
    i = bisect_right(starts, at)
    return bool(i) and at < found[i - 1].end()


# a line that ends asking for a number ("... Kamerstuk 25 883, nr."): the number on the next line belongs to it
WANTS_NUMBER = re.compile(r"(?:\b(?:nrs?|nummers?|blz|pag|p|art|item)\.?|,)\s*$", re.IGNORECASE)

# tried in this order; a later pattern never takes text an earlier one matched
PATTERNS: tuple[re.Pattern[str], ...] = (KST_ID, HANDELINGEN, DOSSIER_THEN_NUMBERS, NUMBER_THEN_DOSSIER,
                                    STUK_NUMBER_COMMA_DOSSIER, COMPACT, BARE_COMPACT, HEAD_DOSSIER_NUMBER, GLUED_CELL)
# patterns that take their text but cite no Kamerstuk
NOT_KAMERSTUKKEN: frozenset[re.Pattern[str]] = frozenset({HANDELINGEN})

# every pattern but the official identifier needs a dossier number's five digits ("35 207", "35207", "35.207"); a
# text without them (most motions) is searched for identifiers only, and one without "kst-" not at all
_DOSSIER_DIGITS = re.compile(r"\d{2}[ \u00a0\u202f\u2009.]?\d{3}")
_KST = re.compile("kst-", re.IGNORECASE)

_RANGE = re.compile(rf"(\d+)\s(?:t/m|tot\sen\smet)\s(?:{_NR}\s?)?(\d+)")
_DASH_RANGE = re.compile(rf"(\d+)\s?{DASH}\s?(?:{_NR}\s?)?(\d+)")
_PAGE_RE = re.compile(_PAGE)
_INT = re.compile(r"\d+")
_MAX_RANGE = 100


def numbers(spec: str) -> list[int]:
    """The ondernummers in a list as written: "7 en 21" -> [7, 21]; "3 t/m 5" -> [3, 4, 5]; "1–3" -> [1, 2, 3].

    Page references are not ondernummers ("6, p. 15-16; nr. 7" -> [6, 7]). Ranges spanning more than 100
    numbers are not filled in (only the ends of a "t/m" range are kept; of a dash range only its first number).
    """
    spec = _PAGE_RE.sub(" ", spec)
    out = {int(x) for x in _INT.findall(spec)}
    for m in _RANGE.finditer(spec):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + _MAX_RANGE:
            out.update(range(a + 1, b))
    for m in _DASH_RANGE.finditer(spec):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + _MAX_RANGE:
            out.update(range(a + 1, b))
        else:
            out.discard(b)
    return sorted(out)


@dataclass(frozen=True)
class Citation:
    """One Kamerstuk as cited: normalised dossier, ondernummer, the citation text and its offset."""

    dossier: str
    number: int
    text: str
    start: int
    end: int


def _dossiers(first: str, joint: str) -> list[str]:
    """The dossiers whose stukken a citation names: the first, and each chapter of the same dossier number joined
    to it by "en" ("34 100 A en 34 100 B"); another dossier number joined to it names the same stuk."""
    key = dossier_key(first)
    base = key.split("-")[0]
    out = [key]
    for m in _JOINED_CHAPTER.finditer(joint):
        other = dossier_key(m.group("dossier"))
        if other.split("-")[0] == base and other != key and "-" in other and other not in out:
            out.append(other)
    return out


class _Taken:
    """The spans matched so far (none overlapping another), sorted: a new span is looked up, not compared with
    each (a text of many citations would make that quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        """Keep the span unless it overlaps one kept; whether it was kept."""
        i = bisect_left(self.starts, end)  # the spans before i start before this one ends
        if i and self.ends[i - 1] > start:
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


def _patterns_for(text: str) -> tuple[re.Pattern[str], ...]:
    """The patterns that can match in ``text`` (a cheap look first: see :data:`_DOSSIER_DIGITS`)."""
    if _DOSSIER_DIGITS.search(text):
        return PATTERNS
    return (KST_ID,) if _KST.search(text) else ()


def iter_citations(text: str) -> Iterator[Citation]:
    """Every Kamerstuk cited in ``text``, in order of appearance; overlapping patterns yield once. (The stages
    of one document ask for the citations of its text and footnotes more than once: those of the texts asked
    for lately are kept, for those very string objects, in a cache bounded in bytes.)"""
    kept = _recent.get(id(text))
    if kept is not None and kept[0] is text:  # the same object: the same text (the result depends on it alone)
        yield from kept[1]
        return
    found = _find_citations(text)
    _recent.put(id(text), (text, found))
    yield from found


# the citations of the texts asked for lately (a document's text and its footnotes), by the text object
_recent = ByteLRU(4_000_000, size=lambda kept: sys.getsizeof(kept[0]) + 200 * (1 + len(kept[1])))


def _names_sub_dossier(m: re.Match[str]) -> bool:
    """A compact citation of a split dossier with a two-digit part: "(21501-20)" names the sub-dossier 21 501-20."""
    if dossier_key(m.group("dossier")) not in SPLIT_DOSSIERS:
        return False
    return min(numbers(m.group("numbers")), default=_SUB_DOSSIER_PART) < _SUB_DOSSIER_PART


def _find_citations(text: str) -> list[Citation]:
    taken = _Taken()
    found: list[Citation] = []
    for pattern in _patterns_for(text):
        if not may_match(pattern, text):  # a string every match holds is absent ("Handelingen", "kst-")
            continue
        # led by a look at the characters it can start with: the same matches, tried at far fewer places
        for m in quick(pattern).finditer(text):
            s, e = m.span()
            if not taken.add(s, e):
                continue
            if pattern in NOT_KAMERSTUKKEN:
                continue
            cited = m.group(0)
            groups = m.groupdict()
            if pattern in (COMPACT, BARE_COMPACT) and _names_sub_dossier(m):
                continue
            for key in _dossiers(m.group("dossier"), groups.get("joint") or ""):
                for n in numbers(groups.get("numbers") or groups.get("number") or groups.get("bare") or ""):
                    found.append(Citation(key, n, cited, s, e))
    found.sort(key=lambda c: (c.start, c.number))
    return found
