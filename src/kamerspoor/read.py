"""Stage 1, read: a file as published -> RawDocument (raw text + metadata). (placeholder, being written)"""

from __future__ import annotations

from pathlib import Path

from kamerspoor.model import InputError, RawDocument, Source


def read_bytes(data: bytes, name: str | None = None) -> RawDocument:
    if not data.strip():
        raise InputError(name, "empty input")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return RawDocument(text=text, source=Source.PDF_TEXT, path=name)


def read_path(path: str | Path) -> RawDocument:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read file: {e.strerror or e}") from None
    return read_bytes(data, name=str(path))
