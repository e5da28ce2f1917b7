"""PDF: page texts from pypdf, joined by a form feed, so the result looks like text extracted from a PDF.

Blank lines are placed where the page's layout breaks (:mod:`kamerspoor.read.layout`). A damaged, truncated
or encrypted file, or one without extractable text (a scan), is an ``InputError`` naming the file; what
pypdf says about a damaged file is collected instead of reaching the user's terminal.

A PDF is small for what it can ask of a reader: a 60 kB file can list one page 200,000 times, or one page
tree under another, and every page's text is extracted again. So a PDF is read within limits, each named in
its message: at most :data:`MAX_PDF_PAGES` pages (the page count a file states is looked at before it is
parsed, then the page tree is counted, a shared part each time it is used) and at most :data:`MAX_PDF_TEXT`
characters of text; what pypdf's own limits refuse is said as such, not as damage.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from kamerspoor.model import InputError, RawDocument, Source
from kamerspoor.read.layout import Fragment, break_lines
from kamerspoor.read.sniff import Head
from kamerspoor.read.text import nfc

#: Largest PDF accepted (bytes): PDFs carry fonts and images, so they may be larger than their text.
MAX_PDF_BYTES = 100_000_000

#: Most pages read from a PDF: a Kamerstuk of a thousand pages is rare (a begroting, a jaarverslag).
MAX_PDF_PAGES = 5_000

#: Most characters of text taken from a PDF (as much as the largest text file accepted).
MAX_PDF_TEXT = 20_000_000

_ENCRYPTED = "encrypted PDF: a password is needed to read its text"
# the page count a page tree node states, in the file as written (not inside a compressed object stream)
_STATED_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d{1,15})|/Count\s+(\d{1,15})[^>]*?/Type\s*/Pages\b")


def recognise(head: Head) -> bool:
    """The PDF signature in the first kilobyte (some files have bytes before it)."""
    return is_pdf(head.raw)


def is_pdf(start: bytes) -> bool:
    """``start`` (the first bytes of a file) has the PDF signature in its first kilobyte."""
    return b"%PDF-" in start[:1024]


def read(data: bytes, name: str | None, extra_metas: dict[str, list[str]] | None = None) -> RawDocument:
    """The text of every page, pages joined by a form feed (the clean stage reads it as a page break)."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(name, "truncated or damaged PDF (no end-of-file marker)")
    stated = stated_pages(data)
    if stated > MAX_PDF_PAGES:
        raise InputError(name, _too_many_pages(f"{stated:,}"))
    with _PdfLog() as log:
        pages = _pages(data, name)
    text = "\f".join(p.rstrip("\n") for p in pages)
    if not text.strip():
        if log.messages:
            raise InputError(name, f"truncated or damaged PDF ({log.messages[0]})")
        raise InputError(name, f"PDF has no extractable text ({len(pages)} page(s); scanned images need OCR)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(text=nfc(text), source=Source.PDF, path=name)


class _PdfLog(logging.Handler):
    """Collects what pypdf says about a damaged file instead of letting it reach the user's terminal
    (a context manager: pypdf's logger is given back as it was)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._logger = logging.getLogger("pypdf")
        self._propagate = self._logger.propagate

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> _PdfLog:
        self._logger.addHandler(self)
        self._logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.propagate = self._propagate


def _pages(data: bytes, name: str | None) -> list[str]:
    """The text of each page; every way pypdf fails on a damaged or encrypted file is an ``InputError``, and
    so is a PDF over a limit (pages, text, or pypdf's own)."""
    from pypdf import PdfReader, errors
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    limit_reached = getattr(errors, "LimitReachedError", ())  # (pypdf 5 and later)

    try:
        reader = PdfReader(io.BytesIO(data))
        _decrypt(reader, name)
        count_pages(reader.root_object.get("/Pages"), name)
        return _page_texts(reader.pages, name)
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(name, _ENCRYPTED) from None
    except limit_reached as e:
        raise InputError(name, f"PDF over a limit of the PDF reader ({e})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            RecursionError, OSError) as e:
        raise InputError(name, f"truncated or damaged PDF ({type(e).__name__}: {e})") from None


def _page_texts(pages: Any, name: str | None) -> list[str]:
    """Each page's text, as long as all of it stays under :data:`MAX_PDF_TEXT` characters."""
    texts: list[str] = []
    total = 0
    for page in pages:
        texts.append(page_text(page))
        total += len(texts[-1])
        if total > MAX_PDF_TEXT:
            raise InputError(name, f"PDF text over the limit: more than {MAX_PDF_TEXT:,} characters in its first "
                                   f"{len(texts):,} page(s)")
    return texts


def stated_pages(data: bytes) -> int:
    """The largest page count a page tree node of the file states (0 when none is readable without parsing:
    a count inside a compressed object stream is counted by :func:`count_pages`)."""
    return max((int(a or b) for a, b in _STATED_COUNT.findall(data)), default=0)


def count_pages(node: Any, name: str | None, limit: int = MAX_PDF_PAGES) -> int:
    """The pages under a page tree node, counted without building them; a part of the tree used twice is
    counted twice (as a reader would show it). ``InputError`` beyond ``limit`` pages, or for a tree that
    loops (more nodes visited than a tree of ``limit`` pages can have)."""
    pages = nodes = 0
    stack = [node]
    while stack:
        ref = stack.pop()
        item: Any = ref.get_object() if ref is not None else None
        nodes += 1
        if nodes > 4 * limit + 64:
            raise InputError(name, f"damaged PDF: its page tree loops or has more than {4 * limit:,} nodes")
        if not hasattr(item, "get"):
            continue
        kids = item.get("/Kids")
        if item.get("/Type") == "/Pages" or (kids is not None and item.get("/Type") != "/Page"):
            stack.extend(kids.get_object() if kids is not None else ())
            continue
        pages += 1
        if pages > limit:
            raise InputError(name, _too_many_pages(f"more than {limit:,}"))
    return pages


def _too_many_pages(count: str) -> str:
    return f"PDF over the page limit: {count} pages (the limit is {MAX_PDF_PAGES:,})"


def _decrypt(reader: Any, name: str | None) -> None:
    """Open an encrypted PDF with the empty password (as readers do); any other password is refused."""
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        ok = reader.decrypt("")
    except (DependencyError, NotImplementedError) as e:
        raise InputError(name, f"encrypted PDF that cannot be opened ({e})") from None
    if not ok:
        raise InputError(name, _ENCRYPTED)


def page_text(page: Any) -> str:
    """The text of one PDF page as pypdf extracts it, with a blank line wherever the layout shows a break
    (:func:`kamerspoor.read.layout.break_lines`). Superscript footnote markers stay glued to their word, as
    pypdf puts them ("verslechterd.2 In"), which the clean stage knows."""
    frags: list[Fragment] = []

    def visit(text: str, cm: Any, tm: Any, font_dict: Any, font_size: Any) -> None:
        if text:
            frags.append(_fragment(text, cm, tm, font_size))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(t for t, _, _ in frags) != text:
        return text  # the visitor did not see what was extracted: keep pypdf's text as it is
    return break_lines(frags) or text


def _fragment(text: str, cm: Any, tm: Any, font_size: Any) -> Fragment:
    """(text, baseline y, rendered size): the text matrix times the current transformation matrix."""
    try:
        c, d, f = (tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
                   tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        size = abs(float(font_size or 0)) * (c * c + d * d) ** 0.5
    except (TypeError, IndexError, ValueError):
        f, size = float("nan"), 0.0
    return (text, float(f), size)
