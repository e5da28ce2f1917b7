"""Watches: follow a motion, a dossier, a theme, a party, a ministry or a search, and hear what is new.

A watch looks at the store and sees *items*: for a motion its own text, every letter that answers it and every
vote on it; for a dossier, a theme, a party or a search the documents it covers; for a ministry its letters
(the documents it signs) and the motions addressed to it (the motion list's ministry filter, decided as the
report decides it). Of each the latest :data:`LOOK` ingested, so a look is bounded however large the store. What the watch sees is recorded in the
store (:mod:`kamerspoor.store.watches`), so "new" is what it had not seen before:

- ``add`` records what is there already as the watch's *baseline*: its feed shows it, but it is never news;
- ``run`` looks again, records what is new and returns it; with SMTP settings it mails each watch's news that
  has not gone out yet to the watch's address, once (a re-run finds and sends nothing twice; a failed send is
  tried again by the next run); with a folder it writes each watch's Atom feed there.

Only documents and answers in *this store* are seen: a watch hears of a letter when it is ingested.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from kamerspoor import labels, taxonomy
from kamerspoor.model import InputError
from kamerspoor.rules.identifiers import norm_dossier, parse_kst_id
from kamerspoor.store import SearchFilters, Store, owners
from kamerspoor.store.motions import motion_id_of
from kamerspoor.store.search import parse_query
from kamerspoor.store.types import DocumentSummary, WatchItemRow, WatchRow

KINDS = ("motion", "dossier", "theme", "party", "ministry", "search")  # each shown as _SHOWN says
LOOK = 500  # documents a watch looks at, the latest ingested first
EMAIL = re.compile(r"[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+")


# -- what a watch follows ------------------------------------------------------------------------------------

def normalise(kind: str, target: str) -> str:
    """The target as stored: a motion as ``kst-35207-27``, a dossier as ``36600-XV``, a theme and a ministry by
    their ids (a ministry also by its name or abbreviation, as the report's filter takes it), a party and a search
    as given (trimmed). InputError when it cannot be followed."""
    if kind not in KINDS:
        raise InputError("watch", f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    t = " ".join((target or "").split())
    if not t or len(t) > 500:
        raise InputError("watch", f"{kind} {target!r}: expected 1 to 500 characters")
    if kind == "motion":
        mid = motion_id_of(t)
        if parse_kst_id(mid) is None:
            raise InputError("watch", f"motion {target!r}: expected a motion such as 35207-27 or kst-35207-27")
        return mid
    if kind == "dossier":
        d = norm_dossier(t)
        if not d or not d[0].isdigit():
            raise InputError("watch", f"dossier {target!r}: expected a Kamerstukdossier such as 36600-XV")
        return d
    if kind == "theme":
        if t not in taxonomy.load()["themes"] and t not in taxonomy.load()["instruments"]:
            raise InputError("watch", f"theme {target!r}: not in the taxonomy (see /api/themes)")
        return t
    if kind == "ministry":
        found = owners.ministry_id(t)
        if found == owners.UNKNOWN:
            raise InputError("watch", f"ministry {target!r}: expected a ministry (an id such as bz, a name or an "
                                      "abbreviation)")
        return found
    if kind == "search":
        parse_query(t)  # QuerySyntaxError (an InputError) when it cannot be read
    return t


def check_email(email: str | None) -> str:
    """The address, trimmed ('' for none); InputError when it is not one address."""
    e = (email or "").strip()
    if e and (len(e) > 254 or not EMAIL.fullmatch(e)):
        raise InputError("watch", f"e-mail {email!r}: expected one address such as naam@example.org")
    return e


@dataclass(frozen=True)
class _Shown:
    """How a kind of watch shows what it follows: in words (after the kind's label), as the site's page and as
    the Atom feed the web application serves for it (no watch needed)."""

    words: Callable[[str], str]
    page: Callable[[str], str]
    feed: Callable[[str], str]


def _motion_key(target: str) -> str:
    return target.removeprefix("kst-")


_SHOWN: dict[str, _Shown] = {
    "motion": _Shown(_motion_key, lambda t: f"/motie/{quote(_motion_key(t))}",
                     lambda t: f"/feeds/motion/{quote(_motion_key(t), safe='')}.atom"),
    "dossier": _Shown(str, lambda t: f"/dossier/{quote(t)}", lambda t: f"/feeds/dossier/{quote(t, safe='')}.atom"),
    "theme": _Shown(lambda t: taxonomy.label(t, "nl"), lambda t: f"/thema/{quote(t)}",
                    lambda t: f"/feeds/theme/{quote(t, safe='')}.atom"),
    "party": _Shown(str, lambda t: "/moties?" + urlencode({"partij": t}),
                    lambda t: "/feeds/partij.atom?" + urlencode({"partij": t})),
    "ministry": _Shown(lambda t: owners.name(t) or t, lambda t: "/verantwoording?" + urlencode({"ministerie": t}),
                       lambda t: f"/feeds/ministry/{quote(t, safe='')}.atom"),
    "search": _Shown(lambda t: f"“{t}”", lambda t: "/zoeken?" + urlencode({"q": t}),
                     lambda t: "/feeds/zoeken.atom?" + urlencode({"q": t})),
}


def describe(kind: str, target: str) -> str:
    """The watch in Dutch: "motie 35207-27", "dossier 36600-XV", "thema Mensenrechten", "ministerie Buitenlandse
    Zaken", "zoekopdracht “China”"."""
    return f"{labels.label('watch_kind', kind)} {_SHOWN[kind].words(target)}"


def page_path(kind: str, target: str) -> str:
    """The site's page of what the watch follows."""
    return _SHOWN[kind].page(target)


def feed_path(kind: str, target: str) -> str:
    """The Atom feed of what the watch follows (served by the web application, no watch needed)."""
    return _SHOWN[kind].feed(target)


def masked(email: str) -> str:
    """``j…@example.org``: enough to recognise one's own address, not to harvest it."""
    if "@" not in email:
        return ""
    name, _, host = email.partition("@")
    return f"{name[:1]}…@{host}"


# -- what a watch sees -----------------------------------------------------------------------------------------

def document_item(d: DocumentSummary) -> dict[str, Any]:
    kind = labels.label("kind", d.get("kind"))
    where = f" · dossier {d['dossier']}" if d.get("dossier") else ""
    return {"item": f"doc:{d['id']}", "date": d.get("date"), "title": f"{kind}: {d.get('title') or d['id']}",
            "path": f"/document/{d['id']}", "summary": f"{kind} {d['id']}{where}"}


def motion_items(store: Store, motion_id: str) -> list[dict[str, Any]]:
    """A motion's own text (when in the store), every letter that answers it, its vote."""
    m = store.motion(motion_id)
    if m is None:
        return []
    key = motion_id.removeprefix("kst-")
    out = []
    if m["in_store"]:
        out.append({"item": f"doc:{m['id']}", "date": m.get("date"), "title": f"Motie {key}: {m.get('title') or ''}"
                    .rstrip(": "), "path": f"/document/{m['id']}", "summary": "de tekst van de motie"})
    for a in m["answers"]:
        stance = labels.label("stance", a.get("stance"), "genoemd")
        out.append({"item": f"answer:{a['letter']}", "date": a.get("letter_date"),
                    "title": f"Antwoord op motie {key} ({stance}): {a.get('letter_title') or a['letter']}",
                    "path": f"/document/{a['letter']}", "summary": (a.get("evidence") or "")[:500]})
    v = m.get("vote")
    if v and v.get("result"):
        counts = f" ({v['voor']} voor, {v['tegen']} tegen)" if v.get("voor") is not None else ""
        out.append({"item": f"vote:{v['zaak_nummer']}:{v.get('date')}", "date": v.get("date"),
                    "title": f"Stemming over motie {key}: {labels.label('vote', v['result'])}{counts}",
                    "path": f"/motie/{key}", "summary": f"{v.get('besluit_soort') or ''}".strip()})
    return out


def items(store: Store, kind: str, target: str) -> list[dict[str, Any]]:
    """What a watch on ``kind`` ``target`` sees in the store now (see the module's docstring)."""
    if kind == "motion":
        return motion_items(store, target)
    if kind == "ministry":
        return [document_item(d) for d in store.ministry_documents(target, LOOK)]
    if kind == "search":
        docs = store.latest_documents(SearchFilters(), query=target, limit=LOOK)
    else:
        # a theme watch may follow an instrument (the taxonomy's other kind of tag)
        field_name = "instrument" if kind == "theme" and target in taxonomy.load()["instruments"] else kind
        docs = store.latest_documents(SearchFilters(**{field_name: target}), limit=LOOK)
    return [document_item(d) for d in docs]


# -- adding, running -------------------------------------------------------------------------------------------

def add(store: Store, kind: str, target: str, email: str | None = None) -> tuple[WatchRow, bool]:
    """(the watch, whether it is new); a new watch records what is there now as its baseline."""
    target = normalise(kind, target)
    watch, created = store.add_watch(kind, target, check_email(email))
    if created:
        store.record_items(watch["id"], items(store, kind, target), baseline=True)
        store.watch_ran(watch["id"])
    return watch, created


@dataclass
class RunResult:
    watch: WatchRow
    new: list[WatchItemRow] = field(default_factory=list)
    mailed: int = 0  # items that went out by e-mail in this run
    mail_error: str | None = None  # why mailing failed (the items are mailed by the next run)

    def to_dict(self) -> dict[str, Any]:
        w = self.watch
        return {"watch": {"id": w["id"], "kind": w["kind"], "target": w["target"], "email": w["email"]},
                "label": describe(w["kind"], w["target"]), "new": self.new, "mailed": self.mailed,
                "mail_error": self.mail_error}


Send = Callable[[str, str, str], None]  # (to, subject, body): raises OSError (smtplib's errors) when it fails


def run(store: Store, watch_ids: Iterable[int] | None = None, send: Send | None = None,
        base_url: str = "http://localhost:8000", feed_dir: Path | None = None) -> list[RunResult]:
    """Look again with every watch (or those of ``watch_ids``): record and return what is new; mail each watch's
    news not sent yet when ``send`` is given; write each watch's feed into ``feed_dir`` when given."""
    wanted = set(watch_ids) if watch_ids is not None else None
    out = []
    for w in store.watches():
        if wanted is not None and w["id"] not in wanted:
            continue
        result = RunResult(w, store.record_items(w["id"], items(store, w["kind"], w["target"])))
        if send is not None and w["email"]:
            _mail(store, result, send, base_url)
        store.watch_ran(w["id"])
        if feed_dir is not None:
            from kamerspoor.feeds import watch_feed

            feed_dir.mkdir(parents=True, exist_ok=True)
            (feed_dir / f"watch-{w['id']}.atom").write_bytes(watch_feed(store, w, base_url))
        out.append(result)
    return out


def _mail(store: Store, result: RunResult, send: Send, base_url: str) -> None:
    w = result.watch
    claim = f"claim:{uuid.uuid4()}"
    news = store.claim_unmailed(w["id"], claim)
    if not news:
        return
    try:
        send(w["email"], *message(w, news, base_url))
    except (OSError, ValueError) as e:  # smtplib's errors are OSErrors
        store.unclaim(w["id"], claim)
        result.mail_error = f"{type(e).__name__}: {e}".splitlines()[0][:300]
        return
    store.mailed(w["id"], claim)
    result.mailed = len(news)


def message(w: WatchRow, news: list[WatchItemRow], base_url: str) -> tuple[str, str]:
    """(subject, plain-text body) of a watch's news, in Dutch."""
    what = describe(w["kind"], w["target"])
    base = base_url.rstrip("/")
    lines = [f"Nieuw in kamerspoor bij {what}:", ""]
    for i in news:
        lines.append(f"- {i['date'] or 'zonder datum'}  {i['title']}")
        lines.append(f"  {base}{i['path']}")
    lines += ["", f"Alles over {what}: {base}{page_path(w['kind'], w['target'])}",
              f"Atom-feed van deze watch: {base}/feeds/watch/{w['id']}.atom",
              "Alleen wat in deze verzameling staat telt mee: een brief die er (nog) niet in staat, ziet kamerspoor niet."]
    n = len(news)
    return f"kamerspoor: {n} nieuw{'e items' if n != 1 else ' item'} bij {what}", "\n".join(lines) + "\n"


__all__ = ["KINDS", "add", "run", "items", "normalise", "describe", "page_path", "feed_path", "message", "RunResult"]
