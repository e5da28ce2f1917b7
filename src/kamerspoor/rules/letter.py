"""The layout of a Kamerstuk's own text: its date line, signature, salutation and section headings.

Dutch conventions that :mod:`kamerspoor.parse` reads the document with (the kop and running headers above the
text are :mod:`kamerspoor.rules.kop`; the cues of each kind of document are ``kinds.yaml``):

- the date: "Den Haag, 11 november 2019", "Voorgesteld 24 april 2025", "Vastgesteld 5 maart 2020",
  "Voorgesteld tijdens het wetgevingsoverleg van 30 juni 2025";
- the signature: "De Minister van Buitenlandse Zaken, S.A. Blok", "De Staatssecretaris van Financiën,\\nJ.A.
  Vijlbrief" (the signer's surname is the document's submitter);
- headings: roman-numbered ("I. De mensenrechtensituatie in China"), arabic-numbered ("2. Inzet", "2.3
  Sancties"), the labels of written questions and answers ("Vraag 3", "Antwoord op vraag 3"), and unnumbered
  short lines; never a salutation, closing, kop line, signature or date, nor a line that ends in a function word.
"""

from __future__ import annotations

import re

from kamerspoor.rules.dates import MONTHS

_MONTH = "|".join(MONTHS)

# a date as written: "11 november 2019"
DATE = re.compile(rf"\b(?P<day>\d{{1,2}})\s(?P<month>{_MONTH})\s(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# the date of the document: "Den Haag, 11 november 2019", "Voorgesteld 24 april 2025", "Vastgesteld 5 maart 2020"
# ("Voorgesteld tijdens het wetgevingsoverleg van 30 juni 2025")
DATE_LINE = re.compile(rf"(?:Den\sHaag|’s-Gravenhage|'s-Gravenhage|Voorgesteld|Vastgesteld|Ontvangen)\s?,?\s"
                       rf"(?:[^\n\d]{{0,80}}?\s)?(?P<date>\d{{1,2}}\s(?:{_MONTH})\s\d{{4}})", re.IGNORECASE)

# signature: "De Minister van Buitenlandse Zaken, S.A. Blok", "De Staatssecretaris van Financiën,\nJ.A. Vijlbrief"
SIGNATURE = re.compile(
    r"\b(?:De|de)\s(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)(?:[^,\n]{0,120},\s+){1,3}?"
    r"(?P<initials>(?:[A-Z][a-z]?\.\s?){1,5})(?P<name>(?:(?:van|de|der|den|ter|ten|in\s't|’t|'t)\s)*"
    r"[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?)\b")

# -- headings ------------------------------------------------------------------------------------------------

# paragraphs that are never a section heading: salutation, closing, kop lines, signatures, dates, a Kamerstuk
# citation alone (the Vindplaats cell of a table: "Kamerstukken II 2020/21, 34 477, nr. 47")
NOT_A_HEADING = re.compile(
    r"^(?:Geachte|Hoogachtend|Met\svriendelijke|Aan\sde\s|Den\sHaag|Vergaderjaar|Tweede\sKamer|Eerste\sKamer|"
    r"Nr\.|kst-|ISSN|Kamerstuk(?:ken)?$|Kamerstuk(?:ken)?(?:\s(?:I{1,2}|EK|TK))?,?\s\d|De\sKamer\b|Voorgesteld|Vastgesteld|Datum|Betreft|Kenmerk|Uw\s(?:brief|kenmerk)|Bijlage|"
    r"(?:De|de)\s(?:Minister|Staatssecretaris|voorzitter|griffier|Voorzitter|Griffier)\b|"
    r"(?:[A-Z][a-z]?\.\s?){1,5}[A-Z]|\d{2}\s?\d{3}\b|(?:Vraag|Antwoord)(?:\s(?:op\svraag\s)?\d+)?$)")
# the label of a written question or its answer ("Vraag 3", "Antwoord 3", "Antwoord op vraag 3"): a section of
# its own, whatever follows (an answer may be just "Ja.")
QA_HEADING = re.compile(r"^(?:Vraag|Antwoord)(?:\s(?:op\svraag\s)?\d{1,3}[a-z]?)?$")
SALUTATION = re.compile(r"^Geachte\b")
ROMAN_HEADING = re.compile(r"^(?P<number>[IVX]{1,6})[.)]\s+(?P<heading>\S.*?)\s*$")
ARABIC_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})(?:\.?\s+|\.\s*)(?P<heading>[A-ZÀ-Ý“‘\"'«(].*?)\s*$")
# a heading ends without punctuation (a footnote marker of up to two digits may follow)
SENTENCE_END = re.compile(r"[.!?:;,]\s*[»\"'’”)\]]*\s*\d{0,2}\s*$")
PROSE_END = re.compile(r"[.!?]\s*[»\"'’”)\]]*\s*\d{0,2}\s*$")
LIST_START = re.compile(r"^(?:[-–•●▪*·]|\(?[a-z\d]{1,2}\)|[a-z]\.\s)")
# a line that ends in a function word is a sentence cut off, never a heading
FUNCTION_WORD_END = re.compile(
    r"\b(?:de|het|een|van|en|in|op|te|voor|met|dat|die|om|aan|tot|bij|naar|of|als|door|over|uit|is|zijn|wordt|"
    r"worden|dit|deze|zich|niet|ook|er|maar|waarbij|zoals)\s*$", re.IGNORECASE)
UPPER_START = re.compile(r"^[A-ZÀ-Ý]")
# a sentence starts with a capital or digit, "'s"/"'t" ("’s-Gravenhage", "’t Hooft") or a list mark
STARTS_SENTENCE = re.compile(r"^[\W\d_]*[A-ZÀ-Ý\d]|^[‘“\"'«(]?(?:’s|'s|'t|’t)\s|^(?:[-–•●▪*·]|\(?[a-z\d]{1,2}\))\s")
# a heading glued to the end of the paragraph before it ("... bevinden. Ruimte voor het maatschappelijk
# middenveld") when a page break hid the blank line: the last sentence is a short capitalised phrase
GLUED_HEADING = re.compile(r"[.!?][»\"'’”)\]]*\d{0,2}\s+(?P<tail>[A-ZÀ-Ý][^.!?:;,]{0,80})$")

# a footnote's body as printed at the foot of a page or the end of a web page: "1 Kamerstuk 35 207, nr. 13",
# "2 https://..."; an older page rendering (rijksbegroting.nl) writes "Noot 1: Kamerstuk 35 000 VII, nr. 18."
FOOTNOTE_LINE = re.compile(r"^(?:Noot\s(?P<noot>\d{1,3}):?\s+|(?P<number>\d{1,3})\s+)(?P<text>\S.*)$")

# the heading of the notes at the end of a web page's text
# (officielebekendmakingen pages write it "X Noot", the marker then on a line of its own above its text: forms-15c G)
NOTES_HEADINGS = frozenset({"noten", "voetnoten", "eindnoten", "noot", "voetnoot", "x noot", "x noten"})
BARE_NOTE_NUMBER = re.compile(r"^\d{1,3}$")
