"""Hostile inputs for the pipeline, made by code: shared by bench/hostile.py (which prints their cost) and the tests
(tests/test_hostile.py, tests/test_linear.py, which assert their behaviour), so each shape is written once.

- ``SIZED_SHAPES``: name -> a generator of an input of (about) a given size, each built to hit one weak spot of
  a text pipeline (one long token, many short lines, one long line, many paragraphs, deep nesting, footnote
  markers, end notes, citations, motion mentions, dates, XML headings and footnotes);
- :func:`claiming_pdf`: a small PDF whose page tree uses one page many times (a page-count bomb);
- :func:`record` and :func:`records`: small analysis records of letters of their own, for ingest;
- :func:`analyze`: the whole pipeline over one input, ending in 'ok' or the one-line error it gives.

``bench/`` is no package: ``bench/hostile.py`` imports this as ``hostile_shapes`` (its folder is on ``sys.path``
when it runs as a script); a test loads it by its path (``importlib``), once, as ``kamerspoor_hostile_shapes``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

MB = 1_000_000
LETTER = ("Tweede Kamer, vergaderjaar 2030-2031, 99 017, nr. 3\n\n"
          "Hierbij informeer ik uw Kamer over de uitvoering van de motie van het lid Jansen (99 017, nr. 2) "
          "over één loket voor meldingen. Het kabinet voert de motie uit.\n")
TEXT_LINE = b"De Kamer, gehoord de beraadslaging, verzoekt de regering om een plan.\n"


# -- a page-count bomb -----------------------------------------------------------------------------------------

def claiming_pdf(outer: int, inner: int, stated: bool = True) -> bytes:
    """A small PDF whose page tree uses one page ``outer * inner`` times; ``stated=False``: every node claims
    one page (the tree must be counted)."""
    total, part = (outer * inner, inner) if stated else (1, 1)
    stream = b"BT /F1 12 Tf 72 720 Td (Het kabinet voert de motie uit.) Tj ET"
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [" + b" 6 0 R" * outer + b" ] /Count %d >>" % total,
            3: b"<< /Type /Page /Parent 6 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
            4: b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            6: b"<< /Type /Pages /Parent 2 0 R /Kids [" + b" 3 0 R" * inner + b" ] /Count %d >>" % part}
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[k] for k in sorted(objs))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)



# -- records to ingest ---------------------------------------------------------------------------------------

def record(i: int, dossier: str = "99917") -> dict:
    """A small analysis record of a letter of its own (ingested without analysis: fast)."""
    text = (f"Hierbij informeer ik uw Kamer over de uitvoering van motie {i} over één loket. Het kabinet zal uw "
            f"Kamer voor 1 juni 2031 informeren over de stand van zaken.")
    return {"schema": "analysis/1", "text": text,
            "document": {"id": f"kst-{dossier}-{i}", "dossier": dossier, "number": i, "kind": "brief",
                         "title": f"Brief over motie {i}", "date": "2031-01-15", "submitters": ["Jansen"]},
            "paragraphs": [{"start": 0, "end": len(text), "section": None}]}


def records(folder: Path, n: int, dossier: str = "99917") -> Path:
    """``n`` records (:func:`record`) as JSON files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        (folder / f"kst-{dossier}-{i}.json").write_text(json.dumps(record(i, dossier)), encoding="utf-8")
    return folder



# -- shapes by size ---------------------------------------------------------------------------------------------

KIB = 1024


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` bytes."""
    return unit * max(1, size // len(unit.encode()))


def _numbered(template: str, size: int) -> str:
    """``template`` with ``{i}`` counting up, repeated to about ``size`` bytes."""
    parts, total, i = [], 0, 1
    while total < size:
        piece = template.format(i=i)
        parts.append(piece)
        total += len(piece.encode())
        i += 1
    return "".join(parts)


def long_token(size: int) -> bytes:
    """One "word" of ``size`` letters made of real compound parts (every position starts a part)."""
    return ("mensenrechtenverdediger" * (size // 23 + 1))[:size].encode()


def short_lines(size: int) -> bytes:
    """Lines of one letter: the paragraph reflow's worst case."""
    return _fill("a\n", size).encode()


def long_line(size: int) -> bytes:
    """Words on one line without a break."""
    return _fill("het kabinet zal de motie uitvoeren en ", size).encode()


def many_paragraphs(size: int) -> bytes:
    """Short paragraphs separated by blank lines."""
    return _fill("Kort.\n\n", size).encode()


def footnote_markers(size: int) -> bytes:
    """Pages of body lines each with a footnote marker glued to its last word, the notes at the page's foot."""
    parts, total, note = [], 0, 1
    while total < size:
        body = [f"In deze brief ga ik in op de voortgang van het beleid{note + k}" for k in range(4)]
        notes = [f"{note + k} Kamerstuk 35 207, nr. {note + k}" for k in range(4)]
        page = "\n".join(body) + "\n\n" + "\n".join(notes) + "\n\f"
        parts.append(page)
        total += len(page.encode())
        note += 4
    return "".join(parts).encode()


def citations(size: int) -> bytes:
    """Kamerstuk citations one after another, wrapped over lines."""
    return _numbered("zie Kamerstuk 35 207, nr. {i} en\nKamerstukken II 2019/20, 35 207, nrs. {i} en 7;\n", size).encode()


def motion_mentions(size: int) -> bytes:
    """Motions named and answered, each in a paragraph of its own."""
    return _numbered("De motie van het lid Jansen c.s. (Kamerstuk 35 207, nr. {i}) verzoekt de regering\n"
                     "om de kust te versterken. Het kabinet voert de motie uit.\n\n", size).encode()


def dates(size: int) -> bytes:
    """Promises with a due date, one after another."""
    return _fill("Ik zal uw Kamer voor 1 juli 2026 informeren over de uitvoering van\ndeze motie. ", size).encode()


def end_notes(size: int) -> bytes:
    """Page text whose end is a long list of numbered notes that no marker in the text points to."""
    lines = max(1, size // 120)
    body = "".join(f"Regel {k} van de tekst van deze brief zonder een enkele verwijzing naar een noot.\n"
                   for k in range(lines))
    notes = "".join(f"{k} Kamerstuk 35 207, nr. {k}\n" for k in range(1, lines // 2 + 1))
    return (body + "Noten\n" + notes).encode()


def xml_headings(size: int) -> bytes:
    """An officielebekendmakingen publication of many headings, each with a paragraph under it."""
    body = _numbered("<tussenkop>Onderdeel {i}</tussenkop><al>Het kabinet voert motie {i} uit.</al>", size)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><kamerstuk>' + body
            + "</kamerstuk></officiele-publicatie>").encode()


def xml_footnotes(size: int) -> bytes:
    """An officielebekendmakingen publication whose paragraphs each carry a footnote."""
    body = _numbered('<al>Het kabinet voert motie {i} uit.<noot id="n{i}"><noot.nr>{i}</noot.nr><noot.al>'
                     "Kamerstuk 35 207, nr. {i}</noot.al></noot></al>", size)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><kamerstuk>' + body
            + "</kamerstuk></officiele-publicatie>").encode()


def nested_xml(size: int) -> bytes:
    """An officielebekendmakingen publication whose one paragraph nests inline elements ``size / 19`` deep."""
    depth = max(1, size // 19)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><kamerstuk><al>'
            + "<nadruk>" * depth + "tekst" + "</nadruk>" * depth + "</al></kamerstuk></officiele-publicatie>").encode()


def many_xml_paragraphs(size: int) -> bytes:
    """An officielebekendmakingen publication of many short paragraphs."""
    body = _numbered("<al>Het kabinet voert motie {i} uit.</al>", size)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie><kamerstuk>' + body
            + "</kamerstuk></officiele-publicatie>").encode()


def nested_html(size: int) -> bytes:
    """An HTML page whose text sits ``size / 11`` elements deep."""
    depth = max(1, size // 11)
    return ("<html><body>" + "<div>" * depth + "tekst" + "</div>" * depth + "</body></html>").encode()


def prose(size: int) -> bytes:
    """Ordinary letter text, hard-wrapped as a PDF's text is: the floor the hostile shapes are compared with."""
    return _numbered("Hierbij informeer ik uw Kamer over de uitvoering van motie {i} van het lid Jansen over de\n"
                     "versterking van de kust. Het kabinet voert de motie uit en zal uw Kamer voor 1 juli\n"
                     "2031 informeren over de voortgang van het programma in de regio.\n\n", size).encode()


#: name -> generator of an input of (about) the given size in bytes
SIZED_SHAPES: dict[str, Callable[[int], bytes]] = {
    "long_token": long_token,
    "short_lines": short_lines,
    "long_line": long_line,
    "many_paragraphs": many_paragraphs,
    "footnote_markers": footnote_markers,
    "citations": citations,
    "motion_mentions": motion_mentions,
    "dates": dates,
    "end_notes": end_notes,
    "deep_xml": nested_xml,
    "xml_headings": xml_headings,
    "xml_footnotes": xml_footnotes,
    "many_xml_paragraphs": many_xml_paragraphs,
    "deep_html": nested_html,
}


def analyze(data: bytes) -> str:
    """The whole pipeline over ``data``; 'ok' or the one-line error it ends in."""
    from kamerspoor import pipeline
    from kamerspoor.model import InputError

    try:
        pipeline.analyze_bytes(data, name="hostile")
    except InputError as e:
        return f"refused: {str(e)[:60]}"
    return "ok"


