"""The accountability report's charts, server-rendered SVG (no script, no inline style: colours are presentation
attributes, as in :mod:`kamerspoor.web.charts`). Each chart says what it shows in its accessible name and has a
table with the same numbers beside it on the page; the bars per ministry are links to that ministry's report.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from kamerspoor import labels
from kamerspoor.verantwoording import OUTCOMES

# one colour per outcome, told apart by lightness too (and always named in the legend and the table)
OUTCOME_COLOURS = {"answered": "#1a7f37", "in_progress": "#bf8700", "declined": "#cf222e", "noted": "#8c959f",
                   "named": "#0969da", "none": "#d0d7de"}


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _segments(counts: Mapping[str, int], x0: float, y: float, width: float, height: float, total: int) -> list[str]:
    out, x = [], x0
    for o in OUTCOMES:
        n = counts.get(o, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{height:.1f}" fill="{OUTCOME_COLOURS[o]}">'
                   f"<title>{_esc(labels.label('outcome', o))}: {n}</title></rect>")
        x += w
    return out


def ministry_bars(groups: Sequence[Mapping[str, Any]], link: Any, width: int = 760) -> Markup:
    """Per ministry one bar of equal length, its adopted motions split by outcome (so the coloured part is the
    share answered, comparable across ministries), "x% van N met antwoord" beside it; each row a link
    (``link(group)`` gives the address). A group of links, so not an image (axe: nested-interactive)."""
    if not groups:
        return Markup("")
    row, label_w, bar_w = 26, 330, width - 330 - 130
    height = row * len(groups) + 8
    summary = "; ".join(f"{g['name']}: {g['answered']} van {g['adopted']} met antwoord" for g in groups)
    parts = [f'<svg class="chart ministry-bars" viewBox="0 0 {width} {height}" width="100%" role="group" '
             f'aria-label="Aandeel van de aangenomen moties met antwoord, per ministerie: {_esc(summary)}">']
    for i, g in enumerate(groups):
        y = 4 + i * row
        parts.append(f'<a href="{_esc(link(g))}"><text x="{label_w - 8}" y="{y + 16}" font-size="12" '
                     f'text-anchor="end" fill="#24292f">{_esc(g["name"])}</text>')
        parts += _segments(g["outcomes"], label_w, y + 3, bar_w, row - 8, int(g["adopted"]))
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 16}" font-size="12" fill="#24292f">'
                     f'{round(100 * g["share"])}% van {g["adopted"]}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def outcome_timeline(periods: Sequence[Mapping[str, Any]], width: int = 720, height: int = 180) -> Markup:
    """Per quarter of the vote, a column of the adopted motions split by outcome."""
    if not periods:
        return Markup("")
    top = max(int(p["adopted"]) for p in periods) or 1
    slot = (width - 20) / len(periods)
    bw = min(44.0, slot * 0.7)
    summary = ", ".join(f"{p['period']}: {p['adopted']}" for p in periods)
    parts = [f'<svg class="chart outcome-timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Aangenomen moties per kwartaal van de stemming en hun uitkomst: {_esc(summary)}">']
    for i, p in enumerate(periods):
        x = 10 + i * slot + (slot - bw) / 2
        y = float(height - 22)
        for o in OUTCOMES:
            n = int(p["outcomes"].get(o, 0))
            if not n:
                continue
            h = (height - 46) * n / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{OUTCOME_COLOURS[o]}">'
                         f"<title>{_esc(p['period'])}, {_esc(labels.label('outcome', o))}: {n}</title></rect>")
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
                     f'fill="#24292f">{p["adopted"]}</text>')
        if len(periods) <= 16 or i % 2 == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
                         f'fill="#24292f">{_esc(p["period"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
