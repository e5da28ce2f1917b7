"""Text files: bytes -> str, and the reader of plain text (text extracted from a PDF, or page text).

A text file is returned raw (``structured=False``): the clean stage removes the artefacts. Decoding is
UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252, so a file saved by any Dutch office program is
read without a question; line ends become LF and the text NFC. Text that is mostly UTF-8 stays UTF-8: a
byte that is not (a damaged copy, one pasted character) is replaced by U+FFFD and reported as a warning with
its offset, rather than the whole file being read as cp1252 ("één" would become "Ã©Ã©n"); only text with
more such bytes than UTF-8 characters outside ASCII is cp1252, and that is reported too (:func:`decode_text`). Whether the text is hard-wrapped PDF text or
page text saved from a browser is told from its line lengths (:func:`text_source`), because the clean stage
joins hard-wrapped lines and must leave page text as it is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from kamerspoor.model import RawDocument, Source, Warning_
from kamerspoor.read.sniff import Head

# a line that ends a sentence (page text keeps each paragraph on one line; hard-wrapped PDF lines mostly stop
# mid-sentence); a footnote marker may follow
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;»”\")]\s*\d{0,3}$")
# the separator row of a table rendered with bars, as the newest officielebekendmakingen pages have them
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")

#: Bytes that are not UTF-8 reported one by one (with their offset); the rest in one warning with their number.
MAX_BYTE_WARNINGS = 10
_REPLACEMENT = "\ufffd"
_REPLACEMENT_UTF8 = _REPLACEMENT.encode("utf-8")


@dataclass(slots=True)
class Decoded:
    """A text file's text and what decoding it had to say (bytes replaced, the encoding guessed)."""

    text: str
    warnings: list[Warning_] = field(default_factory=list)


def recognise(head: Head) -> bool:
    """Any text is text: the last row of the table of readers (empty input and binary data are refused)."""
    return head.is_text


def read(data: bytes, name: str | None, extra_metas: dict[str, list[str]] | None = None) -> RawDocument:
    """A text file as it is: PDF text (``Source.PDF_TEXT``) or page text (``Source.TEXT``)."""
    decoded = decode_text(data)
    return RawDocument(text=decoded.text, source=text_source(decoded.text), path=name,
                       warnings=decoded.warnings)


def decode(data: bytes) -> str:
    """Bytes of a text file -> str (:func:`decode_text` without its warnings)."""
    return decode_text(data).text


def decode_text(data: bytes) -> Decoded:
    """Bytes of a text file -> str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; LF line ends; NFC.

    Mostly UTF-8 (at least as many UTF-8 characters outside ASCII as bytes that are not UTF-8): the bad
    bytes are replaced by U+FFFD, each reported (``invalid_utf8``, its offset in the file and its line; after
    :data:`MAX_BYTE_WARNINGS` the rest counted in one warning). Otherwise the text is cp1252 (``not_utf8``)."""
    warnings: list[Warning_] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        bad = text.count(_REPLACEMENT) - data.decode("utf-16", errors="ignore").count(_REPLACEMENT)
        if bad:
            warnings.append(Warning_("invalid_utf16", f"{bad} invalid UTF-16 sequence(s) replaced by U+FFFD"))
    else:
        skip = 3 if data.startswith(codecs.BOM_UTF8) else 0
        if skip:
            data = data[skip:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, warnings = _not_all_utf8(data, skip)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(nfc(text), warnings)


def _not_all_utf8(data: bytes, skip: int) -> tuple[str, list[Warning_]]:
    """Text with bytes that are not UTF-8: UTF-8 with those replaced when it is mostly UTF-8, else cp1252.
    (The counts are made by the codecs, in C: a file of cp1252 text has a bad byte in every accented word.)"""
    text = data.decode("utf-8", errors="replace")
    bad = text.count(_REPLACEMENT) - data.count(_REPLACEMENT_UTF8)
    outside_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if outside_ascii >= bad:
        return text, _bad_bytes(data, skip, bad)
    first = _bad_places(data, 1)[0]
    where = _where(data, first[0], skip)
    note = (f"not UTF-8 ({bad} byte(s) are not, the first at {where}): read as Windows-1252 (cp1252); "
            "check the accented letters")
    return data.decode("cp1252", errors="kamerspoor-latin1"), [Warning_("not_utf8", note)]


def _bad_bytes(data: bytes, skip: int, bad: int) -> list[Warning_]:
    """One warning per byte sequence that is not UTF-8 (the first ones), one for the rest."""
    out = []
    for start, end in _bad_places(data, MAX_BYTE_WARNINGS):
        shown = " ".join(f"0x{b:02X}" for b in data[start:end])
        out.append(Warning_("invalid_utf8", f"{shown} at {_where(data, start, skip)} is not UTF-8: replaced by U+FFFD"))
    if bad > len(out):
        out.append(Warning_("invalid_utf8", f"{bad - len(out)} more byte sequence(s) that are not UTF-8 replaced "
                                            "by U+FFFD"))
    return out


def _bad_places(data: bytes, most: int) -> list[tuple[int, int]]:
    """(start, end) of the first ``most`` byte sequences in ``data`` that are not UTF-8 (each decode stops at
    the next one, so this reads the data once)."""
    view = memoryview(data)
    places: list[tuple[int, int]] = []
    pos = 0
    while len(places) < most and pos < len(data):
        try:
            str(view[pos:], "utf-8")
            break
        except UnicodeDecodeError as e:
            places.append((pos + e.start, pos + e.end))
            pos += e.end
    return places


def _where(data: bytes, offset: int, skip: int) -> str:
    """"offset 1234 (line 12)": the byte's offset in the file (a BOM counted) and its line."""
    line = data.count(b"\n", 0, offset) + 1
    return f"offset {offset + skip} (line {line})"


def nfc(s: str) -> str:
    """``s`` in Unicode normal form C (ASCII and already normal text are returned as they are: fast)."""
    return s if s.isascii() or unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def text_source(text: str) -> Source:
    """PDF text is hard-wrapped (short lines) or has page breaks; text saved from a web page is not. A line's
    length is counted without its indentation (a web page may indent every line deeply: markup, no text)."""
    if "\f" in text:
        return Source.PDF_TEXT
    lengths: Counter[int] = Counter()  # of the filled lines, stripped (counted, not listed: a line can be short)
    table = False
    long = ends = 0  # lines of 60 characters or more; those that end a sentence
    for line in _lines(text):
        line = line.strip()
        if line:
            lengths[len(line)] += 1
            table = table or bool(_TABLE_SEPARATOR.match(line))
            if len(line) >= 60:
                long += 1
                ends += bool(_LINE_ENDS_SENTENCE.search(line))
    if table:
        return Source.TEXT  # a table rendered with bars ("---|---|"): the newest officielebekendmakingen page
    if lengths and _kth_smallest(lengths, lengths.total() // 2) > 120:
        return Source.TEXT
    # a short page with many short kop lines ("Nr. 168 BRIEF VAN ...", "Moties", "VVD") still has its
    # paragraphs on lines of their own: the long lines end a sentence, where hard-wrapped PDF lines mostly
    # stop mid-sentence
    if long and max(lengths) > 150 and ends >= 0.5 * long:
        return Source.TEXT
    return Source.PDF_TEXT


def _kth_smallest(counts: Counter[int], k: int) -> int:
    """The ``k``-th smallest (from 0) of the numbers counted in ``counts`` (number -> how often)."""
    for value in sorted(counts):
        k -= counts[value]
        if k < 0:
            return value
    raise IndexError(k)


def _lines(text: str, chunk: int = 1 << 16) -> Iterator[str]:
    """``text.split("\n")`` a piece of about ``chunk`` characters at a time (no list of every line of a large text)."""
    pos, n = 0, len(text)
    while True:
        end = text.find("\n", pos + chunk) if pos + chunk < n else -1
        if end < 0:
            yield from text[pos:].split("\n")
            return
        yield from text[pos:end].split("\n")
        pos = end + 1


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    # the five bytes cp1252 leaves undefined keep their Latin-1 code point instead of being lost
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("kamerspoor-latin1", _latin1_fallback)
