"""Stage 1, read: a file as published -> ``RawDocument`` (raw text plus the metadata the source states).

Sources are recognised by content (the file name is only used in messages), by the table of readers
:data:`READERS`: the first row whose test accepts the start of the input reads it.

==========================  ===========================================  =========================================
source                      recognised by                                read by
==========================  ===========================================  =========================================
PDF (``Source.PDF``)        ``%PDF-`` in the first kilobyte              :mod:`~kamerspoor.read.pdf`
officielebekendmakingen XML ``<officiele-publicatie`` near the start     :mod:`~kamerspoor.read.official_xml`
(``Source.XML``)            (and ``metadata.xml`` beside the file)       (+ :mod:`~kamerspoor.read.sidecar`)
HTML page (``Source.HTML``) ``<html``, ``<body``, ``<!doctype html``     :mod:`~kamerspoor.read.html_page`
other XML (``Source.XML``)  an XML declaration                           :mod:`~kamerspoor.read.official_xml`
text (``Source.PDF_TEXT``   any other text (empty input and binary       :mod:`~kamerspoor.read.text`
or ``Source.TEXT``)         data are refused)
==========================  ===========================================  =========================================

- PDF text and plain text are returned raw; the clean stage removes the artefacts.
- A PDF's page texts are joined by a form feed, so it looks like the PDF-text case.
- XML and HTML are ``structured=True``: the text is clean paragraphs separated by a blank line, footnote
  bodies are lifted out into ``RawDocument.footnotes`` (anchored at the word they were attached to), headings
  are given as hints and ``metadata`` holds the record's ``document`` fields the source states
  (:mod:`~kamerspoor.read.metadata`).

A new source format is one module (a ``recognise(head)`` test and a ``read(data, name, extra_metas)``
function) and one row of :data:`READERS`. Every problem with the input raises ``InputError`` naming the file
(and line where known).

Every input is read within the size limit of its row (``Reader.max_bytes``), by :mod:`~kamerspoor.read.bounded`:
what is not a regular file (a folder, FIFO, socket or device, also behind a link) is refused unread, and no
more than the limit is ever read, from a file (:func:`file_bytes`) or from standard input (:func:`stream_bytes`).
What reading notices without refusing the input (bytes that are not UTF-8, text left out below the deepest
level a parser builds) goes to ``RawDocument.warnings`` and so to the record's ``warnings``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kamerspoor.model import InputError, RawDocument, Source
from kamerspoor.read import bounded, html_page, official_xml, pdf, sidecar, text
from kamerspoor.read.bounded import not_a_file
from kamerspoor.read.metadata import Metas, kind_from_title, kind_from_type
from kamerspoor.read.pdf import MAX_PDF_BYTES
from kamerspoor.read.sniff import SNIFF, Head, decides_alike
from kamerspoor.read.text import decode
from kamerspoor.rules.person_names import surname

#: Largest text, XML or HTML input accepted (bytes); a Kamerstuk is rarely more than a few hundred kB.
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Reader:
    """One row of the table of readers: how a source is recognised, and what reads it."""

    source: Source                                                 # what :func:`sniff` says
    recognise: Callable[[Head], bool]                              # does the input's start look like it?
    read: Callable[[bytes, str | None, Metas | None], RawDocument]  # (data, name, metadata found beside it)
    max_bytes: int = MAX_BYTES                                     # larger inputs are refused unread
    beside: Callable[[str], Metas] | None = None                   # metadata stored beside a file of this kind
    suffixes: tuple[str, ...] = ()                                 # file types of this source ingest walks into


#: The table of readers, tried in order: binary formats first (reading a text's start refuses binary data),
#: XHTML before other XML, text last.
READERS: tuple[Reader, ...] = (
    Reader(Source.PDF, pdf.recognise, pdf.read, max_bytes=MAX_PDF_BYTES, suffixes=(".pdf",)),
    Reader(Source.XML, official_xml.is_publication, official_xml.read, beside=sidecar.metadata_beside,
           suffixes=(".xml",)),
    Reader(Source.HTML, html_page.recognise, html_page.read, suffixes=(".html", ".htm")),
    Reader(Source.XML, official_xml.is_declared_xml, official_xml.read, beside=sidecar.metadata_beside,
           suffixes=(".xml",)),
    Reader(Source.PDF_TEXT, text.recognise, text.read, suffixes=(".txt",)),
)

#: The file types a folder walk reads as documents (``kamerspoor ingest``): those of the readers' rows. The
#: content decides the reader, whatever the name says.
SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(s for reader in READERS for s in reader.suffixes))


def read_path(path: str | Path) -> RawDocument:
    """Read one file (PDF text, PDF, officielebekendmakingen XML or HTML, plain text)."""
    name = str(path)
    by_head = _ReaderOfHead()
    data = bounded.file_bytes(path, name, by_head)
    reader = by_head.reader_of(data) or recognise(data, name)
    extra = reader.beside(name) if reader.beside else None
    return _read(reader, data, name, extra)


def read_bytes(data: bytes, name: str | None = None) -> RawDocument:
    """Read a document given as bytes; ``name`` is used in error messages and as ``RawDocument.path``."""
    return _read(recognise(data, name), data, name, None)


def sniff(data: bytes, name: str | None = None) -> Source:
    """What kind of document ``data`` is, judged by its content.

    Returns ``Source.PDF``, ``Source.XML``, ``Source.HTML`` or ``Source.PDF_TEXT`` (any text);
    raises ``InputError`` for empty input and binary data.
    """
    return recognise(data, name).source


def recognise(data: bytes, name: str | None = None) -> Reader:
    """The first row of :data:`READERS` that accepts ``data``; ``InputError`` for empty input and binary data."""
    head = Head(data, name)
    for reader in READERS:
        if reader.recognise(head):
            return reader
    raise InputError(name, "not a document kamerspoor can read")  # the text row accepts every text


def _read(reader: Reader, data: bytes, name: str | None, extra: Metas | None) -> RawDocument:
    if len(data) > reader.max_bytes:
        raise InputError(name, _too_large(len(data), reader.max_bytes))
    return reader.read(data, name, extra)


def limit_of(head: bytes, name: str | None = None) -> int:
    """The size limit of an input whose first bytes are ``head``: that of the row of :data:`READERS` that
    recognises it. Binary data is refused from its first bytes (``InputError``); when the start is only
    whitespace, the whole input decides later, under the text limit."""
    try:
        return recognise(head, name).max_bytes
    except InputError:
        if head.strip(b"\xef\xbb\xbf \t\r\n\f"):
            raise
        return MAX_BYTES


def _limit_or_text(head: bytes, name: str | None = None) -> int:
    """A file's limit: as :func:`limit_of`, but binary data under the text limit, so that a file too large for
    any reader is refused by its size before its bytes are read (its content is judged once read)."""
    try:
        return limit_of(head, name)
    except InputError:
        return MAX_BYTES


class _ReaderOfHead:
    """A file's limit (as :func:`_limit_or_text`), keeping the row of :data:`READERS` that its first bytes were
    recognised by: the whole file is recognised alike when they decide (:func:`~kamerspoor.read.sniff.decides_alike`),
    so it is not recognised twice."""

    def __init__(self) -> None:
        self.head = b""
        self.reader: Reader | None = None

    def __call__(self, head: bytes, name: str | None = None) -> int:
        try:
            reader = recognise(head, name)
        except InputError:
            return MAX_BYTES
        self.head = head
        self.reader = reader if decides_alike(head) else None
        return reader.max_bytes

    def reader_of(self, data: bytes) -> Reader | None:
        """The row for ``data`` (the file's bytes) when its first bytes decided it, else None."""
        if self.reader is None or not data.startswith(self.head) or not (len(self.head) >= SNIFF or data == self.head):
            return None
        return self.reader


def file_bytes(path: str | Path, name: str | None = None) -> bytes:
    """The bytes of a document file, at most the limit of its kind (:mod:`~kamerspoor.read.bounded`): what is
    not a regular file (a folder, FIFO, socket, device, also behind a link) is refused unread."""
    return bounded.file_bytes(path, name or str(path), _limit_or_text)


def stream_bytes(stream: BinaryIO, name: str = "<stdin>") -> bytes:
    """The bytes of a stream (standard input), refused as soon as they pass the limit of their kind."""
    return bounded.stream_bytes(stream, name, limit_of)


def _too_large(size: int, limit: int) -> str:
    return bounded.too_large(size, limit)


__all__ = ["MAX_BYTES", "MAX_PDF_BYTES", "READERS", "SUFFIXES", "Reader", "decode", "file_bytes", "kind_from_title",
           "kind_from_type", "limit_of", "not_a_file", "read_bytes", "read_path", "recognise", "sniff",
           "stream_bytes", "surname"]
