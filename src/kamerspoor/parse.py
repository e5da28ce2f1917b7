"""Stage 3, parse: document metadata, sections and paragraphs. (placeholder, being written)"""

from __future__ import annotations

from kamerspoor.model import Cleaned, Paragraph, RawDocument, Structure


def parse(raw: RawDocument, cleaned: Cleaned) -> Structure:
    doc = {"id": None, "dossier": None, "number": None, "session_year": None, "kind": "other",
           "title": None, "date": None, "submitters": []}
    doc.update(raw.metadata)
    paras, pos = [], 0
    for chunk in cleaned.text.split("\n\n"):
        paras.append(Paragraph(pos, pos + len(chunk), None))
        pos += len(chunk) + 2
    return Structure(document=doc, sections=[], paragraphs=paras)
