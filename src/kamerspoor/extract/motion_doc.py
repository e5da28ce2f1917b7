"""Motion documents: signatories, considerations, requests, the motion a modified motion replaces.

``parse_motion`` reads the cleaned text of a motion (paragraphs separated by a blank line) as the XML,
HTML or PDF gives it: a title block ("MOTIE VAN HET LID X C.S.", "Voorgesteld 24 april 2025"), the dictum
("De Kamer, gehoord de beraadslaging, constaterende dat ...; verzoekt de regering ..., en gaat over tot de
orde van de dag.") and the signatories, one name a line. Sources that reflowed the dictum into running
text are cut back into clauses at the openers. The phrases themselves live in
``kamerspoor.rules.motion_phrases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kamerspoor.model import Warning_
from kamerspoor.rules import motion_phrases as P

_WS = re.compile(r"\s+")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_TRAILING = re.compile(r"[\s,;:]+$")
# after a name: punctuation, or a stray letter ("Tuinman e" in a real motion)
_NAME_TRAILING = re.compile(r"(?:[\s,;.]+|\s+[a-z][\s,;.]*)$")
_SINGLE_LETTER = re.compile(r"^[a-z]$")
_MAX_NAME_WORDS = 5


@dataclass
class _Clause:
    kind: str  # "consideration" | "request"
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The clause on one line, without the punctuation and spaces that end it (``_TRAILING``: as
        ``_TRAILING.sub("", ...)``, by stripping, which needs no pass over the whole clause)."""
        text = " ".join(" ".join(self.parts).split())
        while True:
            stripped = text.rstrip().rstrip(",;:")
            if stripped == text:
                return text
            text = stripped


def parse_motion(text: str, document: dict, raw=None) -> tuple[dict | None, list[str], list[Warning_]]:
    """Parse a motion: returns (the record's ``motion`` part, the signatories' surnames, warnings).

    ``document`` is the record's ``document`` part (its ``dossier`` is the dossier of a replaced motion,
    its ``title`` may carry "(t.v.v. 26448-838)"). ``raw`` (the RawDocument) is not needed. A motion without
    request or signatories is still returned, with a warning.
    """
    warnings: list[Warning_] = []
    opening = _find_opening(text)
    if opening is None:
        header_end = _first_clause_start(text)
        body_start = header_end
    else:
        header_end, body_start = opening.start(), opening.end()
    header = text[:header_end]
    # text from a PDF or page text has its kop (with "Nr. 8 MOTIE VAN ...") in Cleaned.headers: the title in
    # capitals that parse read from it stands in
    title = _title(header) or _title(document.get("title") or "")
    title_names = _title_names(title)

    dictum_segments, tail = _split_body(text[body_start:])
    considerations, requests = _clauses(dictum_segments)

    signatories = _signatories(tail, title_names)
    if not requests:
        warnings.append(Warning_(
            "motion_without_request",
            "motion has no request (no 'verzoekt', 'roept ... op', 'spreekt uit' ...)", header_end))
    if not signatories:
        warnings.append(Warning_(
            "motion_without_signatories",
            "motion lists no signatories after 'en gaat over tot de orde van de dag'", header_end))
        signatories = _names_from_document_title(document.get("title")) or [
            _name_case(n) for n in title_names]

    proposed, debate = _proposed(header)
    if proposed is None and document.get("date") and opening is not None and not P.PROPOSED.search(header):
        # a source that put the "Voorgesteld" date in its metadata only: a motion is dated the day proposed
        proposed = document.get("date")
    motion = {
        "proposed": proposed,
        "debate": debate,
        "considerations": considerations,
        "requests": requests,
        "replaces": _replaces(header, title, document),
    }
    return motion, signatories, warnings


# -- title block -------------------------------------------------------------------------------------------

def _find_opening(text: str) -> re.Match | None:
    """"De Kamer," at the start of a line, else right before "gehoord", else anywhere."""
    return (P.OPENING_AT_LINE_START.search(text) or P.OPENING_BEFORE_HEARD.search(text)
            or P.OPENING.search(text))


def _first_clause_start(text: str) -> int:
    """Without "De Kamer,": the dictum starts at the first paragraph that opens a clause."""
    pos = 0
    for para in _PARA_SPLIT.split(text):
        stripped = para.strip()
        if stripped and (P.HEARD.match(stripped) or P.CONSIDERATION.match(stripped)
                         or P.REQUEST.match(stripped)):
            return text.find(para, pos)
        pos += len(para) + 2
    return 0


def _title(header: str) -> str:
    """The stuk title ("GEWIJZIGDE MOTIE VAN ... TER VERVANGING VAN DIE GEDRUKT ONDER NR. 22")."""
    paras = [_WS.sub(" ", p).strip() for p in _PARA_SPLIT.split(header)]
    paras = [p for p in paras if p]
    start = next((i for i, p in enumerate(paras) if P.TITLE_WORD.search(p)), None)
    if start is None:
        start = next((i for i, p in enumerate(paras) if P.TITLE_START.match(p)), None)
    if start is None:
        return ""
    parts = [paras[start]]
    for p in paras[start + 1:]:  # a title broken over several paragraphs
        if P.TITLE_STOP.match(p) or not p.isupper():
            break
        parts.append(p)
    title = " ".join(parts)
    m = P.TITLE_WORD.search(title)
    if m:  # drop what precedes on the same line ("Nr. 439 MOTIE VAN ...") but keep "GEWIJZIGDE"
        lead = title[:m.start()].split()
        keep = [w for w in lead if w.isupper() and w.isalpha()]
        title = " ".join(keep + [title[m.start():]])
    return title.split(" Voorgesteld ")[0]


def _title_names(title: str) -> list[str]:
    """The members the title names, upper case as printed: ["VAN DER GRAAF", "CEDER"]."""
    if not title:
        return []
    m = P.TITLE.search(title)
    if not m:
        return []
    names = P.TITLE_CS.sub("", m.group("names").strip())
    return [n.strip() for n in P.TITLE_NAME_SPLIT.split(names) if n.strip()]


def _proposed(header: str) -> tuple[str | None, str | None]:
    m = P.PROPOSED.search(header)
    if not m:
        return None, None
    debate = _WS.sub(" ", m.group("debate")).strip() if m.group("debate") else None
    d = P.DATE.search(m.group(0))
    if not d:
        return None, debate
    month = P.MONTHS[d.group("month").lower()]
    day = int(d.group("day"))
    if not 1 <= day <= 31:
        return None, debate
    return f"{int(d.group('year')):04d}-{month:02d}-{day:02d}", debate


def _replaces(header: str, title: str, document: dict) -> dict | None:
    m = P.REPLACES.search(_WS.sub(" ", header)) or P.REPLACES.search(title)
    tvv = P.REPLACES_TVV.search(document.get("title") or "")
    if m:
        dossier = document.get("dossier") or (tvv.group("dossier") if tvv else None)
        return {"dossier": dossier, "number": int(m.group("number"))}
    if tvv:
        return {"dossier": tvv.group("dossier"), "number": int(tvv.group("number"))}
    return None


# -- dictum ------------------------------------------------------------------------------------------------

def _segments(body: str) -> list[str]:
    """Paragraphs, cut again where a reflowing source ran clauses together."""
    out: list[str] = []
    for para in _PARA_SPLIT.split(body):
        for seg in P.INLINE_BREAK.split(para):
            seg = seg.strip()
            if seg:
                out.append(seg)
    # extraction damage: "v" + "erzoekt de regering ..." as two paragraphs
    merged: list[str] = []
    for seg in out:
        if merged and _SINGLE_LETTER.match(merged[-1]):
            merged[-1] += seg
        else:
            merged.append(seg)
    return merged


def _split_body(body: str) -> tuple[list[str], list[str]]:
    """(dictum segments, tail segments): the tail follows "en gaat over tot de orde van de dag"."""
    segs = _segments(body)
    if segs and P.OPENING.match(segs[0]):
        rest = P.OPENING.sub("", segs[0], count=1).strip()
        segs = ([rest] if rest else []) + segs[1:]
    for i, seg in enumerate(segs):
        m = P.CLOSING.match(seg)
        if m:
            rest = seg[m.end():].strip()
            return segs[:i], ([rest] if rest else []) + segs[i + 1:]
    # no closing formula: the signatories are the name-like paragraphs at the end
    cut = len(segs)
    while cut > 0 and _is_name_line(segs[cut - 1]) and not _opens_clause(segs[cut - 1]):
        cut -= 1
    return segs[:cut], segs[cut:]


def _opens_clause(seg: str) -> bool:
    return bool(P.REQUEST.match(seg) or P.CONSIDERATION.match(seg) or P.HEARD.match(seg))


def _clauses(segments: list[str]) -> tuple[list[str], list[str]]:
    clauses: list[_Clause] = []
    for seg in segments:
        heard = P.HEARD.match(seg)
        if heard:
            seg = seg[heard.end():].strip()
            if not seg:
                continue
        if P.REQUEST.match(seg):
            clauses.append(_Clause("request", [seg]))
        elif P.CONSIDERATION.match(seg):
            clauses.append(_Clause("consideration", [seg]))
        elif clauses:  # a list item or a broken-off line continues the clause before it
            clauses[-1].parts.append(seg)
        else:  # text before any opener: the Kamer's premise
            clauses.append(_Clause("consideration", [seg]))
    considerations = [c.text() for c in clauses if c.kind == "consideration"]
    requests = [c.text() for c in clauses if c.kind == "request"]
    return [c for c in considerations if c], [r for r in requests if r]


# -- signatories -------------------------------------------------------------------------------------------

def _is_name_line(line: str) -> bool:
    name = _NAME_TRAILING.sub("", line.strip())
    return bool(name) and len(name.split()) <= _MAX_NAME_WORDS and bool(P.NAME.match(name))


def _signatories(tail: list[str], title_names: list[str]) -> list[str]:
    names: list[str] = []
    for seg in tail:
        for line in seg.splitlines():
            line = _WS.sub(" ", line).strip()
            if not line:
                continue
            found, complete = _split_names(line, title_names)
            for name in found:
                if name not in names:
                    names.append(name)
            if not complete and names:  # a page footer or other text after the signatories
                return names
    return names


def _split_names(line: str, title_names: list[str]) -> tuple[list[str], bool]:
    """One printed line -> (the names on it, whether the whole line was names). A reflowed source may put
    several names on one line, and a page footer after them."""
    out: list[str] = []
    for part in P.NAME_SEPARATORS.split(line):
        part = _NAME_TRAILING.sub("", part.strip())
        if not part:
            continue
        run = _leading_name_run(part)
        if run:
            words = run.split()
            if len(words) <= 2 and not _starts_with_title_sequence(run, title_names, 2):
                out.append(run)
            else:
                out.extend(_split_name_run(run, title_names))
        if run != part:
            return out, False
    return out, True


def _leading_name_run(part: str) -> str:
    """The words of ``part`` up to the first that cannot be in a name (digits, footer words, lower case)."""
    keep: list[str] = []
    for word in part.split():
        bare = word.strip(".,;")
        if any(ch.isdigit() for ch in word) or bare in P.NOT_A_NAME:
            break
        if not (P.NAME.match(word) or (keep and word in P.PARTICLES)):
            break
        keep.append(word)
    while keep and keep[-1].lower() in P.PARTICLES:
        keep.pop()
    return " ".join(keep)


def _starts_with_title_sequence(part: str, title_names: list[str], minimum: int) -> bool:
    upper = part.upper()
    return sum(1 for n in title_names if n in upper) >= minimum and upper not in title_names


def _split_name_run(run: str, title_names: list[str]) -> list[str]:
    """Split "Van der Graaf Ceder" into names, first by the names the title gives, else by the shape of a
    Dutch name: [first name] [particles] Surname."""
    words = run.split()
    if " ".join(words).upper() in title_names:
        return [run]
    out: list[str] = []
    i = 0
    while i < len(words):
        match = None
        for n in sorted(title_names, key=len, reverse=True):
            k = len(n.split())
            if " ".join(words[i:i + k]).upper() == n:
                match = k
                break
        if match is None:
            match = _name_length(words, i)
        out.append(" ".join(words[i:i + match]))
        i += match
    if len(out) > 1 and len(words) <= _MAX_NAME_WORDS and not title_names:
        return [run]  # nothing to go by: keep the line as one name ("Six Dijkstra")
    return out


def _name_length(words: list[str], i: int) -> int:
    j = i
    # a capitalised first name or particle, then lower-case particles, then the surname
    if j + 1 < len(words) and (words[j + 1].lower() in P.PARTICLES and words[j + 1].islower()
                               or words[j].lower() in P.PARTICLES):
        j += 1
        while j < len(words) and words[j].lower() in P.PARTICLES:
            j += 1
        return min(j + 1, len(words)) - i
    return 1


def _name_case(upper: str) -> str:
    """"VAN DER GRAAF" -> "Van der Graaf", "INGE VAN DIJK" -> "Inge van Dijk", "RIKKERS-OOSTERKAMP" ->
    "Rikkers-Oosterkamp": a particle is capitalised only when it opens the name."""
    out = []
    for k, word in enumerate(upper.split()):
        low = word.lower()
        if k > 0 and low in P.PARTICLES:
            out.append(low)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _names_from_document_title(title: str | None) -> list[str]:
    """"Motie van de leden Van der Graaf en Ceder over ..." (metadata, mixed case) -> the names."""
    if not title or title.isupper():
        return []
    m = P.DOCUMENT_TITLE_NAMES.search(title)
    if not m:
        return []
    return [n.strip() for n in P.TITLE_NAME_SPLIT.split(m.group("names")) if n.strip()]
