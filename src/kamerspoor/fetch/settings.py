"""Settings of the fetchers: base URLs, cache, politeness. Every one can be set from the environment.

The base URLs default to the official hosts; pointing them elsewhere lets a mirror or a replay server
(tests/replay) stand in for the real services.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from kamerspoor.model import InputError

SRU_URL = "https://repository.overheid.nl/sru"
OEP_URL = "https://repository.overheid.nl/frbr/officielepublicaties"
TK_ODATA_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"

LIST_MAX_AGE = 3600.0  # seconds a cached list/search answer is used before it is asked again

USER_AGENT = "kamerspoor/0.1 (+open data research; polite fetcher)"


def _default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kamerspoor"


@dataclass(frozen=True)
class Settings:
    """Where to fetch from, where to keep raw responses, and how politely.

    ``interval`` is the least time in seconds between two requests to one host; ``retries`` is how many
    times a request is tried again after a 429, a 5xx, a timeout or a broken connection, waiting
    ``backoff * 2**attempt`` seconds (or what ``Retry-After`` asks, at most ``max_wait``).

    ``list_max_age`` is how many seconds a list or search answer (an SRU page, an OData page) is used from
    the cache before it is asked again (revalidated with ``If-None-Match``/``If-Modified-Since`` when the
    server gave an ETag or Last-Modified): such answers change as the services publish, so a second
    ``fetch --dossier`` or ``sync`` sees what appeared since. Document files (XML, PDF, metadata.xml) do not
    change once published and stay cached. ``KAMERSPOOR_LIST_MAX_AGE`` (seconds; default one hour, 0: ask
    every time).
    """

    sru_url: str = SRU_URL
    oep_url: str = OEP_URL
    tk_odata_url: str = TK_ODATA_URL
    cache_dir: Path = field(default_factory=_default_cache)
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    interval: float = 0.5
    user_agent: str = USER_AGENT
    sru_page_size: int = 100
    list_max_age: float = LIST_MAX_AGE

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Settings from ``KAMERSPOOR_*`` environment variables; keyword overrides win."""
        env = dict(os.environ if env is None else env)
        s = cls()
        values: dict = {}
        for name, var in (("sru_url", "KAMERSPOOR_SRU_URL"), ("oep_url", "KAMERSPOOR_OEP_URL"),
                          ("tk_odata_url", "KAMERSPOOR_TK_ODATA_URL")):
            if env.get(var):
                values[name] = env[var].rstrip("/")
        if env.get("KAMERSPOOR_CACHE"):
            values["cache_dir"] = Path(env["KAMERSPOOR_CACHE"]).expanduser()
        for name, var, kind in (("timeout", "KAMERSPOOR_HTTP_TIMEOUT", float),
                                ("retries", "KAMERSPOOR_HTTP_RETRIES", int),
                                ("backoff", "KAMERSPOOR_HTTP_BACKOFF", float),
                                ("max_wait", "KAMERSPOOR_HTTP_MAX_WAIT", float),
                                ("interval", "KAMERSPOOR_HTTP_INTERVAL", float),
                                ("sru_page_size", "KAMERSPOOR_SRU_PAGE_SIZE", int),
                                ("list_max_age", "KAMERSPOOR_LIST_MAX_AGE", float)):
            if env.get(var):
                try:
                    values[name] = kind(env[var])
                except ValueError:
                    raise InputError(None, f"{var}={env[var]!r} is not a number") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("list_max_age", 0) < 0:
            raise InputError(None, f"the list answers' maximum age must be 0 or more seconds, "
                                   f"not {values['list_max_age']:g}")
        if "cache_dir" in values:
            values["cache_dir"] = Path(values["cache_dir"]).expanduser()
        return replace(s, **values)
