"""A document's analysis record as HTML: paragraphs with their annotations, a table of contents, footnotes.

Every annotation of the record is a span over the cleaned text (references, motion mentions and the
evidence of the cabinet's stance, party proposals, commitments, search hits) or a point in it (footnote
markers, stance labels). Spans may nest or cross; :func:`render_spans` nests them properly by cutting a
span that crosses the end of the one it started in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from kamerspoor.record import Record, Section
from kamerspoor.rules.identifiers import kst_id
from kamerspoor.store.search import Highlighter
from kamerspoor.web import labels

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{id}.html"
_URL = re.compile(r"https?://[^\s<>\"«»]+[^\s<>\"«».,;:)\]]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open: str
    close: str = ""
    order: int = 0  # among spans with the same start and length: lower is outer


def _key(s: Span) -> tuple:
    return (s.start, 0 if s.start == s.end else 1, -(s.end - s.start), s.order)


def render_spans(text: str, lo: int, hi: int, spans: list[Span]) -> str:
    """HTML of ``text[lo:hi]`` with ``spans`` (all inside ``[lo, hi]``) opened and closed, the text escaped."""
    out: list[str] = []
    pos = lo
    rest = sorted(spans, key=_key)
    while rest:
        s = rest.pop(0)
        out.append(html.escape(text[pos:s.start], quote=False))
        pos = s.start
        if s.end == s.start:
            out.append(s.open)
            continue
        inner, later = [], []
        for t in rest:
            if t.start < s.end:
                if t.end <= s.end:
                    inner.append(t)
                else:  # crosses the end of s: the part inside nests, the rest follows
                    inner.append(replace(t, end=s.end))
                    later.append(replace(t, start=s.end))
            else:
                later.append(t)
        out.append(s.open + render_spans(text, s.start, s.end, inner) + s.close)
        pos = s.end
        rest = sorted(later, key=_key)
    out.append(html.escape(text[pos:hi], quote=False))
    return "".join(out)


def motion_key(dossier: str | None, number: int | None) -> str | None:
    """``35207-27`` (the motion page's address) for dossier and number, else None."""
    kid = kst_id(dossier, number)
    return kid[4:] if kid else None


def reference_url(target: str | None, in_store: set[str]) -> str | None:
    if not target:
        return None
    if target in in_store:
        return f"/document/{target}"
    return OFFICIAL_URL.format(id=target)


def _locate(text: str, needle: str | None, hint: int | None) -> int | None:
    """Where ``needle`` is in ``text``: at ``hint`` when it is there, else its first occurrence."""
    if not needle:
        return None
    if hint is not None and 0 <= hint and text.startswith(needle, hint):
        return hint
    i = text.find(needle, max(0, hint or 0))
    if i < 0:
        i = text.find(needle)
    return i if i >= 0 else None


def _attr(v: str) -> str:
    return html.escape(v, quote=True)


def linkify(text: str, refs: Sequence[tuple[str, str | None]] = ()) -> str:
    """Escaped ``text`` with URLs and the given reference texts (text, url) as links."""
    spans: list[Span] = []
    for m in _URL.finditer(text):
        spans.append(Span(m.start(), m.end(), f'<a href="{_attr(m.group(0))}" rel="noopener">', "</a>"))
    for ref_text, url in refs:
        if not url:
            continue
        i = text.find(ref_text)
        if i >= 0 and not any(s.start < i + len(ref_text) and i < s.end for s in spans):
            spans.append(Span(i, i + len(ref_text), f'<a href="{_attr(url)}">', "</a>"))
    return render_spans(text, 0, len(text), spans)


@dataclass
class RenderedDocument:
    paragraphs: list[dict]
    toc: list[dict]
    footnotes: list[dict]
    motions: list[dict]
    party_positions: list[dict]
    commitments: list[dict]
    references: list[dict]


class _Page:
    """The record being rendered and the spans collected over its text so far."""

    def __init__(self, record: Record, in_store: set[str]):
        self.record = record
        self.text = record.text
        self.paras = record.paragraphs
        self.in_store = in_store
        self.spans: list[Span] = []

    def para_of(self, offset: int | None) -> int | None:
        """The first paragraph whose span holds ``offset`` (its end included)."""
        if offset is None:
            return None
        for i, p in enumerate(self.paras):
            if p.start <= offset <= p.end:
                return i
        return None

    def point(self, at: int, html_: str) -> None:
        self.spans.append(Span(at, at, html_))

    def mark(self, at: int, length: int, open_: str, close: str, order: int) -> None:
        self.spans.append(Span(at, at + length, open_, close, order=order))


def _references(page: _Page) -> list[dict]:
    """The citations, linked to the document in kamerspoor when it is there, else to the official site."""
    out = []
    for r in page.record.references:
        target = kst_id(r.dossier, r.number)
        url = reference_url(target, page.in_store)
        out.append({"id": target, "text": r.text, "url": url, "internal": target in page.in_store,
                    "paragraph": page.para_of(r.start), "in_footnote": r.in_footnote})
        start = _locate(page.text, r.text, r.start) if r.start is not None else None
        if start is not None and url:
            title = "in kamerspoor" if target in page.in_store else "officielebekendmakingen.nl"
            page.mark(start, len(r.text), f'<a class="ref" href="{_attr(url)}" '
                      f'title="{_attr(target or "")} ({title})">', "</a>", order=5)
    return out


def _motions(page: _Page) -> list[dict]:
    """The motions the document answers: the mention, a stance label, the evidence."""
    out = []
    for i, m in enumerate(page.record.motions):
        key = motion_key(m.dossier, m.number)
        stance = m.stance.value
        who = ", ".join(m.submitters)
        name = f"motie {key}" if key else f"motie {who}".strip()
        href = f"/motie/{key}" if key else None
        ev = _locate(page.text, m.evidence, m.start)
        mention = _locate(page.text, m.mention, m.start)
        anchor = f"m-{i}"
        label = (f'<a class="label stance-{_attr(stance)}" id="{anchor}" href="{_attr(href)}">' if href else
                 f'<span class="label stance-{_attr(stance)}" id="{anchor}">')
        label += (f'{html.escape(name)} · {html.escape(labels.stance(stance))}' + ("</a>" if href else "</span>"))
        at = mention if mention is not None else m.start
        page.point(at, label)
        if mention is not None and m.mention:
            page.mark(mention, len(m.mention), '<span class="mention">', "</span>", order=2)
        if ev is not None:
            page.mark(ev, len(m.evidence), f'<mark class="evidence stance-{_attr(stance)}" '
                      f'title="{_attr(labels.stance(stance))}">', "</mark>", order=3)
        out.append({"key": key, "name": name, "stance": stance, "evidence": m.evidence,
                    "submitters": m.submitters, "anchor": anchor, "href": href, "paragraph": page.para_of(at)})
    return out


def _party_positions(page: _Page) -> list[dict]:
    """The party proposals the document answers and the cabinet's stance on them."""
    out = []
    for i, pp in enumerate(page.record.party_positions):
        stance = pp.stance.value
        ev = _locate(page.text, pp.evidence, pp.start)
        anchor = f"pp-{i}"
        if ev is not None:
            page.point(ev, f'<span class="label stance-{_attr(stance)}" id="{anchor}">'
                       f'{html.escape(pp.party or "partij")} · {html.escape(labels.stance(stance))}</span>')
            page.mark(ev, len(pp.evidence), f'<mark class="evidence party stance-{_attr(stance)}">', "</mark>",
                      order=3)
        out.append({**pp.to_dict(), "anchor": anchor, "paragraph": page.para_of(ev)})
    return out


def _commitments(page: _Page) -> list[dict]:
    out = []
    for i, c in enumerate(page.record.commitments):
        at = _locate(page.text, c.text, c.start)
        anchor = f"c-{i}"
        if at is not None:
            page.point(at, f'<span class="label commitment" id="{anchor}">toezegging'
                       f'{" · " + html.escape(c.due) if c.due else ""}</span>')
            page.mark(at, len(c.text), '<mark class="commitment">', "</mark>", order=4)
        out.append({**c.to_dict(), "anchor": anchor, "paragraph": page.para_of(at)})
    return out


def _footnotes(page: _Page, references: list[dict]) -> list[dict]:
    """The footnotes with their markers in the text and their citations linked."""
    out = []
    for i, f in enumerate(page.record.footnotes):
        marker = f.marker or str(i + 1)
        fid = f"fn-{i}"
        if f.anchor is not None and f.anchor <= len(page.text):
            page.point(f.anchor, f'<sup class="fn"><a href="#{fid}" id="{fid}-ref" '
                       f'aria-label="voetnoot {_attr(marker)}">{html.escape(marker)}</a></sup>')
        refs = [(r["text"], r["url"]) for r in references if r["in_footnote"] == f.marker and r["text"]]
        out.append({"id": fid, "marker": marker, "html": Markup(linkify(f.text, refs)),
                    "has_ref": f.anchor is not None})
    return out


def _chips(record: Record) -> dict[int, list[dict]]:
    """The themes and instruments of each paragraph."""
    chips: dict[int, list[dict]] = {}
    for kind, tags in (("theme", record.themes), ("instrument", record.instruments)):
        for t in tags:
            for p in t.paragraphs:
                chips.setdefault(p, []).append({"kind": kind, "id": t.id, "label": labels.tag(t.id)})
    return chips


def _paragraph_spans(page: _Page, i: int) -> list[Span]:
    """The spans inside paragraph ``i``, cut to it; a point at its end belongs to it unless the next
    paragraph starts there."""
    paras = page.paras
    lo, hi = paras[i].start, paras[i].end
    inside = []
    for s in page.spans:
        if s.start == s.end:
            if lo <= s.start <= hi and (s.start < hi or i + 1 >= len(paras) or paras[i + 1].start > hi):
                inside.append(s)
        elif s.start < hi and s.end > lo:
            inside.append(replace(s, start=max(s.start, lo), end=min(s.end, hi)))
    return inside


def _paragraphs(page: _Page, highlighter: Highlighter | None) -> tuple[list[dict], list[dict]]:
    """(paragraphs as HTML, table of contents). A paragraph that starts where a section starts and holds
    only its heading is shown as that heading."""
    sections = page.record.sections
    heading_at: dict[int, tuple[int, Section]] = {}
    for si, s in enumerate(sections):
        heading_at.setdefault(s.start, (si, s))
    chips = _chips(page.record)
    toc: list[dict] = []
    out = []
    for i, p in enumerate(page.paras):
        ptext = page.text[p.start:p.end]
        head = heading_at.get(p.start)
        is_heading = head is not None and len(ptext.strip()) <= len(head[1].heading) + len(head[1].number or "") + 4
        inside = _paragraph_spans(page, i)
        if highlighter is not None and not is_heading:
            inside += _hit_spans(ptext, p.start, highlighter)
        entry = {"idx": i, "html": Markup(render_spans(page.text, p.start, p.end, inside)), "section": p.section,
                 "chips": chips.get(i, []), "heading": None}
        if head is not None:
            si, s = head
            entry["section_anchor"] = f"s-{si}"
            toc.append({"anchor": f"s-{si}", "level": s.level, "number": s.number, "heading": s.heading,
                        "paragraph": i})
            if is_heading:
                entry["heading"] = min(4, 1 + s.level)
        out.append(entry)
    # sections whose start is not a paragraph start still get a table-of-contents entry
    listed = {t["anchor"] for t in toc}
    for si, s in enumerate(sections):
        pi = page.para_of(s.start) if f"s-{si}" not in listed else None
        if pi is not None:
            toc.append({"anchor": f"p-{pi}", "level": s.level, "number": s.number, "heading": s.heading,
                        "paragraph": pi})
    toc.sort(key=lambda t: t["paragraph"])
    return out, toc


def render_document(record: Record, in_store: set[str],
                    highlighter: Highlighter | None = None) -> RenderedDocument:
    """The record's text as paragraphs of HTML with every annotation, plus the lists beside it.

    ``in_store``: ids of documents in the store (internal links); ``highlighter``: a search query's
    :class:`kamerspoor.store.search.Highlighter` to mark its hits, or None."""
    page = _Page(record, in_store)
    references = _references(page)
    motions = _motions(page)
    parties = _party_positions(page)
    commitments = _commitments(page)
    footnotes = _footnotes(page, references)
    paragraphs, toc = _paragraphs(page, highlighter)
    return RenderedDocument(paragraphs, toc, footnotes, motions, parties, commitments, references)


def _hit_spans(ptext: str, lo: int, highlighter: Highlighter) -> list[Span]:
    return [Span(lo + a, lo + b, '<mark class="hit">', "</mark>", order=9)
            for a, b, strength in highlighter.text_strengths(ptext) if strength]
