"""Tweede Kamer open data (gegevensmagazijn): sync of Zaak, Besluit, Document, Toezegging, Persoon, Fractie and
FractieZetelPersoon (who sat for which party when: ``kamerspoor.tkpersons`` reads it).

Why OData v4 and not the SyncFeed: OData answers in JSON, and one request with ``$expand`` returns a
motion's Zaak together with its Document, DocumentVersie (whose ExterneIdentifier is the kst id), Besluit
and Stemming, exactly the shape of the real records in ../shared/corpus/tk-2023-2025/zaken/. ``$filter``
narrows a sync to motions and to what changed since a date (``ApiGewijzigdOp ge ...``), where the SyncFeed
hands out every entity of a category as Atom XML, one related entity per extra request. Deletions reach
OData too: a deleted entity keeps coming back with ``Verwijderd: true``, which the sync follows by
removing its file (and dropping deleted children from expansions).

Paging follows ``@odata.nextLink``. A page is used from the cache for ``Settings.list_max_age`` seconds only
(the entities change: a later sync with the same ``--since`` must see them). After each completed page the next link is kept in
``<cache>/state/odata-<Entity>.json``; an interrupted sync resumes at the first page it did not finish,
and a finished one remembers the highest ``ApiGewijzigdOp`` so that ``sync`` without ``--since`` asks only
for what changed after it.

Files written (each atomically, only after the whole page parsed): ``<out>/zaken/<Id>.json`` per Zaak,
``<out>/tk/<Entity>/<Id>.json`` for the other entities, ``<out>/tk/deleted.jsonl`` (one line per deletion
followed), ``<out>/tk/kst_index.json`` (kst id -> Zaak ids and numbers) and
``<out>/votes/motion_votes_summary.json`` (the vote per motion, in the shape of ../shared's file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kamerspoor.fetch.http import Client, FetchError, write_json_atomic
from kamerspoor.fetch.oep import read_state, split_kst_id, write_state
from kamerspoor.model import InputError
from kamerspoor.tkvotes import besluit_result


@dataclass(frozen=True)
class EntityQuery:
    name: str
    folder: str
    filter: str | None = None
    expand: str | None = None


ENTITIES: dict[str, EntityQuery] = {q.name: q for q in (
    EntityQuery("Zaak", "zaken", "Soort eq 'Motie'",
                "Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie,DocumentPublicatieMetadata)),"
                "Besluit($expand=Stemming),ZaakActor"),
    EntityQuery("Besluit", "tk/Besluit", "startswith(BesluitSoort,'Stemmen')", "Stemming,Zaak($select=Id,Nummer)"),
    EntityQuery("Document", "tk/Document", "Soort eq 'Brief regering'",
                "HuidigeDocumentVersie($expand=DocumentPublicatie),DocumentActor,Kamerstukdossier"),
    EntityQuery("Toezegging", "tk/Toezegging"),
    EntityQuery("Persoon", "tk/Persoon"),
    EntityQuery("Fractie", "tk/Fractie"),
    EntityQuery("FractieZetelPersoon", "tk/FractieZetelPersoon", None, "FractieZetel($expand=Fractie)"),
)}

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def odata_since(since: str) -> str:
    """``2019-01-01`` or an ISO timestamp -> an OData DateTimeOffset literal; InputError otherwise."""
    s = since.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            datetime.strptime(s, "%Y-%m-%d")
        except ValueError:
            raise InputError(None, f"--since {since!r} is not a date") from None
        return f"{s}T00:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", s):
        return s
    raise InputError(None, f"--since {since!r} is not a date (expected YYYY-MM-DD)")


def first_url(base: str, q: EntityQuery, since: str) -> tuple[str, dict]:
    cond = f"ApiGewijzigdOp ge {odata_since(since)}"
    params = {"$filter": f"{q.filter} and {cond}" if q.filter else cond}
    if q.expand:
        params["$expand"] = q.expand
    return f"{base.rstrip('/')}/{q.name}", params


def drop_deleted(obj: Any) -> Any:
    """A copy of an OData entity with every expanded child marked ``Verwijderd: true`` left out."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if isinstance(v, dict) and v.get("Verwijderd") is True:
                out[k] = None
            else:
                out[k] = drop_deleted(v)
        return out
    if isinstance(obj, list):
        return [drop_deleted(v) for v in obj if not (isinstance(v, dict) and v.get("Verwijderd") is True)]
    return obj


def parse_page(obj: Any, url: str) -> tuple[list[dict], str | None]:
    """An OData collection page -> (entities, nextLink); FetchError when it is something else."""
    if not isinstance(obj, dict) or not isinstance(obj.get("value"), list):
        raise FetchError(url, "expected an OData collection (an object with a 'value' list)")
    for i, ent in enumerate(obj["value"]):
        if not isinstance(ent, dict) or not isinstance(ent.get("Id"), str) or not _GUID.match(ent["Id"]):
            raise FetchError(url, f"OData entity #{i} has no valid Id")
    nxt = obj.get("@odata.nextLink")
    if nxt is not None and not isinstance(nxt, str):
        raise FetchError(url, "@odata.nextLink is not a URL")
    return obj["value"], nxt


def entity_path(out_dir: Path, q: EntityQuery, ident: str) -> Path:
    return Path(out_dir) / q.folder / f"{ident.lower()}.json"


@dataclass
class EntitySync:
    entity: str
    pages: int = 0
    written: int = 0
    deleted: int = 0
    resumed: bool = False
    complete: bool = False
    high_water: str | None = None
    kst_ids: set[str] = field(default_factory=set)


def sync_entity(client: Client, out_dir: Path, entity: str, since: str | None = None, *, refresh: bool = False,
                on_page: Callable[[EntitySync], None] | None = None) -> EntitySync:
    """Sync one entity into ``out_dir``; see the module doc for paging, resume and deletions."""
    q = ENTITIES.get(entity)
    if q is None:
        raise InputError(None, f"unknown entity {entity!r} (one of {', '.join(ENTITIES)})")
    name = f"odata-{entity}"
    state = read_state(client, name)
    result = EntitySync(entity)
    since = _since(state, entity, since)
    since_lit = odata_since(since)
    url: str | None
    params: dict | None
    url, params = first_url(client.settings.tk_odata_url, q, since)
    high = state.get("high_water") if state.get("since") == since_lit else None
    if state.get("since") == since_lit and state.get("next") and not state.get("complete") and not refresh:
        url, params, result.resumed = state["next"], None, True
    out_dir = Path(out_dir)
    while url:
        got = client.get(url, params, kind="json", refresh=refresh, max_age=client.settings.list_max_age)
        entities, nxt = parse_page(got.parsed, got.url)
        high = _write_page(out_dir, q, entity, entities, result, high)
        result.pages += 1
        url, params = nxt, None
        write_state(client, name, {"since": since_lit, "next": nxt, "complete": nxt is None, "high_water": high,
                                   "at": datetime.now(UTC).isoformat(timespec="seconds")})
        if on_page:
            on_page(result)
    result.complete = True
    result.high_water = high
    return result


def _since(state: dict, entity: str, since: str | None) -> str:
    """The date a sync starts from: the one given, else the unfinished sync's, else the last high-water mark."""
    if since is not None:
        return since
    if state.get("next") and not state.get("complete"):
        return state["since"]
    if state.get("high_water"):
        return state["high_water"]
    raise InputError(None, f"no earlier sync of {entity} to continue from: give --since YYYY-MM-DD")


def _write_page(out_dir: Path, q: EntityQuery, entity: str, entities: list[dict], result: EntitySync,
                high: str | None) -> str | None:
    """Write one page's entities (a deleted one removed and logged in ``tk/deleted.jsonl``); the new
    high-water mark."""
    gone = []
    for ent in entities:
        path = entity_path(out_dir, q, ent["Id"])
        stamp = ent.get("ApiGewijzigdOp")
        if isinstance(stamp, str) and (high is None or stamp > high):
            high = stamp
        if ent.get("Verwijderd") is True:
            if path.exists():
                path.unlink()
            gone.append({"entity": entity, "id": ent["Id"], "ApiGewijzigdOp": stamp})
            result.deleted += 1
            continue
        clean = drop_deleted(ent)
        write_json_atomic(path, clean, indent=None)
        result.written += 1
        result.kst_ids.update(kst_ids_of(clean))
    if gone:
        deleted_log = out_dir / "tk" / "deleted.jsonl"
        deleted_log.parent.mkdir(parents=True, exist_ok=True)
        with open(deleted_log, "a", encoding="utf-8") as f:
            f.write("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gone))
    return high


def sync(client: Client, out_dir: Path, since: str | None, entities: Iterable[str] = tuple(ENTITIES), *,
         refresh: bool = False, on_page: Callable[[EntitySync], None] | None = None) -> list[EntitySync]:
    """Sync several entities, then rebuild the indexes (``write_indexes``)."""
    results = [sync_entity(client, out_dir, e, since, refresh=refresh, on_page=on_page) for e in entities]
    write_indexes(out_dir)
    return results


# -- Zaak <-> Document <-> kst id <-> Besluit/Stemming ------------------------------------------------------
def kst_ids_of(entity: dict) -> list[str]:
    """The kst ids (DocumentVersie.ExterneIdentifier) of a Zaak's documents or of one Document."""
    docs: list = entity["Document"] if isinstance(entity.get("Document"), list) else [entity]
    out = []
    for d in docs:
        versie = (d or {}).get("HuidigeDocumentVersie") or {}
        ext = versie.get("ExterneIdentifier")
        if isinstance(ext, str) and ext.startswith("kst-"):
            try:
                split_kst_id(ext)
            except InputError:
                continue
            out.append(ext)
    return out


def vote_totals(besluit: dict) -> dict[str, int]:
    """Seats per vote (Voor/Tegen/Niet deelgenomen) of a Besluit with its Stemming rows, counted as the Kamer
    counts them: a party row by its FractieGrootte, a member's row (hoofdelijke stemming) as one, a vote
    marked Vergissing as cast (``kamerspoor.tkvotes``)."""
    return besluit_result(besluit).totals


def motion_summary(zaak: dict) -> dict:
    """The links of one motion Zaak: its kst ids, documents, submitters, the cabinet's appreciation, the vote."""
    actors = zaak.get("ZaakActor") or []
    besluiten = [b for b in zaak.get("Besluit") or [] if b.get("Stemming")]
    vote = besluiten[-1] if besluiten else None
    return {
        "zaak_id": zaak.get("Id"),
        "zaak": zaak.get("Nummer"),
        "soort": zaak.get("Soort"),
        "onderwerp": zaak.get("Onderwerp"),
        "date": (zaak.get("GestartOp") or "")[:10] or None,
        "kst": kst_ids_of(zaak),
        "documents": [d.get("DocumentNummer") for d in zaak.get("Document") or [] if d],
        "submitters": [a.get("ActorNaam") for a in actors if a.get("Relatie") == "Indiener"],
        "cosigners": [a.get("ActorNaam") for a in actors if a.get("Relatie") == "Medeindiener"],
        "kabinetsappreciatie": zaak.get("Kabinetsappreciatie"),
        "besluit": vote.get("BesluitSoort") if vote else None,
        "besluit_tekst": vote.get("BesluitTekst") if vote else None,
        "votes": vote_totals(vote) if vote else {},
        "afgedaan": zaak.get("Afgedaan"),
    }


def votes_summary_entry(zaak: dict) -> dict | None:
    """One entry of ``votes/motion_votes_summary.json`` (the shape of ../shared's file) for a Zaak with a vote."""
    s = motion_summary(zaak)
    if not s["besluit"]:
        return None
    besluit = [b for b in zaak.get("Besluit") or [] if b.get("Stemming")][-1]
    vote = besluit_result(besluit)
    return {"motion_id": s["zaak_id"], "motion_number": s["zaak"], "motion_title": zaak.get("Titel"),
            "motion_date": zaak.get("GestartOp"), "final_status": s["besluit"], "vote_totals": vote.totals,
            "vote_count": len(vote.members) or len(vote.parties), "vote_status": vote.status,
            "vote_contradictions": vote.contradictions,
            "vote_parties": [{"fractie": p.fractie, "votes": p.votes, "vergissing": p.vergissing}
                             for p in vote.parties],
            "vote_members": [{"naam": m.naam, "fractie": m.fractie, "soort": m.soort, "vergissing": m.vergissing}
                             for m in vote.members]}


def write_indexes(out_dir: Path) -> dict[str, list[dict]]:
    """From the synced Zaken: ``<out>/tk/kst_index.json`` (kst id -> the Zaken whose documents carry it)
    and ``<out>/votes/motion_votes_summary.json`` (the vote per Zaak, in the shape ingest already reads)."""
    index: dict[str, list[dict]] = {}
    votes = []
    for f in sorted((Path(out_dir) / "zaken").glob("*.json")):
        try:
            zaak = json.loads(f.read_text(encoding="utf-8"))
        except ValueError as e:
            raise InputError(str(f), f"not JSON ({e})") from None
        for kst in kst_ids_of(zaak):
            index.setdefault(kst, []).append({"Id": zaak.get("Id"), "Nummer": zaak.get("Nummer"),
                                              "Soort": zaak.get("Soort")})
        entry = votes_summary_entry(zaak)
        if entry:
            votes.append(entry)
    write_json_atomic(Path(out_dir) / "tk" / "kst_index.json", index)
    if votes:
        write_json_atomic(Path(out_dir) / "votes" / "motion_votes_summary.json", votes)
    return index
