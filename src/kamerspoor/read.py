"""Stage 1, read: a file as published -> ``RawDocument`` (raw text plus the metadata the source states).

Sources, recognised by content (the file name is only used in messages):

- plain text extracted from a PDF (``Source.PDF_TEXT``) or plain text (``Source.TEXT``): returned raw,
  the clean stage removes the artefacts. UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.
- PDF (``Source.PDF``): page texts from pypdf joined with a newline, so it looks like the PDF-text case.
- officielebekendmakingen XML (``Source.XML``) and its HTML page (``Source.HTML``): ``structured=True``;
  the text is clean paragraphs separated by a blank line, footnote bodies are lifted out into
  ``RawDocument.footnotes`` (anchored at the word they were attached to), headings are given as hints and
  ``metadata`` holds the record's ``document`` fields the source states.

Every problem with the input raises ``InputError`` naming the file (and line where known).
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from kamerspoor.model import Footnote, Heading, InputError, Kind, RawDocument, Source
from kamerspoor.rules import kinds
from kamerspoor.rules.identifiers import kst_id

#: Largest text, XML or HTML input accepted (bytes); a Kamerstuk is rarely more than a few hundred kB.
MAX_BYTES = 20_000_000
#: Largest PDF accepted (bytes): PDFs carry fonts and images, so they may be larger than their text.
MAX_PDF_BYTES = 100_000_000

_SNIFF = 4096  # bytes looked at to recognise the kind of input


# ---------------------------------------------------------------------------------------------------------
# public API


def read_path(path: str | Path) -> RawDocument:
    """Read one file (PDF text, PDF, officielebekendmakingen XML or HTML, plain text)."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(_SNIFF)
            limit = MAX_PDF_BYTES if b"%PDF-" in head[:1024] else MAX_BYTES
            if size > limit:
                raise InputError(name, _too_large(size, limit))
            data = head + fh.read()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a document") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as e:
        raise InputError(name, f"cannot read file: {e.strerror or e}") from None
    if sniff(data, name) == Source.XML:
        return _read_xml(data, name, extra_metas=_sibling_metadata(Path(path)))
    return read_bytes(data, name=name)


def _sibling_metadata(path: Path) -> dict[str, list[str]]:
    """The <meta> fields of a ``metadata.xml`` stored next to a publication's XML (as officielebekendmakingen
    serves it, and as ``kamerspoor fetch`` stores it): some publications carry only a link to it."""
    for candidate in (path.parent / "metadata.xml", path.with_name(f"{path.stem}.metadata.xml")):
        if candidate == path or not candidate.is_file():
            continue
        try:
            root = _parse_xml(candidate.read_bytes(), str(candidate))
        except (InputError, OSError):
            return {}  # a damaged metadata file never stops the document itself from being read
        # <metadata name content> as the repository writes metadata.xml (<metadata_gegevens>), <meta> in copies
        return _collect_metas(m for m in root.iter() if isinstance(m.tag, str)
                              and (m.tag.endswith("meta") or (m.tag.endswith("metadata") and m.get("name"))))
    return {}


def read_bytes(data: bytes, name: str | None = None) -> RawDocument:
    """Read a document given as bytes; ``name`` is used in error messages and as ``RawDocument.path``."""
    kind = sniff(data, name)
    limit = MAX_PDF_BYTES if kind == Source.PDF else MAX_BYTES
    if len(data) > limit:
        raise InputError(name, _too_large(len(data), limit))
    if kind == Source.PDF:
        return _read_pdf(data, name)
    if kind == Source.XML:
        return _read_xml(data, name)
    if kind == Source.HTML:
        return _read_html(data, name)
    text = decode(data)
    return RawDocument(text=text, source=_text_source(text), path=name)


def sniff(data: bytes, name: str | None = None) -> Source:
    """What kind of document ``data`` is, judged by its content.

    Returns ``Source.PDF``, ``Source.XML``, ``Source.HTML`` or ``Source.PDF_TEXT`` (any text);
    raises ``InputError`` for empty input and binary data.
    """
    head = data[:_SNIFF]
    if b"%PDF-" in head[:1024]:
        return Source.PDF
    if not data.strip():
        raise InputError(name, "empty file")
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and _looks_binary(head):
        what = " (a ZIP archive, e.g. .docx/.odt, is not supported)" if head.startswith(b"PK\x03\x04") else ""
        raise InputError(name, f"binary data, not a document{what}")
    if utf16:
        start = head.decode("utf-16", errors="replace").lstrip().lower()
    else:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().decode("latin-1")
        if not data.strip(b"\xef\xbb\xbf \t\r\n"):
            raise InputError(name, "empty file")
    if start.startswith("<"):
        if "<officiele-publicatie" in start:
            return Source.XML
        # a saved page may open with a comment or an XML declaration (XHTML) before <html>
        if start.startswith(("<!doctype html", "<html")) or "<html" in start or "<body" in start:
            return Source.HTML
        if start.startswith("<?xml"):
            return Source.XML
    return Source.PDF_TEXT


def decode(data: bytes) -> str:
    """Bytes of a text file -> str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; LF line ends; NFC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="kamerspoor-latin1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _nfc(text)


def surname(indiener: str) -> str:
    """A person's surname as it stands alone: "M.G.F. Rikkers-Oosterkamp" -> "Rikkers-Oosterkamp",
    "L. van der Graaf" -> "Van der Graaf", "E. (Emiel) van Dijk" -> "Van Dijk"."""
    words = re.sub(r"\([^)]*\)", " ", indiener).split()
    while len(words) > 1 and (_INITIALS.match(words[0]) or words[0].lower() in _TITLES):
        words.pop(0)
    s = " ".join(words)
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------------------
# text


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"


_CONTROL = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\f", b"")
_CONTROL += b"\x7f"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05


def _latin1_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    # the five bytes cp1252 leaves undefined keep their Latin-1 code point instead of being lost
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("kamerspoor-latin1", _latin1_fallback)


def _nfc(s: str) -> str:
    return s if s.isascii() or unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def _text_source(text: str) -> Source:
    """PDF text is hard-wrapped (short lines) or has page breaks; text saved from a web page is not."""
    if "\f" in text:
        return Source.PDF_TEXT
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    lengths = sorted(len(line) for line in lines)
    if lengths and lengths[len(lengths) // 2] > 120:
        return Source.TEXT
    # a short page with many short kop lines ("Nr. 168 BRIEF VAN ...", "Moties", "VVD") still has its
    # paragraphs on lines of their own: the long lines end a sentence, where hard-wrapped PDF lines mostly
    # stop mid-sentence
    long = [line for line in lines if len(line) >= 60]
    if long and lengths[-1] > 150 and sum(bool(_LINE_ENDS_SENTENCE.search(line)) for line in long) >= 0.5 * len(long):
        return Source.TEXT
    return Source.PDF_TEXT


_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;»”\")]\s*\d{0,3}$")


# ---------------------------------------------------------------------------------------------------------
# PDF


class _PdfLog(logging.Handler):
    """Collects what pypdf says about a damaged file instead of letting it reach the user's terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _read_pdf(data: bytes, name: str | None) -> RawDocument:
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise InputError(name, "truncated or damaged PDF (no end-of-file marker)")
    logger = logging.getLogger("pypdf")
    log = _PdfLog()
    propagate = logger.propagate
    logger.addHandler(log)
    logger.propagate = False
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError) as e:
                raise InputError(name, f"encrypted PDF that cannot be opened ({e})") from None
            if not ok:
                raise InputError(name, "encrypted PDF: a password is needed to read its text")
        pages = [_page_text(page) for page in reader.pages]
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(name, "encrypted PDF: a password is needed to read its text") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RecursionError, OSError) as e:
        raise InputError(name, f"truncated or damaged PDF ({type(e).__name__}: {e})") from None
    finally:
        logger.removeHandler(log)
        logger.propagate = propagate
    # pages joined by a form feed: the clean stage reads it as an explicit page break
    text = "\f".join(p.rstrip("\n") for p in pages)
    if not text.strip():
        if log.messages:
            raise InputError(name, f"truncated or damaged PDF ({log.messages[0]})")
        raise InputError(name, f"PDF has no extractable text ({len(pages)} page(s); scanned images need OCR)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(text=_nfc(text), source=Source.PDF, path=name)


def _page_text(page) -> str:
    """The text of one PDF page as pypdf extracts it, with a blank line wherever the layout shows a break:
    a larger vertical gap than the page's usual line pitch (a new paragraph, a heading, the footnotes under
    the body, the running footer), a change of font size (body -> footnote bodies) or a jump back up the page
    (a footer or note drawn before the body). pypdf itself writes no blank lines, so without this paragraphs,
    footnote bodies and footers run together. Superscript footnote markers stay glued to their word, as
    pypdf puts them ("verslechterd.2 In"), which the clean stage knows."""
    frags: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        try:
            # the text matrix times the current transformation matrix: baseline y and rendered size
            c, d, f = (tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
                       tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            size = abs(float(font_size or 0)) * (c * c + d * d) ** 0.5
        except (TypeError, IndexError, ValueError):
            f, size = float("nan"), 0.0
        frags.append((text, float(f), size))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(t for t, _, _ in frags) != text:
        return text  # the visitor did not see what was extracted: keep pypdf's text as it is
    return _break_lines(frags) or text


def _line(pieces: list[tuple[str, float, float]]) -> list:
    """The pieces of one extracted line -> [text, baseline y, body size]; the baseline and size are those
    of its largest piece. A superscript footnote marker (a smaller piece raised above that baseline) is
    glued to the word before it and followed by a space, whatever spacing pypdf gave it ("2025. 1 Ook",
    "2025.1Ook" -> "2025.1 Ook"), as in text extracted by pdftotext."""
    y, size = None, 0.0
    for part, py, psize in pieces:
        if part.strip() and py == py and psize > size * 1.05:  # (py == py: not NaN)
            y, size = py, psize
    text = ""
    after_marker = False
    for part, py, psize in pieces:
        if (y is not None and text.strip() and _MARKER_LINE.fullmatch(part) and psize < 0.85 * size
                and 0.1 * size < py - y < size):
            text = text.rstrip() + part.strip()
            after_marker = True
            continue
        if after_marker and part[:1].isalnum():
            text += " "
        after_marker = False
        text += part
    return [text, y, size]


_MARKER_LINE = re.compile(r"\s*(?:\d{1,3}|[*\u2020])[,;)]?\s*")


def _rejoin_superscripts(lines: list[list]) -> list[list]:
    """pypdf ends the line at a superscript footnote marker raised far enough ("2025.", "1", "Ook ga ...");
    a line of a marker alone, smaller and raised above the line before it but below the line above that,
    is glued to its word, and the rest of the line on the same baseline is joined back after it."""
    out: list[list] = []
    glued = False
    for line in lines:
        last = out[-1] if out else None
        if last is not None and last[1] is not None and line[1] is not None and last[2] > 0:
            rise = line[1] - last[1]
            if (_MARKER_LINE.fullmatch(line[0]) and line[2] < 0.85 * last[2] and 0 < rise < last[2]
                    and last[0].strip()):
                last[0] = last[0].rstrip() + line[0].strip()
                glued = True
                continue
            if glued and abs(rise) < 0.2 * last[2] and abs(line[2] - last[2]) <= 0.1 * last[2]:
                last[0] = last[0].rstrip() + " " + line[0].lstrip()
                continue
        glued = False
        out.append(line)
    return out


def _break_lines(frags: list[tuple[str, float, float]]) -> str:
    """Fragments (text, baseline y, size) -> lines, a blank line between two lines where the layout breaks."""
    pieces: list[list[tuple[str, float, float]]] = [[]]
    for text, y, size in frags:
        for k, part in enumerate(text.split("\n")):
            if k:
                pieces.append([])
            if part:
                pieces[-1].append((part, y, size))
    lines = _rejoin_superscripts([_line(p) for p in pieces])
    placed = [ln for ln in lines if ln[1] is not None and ln[2] > 0]
    pitches = sorted(a[1] - b[1] for a, b in zip(placed, placed[1:], strict=False)
                     if a[1] > b[1] and abs(a[2] - b[2]) <= 0.1 * max(a[2], b[2]))
    pitch = pitches[(len(pitches) - 1) // 2] if pitches else None  # the lower median: most lines are body
    out: list[str] = []
    prev = None
    for line in lines:
        if prev is not None and line[1] is not None and prev[1] is not None and line[0].strip() and out[-1].strip():
            gap = prev[1] - line[1]
            big = max(prev[2], line[2])
            if (gap < -0.5 * big or abs(prev[2] - line[2]) > 0.15 * big
                    or (pitch is not None and gap > 1.35 * pitch) or gap > 2.2 * big):
                out.append("")
        out.append(line[0])
        if line[0].strip():
            prev = line
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# paragraphs, footnotes and headings of a structured source (shared by XML and HTML)


class _Out:
    """Collects paragraphs in document order; knows the offset each one will have in the joined text."""

    __slots__ = ("paras", "length", "footnotes", "headings", "pending", "signatories", "first_date",
                 "letter_date")

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.length = 0
        self.footnotes: list[Footnote] = []
        self.headings: list[Heading] = []
        self.pending: list[tuple[int, object]] = []  # HTML: (anchor, note key) resolved after the walk
        self.signatories: list[str] = []
        self.first_date: str | None = None
        self.letter_date: str | None = None  # the date under "Den Haag," in a letter's <dagtekening>

    def add(self, segs: list[str], notes: list[tuple[int, object]] | None = None) -> str:
        """Add one paragraph made of text pieces; ``notes`` are (number of pieces before it, note)."""
        text = " ".join("".join(segs).split())
        if not text.isascii():
            text = _nfc(text)
        start = self.length + 2 if self.paras else 0
        if notes:
            for k, note in notes:
                prefix = _nfc(" ".join("".join(segs[:k]).split()))
                anchor = start + len(prefix) if text else self.length
                if isinstance(note, Footnote):
                    note.anchor = anchor
                    self.footnotes.append(note)
                else:
                    self.pending.append((anchor, note))
        if text:
            self.paras.append(text)
            self.length = start + len(text)
        return text

    def text(self) -> str:
        return "\n\n".join(self.paras)


_URL = re.compile(r"https?://[^\s<>\"«»]+")


def _urls(text: str, extra: Iterable[str] = ()) -> list[str]:
    found = [u.rstrip(".,;:)]'’") for u in _URL.findall(text)]
    for u in extra:
        if u.startswith(("http://", "https://")) and u not in found:
            found.append(u)
    return found


_NUMBERED = re.compile(r"^((?:[IVXLC]+|\d+(?:\.\d+)*)\.?|[A-Z]\.)\s+(\S.*)$")


def _split_number(text: str) -> tuple[str | None, str]:
    m = _NUMBERED.match(text)
    if m:
        return m.group(1).rstrip("."), m.group(2)
    return None, text


# ---------------------------------------------------------------------------------------------------------
# officielebekendmakingen XML

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_pis=True,
                              remove_comments=True, huge_tree=False)

# Elements that hold paragraphs (a parent with one of these as a child is a container, not a paragraph).
_XML_BLOCKS = frozenset("""
al al-groep lijst li table tgroup thead tbody tfoot row entry tussenkop kop divisie titel ondertekening
functie naam citaat tekst vrije-tekst algemeen brief aanhef slotformulering ontvanger dagtekening datumtekst
stuk kamerstuk motie amendement wijziging artikel lid vraag antwoord vraagnummer nota toelichting bijlage
figuur illustratie plaatje omschrijving rubriek stuknr dossier kamerstukkop handeling
wat alineagroep verslag wetsvoorstel voorstel-wet considerans wij beweegreden aanhef-wetgeving afkondiging
slotbepaling slotformulering.alg ondertekening.alg ondertekening-wrapper paragraaf hoofdstuk afdeling
""".split())
# Not part of the body text (their content goes to metadata).
_XML_SKIP = frozenset({"metadata", "kamerstukkop", "dossier", "stuknr", "meta", "li.nr", "noot.nr"})
# Inline elements after which a space belongs (name parts written without whitespace between them).
_XML_SPACED = frozenset({"voornaam", "initialen", "tussenvoegsel", "achternaam", "functie", "li.nr", "nr"})


def _xml_inline(el, segs: list[str], notes: list, out: _Out) -> None:
    if el.text:
        segs.append(el.text)
    for child in el:
        tag = child.tag
        if tag == "noot":
            notes.append((len(segs), _xml_note(child, out)))
        elif isinstance(tag, str):  # entity references (never resolved) are left out
            if tag == "datum" and out.first_date is None and el.tag in ("dagtekening", "datumtekst"):
                out.first_date = child.get("isodatum")
            if tag == "datum" and out.letter_date is None and el.tag == "dagtekening":
                out.letter_date = child.get("isodatum")
            elif tag == "br":
                segs.append(" ")
            _xml_inline(child, segs, notes, out)
            if tag in _XML_SPACED:
                segs.append(" ")
        if child.tail:
            segs.append(child.tail)


def _xml_note(el, out: _Out) -> Footnote:
    marker = ""
    body: list[str] = []
    links: list[str] = []
    for child in el:
        if child.tag == "noot.nr":
            marker = _text_of(child)
        elif isinstance(child.tag, str):
            segs: list[str] = []
            _xml_inline(child, segs, [], out)
            body.append("".join(segs))
            links.extend(x.get("doc", "") for x in child.iter("extref"))
    if not body and el.text:
        body.append(el.text)
    text = _nfc(" ".join(" ".join(body).split()))
    return Footnote(marker=marker or el.get("id", ""), text=text, urls=_urls(text, links))


def _xml_leaf(el, out: _Out) -> str:
    segs: list[str] = []
    notes: list = []
    _xml_inline(el, segs, notes, out)
    return out.add(segs, notes)


def _is_container(el, blocks: frozenset) -> bool:
    for c in el:
        if c.tag in blocks:
            return True
    return False


def _xml_walk(el, out: _Out, depth: int) -> None:
    for child in el:
        _xml_block(child, out, depth)
        tail = child.tail
        if tail and not tail.isspace() and child.tag not in _XML_SKIP:
            out.add([tail])


def _xml_block(el, out: _Out, depth: int) -> None:
    """One element of the body: paragraphs, headings and notes in it go to ``out`` (its tail does not)."""
    tag = el.tag
    if tag == "al":  # by far the most common element: a paragraph, mostly plain text
        if len(el) or not el.text:
            _xml_leaf(el, out)
        else:
            out.add([el.text])
    elif not isinstance(tag, str) or tag in _XML_SKIP:
        return
    elif tag == "noot":  # a note outside any paragraph: anchored at the end of the text so far
        out.add([], [(0, _xml_note(el, out))])
    elif tag == "divisie":
        _xml_walk(el, out, depth + 1)
    elif tag == "kop":
        _xml_kop(el, out, depth)
    elif tag == "tussenkop":
        text = _xml_leaf(el, out)
        if text:
            out.headings.append(Heading(text=text, level=min(depth + 1, 2), number=None))
    elif tag == "lijst":
        _xml_list(el, out, depth)
    elif tag == "table":
        _xml_table(el, out)
    elif tag == "ondertekening":
        _xml_signature(el, out)
    elif _is_container(el, _XML_BLOCKS):
        if el.text and el.text.strip():
            out.add([el.text])
        _xml_walk(el, out, depth)
    else:
        _xml_leaf(el, out)


def _xml_kop(el, out: _Out, depth: int) -> None:
    number = title = None
    segs: list[str] = []
    notes: list = []
    for part in el:
        if not isinstance(part.tag, str):
            continue
        if segs:
            segs.append(" ")
        start = len(segs)
        _xml_inline(part, segs, notes, out)
        piece = " ".join("".join(segs[start:]).split())
        if part.tag == "nr":
            number = piece.rstrip(".") or None
        elif part.tag == "titel":
            title = piece
    text = out.add(segs, notes)
    if text:
        if title is None:
            number, title = _split_number(text)
        out.headings.append(Heading(text=_nfc(title or text), level=max(1, min(depth, 2)), number=number))


def _xml_list(el, out: _Out, depth: int) -> None:
    for li in el:
        if li.tag != "li":
            if isinstance(li.tag, str):
                _xml_block(li, out, depth)
            continue
        nr = li.find("li.nr")
        prefix = _text_of(nr)
        if not _is_container(li, _XML_BLOCKS):
            segs = [prefix, " "] if prefix else []
            notes: list = []
            _xml_inline(li, segs, notes, out)
            out.add(segs, notes)
            continue
        for child in li:
            if not isinstance(child.tag, str) or child.tag == "li.nr":
                continue
            if prefix and not _is_container(child, _XML_BLOCKS) and child.tag not in ("lijst", "table"):
                segs = [prefix, " "]
                notes = []
                _xml_inline(child, segs, notes, out)
                out.add(segs, notes)
                prefix = ""
            else:
                _xml_block(child, out, depth)


def _xml_table(el, out: _Out) -> None:
    for part in el.iter("title", "row"):
        segs: list[str] = []
        notes: list = []
        if part.tag == "title":
            _xml_inline(part, segs, notes, out)
        else:
            for i, entry in enumerate(c for c in part if c.tag == "entry"):
                if i:
                    segs.append(" | ")
                _xml_inline(entry, segs, notes, out)
        out.add(segs, notes)


def _xml_signature(el, out: _Out) -> None:
    """The names under a letter: each <naam>'s surname with its tussenvoegsel as written ("de" + "Wit-Kramer"
    -> "de Wit-Kramer"; ``surname`` then gives the stand-alone form "De Wit-Kramer")."""
    for name in el.iter("naam", "achternaam"):
        if name.tag == "achternaam" and name.getparent() is not None and name.getparent().tag == "naam":
            continue  # taken with its <naam>
        parts = [name] if name.tag == "achternaam" else [c for c in name if c.tag in ("tussenvoegsel", "achternaam")]
        s = " ".join(p for p in map(_text_of, parts) if p)
        if s and any(c.tag == "achternaam" for c in parts):
            out.signatories.append(s)
    _xml_walk(el, out, 0)


def _parse_xml(data: bytes, name: str | None):
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as e:
        msg = str(e.msg or e).split(" (<string>")[0]
        if "encoding" in msg.lower() or "utf-8" in msg.lower():
            # a file saved in cp1252 without saying so: decode it as text and parse again
            text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(data))
            try:
                return etree.fromstring(text, _XML_PARSER)
            except etree.XMLSyntaxError:
                pass
        raise InputError(name, f"malformed XML: {msg}", line=e.lineno or None) from None
    except ValueError as e:
        raise InputError(name, f"malformed XML: {e}") from None


def _read_xml(data: bytes, name: str | None, extra_metas: dict[str, list[str]] | None = None) -> RawDocument:
    root = _parse_xml(data, name)
    if root.tag.startswith("{"):
        for e in root.iter():
            if isinstance(e.tag, str) and e.tag.startswith("{"):
                e.tag = etree.QName(e).localname
    if root.tag != "officiele-publicatie" and root.find(".//al") is None:
        raise InputError(name, f"XML root <{root.tag}> is not an officielebekendmakingen publication")

    metas = _collect_metas(m for m in root.iter("meta"))
    for key, values in (extra_metas or {}).items():
        metas.setdefault(key, values)  # the publication's own metadata wins; the sibling file fills gaps
    out = _Out()
    _xml_walk(root, out, 0)
    if not out.paras:
        raise InputError(name, "XML publication contains no text")

    found: dict = {}
    ks = root.find("kamerstuk")
    if ks is not None:
        _kamerstuk_fields(ks, found)
    found["signatories"] = out.signatories
    if out.letter_date:
        found["letter_date"] = out.letter_date
    if "date" not in found and out.first_date:
        found["date"] = out.first_date
    return RawDocument(text=out.text(), source=Source.XML, path=name, metadata=_metadata(metas, found),
                       footnotes=out.footnotes, headings=out.headings, structured=True)


def _text_of(el) -> str:
    """The text of an element on one line (entity references, never resolved, are left out)."""
    if el is None:
        return ""
    if not len(el):
        return " ".join(el.text.split()) if el.text else ""
    segs: list[str] = []
    _plain(el, segs)
    return " ".join("".join(segs).split())


def _plain(el, segs: list[str]) -> None:
    if el.text:
        segs.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _plain(child, segs)
        if child.tail:
            segs.append(child.tail)


def _kamerstuk_fields(ks, found: dict) -> None:
    """What the kamerstuk's own elements say: kamerstukkop, dossier, stuk (child loops: faster than find)."""
    for part in ks:
        tag = part.tag
        if tag == "kamerstukkop":
            for regel in part:
                if regel.get("inhoud") == "vergaderjaar":
                    found["session_year"] = _session_year(_text_of(regel))
        elif tag == "dossier" and "dossier" not in found:
            for c in part:
                if c.tag == "dossiernummer":
                    found["dossier"] = _dossier_from_element(c)
                elif c.tag == "titel":
                    title = _text_of(c)
                    if title:
                        found["dossier_title"] = _nfc(title)
        elif tag == "stuk":
            for c in part:
                if c.tag == "stuknr":
                    nr = next((_text_of(x) for x in c if x.tag == "ondernummer"), None) or _text_of(c)
                    m = re.search(r"\d+", nr)
                    if m:
                        found["number"] = int(m.group())
                elif c.tag == "titel":
                    title = _text_of(c)
                    if title:
                        found["title"] = _nfc(title)
                elif c.tag == "datumtekst":
                    for x in c.iter("datum"):
                        if x.get("isodatum"):
                            found["date"] = x.get("isodatum")
                            break


def _dossier_from_element(nummer) -> str | None:
    """<dossiernr>21 501</dossiernr>-<raadnr>20</raadnr> -> "21501-20"; a begrotingshoofdstuk is a suffix."""
    main = ""
    suffixes = []
    for part in nummer:
        text = _text_of(part)
        if part.tag == "dossiernr":
            main = re.sub(r"\s+", "", text)
        elif part.tag != "rijkswetnr" and text:
            suffixes.append(re.sub(r"\s+", "", text))
    if not main:
        main = re.sub(r"\s+", "", _text_of(nummer))
    return "-".join([main, *suffixes]) if main else None


# ---------------------------------------------------------------------------------------------------------
# metadata (the record's "document" fields), shared by XML and HTML

_KAMERSTUKTYPE = "DC.type@OVERHEIDop.KamerstukTypen"
_KST_ID = re.compile(r"\b(kst-\d+(?:-[0-9A-Za-z]+)*-\d+[a-z]?)\b")
_SESSION = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{4})")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]{0,2}\.)+-?(?:[A-ZÀ-Þ]\.)*$")
_TITLES = frozenset({"mr.", "dr.", "drs.", "prof.", "ir.", "ing.", "ds.", "mevr.", "dhr."})


def _collect_metas(metas: Iterable) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in metas:
        name = m.get("name") or m.get("property")
        content = m.get("content")
        if not name or content is None:
            continue
        content = content.strip()
        out.setdefault(name, []).append(content)
        if name == "DC.type" and m.get("scheme") == "OVERHEIDop.KamerstukTypen":
            out.setdefault(_KAMERSTUKTYPE, []).append(content)
    return out


def _first(metas: dict, key: str) -> str | None:
    for v in metas.get(key, ()):
        if v:
            return v
    return None


def kind_from_type(value: str) -> Kind:
    """OVERHEIDop.KamerstukTypen ("Motie", "Brief", "Nota naar aanleiding van het verslag", ...) -> Kind."""
    return kinds.from_type(value)


def kind_from_title(title: str) -> Kind:
    """The title of a Kamerstuk ("GEWIJZIGDE MOTIE VAN HET LID ...", "BRIEF VAN DE MINISTER ...") -> Kind."""
    return kinds.from_title(title)


def _session_year(text: str | None) -> str | None:
    m = _SESSION.search(text or "")
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _iso_date(text: str | None) -> str | None:
    m = re.match(r"(\d{4}-\d{2}-\d{2})", text or "")
    return m.group(1) if m else None


def _metadata(metas: dict[str, list[str]], found: dict) -> dict:
    """The record's document fields: what the metadata states, else what the document's own elements say."""
    md: dict = {}
    doc_id = _first(metas, "DC.identifier")
    if not (doc_id and _KST_ID.fullmatch(doc_id)):
        doc_id = None
        for key in ("OVERHEIDop.externMetadataRecord", "DC.identifier", "canonical"):
            m = _KST_ID.search(" ".join(metas.get(key, ())))
            if m:
                doc_id = m.group(1)
                break
    id_dossier = id_number = None
    if doc_id:
        id_dossier, _, nr = doc_id[4:].rpartition("-")
        id_number = int(re.match(r"\d+", nr).group())

    dossier = _first(metas, "OVERHEIDop.dossiernummer")
    if dossier:
        # "36455-(R2188)": the rijkswet number in brackets is not part of the dossier number
        dossier = re.sub(r"\s+", "", re.split(r"[;,]", dossier)[0])
        dossier = re.sub(r"-?\([^)]*\)", "", dossier).strip("-") or None
    dossier = dossier or id_dossier or found.get("dossier")
    number = None
    m = re.search(r"\d+", _first(metas, "OVERHEIDop.ondernummer") or "")
    if m:
        number = int(m.group())
    number = number if number is not None else id_number if id_number is not None else found.get("number")
    if not doc_id and dossier and number is not None and found.get("dossier"):
        doc_id = kst_id(dossier, number)
    if doc_id:
        md["id"] = doc_id
    if dossier:
        md["dossier"] = dossier
    if number is not None:
        md["number"] = number

    session = _session_year(_first(metas, "OVERHEIDop.vergaderjaar")) or found.get("session_year")
    if session:
        md["session_year"] = session

    title = _first(metas, "OVERHEIDop.documenttitel") or found.get("title")
    ktype = _first(metas, _KAMERSTUKTYPE)
    if ktype:
        md["kind"] = kind_from_type(ktype)
    elif found.get("title") or title:
        md["kind"] = kind_from_title(found.get("title") or title)
    if title:
        md["title"] = title

    # a letter's own date (its dagtekening) comes before the day it was published (DCTERMS.issued)
    date = (_iso_date(_first(metas, "OVERHEIDop.datumBrief")) or _iso_date(found.get("letter_date"))
            or _iso_date(_first(metas, "DCTERMS.issued")) or _iso_date(found.get("date")))
    if date:
        md["date"] = date

    indieners = [v for v in metas.get("OVERHEIDop.indiener", ()) if v]
    if indieners:
        md["indieners_raw"] = indieners
        md["submitters"] = [surname(v) for v in indieners]
    elif found.get("signatories"):  # the names under a letter (ondertekening)
        md["submitters"] = [surname(v) for v in found["signatories"]]

    dossier_title = _first(metas, "OVERHEIDop.dossiertitel") or found.get("dossier_title")
    if dossier_title:
        md["dossier_title"] = dossier_title
    return md


# ---------------------------------------------------------------------------------------------------------
# officielebekendmakingen HTML page

_HTML_SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "noscript", "form", "button", "head",
                             "template", "svg", "iframe", "select", "input", "menu", "aside"})
_HTML_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
                          "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "blockquote",
                          "section", "article", "main", "figure", "figcaption", "pre", "address", "hr",
                          "header", "footer", "nav", "aside", "form"})
# page furniture of a Kamerstuk page that is metadata, not body text
_HTML_SKIP_CLASSES = frozenset({"kamerstukkop", "stuknr", "dossiernummer", "dossiertitel", "dossier",
                                "voetnoten", "noten", "sr-only", "visually-hidden", "note-close"})
_NOTE_BODY_CLASSES = frozenset({"voet", "voetnoot", "footnote"})
_NOTE_REF_CLASSES = frozenset({"nootnum", "noot-ref", "footnote-ref", "noteref"})
_HEADING_CLASSES = frozenset({"kop", "tussenkop", "subkop"})
# the "X Noot" close button of a note pop-up, note bodies inside running text
_HTML_NOT_TEXT = _NOTE_BODY_CLASSES | {"note-close"}


def _classes(el) -> frozenset:
    c = el.get("class")
    return frozenset(c.split()) if c else frozenset()


def _html_note_ref(el) -> str | None:
    """The key of the footnote an inline element refers to (its target id), or None."""
    if el.tag == "a":
        href = el.get("href") or ""
        cls = _classes(el)
        if cls & _NOTE_REF_CLASSES or (href.startswith("#") and el.getparent() is not None
                                       and el.getparent().tag == "sup"):
            return href[1:] if href.startswith("#") else ("marker:" + _text_of(el))
    if el.tag == "sup" and len(el) == 1 and not (el.text or "").strip() and not (el[0].tail or "").strip():
        return _html_note_ref(el[0])
    return None


def _html_inline(el, segs: list[str], notes: list, skip=None) -> None:
    if el.text:
        segs.append(el.text)
    for child in el:
        tag = child.tag
        if child is skip:
            pass
        elif isinstance(tag, str):
            ref = _html_note_ref(child)
            if ref is not None:
                notes.append((len(segs), ref))
            elif tag == "br":
                segs.append(" ")
            elif tag not in _HTML_SKIP_TAGS and not (_classes(child) & _HTML_NOT_TEXT):
                if tag in _HTML_BLOCKS:  # a block inside a note body: keep words apart
                    segs.append(" ")
                _html_inline(child, segs, notes, skip)
                if tag in _HTML_BLOCKS:
                    segs.append(" ")
        if child.tail:
            segs.append(child.tail)


def _html_walk(el, out: _Out, depth: int, notes_seen: list) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        cls = _classes(child)
        if tag in _HTML_SKIP_TAGS or cls & _HTML_SKIP_CLASSES:
            pass
        elif cls & _NOTE_BODY_CLASSES:
            notes_seen.append(child)
        elif tag == "tr":
            segs: list[str] = []
            notes: list = []
            for i, cell in enumerate(c for c in child if c.tag in ("td", "th")):
                if i:
                    segs.append(" | ")
                _html_inline(cell, segs, notes)
            out.add(segs, notes)
        elif tag in ("h2", "h3", "h4", "h5", "h6") or (cls & _HEADING_CLASSES and not _is_container(
                child, _HTML_BLOCKS)):
            segs = []
            notes = []
            _html_inline(child, segs, notes)
            text = out.add(segs, notes)
            if text:
                number, title = _split_number(text)
                level = 1 if tag == "h2" or "kop" in cls else 2
                out.headings.append(Heading(text=title, level=level, number=number))
        elif _is_container(child, _HTML_BLOCKS):
            if child.text and child.text.strip():
                out.add([child.text])
            _html_walk(child, out, depth + 1, notes_seen)
        else:
            segs = []
            notes = []
            _html_inline(child, segs, notes)
            out.add(segs, notes)
        if child.tail and child.tail.strip():
            out.add([child.tail])


def _html_note_body(el) -> tuple[str, str, set[str], list[str]]:
    """marker, text, ids and links of one footnote body element."""
    ids = {x.get("id") for x in el.iter() if isinstance(x.tag, str) and x.get("id")}
    ids |= {x.get("name") for x in el.iter("a") if x.get("name")}
    marker = ""
    mel = None
    for x in el.iter():
        if isinstance(x.tag, str) and (_classes(x) & {"nootnum", "noot-nummer", "nr", "marker"}
                                       or x.tag == "sup"):
            mel = x
            break
    if mel is not None:
        marker = _text_of(mel)
    segs: list[str] = []
    _html_inline(el, segs, [], skip=mel)
    text = " ".join("".join(segs).split())
    if not marker:
        m = re.match(r"(\d+)[.)]?\s+(.*)", text)
        if m:
            marker, text = m.group(1), m.group(2)
    links = [a.get("href") or "" for a in el.iter("a")]
    return marker.rstrip(".)"), _nfc(text), ids, links


def _read_html(data: bytes, name: str | None) -> RawDocument:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(data))
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(name, f"malformed HTML: {e}") from None
    metas = _collect_metas(doc.iter("meta"))
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            metas.setdefault("canonical", []).append(link.get("href"))
    if name and "canonical" not in metas:
        metas["canonical"] = [Path(name).name]

    root = None
    for el in doc.iter("div", "article", "main"):
        if "stuk" in _classes(el):
            root = el
            break
    if root is None:
        root = doc.get_element_by_id("broodtekst", None)
    if root is None:
        root = doc.find("body")
    if root is None:
        raise InputError(name, "HTML page has no body")

    out = _Out()
    bodies: list = []
    _html_walk(root, out, 0, bodies)
    # note bodies anywhere on the page (a list of notes after the text, outside div.stuk)
    seen = set(bodies)
    for el in doc.iter():
        if (isinstance(el.tag, str) and el not in seen and _classes(el) & _NOTE_BODY_CLASSES
                and not any(a in seen for a in el.iterancestors())):
            bodies.append(el)
            seen.add(el)
    if not out.paras:
        raise InputError(name, "HTML page contains no document text")

    by_key: dict[str, Footnote] = {}
    for el in bodies:
        marker, ntext, ids, links = _html_note_body(el)
        fn = Footnote(marker=marker, text=ntext, urls=_urls(ntext, links))
        out.footnotes.append(fn)
        for i in ids:
            by_key.setdefault(i, fn)
        if marker:
            by_key.setdefault("marker:" + marker, fn)
    for anchor, key in out.pending:
        fn = by_key.get(key)
        if fn is None and isinstance(key, str):
            m = re.search(r"(\d+)$", key)
            fn = by_key.get("marker:" + m.group(1)) if m else None
        if fn is not None and fn.anchor is None:
            fn.anchor = anchor
    out.footnotes.sort(key=lambda f: (f.anchor is None, f.anchor or 0))

    found: dict = {"signatories": []}
    h1 = doc.find(".//h1")
    if h1 is not None:
        found["title"] = _nfc(_text_of(h1))
    return RawDocument(text=out.text(), source=Source.HTML, path=name, metadata=_metadata(metas, found),
                       footnotes=out.footnotes, headings=out.headings, structured=True)
