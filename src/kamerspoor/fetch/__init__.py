"""Fetchers of the official sources: officielebekendmakingen (SRU + XML/metadata.xml) and Tweede Kamer open data.

- ``settings``: base URLs and politeness, from ``KAMERSPOOR_*`` environment variables;
- ``http``: the one HTTP client (cache of raw responses, pacing, retries, checked bodies, clear errors);
- ``oep``: SRU search and Kamerstuk downloads into ``<out>/kst/<kst-id>/``;
- ``tkodata``: OData v4 sync of Zaak, Besluit, Document, Toezegging, Persoon, Fractie, FractieZetelPersoon;
- ``toezeggingen``: the official register of toezeggingen in our vocabulary, and matching.

The layout of an output folder, and which of its files ``kamerspoor ingest`` reads, is known here only
(``ingestable_files`` for a whole output folder, ``layout_role`` for any file met while walking a folder).
"""

from pathlib import Path

from kamerspoor.fetch.http import Client, FetchError, NotFound, OfflineError
from kamerspoor.fetch.settings import Settings

__all__ = ["Client", "FetchError", "NotFound", "OfflineError", "Settings", "ingestable_files", "layout_role",
           "OFFICIAL_COMMITMENTS", "DELETED_LOG", "TK_INGESTED"]

OFFICIAL_COMMITMENTS = "official_commitments.json"  # <out>/official_commitments.json
DELETED_LOG = "deleted.jsonl"  # <out>/tk/deleted.jsonl
_TK_ENTITY_FOLDERS = frozenset({"Besluit", "Document", "Toezegging", "Persoon", "Fractie", "FractieZetelPersoon"})
# the entity folders of tk/ whose records ingest reads (votes, members and parties, cabinet letters); Toezegging
# reaches the store through official_commitments.json
TK_INGESTED = frozenset({"Besluit", "Document", "Persoon", "Fractie", "FractieZetelPersoon"})


def ingestable_files(out_dir: str | Path) -> list[Path]:
    """The files of an output folder that ``kamerspoor ingest`` reads: each Kamerstuk's XML (or PDF), each
    Zaak JSON, the entity records of ``tk/`` that ingest reads (``TK_INGESTED``: Besluiten with their votes,
    persons, parties, cabinet letters), the votes summary, the official toezeggingen and the log of deletions.
    Left out: metadata.xml, document.json, the Toezegging records and the indexes under ``tk/``."""
    from kamerspoor.fetch.oep import fetched_documents

    out = Path(out_dir)
    files = fetched_documents(out)
    files += sorted(p for p in (out / "zaken").glob("*.json") if not p.name.startswith("."))
    for entity in sorted(TK_INGESTED):
        files += sorted(p for p in (out / "tk" / entity).glob("*.json") if not p.name.startswith("."))
    for extra in (out / "votes" / "motion_votes_summary.json", out / OFFICIAL_COMMITMENTS, out / "tk" / DELETED_LOG):
        if extra.is_file():
            files.append(extra)
    return files


def is_tk_folder(folder: Path) -> bool:
    """A ``tk/`` folder written by ``kamerspoor sync`` (it holds the log of deletions, the kst index or
    entity folders), as opposed to any folder that happens to be called tk."""
    if folder.name != "tk" or not folder.is_dir():
        return False
    return ((folder / DELETED_LOG).is_file() or (folder / "kst_index.json").is_file()
            or any((folder / name).is_dir() for name in _TK_ENTITY_FOLDERS))


def layout_role(path: Path) -> str | None:
    """What a file is in a fetch output folder: "document" (the one publication of a fetched Kamerstuk
    folder), "skip" (metadata.xml, document.json, a second format of a fetched Kamerstuk, the Toezegging
    records and indexes of ``tk/``), "deletions" (``tk/deleted.jsonl``), "officials" (official_commitments.json);
    None for a file that is not part of the fetch layout, or an entity record ingest reads (``TK_INGESTED``):
    ingest then decides by its type."""
    path = Path(path)
    folder = path.parent
    if path.name == OFFICIAL_COMMITMENTS:
        return "officials"
    if path.name == "metadata.xml":
        return "skip"  # the metadata of the publication beside it (kamerspoor.read merges it in)
    if (folder / "document.json").is_file():  # a fetched Kamerstuk: <out>/kst/<kst-id>/
        if path.name == "document.json":
            return "skip"
        for ext in ("xml", "pdf"):
            chosen = folder / f"{folder.name}.{ext}"
            if chosen.is_file():
                return "document" if path.name == chosen.name else "skip"
        return None
    for tk in (folder, *folder.parents):
        if tk.name == "tk":
            if is_tk_folder(tk):
                if folder.parent == tk and folder.name in TK_INGESTED:
                    return None
                return "deletions" if path == tk / DELETED_LOG else "skip"
            break
    return None
