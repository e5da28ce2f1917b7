"""The answer matrix: a compact view of the policy map that answers "which motion got which answer, through
which instruments, on which themes" at a glance.

Rows are the motions and party proposals a letter answers (or, in the accountability report, the adopted
motions that letters answer); columns are the themes and the instruments of the paragraphs that carry those
answers. A cell is filled when the answer stands in a paragraph tagged with that theme or instrument, and says
the cabinet's stance in words (coloured by stance on the page, never by colour alone). Nothing is drawn that has
no link: a column exists only when some row reaches it, and a row shows its stance even when it reaches no
column. The links are those of the policy map (:func:`kamerspoor.policymap.build_graph`), so both views agree.

    from kamerspoor.matrix import of_record
    m = of_record(record)       # {"columns": [...], "rows": [{"label", "href", "stance", "cells": [...], ...}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from kamerspoor import labels, taxonomy
from kamerspoor.record import Record

ROW_KINDS = ("motion", "proposal")
COLUMN_KINDS = ("theme", "instrument")


class Column(TypedDict):
    kind: str  # theme | instrument
    id: str
    label: str


class Row(TypedDict):
    kind: str  # motion | proposal
    key: str
    label: str
    href: str
    stance: str | None
    stance_label: str
    cells: list[str | None]  # per column: the stance of the answer through it, or None
    commitments: int  # commitments made in answer to it


class Matrix(TypedDict):
    columns: list[Column]
    rows: list[Row]


def build(rows: Iterable[dict[str, Any]]) -> Matrix:
    """A matrix from rows ``{"kind", "key", "label", "href", "stance", "links": [(kind, tag, stance)],
    "commitments"}``: the columns are every (kind, tag) some row links to, themes first, each by its label."""
    rows = list(rows)
    seen = {(k, t) for r in rows for k, t, _s in r["links"]}
    columns: list[Column] = [{"kind": k, "id": t, "label": taxonomy.label(t, "nl")}
                             for k, t in sorted(seen, key=lambda c: (COLUMN_KINDS.index(c[0]),
                                                                     taxonomy.label(c[1], "nl").lower()))]
    where = {(c["kind"], c["id"]): i for i, c in enumerate(columns)}
    out: list[Row] = []
    for r in rows:
        cells: list[str | None] = [None] * len(columns)
        for k, t, stance in r["links"]:
            cells[where[(k, t)]] = stance or "noted"
        out.append({"kind": r["kind"], "key": r["key"], "label": r["label"], "href": r["href"],
                    "stance": r["stance"], "stance_label": labels.label("stance", r["stance"], "geen"),
                    "cells": cells, "commitments": int(r.get("commitments") or 0)})
    return {"columns": columns, "rows": out}


def of_record(record: Record | list[Record]) -> Matrix:
    """The matrix of one letter (or of several): its motions and party proposals against the themes and
    instruments of the paragraphs that answer them, from the policy map's graph."""
    from kamerspoor.policymap import build_graph

    g = build_graph(record)
    rows = []
    for n, a in sorted(g.nodes(data=True), key=lambda x: (ROW_KINDS.index(x[1]["kind"]) if x[1]["kind"] in ROW_KINDS
                                                        else 9, x[1].get("index", 0), x[0])):
        if a["kind"] not in ROW_KINDS:
            continue
        links = [(g.nodes[v]["kind"], g.nodes[v]["tag"], a.get("stance")) for v in g.successors(n)
                 if g.nodes[v]["kind"] in COLUMN_KINDS]
        commitments = sum(1 for u in g.predecessors(n) if g.nodes[u]["kind"] == "commitment")
        rows.append({"kind": a["kind"], "key": n, "label": a["label"], "href": a["href"], "stance": a.get("stance"),
                     "links": links, "commitments": commitments})
    return build(rows)


def to_markdown(m: Matrix, cut: int = 40) -> list[str]:
    """The matrix as a Markdown table (an empty list when it has no rows)."""
    if not m["rows"]:
        return []
    head = ["Motie of voorstel", "Standpunt", *(c["label"] for c in m["columns"]), "Toezeggingen"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in m["rows"]:
        label = r["label"] if len(r["label"]) <= cut else r["label"][: cut - 1] + "…"
        cells = [labels.label("stance", s) if s else "" for s in r["cells"]]
        lines.append("| " + " | ".join([label.replace("|", "/"), r["stance_label"], *cells,
                                         str(r["commitments"] or "")]) + " |")
    return lines
