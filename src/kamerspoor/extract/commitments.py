"""Commitments (toezeggingen). (placeholder, being written)"""

from __future__ import annotations


def find_commitments(text, date, motions, party_positions, paragraphs) -> list[dict]:
    return []
