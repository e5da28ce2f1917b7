"""The kop (cover block) of a Kamerstuk: the lines that identify the publication, above its own text.

As printed (PDF first page, officielebekendmakingen page), one line or more each:

- the chamber: "Tweede Kamer der Staten-Generaal 2" (the 2 of the logo), "Eerste Kamer der Staten-Generaal";
- the session: "Vergaderjaar 2024–2025";
- the dossier(s): "99 901 Klimaatadaptatie", "21 501-20 Europese Raad", "33 000 XIII Vaststelling van de
  begrotingsstaten ..." (a long dossier title may wrap), "35 207" and "China" on lines of their own, an
  Eerste Kamer dossier "CII Nota «Bestuur in samenhang ...»";
- the ondernummer with the document title: "Nr. 14 BRIEF VAN DE MINISTER VAN ...", or "Nr. 65" and the
  title in capitals on the next line(s); an Eerste Kamer letter ondernummer: "E BRIEF VAN DE MINISTER ...";
- the colophon at the foot of the first page: "kst-35207-32", "ISSN 0921 - 7371", "’s-Gravenhage 2019";
- and on every page the running header or footer: "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8".

:func:`kop_lines` finds these lines at the top of a text. The kop ends where the document's own text
begins: the addressee ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"), the place and date
("Den Haag, 2 april 2025", "Voorgesteld 12 maart 2025") or the first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from kamerspoor.rules.citations import DOSSIER
from kamerspoor.rules.identifiers import DASH as _DASH
from kamerspoor.rules.identifiers import KST_ID_PATTERN, KST_ID_PLAIN

CHAMBER = re.compile(r"^(?:Tweede|Eerste)\sKamer\sder\sStaten-Generaal(?:\s\d)?$")
SESSION = re.compile(rf"^(?:(?:Tweede|Eerste)\sKamer\sder\sStaten-Generaal(?:\s\d)?\s)?Vergaderjaar\s\d{{4}}\s?{_DASH}\s?\d{{4}}$")
# a dossier number, alone or with its title ("35 207", "99 901 Klimaatadaptatie", "21 501-20 Europese Raad",
# "36 200 V", "33 000 XIII Vaststelling ...")
DOSSIER_LINE = re.compile(
    rf"^\d{{2}}\s?\d{{3}}(?:\s?{_DASH}\s?(?:\d{{1,2}}|[IVXLC]+|[A-Z])|\s[IVXLC]+|\s?[A-Z])?(?:\s+[A-ZÀ-Ý«\"'(\d].*)?$")
# an Eerste Kamer dossier numbered in roman numerals ("CII Nota ...")
ROMAN_DOSSIER_LINE = re.compile(r"^[CLXVI]{2,}\s+[A-ZÀ-Ý«\"'(].*$")
# the words a Kamerstuk title starts with (after the ondernummer)
TITLE_START = (r"(?:(?:NADER|TWEEDE|DERDE|VIERDE|GEWIJZIGDE?|AANVULLENDE?|VOORLOPIG|HERDRUK\w*)\s+)*"
               r"(?:MOTIE|BRIEF|LIJST|ANTWOORD|ANTWOORDEN|VERSLAG|EINDVERSLAG|NOTA|AMENDEMENT|MEMORIE|VOORSTEL|ADVIES|JAARVERSLAG|"
               r"VERSLAG|KONINKLIJKE\sBOODSCHAP|BIJLAGE|VERANTWOORDING|RAPPORT)\b")
# "Nr. 14 BRIEF VAN ...", "Nr. 65", "E BRIEF VAN ..." (Eerste Kamer: letters for numbers)
NUMBER_LINE = re.compile(rf"^(?:Nr\.\s?\d{{1,5}}(?:\s+{TITLE_START}.*)?|[A-Z]{{1,3}}\s+{TITLE_START}.*)$")
# the kop of an older page rendering (rijksbegroting.nl) on one line: dossier, suffix, ondernummer and title, the
# dossier without its space and the title in capitals or not: "35000 VII 96 BRIEF VAN DE MINISTER VAN ...",
# "34300 J 32 Brief van de minister van infrastructuur en milieu"
GLUED_KOP = re.compile(
    rf"^(?P<dossier>\d{{5}}(?:\s(?:[IVXLC]+[AB]?|[A-Z]))?)\s(?P<number>\d{{1,5}})\s(?P<title>(?i:{TITLE_START}).*)$")
TITLE_LINE = re.compile(rf"^{TITLE_START}[^a-zà-ÿ]*$")
# the colophon at the foot of the first page, as printed: "kst-35207-32", "ISSN 0921 - 7371", "’s-Gravenhage 2019"
COLOPHON_ITEM = rf"(?:{KST_ID_PLAIN}|ISSN\s+\d{{4}}\s*-\s*\d{{3}}[\dX]|[’']s-Gravenhage\s+\d{{4}})"
COLOPHON = re.compile(rf"^{COLOPHON_ITEM}$")
COLOPHON_LINE = re.compile(rf"^{COLOPHON_ITEM}(?:\s+{COLOPHON_ITEM})*$")  # items run together on one line
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# the series label printed in the kop of the PDF ("Kamerstukken")
LABEL = re.compile(r"^Kamerstuk(?:ken)?$")
# the kop is looked for among the first lines only
MAX_KOP_LINES = 14
# a dossier title wraps over at most this many lines
MAX_TITLE_CONTINUATION = 3


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _framing(t: str) -> bool:
    """A line that may stand above the kop's title: chamber, session, colophon, series label."""
    return bool(CHAMBER.match(t) or SESSION.match(t) or COLOPHON.match(t) or LABEL.match(t))


def kop_lines(lines: Sequence[str]) -> list[int]:
    """Indices of the kop's lines among ``lines`` (blank lines allowed between them); [] when the text
    does not open with a kop.

    A kop is recognised by its ondernummer line ("Nr. 14 BRIEF ...", "Nr. 65", "E BRIEF ...") or a title in
    capitals starting with a document kind, preceded only by chamber, session, page-number, colophon and
    dossier lines (a dossier title may wrap over a few lines). Without such a line only a leading chamber
    and session line are taken ("Tweede Kamer der Staten-Generaal", "Vergaderjaar 2022–2023").
    """
    filled = list(islice((i for i, line in enumerate(lines) if line.strip()), MAX_KOP_LINES))
    texts = [" ".join(lines[i].split()) for i in filled]
    anchor = next((k for k, t in enumerate(texts) if NUMBER_LINE.match(t) or TITLE_LINE.match(t)
                   or GLUED_KOP.match(t)), None)
    if anchor is None:
        out = []
        for i, t in zip(filled, texts, strict=False):
            if not _framing(t):
                break
            out.append(i)
        return out
    if not _all_kop(texts[:anchor]):
        return []
    end = anchor + 1
    # "Nr. 65" + "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN"; a title in capitals that wraps;
    # after a glued kop line, "Vergaderjaar 2018-2019" and "Nr. 96" on lines of their own
    while end < len(texts) and ((_caps(texts[end]) and not texts[end].startswith(("AAN DE VOORZITTER",)))
                                or _framing(texts[end]) or BARE_NUMBER.match(texts[end])):
        end += 1
    return filled[:end]


# the glued kop line among others (parse reads dossier, number and title from it)
KOP_GLUED = re.compile(GLUED_KOP.pattern, re.MULTILINE)
# "Nr. 96" alone on a line
BARE_NUMBER = re.compile(r"^[Nn]r\.\s?\d{1,5}$")


def starts_kop(line: str) -> bool:
    """A line that can open the kop: chamber, session, a dossier line, the ondernummer line or a glued kop line."""
    t = " ".join(line.split())
    return bool(CHAMBER.match(t) or SESSION.match(t) or DOSSIER_LINE.match(t) or NUMBER_LINE.match(t)
                or TITLE_LINE.match(t) or GLUED_KOP.match(t))


def _all_kop(texts: list[str]) -> bool:
    """Every line above the kop's anchor is kop: framing, page numbers, dossier lines and a dossier title that
    wraps over a few lines."""
    after_dossier = None  # lines since the last dossier line
    for t in texts:
        if _framing(t) or _PAGE_NUMBER.match(t):
            continue
        if DOSSIER_LINE.match(t) or ROMAN_DOSSIER_LINE.match(t):
            after_dossier = 0
            continue
        if after_dossier is not None and after_dossier < MAX_TITLE_CONTINUATION:
            after_dossier += 1
            continue
        return False
    return True


# -- the running header ----------------------------------------------------------------------------------------

# "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32", at the head or foot of every page (the ondernummer is
# left out on some): session years, dossier and number. The clean stage takes lines that are nothing else
# (:data:`RUNNING_HEADER_LINE`), parse reads the facts from them (:data:`RUNNING_HEADER`).
RUNNING_HEADER_PATTERN = (
    rf"(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+(?P<y1>\d{{4}})\s*{_DASH}\s*(?P<y2>\d{{4}}),\s*"
    r"(?P<dossier>\d{1,3}(?:\s?\d{3})*(?:(?:\s*[-–]\s*|\s+)(?:[A-Z]{1,6}|\d{1,3})\b)?)"
    r"(?:,\s*(?:nr|stuk)\.?\s*(?P<number>\d{1,5})(?!\d))?")
# a line that is a running header or footer: page numbers and the first page's colophon may run into it
RUNNING_HEADER_LINE = re.compile(
    rf"^(?:(?:\d{{1,4}}|{COLOPHON_ITEM})\s+)*{RUNNING_HEADER_PATTERN}(?:\s+\d{{1,4}})?$")
RUNNING_HEADER = re.compile(RUNNING_HEADER_PATTERN, re.IGNORECASE)

# -- the facts the kop states (read by parse) ------------------------------------------------------------------

# "Vergaderjaar 2019–2020" (capitalised: the kop line, not "in het vergaderjaar 2019-2020" in a sentence)
KOP_SESSION = re.compile(rf"\bVergaderjaar\s(?P<y1>\d{{4}})\s?{_DASH}\s?(?P<y2>\d{{4}})\b")
KOP_NUMBER = re.compile(r"(?:^|\s)Nr\.\s?(?P<number>\d{1,5})\b")
KOP_DOSSIER = re.compile(rf"(?<![\w.,/])(?P<dossier>{DOSSIER})(?=\s|$)")
# the kop as printed on the officielebekendmakingen page, without the "Vergaderjaar" line:
# "19 637 Vreemdelingenbeleid" (dossier and its title on a line of their own), then "Nr. 2302 BRIEF VAN ..."
KOP_DOSSIER_LINE = re.compile(rf"^[^\S\n]*(?P<dossier>{DOSSIER})[^\S\n]+[A-ZÀ-Ý«\"'(]", re.MULTILINE)
KOP_NUMBER_TITLE = re.compile(r"(?:^|\n)[^\S\n]*Nr\.\s?(?P<number>\d{1,5})\s+(?=(?:NADER\s|GEWIJZIGDE\s|[A-Z]+\s)?"
                              r"(?:MOTIE|BRIEF|LIJST|VERSLAG|EINDVERSLAG|NOTA|AMENDEMENT|MEMORIE|VOORSTEL|ADVIES|JAARVERSLAG)\b)")
# the page's table of facts: "Tweede Kamer der Staten-Generaal | 2013-2014 | 21501-20 nr. 907" (the cells
# may run together: "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907")
PAGE_FACTS = re.compile(
    rf"(?:Tweede|Eerste)\sKamer\sder\sStaten-Generaal\s*\|?\s*(?P<y1>\d{{4}})\s?{_DASH}\s?(?P<y2>\d{{4}})\s*\|?\s*"
    r"(?P<dossier>\d{5}(?:-?(?:[IVXL]+|[A-Z]|\d{1,2}))?)\s+nr\.\s?(?P<number>\d{1,5})\b")
# an older page's kop with its parts on lines of their own and no "Vergaderjaar": "99 944" (or "99 944 Huurbeleid"),
# the dossier's title, then "nr. 6" (lower case) and the title in capitals on the next line
KOP_DOSSIER_THEN_NUMBER = re.compile(
    rf"^[^\S\n]*(?P<dossier>{DOSSIER})(?:[^\S\n]+[^\n]*)?\n(?:[^\n]*\n){{0,3}}?[^\S\n]*[Nn]r\.\s?(?P<number>\d{{1,5}})\b",
    re.MULTILINE)
# the official id alone on a line: "kst-35207-32"
KOP_KST_ID = re.compile(r"^\s*" + KST_ID_PATTERN + r"\s*$", re.MULTILINE)
# the titles a kop prints in capitals (the kind each names is in kinds.yaml); the title runs on in capitals:
# "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN" (it stops before "Aan de Voorzitter")
KOP_TITLE_STARTS = (
    r"(?:NADER\s)?(?:GEWIJZIGDE\s)?MOTIE\sVAN", r"BRIEF\sVAN", r"LIJST\sVAN\sVRAGEN\sEN\sANTWOORDEN",
    r"ANTWOORD(?:EN)?\s(?:OP|VAN)\b", r"(?:EIND|VOORLOPIG\s)?VERSLAG", r"NOTA\b",
    r"(?:AMENDEMENT|MEMORIE\sVAN\sTOELICHTING|VOORSTEL\sVAN\sWET|ADVIES\sRAAD\sVAN\sSTATE|JAARVERSLAG)",
)
KOP_TITLE = re.compile(
    r"(?P<title>\b(?:" + "|".join(KOP_TITLE_STARTS) + r")"
    r"(?:[\s,.'’()\-–]+[A-ZÀ-Ý0-9][A-ZÀ-Ý0-9'’\-–]*(?![a-zà-ÿ]))*(?:(?<=\b[A-Z])\.)?)")
# a title in capitals hyphenated at a line break: "... EN ONT-" + "WIKKELINGSHULP"
TITLE_BREAK = re.compile(r"(?P<left>[A-ZÀ-Ý]+)-[^\S\n]*\n\s*(?P<right>[A-ZÀ-Ý]+)\b")

# -- lines of the kop and the page, as clean reads them --------------------------------------------------------

# the lines of a Kamerstuk's kop, each a paragraph of its own in text without blank lines: "34 700
# Kabinetsformatie 2017", "Nr. 65", "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN", "Aan de
# Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 25 september 2019"
KOP_LINE = re.compile(
    r"^(?:Nr\.\s?\d{1,5}\b.{0,120}|Aan\sde\sVoorzitter\svan\sde\s(?:Tweede|Eerste)\sKamer\b.{0,40}"
    r"|Den\sHaag,\s\d{1,2}\s[a-z]+\s\d{4}|\d{2}\s?\d{3}(?:\s?[-–]\s?\d{1,2}|\s[IVXL]+|\s?[A-Z])?\s[A-Z«][^.!?]{0,150}"
    r"|[A-ZÀ-Ý][A-ZÀ-Ý0-9 ,.'’()\-–]{11,})$")
# a page number alone on a line: "8", "- 8 -", "pagina 3 van 12", "blz. 4", "p. 2/9"
PAGE_NUMBER_LINE = re.compile(
    r"^(?:[-–]?\s*\d{1,4}\s*[-–]?|(?:pagina|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|/)\s*\d{1,4})?)$", re.I)
