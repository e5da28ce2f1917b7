"""Fetchers of the official sources: officielebekendmakingen (SRU + XML/metadata.xml) and Tweede Kamer open data.

- ``settings``: base URLs and politeness, from ``KAMERSPOOR_*`` environment variables;
- ``http``: the one HTTP client (cache of raw responses, pacing, retries, checked bodies, clear errors);
- ``oep``: SRU search and Kamerstuk downloads into ``<out>/kst/<kst-id>/``;
- ``tkodata``: OData v4 sync of Zaak, Besluit, Document, Toezegging, Persoon, Fractie;
- ``toezeggingen``: the official register of toezeggingen in our vocabulary, and matching.
"""

from pathlib import Path

from kamerspoor.fetch.http import Client, FetchError, NotFound, OfflineError
from kamerspoor.fetch.settings import Settings

__all__ = ["Client", "FetchError", "NotFound", "OfflineError", "Settings", "ingestable_files"]


def ingestable_files(out_dir: str | Path) -> list[Path]:
    """The files of an output folder that ``kamerspoor ingest`` reads: each Kamerstuk's XML (or PDF), each
    Zaak JSON and the votes summary. Left out: metadata.xml, document.json and the ``tk/`` folder, which
    are not documents."""
    from kamerspoor.fetch.oep import fetched_documents

    out = Path(out_dir)
    files = fetched_documents(out)
    files += sorted(p for p in (out / "zaken").glob("*.json") if not p.name.startswith("."))
    votes = out / "votes" / "motion_votes_summary.json"
    if votes.is_file():
        files.append(votes)
    return files
