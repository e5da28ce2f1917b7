"""Kamerstuk citations. (placeholder, being written)"""

from __future__ import annotations


def find_references(text: str, own: tuple | None = None, footnotes: list[dict] | None = None) -> list[dict]:
    return []
