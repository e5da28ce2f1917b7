"""The pipeline: read -> clean -> parse -> extract -> the analysis record.

The analysis record (``../shared/spec/analysis.md``) is the seam between the pipeline and everything
after it (store, API, web UI).
"""

from __future__ import annotations

from pathlib import Path

from kamerspoor import clean as clean_stage
from kamerspoor import parse as parse_stage
from kamerspoor import read as read_stage
from kamerspoor.extract import answers, commitments, motion_doc, references, tags
from kamerspoor.model import SCHEMA, Kind, RawDocument, Source


def analyze_raw(raw: RawDocument) -> dict:
    """Run clean, parse and extract over a read document and return the analysis record."""
    cleaned = clean_stage.clean(raw)
    structure = parse_stage.parse(raw, cleaned)
    text = cleaned.text
    doc = structure.document
    paragraphs = [p.to_dict() for p in structure.paragraphs]
    sections = [s.to_dict() for s in structure.sections]
    footnotes = [f.to_dict() for f in cleaned.footnotes]
    warnings = [w.to_dict() for w in cleaned.warnings]

    own = (doc.get("dossier"), doc.get("number"))
    refs = references.find_references(text, own=own, footnotes=footnotes)

    motion = None
    if doc.get("kind") == Kind.MOTIE:
        motion, signatories, mwarnings = motion_doc.parse_motion(text, doc, raw)
        if signatories:
            # the printed signatories, in printed order and as written; the metadata's indieners are
            # listed in reverse and sometimes shortened
            doc["submitters"] = signatories
        warnings.extend(w.to_dict() if hasattr(w, "to_dict") else w for w in mwarnings)
        mentioned, parties = [], []
    else:
        mentioned, parties = answers.find_answers(text, paragraphs, footnotes, refs)

    promises = commitments.find_commitments(text, doc.get("date"), mentioned, parties, paragraphs)
    themes, instruments = tags.tag_paragraphs(text, paragraphs, sections)

    return {
        "schema": SCHEMA,
        "document": doc,
        "text": text,
        "sections": sections,
        "paragraphs": paragraphs,
        "footnotes": footnotes,
        "references": refs,
        "motions": mentioned,
        "party_positions": parties,
        "commitments": promises,
        "themes": themes,
        "instruments": instruments,
        "warnings": warnings,
        "motion": motion,
    }


def analyze_path(path: str | Path) -> dict:
    """Analyze one file (PDF text, PDF, officielebekendmakingen XML or HTML, plain text)."""
    return analyze_raw(read_stage.read_path(path))


def analyze_bytes(data: bytes, name: str | None = None) -> dict:
    """Analyze a document given as bytes (e.g. standard input); ``name`` is used in error messages."""
    return analyze_raw(read_stage.read_bytes(data, name=name))


def analyze_text(text: str, source: Source = Source.PDF_TEXT, metadata: dict | None = None) -> dict:
    """Analyze text already in memory (PDF text by default)."""
    return analyze_raw(RawDocument(text=text, source=source, metadata=dict(metadata or {})))
