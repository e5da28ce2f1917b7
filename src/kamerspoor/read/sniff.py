"""The start of an input, as the readers' tests look at it to recognise their format.

Inputs are recognised by content, never by file name: a ``.txt`` holding XML is read as XML. Each row of
the table of readers (:data:`kamerspoor.read.READERS`) has a test that looks at a :class:`Head`: binary
formats at the raw bytes (``raw``), text formats at the first characters (``start``). Reading ``start``
refuses empty input and binary data, so every text format's test refuses them as well, and a binary format
(PDF) must come before the text formats in the table.
"""

from __future__ import annotations

import codecs

from kamerspoor.model import InputError

#: Bytes looked at to recognise the kind of input.
SNIFF = 4096

_CONTROL = bytes(range(32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\f", b"")
_CONTROL += b"\x7f"
_SPACE_OR_BOM = b"\xef\xbb\xbf \t\r\n"


class Head:
    """The first :data:`SNIFF` bytes of ``data`` (``raw``) and, for text, its first characters (``start``)."""

    __slots__ = ("data", "name", "raw", "_start")

    def __init__(self, data: bytes, name: str | None = None) -> None:
        self.data = data
        self.name = name
        self.raw = data[:SNIFF]
        self._start: str | None = None

    @property
    def start(self) -> str:
        """The first characters in lower case, leading whitespace (and a UTF-8 BOM) left off.

        Raises ``InputError`` for empty input and for binary data (a ZIP archive is named as such)."""
        if self._start is None:
            self._start = self._text_start()
        return self._start

    @property
    def is_text(self) -> bool:
        """True for text; raises ``InputError`` for empty input and binary data (see :attr:`start`)."""
        return isinstance(self.start, str)

    def _text_start(self) -> str:
        # the whole input is looked at only when its start is blank (a copy of it is what strip() costs)
        if not self.raw.strip() and not self.data.strip():
            raise InputError(self.name, "empty file")
        head = self.raw
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return head.decode("utf-16", errors="replace").lstrip().lower()
        if looks_binary(head):
            what = " (a ZIP archive, e.g. .docx/.odt, is not supported)" if head.startswith(b"PK\x03\x04") else ""
            raise InputError(self.name, f"binary data, not a document{what}")
        if not self.raw.strip(_SPACE_OR_BOM) and not self.data.strip(_SPACE_OR_BOM):
            raise InputError(self.name, "empty file")
        return head.lstrip(_SPACE_OR_BOM).lower().decode("latin-1")


def decides_alike(head: bytes) -> bool:
    """Is every input that starts with these :data:`SNIFF` bytes (or is these bytes) recognised as they are? The
    readers' tests look at the first bytes alone, but for whether the input is blank: so when they are not."""
    return bool(head.strip()) and bool(head.strip(_SPACE_OR_BOM))


def looks_binary(head: bytes) -> bool:
    """A NUL byte, or more than 5% control characters other than tab, line ends and form feed."""
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05
