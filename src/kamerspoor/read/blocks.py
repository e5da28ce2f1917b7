"""Paragraphs, footnotes and headings of a structured source (official XML, HTML page), shared by both.

A structured source gives clean paragraphs: :class:`Paragraphs` joins them with a blank line and knows, while
they are added, the offset each will have in the joined text, so a footnote is anchored at the word it was
attached to without a second pass over the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from kamerspoor.model import Footnote, Heading
from kamerspoor.read.text import nfc

_URL = re.compile(r"https?://[^\s<>\"«»]+")
# a numbered heading: "3. Uitvoering", "II Financiën", "B. Moties", "2.1 Stand van zaken"
_NUMBERED = re.compile(r"^((?:[IVXLC]+|\d+(?:\.\d+)*)\.?|[A-Z]\.)\s+(\S.*)$")

#: (number of text pieces before the note, the note): a ``Footnote`` or the key of one not yet seen (HTML)
NoteRef = tuple[int, object]


class Paragraphs:
    """Collects paragraphs in document order; knows the offset each one will have in the joined text."""

    __slots__ = ("paras", "length", "footnotes", "headings", "pending", "signatories", "first_date",
                 "letter_date")

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.length = 0
        self.footnotes: list[Footnote] = []
        self.headings: list[Heading] = []
        self.pending: list[tuple[int, object]] = []  # HTML: (anchor, note key) resolved after the walk
        self.signatories: list[str] = []
        self.first_date: str | None = None
        self.letter_date: str | None = None  # the date under "Den Haag," in a letter's <dagtekening>

    def add(self, segs: list[str], notes: list[NoteRef] | None = None) -> str:
        """Add one paragraph made of text pieces; ``notes`` are (number of pieces before it, note)."""
        text = " ".join("".join(segs).split())
        if not text.isascii():
            text = nfc(text)
        start = self.length + 2 if self.paras else 0
        if notes:
            for k, note in notes:
                prefix = nfc(" ".join("".join(segs[:k]).split()))
                anchor = start + len(prefix) if text else self.length
                if isinstance(note, Footnote):
                    note.anchor = anchor
                    self.footnotes.append(note)
                else:
                    self.pending.append((anchor, note))
        if text:
            self.paras.append(text)
            self.length = start + len(text)
        return text

    def add_loose(self, text: str | None) -> None:
        """Text that stands between blocks (a container's own text before its first child, the tail after a
        block): a paragraph of its own when it has words."""
        if text and not text.isspace():
            self.add([text])

    def text(self) -> str:
        return "\n\n".join(self.paras)


def inline_text(el: Any, segs: list[str], element: Callable[[Any], None]) -> None:
    """The text of ``el`` and its inline children into ``segs`` in document order: its own text, each child
    element through ``element`` (the reader's: that child's text and notes), and the text after each child
    (its tail). A comment or processing instruction (whose tag is not a string) adds only its tail."""
    if el.text:
        segs.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            element(child)
        if child.tail:
            segs.append(child.tail)


def urls(text: str, extra: Iterable[str] = ()) -> list[str]:
    """The web addresses in a footnote's text, then those of its links that the text does not show."""
    found = [u.rstrip(".,;:)]'’") for u in _URL.findall(text)]
    for u in extra:
        if u.startswith(("http://", "https://")) and u not in found:
            found.append(u)
    return found


def split_number(text: str) -> tuple[str | None, str]:
    """A heading's number and title: "3. Uitvoering" -> ("3", "Uitvoering"); no number -> (None, text)."""
    m = _NUMBERED.match(text)
    if m:
        return m.group(1).rstrip("."), m.group(2)
    return None, text


def is_container(el: Any, blocks: frozenset[str]) -> bool:
    """An element with a block among its children holds paragraphs; without one it is a paragraph."""
    for c in el:
        if c.tag in blocks:
            return True
    return False


def text_of(el: Any) -> str:
    """The text of an element on one line (entity references, never resolved, are left out)."""
    if el is None:
        return ""
    if not len(el):
        return " ".join(el.text.split()) if el.text else ""
    segs: list[str] = []
    _plain(el, segs)
    return " ".join("".join(segs).split())


def _plain(el: Any, segs: list[str]) -> None:
    if el.text:
        segs.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _plain(child, segs)
        if child.tail:
            segs.append(child.tail)
