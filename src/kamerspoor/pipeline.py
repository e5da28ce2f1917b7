"""The pipeline: read -> clean -> parse -> extract -> the analysis record.

The analysis record (:class:`kamerspoor.record.Record`, the contract of ``../shared/spec/analysis.md``) is
the seam between the pipeline and everything after it (store, API, web UI). The stages hand each other
plain dicts where that is what the extractors read; this module builds the typed record from their
outputs, and checks them on the way (``msgspec.convert``): an extractor that returns a field of the wrong
type fails here, naming the field, instead of in the store or a web page later.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from kamerspoor import clean as clean_stage
from kamerspoor import parse as parse_stage
from kamerspoor import read as read_stage
from kamerspoor import tkletters
from kamerspoor.errors import PipelineError
from kamerspoor.extract import answers, commitments, motion_doc, references, tags
from kamerspoor.model import Kind, RawDocument, Source
from kamerspoor.record import Paragraph, Record
from kamerspoor.rules import kinds

__all__ = ["PipelineError", "analyze_bytes", "analyze_path", "analyze_raw", "analyze_text"]


def analyze_raw(raw: RawDocument) -> Record:
    """Run clean, parse and extract over a read document and return the analysis record."""
    cleaned = clean_stage.clean(raw)
    structure = parse_stage.parse(raw, cleaned)
    text = cleaned.text
    doc = structure.document
    # the extractors read paragraphs, sections and footnotes as dicts; a paragraph's dict is made when it is read
    # (a list of a dict per paragraph costs some 250 bytes each: text of many tiny paragraphs has millions)
    paragraphs = ParagraphDicts(structure.paragraphs)
    sections: list[dict[str, Any]] = msgspec.to_builtins(structure.sections)
    footnotes = [f.to_dict() for f in cleaned.footnotes]
    warnings: list[Any] = [*raw.warnings, *cleaned.warnings]  # what reading noticed, then cleaning

    refs = references.find_references(text, own=(doc.get("dossier"), doc.get("number")), footnotes=footnotes)

    motion = None
    if doc.get("kind") == Kind.MOTIE:
        motion, signatories, mwarnings = motion_doc.parse_motion(text, doc, raw)
        if signatories:
            # the printed signatories, in printed order and as written; the metadata's indieners are
            # listed in reverse and sometimes shortened
            doc["submitters"] = signatories
        warnings.extend(mwarnings)
        mentioned: list[dict[str, Any]] = []
        parties: list[dict[str, Any]] = []
        promises: list[dict[str, Any]] = []  # a motion asks; a commitment is the cabinet's promise
    else:
        named = [m for s in parse_stage.letter_subjects(cleaned, doc) for m in tkletters.read_subject(s).motions]
        mentioned, parties = answers.find_answers(text, paragraphs, footnotes, refs, named)
        doc["kind"] = kinds.refine_by_advice(doc.get("kind"), mentioned)  # advice only: an appreciatie
        promises = commitments.find_commitments(text, doc.get("date"), mentioned, parties, paragraphs)
    themes, instruments = tags.tag_paragraphs(text, paragraphs, sections)

    # one conversion for the whole record: it checks the extractors' dicts (and turns their strings into the
    # vocabularies' enums) and passes the parts that are typed already (sections, paragraphs) through
    parts = {
        "document": doc,
        "text": text,
        "sections": structure.sections,
        "paragraphs": structure.paragraphs,
        "footnotes": [f.to_record() for f in cleaned.footnotes],
        "references": refs,
        "motions": mentioned,
        "party_positions": parties,
        "commitments": promises,
        "themes": themes,
        "instruments": instruments,
        "warnings": warnings,
        "motion": motion,
    }
    try:
        return msgspec.convert(parts, Record)
    except msgspec.ValidationError as e:
        raise PipelineError(raw.path, str(e)) from None


class ParagraphDicts(Sequence[dict[str, Any]]):
    """The paragraphs as the extractors read them, ``{"start", "end", "section"}`` (what ``msgspec.to_builtins`` makes
    of a :class:`~kamerspoor.record.Paragraph`), each made when it is read."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs

    def __len__(self) -> int:
        return len(self.paragraphs)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        p = self.paragraphs[i]
        return {"start": p.start, "end": p.end, "section": p.section}

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for p in self.paragraphs:
            yield {"start": p.start, "end": p.end, "section": p.section}


def analyze_path(path: str | Path) -> Record:
    """Analyze one file (PDF text, PDF, officielebekendmakingen XML or HTML, plain text)."""
    return analyze_raw(read_stage.read_path(path))


def analyze_bytes(data: bytes, name: str | None = None) -> Record:
    """Analyze a document given as bytes (e.g. standard input); ``name`` is used in error messages."""
    return analyze_raw(read_stage.read_bytes(data, name=name))


def analyze_text(text: str, source: Source = Source.PDF_TEXT, metadata: dict[str, Any] | None = None) -> Record:
    """Analyze text already in memory (PDF text by default)."""
    return analyze_raw(RawDocument(text=text, source=source, metadata=dict(metadata or {})))
