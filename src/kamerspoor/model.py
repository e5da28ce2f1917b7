"""The nouns that travel between the pipeline stages.

read -> RawDocument -> clean -> Cleaned -> parse -> Structure -> extract -> the analysis record
(:class:`kamerspoor.record.Record`, the contract of ../shared/spec/analysis.md).

Dutch domain nouns are kept as they are (Kamerstuk, motie, vergaderjaar); controlled vocabularies are enums.
The record's vocabularies and the parts the stages build directly (sections, paragraphs, warnings) are
defined once in :mod:`kamerspoor.record` and re-exported here, so a stage imports its nouns from one place.
:class:`Footnote` stays a mutable stage noun: read places a footnote's anchor after it has made the
footnote; the pipeline turns it into the record's frozen :class:`kamerspoor.record.Footnote`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kamerspoor import record
from kamerspoor.errors import InputError
from kamerspoor.record import (
    SCHEMA,
    Advice,
    CommitmentKind,
    CommitmentStatus,
    Kind,
    Paragraph,
    Section,
    Stance,
    TextWarning,
)

__all__ = ["SCHEMA", "Advice", "Cleaned", "CommitmentKind", "CommitmentStatus", "Footnote", "Heading",
           "InputError", "Kind", "Paragraph", "RawDocument", "Section", "Source", "Stance", "Structure",
           "Warning_"]

# the name the stages have used for a warning about the text (builtins.Warning is another thing)
Warning_ = TextWarning


class Source(StrEnum):
    """What a document was read from."""

    PDF_TEXT = "pdf_text"  # plain text as extracted from a PDF, artefacts included
    PDF = "pdf"
    XML = "xml"  # officielebekendmakingen XML
    HTML = "html"  # officielebekendmakingen HTML page
    TEXT = "text"  # plain text without PDF artefacts


@dataclass
class Footnote:
    marker: str
    text: str
    urls: list[str] = field(default_factory=list)
    anchor: int | None = None  # offset in the cleaned text, right after the word the marker followed

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "text": self.text, "urls": list(self.urls), "anchor": self.anchor}

    def to_record(self) -> record.Footnote:
        return record.Footnote(self.marker, self.text, list(self.urls), self.anchor)


@dataclass
class Heading:
    """A structural heading hint given by a structured source (XML/HTML)."""

    text: str
    level: int = 2
    number: str | None = None


@dataclass
class RawDocument:
    """Output of ``read``: the raw text plus whatever metadata the source carries.

    ``structured`` is True when the source (XML, HTML) already gives clean paragraphs separated by
    blank lines with no PDF artefacts; then ``footnotes`` anchors are offsets into ``text``.
    ``metadata`` holds any of the record's ``document`` fields (id, dossier, number, session_year,
    kind, title, date, submitters) that the source states.
    """

    text: str
    source: Source
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    structured: bool = False
    warnings: list[Warning_] = field(default_factory=list)  # what reading noticed (bytes replaced, encoding)


@dataclass
class Cleaned:
    """Output of ``clean``: body text (paragraphs separated by a blank line), footnotes, warnings."""

    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    # running page headers/footers that were removed ("Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8"):
    # parse reads dossier, number and session year from them when the source gives no metadata
    headers: list[str] = field(default_factory=list)


@dataclass
class Structure:
    """Output of ``parse``: document metadata, sections and paragraphs over the cleaned text."""

    document: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
