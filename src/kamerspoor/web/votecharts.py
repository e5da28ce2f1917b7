"""A motion's vote drawn on the server (SVG, no JavaScript, nothing from a CDN) and said in words.

The chart gives each party one bar of its seats, split into voor, tegen and niet deelgenomen, on one scale for
all parties (the largest party's seats), so both how a party voted and how much it weighed are seen. The same
numbers are in the table beside it (the chart's text alternative). ``status_words`` says, in Dutch, whether the
totals are the result: only a complete count is; an incomplete or contradictory one is shown as what is known.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

VOTE_COLOURS = {"voor": "#1a7f37", "tegen": "#cf222e", "niet_deelgenomen": "#8c959f"}
VOTE_WORDS = {"voor": "voor", "tegen": "tegen", "niet_deelgenomen": "niet deelgenomen"}


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def party_bars(parties: Sequence[Mapping[str, Any]], width: int = 560, row: int = 18) -> Markup:
    """One horizontal bar per party (seats voor, tegen, niet deelgenomen), largest party first; empty when
    no party is known."""
    if not parties:
        return Markup("")
    ordered = sorted(parties, key=lambda p: (-_seats(p), str(p.get("fractie") or "")))
    label_w, gap = 150, 4
    scale = (width - label_w - 40) / max(1, max(_seats(p) for p in ordered))
    height = len(ordered) * (row + gap) + gap
    said = "; ".join(_party_words(p) for p in ordered)
    parts = [f'<svg class="chart vote-parties" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="Stemming per fractie: {_esc(said)}">']
    for i, p in enumerate(ordered):
        y = gap + i * (row + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + row - 5}" text-anchor="end" font-size="12">'
                     f'{_esc(p.get("fractie") or "?")}</text>')
        x = float(label_w)
        for key, colour in VOTE_COLOURS.items():
            n = int(p.get(key) or 0)
            if n:
                w = n * scale
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row}" fill="{colour}">'
                             f'<title>{_esc(p.get("fractie") or "?")}: {n} {VOTE_WORDS[key]}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + row - 5}" font-size="11">{_seats(p)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _seats(p: Mapping[str, Any]) -> int:
    return sum(int(p.get(k) or 0) for k in VOTE_COLOURS)


def _party_words(p: Mapping[str, Any]) -> str:
    votes = ", ".join(f"{int(p.get(k) or 0)} {w}" for k, w in VOTE_WORDS.items() if p.get(k))
    return f"{p.get('fractie') or '?'} {votes or 'geen stemmen'}"


def status_words(vote: Mapping[str, Any] | None) -> str:
    """The vote's standing in Dutch: complete, incomplete with what is counted, contradictory, not checked."""
    if not vote:
        return "geen stemming bekend"
    status, seats, size = vote.get("status"), vote.get("seats"), vote.get("kamer_size") or 150
    if status == "complete":
        how = "alle leden genoemd" if vote.get("hoofdelijk") else f"{seats} van de {size} zetels"
        return f"volledig ({how})"
    if status == "contradictory":
        return "tegenstrijdig: de gegevens spreken elkaar tegen; dit is geen uitslag"
    if status == "incomplete":
        counted = f"{seats} van de {size} zetels geteld" if seats is not None else "niet alle zetels geteld"
        return f"onvolledig: {counted}; dit is geen uitslag"
    return "niet gecontroleerd: de totalen zijn niet nagerekend"
