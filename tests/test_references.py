"""references: every Kamerstuk a document cites; each citation pattern shown on a real sentence."""

from __future__ import annotations

import re

import pytest

from kamerspoor.extract.references import find_references
from kamerspoor.rules.citations import dossier_key, numbers


def keys(text: str, **kw) -> list[str]:
    return [f"{r['dossier']}-{r['number']}" for r in find_references(text, **kw)]


@pytest.mark.parametrize("sentence,expected", [
    # the letter 35 207 nr. 32 (after cleaning, a citation broken over a line has a space)
    ("Tijdens het notaoverleg China op 30 september jl. (Kamerstuk 35 207, nr. 29) is gebleken dat er in uw Kamer "
     "grote zorgen bestaan", ["35207-29"]),
    ("Conform de moties van de leden Bisschop en Van Helvert (Kamerstuk 35 207, nr. 7) en Voordewind en Van Helvert "
     "(Kamerstuk 35 207, nr. 21) gaat speciale aandacht uit naar", ["35207-7", "35207-21"]),
    ("het geactualiseerde mvo-beleidsdocument (Kamerstuk 26 485, nr. 255) voor de exportkredietverzekering",
     ["26485-255"]),
    # session year between the word and the dossier, several numbers
    ("zoals gemeld in Kamerstukken II 2019/20, 35 207, nr. 7", ["35207-7"]),
    ("de aangenomen moties (Kamerstukken 35 207, nrs. 7 en 21)", ["35207-7", "35207-21"]),
    ("veel moties zijn aangenomen om snel tot doelsturing over te gaan (35 334, nrs. 383, 348 en 309)",
     ["35334-309", "35334-348", "35334-383"]),
    ("de antwoorden op de feitelijke vragen (36 200, nrs. 3 t/m 5)", ["36200-3", "36200-4", "36200-5"]),
    # dossier suffixes
    ("zoals toegezegd in de begroting (36 200 V, nr. 12)", ["36200-V-12"]),
    ("de motie-Beckerman (36 200 XIV, nr. 29) nog niet volledig is uitgevoerd", ["36200-XIV-29"]),
    ("zie Kamerstuk 36000 XVII, nr. 8", ["36000-XVII-8"]),
    ("constaterende dat de Kamer met de motie-De Hoop c.s. (36 410A, nr. 33) al heeft uitgesproken", ["36410-A-33"]),
    ("de verslaglegging van de Europese Raad (21 501-20, nr. 1606)", ["21501-20-1606"]),
    ("constaterende dat de motie (21501–02, nr. 3151) is aangenomen", ["21501-02-3151"]),
    ("de aangenomen moties 21\u00a0501-32, nr.\u00a01570 en 27\u00a0858, nr.\u00a0621", ["21501-32-1570", "27858-621"]),
    ("er diverse moties (36\u00a0600\u00a0XX, nr. 47 en 36760, nr. 16) zijn aangenomen", ["36600-XX-47", "36760-16"]),
    # joint dossiers, number first, compact forms, official ids
    ("de motie-Paternotte (31 293 en 31 289, nr. 653)", ["31293-653"]),
    ("de motie op stuk nr. 1181 (33 529) om te komen tot een gelijkwaardige uitkomst", ["33529-1181"]),
    ("(aangenomen motie-Thijssen c.s. op stuk nr. 292, 33576);", ["33576-292"]),
    ("tijdelijke ondersteuning geregeld is middels de motie-De Groot/Beckerman (Kamerstuk 29683–282);",
     ["29683-282"]),
    ("zie https://zoek.officielebekendmakingen.nl/kst-36800-XIV-80.html", ["36800-XIV-80"]),
    ("het verslag kst-21501-20-1606 van de Europese Raad", ["21501-20-1606"]),
])
def test_citation_forms(sentence: str, expected: list[str]) -> None:
    assert sorted(keys(sentence)) == sorted(expected)


@pytest.mark.parametrize("sentence", [
    "Handelingen II 2019/20, nr. 29, item 8",
    "Aanhangsel Handelingen II 2019/20, nr. 1234",
    "gepubliceerd in Stb. 2019, nr. 123 en Stcrt. 2020, nr. 45678",
    "het voortzetten van de zwareberoepenregeling (motie 36 067, letter Y)",
    "op 11 november 2019 ontving de ambassade € 35 207 voor 12 projecten",
    "bel 070 - 456 78 90 of 06 12 345 678, nr. 3 van de lijst",
    "tussen 3.000 en 7.000 buitenlandse ngo’s, nr. 5 op de lijst",
    "Dit staat gelijk aan 5 tot 10% van de volwassen bevolking.",
])
def test_what_is_not_a_kamerstuk(sentence: str) -> None:
    assert keys(sentence) == []


def test_amount_with_euro_sign_is_no_dossier() -> None:
    assert keys("een bijdrage van € 35 207, nr. 5 in de reeks") == []


def test_list_stops_before_a_day_of_the_month() -> None:
    assert keys("Kamerstuk 35 207, nr. 7, 12 juni jl. besproken") == ["35207-7"]


def test_own_document_is_not_a_reference() -> None:
    text = "in deze brief (Kamerstuk 35 207, nr. 32) en eerder (Kamerstuk 35 207, nr. 29)"
    assert keys(text, own=("35207", 32)) == ["35207-29"]
    assert keys(text, own=("35 207", "32")) == ["35207-29"]
    assert sorted(keys(text, own=(None, None))) == ["35207-29", "35207-32"]


def test_reference_has_text_and_offset() -> None:
    text = "Tijdens het notaoverleg (Kamerstuk 35 207, nr. 29) is gebleken"
    (ref,) = find_references(text)
    assert ref == {"dossier": "35207", "number": 29, "text": "Kamerstuk 35 207, nr. 29", "start": 25}
    assert text[ref["start"]:].startswith(ref["text"])


def test_footnote_citations_are_found_with_their_marker() -> None:
    footnotes = [{"marker": "1", "text": "Bijlage bij Kamerstuk 35 207, nr. 1", "urls": [], "anchor": 10},
                 {"marker": "2", "text": "GroenLinks – Niet langer naïef: https://beweging.groenlinks.nl/x",
                  "urls": [], "anchor": 20}]
    refs = find_references("Geen verwijzing hier.", own=("35207", 32), footnotes=footnotes)
    assert refs == [{"dossier": "35207", "number": 1, "text": "Bijlage bij Kamerstuk 35 207, nr. 1", "start": None,
                     "in_footnote": "1"}]


def test_one_entry_per_occurrence_and_no_duplicates_at_one_offset() -> None:
    text = "(Kamerstuk 35 207, nr. 22) en later weer de motie (Kamerstuk 35 207, nr. 22)"
    refs = find_references(text)
    assert [r["start"] for r in refs] == [1, 51]
    assert len({(r["dossier"], r["number"], r["start"]) for r in refs}) == len(refs)


@pytest.mark.parametrize("written,key", [("36 200 V", "36200-V"), ("21 501-20", "21501-20"), ("35 207", "35207"),
                                         ("36\u00a0410–XVI", "36410-XVI"), ("36 410A", "36410-A")])
def test_dossier_key(written: str, key: str) -> None:
    assert dossier_key(written) == key


def test_number_lists() -> None:
    assert numbers("7 en 21") == [7, 21]
    assert numbers("3 t/m 5") == [3, 4, 5]
    assert numbers("1 t/m 5000") == [1, 5000]


def test_arbitrary_text_never_raises() -> None:
    for text in ["", "nr.", "Kamerstuk", "kst-", "35 207, nr. " + "9" * 40, "nrs. 1 en " * 200]:
        find_references(text, own=("x", "y"), footnotes=[{"marker": None, "text": None}, {}])


def test_letter_references_match_the_gold(shared) -> None:
    import json

    from kamerspoor import analyze_path

    gold = json.loads((shared / "gold" / "kst-35207-32.gold.json").read_text(encoding="utf-8"))
    rec = analyze_path(shared / "corpus" / "kst-35207-32.pdf.txt")
    got = {f"{r['dossier']}-{r['number']}" for r in rec["references"]} - set(gold["references_ignore"])
    assert got == set(gold["references"])


def test_motions_citations_match_the_official_links(shared) -> None:
    """In the motion XML the publisher links each citation (<extref doc="kst-...">): find them all."""
    from lxml import etree

    from kamerspoor.rules.citations import iter_citations

    want_total = hit = extra = 0
    for path in sorted((shared / "corpus" / "tk-2023-2025" / "publications").glob("*.xml")):
        for al in etree.parse(str(path)).iter("al"):
            linked = {f"{m.group(1)}-{m.group(2)}" for x in al.iter("extref")
                      if (m := re.match(r"kst-(.+)-(\d+)$", x.get("doc") or ""))}
            text = "".join(al.itertext())
            if not linked and "nr" not in text and "kst-" not in text and "Kamerstuk" not in text:
                continue
            got = {f"{c.dossier}-{c.number}" for c in iter_citations(text)}
            want_total += len(linked)
            hit += len(linked & got)
            extra += len(got - linked)
    assert want_total > 200
    assert hit / want_total >= 0.99
    # citations the publisher left unlinked are found too, but never many more than the linked ones
    assert extra <= 0.05 * want_total
