"""The nouns that travel between the pipeline stages.

read -> RawDocument -> clean -> Cleaned -> parse -> Structure -> extract -> the analysis record (a dict,
see ``record.py`` and ../shared/spec/analysis.md).

Dutch domain nouns are kept as they are (Kamerstuk, motie, vergaderjaar); controlled vocabularies are enums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

SCHEMA = "analysis/1"


class Kind(StrEnum):
    """Kind of Kamerstuk (``document.kind`` in the record); how each is recognised: ``rules/kinds.yaml``."""

    BRIEF = "brief"
    MOTIE = "motie"
    VERSLAG = "verslag"
    VRAGEN_ANTWOORDEN = "vragen_antwoorden"
    NOTA = "nota"
    APPRECIATIE = "appreciatie"  # the cabinet's advice on motions before the vote ("Appreciatie motie ...")
    OVERZICHT = "overzicht"  # an overview of the motions and commitments of a begroting or jaarverslag
    OTHER = "other"


class Stance(StrEnum):
    """The cabinet's answer to a motion or a party proposal."""

    EXECUTED = "executed"
    ALREADY_POLICY = "already_policy"
    IN_PROGRESS = "in_progress"
    PARTIAL = "partial"
    DECLINED = "declined"
    NOTED = "noted"


class CommitmentKind(StrEnum):
    INFORM = "inform"
    ACT = "act"
    CONTINUE = "continue"


class CommitmentStatus(StrEnum):
    """Same vocabulary as the Tweede Kamer's register of toezeggingen."""

    OPENSTAAND = "Openstaand"
    VOLDAAN = "Voldaan"
    DEELS_VOLDAAN = "Deels voldaan"
    VERVALLEN = "Vervallen"


class Source(StrEnum):
    """What a document was read from."""

    PDF_TEXT = "pdf_text"  # plain text as extracted from a PDF, artefacts included
    PDF = "pdf"
    XML = "xml"  # officielebekendmakingen XML
    HTML = "html"  # officielebekendmakingen HTML page
    TEXT = "text"  # plain text without PDF artefacts


class InputError(Exception):
    """Bad input: the message names the file (and line where known) and what is wrong.

    The CLI prints it on one line and exits with code 2.
    """

    def __init__(self, path: str | None, problem: str, line: int | None = None):
        self.path = path
        self.problem = problem
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


@dataclass
class Footnote:
    marker: str
    text: str
    urls: list[str] = field(default_factory=list)
    anchor: int | None = None  # offset in the cleaned text, right after the word the marker followed

    def to_dict(self) -> dict:
        return {"marker": self.marker, "text": self.text, "urls": list(self.urls), "anchor": self.anchor}


@dataclass
class Warning_:
    kind: str
    text: str
    start: int | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start}


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
    metadata: dict = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    structured: bool = False


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
class Section:
    level: int
    number: str | None
    heading: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"level": self.level, "number": self.number, "heading": self.heading,
                "start": self.start, "end": self.end}


@dataclass
class Paragraph:
    start: int
    end: int
    section: int | None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "section": self.section}


@dataclass
class Structure:
    """Output of ``parse``: document metadata, sections and paragraphs over the cleaned text."""

    document: dict
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
