"""An officielebekendmakingen HTML page (``Source.HTML``), or page text saved from a browser as HTML.

Read in stages: parse leniently (:func:`_parse`); the page's ``<meta>`` fields and canonical link
(:func:`_page_metas`); the element that holds the document's text (:func:`_text_root`); a walk over it that
makes paragraphs and headings and leaves page furniture out (:func:`_walk`); the footnote bodies, wherever on
the page they are, matched to the references in the text (:func:`_attach_footnotes`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html  # type: ignore[import-untyped]

from kamerspoor.model import Footnote, Heading, InputError, RawDocument, Source, Warning_
from kamerspoor.read.blocks import NoteRef, Paragraphs, inline_text, is_container, split_number, text_of, urls
from kamerspoor.read.metadata import Metas, Stated, collect_metas, document_fields
from kamerspoor.read.sniff import Head
from kamerspoor.read.text import decode_text, nfc

#: How many levels of elements the HTML parser (libxml2) builds; what lies deeper is left out of the tree.
MAX_DEPTH = 256

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
_NOTE_MARKER_CLASSES = frozenset({"nootnum", "noot-nummer", "nr", "marker"})
_HEADING_CLASSES = frozenset({"kop", "tussenkop", "subkop"})
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# the "X Noot" close button of a note pop-up, note bodies inside running text
_HTML_NOT_TEXT = _NOTE_BODY_CLASSES | {"note-close"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def recognise(head: Head) -> bool:
    """A page: it opens with <!doctype html> or <html>, or has <html> or <body> near the start (a saved page
    may open with a comment or an XML declaration, as XHTML does)."""
    start = head.start
    return start.startswith("<") and (start.startswith(("<!doctype html", "<html")) or "<html" in start
                                      or "<body" in start)


def read(data: bytes, name: str | None, extra_metas: Metas | None = None) -> RawDocument:
    """The page's paragraphs, footnotes, headings and document fields."""
    doc, warnings, too_deep = _parse(data, name)
    metas = _page_metas(doc, name)
    for key, values in (extra_metas or {}).items():
        metas.setdefault(key, values)
    out = Paragraphs()
    bodies: list[Any] = []
    _walk(_text_root(doc, name), out, bodies)
    _more_note_bodies(doc, bodies)
    if not out.paras:
        if too_deep:
            raise InputError(name, f"HTML page nested too deeply: more than {MAX_DEPTH} levels (the limit), and no "
                                   "document text above that depth")
        raise InputError(name, "HTML page contains no document text")
    if too_deep:
        warnings.append(Warning_("too_deep", f"HTML nested more than {MAX_DEPTH} levels deep (the limit): the "
                                             "text below that depth is left out"))
    _attach_footnotes(out, bodies)
    stated = Stated()
    h1 = doc.find(".//h1")
    if h1 is not None:
        stated.title = nfc(text_of(h1))
    return RawDocument(text=out.text(), source=Source.HTML, path=name, metadata=document_fields(metas, stated),
                       footnotes=out.footnotes, headings=out.headings, structured=True, warnings=warnings)


def _parse(data: bytes, name: str | None) -> tuple[Any, list[Warning_], bool]:
    """The parsed page, what decoding it said, and whether the parser met elements deeper than its limit
    (libxml2 leaves out what lies below :data:`MAX_DEPTH` without failing)."""
    decoded = decode_text(data)
    text = _XML_DECLARATION.sub("", decoded.text)
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(name, f"malformed HTML: {e}") from None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in parser.error_log)
    return doc, decoded.warnings, too_deep


def _page_metas(doc: Any, name: str | None) -> Metas:
    """The <meta> fields and the canonical link (else the file name: it may be the kst-id)."""
    metas = collect_metas(doc.iter("meta"))
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            metas.setdefault("canonical", []).append(link.get("href"))
    if name and "canonical" not in metas:
        metas["canonical"] = [Path(name).name]
    return metas


def _text_root(doc: Any, name: str | None) -> Any:
    """The element that holds the document: div.stuk, else #broodtekst, else the body."""
    for el in doc.iter("div", "article", "main"):
        if "stuk" in _classes(el):
            return el
    root = doc.get_element_by_id("broodtekst", None)
    if root is None:
        root = doc.find("body")
    if root is None:
        raise InputError(name, "HTML page has no body")
    return root


def _classes(el: Any) -> frozenset[str]:
    c = el.get("class")
    return frozenset(c.split()) if c else frozenset()


# ---------------------------------------------------------------------------------------------------------
# the body text


def _walk(el: Any, out: Paragraphs, notes_seen: list[Any]) -> None:
    """Paragraphs and headings of ``el``'s children into ``out``; footnote bodies met on the way into
    ``notes_seen``."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        _block(child, out, notes_seen)
        out.add_loose(child.tail)


def _block(el: Any, out: Paragraphs, notes_seen: list[Any]) -> None:
    """One element: left out (furniture), a note body, a table row, a heading, a container or a paragraph."""
    tag = el.tag
    cls = _classes(el)
    if tag in _HTML_SKIP_TAGS or cls & _HTML_SKIP_CLASSES:
        return
    if cls & _NOTE_BODY_CLASSES:
        notes_seen.append(el)
    elif tag == "tr":
        _row(el, out)
    elif tag in _HEADING_TAGS or (cls & _HEADING_CLASSES and not is_container(el, _HTML_BLOCKS)):
        _heading(el, out, level=1 if tag == "h2" or "kop" in cls else 2)
    elif is_container(el, _HTML_BLOCKS):
        out.add_loose(el.text)
        _walk(el, out, notes_seen)
    else:
        _paragraph(el, out)


def _paragraph(el: Any, out: Paragraphs) -> str:
    segs: list[str] = []
    notes: list[NoteRef] = []
    _inline(el, segs, notes)
    return out.add(segs, notes)


def _row(tr: Any, out: Paragraphs) -> None:
    """A table row: one paragraph, cells separated by " | "."""
    segs: list[str] = []
    notes: list[NoteRef] = []
    for i, cell in enumerate(c for c in tr if c.tag in ("td", "th")):
        if i:
            segs.append(" | ")
        _inline(cell, segs, notes)
    out.add(segs, notes)


def _heading(el: Any, out: Paragraphs, level: int) -> None:
    text = _paragraph(el, out)
    if text:
        number, title = split_number(text)
        out.headings.append(Heading(text=title, level=level, number=number))


def _inline(el: Any, segs: list[str], notes: list[NoteRef], skip: Any = None) -> None:
    """The text of ``el`` and its inline children into ``segs``; note references into ``notes`` (by key)."""
    def element(child: Any) -> None:
        if child is skip:
            return
        tag = child.tag
        ref = _note_ref(child)
        if ref is not None:
            notes.append((len(segs), ref))
        elif tag == "br":
            segs.append(" ")
        elif tag not in _HTML_SKIP_TAGS and not (_classes(child) & _HTML_NOT_TEXT):
            if tag in _HTML_BLOCKS:  # a block inside a note body: keep words apart
                segs.append(" ")
            _inline(child, segs, notes, skip)
            if tag in _HTML_BLOCKS:
                segs.append(" ")
    inline_text(el, segs, element)

def _note_ref(el: Any) -> str | None:
    """The key of the footnote an inline element refers to (its target id), or None."""
    if el.tag == "a":
        href = el.get("href") or ""
        parent = el.getparent()
        if _classes(el) & _NOTE_REF_CLASSES or (href.startswith("#") and parent is not None and parent.tag == "sup"):
            return href[1:] if href.startswith("#") else ("marker:" + text_of(el))
    if el.tag == "sup" and len(el) == 1 and not (el.text or "").strip() and not (el[0].tail or "").strip():
        return _note_ref(el[0])
    return None


# ---------------------------------------------------------------------------------------------------------
# footnotes


def _more_note_bodies(doc: Any, bodies: list[Any]) -> None:
    """Note bodies anywhere on the page (a list of notes after the text, outside div.stuk) join ``bodies``."""
    seen = set(bodies)
    for el in doc.iter():
        if (isinstance(el.tag, str) and el not in seen and _classes(el) & _NOTE_BODY_CLASSES
                and not any(a in seen for a in el.iterancestors())):
            bodies.append(el)
            seen.add(el)


def _attach_footnotes(out: Paragraphs, bodies: list[Any]) -> None:
    """Each note body a footnote, anchored where the text refers to it (by id, else by its marker); in
    order of their anchors, unreferenced ones last."""
    by_key: dict[str, Footnote] = {}
    for el in bodies:
        marker, ntext, ids, links = _note_body(el)
        fn = Footnote(marker=marker, text=ntext, urls=urls(ntext, links))
        out.footnotes.append(fn)
        for i in ids:
            by_key.setdefault(i, fn)
        if marker:
            by_key.setdefault("marker:" + marker, fn)
    for anchor, key in out.pending:
        found = by_key.get(key) if isinstance(key, str) else None
        if found is None and isinstance(key, str):
            m = re.search(r"(\d+)$", key)
            found = by_key.get("marker:" + m.group(1)) if m else None
        if found is not None and found.anchor is None:
            found.anchor = anchor
    out.footnotes.sort(key=lambda f: (f.anchor is None, f.anchor or 0))


def _note_body(el: Any) -> tuple[str, str, set[str], list[str]]:
    """marker, text, ids and links of one footnote body element."""
    ids = {x.get("id") for x in el.iter() if isinstance(x.tag, str) and x.get("id")}
    ids |= {x.get("name") for x in el.iter("a") if x.get("name")}
    mel = _marker_element(el)
    marker = text_of(mel) if mel is not None else ""
    segs: list[str] = []
    _inline(el, segs, [], skip=mel)
    text = " ".join("".join(segs).split())
    if not marker:
        m = re.match(r"(\d+)[.)]?\s+(.*)", text)
        if m:
            marker, text = m.group(1), m.group(2)
    links = [a.get("href") or "" for a in el.iter("a")]
    return marker.rstrip(".)"), nfc(text), ids, links


def _marker_element(el: Any) -> Any:
    """The element that holds a note body's number (a marker class or a <sup>), or None."""
    for x in el.iter():
        if isinstance(x.tag, str) and (_classes(x) & _NOTE_MARKER_CLASSES or x.tag == "sup"):
            return x
    return None
