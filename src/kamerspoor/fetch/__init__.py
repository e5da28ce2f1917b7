"""Fetchers of the official sources: officielebekendmakingen (SRU + XML/metadata.xml) and Tweede Kamer open data.

- ``settings``: base URLs and politeness, from ``KAMERSPOOR_*`` environment variables;
- ``http``: the one HTTP client (cache of raw responses, pacing, retries, checked bodies, clear errors);
- ``oep``: SRU search and Kamerstuk downloads into ``<out>/kst/<kst-id>/``;
- ``tkodata``: OData v4 sync of Zaak, Besluit, Document, Toezegging, Persoon, Fractie;
- ``toezeggingen``: the official register of toezeggingen in our vocabulary, and matching.
"""

from kamerspoor.fetch.http import Client, FetchError, NotFound, OfflineError
from kamerspoor.fetch.settings import Settings

__all__ = ["Client", "FetchError", "NotFound", "OfflineError", "Settings"]
