"""The votes command: how the Kamer voted on a motion, per party and (in a hoofdelijke stemming) per member, and
the cabinet letters whose subject names it.

``vote_text`` is the one line a vote is said in on the command line (the motion card, the dossier timeline):
only a complete count is given as the result; an incomplete or contradictory one says so beside what is known.
Exit codes: 0 ok, 1 motion not in the store, 2 bad input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from kamerspoor.clioutput import emit, format_option, table
from kamerspoor.cliutil import db_option, fail, open_db

PARTY_COLUMNS = ["fractie", "voor", "tegen", "niet_deelgenomen", "seats", "vergissing"]
MEMBER_COLUMNS = ["naam", "fractie", "soort", "vergissing"]
LETTER_COLUMNS = ["date", "letter", "relation", "how", "text_in_store", "title"]


def vote_text(vote: Mapping[str, Any] | None) -> str:
    """A vote in one line: "aangenomen (78-72)", or with its status when the count is not the result."""
    if not vote:
        return ""
    counted = f"{vote.get('voor')}-{vote.get('tegen')}" if vote.get("voor") is not None else "no totals"
    status = vote.get("status")
    if status in (None, "complete"):
        flag = "" if status else ", not checked"
        return f"{vote.get('result') or '?'} ({counted}{flag})"
    seats = f"{vote.get('seats')} of {vote.get('kamer_size')} seats counted" if vote.get("seats") is not None else ""
    return f"{vote.get('result') or '?'} ({status}: {', '.join(x for x in (counted, seats) if x)})"


def vote_lines(m: Mapping[str, Any]) -> list[str]:
    """The motion card's lines about its vote and the letters whose subject names it."""
    vote = m.get("vote")
    lines = [f"  vote:       {vote_text(vote)} on {vote.get('date') or '?'}" if vote else "  vote:       -"]
    if vote:
        lines += [f"    ! {c}" for c in vote.get("contradictions") or []]
        parties = vote.get("parties") or []
        if parties:
            lines.append("    " + "; ".join(f"{p['fractie']} {p['voor']}/{p['tegen']}/{p['niet_deelgenomen']}"
                                           for p in parties) + "  (voor/tegen/niet deelgenomen)")
        if vote.get("members"):
            lines.append(f"    hoofdelijk: {len(vote['members'])} members listed (kamerspoor votes {m['id']})")
    for letter in m.get("letters") or []:
        text = "text in store" if letter["text_in_store"] else "metadata only"
        lines.append(f"  letter:     {letter['date'] or '?'} {letter['letter']} ({letter['relation']}, "
                     f"by {letter['how']}, {text}) {letter['title'] or ''}".rstrip())
    return lines


@click.command()
@click.argument("motion_id")
@db_option
@format_option()
def votes(motion_id: str, db: str, fmt: str) -> None:
    """How the Kamer voted on a motion (35207-27 or kst-35207-27): per party and, in a hoofdelijke stemming,
    per member; whether the count is complete; the letters whose subject names it."""
    with open_db(db) as store:
        m = store.motion(motion_id)
    if m is None:
        fail(f"motion {motion_id}: not in the store", 1)
    vote = m["vote"]
    out = {"id": m["id"], "vote": vote, "letters": m["letters"]}
    rows: list[dict[str, Any]] = [dict(p) for p in vote["parties"]] if vote and vote.get("parties") else []
    if fmt != "table":
        emit(fmt, out, rows, PARTY_COLUMNS)
        return
    parts = [f"{m['id']}  {vote_text(vote) or 'no vote known'}"]
    if vote:
        parts += [f"! {c}" for c in vote.get("contradictions") or []]
        parts += [table(rows, PARTY_COLUMNS)] if rows else []
        if vote.get("members"):
            parts += ["", "members:", table([dict(x) for x in vote["members"]], MEMBER_COLUMNS)]
    if m["letters"]:
        parts += ["", "letters naming it in their subject:", table([dict(x) for x in m["letters"]], LETTER_COLUMNS, {"title": 60})]
    click.echo("\n".join(parts))


COMMANDS = [votes]
