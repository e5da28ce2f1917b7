"""Stage 3, parse: document metadata, sections and paragraphs over the cleaned text.

``parse(raw, cleaned)`` never raises: on text it cannot make sense of it returns what it found (at worst the
paragraphs, no sections and a document with nulls).

Metadata comes from the source first (``raw.metadata``, filled by the XML/HTML readers), then from what
the clean stage removed (``Cleaned.headers``): running page headers ("Tweede Kamer, vergaderjaar
2019–2020, 35 207, nr. 32 8"), the kop (cover block: "Vergaderjaar 2024–2025", "99 901 Klimaatadaptatie",
"Nr. 14 BRIEF VAN DE MINISTER ...") and page chrome (the facts table's row "Eerste Kamer der
Staten-Generaal2012-2013CII nr. E", the signatories block of a tweedekamer.nl page); then from the text
itself (its opening lines, date line and signature).

Sections: structured sources give heading hints (``raw.headings``); otherwise headings are recognised from
the paragraphs: roman-numbered ("I. De mensenrechtensituatie in China", level 1), arabic-numbered
("2. Inzet", "2.3 Sancties") and unnumbered sub-headings (a short line without closing punctuation between
two paragraphs of prose: "Xinjiang", "Multilateraal / VN").
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterator

from kamerspoor.model import Cleaned, Heading, Kind, Paragraph, RawDocument, Section, Structure
from kamerspoor.read import surname
from kamerspoor.rules import kinds, page_chrome
from kamerspoor.rules.dates import MONTHS
from kamerspoor.rules.hyphenation import plausible_compound, zipf
from kamerspoor.rules.identifiers import DASH as _DASH
from kamerspoor.rules.identifiers import KST_ID, dossier_key, kst_id, parse_kst_id
from kamerspoor.rules.kop import (
    KOP_DOSSIER,
    KOP_DOSSIER_LINE,
    KOP_DOSSIER_THEN_NUMBER,
    KOP_GLUED,
    KOP_KST_ID,
    KOP_NUMBER,
    KOP_NUMBER_TITLE,
    KOP_SESSION,
    KOP_TITLE,
    PAGE_FACTS,
    RUNNING_HEADER,
    TITLE_BREAK,
)
from kamerspoor.rules.letter import (
    ARABIC_HEADING,
    DATE,
    DATE_LINE,
    FUNCTION_WORD_END,
    GLUED_HEADING,
    LIST_START,
    NOT_A_HEADING,
    PROSE_END,
    QA_HEADING,
    ROMAN_HEADING,
    SALUTATION,
    SENTENCE_END,
    SIGNATURE,
    STARTS_SENTENCE,
    UPPER_START,
)

DOCUMENT_KEYS = ("id", "dossier", "number", "session_year", "kind", "title", "date", "submitters")
# a line's text from its first to its last character that is not white space (a blank line has none)
_PARAGRAPH = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")
_SPACE = re.compile(r"\s+")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# a paragraph that looks like a heading: (kind: 0 roman, 1 arabic, 2 unnumbered, 3 question label; number; heading)
_Candidate = tuple[int, str | None, str]


def _join_title_break(m: re.Match) -> str:
    """Join a word the line break split ("ONT-" + "WIKKELINGSHULP"); keep the hyphen of a compound whose
    second part is a word of its own ("MINISTER-" + "PRESIDENT")."""
    left, right = m.group("left"), m.group("right")
    if zipf(right.lower()) == 0 and (zipf((left + right).lower()) > 0 or plausible_compound((left + right).lower())):
        return left + right
    return f"{left}-{right}"


MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 14
MIN_BODY_CHARS = 80


# ---------------------------------------------------------------------------------------------------------
# paragraphs
# ---------------------------------------------------------------------------------------------------------

def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph: each run of non-newline text, without surrounding whitespace."""
    return [m.span(1) for m in _PARAGRAPH.finditer(text)]


def _split_glued_headings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A heading glued to the end of the paragraph before it ("... bevinden. Ruimte voor het maatschappelijk
    middenveld") when a page break hid the blank line: a prose paragraph that does not end a sentence, whose
    last sentence is a short capitalised phrase, becomes two paragraphs."""
    out: list[tuple[int, int]] = []
    for n, (s, e) in enumerate(spans):
        t = text[s:e]
        m = GLUED_HEADING.search(t) if len(t) > MIN_BODY_CHARS and not SENTENCE_END.search(t) else None
        nxt = text[spans[n + 1][0]:spans[n + 1][1]] if n + 1 < len(spans) else None
        if m and nxt is not None and _is_prose(nxt) and _candidate(m.group("tail")) and len(m.group("tail").split()) <= 8:
            cut = s + m.start("tail")
            out.append((s, len(text[s:cut].rstrip()) + s))
            out.append((cut, e))
        else:
            out.append(spans[n])
    return out


# ---------------------------------------------------------------------------------------------------------
# metadata
# ---------------------------------------------------------------------------------------------------------

def _session(y1: str, y2: str) -> str | None:
    a, b = int(y1), int(y2)
    return f"{a}-{b}" if b == a + 1 else None


def _iso_date(day: str, month: str, year: str) -> str | None:
    m = MONTHS.get(month.lower())
    d = int(day)
    if not m or not 1 <= d <= 31:
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def _norm_session(value) -> str | None:
    if value is None:
        return None
    m = re.match(rf"^\s*(\d{{4}})\s?(?:{_DASH}|/)\s?(\d{{2}}|\d{{4}})\s*$", str(value))
    if not m:
        return None
    y1, y2 = m.group(1), m.group(2)
    if len(y2) == 2:
        y2 = y1[:2] + y2
    return _session(y1, y2)


def _norm_number(value) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if n >= 0 else None


def _norm_date(value) -> str | None:
    if value is None:
        return None
    v = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", v):
        return v
    m = DATE.search(v)
    return _iso_date(m.group("day"), m.group("month"), m.group("year")) if m else None


def _from_metadata(meta: dict) -> dict:
    """The record's document fields from the reader's metadata, normalised; unknown keys are dropped."""
    doc: dict = {}
    if not isinstance(meta, dict):
        return doc
    if meta.get("dossier") not in (None, ""):
        doc["dossier"] = dossier_key(str(meta["dossier"]))
    if meta.get("number") not in (None, ""):
        doc["number"] = _norm_number(meta["number"])
    if meta.get("session_year"):
        doc["session_year"] = _norm_session(meta["session_year"])
    if meta.get("kind"):
        doc["kind"] = kinds.of_value(meta["kind"])
    if meta.get("title"):
        doc["title"] = _SPACE.sub(" ", str(meta["title"])).strip()
    if meta.get("date"):
        doc["date"] = _norm_date(meta["date"])
    subs = meta.get("submitters")
    if isinstance(subs, str):
        subs = [subs]
    if subs:
        doc["submitters"] = [str(s).strip() for s in subs if str(s).strip()]
    _id_from_metadata(meta, doc)
    return {k: v for k, v in doc.items() if v not in (None, "", [])}


def _id_from_metadata(meta: dict, doc: dict) -> None:
    """The official id the metadata states, and the dossier and number it gives; or the id of a lettered
    Eerste Kamer stuk ({"dossier": "CII", "number": "E"}: kst-CII-E, no numeric ondernummer)."""
    ident = meta.get("id")
    if ident:
        doc["id"] = str(ident).strip()
        # "kst-35207-32", or an Eerste Kamer letter "kst-35300-A": dossier 35300, no numeric ondernummer
        parsed = parse_kst_id(doc["id"]) if doc["id"].lower().startswith("kst-") else None
        if parsed:
            doc.setdefault("dossier", parsed[0])
            if isinstance(parsed[1], int):
                doc.setdefault("number", parsed[1])
    elif doc.get("dossier") and doc.get("number") is None and meta.get("number") not in (None, ""):
        doc["id"] = kst_id(doc["dossier"], meta["number"])


def _from_headers(lines: list[str]) -> dict:
    """Dossier, number and session year agreed on by most running headers."""
    votes: Counter = Counter()
    for line in lines:
        m = RUNNING_HEADER.search(line)
        if m and m.group("number"):
            votes[(dossier_key(m.group("dossier")), int(m.group("number")), _session(m.group("y1"), m.group("y2")))] += 1
    if not votes:
        return {}
    (dossier, number, session), _ = votes.most_common(1)[0]
    out = {"dossier": dossier, "number": number}
    if session:
        out["session_year"] = session
    return out


def _from_kop(head: str) -> dict:
    """Fields stated in the kop (cover block) at the top of the text."""
    out: dict = {}
    _kop_numbers(head, out)
    _kop_title(head, out)
    m = DATE_LINE.search(head)
    if m:
        d = DATE.search(m.group("date"))
        if d:
            out["date"] = _iso_date(d.group("day"), d.group("month"), d.group("year"))
    return {k: v for k, v in out.items() if v is not None}


def _kop_numbers(head: str, out: dict) -> None:
    """Dossier, ondernummer and session year of the kop, from the most explicit form it has."""
    m = KOP_KST_ID.search(head) or KOP_GLUED.search(head)
    if m:
        out["dossier"] = dossier_key(m.group("dossier"))
        out["number"] = int(m.group("number"))
    m = KOP_SESSION.search(head)
    if m and _session(m.group("y1"), m.group("y2")):
        out["session_year"] = _session(m.group("y1"), m.group("y2"))
        after = head[m.end():m.end() + 1500]
        d = KOP_DOSSIER.search(after) if "dossier" not in out else None
        if d:
            out["dossier"] = dossier_key(d.group("dossier"))
        n = KOP_NUMBER.search(after) if "number" not in out else None
        if n:
            out["number"] = int(n.group("number"))
    m = PAGE_FACTS.search(head)
    if m:
        out.setdefault("session_year", _session(m.group("y1"), m.group("y2")))
        out.setdefault("dossier", dossier_key(m.group("dossier")))
        out.setdefault("number", int(m.group("number")))
    m = KOP_NUMBER_TITLE.search(head)
    d = KOP_DOSSIER_LINE.search(head, 0, m.start() + 1) if m and "number" not in out else None
    if m and d:
        out["dossier"] = dossier_key(d.group("dossier"))
        out["number"] = int(m.group("number"))
    m = KOP_DOSSIER_THEN_NUMBER.search(head)
    if m and "number" not in out:  # "99 944" / "Huurbeleid" / "nr. 6" (an older page, no Vergaderjaar line)
        out["dossier"] = dossier_key(m.group("dossier"))
        out["number"] = int(m.group("number"))


def _kop_title(head: str, out: dict) -> None:
    """The title the kop prints (in capitals, or in a glued kop line) and the kind it names."""
    m = KOP_TITLE.search(head)
    glued = KOP_GLUED.search(head)
    if m:
        title = _SPACE.sub(" ", TITLE_BREAK.sub(_join_title_break, m.group("title"))).strip(" ,;:")
        out["title"] = title
        out["kind"] = kinds.from_title(title).value
    elif glued:  # "34300 J 32 Brief van de minister van infrastructuur en milieu"
        out["title"] = _SPACE.sub(" ", glued.group("title")).strip(" ,;:")
        out["kind"] = kinds.from_title(out["title"]).value


def _from_chrome(headers: list[str]) -> dict:
    """Fields stated by the page chrome the clean stage removed: the facts table's row (an Eerste Kamer
    letter numbered "E" of dossier "CII" has the id "kst-CII-E" and no numeric ondernummer) and the persons
    of a signatories block."""
    out: dict = {}
    for line in headers:
        facts = page_chrome.fact_row(line)
        if facts:
            out["session_year"] = facts.session_year
            out["dossier"] = dossier_key(facts.dossier)
            if facts.number.isdigit():
                out["number"] = int(facts.number)
            out["id"] = kst_id(out["dossier"], facts.number.upper())
            break
    names = [surname(n) for n in page_chrome.signatory_names(headers)]
    _from_page_facts(page_chrome.page_facts(headers), out, names)
    if names:
        out["submitters"] = names
    return {k: v for k, v in out.items() if v is not None}


def _from_page_facts(facts: dict[str, str], out: dict, names: list[str]) -> None:
    """What a site's chrome lines state (a tkconv page: date, official id, dossier and number, first signer,
    subject), where the facts table said nothing."""
    ident = KST_ID.fullmatch(facts.get("id", ""))
    if ident and "dossier" not in out:
        out["dossier"], out["number"] = dossier_key(ident.group("dossier")), int(ident.group("number"))
    if facts.get("dossier") and "dossier" not in out:
        out["dossier"], out["number"] = dossier_key(facts["dossier"]), int(facts["number"])
    if facts.get("date"):
        out.setdefault("date", facts["date"])
    if facts.get("signer") and not names:
        names.append(surname(facts["signer"]))
    if facts.get("subject"):
        out["subject"] = facts["subject"]


def session_of(iso_date: str) -> str | None:
    """The vergaderjaar a date falls in: it opens on the third Tuesday of September (Prinsjesdag)."""
    try:
        y, mo, d = (int(x) for x in iso_date[:10].split("-"))
    except (ValueError, AttributeError):
        return None
    first = datetime.date(y, 9, 1)
    opening = first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 14)
    start = y if datetime.date(y, mo, d) >= opening else y - 1
    return f"{start}-{start + 1}"


def _signers(text: str) -> list[str]:
    names = []
    for m in SIGNATURE.finditer(text[-3000:]):
        name = m.group("name").strip()
        if name and name not in names:
            names.append(name)
    return names


def document_fields(raw: RawDocument, cleaned: Cleaned) -> dict:
    """The record's ``document`` dict: source metadata first, then running headers, kop, body cues."""
    text = cleaned.text or ""
    headers = list(cleaned.headers or [])
    chrome = _from_chrome(headers)
    doc: dict = {"id": None, "dossier": None, "number": None, "session_year": None, "kind": None,
                 "title": None, "date": None, "submitters": []}
    _fill_from_sources(doc, _stated(raw, text, headers, chrome))
    _complete(doc, text, headers, chrome)
    return {k: doc[k] for k in DOCUMENT_KEYS}


def _fill_from_sources(doc: dict, sources: Iterator[tuple[frozenset[str] | None, Callable[[], dict]]]) -> None:
    """Each field from the first source that states it (the sources most trusted first)."""
    for fields, read in sources:
        if fields is not None and all(doc[k] not in (None, [], "") for k in fields):
            continue  # it could only state what is known already: not read
        for k, v in read().items():
            if doc.get(k) in (None, [], "") and v not in (None, "", []):
                doc[k] = v


def _complete(doc: dict, text: str, headers: list[str], chrome: dict) -> None:
    """What no source stated, from what is known: the kind from the body (refined by the subjects), the session
    year from the date, the signers, the kst id from dossier and number."""
    if not doc["kind"]:
        doc["kind"] = (kinds.from_body(text) or Kind.OTHER).value
    doc["kind"] = kinds.refine_by_body(kinds.refine(doc["kind"], _subjects(doc, headers, text)), text)
    if not doc["session_year"] and doc["date"]:
        doc["session_year"] = session_of(doc["date"])
    if not doc["submitters"] and doc["kind"] != Kind.MOTIE.value:
        doc["submitters"] = _signers(text) or chrome.get("submitters", [])
    if not doc["id"] and doc["dossier"] and doc["number"] is not None:
        doc["id"] = kst_id(doc["dossier"], doc["number"])


# the fields a kop and running headers can state (tests/test_parse.py checks them on every fixture)
KOP_FIELDS = frozenset({"dossier", "number", "session_year", "title", "kind", "date"})
HEADER_FIELDS = frozenset({"dossier", "number", "session_year"})


def _stated(raw: RawDocument, text: str, headers: list[str],
            chrome: dict) -> Iterator[tuple[frozenset[str] | None, Callable[[], dict]]]:
    """What each source states, the most trusted first: (the fields it can state, or None for any; how to read
    it). A source is read only while one of its fields is still missing."""
    raw_text = raw.text or ""
    yield None, lambda: _from_metadata(raw.metadata)
    yield HEADER_FIELDS, lambda: _from_headers(headers)
    yield KOP_FIELDS, lambda: _from_kop("\n".join(headers)[:2500])
    yield None, lambda: {k: v for k, v in chrome.items() if k not in ("submitters", "subject")}
    yield KOP_FIELDS, lambda: _from_kop(text[:2500])
    # what clean took out of the body (running headers, a kop) is still in the raw text
    yield HEADER_FIELDS, lambda: _from_headers([m.group(0) for m in RUNNING_HEADER.finditer(raw_text)])
    if raw_text != text:  # (when nothing was cleaned out, as from XML, these two were read above)
        yield KOP_FIELDS, lambda: _from_kop(raw_text[:2500])
        yield HEADER_FIELDS, lambda: _from_headers([m.group(0) for m in RUNNING_HEADER.finditer(text)])


def letter_subjects(cleaned: Cleaned, doc: dict) -> list[str]:
    """What a document says it is about, besides its title: the subject of a web page's title line ("Brief
    regering : Uitvoering motie ..."), a tkconv page's subject line, a letter's "Betreft" line (these name the
    motions a letter answers, often with their numbers)."""
    return _subjects({**doc, "title": None}, list(cleaned.headers or []), cleaned.text or "")


def _subjects(doc: dict, headers: list[str], text: str) -> list[str]:
    """What the document says it is about: its title, the subject of a web page's title line ("Brief regering :
    Appreciatie ..."), a letter's "Betreft" line."""
    found = [doc["title"]] if doc["title"] else []
    found += [st[1] for st in map(page_chrome.soort_title, headers) if st]
    found += [v for k, v in page_chrome.page_facts(headers).items() if k == "subject"]
    return found + kinds.subject_lines(text[:2500])


# ---------------------------------------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------------------------------------

def _roman_value(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += sym
            n -= v
    return out


def _short_line(t: str) -> bool:
    return 0 < len(t) <= MAX_HEADING_CHARS and len(t.split()) <= MAX_HEADING_WORDS


def _is_prose(t: str) -> bool:
    """A body paragraph: a full sentence or more, starting as a sentence (a lowercase start is a continuation)."""
    return bool(STARTS_SENTENCE.match(t)) and (
        len(t) >= MIN_BODY_CHARS or (bool(PROSE_END.search(t)) and len(t.split()) >= 4) or t.endswith(":"))


def _heading_text_ok(t: str) -> bool:
    return (len(t.strip()) > 1 and _short_line(t) and bool(UPPER_START.match(t)) and not SENTENCE_END.search(t)
            and not FUNCTION_WORD_END.search(t) and not NOT_A_HEADING.match(t) and not DATE.search(t))


def _candidate(t: str) -> _Candidate | None:
    """(kind, number, heading) when the paragraph looks like a heading: kind 0 roman, 1 arabic, 2 unnumbered,
    3 the label of a question or answer."""
    if QA_HEADING.match(t.strip()):
        return 3, None, t.strip()
    m = ROMAN_HEADING.match(t)
    if m and _roman_value(m.group("number")) and _heading_text_ok(m.group("heading")):
        return 0, m.group("number"), m.group("heading")
    m = ARABIC_HEADING.match(t)
    if m and _heading_text_ok(m.group("heading")):
        return 1, m.group("number"), m.group("heading")
    if _heading_text_ok(t) and not LIST_START.match(t):
        return 2, None, t
    return None


def _detect(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str | None, str]]:
    """(paragraph index, kind, number, heading) of every paragraph recognised as a heading.

    A heading stands between complete paragraphs: the paragraph before it ends a sentence (or is itself a
    heading, or the salutation), so a fragment left by a bad page break is no heading, and neither is the
    item after "Deze prioriteiten zijn:". An unnumbered heading must be followed by prose; a numbered one
    by prose or a deeper numbered heading, and is not the next item of a numbered list. Kop lines (title in
    capitals, "Aan de Voorzitter ...", dates, "Nr. 12") are never sections.
    """
    found: list[tuple[int, int, str | None, str]] = []
    # a window of three paragraphs (before, this one, after) and their candidates, moved along: no list of every
    # paragraph's text
    prev: tuple[str | None, _Candidate | None] = (None, None)
    here = (text[spans[0][0]:spans[0][1]], _candidate(text[spans[0][0]:spans[0][1]])) if spans else ("", None)
    for i in range(len(spans)):
        t, c = here
        nxt = None
        if i + 1 < len(spans):
            nt = text[spans[i + 1][0]:spans[i + 1][1]]
            nxt = (nt, _candidate(nt))
        if c is not None and nxt is not None and not KOP_TITLE.match(t):
            after_heading = bool(found) and found[-1][0] == i - 1
            if _stands_as_heading(c, prev[0], prev[1], nxt[0], nxt[1], after_heading):
                found.append((i, *c))
        prev, here = (t, c), nxt if nxt is not None else ("", None)
    return found


def _stands_as_heading(c: _Candidate, prev: str | None, prev_cand: _Candidate | None, nxt: str,
                       nxt_cand: _Candidate | None, after_heading: bool) -> bool:
    """Does the heading-like paragraph ``c`` stand between the paragraphs around it as a heading would?"""
    kind, number, _ = c
    if kind == 3:
        return True
    prev_ends = prev is None or bool(PROSE_END.search(prev)) or after_heading or bool(SALUTATION.match(prev))
    if kind == 2:
        return prev_ends and _is_prose(nxt)
    if not _numbered_may_follow(kind, prev, prev_cand, prev_ends, after_heading):
        return False
    if kind == 0:
        return _is_prose(nxt) or nxt_cand is not None
    deeper = nxt_cand is not None and nxt_cand[0] == 1 and (nxt_cand[1] or "").startswith((number or "") + ".")
    return _is_prose(nxt) or deeper


def _numbered_may_follow(kind: int, prev: str | None, prev_cand: _Candidate | None, prev_ends: bool,
                         after_heading: bool) -> bool:
    """A numbered heading may follow a kop title directly, never a sentence cut off or an opening colon; and the
    next item of a numbered list ("1. ...", "2. ...") is no heading."""
    if prev_cand is not None and prev_cand[0] == kind and not after_heading:
        return False
    return prev is None or prev_ends or (len(prev) < MIN_BODY_CHARS and not prev.rstrip().endswith((":", ";", ",")))


def _levels(found: list[tuple[int, int, str | None, str]]) -> list[int]:
    has_roman = any(k == 0 for _, k, _, _ in found)
    has_top_arabic = any(k == 1 and n and "." not in n for _, k, n, _ in found)
    levels = []
    for _, kind, number, _ in found:
        if kind == 0:
            levels.append(1)
        elif kind == 1:
            levels.append(2 if has_roman or "." in (number or "") else 1)
        elif kind == 3:
            levels.append(1)
        else:
            levels.append(2 if has_roman or has_top_arabic else 1)
    return levels


def _norm_heading(s: str) -> str:
    return _SPACE.sub(" ", s).strip().rstrip(".").casefold()


def _from_hints(text: str, spans: list[tuple[int, int]], hints: list[Heading]):
    """Match the source's heading hints to paragraphs, in order."""
    out = []
    j = 0
    texts = [_norm_heading(text[s:e]) for s, e in spans]
    for h in hints:
        head = _norm_heading(h.text or "")
        if not head:
            continue
        forms = {head}
        if h.number:
            num = _norm_heading(str(h.number))
            forms |= {f"{num}. {head}", f"{num} {head}", f"{num}) {head}"}
        for k in range(j, len(texts)):
            if texts[k] in forms:
                level = h.level if h.level in (1, 2) else (1 if h.level < 1 else 2)
                out.append((k, level, h.number, _SPACE.sub(" ", h.text).strip()))
                j = k + 1
                break
    return out


def find_sections(text: str, spans: list[tuple[int, int]], hints: list[Heading] | None = None) -> list[tuple[int, Section]]:
    """(paragraph index, Section) of every heading, with start/end offsets."""
    entries: list[tuple[int, int, str | None, str]] = []
    if hints:
        entries = _from_hints(text, spans, hints)
    if not entries:
        found = _detect(text, spans)
        entries = [(i, lvl, num, head) for (i, _, num, head), lvl in zip(found, _levels(found), strict=True)]
    sections: list[tuple[int, Section]] = []
    for n, (i, level, number, heading) in enumerate(entries):
        end = len(text.rstrip())
        for m in range(n + 1, len(entries)):
            if entries[m][1] <= level or level >= 2:
                end = spans[entries[m][0]][0]
                break
        sections.append((i, Section(level=level, number=number, heading=heading, start=spans[i][0], end=end)))
    return sections


# ---------------------------------------------------------------------------------------------------------
# the stage
# ---------------------------------------------------------------------------------------------------------

def parse(raw: RawDocument, cleaned: Cleaned) -> Structure:
    """Document metadata, sections and paragraphs of a cleaned document."""
    text = cleaned.text or ""
    spans = split_paragraphs(text)
    try:
        if not raw.headings:
            spans = _split_glued_headings(text, spans)
        sections = find_sections(text, spans, list(raw.headings or []))
    except (ValueError, IndexError, TypeError, AttributeError, RecursionError):
        sections = []
    # sections are in text order and a later heading always ends the sections before it at its own level, so
    # the innermost section holding a paragraph is the last one whose heading came at or before it
    paragraphs = []
    k, current = 0, None
    for s, e in spans:
        while k < len(sections) and sections[k][1].start <= s:
            current = k
            k += 1
        if current is not None and not (sections[current][1].start <= s < sections[current][1].end):
            inside = [n for n in range(current + 1) if sections[n][1].start <= s < sections[n][1].end]
            current_for_p = inside[-1] if inside else None
        else:
            current_for_p = current
        paragraphs.append(Paragraph(s, e, current_for_p))
    try:
        document = document_fields(raw, cleaned)
    except (ValueError, IndexError, TypeError, AttributeError, RecursionError):
        document = {k: ([] if k == "submitters" else None) for k in DOCUMENT_KEYS}
        document["kind"] = Kind.OTHER.value
    return Structure(document=document, sections=[s for _, s in sections], paragraphs=paragraphs)
