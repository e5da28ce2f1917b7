"""Page chrome: the fixed user-interface text of the web pages a Kamerstuk is copied from.

Text saved from a document page of zoek.officielebekendmakingen.nl or tweedekamer.nl carries, around the
document itself, the site's own labels, table headers and links. They are not document content; some
carry metadata. The site strings live here, in one place (data), and :func:`find_chrome` applies them:

- the page-type label alone on the first line: "Kamerstuk";
- the facts table of officielebekendmakingen: its header row "Datum publicatieOrganisatieVergaderjaar
  Dossier- en ondernummer" (cells run together, or separated by tabs, bars or spaces) and the data row
  under it, "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907" -> chamber, vergaderjaar,
  dossier and ondernummer (:func:`fact_row`);
- navigation links on a line of their own: "Naar boven";
- the title line of a tweedekamer.nl document page: "<Soort> : <onderwerp>" on the first line, the Soort
  from the Tweede Kamer's document types ("Brief regering : Uitvoering moties ...");
- the signatories block of a tweedekamer.nl page: "Ondertekenaars", "-", "Eerste ondertekenaar",
  "M. (Mark) Rutte, minister van Algemene Zaken", "Mede ondertekenaar", ...;
- the lines of ``page_chrome.yaml`` (site strings as data, each with the page it was seen on): the newest
  officielebekendmakingen rendering (a table's separator row "---|---|", the search widget's lines), the
  rijksbegroting.nl skip link and "Download PDF", and the tkconv page from its navigation to "Preview
  document" with the facts it states (:func:`page_facts`: the date, the official id, dossier and number, the
  first signer, the subject line).

A site's opening line may open a block (``opens``): everything up to its closing line, or up to the document's
kop, is the page's own (a title line, the Soort), whatever it says. The facts table's data row may end in a bar
("Tweede Kamer der Staten-Generaal | 2021-2022 | 36100 nr. 4 |") and come twice; the top run of chrome lines
ends at the first line that is none of these.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerspoor.model import InputError
from kamerspoor.rules import kop, rulefile
from kamerspoor.rules.identifiers import DASH as _DASH

RULES_PATH = Path(__file__).with_name("page_chrome.yaml")
WHERE = ("top", "anywhere")
FACTS = ("date", "id", "signer", "dossier")

# -- the site strings (data) ---------------------------------------------------------------------------------

#: page-type labels that open a saved page (first line only)
PAGE_TYPE_LABELS = frozenset({"kamerstuk", "kamerstukken"})
#: navigation links, anywhere, on a line of their own
NAVIGATION_LINKS = frozenset({"naar boven", "terug naar boven", "naar inhoudsopgave"})
#: the header cells of officielebekendmakingen' facts table, in page order
FACTS_TABLE_HEADER = ("Datum publicatie", "Organisatie", "Vergaderjaar", "Dossier- en ondernummer")
#: the signatories block of a tweedekamer.nl document page
SIGNATORIES_HEADING = "ondertekenaars"
SIGNATORY_ROLES = frozenset({"eerste ondertekenaar", "mede ondertekenaar", "medeondertekenaar",
                             "mede-ondertekenaar", "ondertekenaar"})
#: document types (Document.Soort of the Tweede Kamer) that open the title line "<Soort> : <onderwerp>"
DOCUMENT_SOORTEN = (
    "Brief regering", "Brief commissie", "Brief Kamer", "Brief lid", "Brief", "Motie (gewijzigd/nader)", "Motie",
    "Amendement (gewijzigd/nader)", "Amendement", "Verslag", "Nota naar aanleiding van het verslag", "Nota",
    "Memorie van toelichting", "Voorstel van wet", "Schriftelijke vragen", "Antwoord schriftelijke vragen",
    "Lijst van vragen en antwoorden", "Lijst met vragen en antwoorden", "Advies Raad van State", "Verslag van een",
)

# -- the rules ----------------------------------------------------------------------------------------------

_SEP = r"[\s|\t]*"
_FACTS_HEADER = re.compile(
    "^" + _SEP + _SEP.join(f"(?:{re.escape(c)})?" for c in FACTS_TABLE_HEADER) + _SEP + "$", re.IGNORECASE)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
FACT_ROW = re.compile(
    rf"^{_SEP}(?:(?P<published>\d{{1,2}}\s(?:{_MONTHS})\s\d{{4}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}){_SEP})?"
    rf"(?P<chamber>(?:Tweede|Eerste)\sKamer\sder\sStaten-Generaal){_SEP}"
    rf"(?P<y1>\d{{4}}){_SEP}{_DASH}{_SEP}(?P<y2>\d{{4}}){_SEP}"
    r"(?P<dossier>\d{2}\s?\d{3}(?:\s?[-\u2013]\s?(?:\d{1,2}|[IVXLC]+|[A-Z]))?(?:\s?[A-Z]{1,5})?|[IVXLC]+|[A-Z]{1,6})"
    r"\s*,?\s*nr\.\s?(?P<number>\d{1,5}|[A-Z]{1,3})[\s|]*$", re.IGNORECASE)
_SOORT_TITLE = re.compile(
    r"^(?P<soort>" + "|".join(re.escape(s) for s in sorted(DOCUMENT_SOORTEN, key=len, reverse=True))
    + r")[^:\n]{0,40}?\s:\s+(?P<subject>\S.*)$")
# "M. (Mark) Rutte, minister van Algemene Zaken", "H.M. de Jonge, minister van Volksgezondheid, ..."
_SIGNATORY_ROW = re.compile(r"^[^,]{2,80},\s+(?:minister|staatssecretaris|minister-president|vice-minister)\b.*$",
                            re.IGNORECASE)


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def is_facts_header(line: str) -> bool:
    """The header row of the facts table: at least two of its cells, in order ("Datum publicatie
    OrganisatieVergaderjaarDossier- en ondernummer")."""
    s = line.strip()
    if not s or not _FACTS_HEADER.match(s):
        return False
    return sum(c.casefold() in s.casefold() for c in FACTS_TABLE_HEADER) >= 2


@dataclass
class Facts:
    """What the facts table's data row states."""

    chamber: str
    session_year: str | None
    dossier: str
    number: str
    published: str | None = None


def fact_row(line: str) -> Facts | None:
    """The data row of the facts table: "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907"."""
    m = FACT_ROW.match(line.strip())
    if not m:
        return None
    y1, y2 = int(m["y1"]), int(m["y2"])
    session = f"{y1}-{y2}" if y2 == y1 + 1 else None
    return Facts(chamber=m["chamber"], session_year=session, dossier=m["dossier"], number=m["number"],
                 published=m["published"])


def soort_title(line: str) -> tuple[str, str] | None:
    """``(soort, onderwerp)`` of a tweedekamer.nl title line: "Brief regering : Reactie op ..."."""
    m = _SOORT_TITLE.match(line.strip())
    return (m["soort"], m["subject"].strip()) if m else None


@dataclass(frozen=True)
class LineRule(rulefile.PatternRule):
    """One line of a site's chrome (``page_chrome.yaml``)."""

    where: str  # "top" (in the run of chrome above the document) or "anywhere"
    opens: str | None  # the rule id that closes the block this line opens, or "kop"
    fact: str | None  # the named groups of the pattern are facts of the document


def load(path: str | Path | None = None) -> tuple[LineRule, ...]:
    """The site chrome line rules (default: the package's ``page_chrome.yaml``), checked."""
    return _load(str(path or RULES_PATH))


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[LineRule, ...]:
    file = rulefile.load(Path(path), "page chrome rules", required=("where",))
    ids = {r.id for r in file.rules}
    rules = []
    for r in file.rules:
        where, opens, fact = r.get("where"), r.get("opens"), r.get("fact")
        if where not in WHERE:
            raise InputError(path, f"rule '{r.id}': 'where' must be one of {', '.join(WHERE)}")
        if opens is not None and opens != "kop" and opens not in ids:
            raise InputError(path, f"rule '{r.id}': 'opens' names no rule of the file (nor 'kop')")
        if fact is not None and fact not in FACTS:
            raise InputError(path, f"rule '{r.id}': 'fact' must be one of {', '.join(FACTS)}")
        rules.append(LineRule(**r.common(), where=where, opens=opens, fact=fact))
    return tuple(rules)


def line_rule(line: str, where: str | None = None) -> LineRule | None:
    """The first chrome line rule that takes ``line`` (whitespace collapsed), of one ``where`` or any."""
    s = " ".join(line.split())
    return next((r for r in load() if (where is None or r.where == where) and r.pattern.search(s)), None)


def find_chrome(lines: Sequence[str]) -> set[int]:
    """Indices of the lines of ``lines`` (the text's lines, blank ones included) that are page chrome."""
    # the filled lines' numbers, 4 bytes each (text of many short lines has many)
    filled = array("i" if len(lines) < 2**31 else "q", (i for i, line in enumerate(lines) if line.strip()))
    if not filled:
        return set()
    out = _top_chrome(lines, filled)
    # anywhere: navigation links and the lines of the "anywhere" rules
    out.update(i for i in filled if _key(lines[i]) in NAVIGATION_LINKS or line_rule(lines[i], "anywhere"))
    for n, i in enumerate(filled):
        if _key(lines[i]) == SIGNATORIES_HEADING:
            out.update(_signatories_block(lines, filled[n:]))
    return out


MAX_TOP_LINES = 60  # the run of chrome above a document is looked for among this many lines


def _top_chrome(lines: Sequence[str], filled: Sequence[int]) -> set[int]:
    """At the top: page-type label, facts table (header + data row, as often as it comes), the "<Soort> :
    <onderwerp>" title line, and the lines (and blocks) of the site rules."""
    out: set[int] = set()
    k = 0
    while k < len(filled) and k < MAX_TOP_LINES:
        i = filled[k]
        s = lines[i]
        rule = line_rule(s)
        if k == 0 and _key(s) in PAGE_TYPE_LABELS:
            out.add(i)
        elif is_facts_header(s):
            out.add(i)
        elif (fact_row(s) and k > 0 and filled[k - 1] in out) or (soort_title(s) and all(j in out for j in filled[:k])):
            out.add(i)
        elif rule is not None:
            out.add(i)
            if rule.opens:
                block = _block(lines, filled, k, rule.opens)
                out.update(filled[k:k + block])
                k += max(block - 1, 0)
        else:
            break
        k += 1
    return out


def _block(lines: Sequence[str], filled: Sequence[int], k: int, closes: str) -> int:
    """How many filled lines from ``filled[k]`` the block it opens takes: up to and including the line of rule
    ``closes``, or up to the document's kop ("kop"); just the opening line when its end is not found."""
    for n in range(k + 1, min(len(filled), k + MAX_TOP_LINES)):
        s = " ".join(lines[filled[n]].split())
        if closes == "kop":
            if kop.starts_kop(s):
                return n - k
        else:
            rule = line_rule(s)
            if rule is not None and rule.id == closes:
                return n - k + 1
    return 1


def page_facts(headers: list[str]) -> dict[str, str]:
    """The facts the removed chrome lines state: ``date`` (ISO), ``id``, ``dossier`` and ``number``, ``signer``
    (the first signer as written) and ``subject`` (the first line of a block that no rule names: the subject
    line of a tkconv page)."""
    out: dict[str, str] = {}
    inside = False
    for line in headers:
        rule = line_rule(line)
        if rule is None:
            if inside and "subject" not in out and not fact_row(line) and not is_facts_header(line):
                out["subject"] = " ".join(line.split())
            continue
        inside = inside or bool(rule.opens)
        if rule.fact:
            m = rule.pattern.search(" ".join(line.split()))
            for key, value in (m.groupdict() if m else {}).items():
                if value:
                    out.setdefault(key, value.strip())
    return out


def _signatories_block(lines: Sequence[str], filled: Sequence[int]) -> list[int]:
    """The signatories block from its heading (``filled[0]``), while its lines are roles, dashes and "Name,
    function" rows; nothing when the heading stands alone."""
    block = [filled[0]]
    for j in filled[1:]:
        s = lines[j].strip()
        if s in "-–" or _key(s) in SIGNATORY_ROLES or _SIGNATORY_ROW.match(s) or _key(s) in NAVIGATION_LINKS:
            block.append(j)
        else:
            break
    return block if len(block) > 1 else []


def signatory_names(headers: list[str]) -> list[str]:
    """The persons named in a signatories block among removed chrome lines ("M. (Mark) Rutte, minister van
    Algemene Zaken" -> "M. (Mark) Rutte"), in page order."""
    names = []
    inside = False
    for line in headers:
        k = _key(line)
        if k == SIGNATORIES_HEADING:
            inside = True
        elif inside and _SIGNATORY_ROW.match(line.strip()):
            names.append(line.split(",")[0].strip())
    return names
