"""The layout of a PDF page: text fragments with their position -> lines, a blank line where the layout breaks.

pypdf writes no blank lines, so without this paragraphs, footnote bodies and the running footer of a page run
together. What pypdf tells about each fragment it extracts (its text, the baseline's height on the page and
the rendered font size) is enough to see where a block ends, in three stages:

1. :func:`lines`: the fragments -> one :class:`Line` per extracted line, its baseline and size those of its
   largest piece, a superscript footnote marker glued to its word ("2025.1 Ook");
2. :func:`rejoin_superscripts`: a marker raised far enough that pypdf ended the line at it is glued back;
3. :func:`break_lines`: a blank line between two lines where the gap is larger than the page's usual line
   pitch, the font size changes (body -> footnote bodies) or the text jumps back up the page (a footer or
   note drawn before the body).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: (text, baseline y, rendered font size) of one piece of text as pypdf extracted it
Fragment = tuple[str, float, float]

_MARKER_LINE = re.compile(r"\s*(?:\d{1,3}|[*\u2020])[,;)]?\s*")


@dataclass(slots=True)
class Line:
    """One extracted line: its text, the baseline of its largest piece (None: unknown) and that piece's size."""

    text: str
    y: float | None
    size: float


def break_lines(frags: list[Fragment]) -> str:
    """Fragments -> lines, a blank line between two lines where the layout breaks."""
    placed = lines(frags)
    pitch = _line_pitch(placed)
    out: list[str] = []
    prev: Line | None = None
    for line in placed:
        if prev is not None and line.text.strip() and out[-1].strip() and _breaks(prev, line, pitch):
            out.append("")
        out.append(line.text)
        if line.text.strip():
            prev = line
    return "\n".join(out)


def lines(frags: list[Fragment]) -> list[Line]:
    """Fragments -> the extracted lines (stages 1 and 2), before blank lines are placed."""
    return rejoin_superscripts([_line(p) for p in _pieces_per_line(frags)])


def _pieces_per_line(frags: Iterable[Fragment]) -> list[list[Fragment]]:
    """The fragments cut at every line end pypdf wrote: the pieces of each line."""
    pieces: list[list[Fragment]] = [[]]
    for text, y, size in frags:
        for k, part in enumerate(text.split("\n")):
            if k:
                pieces.append([])
            if part:
                pieces[-1].append((part, y, size))
    return pieces


def _line(pieces: list[Fragment]) -> Line:
    """The pieces of one extracted line -> a :class:`Line`; the baseline and size are those of its largest
    piece. A superscript footnote marker (a smaller piece raised above that baseline) is glued to the word
    before it and followed by a space, whatever spacing pypdf gave it ("2025. 1 Ook", "2025.1Ook" ->
    "2025.1 Ook"), as in text extracted by pdftotext."""
    y: float | None = None
    size = 0.0
    for part, py, psize in pieces:
        if part.strip() and py == py and psize > size * 1.05:  # (py == py: not NaN)
            y, size = py, psize
    text = ""
    after_marker = False
    for part, py, psize in pieces:
        if y is not None and text.strip() and _is_raised_marker(part, py - y, psize, size):
            text = text.rstrip() + part.strip()
            after_marker = True
            continue
        if after_marker and part[:1].isalnum():
            text += " "
        after_marker = False
        text += part
    return Line(text, y, size)


def _is_raised_marker(part: str, rise: float, size: float, body: float) -> bool:
    """A footnote marker ("1", "12,", "*"), smaller than the body and raised above its baseline."""
    return bool(_MARKER_LINE.fullmatch(part)) and size < 0.85 * body and 0.1 * body < rise < body


def rejoin_superscripts(lines: list[Line]) -> list[Line]:
    """pypdf ends the line at a superscript footnote marker raised far enough ("2025.", "1", "Ook ga ...");
    a line of a marker alone, smaller and raised above the line before it but below the line above that,
    is glued to its word, and the rest of the line on the same baseline is joined back after it."""
    out: list[Line] = []
    glued = False
    for line in lines:
        last = out[-1] if out else None
        if last is not None and last.y is not None and line.y is not None and last.size > 0:
            rise = line.y - last.y
            if (_MARKER_LINE.fullmatch(line.text) and line.size < 0.85 * last.size and 0 < rise < last.size
                    and last.text.strip()):
                last.text = last.text.rstrip() + line.text.strip()
                glued = True
                continue
            if glued and abs(rise) < 0.2 * last.size and abs(line.size - last.size) <= 0.1 * last.size:
                last.text = last.text.rstrip() + " " + line.text.lstrip()
                continue
        glued = False
        out.append(line)
    return out


def _line_pitch(lines: list[Line]) -> float | None:
    """The page's usual distance between two lines of the same size: the lower median (most lines are body)."""
    placed = [(ln.y, ln.size) for ln in lines if ln.y is not None and ln.size > 0]
    pitches = sorted(ay - by for (ay, asize), (by, bsize) in zip(placed, placed[1:], strict=False)
                     if ay > by and abs(asize - bsize) <= 0.1 * max(asize, bsize))
    return pitches[(len(pitches) - 1) // 2] if pitches else None


def _breaks(prev: Line, line: Line, pitch: float | None) -> bool:
    """Does a block end between ``prev`` and ``line``: a jump back up, a change of size or a large gap?"""
    if line.y is None or prev.y is None:
        return False
    gap = prev.y - line.y
    big = max(prev.size, line.size)
    return (gap < -0.5 * big or abs(prev.size - line.size) > 0.15 * big
            or (pitch is not None and gap > 1.35 * pitch) or gap > 2.2 * big)
