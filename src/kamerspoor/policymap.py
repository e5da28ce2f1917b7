"""The policy map: the system a letter (or a whole dossier) describes, as a graph drawn at a glance.

    from kamerspoor.policymap import build_graph, map_svg, to_json, to_graphml, to_png
    graph = build_graph(record)                 # one analysis record, or a list of them (a dossier)
    svg = map_svg(record, link_base="")         # server-side SVG, every node an <a href> link

Nodes: themes (areas of concern) and instruments from the taxonomy, motions the letter answers (coloured
by the cabinet's stance), party proposals it answers, and its commitments (open, overdue, kept). Edges, each
backed by the paragraph(s) it was read from (``paragraphs`` on the edge, a list of (document id, paragraph
index)):

- ``theme-instrument``: a paragraph tagged with both (weight = number of such paragraphs);
- ``motion-theme`` / ``motion-instrument`` (and ``proposal-theme`` / ``proposal-instrument``): the paragraph
  that carries the answer to the motion (the party proposal) is tagged with the theme (the instrument);
- ``commitment-motion`` / ``commitment-proposal``: the commitment stands in the answer to that motion
  (proposal), as the record's ``answers`` says;
- ``commitment-theme`` / ``commitment-instrument``: the commitment's paragraph is tagged with it.

Everything is derived from the analysis records (../shared/spec/analysis.md); nothing is drawn by hand, and
nothing is drawn that has no line: a theme or instrument linked to nothing else is left out (``unlinked`` in
the graph's attributes names them). The compact view of the same links, a table of motions and proposals
against themes and instruments, is :mod:`kamerspoor.matrix`.

Layout: Graphviz ``dot`` (Debian package ``graphviz``) run as a subprocess, in four columns (commitments,
motions and proposals, themes, instruments) so that edges run one way and crossings are minimised; when
``dot`` is absent or fails, an own layered layout in pure Python (barycentre ordering, boxes stacked per
column, so labels never overlap) writes the SVG instead. PNG needs Graphviz.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
import textwrap
from datetime import date
from functools import lru_cache, partial
from typing import Any

import networkx as nx  # type: ignore[import-untyped]

from kamerspoor import labels, taxonomy
from kamerspoor.record import Commitment, CommitmentAnswer, CommitmentStatus, Record, Stance, Tag
from kamerspoor.rules import identifiers

log = logging.getLogger(__name__)

SCHEMA = "policymap/1"

# the four columns, left to right: every edge runs from a lower column to a higher one
COLUMN = {"commitment": 0, "motion": 1, "proposal": 1, "theme": 2, "instrument": 3}
COLUMN_TITLE = ["Toezeggingen", "Moties en partijvoorstellen", "Thema's", "Instrumenten"]

STANCE_NL = labels.table("stance")
# fill colour, text colour (colour-blind safe pairs; the stance is also written in the label): data/labels.yaml
STANCE_COLOUR = {stance: (style.map_fill, style.map_text) for stance, style in labels.stance_styles().items()}
UNKNOWN_STANCE = ("#eeeeee", "#000000")

STATUS_NL = labels.table("commitment_status")
# border colour, fill colour, border style
STATUS_STYLE = {
    "open": ("#b58900", "#fff8e1", "solid"),
    "overdue": ("#c0392b", "#fdecea", "bold"),
    "fulfilled": ("#7a7a7a", "#f2f2f2", "solid"),
    "partly_fulfilled": ("#7a7a7a", "#f2f2f2", "dashed"),
    "lapsed": ("#7a7a7a", "#f2f2f2", "dotted"),
}
KIND_STYLE = {  # border, fill
    "theme": ("#3b6ea5", "#e6eff8"),
    "instrument": ("#4d7f3a", "#eaf4e4"),
}
KIND_NL = labels.table("map_node")

# anchors on the web application's document page (kamerspoor.web.render): paragraph, motion mention, party
# proposal and commitment, by their index in the record
PARAGRAPH_ANCHOR = "p-{}"
MOTION_ANCHOR = "m-{}"
PROPOSAL_ANCHOR = "pp-{}"
COMMITMENT_ANCHOR = "c-{}"

FONT = "DejaVu Sans"
WRAP = 28


class MapError(Exception):
    """The map cannot be produced in the asked format (e.g. PNG without Graphviz)."""


# -- building the graph -----------------------------------------------------------------------------------

def _norm_dossier(d: str | None) -> str | None:
    return identifiers.norm_dossier(d)


def _motion_key(dossier: str | None, number: int | None) -> str | None:
    """``35207-27`` for a motion named by dossier and number, else None."""
    return identifiers.motion_key(dossier, number)


def _parse_motion_ref(ref: str) -> str | None:
    """``"35207-27"``, ``"kst-35207-27"``, ``"35 207, nr. 27"`` -> ``35207-27``."""
    return identifiers.motion_key_of(ref)


def dossier_label(dossier: str) -> str:
    """``35207`` -> ``35 207``, ``21501-20`` -> ``21 501-20`` (as Kamerstukken write it)."""
    m = re.match(r"(\d+)(.*)", dossier)
    if not m or len(m.group(1)) <= 3:
        return dossier
    digits = m.group(1)
    return f"{digits[:-3]} {digits[-3:]}{m.group(2)}"


def due_by(due: str | None) -> str | None:
    """The last day a commitment may be kept (``2020`` -> ``2020-12-31``); see kamerspoor.rules.dates."""
    from kamerspoor.rules.dates import due_by as _due_by

    return _due_by(due) if due else None


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]


def due_label(due: str) -> str:
    """``2020-07-01`` -> ``1 juli 2020``, ``2020-07`` -> ``juli 2020``, ``2020`` -> ``2020``."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", due)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return due
    month = f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return f"{int(m.group(3))} {month}" if m.group(3) else month


_KEPT = {CommitmentStatus.VOLDAAN: "fulfilled", CommitmentStatus.DEELS_VOLDAAN: "partly_fulfilled",
         CommitmentStatus.VERVALLEN: "lapsed"}


def commitment_status(c: Commitment, today: str) -> str:
    """open / overdue / fulfilled / partly_fulfilled / lapsed, from the register status and the due date."""
    if c.status in _KEPT:
        return _KEPT[c.status]
    last = due_by(c.due)
    return "overdue" if last and last < today else "open"


def _paragraph_of(record: Record, paragraph: int | None, sentence: str, start: int | None) -> int | None:
    """The paragraph an item stands in: its ``paragraph`` field, else the paragraph around its sentence
    (else around its ``start``)."""
    paragraphs = record.paragraphs
    if paragraph is not None and (not paragraphs or 0 <= paragraph < len(paragraphs)):
        return paragraph
    found = record.text.find(sentence) if sentence else -1
    offset = found if found >= 0 else start
    if offset is None:
        return None
    for i, para in enumerate(paragraphs):
        if para.start <= offset < max(para.end, para.start + 1):
            return i
    return None


def _tags_by_paragraph(tags: list[Tag]) -> tuple[dict[int, list[str]], dict[str, list[int]]]:
    by_para: dict[int, list[str]] = {}
    by_tag: dict[str, list[int]] = {}
    for t in tags:
        if not t.id:
            continue
        paras = by_tag.setdefault(t.id, [])
        for p in sorted(set(t.paragraphs)):
            if p not in paras:
                paras.append(p)
            if t.id not in by_para.setdefault(p, []):
                by_para[p].append(t.id)
    return by_para, by_tag


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:") + "…"


def _doc_sort_key(record: Record) -> tuple[str, int, str]:
    doc = record.document
    return (doc.date or "", doc.number or 0, doc.id or "")


def build_graph(records: Record | list[Record], today: str | None = None) -> nx.DiGraph:
    """The policy map of one analysis record or of several (a dossier), as a networkx DiGraph.

    Node ids: ``theme:<id>``, ``instrument:<id>``, ``motion:<dossier>-<number>`` (``motion:<doc>:<i>`` when
    the letter names the motion only by its submitters), ``proposal:<doc>:<i>``, ``commitment:<doc>:<i>``.
    Every node has ``kind``, ``label`` (Dutch) and ``href`` (a path on the web application). Every edge has
    ``kind``, ``weight`` and ``paragraphs``: the (document id, paragraph index) pairs behind it.
    ``today`` (YYYY-MM-DD, default the current date) decides which open commitments are overdue.
    """
    recs = sorted([records] if isinstance(records, Record) else records, key=_doc_sort_key)
    today = today or date.today().isoformat()
    g = nx.DiGraph()
    doc_ids: list[str] = []
    for i, rec in enumerate(recs):
        did = rec.document.id or f"document-{i + 1}"
        if did in doc_ids:
            did = f"{did}~{i + 1}"
        doc_ids.append(did)
        _add_record(g, rec, did, today)
    # a theme or instrument no line reaches says nothing about the letter's answers: it is left out (the
    # document page lists every theme and instrument beside the text)
    unlinked = [n for n, a in g.nodes(data=True) if a["kind"] in ("theme", "instrument") and g.degree(n) == 0]
    g.remove_nodes_from(unlinked)
    g.graph["unlinked"] = sorted(unlinked)
    g.graph["documents"] = doc_ids
    g.graph["today"] = today
    single = len(doc_ids) == 1
    for n, a in g.nodes(data=True):
        a["href"] = _href(n, a, single)
        a["weight"] = len(a.get("paragraphs") or [])
    return g


def _node(g: nx.DiGraph, nid: str, **attrs: Any) -> dict:
    if nid not in g:
        g.add_node(nid, paragraphs=[], documents=[], **attrs)
    node: dict = g.nodes[nid]
    return node


def _touch(a: dict, did: str, p: int | None) -> None:
    if did not in a["documents"]:
        a["documents"].append(did)
    if p is not None and (did, p) not in a["paragraphs"]:
        a["paragraphs"].append((did, p))


def _edge(g: nx.DiGraph, u: str, v: str, kind: str, did: str, p: int) -> None:
    if not g.has_edge(u, v):
        g.add_edge(u, v, kind=kind, paragraphs=[], weight=0)
    e = g.edges[u, v]
    if (did, p) not in e["paragraphs"]:
        e["paragraphs"].append((did, p))
        e["weight"] = len(e["paragraphs"])


class _Builder:
    """Adds one record's nodes and edges to the graph: tags first, then what stands in their paragraphs."""

    def __init__(self, g: nx.DiGraph, rec: Record, did: str, today: str):
        self.g, self.rec, self.did, self.today = g, rec, did, today
        self.themes_at, self.themes = _tags_by_paragraph(rec.themes)
        self.instruments_at, self.instruments = _tags_by_paragraph(rec.instruments)
        self.motion_nodes: dict[str, str] = {}  # "35207-27" -> node id
        self.proposal_nodes: list[tuple[str, list[str], int | None, int]] = []  # node, parties, paragraph, start

    def tags(self) -> None:
        g, did = self.g, self.did
        for kind, tags in (("theme", self.themes), ("instrument", self.instruments)):
            for tag, paras in tags.items():
                a = _node(g, f"{kind}:{tag}", kind=kind, tag=tag, label=taxonomy.label(tag, "nl"))
                for p in paras:
                    _touch(a, did, p)
        # theme x instrument in the same paragraph
        for p in sorted(set(self.themes_at) & set(self.instruments_at)):
            for t in self.themes_at[p]:
                for ins in self.instruments_at[p]:
                    _edge(g, f"theme:{t}", f"instrument:{ins}", "theme-instrument", did, p)

    def link_tags(self, nid: str, kind: str, p: int | None) -> None:
        if p is None:
            return
        for t in self.themes_at.get(p, []):
            _edge(self.g, nid, f"theme:{t}", f"{kind}-theme", self.did, p)
        for ins in self.instruments_at.get(p, []):
            _edge(self.g, nid, f"instrument:{ins}", f"{kind}-instrument", self.did, p)

    def motions(self) -> None:
        for i, m in enumerate(self.rec.motions):
            key = _motion_key(m.dossier, m.number)
            nid = f"motion:{key}" if key else f"motion:{self.did}:{i}"
            p = _paragraph_of(self.rec, m.paragraph, m.evidence, m.start)
            submitters = [s for s in m.submitters if s]
            if key:
                d, n = key.rsplit("-", 1)
                label = f"Motie {dossier_label(d)}, nr. {n}"
            else:
                label = "Motie " + (", ".join(submitters) or "zonder nummer")
            a = _node(self.g, nid, kind="motion", label=label, dossier=_norm_dossier(m.dossier), number=m.number,
                      submitters=submitters, answers=[], document=self.did, index=i, stance=None)
            # a later letter's answer decides the colour; every answer is kept
            if m.stance != Stance.NOTED or not a["stance"]:
                a["stance"] = m.stance.value
            a["evidence"] = m.evidence
            a["answers"].append({"document": self.did, "paragraph": p, "stance": m.stance.value})
            _touch(a, self.did, p)
            if key:
                self.motion_nodes[key] = nid
            self.link_tags(nid, "motion", p)

    def proposals(self) -> None:
        groups: dict[tuple[str, str, str], str] = {}
        for i, pp in enumerate(self.rec.party_positions):
            party = pp.party.strip()
            p = _paragraph_of(self.rec, pp.paragraph, pp.evidence, pp.start)
            # one proposal answered for several parties ("het voorstel van D66 (met steun van de PvdA)") is
            # one node
            group = (pp.evidence, pp.proposal, pp.stance.value)
            nid = groups.get(group) if group[0] else None
            if nid is None:
                nid = f"proposal:{self.did}:{i}"
                groups[group] = nid
                _node(self.g, nid, kind="proposal", document=self.did, index=i, parties=[], stance=pp.stance.value,
                      proposal=pp.proposal, evidence=pp.evidence, source_url=pp.source_url or None, paragraph=p)
                self.proposal_nodes.append((nid, self.g.nodes[nid]["parties"], p, pp.start or 0))
            a = self.g.nodes[nid]
            if party and party not in a["parties"]:
                a["parties"].append(party)
            _touch(a, self.did, p)
            self.link_tags(nid, "proposal", p)
        for nid, parties, _p, _s in self.proposal_nodes:
            a = self.g.nodes[nid]
            a["label"] = f"{', '.join(parties) or 'Partij'}: {_short(a['proposal'] or a['evidence'], 70)}"

    def commitments(self) -> None:
        for i, c in enumerate(self.rec.commitments):
            nid = f"commitment:{self.did}:{i}"
            p = _paragraph_of(self.rec, c.paragraph, c.text, c.start)
            status = commitment_status(c, self.today)
            a = _node(self.g, nid, kind="commitment", index=i, document=self.did, text=c.text,
                      actor=c.actor or None, due=c.due or None, status=status,
                      commitment_kind=c.kind.value if c.kind else None, paragraph=p)
            head = "Toezegging" + (f" ({due_label(c.due)})" if c.due else "")
            if status != "open":
                head += f", {STATUS_NL[status]}"
            a["label"] = f"{head}: {_short(c.text, 70)}"
            _touch(a, self.did, p)
            if p is not None:
                self.link_tags(nid, "commitment", p)
                self.link_answers(nid, c, p)

    def link_answers(self, nid: str, c: Commitment, p: int) -> None:
        for ref_kind, ref in _answer_refs(c.answers):
            if ref_kind == "motion":
                key = _parse_motion_ref(ref)
                if key and key in self.motion_nodes:
                    _edge(self.g, nid, self.motion_nodes[key], "commitment-motion", self.did, p)
            else:
                for target in _proposals_of_party(self.proposal_nodes, ref, p, c.start):
                    _edge(self.g, nid, target, "commitment-proposal", self.did, p)


def _add_record(g: nx.DiGraph, rec: Record, did: str, today: str) -> None:
    b = _Builder(g, rec, did, today)
    b.tags()
    b.motions()
    b.proposals()
    b.commitments()


def _answer_refs(answers: CommitmentAnswer | None) -> list[tuple[str, str]]:
    """What a commitment answers: [("motion", "35207-27"), ("party", "D66"), ...]."""
    if answers is None:
        return []
    out = [("motion", v) for v in [answers.motion, *answers.motions] if v]
    for v in [answers.party, *answers.parties]:
        if v and ("party", v) not in out:
            out.append(("party", v))
    return out


def _proposals_of_party(proposals: list[tuple[str, list[str], int | None, int]], party: str, p: int,
                        start: int) -> list[str]:
    """The party's proposal(s) whose answer the commitment stands in: same paragraph, else the nearest
    one before the commitment."""
    mine = [x for x in proposals if party.lower() in (q.lower() for q in x[1])]
    same = [x[0] for x in mine if x[2] == p]
    if same:
        return same
    before = [x for x in mine if x[3] <= start]
    return [max(before, key=lambda x: x[3])[0]] if before else []


def _href(nid: str, a: dict, single: bool) -> str:
    """Where a node links to on the web application: a theme or instrument to its first paragraph (to its
    page /thema/<id> on a map of several documents), a motion to its page /motie/<dossier>-<number>, a
    party proposal and a commitment to their sentence in the letter."""
    kind = a["kind"]

    def at(did: str, anchor: str) -> str:
        return f"#{anchor}" if did.startswith("document-") else f"/document/{did}#{anchor}"

    if kind in ("theme", "instrument"):
        paras = a.get("paragraphs") or []
        if single and paras:
            return at(paras[0][0], PARAGRAPH_ANCHOR.format(paras[0][1]))
        return f"/thema/{a['tag']}"
    if kind == "motion" and a.get("dossier") and a.get("number") is not None:
        return f"/motie/{a['dossier']}-{a['number']}"
    anchor = {"motion": MOTION_ANCHOR, "proposal": PROPOSAL_ANCHOR, "commitment": COMMITMENT_ANCHOR}.get(kind)
    return at(a["document"], anchor.format(a["index"])) if anchor else ""


# -- exports ------------------------------------------------------------------------------------------------

def _edge_id(u: str, v: str) -> str:
    return f"{u}->{v}"


def _refs(pairs: list[tuple[str, int]]) -> list[dict]:
    return [{"document": d, "paragraph": p} for d, p in pairs]


def _ordered_nodes(graph: nx.DiGraph) -> list[str]:
    return sorted(graph.nodes, key=lambda n: (COLUMN.get(graph.nodes[n]["kind"], 9), n))


def to_json(graph: nx.DiGraph) -> dict:
    """Nodes and edges with their ids, as a JSON-ready dict (``schema: policymap/1``)."""
    nodes = []
    for n in _ordered_nodes(graph):
        a = dict(graph.nodes[n])
        a["paragraphs"] = _refs(a.get("paragraphs") or [])
        nodes.append({"id": n, "kind": a.pop("kind"), "label": a.pop("label"), "href": a.pop("href"), **a})
    edges = []
    for u, v in sorted(graph.edges):
        e = graph.edges[u, v]
        edges.append({"id": _edge_id(u, v), "source": u, "target": v, "kind": e["kind"], "weight": e["weight"],
                      "paragraphs": _refs(e["paragraphs"])})
    return {"schema": SCHEMA, "documents": list(graph.graph.get("documents") or []),
            "today": graph.graph.get("today"), "stances": STANCE_NL, "nodes": nodes, "edges": edges}


def _graphml_value(v: Any) -> Any:
    if isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, list) and all(isinstance(x, tuple) for x in v):
        return " ".join(f"{d}#p{p}" for d, p in v)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return "; ".join(v)
    return None


def to_graphml(graph: nx.DiGraph) -> str:
    """The graph as GraphML (Gephi, Cytoscape, yEd): the same node and edge ids as :func:`to_json`; lists
    become text (paragraphs as ``kst-35207-32#p26 kst-35207-32#p30``)."""
    flat = nx.DiGraph()
    for n in _ordered_nodes(graph):
        attrs = {}
        for k, v in graph.nodes[n].items():
            fv = _graphml_value(v)
            if fv is not None and k != "answers":
                attrs[k] = fv
        flat.add_node(n, **attrs)
    for u, v in sorted(graph.edges):
        e = graph.edges[u, v]
        flat.add_edge(u, v, id=_edge_id(u, v), kind=e["kind"], weight=int(e["weight"]),
                      paragraphs=_graphml_value(e["paragraphs"]) or "")
    body = "\n".join(nx.generate_graphml(flat, edge_id_from_attribute="id"))
    if not body.startswith("<?xml"):
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + body
    return body + "\n"


# -- drawing: common ----------------------------------------------------------------------------------------

def _wrap(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _node_style(a: dict) -> tuple[str, str, str, str]:
    """border, fill, text colour, border style of a node."""
    kind = a["kind"]
    if kind in KIND_STYLE:
        border, fill = KIND_STYLE[kind]
        return border, fill, "#000000", "solid"
    if kind in ("motion", "proposal"):
        fill, fg = STANCE_COLOUR.get(a.get("stance") or "", UNKNOWN_STANCE)
        return "#333333", fill, fg, "solid" if kind == "motion" else "dashed"
    border, fill, style = STATUS_STYLE.get(a.get("status") or "open", STATUS_STYLE["open"])
    return border, fill, "#000000", style


def _node_lines(a: dict) -> list[str]:
    kind = a["kind"]
    if kind == "motion":
        lines = _wrap(a["label"])
        if a.get("submitters") and a["label"].split(" ", 1)[-1] != ", ".join(a["submitters"]):
            lines += _wrap(", ".join(a["submitters"]))
        lines.append(f"({STANCE_NL.get(a.get('stance') or '', 'geen oordeel gevonden')})")
        return lines
    if kind == "proposal":
        return _wrap(a["label"]) + [f"({STANCE_NL.get(a.get('stance') or '', 'geen oordeel gevonden')})"]
    return _wrap(a["label"])


def _tooltip(a: dict) -> str:
    kind = a["kind"]
    if kind in ("theme", "instrument"):
        paras = ", ".join(str(p + 1) for _d, p in a.get("paragraphs") or [])
        return f"{KIND_NL[kind].capitalize()}: {a['label']} (alinea {paras})"
    if kind == "motion":
        return f"{a['label']} ({STANCE_NL.get(a.get('stance') or '', '?')}): {_short(a.get('evidence') or '', 300)}"
    if kind == "proposal":
        return f"{', '.join(a['parties'])} ({STANCE_NL.get(a.get('stance') or '', '?')}): " \
               f"{_short(a.get('evidence') or '', 300)}"
    return f"Toezegging ({STATUS_NL.get(a.get('status') or '', '')}): {_short(a.get('text') or '', 300)}"


def _edge_tooltip(graph: nx.DiGraph, u: str, v: str) -> str:
    e = graph.edges[u, v]
    paras = ", ".join(str(p + 1) for _d, p in e["paragraphs"])
    return f"{graph.nodes[u]['label']} — {graph.nodes[v]['label']} (alinea {paras})"


def _edge_colour(graph: nx.DiGraph, u: str) -> str:
    a = graph.nodes[u]
    if a["kind"] in ("motion", "proposal"):
        return STANCE_COLOUR.get(a.get("stance") or "", UNKNOWN_STANCE)[0]
    if a["kind"] == "commitment":
        return STATUS_STYLE.get(a.get("status") or "open", STATUS_STYLE["open"])[0]
    return "#8c8c8c"


def _full_href(href: str, link_base: str) -> str:
    if not href or href.startswith("#"):
        return href
    return link_base.rstrip("/") + href


def _legend_items(graph: nx.DiGraph) -> tuple[list[str], list[str]]:
    """The stances and commitment statuses to explain (all stances always, so the legend is stable)."""
    statuses = ["open", "overdue"] + [s for s in ("fulfilled", "partly_fulfilled", "lapsed")
                                      if any(a.get("status") == s for _n, a in graph.nodes(data=True))]
    return list(STANCE_NL), statuses


# -- drawing with Graphviz ------------------------------------------------------------------------------------

def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _dot_label(lines: list[str]) -> str:
    return '"' + "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"') for x in lines) + '"'


def _legend_html(graph: nx.DiGraph) -> str:
    stances, statuses = _legend_items(graph)
    e = html.escape

    def row(title: str, cells: list[str]) -> str:
        return ('<TR><TD ALIGN="LEFT" BORDER="0"><TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2" '
                f'CELLPADDING="3"><TR><TD BORDER="0" ALIGN="LEFT"><B>{e(title)}</B></TD>{"".join(cells)}</TR>'
                "</TABLE></TD></TR>")

    stance_cells = [f'<TD BGCOLOR="{STANCE_COLOUR[s][0]}"><FONT COLOR="{STANCE_COLOUR[s][1]}">'
                    f"{e(STANCE_NL[s])}</FONT></TD>" for s in stances]
    status_cells = [f'<TD BGCOLOR="{STATUS_STYLE[s][1]}" COLOR="{STATUS_STYLE[s][0]}">{e(STATUS_NL[s])}</TD>'
                    for s in statuses]
    kind_cells = [f'<TD BGCOLOR="{KIND_STYLE["theme"][1]}" COLOR="{KIND_STYLE["theme"][0]}">thema</TD>',
                  f'<TD BGCOLOR="{KIND_STYLE["instrument"][1]}" COLOR="{KIND_STYLE["instrument"][0]}">instrument</TD>',
                  "<TD>motie</TD>", '<TD STYLE="dashed">partijvoorstel</TD>']
    note = "Lijn: staan in dezelfde alinea (dikte = aantal alinea's)."
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            + row("Standpunt kabinet", stance_cells)
            + row("Toezegging", [*status_cells, '<TD BORDER="0"><B>  Soort</B></TD>', *kind_cells])
            + f'<TR><TD ALIGN="LEFT">{e(note)}</TD></TR></TABLE>>')


def to_dot(graph: nx.DiGraph, link_base: str = "") -> str:
    """The Graphviz source of the map (columns as rank=same groups, legend as the graph label)."""
    out = ["digraph policymap {",
           f'  graph [rankdir=LR, ranksep="1.1", nodesep="0.12", splines=true, newrank=true, '
           f'fontname={_dot_str(FONT)}, fontsize=10, labelloc=b, labeljust=l, bgcolor=white, '
           f'tooltip="Beleidskaart", label={_legend_html(graph)}];',
           f"  node [fontname={_dot_str(FONT)}, fontsize=9, shape=box, style=filled, margin=\"0.08,0.04\"];",
           "  edge [arrowhead=none];"]
    columns: dict[int, list[str]] = {}
    for n in _ordered_nodes(graph):
        a = graph.nodes[n]
        columns.setdefault(COLUMN[a["kind"]], []).append(n)
        border, fill, fg, style = _node_style(a)
        styles = ["filled"] + (["rounded"] if a["kind"] in ("theme", "motion") else [])
        styles += [style] if style != "solid" else []
        attrs = [f"label={_dot_label(_node_lines(a))}", f"fillcolor={_dot_str(fill)}", f"color={_dot_str(border)}",
                 f"fontcolor={_dot_str(fg)}", f"style={_dot_str(','.join(styles))}",
                 f"tooltip={_dot_str(_tooltip(a))}", f"id={_dot_str('n-' + n)}",
                 f"class={_dot_str('kind-' + a['kind'])}"]
        href = _full_href(a.get("href") or "", link_base)
        if href:
            attrs.append(f"href={_dot_str(href)}")
            attrs.append('target="_top"')
        if a["kind"] == "commitment" and a.get("status") == "overdue":
            attrs.append("penwidth=2")
        out.append(f"  {_dot_str(n)} [{', '.join(attrs)}];")
    # one invisible anchor per column keeps the columns in order even where no edge crosses them
    for col in range(len(COLUMN_TITLE)):
        members = " ".join(_dot_str(n) for n in columns.get(col, []))
        out.append(f'  {{ rank=same; "__col{col}" [style=invis, shape=point, width=0, height=0, label=""]; '
                   f"{members} }}")
    out.append('  "__col0" -> "__col1" -> "__col2" -> "__col3" [style=invis];')
    for u, v in sorted(graph.edges):
        e = graph.edges[u, v]
        width = min(0.6 + 0.6 * e["weight"], 4.0)
        colour = _edge_colour(graph, u)
        style = "dashed" if graph.nodes[u]["kind"] == "commitment" else "solid"
        out.append(f"  {_dot_str(u)} -> {_dot_str(v)} [penwidth={width:.1f}, color={_dot_str(colour + 'a0')}, "
                   f"style={style}, tooltip={_dot_str(_edge_tooltip(graph, u, v))}];")
    out.append("}")
    return "\n".join(out) + "\n"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


@lru_cache(maxsize=32)
def _run_dot(source: str, fmt: str) -> bytes:
    dot = shutil.which("dot")
    if not dot:
        raise MapError("Graphviz is not installed (Debian: apt-get install graphviz)")
    try:
        proc = subprocess.run([dot, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise MapError(f"Graphviz dot failed: {e}") from e
    if proc.returncode != 0 or not proc.stdout:
        raise MapError("Graphviz dot failed: " + proc.stderr.decode("utf-8", "replace").strip()[:300])
    return proc.stdout


# The map holds links (to motions, letters, commitments), so it is a labelled group, not role="img": an image
# may not contain focusable elements (WCAG 4.1.2; axe rule nested-interactive).
_SVG_A11Y = 'class="policymap" role="group" aria-label="Beleidskaart"'


def _clean_graphviz_svg(svg: str) -> str:
    """Graphviz's SVG without XML prolog, doctype and comments (so it can be inlined in HTML; the page's
    style sheet scales it with its container: an inline style would break the Content-Security-Policy)."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r'<a xlink:href="([^"]*)"', r'<a href="\1" xlink:href="\1"', svg)
    svg = svg.replace("<svg ", f'<svg {_SVG_A11Y} ', 1)
    return svg


# -- drawing in pure Python (no Graphviz) -----------------------------------------------------------------------

_PX_PER_CHAR = 6.1
_LINE = 13
_PAD = 6
_GAP = 10
_COL_WIDTH = WRAP * _PX_PER_CHAR + 2 * _PAD + 8
_COL_GAP = 150


def _layered_order(graph: nx.DiGraph) -> dict[int, list[str]]:
    """Nodes per column, ordered by barycentre of their neighbours (a few sweeps both ways)."""
    cols: dict[int, list[str]] = {c: [] for c in range(len(COLUMN_TITLE))}
    for n in _ordered_nodes(graph):
        cols[COLUMN[graph.nodes[n]["kind"]]].append(n)
    und = graph.to_undirected(as_view=True)
    for _sweep in range(4):
        for order in (range(len(cols)), reversed(range(len(cols)))):
            pos = {n: i / max(len(ns), 1) for ns in cols.values() for i, n in enumerate(ns)}
            for c in order:
                cols[c].sort(key=partial(_barycentre, graph, und, pos, column=c))
                pos.update({n: i / max(len(cols[c]), 1) for i, n in enumerate(cols[c])})
    return cols


def _barycentre(graph: nx.DiGraph, und: Any, pos: dict[str, float], n: str, *, column: int) -> float:
    nb = [pos[m] for m in und[n] if COLUMN[graph.nodes[m]["kind"]] != column]
    return sum(nb) / len(nb) if nb else pos[n]


def python_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float, float, float]]:
    """x, y, width, height of every node box: columns side by side, boxes stacked without overlap and
    centred vertically."""
    cols = _layered_order(graph)
    heights = {n: len(_node_lines(graph.nodes[n])) * _LINE + 2 * _PAD for n in graph.nodes}
    totals = {c: sum(heights[n] for n in ns) + _GAP * max(len(ns) - 1, 0) for c, ns in cols.items()}
    tallest = max(totals.values(), default=0)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for c, ns in cols.items():
        y = 40 + (tallest - totals[c]) / 2
        x = 20 + c * (_COL_WIDTH + _COL_GAP)
        for n in ns:
            boxes[n] = (x, y, _COL_WIDTH, heights[n])
            y += heights[n] + _GAP
    return boxes


def _python_svg(graph: nx.DiGraph, link_base: str) -> str:
    e = html.escape
    boxes = python_layout(graph)
    width = 40 + len(COLUMN_TITLE) * _COL_WIDTH + (len(COLUMN_TITLE) - 1) * _COL_GAP
    bottom = max((y + h for _x, y, _w, h in boxes.values()), default=40)
    legend_y = bottom + 30
    height = legend_y + 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'{_SVG_A11Y} width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" '
           f'font-family="{FONT}, sans-serif" font-size="10">',
           '<rect width="100%" height="100%" fill="#ffffff"/>']
    for c, title in enumerate(COLUMN_TITLE):
        x = 20 + c * (_COL_WIDTH + _COL_GAP) + _COL_WIDTH / 2
        out.append(f'<text x="{x:.1f}" y="24" text-anchor="middle" font-weight="bold" font-size="11">'
                   f"{e(title)}</text>")
    out.append('<g class="edges">')
    for u, v in sorted(graph.edges):
        ux, uy, uw, uh = boxes[u]
        vx, vy, _vw, vh = boxes[v]
        x1, y1, x2, y2 = ux + uw, uy + uh / 2, vx, vy + vh / 2
        mid = (x2 - x1) / 2
        edata = graph.edges[u, v]
        w = min(0.6 + 0.6 * edata["weight"], 4.0)
        dash = ' stroke-dasharray="4 3"' if graph.nodes[u]["kind"] == "commitment" else ""
        out.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} C{x1 + mid:.1f},{y1:.1f} {x2 - mid:.1f},{y2:.1f} '
                   f'{x2:.1f},{y2:.1f}" fill="none" stroke="{_edge_colour(graph, u)}" stroke-opacity="0.6" '
                   f'stroke-width="{w:.1f}"{dash}><title>{e(_edge_tooltip(graph, u, v))}</title></path>')
    out.append("</g>")
    for n in _ordered_nodes(graph):
        a = graph.nodes[n]
        x, y, w, h = boxes[n]
        border, fill, fg, style = _node_style(a)
        dash = {"dashed": ' stroke-dasharray="5 3"', "dotted": ' stroke-dasharray="1 3"'}.get(style, "")
        sw = 2.5 if style == "bold" else 1
        rx = 8 if a["kind"] in ("theme", "motion") else 2
        href = e(_full_href(a.get("href") or "", link_base))
        lines = _node_lines(a)
        tspans = "".join(f'<tspan x="{x + w / 2:.1f}" dy="{_LINE if i else 0}">{e(t)}</tspan>'
                         for i, t in enumerate(lines))
        body = (f'<title>{e(_tooltip(a))}</title>'
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" fill="{fill}" '
                f'stroke="{border}" stroke-width="{sw}"{dash}/>'
                f'<text x="{x + w / 2:.1f}" y="{y + _PAD + 10:.1f}" text-anchor="middle" fill="{fg}">{tspans}</text>')
        if href:
            body = f'<a href="{href}" xlink:href="{href}" target="_top">{body}</a>'
        out.append(f'<g id="{e("n-" + n)}" class="node kind-{a["kind"]}">{body}</g>')
    out.append(_python_legend(graph, legend_y))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _python_legend(graph: nx.DiGraph, y: float) -> str:
    e = html.escape
    stances, statuses = _legend_items(graph)
    parts = [f'<g class="legend"><text x="20" y="{y + 12:.1f}" font-weight="bold">Standpunt kabinet</text>']
    x = 130.0
    for s in stances:
        fill, fg = STANCE_COLOUR[s]
        w = len(STANCE_NL[s]) * _PX_PER_CHAR + 12
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="17" fill="{fill}" stroke="#333333"/>'
                     f'<text x="{x + 6:.1f}" y="{y + 12:.1f}" fill="{fg}">{e(STANCE_NL[s])}</text>')
        x += w + 6
    y2 = y + 24
    parts.append(f'<text x="20" y="{y2 + 12:.1f}" font-weight="bold">Toezegging</text>')
    x = 130.0
    for s in statuses:
        border, fill, _style = STATUS_STYLE[s]
        w = len(STATUS_NL[s]) * _PX_PER_CHAR + 12
        parts.append(f'<rect x="{x:.1f}" y="{y2:.1f}" width="{w:.1f}" height="17" fill="{fill}" '
                     f'stroke="{border}"/><text x="{x + 6:.1f}" y="{y2 + 12:.1f}">{e(STATUS_NL[s])}</text>')
        x += w + 6
    parts.append(f'<text x="{x + 10:.1f}" y="{y2 + 12:.1f}">Lijn: staat in dezelfde alinea '
                 f"(dikte = aantal alinea's); partijvoorstel: gestreepte rand</text></g>")
    return "".join(parts)


# -- public drawing API ---------------------------------------------------------------------------------------

def to_svg(graph: nx.DiGraph, link_base: str = "", engine: str = "auto") -> str:
    """The map as an SVG document (no XML prolog, so it can be inlined in HTML).

    ``engine``: ``graphviz`` (needs ``dot``), ``python`` (the own layered layout), or ``auto`` (Graphviz
    when installed and working, else Python).
    """
    if engine not in ("auto", "graphviz", "python"):
        raise ValueError(f"unknown layout engine {engine!r} (auto, graphviz, python)")
    if engine != "python" and (engine == "graphviz" or graphviz_available()):
        try:
            return _clean_graphviz_svg(_run_dot(to_dot(graph, link_base), "svg").decode("utf-8"))
        except MapError as e:
            if engine == "graphviz":
                raise
            log.warning("policy map: %s; drawing with the pure-Python layout", e)
    return _python_svg(graph, link_base)


def map_svg(record_or_records: Record | list[Record], link_base: str = "", today: str | None = None,
            engine: str = "auto") -> str:
    """The policy map of an analysis record (or of several: a dossier) as SVG, every node a link."""
    return to_svg(build_graph(record_or_records, today=today), link_base=link_base, engine=engine)


def to_png(graph: nx.DiGraph, link_base: str = "") -> bytes:
    """The map as PNG (needs Graphviz; raises MapError without it)."""
    return _run_dot(to_dot(graph, link_base), "png")
