"""Motion documents: signatories, considerations, requests, replaced motion. (placeholder, being written)"""

from __future__ import annotations


def parse_motion(text: str, document: dict, raw=None) -> tuple[dict | None, list[str], list]:
    return ({"proposed": None, "debate": None, "considerations": [], "requests": [], "replaces": None}, [], [])
