"""The taxonomy of themes and instruments (``data/taxonomy.yaml``): ids, Dutch/English labels, terms."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def load() -> dict:
    """The taxonomy as ``{"themes": {id: {...}}, "instruments": {id: {...}}}`` (empty when not installed)."""
    try:
        raw = resources.files("kamerspoor").joinpath("data/taxonomy.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {"themes": {}, "instruments": {}}
    data = yaml.safe_load(raw) or {}
    return {"themes": data.get("themes") or {}, "instruments": data.get("instruments") or {}}


def label(tag_id: str, lang: str = "nl") -> str:
    """The label of a theme or instrument id in ``lang`` (the id itself when unknown)."""
    tax = load()
    for group in ("themes", "instruments"):
        entry = tax[group].get(tag_id)
        if isinstance(entry, dict) and entry.get(lang):
            return str(entry[lang])
    return tag_id


def kind_of(tag_id: str) -> str | None:
    """'themes' or 'instruments' for a known id, else None."""
    tax = load()
    for group in ("themes", "instruments"):
        if tag_id in tax[group]:
            return group
    return None
