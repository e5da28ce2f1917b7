"""The fixed phrases of a Tweede Kamer motion (motie), as compiled regular expressions.

A motion reads, after its title and the "Voorgesteld ..." line::

    De Kamer,
    gehoord de beraadslaging,
    constaterende dat ...;            <- considerations: participles ("-ende") and "van mening dat"
    overwegende dat ...;
    verzoekt de regering ...,         <- requests: finite verbs of the Kamer ("verzoekt", "spreekt uit")
    en gaat over tot de orde van de dag.
    Rikkers-Oosterkamp                <- signatories, one per line
    Ceder

Every phrase the motion parser (``kamerspoor.extract.motion_doc``) recognises lives here, with the
reason it is there; ``tests/test_motion_doc.py`` shows each on a real motion sentence.
"""

from __future__ import annotations

import re

from kamerspoor.rules.identifiers import kst_id

# -- title ---------------------------------------------------------------------------------------------

# "MOTIE VAN HET LID RIKKERS-OOSTERKAMP", "MOTIE VAN DE LEDEN VAN DER GRAAF EN CEDER",
# "GEWIJZIGDE MOTIE VAN HET LID PODT C.S. TER VERVANGING VAN DIE GEDRUKT ONDER NR. 3370",
# "NADER GEWIJZIGDE MOTIE ...", "TWEEDE NADER GEWIJZIGDE MOTIE ...". Real titles carry typos
# ("MOTIE VAN HET EL ABASSI", "MOTIE DE LEDEN ...", "MOTIE VAN LID ...", "GEWIJZGIDE MOTIE"), so the words
# between MOTIE and the names are optional.
TITLE = re.compile(
    r"(?P<kind>(?:(?:tweede|derde)\s+)?(?:nader\s+)?gewijzi?g\w*\s+)?\bmotie\s+"
    r"(?:van\s+)?(?:(?:de|het|he)\s+)*(?:(?:lid|leden|lden|liid|lidvan(?=\s))\s*)?"
    r"(?P<names>.*?)"
    r"(?:\s+ter\s+vervanging\b.*|\s*$)",
    re.IGNORECASE | re.DOTALL,
)
# the title names several members: "X EN Y", "X, Y EN Z"; "c.s." = and others (who sign below)
TITLE_NAME_SPLIT = re.compile(r"\s*,\s*|\s+en\s+", re.IGNORECASE)
TITLE_CS = re.compile(r"\s+c\.?\s?s\.?\s*$", re.IGNORECASE)

# "TER VERVANGING VAN DIE GEDRUKT ONDER NR. 22": the motion replaced, in the same dossier
REPLACES = re.compile(
    r"\bter\s+vervanging\s+van\s+(?:die|de\s+motie)\s+gedrukt\s+onder\s+(?:nr|nummer)\.?\s*(?P<number>\d+)",
    re.IGNORECASE,
)
# the title in the metadata / open data, a Zaak's Onderwerp: "Gewijzigde motie van het lid Ergin over ...
# (t.v.v. 26448-838)", "(t.v.v. 21501-20-1992)", "t.v.v. motie 36600-XVII-27"
REPLACES_TVV = re.compile(
    r"\bt\.\s?v\.\s?v\.?\s*(?:motie\s+)?(?P<dossier>\d+(?:-[0-9A-Za-z]+)*?)-(?P<number>\d+)(?![\w-])", re.IGNORECASE
)
# "Motie van de leden Van der Graaf en Ceder over ..." (metadata, mixed case): the names
DOCUMENT_TITLE_NAMES = re.compile(
    r"\bmotie\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<names>.+?)(?:\s+c\.\s?s\.)?(?:\s+over\b|\s+ter\b|\s*\(|$)",
    re.IGNORECASE)
# the title block: the word MOTIE in the title in capitals, or "motie" among a paragraph's first words; the
# title ends at the "Voorgesteld" line, the dictum or a number
TITLE_WORD = re.compile(r"\bMOTIE\b")
TITLE_START = re.compile(r"^(?:\w+\s+){0,3}motie\b", re.IGNORECASE)
TITLE_STOP = re.compile(r"^(?:Voorgesteld\b|De\s+Kamer\b|Nr\.)", re.IGNORECASE)
# a modified motion: gewijzigde / nader gewijzigde / tweede nader gewijzigde
MODIFIED = re.compile(r"\bgewijzi?g\w*\s+motie\b", re.IGNORECASE)

# -- "Voorgesteld ..." line ----------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(MONTHS)
DATE = re.compile(rf"\b(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "Voorgesteld 24 april 2025" (plenary) or "Voorgesteld tijdens het Notaoverleg van 30 september 2019"
# (in a committee debate: the debate is named, its date is the date proposed)
PROPOSED = re.compile(
    rf"\bVoorgesteld\s+(?:(?:tijdens|in|bij)\s+(?:het\s+|de\s+)?(?P<debate>[^\n]*?\b(?:{_MONTH})\s+\d{{4}})"
    rf"|(?P<date>\d{{1,2}}\s*(?:{_MONTH})\s+\d{{4}}))",
    re.IGNORECASE,
)

# -- the dictum ------------------------------------------------------------------------------------------

# "De Kamer," opens the dictum; everything before it is the title block. Looked for at the start of a line, else
# right before "gehoord", else anywhere.
OPENING = re.compile(r"(?:^|(?<=\s))De\s+Kamer\s*,", re.IGNORECASE)
OPENING_AT_LINE_START = re.compile(r"(?m)^[ \t]*De\s+Kamer\s*,")
OPENING_BEFORE_HEARD = re.compile(r"De\s+Kamer\s*,\s*(?=gehoord\b)", re.IGNORECASE)
# "gehoord de beraadslaging," is the fixed formula after "De Kamer,": not a consideration.
HEARD = re.compile(r"gehoord\s+(?:de|het)\s+beraadslaging(?:en)?\s*[,;]?", re.IGNORECASE)
# "en gaat over tot de orde van de dag." closes the dictum; the signatories follow.
CLOSING = re.compile(
    r"(?:en\s+)?ga(?:at|an)\s+over\s+tot\s+(?:de\s+)?orde\s+van\s+de\s+dag\s*[.,;]?", re.IGNORECASE
)

# Adverbs that may precede a consideration or a request: "voorts constaterende", "tevens van mening",
# "tot slot constaterende", "verzoekt tevens" (after the verb: part of the request).
_ADVERBS = (
    r"(?:(?:voorts|tevens|verder|daarnaast|eveneens|ook|bovendien|nogmaals|mede|echter|wel|"
    r"tot\s+slot|ten\s+slotte|tenslotte|allereerst|vervolgens|overigens|nog|en|ten\s+(?:eerste|tweede|"
    r"derde|vierde))\s*,?\s+)*"
)

# Considerations: what the Kamer observes, weighs or holds. Participles ("constaterende dat",
# "overwegende dat", "erkennende dat", "wijzende op", "kennisgenomen hebbende van") and "van mening dat",
# plus the observing verbs used in the same place ("constateert dat", "merkt op dat",
# "brengt in herinnering dat"). Any other participle followed by "dat" ("beseffende dat") counts too.
_CONSIDERATION_WORDS = (
    r"constaterende?|constateert|constateerde|overwegende?|van\s+mening|van\s+oordeel|van\s+opvatting|"
    r"erkennende?|concluderende?|wijzende\s+op|verwijzende\s+naar|gelet\s+op|gezien|"
    r"kennis\s*genomen\s+hebbende|gehoord\s+hebbende|gelezen|waarschuwende?|beseffende?|benadrukkende?|"
    r"onderstrepende?|vaststellende?|betreurende?|signalerende?|opmerkende?|onderkennende?|"
    r"in\s+aanmerking\s+nemende?|in\s+overweging\s+nemende?|zich\s+realiserende?|indachtig|"
    r"merkt\s+op|brengt\s+in\s+herinnering|stelt\s+vast"
)
CONSIDERATION = re.compile(
    rf"{_ADVERBS}(?:(?:{_CONSIDERATION_WORDS})\b|[a-zà-ÿ]+ende,?\s+dat\b)", re.IGNORECASE
)

# Requests: what the Kamer asks or decides, a finite verb: "verzoekt de regering/het kabinet/de minister",
# "roept de regering op", "spreekt uit", "draagt de regering op", "zegt het vertrouwen ... op",
# "besluit", "keurt ... af", "veroordeelt", "wijst ... aan (als formateur)", "neemt ... over".
_REQUEST_WORDS = (
    r"verzoekt|verzoek(?=\s+(?:de|het)\s+(?:regering|kabinet))|roept|spreekt|draagt|zegt|besluit|keurt|"
    r"wijst|neemt|betreurt|veroordeelt|erkent|steunt|doet\s+een\s+(?:beroep|oproep)|vraagt|herbevestigt|"
    r"bevestigt|onderschrijft|betuigt|dringt|nodigt|geeft|verklaart|benadrukt|wenst|eist|stemt\s+in|"
    r"verwerpt|verzet\s+zich|roept\s+uit"
)
REQUEST = re.compile(rf"{_ADVERBS}(?:{_REQUEST_WORDS})\b", re.IGNORECASE)

# Where a source reflowed the dictum into running text ("...; overwegende dat ...; verzoekt de regering"),
# a clause begins after ; , : or . and whitespace with one of the strong openers (a looser list would cut
# a request at ", gelet op" or ", gezien").
INLINE_BREAK = re.compile(
    rf"(?<=[;,:.])\s+(?=(?:{_ADVERBS})(?:constaterende|overwegende|erkennende|concluderende|"
    r"van\s+(?:mening|oordeel)\s+dat|[a-zà-ÿ]+ende,?\s+dat|"
    r"verzoekt\s+(?:de|het|dit)|roept\s+(?:de|het|dit)\s+\w+\s+op|spreekt\s+(?:\w+\s+)?uit|"
    r"draagt\s+(?:de|het|dit)\s+\w+\s+op|gehoord\s+de\s+beraadslaging|(?:en\s+)?gaat\s+over\s+tot\s+(?:de\s+)?orde)\b)",
    re.IGNORECASE,
)

# -- signatories -----------------------------------------------------------------------------------------

# Lower-case name particles: "Van der Graaf", "Inge van Dijk", "Van 't Wout", "De Hoop".
PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "’t", "in", "op", "la", "le",
                       "du", "da", "dos", "el", "al", "von", "zu", "d'", "d’"})
# One signatory as printed: capitalised words, particles, hyphens ("Rikkers-Oosterkamp",
# "Yeşilgöz-Zegerius", "Van der Graaf", "Diederik van Dijk"); a trailing comma or full stop is dropped.
NAME = re.compile(
    r"^(?:['’]t\s+)?[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*(?:\s+(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*|"
    + "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True))
    + r"))*$"
)
# between names on one line: "Jetten en Eerdmans.", "Erkens, Grinwis", tab or wide space from a PDF
NAME_SEPARATORS = re.compile(r"\s*[,;\t]\s*|\s{2,}|\s+en\s+")
# Words of page headers and footers that may follow the signatories in text taken from a PDF
# ("kst-34104-439 ISSN 0921 - 7371 's-Gravenhage 2025 Tweede Kamer, vergaderjaar 2024–2025"): never a name.
NOT_A_NAME = frozenset({"Tweede", "Eerste", "Kamer", "Staten-Generaal", "ISSN", "Vergaderjaar", "Nr",
                        "Kamerstuk", "Kamerstukken", "'s-Gravenhage", "’s-Gravenhage", "Pagina"})


def replaced_in_subject(onderwerp: str | None) -> str | None:
    """The kst id of the motion a gewijzigde motie replaces, as a Zaak's Onderwerp names it: "... (t.v.v.
    19637-3370)" -> ``kst-19637-3370``; None when it names none."""
    if not onderwerp:
        return None
    m = REPLACES_TVV.search(onderwerp)
    return kst_id(m.group("dossier"), m.group("number")) if m else None
