"""Text files: bytes -> str, and the reader of plain text (text extracted from a PDF, or page text).

A text file is returned raw (``structured=False``): the clean stage removes the artefacts. Decoding is
UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, so a file saved by any Dutch office program is
read without a question; line ends become LF and the text NFC. Whether the text is hard-wrapped PDF text or
page text saved from a browser is told from its line lengths (:func:`text_source`), because the clean stage
joins hard-wrapped lines and must leave page text as it is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from kamerspoor.model import RawDocument, Source
from kamerspoor.read.sniff import Head

# a line that ends a sentence (page text keeps each paragraph on one line; hard-wrapped PDF lines mostly stop
# mid-sentence); a footnote marker may follow
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;»”\")]\s*\d{0,3}$")


def recognise(head: Head) -> bool:
    """Any text is text: the last row of the table of readers (empty input and binary data are refused)."""
    return head.is_text


def read(data: bytes, name: str | None, extra_metas: dict[str, list[str]] | None = None) -> RawDocument:
    """A text file as it is: PDF text (``Source.PDF_TEXT``) or page text (``Source.TEXT``)."""
    text = decode(data)
    return RawDocument(text=text, source=text_source(text), path=name)


def decode(data: bytes) -> str:
    """Bytes of a text file -> str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; LF line ends; NFC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="kamerspoor-latin1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)


def nfc(s: str) -> str:
    """``s`` in Unicode normal form C (ASCII and already normal text are returned as they are: fast)."""
    return s if s.isascii() or unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def text_source(text: str) -> Source:
    """PDF text is hard-wrapped (short lines) or has page breaks; text saved from a web page is not."""
    if "\f" in text:
        return Source.PDF_TEXT
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    lengths = sorted(len(line) for line in lines)
    if lengths and lengths[len(lengths) // 2] > 120:
        return Source.TEXT
    # a short page with many short kop lines ("Nr. 168 BRIEF VAN ...", "Moties", "VVD") still has its
    # paragraphs on lines of their own: the long lines end a sentence, where hard-wrapped PDF lines mostly
    # stop mid-sentence
    long = [line for line in lines if len(line) >= 60]
    if long and lengths[-1] > 150 and sum(bool(_LINE_ENDS_SENTENCE.search(line)) for line in long) >= 0.5 * len(long):
        return Source.TEXT
    return Source.PDF_TEXT


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    # the five bytes cp1252 leaves undefined keep their Latin-1 code point instead of being lost
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("kamerspoor-latin1", _latin1_fallback)
