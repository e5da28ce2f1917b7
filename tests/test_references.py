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
    # one stuk in two dossiers (slash or "en" of other dossier numbers); the chapters of one dossier are two stukken
    ("zoals in het verslag van het overleg (31 031/29 949, nr. 19) staat", ["31031-19"]),
    ("Op 1 oktober heb ik u de overzichten gestuurd (Kamerstukken 36 610 A en 36 610 B, nr. 4).",
     ["36610-A-4", "36610-B-4"]),
    ("de brief over beide fondsen (Kamerstukken 34 100 A en 34 100 B, nr. 3)", ["34100-A-3", "34100-B-3"]),
    ("de brief over de vergunningen (Kamerstukken 35 334 en 28 089, nr. 248)", ["35334-248"]),
    # a compact list in brackets names each stuk; a year after "en" is no ondernummer
    ("Appreciatie van de moties over de zorgkosten (Kamerstuk 36672-5 en 6)", ["36672-5", "36672-6"]),
    ("zie Kamerstuk 36672-5 en 2023 voor de cijfers", ["36672-5"]),
    ("de motie op stuk nr. 1181 (33 529) om te komen tot een gelijkwaardige uitkomst", ["33529-1181"]),
    ("(aangenomen motie-Thijssen c.s. op stuk nr. 292, 33576);", ["33576-292"]),
    ("tijdelijke ondersteuning geregeld is middels de motie-De Groot/Beckerman (Kamerstuk 29683–282);",
     ["29683-282"]),
    ("zie https://zoek.officielebekendmakingen.nl/kst-36800-XIV-80.html", ["36800-XIV-80"]),
    ("het verslag kst-21501-20-1606 van de Europese Raad", ["21501-20-1606"]),
])
def test_citation_forms(sentence: str, expected: list[str]) -> None:
    assert sorted(keys(sentence)) == sorted(expected)


@pytest.mark.parametrize("sentence,expected", [
    # heads: chamber, session and their spellings
    ("Zie de memorie van toelichting, Kamerstukken II 2022/23, 36 229, nr. 3.", ["36229-3"]),
    ("zoals eerder gemeld (kamerstukken II 2020/21, 35 845, nr. 6) blijft dit", ["35845-6"]),
    ("de nota naar aanleiding van het verslag (Kamerstukken II, 2003-2004, 29 255 nr. 3)", ["29255-3"]),
    ("de reactie aan uw Kamer (Kamerstukken I 2020/21, 36327, nr. 3) over dit voorstel", ["36327-3"]),
    ("zie Kamerstukken EK 2022/23, 36 229, nr. 3 en de behandeling daarna", ["36229-3"]),
    ("zie TK 2019-2020, 35 207, nr. 1 voor de eerste brief", ["35207-1"]),
    ("de memorie van toelichting (Kamerstukken II, vergaderjaar 2007-2008, 31 386, nr. 3)", ["31386-3"]),
    ("het advies (Kamerstukken II 2022\u201323, 36 229, nr.1) wordt gevolgd", ["36229-1"]),
    ("het advies (Kamerstukken\u00a0II\u00a02022/23, 36\u00a0229, nr.\u00a04) wordt gevolgd", ["36229-4"]),
    ("zoals in de brief (Kamerstukken II 2015/16,  21 501-30, nr. 374) staat", ["21501-30-374"]),
    ("Kamerstukken II 2020/21 35 570-IX, nr. 14 (motie van het lid Sneller c.s.)", ["35570-IX-14"]),
    # page references are part of the citation, never ondernummers
    ("zie Kamerstukken II 2005/06, 30 316, nr. 3, p. 7\u20138 en verder", ["30316-3"]),
    ("zoals in Kamerstukken II 2020/21, 35 625, nr. 4, p. 12 en 13 te lezen is", ["35625-4"]),
    ("de toelichting (Kamerstukken II 1998/99, 26 727, nr. 3, blz. 238-239)", ["26727-3"]),
    ("de memorie (Kamerstukken II, 2013-2014, 33037, nr. 80 pagina 123)", ["33037-80"]),
    ("de memorie (Kamerstukken II 1997/98, 25 672 nr.3 pag.4)", ["25672-3"]),
    # more numbers after a page reference, ranges with a dash
    ("de stukken (Kamerstukken II, 1999-2000, 26 271, nr. 6, p. 15-16; nr. 7, p. 5-6)", ["26271-6", "26271-7"]),
    ("zie Kamerstukken II 2020/21, 35 625, nr. 4, p. 12 en 13, en nr. 6", ["35625-4", "35625-6"]),
    ("het wetsvoorstel (Kamerstukken II 1984/85, 18 764, nrs. 1\u20133, blz. 29)", ["18764-1", "18764-2", "18764-3"]),
    # dossier spellings: split chapters, chapter after a dot, "hoofdstuk", rijkswet numbers, "e.a.", thousands dot
    ("de suppletoire begroting (Kamerstukken II 2022/23, 36 200-IXB, nr. 4)", ["36200-IXB-4"]),
    ("de begroting (Kamerstukken II, 31 700-IIB, nr 2) van de Hoge Colleges", ["31700-IIB-2"]),
    ("de begroting voor 1987 (kamerstukken II 1986/87, 19 700 hoofdstuk XV, nr. 2) kondigde dit aan",
     ["19700-XV-2"]),
    ("het wetsvoorstel (Kamerstukken II 2015/16, 34 356 (R2064), nr. 3) regelt", ["34356-3"]),
    ("de brief (Kamerstukken I 2003/04, 27 484 (R 1669), nr. 289) meldt", ["27484-289"]),
    ("de gezamenlijke brief (Kamerstukken II 2004/05, 29 762 e.a., nr. 12) meldt", ["29762-12"]),
    ("de Kamer heeft deze aanbevelingen onderschreven (motie 35.867, nummer 9);", ["35867-9"]),
    # after a head naming chamber or session, "nr." may be left out
    ("zie Kamerstukken II, 2008/09, 31700.VIII, 32 over dit onderwerp", ["31700-VIII-32"]),
    ("zie Tweede Kamer 2008-2009, 31459, 22 over dit onderwerp", ["31459-22"]),
    ("zie Kamerstuk TK 31.700XII, 6 over dit onderwerp", ["31700-XII-6"]),
    # a compact citation with a spaced dossier needs its suffix
    ("de motie (Kamerstuk 36 410-XVI-12) is aangenomen", ["36410-XVI-12"]),
    # the chapter after a space, the number after a dash (a Brief regering subject, forms-15d C)
    ("de moties over obstakels (Kamerstuk 36600 XIV-61) en proeverijen", ["36600-XIV-61"]),
    # 21 501 exists only in sub-dossiers: "(21501-20)" names the sub-dossier, "21501-20-2207" a stuk of it
    ("de motie-Bos (21501-20) over de Europese Raad", []),
    ("de motie (Kamerstuk 21501-20-2207) en de brief (21501-20, nr. 1234)", ["21501-20-2207", "21501-20-1234"]),
])
def test_citation_forms_from_legal_and_older_writing(sentence: str, expected: list[str]) -> None:
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
    # Handelingen naming a dossier, and Aanhangsel Handelingen, are no Kamerstuk
    "zoals de minister zei (Handelingen II, 1995-1996, 24 692, nr. 3, p. 14)",
    "zoals de minister zei (Handelingen II, vergaderjaar 2008-2009, 31 386, nr. 43, pag. 3795)",
    "de vragen (Aanhangsel Handelingen TK, 2007/08, nr. 1835, blz 33) zijn beantwoord",
    # Eerste Kamer stukken numbered by letter have no ondernummer
    "de memorie van antwoord (Kamerstukken I 2021/22, 35 925, nr. E) gaat daarop in",
    "het gewijzigd voorstel van wet (Kamerstukken I 2019/20, 35 300, A) is ingediend",
    "de nadere memorie (Kamerstukken I 2009-10, 31 560, C, pag. 19) gaat daarop in",
    "de nadere memorie van antwoord (Kamerstukken I 1979/80, 15 516, nr. 42e, blz. 7)",
    "het voorlopig verslag (Kamerstuk I 31 145 nummer AA, p. 15) vroeg ernaar",
    # a head without ondernummer, amounts with a thousands dot, sub-dossiers in compact form
    "de stukken (Kamerstukken II, 2013-2014, 33.950, pag. 2 en 6) geven geen uitsluitsel",
    "in Kamerstukken II 1999/2000, 2000/2001, 2001/2002, 26 855 is dat besproken",
    "Kamerstukken II 2019/20, 35 300, 35 301 en 35 302 bevatten de begrotingen",
    "er kwamen ongeveer 12.000, nr. 5 op de lijst",
    "de geannoteerde agenda's (Kamerstukken 21501-02 en Kamerstukken 21 501-20) volgen",
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
                                         ("36\u00a0410–XVI", "36410-XVI"), ("36 410A", "36410-A"),
                                         ("35.867", "35867"), ("31700.VIII", "31700-VIII"),
                                         ("19 700 hoofdstuk XV", "19700-XV"), ("36 200-IXB", "36200-IXB")])
def test_dossier_key(written: str, key: str) -> None:
    assert dossier_key(written) == key


def test_number_lists() -> None:
    assert numbers("7 en 21") == [7, 21]
    assert numbers("3 t/m 5") == [3, 4, 5]
    assert numbers("1 t/m 5000") == [1, 5000]
    assert numbers("1\u20133") == [1, 2, 3]
    assert numbers("12-2019") == [12]
    assert numbers("6, p. 15-16; nr. 7, p. 5-6") == [6, 7]
    assert numbers("3 pag 4 e.v.") == [3]


def test_a_handelingen_citation_hides_no_kamerstuk_next_to_it() -> None:
    text = "(Handelingen II 2019/20, nr. 29, item 8; Kamerstukken II 2019/20, 35 207, nr. 7)"
    assert keys(text) == ["35207-7"]
    assert keys("Kamerstuk 35 207, nr. 7; Handelingen II 2019/20, 24 692, nr. 3") == ["35207-7"]


def test_arbitrary_text_never_raises() -> None:
    for text in ["", "nr.", "Kamerstuk", "kst-", "35 207, nr. " + "9" * 40, "nrs. 1 en " * 200]:
        find_references(text, own=("x", "y"), footnotes=[{"marker": None, "text": None}, {}])


def test_letter_references_match_the_gold(shared) -> None:
    import json

    from kamerspoor import analyze_path

    gold = json.loads((shared / "gold" / "kst-35207-32.gold.json").read_text(encoding="utf-8"))
    rec = analyze_path(shared / "corpus" / "kst-35207-32.pdf.txt").to_dict()
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


def test_a_table_cell_glued_to_the_word_before_it_is_still_a_citation() -> None:
    assert keys("Motie van het lid Vos over exportsubsidies op tabak99 956 XVII, nr. 30 Niet uitgevoerd.") == \
        ["99956-XVII-30"]
    assert keys("artikel35 207 van de wet") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("de motie-Jansma c.s. (34 100, letter C) is aangenomen", ("34100", "C")),
    ("(Kamerstukken I 2018/19, 99 984, letter C)", ("99984", "C")),
    ("(Kamerstuk 35 526, L)", ("35526", "L")),
    ("(Kamerstuknr. 2012–2013, 33 400, B)", ("33400", "B")),
    ("(22.112 / 31.544, CK)", ("22112", "CK")),
    ("(35300-VI, letter Y herdruk)", ("35300-VI", "Y")),
])
def test_eerste_kamer_stukken_cited_by_letter_are_read_apart_and_are_no_references(text: str, expected) -> None:
    from kamerspoor.rules.citations import iter_lettered

    assert [(d, letter) for d, letter, _, _ in iter_lettered(text)] == [expected]
    assert keys(text) == []


@pytest.mark.parametrize("text", ["in 35 300, A staat het", "(35 300, nr. 4)", "de tabel 12 345, B en C"])
def test_a_bare_dossier_and_letter_in_running_text_is_no_eerste_kamer_citation(text: str) -> None:
    from kamerspoor.rules.citations import iter_lettered

    assert list(iter_lettered(text)) == []



@pytest.mark.parametrize(("text", "expected"), [
    # several letters of one dossier in one bracket are as many stukken (forms-15c B)
    ("de moties Terpstra c.s. (99 936 IIA, E, F, en G) vragen", [("99936-IIA", "E"), ("99936-IIA", "F"),
                                                                ("99936-IIA", "G")]),
    ("(Kamerstuk 35 526, L, M en N)", [("35526", "L"), ("35526", "M"), ("35526", "N")]),
    # a roman-numeral Eerste Kamer dossier after a session, or after another dossier and a slash
    ("de motie-Vlietman (2018–2019, CXCIII, B) vraagt", [("CXCIII", "B")]),
    ("(Kamerstuknr. 2012-2013, CII, E)", [("CII", "E")]),
    ("de motie-De Groot-Vis c.s. (EK 99.936 IV / CXCIII, P)", [("99936-IV", "P")]),
])
def test_eerste_kamer_brackets_with_several_letters_or_a_roman_numeral_dossier(text: str, expected) -> None:
    from kamerspoor.rules.citations import iter_lettered

    assert [(d, letter) for d, letter, _, _ in iter_lettered(text)] == expected
    assert keys(text) == []


@pytest.mark.parametrize("text", ["zie CII, B en verder", "het rapport (CII, B)", "in 2019 werd 35 300, A en B"])
def test_a_roman_numeral_without_a_session_is_no_eerste_kamer_citation(text: str) -> None:
    from kamerspoor.rules.citations import iter_lettered

    assert list(iter_lettered(text)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Motie Hoekstra c.s. over de stoptreinen op de oude lijn (99935-14).", ["99935-14"]),
    ("de motie-Van Dam over de A2 (99935-VII-21);", ["99935-VII-21"]),
    # a sub-dossier, a session, a phone number and a bracket holding more are no bare compact citation
    ("de Raad Algemene Zaken (21501-02)", []),
    ("(2019-2020)", []),
    ("bel (070-3456789)", []),
    ("zie (99935-14 en verder)", []),
])
def test_the_bare_compact_citation_in_brackets(text: str, expected: list[str]) -> None:
    assert keys(text) == expected
