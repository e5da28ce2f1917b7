"""A database URL as messages show it: never with its password.

Every message that names a store (the CLI's summaries and failures, ``kamerspoor serve``, the store's own
errors) passes the URL through :func:`safe_url`, so a ``postgresql://user:secret@host/db`` given with ``--db``
shows as ``postgresql://user:***@host/db`` on a screen, in a log or in CI output. A SQLite path is shown as it is.
"""

from __future__ import annotations

import re

# "password=secret" in a URL's query string or a libpq key=value string, quoted or not
_PASSWORD_PARAM = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]+)")
# scheme://user:password@host: the user information runs to the last "@" before the path
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][\w+.-]*://)(?P<user>[^/?#:@]*):(?P<password>[^/?#]*)@")


def safe_url(url: str) -> str:
    """``url`` with any password replaced by ``***``: ``postgresql://me:secret@db/k`` ->
    ``postgresql://me:***@db/k``; ``...?password=secret`` -> ``...?password=***``."""
    out = _PASSWORD_PARAM.sub(r"\1***", url)
    return _USERINFO.sub(r"\g<scheme>\g<user>:***@", out, count=1)
