"""A document's analysis record as HTML: paragraphs with their annotations, a table of contents, footnotes.

Every annotation of the record is a span over the cleaned text (references, motion mentions and the
evidence of the cabinet's stance, party proposals, commitments, search hits) or a point in it (footnote
markers, stance labels). Spans may nest or cross; :func:`render_spans` nests them properly by cutting a
span that crosses the end of the one it started in.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from markupsafe import Markup

from kamerspoor.store import links
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
    kid = links.kst_id(dossier, number)
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


def linkify(text: str, refs: list[tuple[str, str | None]] = ()) -> str:
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


def render_document(record: dict, in_store: set[str],
                    highlighter: Highlighter | None = None) -> RenderedDocument:
    """The record's text as paragraphs of HTML with every annotation, plus the lists beside it.

    ``in_store``: ids of documents in the store (internal links); ``highlighter``: a search query's
    :class:`kamerspoor.store.search.Highlighter` to mark its hits, or None."""
    text: str = record.get("text") or ""
    paras = record.get("paragraphs") or []
    sections = record.get("sections") or []
    spans: list[Span] = []

    def para_of(offset: int | None) -> int | None:
        if offset is None:
            return None
        for i, p in enumerate(paras):
            if p["start"] <= offset <= p["end"]:
                return i
        return None

    # references (citations) in the text
    references = []
    for r in record.get("references") or []:
        target = links.kst_id(r.get("dossier"), r.get("number"))
        url = reference_url(target, in_store)
        references.append({"id": target, "text": r.get("text"), "url": url, "internal": target in in_store,
                           "paragraph": para_of(r.get("start")), "in_footnote": r.get("in_footnote")})
        start = _locate(text, r.get("text"), r.get("start")) if r.get("start") is not None else None
        if start is not None and url:
            title = "in kamerspoor" if target in in_store else "officielebekendmakingen.nl"
            spans.append(Span(start, start + len(r["text"]), f'<a class="ref" href="{_attr(url)}" '
                              f'title="{_attr(target or "")} ({title})">', "</a>", order=5))

    # motions the document answers: the mention, a stance label, the evidence
    motions = []
    for i, m in enumerate(record.get("motions") or []):
        key = motion_key(m.get("dossier"), m.get("number"))
        stance = m.get("stance") or "noted"
        who = ", ".join(m.get("submitters") or [])
        name = f"motie {key}" if key else f"motie {who}".strip()
        href = f"/motie/{key}" if key else None
        start = m.get("start")
        ev = _locate(text, m.get("evidence"), start)
        mention = _locate(text, m.get("mention"), start)
        anchor = f"m-{i}"
        label = (f'<a class="label stance-{_attr(stance)}" id="{anchor}" href="{_attr(href)}">' if href else
                 f'<span class="label stance-{_attr(stance)}" id="{anchor}">')
        label += (f'{html.escape(name)} · {html.escape(labels.stance(stance))}' + ("</a>" if href else "</span>"))
        at = mention if mention is not None else (start if start is not None else ev)
        if at is not None:
            spans.append(Span(at, at, label))
        if mention is not None:
            spans.append(Span(mention, mention + len(m["mention"]), '<span class="mention">', "</span>", order=2))
        if ev is not None:
            spans.append(Span(ev, ev + len(m["evidence"]), f'<mark class="evidence stance-{_attr(stance)}" '
                              f'title="{_attr(labels.stance(stance))}">', "</mark>", order=3))
        motions.append({"key": key, "name": name, "stance": stance, "evidence": m.get("evidence"),
                        "submitters": m.get("submitters") or [], "anchor": anchor, "href": href,
                        "paragraph": para_of(at)})

    # party proposals and the cabinet's stance on them
    parties = []
    for i, pp in enumerate(record.get("party_positions") or []):
        stance = pp.get("stance") or "noted"
        ev = _locate(text, pp.get("evidence"), pp.get("start"))
        anchor = f"pp-{i}"
        if ev is not None:
            spans.append(Span(ev, ev, f'<span class="label stance-{_attr(stance)}" id="{anchor}">'
                              f'{html.escape(pp.get("party") or "partij")} · {html.escape(labels.stance(stance))}'
                              "</span>"))
            spans.append(Span(ev, ev + len(pp["evidence"]), f'<mark class="evidence party stance-{_attr(stance)}">',
                              "</mark>", order=3))
        parties.append({**pp, "anchor": anchor, "paragraph": para_of(ev)})

    # commitments
    commitments = []
    for i, c in enumerate(record.get("commitments") or []):
        at = _locate(text, c.get("text"), c.get("start"))
        anchor = f"c-{i}"
        due = c.get("due")
        if at is not None:
            spans.append(Span(at, at, f'<span class="label commitment" id="{anchor}">toezegging'
                              f'{" · " + html.escape(str(due)) if due else ""}</span>'))
            spans.append(Span(at, at + len(c["text"]), '<mark class="commitment">', "</mark>", order=4))
        commitments.append({**c, "anchor": anchor, "paragraph": para_of(at)})

    # footnote markers
    footnotes = []
    for i, f in enumerate(record.get("footnotes") or []):
        marker = str(f.get("marker") or i + 1)
        fid = f"fn-{i}"
        anchor = f.get("anchor")
        if anchor is not None and 0 <= anchor <= len(text):
            spans.append(Span(anchor, anchor, f'<sup class="fn"><a href="#{fid}" id="{fid}-ref" '
                              f'aria-label="voetnoot {_attr(marker)}">{html.escape(marker)}</a></sup>'))
        refs = [(r["text"], r["url"]) for r in references if r.get("in_footnote") == f.get("marker") and r["text"]]
        footnotes.append({"id": fid, "marker": marker, "html": Markup(linkify(f.get("text") or "", refs)),
                          "has_ref": anchor is not None})

    # themes and instruments per paragraph
    chips: dict[int, list[dict]] = {}
    for kind, key in (("theme", "themes"), ("instrument", "instruments")):
        for t in record.get(key) or []:
            for p in t.get("paragraphs") or []:
                chips.setdefault(p, []).append({"kind": kind, "id": t["id"], "label": labels.tag(t["id"])})

    # headings: a paragraph that starts where a section starts and holds only its heading
    heading_at = {}
    for si, s in enumerate(sections):
        heading_at.setdefault(s["start"], (si, s))
    toc = []
    out_paras = []
    for i, p in enumerate(paras):
        lo, hi = p["start"], p["end"]
        ptext = text[lo:hi]
        head = heading_at.get(lo)
        is_heading = bool(head) and len(ptext.strip()) <= len(head[1]["heading"]) + len(head[1]["number"] or "") + 4
        inside = []
        for s in spans:
            if s.start == s.end:
                if lo <= s.start <= hi and (s.start < hi or i + 1 >= len(paras) or paras[i + 1]["start"] > hi):
                    inside.append(s)
            elif s.start < hi and s.end > lo:
                inside.append(replace(s, start=max(s.start, lo), end=min(s.end, hi)))
        if highlighter is not None and not is_heading:
            inside += _hit_spans(ptext, lo, highlighter)
        body = render_spans(text, lo, hi, inside)
        entry = {"idx": i, "html": Markup(body), "section": p.get("section"), "chips": chips.get(i, []),
                 "heading": None}
        if head:
            si, s = head
            entry["section_anchor"] = f"s-{si}"
            toc.append({"anchor": f"s-{si}", "level": s["level"], "number": s.get("number"),
                        "heading": s["heading"], "paragraph": i})
            if is_heading:
                entry["heading"] = min(4, 1 + int(s.get("level") or 1))
        out_paras.append(entry)
    # sections whose start is not a paragraph start still get a table-of-contents entry
    listed = {t["anchor"] for t in toc}
    for si, s in enumerate(sections):
        if f"s-{si}" not in listed:
            pi = para_of(s["start"])
            if pi is not None:
                toc.append({"anchor": f"p-{pi}", "level": s["level"], "number": s.get("number"),
                            "heading": s["heading"], "paragraph": pi})
    toc.sort(key=lambda t: t["paragraph"])
    return RenderedDocument(out_paras, toc, footnotes, motions, parties, commitments, references)


def _hit_spans(ptext: str, lo: int, highlighter) -> list[Span]:
    from kamerspoor.store import dutch

    found = [(m.start(), m.end()) for m in dutch.WORD.finditer(ptext)]
    if not found:
        return []
    hits = highlighter.hits([ptext[a:b].lower() for a, b in found])
    return [Span(lo + a, lo + b, '<mark class="hit">', "</mark>", order=9)
            for (a, b), h in zip(found, hits, strict=True) if h]
