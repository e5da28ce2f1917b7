"""Motions a letter answers and party proposals, with the cabinet's stance. (placeholder, being written)"""

from __future__ import annotations


def find_answers(text: str, paragraphs: list[dict], footnotes: list[dict], references: list[dict]):
    return [], []
