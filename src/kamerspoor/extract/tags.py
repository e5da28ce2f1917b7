"""Themes and instruments per paragraph. (placeholder, being written)"""

from __future__ import annotations


def tag_paragraphs(text, paragraphs, sections):
    return [], []
