"""Stage 2, clean: PDF artefacts out of the text.

``clean(raw)`` turns a :class:`~kamerspoor.model.RawDocument` into :class:`~kamerspoor.model.Cleaned`:
body text whose paragraphs are separated by one blank line and contain no line breaks, the footnotes
lifted out of it (with their anchors in the cleaned text), the running page headers that were removed, and
warnings about damage that the text cannot explain.

What the body text is (the policy): the document's own text as its author wrote it, from the addressee
to the signature. What identifies the publication is metadata and leaves the text for ``Cleaned.headers``
(in text order, whitespace collapsed), where parse reads dossier, number, session year, title and kind:

- page chrome of the web page the text was copied from (:mod:`kamerspoor.rules.page_chrome`: "Kamerstuk",
  the facts table "Datum publicatieOrganisatie..." and its row (also as a pipe table, twice), "Naar boven",
  "Brief regering : ...", the "Ondertekenaars" block, the tkconv page above "Preview document", the
  rijksbegroting.nl skip link and "Download PDF", the search widget of the newest officielebekendmakingen
  pages); the running footer and colophon of a PDF shown inside a page (tkconv's preview);
- the kop (:mod:`kamerspoor.rules.kop`): chamber, "Vergaderjaar 2024–2025", dossier number and title,
  "Nr. 14" with the document title in capitals; the colophon ("kst-99901-14", "ISSN ...", "’s-Gravenhage
  2025") and running page headers.

The letter's own opening stays: the addressee ("Aan de Voorzitter van de Tweede Kamer der
Staten-Generaal") and the place and date ("Den Haag, 2 april 2025"; a motion's "Voorgesteld 12 maart
2025") are the first paragraphs, as the officielebekendmakingen XML and HTML have them inside the stuk; so
the text starts where a reader of the letter starts, and no sentence of the author is lost. (The XML and
HTML readers still put the stuk title, "BRIEF VAN DE MINISTER ...", before the addressee.)

Before that, every other row of a table rendered with bars ("Omschrijving | Vindplaats | Stand van zaken |")
becomes its cells, one line each (:func:`table_cells`), and a web page's uniform deep indentation is dropped
(:func:`dedent_markup`: markup, no page marks).

Structured sources (XML/HTML) already give clean paragraphs: their text is returned unchanged and none of
the rules below runs, not even the damage detector: nothing was extracted, so nothing was damaged in
extraction (a typo the author made, "dathet", is the source's text, not damage). Plain text (``Source.TEXT``:
one paragraph per line, e.g. a saved web page) loses
its chrome and kop (:func:`split_front_matter`), has its footnotes lifted when the page ends with them
(:func:`lift_end_notes`: numbered lines after the signature or under "Noten"; markers found in sequence,
anchors as below) and its lines made paragraphs. Text extracted from a PDF (pages separated by form feeds
or starting with an indented line; text without page marks is a hard-wrapped copy of a web page and has
its end notes lifted the same way) goes through these named rules:

- :func:`is_running_header`: running headers/footers ("Tweede Kamer, vergaderjaar 2019–2020, 35 207,
  nr. 32 8") and bare page numbers are removed and kept in ``Cleaned.headers``.
- :func:`footnote_start` and the footnote block scan: footnote bodies at the bottom of a page ("1 Bijlage
  bij Kamerstuk 35 207, nr. 1") leave the body; their lines are joined, URLs broken over lines rejoined
  (:func:`continues_url`).
- :func:`marker_candidates`: footnote markers glued to a word or punctuation ("D663", "balans.»1",
  "bepleit,6") or to a year ("8 december 20233") are found by sequence (1, 2, 3 ...) and removed; the
  footnote's anchor is the offset right after the word the marker followed. A marker that a hard wrap put at
  the start of the next line, after the one before it ("kern»1," / "2 heb ik"), is found too; notes may be
  written "Noot 1: ..." (rijksbegroting.nl).
- :func:`continues_paragraph`: lines are reflowed into paragraphs; a page break or a footnote block inside
  a sentence does not split it, a heading that starts a page stays its own paragraph.
- :func:`join_lines`: line-break hyphenation is resolved by :mod:`kamerspoor.rules.hyphenation`.
- :func:`find_damage`: words doubled without a space ("datdat"), function words run together ("deeen") and
  phrases repeated across a bad join ("in religieuze zakend in religieuze") become warnings.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, islice
from operator import and_, eq

from kamerspoor.model import Cleaned, Footnote, RawDocument, Source, Warning_
from kamerspoor.rules import citations, hyphenation, kop, letter, page_chrome
from kamerspoor.rules.dates import MONTHS

# ---------------------------------------------------------------------------------------------------------
# the lines of a text, kept compactly
#
# Memory: text of many short lines ("a\n" half a million times a megabyte) must not cost a string object and a
# list slot per line in every list a rule builds (about 60 bytes a line, each time): the lines are offsets into
# the one text (:class:`_Lines`, 4 bytes a line), a line is sliced out when a rule looks at it, per-line facts are
# bytes (``bytearray``) or machine integers (``array``), and what is joined is joined in chunks
# (:class:`_Builder`), so no list holds a string per line of the whole text.

# characters: the text is split in pieces of about this size (cut at a line break); a piece's lines or words are
# listed while it is looked at, and very short lines make that list tens of times the size of the piece
_CHUNK = 1 << 16
_FOLD = 4096  # strings: a builder joins its parts into one chunk when it holds this many


def _index_code(n: int) -> str:
    """The array type code for offsets into a text of ``n`` characters (4 bytes while they fit)."""
    return "i" if n < 2**31 - 2 else "q"


def _line_starts(text: str, feeds: bool) -> array[int]:
    """Where each line of ``text`` starts, then one past the end plus one (so line ``i`` is
    ``text[starts[i]:starts[i + 1] - 1]``); lines end at "\n" (and at "\f" with ``feeds``), as ``str.split``
    cuts them. Found in pieces of about :data:`_CHUNK` characters, so the lines' strings exist a piece at a time."""
    sep = re.compile("[\n\f]" if feeds else "\n")
    starts = array(_index_code(len(text) + 2), [0])
    pos, n = 0, len(text)
    while True:
        m = sep.search(text, min(pos + _CHUNK, n)) if pos + _CHUNK < n else None
        end = m.start() if m else n
        lengths = map(len, sep.split(text[pos:end]))
        starts.extend(islice(accumulate(map((1).__add__, lengths), initial=pos), 1, None))
        if m is None:
            return starts
        pos = end + 1


class _Lines(Sequence[str]):
    """The lines of a text as offsets into it (a line is sliced out when it is looked at); lines set anew
    (``lines[i] = ...``) are kept apart, and :meth:`joined` puts them back. ``feeds``: a form feed ends a line too
    (a PDF's page break), as in ``[line for page in text.split("\f") for line in page.split("\n")]``."""

    def __init__(self, text: str, feeds: bool = False, starts: array[int] | None = None,
                 count: int | None = None) -> None:
        self.text = text
        self.starts = _line_starts(text, feeds) if starts is None else starts
        self.n = len(self.starts) - 1 if count is None else count
        self.changed: dict[int, str] = {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]  # an int index only
        if self.changed and i in self.changed:
            return self.changed[i]
        if 0 <= i < self.n:
            return self.text[self.starts[i]:self.starts[i + 1] - 1]
        if -self.n <= i < 0:
            return self[i + self.n]
        raise IndexError(i)

    def __setitem__(self, i: int, line: str) -> None:
        self.changed[i] = line

    def __iter__(self) -> Iterator[str]:
        text, starts, changed = self.text, self.starts, self.changed
        for i in range(self.n):
            yield changed[i] if changed and i in changed else text[starts[i]:starts[i + 1] - 1]

    def after_feed(self, i: int) -> bool:
        """Line ``i`` follows a form feed (the first line of a page after the first)."""
        return i > 0 and self.text[self.starts[i] - 1] == "\f"

    def head(self, k: int) -> _Lines:
        """The first ``k`` lines (a view of the same text, with the lines set anew among them)."""
        out = _Lines(self.text, starts=self.starts, count=k)
        out.changed = {i: t for i, t in self.changed.items() if i < k}
        return out

    def copy(self) -> _Lines:
        return self.head(self.n)

    def joined(self) -> str:
        """The lines joined by the line breaks that stood between them: the text itself when nothing was set anew."""
        if self.n == 0:
            return ""
        end = self.starts[self.n] - 1
        if not self.changed:
            return self.text[:end]
        pieces, pos = [], 0
        for i in sorted(self.changed):
            pieces += [self.text[pos:self.starts[i]], self.changed[i]]
            pos = self.starts[i + 1] - 1
        pieces.append(self.text[pos:end])
        return "".join(pieces)


class _Builder:
    """A string built of many small ones, joined a few thousand at a time (a list of every line of a large text
    as its own string costs tens of bytes a line): ``add``, ``cut`` (the end of the last part), ``text``."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.parts: list[str] = []

    def add(self, part: str) -> None:
        self.parts.append(part)
        if len(self.parts) >= _FOLD:
            self.done.append("".join(self.parts[:-1]))
            del self.parts[:-1]

    def cut(self, k: int) -> None:
        """The last ``k`` characters of the last part go."""
        self.parts[-1] = self.parts[-1][:-k]

    def __bool__(self) -> bool:
        return bool(self.parts)

    def text(self) -> str:
        return "".join([*self.done, *self.parts])


def _join(strings: Iterable[str], sep: str) -> str:
    """``sep.join(strings)`` without a list of all of them."""
    out = _Builder()
    for k, t in enumerate(strings):
        out.add(sep + t if k else t)
    return out.text()


_SPACES = re.compile(r"\s+")
_RUN_START = re.compile(r"(?<=\S)\s")  # where a run of whitespace starts


def _collapse(s: str) -> str:
    """Whitespace collapsed: ``" ".join(s.split())`` (the same whitespace: Unicode's), without a list of the words;
    a piece of about :data:`_CHUNK` characters at a time (a substitution lists its pieces: two per run), each cut
    where a run of whitespace starts, so no run spans two pieces."""
    out, pos, n = [], 0, len(s)
    while True:
        cut = _RUN_START.search(s, pos + _CHUNK) if pos + _CHUNK < n else None
        end = cut.start() if cut else n
        out.append(_SPACES.sub(" ", s[pos:end]))
        if cut is None:
            return "".join(out).strip()
        pos = end


# ---------------------------------------------------------------------------------------------------------
# running headers and footers

# running headers and footers, the first page's colophon ("kst-35207-32", "ISSN 0921 - 7371", "’s-Gravenhage
# 2019"; text from a PDF may run its items and the page footer into one line), page numbers: rules/kop.py
_HEADER = kop.RUNNING_HEADER_LINE
_COLOPHON = kop.COLOPHON_LINE
_PAGE_NUMBER = kop.PAGE_NUMBER_LINE


def is_running_header(line: str) -> bool:
    """A running page header/footer of a Kamerstuk, its first-page colophon, or a page number alone."""
    s = line.strip()
    return bool(s) and bool(_HEADER.match(s) or _PAGE_NUMBER.match(s) or _COLOPHON.match(s))


# ---------------------------------------------------------------------------------------------------------
# footnotes

_FOOTNOTE_START = letter.FOOTNOTE_LINE
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+", re.I)
_URL_TAIL = re.compile(r"^[\w\-./~%?=&#:+,;@!$'*()]+$")
_FILE_EXT = re.compile(r"\.\w{2,5}$")
_BARE_SCHEME = re.compile(r"(?:^|[(«“\"'])https?://$", re.I)
_WANTS_NUMBER = citations.WANTS_NUMBER


def continues_note(previous: str, line: str) -> bool:
    """A bare number that ends a footnote's citation ("... Kamerstuk 25 883, nr." + "461"), not a page
    number: the footnote line before it asks for a number."""
    return bool(_PAGE_NUMBER.match(line.strip())) and line.strip().isdigit() and bool(_WANTS_NUMBER.search(previous))


def footnote_start(line: str) -> tuple[int, str] | None:
    """``(number, text)`` when a line (not indented) starts like a footnote body: "2 GroenLinks – ..."."""
    if not line or line[0].isspace():
        return None
    m = _FOOTNOTE_START.match(line.rstrip())
    return (int(m.group("noot") or m.group("number")), m.group("text")) if m else None


def continues_url(previous: str, line: str) -> bool:
    """True when ``line`` is the rest of a URL that ends ``previous`` ("https://.../2019/" + "09/x.pdf")."""
    prev = previous.rstrip()
    nxt = line.strip()
    if not prev or not nxt or " " in nxt or not _URL_TAIL.match(nxt):
        return False
    last = prev.split()[-1]
    if _BARE_SCHEME.search(last):  # "https://" + "www.example.org/..." (the break right after the scheme)
        return True
    url = _URL.search(last)
    if not url or not url.group().endswith(last[-1]):
        return False
    return (last[-1] in "/-_=&?#%.") or any(c in nxt for c in "/_=&?#") or bool(_FILE_EXT.search(nxt))


def urls_in(text: str) -> list[str]:
    """URLs in a (joined) footnote text, trailing punctuation stripped."""
    urls = []
    for m in _URL.finditer(text):
        u = m.group().rstrip(".,;:!?'’”")
        if u.endswith(")") and "(" not in u:
            u = u[:-1]
        urls.append(u)
    return urls


_CLOSERS = ".,;:!?)]»”\"'’"
_DIGITS = re.compile(r"\d+")
_WORD_BEFORE = re.compile(r"[\w\-]*$")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]*$")
_YEAR_BEFORE = re.compile(r"(?<![\d.,])(\d+)$")
_WORD_TOKEN = re.compile(r"\w[\w\-]*\w|\w")


@dataclass
class _Candidate:
    line: int  # index into the body lines
    start: int  # the marker digits in that line
    end: int


def marker_candidates(line: str, number: int, tokens: Counter | None = None) -> list[tuple[int, int]]:
    """Spans in ``line`` where footnote marker ``number`` may be glued to the preceding word.

    "D663 (met" gives the span of "3" (the document writes "D66" elsewhere); "balans.»1" and "bepleit,6" the
    last digit; real numbers ("5 tot 10%", "1,5 miljoen", "2018", "Item 4") give nothing.
    """
    want = str(number)
    spans = []
    for m in _DIGITS.finditer(line):
        start, end = m.start(), m.end()
        if _year_then_marker(line, m, want):  # "8 december 20233": the year 2023 and marker 3
            spans.append((start + 4, end))
            continue
        if start == 0 or line[start - 1].isspace() or not m.group().endswith(want):
            continue
        if not _marker_ends_well(line, start, end):
            continue
        mstart = end - len(want)
        if _glued_to_word(line, m.group(), start, mstart, tokens):
            spans.append((mstart, end))
    return spans


# the words a year follows: a month ("24 november 2023"), a season or the prepositions of a year ("in het voorjaar
# van 2015", "sinds 2019")
_YEAR_CUE_BEFORE = re.compile(r"\b(?:" + "|".join(MONTHS) + r"|van|in|sinds|vanaf|tot|per|medio|eind|begin)\s$",
                              re.IGNORECASE)


def _year_then_marker(line: str, m: re.Match[str], want: str) -> bool:
    """A footnote marker glued to a year: "Met mijn brief van 24 november 20232 heb ik", "in het voorjaar van
    20151." (a year after a month name or a preposition of time, then the marker)."""
    digits = m.group()
    return (len(digits) == 4 + len(want) and digits[4:] == want and 1800 <= int(digits[:4]) <= 2099
            and bool(_YEAR_CUE_BEFORE.search(line, 0, m.start())) and _marker_ends_well(line, m.start(), m.end()))


def _marker_ends_well(line: str, start: int, end: int) -> bool:
    """After the marker: the end of the line, a space or punctuation; or, on a web page that lost the space
    after the marker, a capital after a sentence end ("(Woo).1Met deze brief")."""
    if end == len(line) or line[end].isspace() or line[end] in _CLOSERS:
        return True
    return line[end].isupper() and line[start - 1] in ".!?»”)" and start >= 2 and not line[start - 2].isdigit()


def _glued_to_word(line: str, digits: str, start: int, mstart: int, tokens: Counter | None) -> bool:
    """Do the digits at ``start`` (the marker from ``mstart``) follow a word or punctuation as a marker would?"""
    before = line[start - 1]
    word = _WORD_BEFORE.search(line[:start]).group().lstrip("-")  # type: ignore[union-attr]
    if mstart > start:  # digits before the marker: they must belong to a word the document uses ("D66")
        return before.isalpha() and tokens is not None and bool(tokens.get(word + digits[: mstart - start]))
    if before.isalpha():
        letters = _LETTERS_BEFORE.search(word).group()  # type: ignore[union-attr]
        if len(letters) <= 2 and letters.isupper():  # codes like A4, G20, CO2
            return False
        return not (tokens is not None and tokens.get(word + digits, 0) > 1)  # the glued form is a real token
    if before not in _CLOSERS or start < 2 or line[start - 2].isspace():
        return False
    if line[start - 2].isdigit():  # "1,5", "3.000", "2.3" are numbers; "in 2019.3" is a year + marker
        year = _YEAR_BEFORE.search(line[:start - 1])
        end = start + len(digits)
        return bool(year and len(year.group(1)) == 4 and 1800 <= int(year.group(1)) <= 2099
                    and (end == len(line) or line[end].isspace()))
    return True


@dataclass
class _Note:
    number: int
    lines: list[str] = field(default_factory=list)
    marker: _Candidate | None = None
    placed: bool = False  # its marker is already a sentinel in the text (notes lifted from page text)


# ---------------------------------------------------------------------------------------------------------
# paragraphs

_TERMINAL = ".!?:;…"
_TRAILING_QUOTES = "»”\"'’)]"
_SENTINEL = re.compile("[\U000f0000-\U000ffffd]")


def _sentinel(i: int) -> str:
    return chr(0xF0000 + i)


def _place(line: str, start: int, end: int, idx: int) -> str:
    """Replace the marker at ``line[start:end]`` by note ``idx``'s sentinel; a marker that stood in for the
    space between two sentences ("Kiesrecht.1De evaluatie") leaves that space."""
    gap = " " if end < len(line) and line[end].isalpha() else ""
    return line[:start] + _sentinel(idx) + gap + line[end:]


def _visible(s: str) -> str:
    return _SENTINEL.sub("", s).strip()


def ends_sentence(line: str) -> bool:
    """The line ends with sentence punctuation (closing quotes and brackets looked through)."""
    s = _visible(line).rstrip(_TRAILING_QUOTES)
    return bool(s) and s[-1] in _TERMINAL


def heading_like(line: str, typical: float) -> bool:
    """A short line that can stand alone as a heading ("Bedrijven", "I. De mensenrechtensituatie in China")."""
    s = _visible(line)
    return bool(s) and len(s) <= 0.8 * typical and not s[0].islower() and s[-1] not in ",;-"


def stands_alone(previous: str, line: str, typical: float) -> bool:
    """A heading-like last line of a block after a finished sentence is a heading of its own:
    "... die zich in China bevinden." + "Ruimte voor het maatschappelijk middenveld" + blank line."""
    return (ends_sentence(previous) and heading_like(line, typical) and not ends_sentence(line)
            and _visible(line)[:1].isupper())


def continues_paragraph(previous: Sequence[str], line: str, block_len: int, page_gap: bool,
                        typical: float) -> bool:
    """Does body line ``line`` continue the paragraph whose lines so far are ``previous``?

    Called only where lines are separated by something: a blank line (``page_gap`` False) or a page break,
    running footer or footnote block (``page_gap`` True). ``block_len`` is the number of lines of the
    block that ``line`` starts.
    """
    last = _visible(previous[-1])
    nxt = _visible(line)
    if not last or not nxt:
        return False
    if len(previous) == 1 and heading_like(last, typical) and not ends_sentence(last):
        return False
    starts_lower = nxt[0].islower()
    if last.endswith("-") and last[-2:-1].isalpha():
        return starts_lower or page_gap
    if page_gap:
        if block_len == 1 and heading_like(nxt, typical) and not ends_sentence(nxt):
            return False
        return not (ends_sentence(last) and len(last) < 0.8 * typical)
    return starts_lower and not ends_sentence(last)


def is_kop_line(line: str) -> bool:
    """A line of the kop (dossier and title, "Nr. 65", the title in capitals, addressee, place and date)."""
    return bool(kop.KOP_LINE.match(line.strip()))


def starts_paragraph_dense(previous: Sequence[str], line: str, typical: float) -> bool:
    """In text without blank lines between paragraphs (what pypdf gives for a PDF), does ``line`` start a
    new paragraph? After a heading ("Aanleiding" + "De motie van ..."), at a heading after a finished
    sentence ("... is vastgelegd." + "Stand van zaken"), and after a short last line that ends a sentence
    ("... direct door. Daarmee is de motie uitgevoerd." + "De gewijzigde motie ...")."""
    last = _visible(previous[-1])
    nxt = _visible(line).lstrip("«“\"‘(")
    if last and nxt and (is_kop_line(last) or is_kop_line(nxt)):
        return True
    if not last or not nxt or not nxt[0].isupper():
        return False
    if len(previous) == 1 and heading_like(last, typical) and not ends_sentence(last):
        return True
    if stands_alone(previous[-1], line, typical):
        return True
    return ends_sentence(last) and len(last) < 0.8 * typical


_BULLETS = "•▪●◦■□\uf0b7\uf0a7"  # not "–": a line may start with a dash inside a sentence


def starts_list_item(line: str) -> bool:
    """A line that starts with a bullet ("• vrijheid van religie") begins its own paragraph."""
    s = line.lstrip()
    return len(s) > 2 and s[0] in _BULLETS and s[1].isspace()


# The joining rules look at the end of the text joined so far: its last word, a URL's end. They see its last
# _TAIL characters (a "word" longer than that is no word), so joining n lines takes time linear in n.
_TAIL = 256


def join_lines(a: str, b: str, vocab: Counter | None = None) -> str:
    """Join two lines of one paragraph: resolve a line-break hyphen, rejoin a broken URL, else a space."""
    a = a.rstrip()
    b = b.strip()
    if not a:
        return b
    if not b:
        return a
    cut, sep = _joint(a[-_TAIL:], b, vocab)
    return a[:len(a) - cut] + sep + b


def _joint(a: str, b: str, vocab: Counter | None) -> tuple[int, str]:
    """How line ``b`` (stripped, not empty) joins text that ends in ``a`` (its end, right-stripped, not empty):
    the characters of ``a`` that go (a line-break hyphen) and what stands between."""
    if a.endswith("\u00ad"):
        return 1, ""
    if a.endswith("-"):
        head = a[:-1]
        if not head or head[-1].isspace():  # "mensenrechtenverdedigers en -" + "advocaten"
            return 0, ""
        if b.split(None, 1)[0].lower() in hyphenation.ELLIPSIS_CONJUNCTIONS:  # "bij-" + "en nascholing"
            return 0, " "
        tok = head.rsplit(None, 1)[-1]
        if _URL.search(tok):
            return 0, ""
        if head[-1].isalpha() and b[0].isalpha():
            return (1 if hyphenation.decide(head, b, vocab).join else 0), ""
        return 0, ""
    if continues_url(a, b.split(None, 1)[0]) and a.rsplit(None, 1)[-1][-1] in "/-_=&?#%":
        return 0, ""
    return 0, " "


class _Joined:
    """The lines of one paragraph (or footnote) joined as :func:`join_lines` joins two, in time linear in
    their length: the text so far is kept in parts, the rules see its last ``_TAIL`` characters."""

    def __init__(self) -> None:
        self.parts = _Builder()
        self.tail = ""

    def add(self, line: str, vocab: Counter | None = None, urls: bool = False) -> None:
        """Join ``line`` on; with ``urls``, the rest of a URL broken over lines joins without a space."""
        b = line.strip()
        if not b:
            return
        if not self.parts:
            cut, sep = 0, ""
        elif urls and continues_url(self.tail, b):
            cut, sep = 0, ""
        else:
            cut, sep = _joint(self.tail, b, vocab)
        if cut:
            self.parts.cut(cut)
        self.parts.add(sep + b)
        self.tail = (self.tail[:len(self.tail) - cut] + sep + b)[-_TAIL:]

    def text(self) -> str:
        return self.parts.text()


# ---------------------------------------------------------------------------------------------------------
# damage the text cannot explain


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(w for w in top_n_list("nl", 60) if len(w) >= 2 and w.isalpha())


@lru_cache(maxsize=1)
def _merged_forms() -> frozenset[str]:
    """Every two function words written as one (4-10 letters: "deeen", "dathet"): a word is two function words
    run together exactly when it is one of these."""
    fw = _function_words()
    return frozenset(a + b for a in fw for b in fw if 4 <= len(a) + len(b) <= 10)


_TOKEN = re.compile(r"\w+")
# "EU- eensgezindheid": a hyphen left dangling before a space; fine before a conjunction ("VN- of EU-verband")
_SPLIT_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_](?:[\w-]*[^\W\d_])?- ([^\W\d_]+)")
_DANGLING = re.compile(r"(?<=[^\W\d_])- ([^\W\d_]+)")  # its hyphen and the word after (see _split_compounds)
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n«»\"“”]")
_REPEAT_WITHIN = 5  # tokens: a bigram seen again this close may start a repeated phrase
# a word made of two equal halves; a doubled word needs a frequent half (zipf >= 3), and wordfreq's Dutch words that
# frequent have at most 28 letters
_DOUBLED = re.compile(r"(?<!\S)(\w{2,40})\1(?!\S)")


def _doubled(word: str) -> bool:
    w = word.lower()
    n = len(w) // 2
    return (len(w) >= 4 and len(w) % 2 == 0 and w[:n] == w[n:] and hyphenation.zipf(w) < 1.0
            and hyphenation.zipf(w[:n]) >= 3.0)


def _merged(word: str) -> bool:
    w = word.lower()
    return 4 <= len(w) <= 10 and w in _merged_forms() and hyphenation.zipf(w) < 1.5


def find_damage(text: str) -> list[Warning_]:
    """Extraction damage: "datdat" (doubled_word), "deeen" (merged_words), "in religieuze zakend in
    religieuze" (repeated_phrase), "EU- eensgezindheid" (split_compound). Offsets are into ``text``.

    The words are found in bulk, and only those that can be damaged (two equal halves, two function words, a
    bigram seen again) are looked at one by one, in text order; where they stand is found as they are looked at
    (:class:`_WordSpans`), not kept for every word."""
    words = _words(text)
    warnings: list[Warning_] = []
    suspicious = bytearray(len(words))  # per token: is it a lower-case non-word (zipf ~ 0)?
    damaged = _maybe_damaged(words)
    repeats = _repeated_bigrams(words)
    span = _WordSpans(text)
    for k in (k for k, w in enumerate(words) if w in damaged) if damaged else ():
        start, end = span(k)
        tok = text[start:end]
        if tok.islower() and tok.isalpha():
            if _doubled(words[k]):
                warnings.append(Warning_("doubled_word", tok, start))
                suspicious[k] = True
            elif _merged(words[k]):
                warnings.append(Warning_("merged_words", tok, start))
                suspicious[k] = True
    spans = _repeated_phrases(text, _WordSpans(text), words, suspicious, repeats) if repeats is not None else []
    for start, end in _merge_spans(spans):
        warnings.append(Warning_("repeated_phrase", text[start:end], start))
    for start, end, word in _split_compounds(text):
        if word.lower() not in hyphenation.DANGLING_HYPHEN_WORDS:
            warnings.append(Warning_("split_compound", text[start:end], start))
    warnings.sort(key=lambda w: w.start or 0)
    return warnings


def _words(text: str) -> list[str]:
    """The words of ``text`` in lower case. (When lower case keeps the text's length, every character maps to one
    whose word-ness is the same, so the words of the lower-cased text are the lower-cased words.)
    Each distinct word is one string object (the list holds a reference a word, not a string a word), found a
    piece of the text at a time."""
    low = text.lower()
    same = len(low) == len(text)
    source = low if same else text
    canon: dict[str, str] = {}
    words: list[str] = []
    pos, n = 0, len(source)
    while pos < n:
        cut = _NON_WORD.search(source, pos + _CHUNK) if pos + _CHUNK < n else None
        end = cut.start() if cut else n
        found = _TOKEN.findall(source, pos, end)
        if not same:
            found = [w.lower() for w in found]
        words.extend(map(canon.setdefault, found, found))
        pos = end
    return words


_NON_WORD = re.compile(r"\W")


class _WordSpans:
    """``span(k)``: where word ``k`` of a text (:data:`_TOKEN`) starts and ends, for ``k`` that do not go back more
    than a few words (``keep``) behind the furthest asked for: the words are found as they are asked for and only the
    last few kept (an array of two offsets per word of a large text would cost 8 bytes a word)."""

    def __init__(self, text: str, keep: int = 4 * _REPEAT_WITHIN) -> None:
        self.found = _TOKEN.finditer(text)
        self.window: deque[tuple[int, int]] = deque(maxlen=keep)
        self.next = 0  # the number of the next word to find

    def __call__(self, k: int) -> tuple[int, int]:
        while self.next <= k:
            self.window.append(next(self.found).span())
            self.next += 1
        back = self.next - 1 - k
        if back >= len(self.window):
            raise IndexError(f"word {k} is no longer kept")
        return self.window[-1 - back]


def _split_compounds(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the word after) of every word whose hyphen dangles before a space ("EU- eensgezindheid"): what
    :data:`_SPLIT_COMPOUND` finds, found from the hyphens (a letter before "- "), each word's start looked for
    back from its hyphen."""
    found: list[tuple[int, int, str]] = []
    last = 0  # the end of the match before: matches do not overlap
    for m in _DANGLING.finditer(text) if "- " in text else ():
        k = m.start()  # the hyphen; the word before it is a run of word characters and hyphens
        while k > last and (text[k - 1].isalnum() or text[k - 1] in "-_"):
            k -= 1
        if k == last and k and (text[k - 1].isalnum() or text[k - 1] in "-_"):
            continue  # the word began inside the match before
        if text[k].isalnum() and not text[k].isdecimal():  # it starts with a letter
            found.append((k, m.end(), m.group(1)))
            last = m.end()
    return found


def _maybe_damaged(words: list[str]) -> set[str]:
    """The distinct words that may be doubled ("datdat": two equal halves) or merged (two function words)."""
    distinct = set(words)
    found = distinct & _merged_forms()
    found.update(half + half for half in _DOUBLED.findall(" ".join(distinct)))
    return found


def _nonword(tok: str) -> bool:
    return tok.islower() and tok.isalpha() and len(tok) > 2 and hyphenation.zipf(tok) < 1.0


def _repeated_bigrams(words: list[str]) -> array[int] | None:
    """For each token ``j`` whose bigram (``j``, ``j + 1``) was seen at most :data:`_REPEAT_WITHIN` tokens before:
    the nearest such ``i`` at ``j`` (else -1); None when there is none. Found in bulk: for each distance, a byte per
    token says whether it equals the one that far on (so text that is one long repetition costs bytes, not sets)."""
    nearest: array[int] | None = None
    for d in range(1, _REPEAT_WITHIN + 1):
        same = bytes(map(eq, words, islice(words, d, None)))  # words[k] == words[k + d]
        for k in compress(count(), map(and_, same, islice(same, 1, None))):  # and words[k + 1] == words[k + 1 + d]
            if nearest is None:
                nearest = array(_index_code(len(words)), [-1]) * len(words)
            if nearest[k + d] < 0:
                nearest[k + d] = k
    return nearest


def _repeated_phrases(text: str, span: _WordSpans, words: list[str], suspicious: bytearray,
                      repeats: array[int]) -> list[tuple[int, int]]:
    """A phrase of 2-3 words repeated right after itself, or with only non-words between the two
    ("in religieuze zakend in religieuze", "opvolger van deeen opvolger van"): a bad join of two lines.
    ``repeats``: :func:`_repeated_bigrams`; ``span``: where each word stands. (Overlapping spans are merged as they
    pile up, so text that is one long repetition keeps few.)"""
    spans: list[tuple[int, int]] = []
    for j, i in enumerate(repeats):
        if i < 0:
            continue
        key = (words[j], words[j + 1])
        end = span(j + 1)[1]  # the furthest word asked for first: the window then holds words i .. j + 1
        if _CLAUSE_BREAK.search(text, span(i)[0], span(j)[0]):
            continue
        adjacent = words[i:j] == words[j:2 * j - i]  # "a b c a b c"
        if not adjacent and not all(suspicious[k] or _nonword(text[slice(*span(k))]) for k in range(i + 2, j)):
            continue
        if all(hyphenation.zipf(w) >= 5.5 for w in key):
            continue
        spans.append((span(i)[0], end))
        if len(spans) >= 4096 and len(spans) & 4095 == 0:
            spans = _merge_spans(spans)
    return spans


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# ---------------------------------------------------------------------------------------------------------
# the stage


def clean(raw: RawDocument) -> Cleaned:
    """Clean a read document (see the module docstring for the rules)."""
    if raw.structured:  # no extraction, so no extraction damage: nothing to do
        return Cleaned(text=raw.text, footnotes=list(raw.footnotes), warnings=[])
    if raw.source == Source.TEXT:
        return clean_plain_text(raw.text)
    return clean_pdf_text(raw.text)


def split_front_matter(text: str) -> tuple[str, list[str]]:
    """Page chrome (:mod:`kamerspoor.rules.page_chrome`) and the kop (:mod:`kamerspoor.rules.kop`) out of
    ``text``: their lines are blanked (a form feed on them is kept) and returned, whitespace collapsed, in
    text order."""
    lines, chrome = table_cells(_Lines(text))
    rest = lines.copy()
    rest.changed.update(dict.fromkeys(chrome, ""))
    removed = sorted(chrome | set(kop.kop_lines(rest)))
    headers = [" ".join(lines[i].split()) for i in removed]
    for i in removed:
        lines[i] = "\f" * lines[i].count("\f")
    return lines.joined(), headers


_TABLE_ROW = re.compile(r"\s\|(?:\s|$)|^\|")


def table_cells(lines: _Lines) -> tuple[_Lines, set[int]]:
    """The page chrome (:func:`kamerspoor.rules.page_chrome.find_chrome`), and every other row of a table rendered
    with bars (the newest officielebekendmakingen pages: "Omschrijving | Vindplaats | Stand van zaken |", a PDF
    preview's "Tweede Kamer der Staten-Generaal | 2 |") as its cells, one line each; a bar alone is nothing.
    Returns the lines and the indices of the chrome lines among them."""
    chrome = page_chrome.find_chrome(lines)
    if "|" not in lines.text:
        return lines, chrome
    out = _Builder()
    n = 0  # lines out so far
    kept: set[int] = set()
    for i, line in enumerate(lines):
        if i in chrome or not _TABLE_ROW.search(line):
            if i in chrome:
                kept.add(n)
            cells = [line]
        else:
            feed = "\f" * line.count("\f")
            cells = [feed + c for c in (c.strip() for c in line.split("|")) if c.strip("\f")] or [feed]
        for c in cells:
            out.add("\n" + c if n else c)
            n += 1
    return _Lines(out.text()), kept


# uniform deep indentation of (nearly) every line is the markup of a web page (tweedekamer.nl), no page mark
_DEEP_INDENT = re.compile(r"^[ \t\u00a0]{8,}\S")


def dedent_markup(text: str) -> str:
    """Text whose lines (nearly) all carry a deep indentation, without form feeds: the indentation removed.
    (Lines counted by pattern over the whole text, not split into a list.)"""
    if "\f" in text:
        return text
    filled = sum(1 for _ in _FILLED_LINE.finditer(text))
    if filled < 5 or sum(1 for _ in _DEEP_INDENT_LINE.finditer(text)) < 0.8 * filled:
        return text
    return _LINE_INDENT.sub("", text)


# in multi-line patterns: a line with a character that is no whitespace; a deeply indented line (as _DEEP_INDENT);
# a line's indentation of spaces, tabs and no-break spaces; a line that starts with whitespace and has text
_FILLED_LINE = re.compile(r"^[^\S\n]*\S", re.M)
_DEEP_INDENT_LINE = re.compile(_DEEP_INDENT.pattern, re.M)
_LINE_INDENT = re.compile(r"^[ \t\u00a0]+", re.M)
_INDENTED_LINE = re.compile(r"^[^\S\n]+\S", re.M)


def clean_plain_text(text: str) -> Cleaned:
    """Plain text without PDF artefacts (one paragraph per line, e.g. saved from a web page): page chrome
    and kop out, footnotes at the end of the page lifted out (:func:`lift_end_notes`), every other
    non-empty line a paragraph, whitespace collapsed."""
    text, front = split_front_matter(_normalise(text))
    lines, notes = lift_end_notes(_Lines(text))
    # a PDF shown inside the page (tkconv's preview) brings its running footer and colophon: metadata
    footer = bytearray(bool(_HEADER.match(t) or _COLOPHON.match(t)) for t in map(str.strip, lines))
    front += [" ".join(line.split()) for line, out in zip(lines, footer, strict=True) if out]
    paras = (_collapse(line) for line, out in zip(lines, footer, strict=True) if not out)
    final, anchors = _resolve_sentinels(_join((p for p in paras if _visible(p)), "\n\n"))
    footnotes, warnings = _footnotes(notes, anchors)
    return Cleaned(text=final, footnotes=footnotes, warnings=find_damage(final) + warnings, headers=front)


def has_page_marks(text: str) -> bool:
    """PDF text shows its pages: form feeds, or page-first lines indented (pdftotext)."""
    return "\f" in text or bool(_INDENTED_LINE.search(text))


_MAX_NOTE_CONTINUATION = 2


def _end_block(lines: _Lines, first: int) -> list[_Note] | None:
    """The notes on the filled lines from line ``first`` to the end of the text when they are numbered 1, 2, 3 ...
    in sequence; a note may run on over a couple of lines (a wrapped text or URL)."""
    notes: list[_Note] = []
    for i in range(first, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        if is_running_header(s):  # a page footer under the notes stays for the PDF rules
            continue
        fs = footnote_start(s)
        if fs and fs[0] == len(notes) + 1:
            notes.append(_Note(fs[0], [fs[1]]))
        elif notes and (continues_url(notes[-1].lines[-1], s) or len(notes[-1].lines) <= _MAX_NOTE_CONTINUATION):
            notes[-1].lines.append(s)
        else:
            return None
    return notes


def lift_end_notes(lines: _Lines) -> tuple[_Lines, list[_Note]]:
    """Footnotes of a web page's text: numbered lines at the end of the text ("1 Kamerstuk 26 643, nr.
    970", "2 https://..."), after the signature or under a heading "Noten"/"Voetnoten".

    Their markers are found in the text before them in sequence (:func:`marker_candidates`) and replaced by
    sentinels; without the heading every note must have its marker (a numbered list at the end of a
    letter is no footnote block). Returns the body lines (notes and heading removed, a running page footer
    kept) and the notes.
    """
    lines = _join_bare_note_numbers(lines)
    tokens: Counter | None = None  # counted when a block of notes is found
    before = None  # the filled line before line i
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        fs = footnote_start(line.strip())
        notes = _end_block(lines, i) if before is not None and fs and fs[0] == 1 else None
        if notes is None:
            before = i
            continue
        heading = " ".join(lines[before].split()).casefold().rstrip(":") in letter.NOTES_HEADINGS
        body_end = before if heading else i
        body = lines.head(body_end)
        tokens = tokens if tokens is not None else _token_counts(lines.joined())
        found = _markers_in_sequence(body, notes, tokens)
        if not any(found) or (not heading and not all(found)):
            before = i
            continue
        for idx, hit in sorted(((k, h) for k, h in enumerate(found) if h), key=lambda x: (x[1][0], -x[1][1])):
            li, s, e = hit
            body[li] = _place(body[li], s, e, idx)
            notes[idx].placed = True
        # the notes' lines go (not blanked: text without blank lines stays dense); a page footer stays
        footers = [lines[k] for k in range(body_end, len(lines)) if is_running_header(lines[k])]
        return _Lines("\n".join(([body.joined()] if body_end else []) + footers)), notes
    return lines, []


def _token_counts(text: str) -> Counter:
    """How often each word token (:data:`_WORD_TOKEN`) occurs in ``text``, counted a piece at a time (a token never
    spans a line break)."""
    tokens: Counter = Counter()
    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos + _CHUNK)
        end = n if end < 0 else end
        tokens.update(_WORD_TOKEN.findall(text, pos, end))
        pos = end + 1
    return tokens


def _join_bare_note_numbers(lines: _Lines) -> _Lines:
    """Under a notes heading, a marker on a line of its own joined to the text on the next filled line ("X Noot" /
    "1" / "Kamerstukken I 2017/18, ..." -> "1 Kamerstukken I 2017/18, ..."); other lines as they are."""
    head = None  # the last notes heading
    for i, line in enumerate(lines):
        if " ".join(line.split()).casefold().rstrip(":") in letter.NOTES_HEADINGS:
            head = i
    if head is None:
        return lines
    out = _Builder()
    out.add(lines.head(head + 1).joined())
    k, n = head + 1, len(lines)
    while k < n:
        line = lines[k]
        bare = letter.BARE_NOTE_NUMBER.match(line.strip())
        nxt = next((j for j in range(k + 1, n) if lines[j].strip()), None) if bare else None
        if bare and nxt is not None and not letter.BARE_NOTE_NUMBER.match(lines[nxt].strip()):
            out.add(f"\n{line.strip()} {lines[nxt].strip()}")
            k = nxt + 1
        else:
            out.add("\n" + line)
            k += 1
    return _Lines(out.text())


def _markers_in_sequence(body: _Lines, notes: list[_Note], tokens: Counter) -> list[tuple[int, int, int] | None]:
    """Where each note's marker stands in ``body`` (line, start, end), each after the one before; None where a
    note's marker is not found."""
    found: list[tuple[int, int, int] | None] = []
    at = (0, 0)
    for note in notes:
        hit = _wrapped_marker(body, found[-1] if found else None, note.number)
        for li in range(at[0], len(body)) if hit is None else ():
            spans = [(s, e) for s, e in marker_candidates(body[li], note.number, tokens) if li > at[0] or s >= at[1]]
            if spans:
                hit = (li, *spans[0])
                break
        found.append(hit)
        if hit:
            at = (hit[0], hit[2])
    return found


def _wrapped_marker(body: _Lines, previous: tuple[int, int, int] | None, number: int) -> tuple[int, int, int] | None:
    """A marker that a hard wrap put at the start of the next line, right after the marker before it ended a line
    ("«Samen sterker in de kern»1," / "2 heb ik ..."): markers 1 and 2 of one place."""
    if previous is None or previous[0] + 1 >= len(body):
        return None
    li, _, end = previous
    nxt = body[li + 1]
    want = str(number)
    if body[li][end:].strip(" ,;") or not nxt.startswith(want + " "):
        return None
    return (li + 1, 0, len(want))


def _resolve_sentinels(joined: str) -> tuple[str, dict[int, int]]:
    """Text without the marker sentinels, and each sentinel's note index -> its offset in that text."""
    anchors: dict[int, int] = {}
    pieces = []
    pos = 0
    last = 0
    for m in _SENTINEL.finditer(joined):
        pieces.append(joined[last:m.start()])
        pos += m.start() - last
        anchors[ord(m.group()) - 0xF0000] = pos
        last = m.end()
        # a marker that stood alone between two spaces (wrapped to the start of a line) leaves one space
        if joined[m.start() - 1:m.start()] == " " and joined[last:last + 1] == " ":
            last += 1
    pieces.append(joined[last:])
    return "".join(pieces), anchors


def _footnotes(notes: list[_Note], anchors: dict[int, int]) -> tuple[list[Footnote], list[Warning_]]:
    footnotes = []
    warnings: list[Warning_] = []
    for idx, note in enumerate(notes):
        joined = _Joined()
        for t in note.lines:
            joined.add(t, urls=True)
        ftext = " ".join(joined.text().split())
        anchor = anchors.get(idx)
        footnotes.append(Footnote(marker=str(note.number), text=ftext, urls=urls_in(ftext), anchor=anchor))
        if anchor is None:
            warnings.append(Warning_("footnote_without_marker", f"{note.number} {ftext}"[:200], None))
    return footnotes, warnings


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SENTINEL.sub("", text).replace("\x00", "")
    text = re.sub("\u00ad[ \t]*\n", "\u00ad\n", text)
    return re.sub("\u00ad(?!\n)", "", text)


def _typical_length(lengths: list[int]) -> float:
    if len(lengths) < 5:
        return float(max(lengths, default=60))
    s = sorted(lengths)
    return float(s[(len(s) * 3) // 4])


def clean_pdf_text(text: str) -> Cleaned:
    """Clean text extracted from a PDF (pdftotext-like: one line per printed line). Page chrome and kop go
    first; text without page marks (a hard-wrapped copy of a web page) has its end notes lifted like
    :func:`clean_plain_text`."""
    text, front = split_front_matter(dedent_markup(_normalise(text)))
    pre: list[_Note] = []
    if not has_page_marks(text):
        lines, pre = lift_end_notes(_Lines(text))
        text = lines.joined()
    cleaned = _clean_pdf_lines(text, pre)
    cleaned.headers = front + cleaned.headers
    return cleaned


def _clean_pdf_lines(text: str, pre: list[_Note]) -> Cleaned:
    """The PDF rules over the lines of ``text`` (see the module docstring): running headers and footnote blocks
    out, markers found, lines reflowed into paragraphs."""
    pdf = _PdfLines(text, pre)
    pdf.sort_lines()
    pdf.find_late_markers()
    pdf.place_markers()
    final, anchors = _resolve_sentinels(_join(pdf.paragraphs(), "\n\n"))
    footnotes, warnings = _footnotes(pdf.notes, anchors)
    headers = pdf.headers
    del pdf  # the lines' arrays go before damage detection builds its own
    return Cleaned(text=final, footnotes=footnotes, warnings=find_damage(final) + warnings, headers=headers)


# what a line of PDF text is (_PdfLines.kinds, a byte a line)
_BODY, _BLANK, _FOOTER, _FOOTNOTE = range(4)


class _PdfLines:
    """The lines of PDF text as the clean stage sorts them: body, blank, running footer or footnote. Kept compactly
    (see :class:`_Lines`): the lines as offsets, a byte a line for its kind and whether it starts a page, the body
    lines as an array of line numbers; a body line is its line unless a marker was placed in it (``placed``)."""

    def __init__(self, text: str, pre: list[_Note]) -> None:
        self.lines = _Lines(text, feeds=True)
        self.n = len(self.lines)
        self.page_start = bytearray(self.n)
        self.kinds = bytearray(self.n)  # _BODY until sorted
        lengths: Counter[int] = Counter()  # of the filled lines, stripped
        first = last = -1  # the first and last filled line
        blank_inside = False  # a blank line between two filled ones
        text, starts = self.lines.text, self.lines.starts
        for k, line in enumerate(self.lines):
            stripped = line.strip()
            # the first line of a page after the first (after a form feed), or an indented line with text
            self.page_start[k] = (k > 0 and text[starts[k] - 1] == "\f") or (line[:1].isspace() and bool(stripped))
            if stripped:
                lengths[len(stripped)] += 1
                blank_inside = blank_inside or last not in (-1, k - 1)
                first, last = (k if first < 0 else first), k
        self.page_marks = any(self.page_start[1:])
        # no blank line anywhere (pypdf's text of a PDF): paragraph and footnote breaks must be read from the
        # lines (blank lines before the first and after the last line of text do not count: a file ends with a
        # newline)
        self.dense = first != last and not blank_inside
        self.typical_all = _typical_of(lengths)
        self._tokens: Counter | None = None
        self.headers: list[str] = []
        self.notes: list[_Note] = list(pre)
        self.body = array(_index_code(self.n))  # line numbers of the body lines
        self.placed: dict[int, str] = {}  # body lines with a marker's sentinel in them
        self.search_from = (0, 0)  # where the next marker search starts (body line, column)
        self.expected = len(self.notes) + 1

    @property
    def tokens(self) -> Counter:
        """How often each word token occurs in the text (counted when a marker is first looked for)."""
        if self._tokens is None:
            self._tokens = _token_counts(self.lines.text)
        return self._tokens

    def body_line(self, bi: int) -> str:
        if self.placed and bi in self.placed:
            return self.placed[bi]
        li = self.body[bi]
        return self.lines.text[self.lines.starts[li]:self.lines.starts[li + 1] - 1]

    def find_marker(self, number: int, frm: tuple[int, int],
                    until: tuple[int, int] | None = None) -> _Candidate | None:
        """The first place after ``frm`` (and before ``until``) where footnote ``number``'s marker may stand."""
        bi, col = frm
        while bi < len(self.body):
            if until is not None and bi > until[0]:
                return None
            for s, e in marker_candidates(self.body_line(bi), number, self.tokens):
                if s < col and bi == frm[0]:
                    continue
                if until is not None and (bi, s) >= until:
                    return None
                return _Candidate(bi, s, e)
            bi += 1
        return None

    def is_break(self, j: int) -> bool:
        return j >= self.n or bool(self.page_start[j]) or is_running_header(self.lines[j])

    def sort_lines(self) -> None:
        """Every line a kind: blank, footer (kept in ``headers`` when it has words), footnote or body."""
        i = 0
        while i < self.n:
            line = self.lines[i]
            if not line.strip():
                self.kinds[i] = _BLANK
                i += 1
            elif is_running_header(line):
                self.kinds[i] = _FOOTER
                if re.search(r"[^\W\d_]", line):
                    self.headers.append(" ".join(line.split()))
                i += 1
            else:
                i = self.footnote_block(i) or self.take_body(i)

    def take_body(self, i: int) -> int:
        self.body.append(i)
        return i + 1

    def block_start(self, i: int) -> tuple[tuple[int, str], bool] | None:
        """``(first footnote, right after the body)`` when a footnote block may start at line ``i``: the next
        footnote in sequence after a blank line or footer (the first one may start above 1: an excerpt), or in
        dense text right after a body line that ends a sentence."""
        fs = footnote_start(self.lines[i]) if not self.page_start[i] else None
        if not fs or i == 0:
            return None
        after_body = self.dense and self.kinds[i - 1] == _BODY and ends_sentence(self.lines[i - 1])
        if not (self.kinds[i - 1] in (_BLANK, _FOOTER) or after_body):
            return None
        if fs[0] != self.expected and not (not self.notes and 1 < fs[0] < 500):
            return None
        return fs, after_body

    def footnote_block(self, i: int) -> int | None:
        """When a footnote block starts at line ``i``: its notes taken, and the line after it; else None. In
        dense text a block that follows the body directly needs its marker and must run to the page's end;
        otherwise it needs its marker or the page's end, and to be next in sequence (or both)."""
        start = self.block_start(i)
        if start is None:
            return None
        fs, after_body = start
        open_sentence = bool(self.body) and not ends_sentence(self.body_line(len(self.body) - 1))
        end, block = _scan_footnote_block(self.lines, self.page_start, i, fs, self.page_marks, open_sentence,
                                          self.typical_all)
        found = self.find_marker(fs[0], self.search_from) is not None
        after = end
        while after < self.n and not self.lines[after].strip():
            after += 1
        bottom = self.is_break(after)
        if not (found and bottom if after_body else (found or bottom) and (fs[0] == self.expected or found and bottom)):
            return None
        for k in range(i, end):
            self.kinds[k] = _FOOTNOTE
        for note in block:
            cand = self.find_marker(note.number, self.search_from)
            if cand is not None:
                note.marker = cand
                self.search_from = (cand.line, cand.end)
            self.notes.append(note)
        self.expected = block[-1].number + 1
        return end

    def find_late_markers(self) -> None:
        """Footnotes whose marker was not found before their body: looked for further on, up to the next known
        marker."""
        for k, note in enumerate(self.notes):
            if note.marker is None and not note.placed:
                prev = next((x.marker for x in reversed(self.notes[:k]) if x.marker), None)
                nxt = next((x.marker for x in self.notes[k + 1:] if x.marker), None)
                frm = (prev.line, prev.end) if prev else (0, 0)
                note.marker = self.find_marker(note.number, frm, (nxt.line, nxt.start) if nxt else None)

    def place_markers(self) -> None:
        """Markers replaced by sentinels (right to left within a line keeps offsets valid)."""
        by_line: dict[int, list[tuple[int, int, int]]] = {}
        for idx, note in enumerate(self.notes):
            if note.marker:
                by_line.setdefault(note.marker.line, []).append((note.marker.start, note.marker.end, idx))
        for bi, spans in by_line.items():
            s = self.body_line(bi)
            for start, end, idx in sorted(spans, reverse=True):
                s = _place(s, start, end, idx)
            self.placed[bi] = s

    def reflow(self, typical: float) -> Iterator[tuple[int, int]]:
        """The body lines grouped into paragraphs: (first, end) body line numbers of each, in order."""
        body, page_start = self.body, self.page_start
        first = 0  # the paragraph so far: body lines first .. bi - 1
        t = self.body_line(0) if len(body) else ""
        for bi in range(1, len(body)):
            li = body[bi]
            last, t = t, self.body_line(bi)
            # the lines of the block that line bi starts: the rules only ask whether it is one (the next body line
            # is not the next line, or starts a page), so 2 stands for "more than one" (no array of every length)
            block_len = 2 if bi + 1 < len(body) and body[bi + 1] == li + 1 and not page_start[li + 1] else 1
            # what the rules see of the paragraph so far: its last line, and whether it has only that one
            previous = (last,) if first == bi - 1 else ("", last)
            between = self.kinds[self.body[bi - 1] + 1:li]
            if not between and not self.page_start[li]:
                new = (starts_list_item(t) or (block_len == 1 and stands_alone(last, t, typical))
                       or (self.dense and starts_paragraph_dense(previous, t, typical)))
            else:
                page_gap = bool(self.page_start[li]) or _FOOTER in between or _FOOTNOTE in between
                new = not continues_paragraph(previous, t, block_len, page_gap, typical)
            if new:
                yield first, bi
                first = bi
        if len(self.body):
            yield first, len(self.body)

    def paragraphs(self) -> Iterator[str]:
        """The paragraphs' text: lines joined (line-break hyphens resolved), whitespace collapsed. (The document's
        vocabulary, which only a line-break hyphen consults, is counted only when a line ends in one.)"""
        lines = (self.body_line(bi) for bi in range(len(self.body)))
        vocab = (hyphenation.document_vocabulary(_visible(_join(lines, "\n")))
                 if _HYPHEN_AT_END.search(self.lines.text) else None)
        lengths: Counter[int] = Counter()
        for bi in range(len(self.body)):
            stripped = self.body_line(bi).strip()
            if stripped:
                lengths[len(stripped)] += 1
        typical = _typical_of(lengths)
        for first, end in self.reflow(typical):
            joined = _Joined()
            for bi in range(first, end):
                joined.add(self.body_line(bi), vocab)
            acc = _collapse(joined.text())
            if _SHOWN.search(acc):  # _visible(acc) is not empty (without making it)
                yield acc


# a character that is neither whitespace nor a marker's sentinel
_SHOWN = re.compile(r"[^\s\U000f0000-\U000ffffd]")
# a line that ends in a hyphen (spaces after it allowed): only then can a line-break hyphen be resolved
_HYPHEN_AT_END = re.compile(r"-[^\S\n\f]*(?:[\n\f]|\Z)")


def _typical_of(lengths: Counter[int]) -> float:
    """:func:`_typical_length` of the lengths counted in ``lengths`` (length -> how many lines)."""
    total = sum(lengths.values())
    if total < 5:
        return float(max(lengths, default=60))
    k = (total * 3) // 4  # the k-th smallest (from 0)
    for length in sorted(lengths):
        k -= lengths[length]
        if k < 0:
            return float(length)
    raise AssertionError("unreachable")


def _scan_footnote_block(lines: Sequence[str], page_start: Sequence[int], i: int, first: tuple[int, str],
                         page_marks: bool = True, open_sentence: bool = False,
                         typical: float = 72.0) -> tuple[int, list[_Note]]:
    """The footnote block starting at line ``i``: its end (exclusive) and its footnotes.

    The block ends at a new page, a running header, or a blank line not followed by the next footnote or
    the rest of a URL. Without page marks in the text (no indented first lines, no form feeds) it also ends
    where the body evidently resumes: the body sentence before the block was left open, or a heading
    follows.
    """
    n = len(lines)
    notes = [_Note(first[0], [first[1]])]
    j = i + 1
    while j < n:
        line = lines[j]
        if page_start[j] or (is_running_header(line) and not continues_note(notes[-1].lines[-1], line)):
            break
        if not line.strip():
            j, goes_on = _after_blanks(lines, page_start, j, notes)
            if goes_on:
                continue
            return j, notes
        fs = footnote_start(line)
        if fs and fs[0] == notes[-1].number + 1:
            notes.append(_Note(fs[0], [fs[1]]))
        elif continues_url(notes[-1].lines[-1], line):
            notes[-1].lines.append(line)
        else:
            if not page_marks and _body_resumes(lines, j, open_sentence, typical):
                break
            notes[-1].lines.append(line)
        j += 1
    return j, notes


def _after_blanks(lines: Sequence[str], page_start: Sequence[int], j: int, notes: list[_Note]) -> tuple[int, bool]:
    """At the blank line ``j`` of a footnote block: (the next filled line, True) when it goes on with the next
    footnote or the rest of a URL; else (where the block ends, False)."""
    n = len(lines)
    k = j + 1
    while k < n and not lines[k].strip():
        k += 1
    if k >= n or page_start[k]:
        return k, False
    fs = footnote_start(lines[k])
    if (fs and fs[0] == notes[-1].number + 1) or continues_url(notes[-1].lines[-1], lines[k]):
        return k, True
    return j, False


def _body_resumes(lines: Sequence[str], j: int, open_sentence: bool, typical: float) -> bool:
    """In text without page marks: the body goes on at line ``j`` (the sentence before the block was left open,
    or a heading follows)."""
    line = lines[j]
    followed_by_blank = j + 1 >= len(lines) or not lines[j + 1].strip()
    return open_sentence or (followed_by_blank and heading_like(line, typical) and not ends_sentence(line))
