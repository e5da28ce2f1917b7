"""Properties of clean (and parse after it) on arbitrary text: never raise, always reflowed, anchors valid."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamerspoor.clean import clean
from kamerspoor.model import RawDocument, Source
from kamerspoor.parse import parse

PIECES = [
    " ", "  ", "\n", "\n\n", "\n ", "\f", "-", "-\n", "\u00ad\n", "\r\n", "1", "2 ", "3", "12", ".", ",",
    "»", "«", "(", ")", "D66", "EU-", "https://", "www.", "/", "09/", ".pdf", "toege-\nnomen", "Minister-\n",
    "President", "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8", "\n1 Bijlage bij Kamerstuk 35 207, nr. 1\n",
    "Volgens", "datdat", "deeen", "in religieuze", "zee", "egel", "ë", "ï", "Xinjiang", "het kabinet", "2018",
    "\U000f0000", "\x00", "\t", "\u2028", "\u00a0",
]

pieces_text = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=400), pieces_text)


def check(cleaned) -> None:
    text = cleaned.text
    assert not re.search(r"(?<!\n)\n(?!\n)", text), "single newline"
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert not re.search("[\U000f0000-\U000ffffd]", text)
    for par in text.split("\n\n") if text else []:
        assert par and par == par.strip() and "  " not in par
    for fn in cleaned.footnotes:
        assert fn.anchor is None or 0 <= fn.anchor <= len(text)
        assert fn.marker.isdigit()
    for w in cleaned.warnings:
        assert w.start is None or (0 <= w.start <= len(text) and text[w.start:w.start + len(w.text)] == w.text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_clean_never_raises_and_reflows(text):
    check(clean(RawDocument(text=text, source=Source.PDF_TEXT)))
    check(clean(RawDocument(text=text, source=Source.TEXT)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_parse_never_raises_after_clean(text):
    raw = RawDocument(text=text, source=Source.PDF_TEXT)
    parse(raw, clean(raw))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60).map(lambda s: " ".join(s.split())).filter(bool), max_size=8))
def test_structured_text_is_untouched(paragraphs):
    text = "\n\n".join(paragraphs)
    c = clean(RawDocument(text=text, source=Source.XML, structured=True))
    assert c.text == text


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=2000, max_value=2030))
def test_footnote_sequences_of_any_length(count, year):
    lines = [" "]
    for k in range(1, count + 1):
        lines.append(f"Het kabinet heeft in {year} een brief gestuurd over onderwerp {k} en de gevolgen.{k} \n")
        lines.append("Dit is een tweede regel van dezelfde alinea die doorloopt tot aan het eind. \n\n")
        lines.append(f"{k} Kamerstuk {k + 30} {year % 1000:03d}, nr. {k}\n")
        lines.append(f"Tweede Kamer, vergaderjaar {year}–{year + 1}, 36 {k:03d}, nr. {k} {k}\n\n ")
    c = clean(RawDocument(text="".join(lines), source=Source.PDF_TEXT))
    check(c)
    assert [f.marker for f in c.footnotes] == [str(k) for k in range(1, count + 1)]
    for f in c.footnotes:
        assert c.text[:f.anchor].endswith(f"onderwerp {f.marker} en de gevolgen.")
    assert len(c.headers) == count


damage_text = st.one_of(st.text(alphabet="ab- _1é\nX½", max_size=60), pieces_text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage_text)
def test_split_compounds_found_from_the_hyphens_are_what_the_pattern_finds(text: str) -> None:
    from kamerspoor.clean import _SPLIT_COMPOUND, _split_compounds

    assert _split_compounds(text) == [(m.start(), m.end(), m.group(1)) for m in _SPLIT_COMPOUND.finditer(text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage_text)
def test_the_words_of_the_lower_cased_text_are_the_lower_cased_words(text: str) -> None:
    from kamerspoor.clean import _TOKEN, _words, _WordSpans

    words = _words(text)
    assert words == [m.group().lower() for m in _TOKEN.finditer(text)]
    # the places found word by word as they are asked for are where the text's words stand
    span = _WordSpans(text)
    assert [span(k) for k in range(len(words))] == [m.span() for m in _TOKEN.finditer(text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(alphabet="ab-Z1 é_\u0130", max_size=40), pieces_text))
def test_the_document_vocabulary_counts_every_word_and_the_parts_of_hyphenated_ones(text: str) -> None:
    from collections import Counter

    from kamerspoor.rules.hyphenation import _WORD, document_vocabulary

    expected: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        w = m.group().lower()
        expected[w] += 1
        if "-" in w:
            expected.update(p for p in w.split("-") if p)
    assert document_vocabulary(text) == expected
