"""Small server-rendered SVG charts (no JavaScript): every chart has a text alternative beside it."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from kamerspoor.web import labels

STATE_COLOURS = {"executed": "#1a7f37", "in_progress": "#9a6700", "declined": "#cf222e", "unanswered": "#57606a"}
KIND_COLOURS = {"brief": "#0550ae", "motie": "#8250df", "verslag": "#1a7f37", "vragen_antwoorden": "#9a6700",
                "nota": "#bc4c00", "other": "#57606a"}


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def state_bar(counts: dict[str, int], width: int = 600, height: int = 28) -> Markup:
    """A stacked bar of motion states (executed / in progress / declined / unanswered)."""
    total = sum(counts.values())
    summary = ", ".join(f"{n} {labels.MOTION_STATE[k]}" for k, n in counts.items())
    parts = [f'<svg class="chart state-bar" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Stand van de moties: {_esc(summary)}" preserveAspectRatio="none">']
    x = 0.0
    if total == 0:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eaeef2"/>')
    for k, n in counts.items():
        if not n:
            continue
        w = width * n / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{STATE_COLOURS[k]}">'
                     f'<title>{_esc(labels.MOTION_STATE[k])}: {n}</title></rect>')
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def _day(d: str | None) -> date | None:
    try:
        return date.fromisoformat(d) if d else None
    except ValueError:
        return None


def timeline(docs: Sequence[Mapping[str, Any]], width: int = 640, height: int = 70) -> Markup:
    """Documents as dots on a time axis, coloured by kind; undated documents are left out."""
    dated = [(d, t) for d in docs if (t := _day(d.get("date")))]
    if not dated:
        return Markup("")
    lo = min(t for _, t in dated)
    hi = max(t for _, t in dated)
    span = max(1, (hi - lo).days)
    pad = 16
    # role "group", not "img": the timeline's points are links (an image may hold no interactive content)
    parts = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="100%" role="group" '
             f'aria-label="Tijdlijn: {len(dated)} documenten van {lo.isoformat()} tot {hi.isoformat()}">',
             f'<line x1="{pad}" y1="{height - 24}" x2="{width - pad}" y2="{height - 24}" stroke="#57606a"/>']
    stack: dict[int, int] = {}
    for d, t in sorted(dated, key=lambda x: x[1]):
        x = pad + (width - 2 * pad) * (t - lo).days / span
        bucket = int(x // 8)
        level = stack.get(bucket, 0)
        stack[bucket] = level + 1
        y = height - 32 - 9 * min(level, 4)
        colour = KIND_COLOURS.get(d.get("kind") or "other", "#57606a")
        parts.append(f'<a href="/document/{_esc(d["id"])}"><circle cx="{x:.1f}" cy="{y}" r="4" fill="{colour}">'
                     f'<title>{_esc(d.get("date"))} {_esc(labels.kind(d.get("kind")))} {_esc(d["id"])}</title>'
                     "</circle></a>")
    parts.append(f'<text x="{pad}" y="{height - 6}" font-size="11" fill="#24292f">{lo.isoformat()}</text>')
    parts.append(f'<text x="{width - pad}" y="{height - 6}" font-size="11" fill="#24292f" text-anchor="end">'
                 f"{hi.isoformat()}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def year_bars(rows: Sequence[Mapping[str, Any]], key: str = "paragraphs", width: int = 640, height: int = 140) -> Markup:
    """Vertical bars per year (``rows``: ``[{"year", key}]``)."""
    if not rows:
        return Markup("")
    top = max(int(r.get(key) or 0) for r in rows) or 1
    n = len(rows)
    slot = (width - 20) / n
    bw = min(48.0, slot * 0.7)
    summary = ", ".join(f"{r['year']}: {r.get(key) or 0}" for r in rows)
    parts = [f'<svg class="chart years" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Per jaar ({_esc(key)}): {_esc(summary)}">']
    for i, r in enumerate(rows):
        v = int(r.get(key) or 0)
        h = (height - 40) * v / top
        x = 10 + i * slot + (slot - bw) / 2
        y = height - 22 - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="#0550ae">'
                     f"<title>{_esc(r['year'])}: {v}</title></rect>")
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
                     f'fill="#24292f">{v}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
                     f'fill="#24292f">{_esc(r["year"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
