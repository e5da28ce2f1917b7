"""officielebekendmakingen XML (``Source.XML``): clean paragraphs, footnotes, headings and the metadata.

The publication's elements are walked once in document order: every paragraph (``<al>``, list item, table
row, heading) becomes one paragraph of the text, footnote bodies (``<noot>``) are lifted out and anchored at
the word they were attached to, headings (``<kop>``, ``<tussenkop>``) are given as hints, and the names under
a letter and its dagtekening are noted for the metadata. Entities are never resolved, no DTD or network is
read (the parser is set up for untrusted input).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from kamerspoor.model import Footnote, Heading, InputError, RawDocument, Source, Warning_
from kamerspoor.read.blocks import NoteRef, Paragraphs, inline_text, is_container, split_number, text_of, urls
from kamerspoor.read.metadata import Metas, Stated, collect_metas, document_fields, session_year
from kamerspoor.read.sniff import Head
from kamerspoor.read.text import decode_text, nfc

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
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: How many levels of elements the XML parser (libxml2, without its "huge" option) reads.
MAX_DEPTH = 256


def is_publication(head: Head) -> bool:
    """An officielebekendmakingen publication: ``<officiele-publicatie`` near the start."""
    start = head.start
    return start.startswith("<") and "<officiele-publicatie" in start


def is_declared_xml(head: Head) -> bool:
    """Any other XML (tested after HTML, since XHTML also starts with an XML declaration)."""
    return head.start.startswith("<?xml")


def read(data: bytes, name: str | None, extra_metas: Metas | None = None) -> RawDocument:
    """A publication's paragraphs, footnotes, headings and document fields; ``extra_metas`` (from a
    metadata.xml beside the file) fill what the publication's own metadata leaves out."""
    warnings: list[Warning_] = []
    root = _publication_root(data, name, warnings)
    metas = collect_metas(m for m in root.iter("meta"))
    for key, values in (extra_metas or {}).items():
        metas.setdefault(key, values)  # the publication's own metadata wins; the file beside it fills gaps
    out = Paragraphs()
    _walk(root, out, 0)
    if not out.paras:
        raise InputError(name, "XML publication contains no text")
    return RawDocument(text=out.text(), source=Source.XML, path=name,
                       metadata=document_fields(metas, _stated(root, out)),
                       footnotes=out.footnotes, headings=out.headings, structured=True, warnings=warnings)


def parse_xml(data: bytes, name: str | None, warnings: list[Warning_] | None = None) -> Any:
    """The root element; a file saved in cp1252 (or with a damaged byte) without saying so is decoded as text
    and parsed again, what decoding said going into ``warnings``."""
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as e:
        msg = str(e.msg or e).split(" (<string>")[0]
        if "encoding" in msg.lower() or "utf-8" in msg.lower():
            decoded = decode_text(data)
            try:
                root = etree.fromstring(_XML_DECLARATION.sub("", decoded.text), _XML_PARSER)
            except etree.XMLSyntaxError:
                pass
            else:
                if warnings is not None:
                    warnings.extend(decoded.warnings)
                return root
        raise InputError(name, _syntax_problem(msg), line=e.lineno or None) from None
    except ValueError as e:
        raise InputError(name, f"malformed XML: {e}") from None


def _syntax_problem(msg: str) -> str:
    """What is wrong, in words; libxml2's depth limit is named as such (its message names a parser option)."""
    if msg.lower().startswith("excessive depth"):
        return f"XML nested too deeply: more than {MAX_DEPTH} levels (the limit)"
    return f"malformed XML: {msg}"


def _publication_root(data: bytes, name: str | None, warnings: list[Warning_]) -> Any:
    """The parsed publication, namespaces left off its tags; other XML than a publication is refused."""
    root = parse_xml(data, name, warnings)
    if root.tag.startswith("{"):
        for e in root.iter():
            if isinstance(e.tag, str) and e.tag.startswith("{"):
                e.tag = etree.QName(e).localname
    if root.tag != "officiele-publicatie" and root.find(".//al") is None:
        raise InputError(name, f"XML root <{root.tag}> is not an officielebekendmakingen publication")
    return root


# ---------------------------------------------------------------------------------------------------------
# the body text


def _inline(el: Any, segs: list[str], notes: list[NoteRef], out: Paragraphs) -> None:
    """The text of ``el`` and its inline children into ``segs``; footnotes in it into ``notes`` (entity
    references are never resolved: left out)."""
    def element(child: Any) -> None:
        tag = child.tag
        if tag == "noot":
            notes.append((len(segs), _note(child, out)))
            return
        if tag == "datum" and out.first_date is None and el.tag in ("dagtekening", "datumtekst"):
            out.first_date = child.get("isodatum")
        if tag == "datum" and out.letter_date is None and el.tag == "dagtekening":
            out.letter_date = child.get("isodatum")
        elif tag == "br":
            segs.append(" ")
        _inline(child, segs, notes, out)
        if tag in _XML_SPACED:
            segs.append(" ")
    inline_text(el, segs, element)

def _note(el: Any, out: Paragraphs) -> Footnote:
    """One footnote body: its marker (noot.nr), text and the web addresses it links to."""
    marker = ""
    body: list[str] = []
    links: list[str] = []
    for child in el:
        if child.tag == "noot.nr":
            marker = text_of(child)
        elif isinstance(child.tag, str):
            segs: list[str] = []
            _inline(child, segs, [], out)
            body.append("".join(segs))
            links.extend(x.get("doc", "") for x in child.iter("extref"))
    if not body and el.text:
        body.append(el.text)
    text = nfc(" ".join(" ".join(body).split()))
    return Footnote(marker=marker or el.get("id", ""), text=text, urls=urls(text, links))


def _leaf(el: Any, out: Paragraphs) -> str:
    segs: list[str] = []
    notes: list[NoteRef] = []
    _inline(el, segs, notes, out)
    return out.add(segs, notes)


def _walk(el: Any, out: Paragraphs, depth: int) -> None:
    for child in el:
        _block(child, out, depth)
        if child.tag not in _XML_SKIP:
            out.add_loose(child.tail)


def _block(el: Any, out: Paragraphs, depth: int) -> None:
    """One element of the body: paragraphs, headings and notes in it go to ``out`` (its tail does not)."""
    tag = el.tag
    if tag == "al":  # by far the most common element: a paragraph, mostly plain text
        if len(el) or not el.text:
            _leaf(el, out)
        else:
            out.add([el.text])
    elif not isinstance(tag, str) or tag in _XML_SKIP:
        return
    elif tag == "noot":  # a note outside any paragraph: anchored at the end of the text so far
        out.add([], [(0, _note(el, out))])
    elif tag == "divisie":
        _walk(el, out, depth + 1)
    else:
        structure = _STRUCTURES.get(tag)
        if structure is not None:
            structure(el, out, depth)
        elif is_container(el, _XML_BLOCKS):
            out.add_loose(el.text)
            _walk(el, out, depth)
        else:
            _leaf(el, out)


def _kop(el: Any, out: Paragraphs, depth: int) -> None:
    """A heading: its number (``<nr>``) and title (``<titel>``), or a number at the start of its text."""
    number = title = None
    segs: list[str] = []
    notes: list[NoteRef] = []
    for part in el:
        if not isinstance(part.tag, str):
            continue
        if segs:
            segs.append(" ")
        start = len(segs)
        _inline(part, segs, notes, out)
        piece = " ".join("".join(segs[start:]).split())
        if part.tag == "nr":
            number = piece.rstrip(".") or None
        elif part.tag == "titel":
            title = piece
    text = out.add(segs, notes)
    if text:
        if title is None:
            number, title = split_number(text)
        out.headings.append(Heading(text=nfc(title or text), level=max(1, min(depth, 2)), number=number))


def _tussenkop(el: Any, out: Paragraphs, depth: int) -> None:
    text = _leaf(el, out)
    if text:
        out.headings.append(Heading(text=text, level=min(depth + 1, 2), number=None))


def _list(el: Any, out: Paragraphs, depth: int) -> None:
    """A list: each item one paragraph, its number (``<li.nr>``) before its first paragraph."""
    for li in el:
        if li.tag != "li":
            if isinstance(li.tag, str):
                _block(li, out, depth)
            continue
        prefix = text_of(li.find("li.nr"))
        if not is_container(li, _XML_BLOCKS):
            _numbered(li, prefix, out)
            continue
        for child in li:
            if not isinstance(child.tag, str) or child.tag == "li.nr":
                continue
            if prefix and not is_container(child, _XML_BLOCKS) and child.tag not in ("lijst", "table"):
                _numbered(child, prefix, out)
                prefix = ""
            else:
                _block(child, out, depth)


def _numbered(el: Any, prefix: str, out: Paragraphs) -> None:
    """One paragraph of ``el``'s text, with the list item's number before it."""
    segs = [prefix, " "] if prefix else []
    notes: list[NoteRef] = []
    _inline(el, segs, notes, out)
    out.add(segs, notes)


def _table(el: Any, out: Paragraphs, depth: int = 0) -> None:
    """A table: its title, then one paragraph per row, cells separated by " | "."""
    for part in el.iter("title", "row"):
        segs: list[str] = []
        notes: list[NoteRef] = []
        if part.tag == "title":
            _inline(part, segs, notes, out)
        else:
            for i, entry in enumerate(c for c in part if c.tag == "entry"):
                if i:
                    segs.append(" | ")
                _inline(entry, segs, notes, out)
        out.add(segs, notes)


def _signature(el: Any, out: Paragraphs, depth: int = 0) -> None:
    """The names under a letter: each <naam>'s surname with its tussenvoegsel as written ("de" + "Wit-Kramer"
    -> "de Wit-Kramer"; ``surname`` then gives the stand-alone form "De Wit-Kramer")."""
    for name in el.iter("naam", "achternaam"):
        if name.tag == "achternaam" and name.getparent() is not None and name.getparent().tag == "naam":
            continue  # taken with its <naam>
        parts = [name] if name.tag == "achternaam" else [c for c in name if c.tag in ("tussenvoegsel", "achternaam")]
        s = " ".join(p for p in map(text_of, parts) if p)
        if s and any(c.tag == "achternaam" for c in parts):
            out.signatories.append(s)
    _walk(el, out, 0)


# elements with a structure of their own: tag -> handler(element, paragraphs, depth)
_STRUCTURES = {"kop": _kop, "tussenkop": _tussenkop, "lijst": _list, "table": _table, "ondertekening": _signature}


# ---------------------------------------------------------------------------------------------------------
# what the publication's own elements say about it


def _stated(root: Any, out: Paragraphs) -> Stated:
    """The kamerstuk's kop, dossier and stuk elements, the names under it and its dates."""
    stated = Stated(signatories=out.signatories)
    ks = root.find("kamerstuk")
    if ks is not None:
        _kamerstuk_fields(ks, stated)
    if out.letter_date:
        stated.letter_date = out.letter_date
    if stated.date is None and out.first_date:
        stated.date = out.first_date
    return stated


def _kamerstuk_fields(ks: Any, stated: Stated) -> None:
    """What the kamerstuk's own elements say: kamerstukkop, dossier (the first that has a number), stuk (child
    loops: faster than find)."""
    numbered = False
    for part in ks:
        tag = part.tag
        if tag == "kamerstukkop":
            for regel in part:
                if regel.get("inhoud") == "vergaderjaar":
                    stated.session_year = session_year(text_of(regel))
        elif tag == "dossier" and not numbered:
            numbered = _dossier_fields(part, stated)
        elif tag == "stuk":
            _stuk_fields(part, stated)


def _dossier_fields(dossier: Any, stated: Stated) -> bool:
    """The dossier's number and title; True when it has a number."""
    numbered = False
    for c in dossier:
        if c.tag == "dossiernummer":
            stated.dossier = _dossier_from_element(c)
            numbered = True
        elif c.tag == "titel":
            title = text_of(c)
            if title:
                stated.dossier_title = nfc(title)
    return numbered


def _stuk_fields(stuk: Any, stated: Stated) -> None:
    """The stuknummer (ondernummer), title and date of the stuk."""
    for c in stuk:
        if c.tag == "stuknr":
            nr = next((text_of(x) for x in c if x.tag == "ondernummer"), None) or text_of(c)
            m = re.search(r"\d+", nr)
            if m:
                stated.number = int(m.group())
        elif c.tag == "titel":
            title = text_of(c)
            if title:
                stated.title = nfc(title)
        elif c.tag == "datumtekst":
            for x in c.iter("datum"):
                if x.get("isodatum"):
                    stated.date = x.get("isodatum")
                    break


def _dossier_from_element(nummer: Any) -> str | None:
    """<dossiernr>21 501</dossiernr>-<raadnr>20</raadnr> -> "21501-20"; a begrotingshoofdstuk is a suffix."""
    main = ""
    suffixes = []
    for part in nummer:
        text = text_of(part)
        if part.tag == "dossiernr":
            main = re.sub(r"\s+", "", text)
        elif part.tag != "rijkswetnr" and text:
            suffixes.append(re.sub(r"\s+", "", text))
    if not main:
        main = re.sub(r"\s+", "", text_of(nummer))
    return "-".join([main, *suffixes]) if main else None
