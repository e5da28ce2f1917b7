"""parse: document metadata, sections and paragraphs over cleaned text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamerspoor.model import Cleaned, Heading, RawDocument, Source
from kamerspoor.parse import DOCUMENT_KEYS, parse

BODY = ("Het kabinet maakt zich ernstige zorgen over de situatie en stelt deze consequent aan de orde in "
        "bilaterale contacten en in multilaterale fora.")


def run(paragraphs: list[str], metadata: dict | None = None, headers: list[str] | None = None,
        headings: list[Heading] | None = None):
    text = "\n\n".join(paragraphs)
    raw = RawDocument(text=text, source=Source.PDF_TEXT, metadata=dict(metadata or {}), headings=headings or [])
    return text, parse(raw, Cleaned(text=text, headers=headers or []))


def heads(structure) -> list[tuple[int, str | None, str]]:
    return [(s.level, s.number, s.heading) for s in structure.sections]


COVER_LETTER = [
    "Tweede Kamer der Staten-Generaal 2",
    "Vergaderjaar 2023–2024",
    "36 200 V Vaststelling van de begrotingsstaten van het Ministerie van Buitenlandse Zaken (V) voor het jaar 2023",
    "Nr. 12 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
    "Den Haag, 3 februari 2023",
    "Hierbij informeer ik uw Kamer over de uitvoering van de moties die tijdens het debat zijn aangenomen.",
    "1. Inleiding",
    BODY,
    "2. Inzet van het kabinet",
    "2.1 Bilateraal",
    BODY,
    "Deze prioriteiten zijn:",
    "Vrijheid van meningsuiting",
    "Gelijke rechten voor vrouwen",
    BODY,
    "2.2 Multilateraal",
    BODY,
    "De Minister van Buitenlandse Zaken,",
    "W.B. Hoekstra",
]


def test_cover_page_gives_every_document_field() -> None:
    _, s = run(COVER_LETTER)
    assert s.document == {
        "id": "kst-36200-V-12", "dossier": "36200-V", "number": 12, "session_year": "2023-2024", "kind": "brief",
        "title": "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", "date": "2023-02-03", "submitters": ["Hoekstra"]}


def test_arabic_numbered_headings_nest_by_their_dots() -> None:
    _, s = run(COVER_LETTER)
    assert heads(s) == [(1, "1", "Inleiding"), (1, "2", "Inzet van het kabinet"), (2, "2.1", "Bilateraal"),
                        (2, "2.2", "Multilateraal")]


def test_items_after_a_colon_kop_lines_and_signature_are_no_sections() -> None:
    _, s = run(COVER_LETTER)
    found = {h for _, _, h in heads(s)}
    for line in ("Vrijheid van meningsuiting", "Gelijke rechten voor vrouwen", "Aan de Voorzitter van de Tweede "
                 "Kamer der Staten-Generaal", "W.B. Hoekstra", "De Minister van Buitenlandse Zaken,"):
        assert line not in found


def test_level_one_section_ends_at_the_next_level_one_and_level_two_at_the_next_heading() -> None:
    text, s = run(COVER_LETTER)
    inleiding, inzet, bilateraal, multilateraal = s.sections
    assert text[inleiding.start:].startswith("1. Inleiding") and inleiding.end == inzet.start
    assert bilateraal.end == multilateraal.start
    assert inzet.end == len(text) and multilateraal.end == len(text)


ROMAN_LETTER = [
    "Tijdens het notaoverleg China op 30 september jl. (Kamerstuk 35 207, nr. 29) is gebleken dat er in uw Kamer "
    "grote zorgen bestaan over de mensenrechten in China.",
    "I. De mensenrechtensituatie in China",
    BODY,
    "Xinjiang",
    BODY,
    "Multilateraal / VN",
    BODY,
    "EU",
    BODY,
    "Gelijke rechten voor vrouwen, meisjes en LHBTI’s",
    BODY,
    "II. Inzet van het kabinet",
    BODY,
    "Economische middelen als strategische hefboom",
    BODY,
    "Hoogachtend,",
    "De Minister van Buitenlandse Zaken,",
    "S.A. Blok",
]


def test_roman_headings_are_level_one_and_unnumbered_subheadings_level_two() -> None:
    _, s = run(ROMAN_LETTER, headers=["Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8"])
    assert heads(s) == [
        (1, "I", "De mensenrechtensituatie in China"), (2, None, "Xinjiang"), (2, None, "Multilateraal / VN"),
        (2, None, "EU"), (2, None, "Gelijke rechten voor vrouwen, meisjes en LHBTI’s"),
        (1, "II", "Inzet van het kabinet"), (2, None, "Economische middelen als strategische hefboom")]


def test_running_header_gives_dossier_number_and_session_year() -> None:
    _, s = run(ROMAN_LETTER, headers=["Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8",
                                      "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 9"])
    d = s.document
    assert (d["id"], d["dossier"], d["number"], d["session_year"]) == ("kst-35207-32", "35207", 32, "2019-2020")
    assert d["kind"] == "brief" and d["submitters"] == ["Blok"]


def test_every_paragraph_points_to_its_innermost_section() -> None:
    text, s = run(ROMAN_LETTER)
    assert [text[p.start:p.end] for p in s.paragraphs] == ROMAN_LETTER
    assert s.paragraphs[0].section is None
    by_heading = {sec.heading: i for i, sec in enumerate(s.sections)}
    assert s.paragraphs[1].section == by_heading["De mensenrechtensituatie in China"]
    assert s.paragraphs[2].section == by_heading["De mensenrechtensituatie in China"]
    assert s.paragraphs[3].section == s.paragraphs[4].section == by_heading["Xinjiang"]
    assert s.paragraphs[-1].section == by_heading["Economische middelen als strategische hefboom"]


def test_fragment_left_by_a_page_break_is_no_heading() -> None:
    paras = [BODY, "Invoering van besluitvorming per gekwalificeerde",
             "meerderheid, zoals D66 bepleit, zou kunnen helpen om de EU op die terreinen slagvaardiger te maken.",
             "Sancties", BODY]
    _, s = run(paras)
    assert heads(s) == [(1, None, "Sancties")]


def test_heading_glued_to_the_paragraph_before_is_split_off() -> None:
    paras = [BODY + " Ruimte voor het maatschappelijk middenveld", BODY]
    text, s = run(paras)
    assert heads(s) == [(1, None, "Ruimte voor het maatschappelijk middenveld")]
    assert [text[p.start:p.end] for p in s.paragraphs] == [BODY, "Ruimte voor het maatschappelijk middenveld", BODY]


def test_source_metadata_comes_first_and_is_normalised() -> None:
    meta = {"id": "kst-34104-439", "dossier": "34 104", "number": "439", "session_year": "2024–2025",
            "kind": "Motie", "title": "Motie van het lid Rikkers-Oosterkamp over afspraken over een regionaal budget",
            "date": "2025-04-24", "submitters": ["Rikkers-Oosterkamp"], "publisher": "Tweede Kamer"}
    _, s = run(["De Kamer,", "gehoord de beraadslaging,", "verzoekt de regering ervoor te zorgen dat financiers "
                "afspraken maken over een regionaal budget,", "en gaat over tot de orde van de dag.",
                "Rikkers-Oosterkamp"], metadata=meta)
    assert tuple(s.document) == DOCUMENT_KEYS
    assert s.document["dossier"] == "34104" and s.document["number"] == 439
    assert s.document["session_year"] == "2024-2025" and s.document["kind"] == "motie"
    assert s.sections == []


MOTION = [
    "Vergaderjaar 2024-2025", "Tweede Kamer der Staten-Generaal", "2", "Kamerstukken", "21 501-20", "Europese Raad",
    "Nr. 2287", "MOTIE VAN DE LEDEN BOSWIJK C.S.", "Voorgesteld tijdens het debat van 30 september 2025",
    "De Kamer,", "gehoord de beraadslaging,",
    "constaterende dat Europa via de Critical Raw Materials Act werkt aan strategische autonomie;",
    "verzoekt de regering zich in te zetten voor een Europese grondstoffenvoorraad,",
    "en gaat over tot de orde van de dag.", "Boswijk", "Van der Plas"]


def test_motion_kop_gives_fields_and_motion_has_no_sections() -> None:
    _, s = run(MOTION)
    d = s.document
    assert (d["id"], d["dossier"], d["number"], d["kind"]) == ("kst-21501-20-2287", "21501-20", 2287, "motie")
    assert d["session_year"] == "2024-2025" and d["date"] == "2025-09-30"
    assert d["title"] == "MOTIE VAN DE LEDEN BOSWIJK C.S."
    assert s.sections == []


def test_kind_from_body_cues() -> None:
    assert run(MOTION[9:])[1].document["kind"] == "motie"
    qa = ["Vragen van het lid Van Dijk aan de Minister van Justitie over het bericht over wachttijden.",
          "Vraag 1", "Bent u bekend met het bericht over de wachttijden bij de rechtspraak?",
          "Antwoord 1", "Ja, daarmee ben ik bekend en het kabinet volgt de ontwikkelingen nauwlettend."]
    _, s = run(qa)
    assert s.document["kind"] == "vragen_antwoorden"
    assert heads(s) == [(1, None, "Vraag 1"), (1, None, "Antwoord 1")]
    assert run([BODY])[1].document["kind"] == "other"


def test_question_and_answer_labels_are_sections_even_before_a_short_answer() -> None:
    qa = ["Vraag 1", "Bent u bekend met het bericht over de wachttijden bij de rechtspraak?", "Antwoord 1", "Ja.",
          "Vraag 2", "Hoeveel zaken liepen in 2023 vertraging op?", "Antwoord op vraag 2", BODY]
    _, s = run(qa)
    assert [h for _, _, h in heads(s)] == ["Vraag 1", "Antwoord 1", "Vraag 2", "Antwoord op vraag 2"]


@pytest.mark.parametrize("title,kind", [
    ("ANTWOORD OP VRAGEN VAN HET LID VAN DER HOEVEN-ROOS OVER GIFTIGE STOFFEN", "vragen_antwoorden"),
    ("LIJST VAN VRAGEN EN ANTWOORDEN", "vragen_antwoorden"),
    ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "verslag"),
    ("NOTA NAAR AANLEIDING VAN HET VERSLAG", "nota"),
    ("BRIEF VAN DE VASTE COMMISSIE VOOR INFRASTRUCTUUR EN WATERSTAAT", "brief"),
])
def test_kind_from_the_kop_title(title: str, kind: str) -> None:
    kop = ["Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2023–2024", "99 951 Veiligheid van speelgoed",
           f"Nr. 2 {title}", BODY]
    d = run(kop)[1].document
    assert (d["kind"], d["title"], d["dossier"], d["number"]) == (kind, title, "99951", 2)


def test_heading_hints_from_a_structured_source_are_used() -> None:
    paras = ["Inleiding", BODY, "Bilateraal", BODY, "een kort zinnetje", BODY]
    hints = [Heading("Inleiding", level=1, number="1"), Heading("een kort zinnetje", level=2)]
    _, s = run(paras, headings=hints)
    assert heads(s) == [(1, "1", "Inleiding"), (2, None, "een kort zinnetje")]


def test_structure_serialises_to_the_record_shape() -> None:
    text, s = run(ROMAN_LETTER)
    rec = json.loads(json.dumps({"sections": [x.to_dict() for x in s.sections],
                                 "paragraphs": [p.to_dict() for p in s.paragraphs]}))
    assert set(rec["sections"][0]) == {"level", "number", "heading", "start", "end"}
    assert all(0 <= p["start"] < p["end"] <= len(text) for p in rec["paragraphs"])


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAbIVX1. \n,:;–-ZÉé»«()Nr.kst")) | st.characters(), max_size=400))
def test_parse_never_raises_and_spans_stay_inside_the_text(text: str) -> None:
    s = parse(RawDocument(text=text, source=Source.PDF_TEXT), Cleaned(text=text, headers=[text[:60]]))
    assert tuple(s.document) == DOCUMENT_KEYS
    for p in s.paragraphs:
        assert 0 <= p.start < p.end <= len(text) and "\n" not in text[p.start:p.end]
        assert p.section is None or 0 <= p.section < len(s.sections)
    for sec in s.sections:
        assert 0 <= sec.start < sec.end <= len(text) and sec.level in (1, 2)


def test_letter_sections_match_the_gold(shared) -> None:
    from kamerspoor import analyze_path

    gold = json.loads((shared / "gold" / "kst-35207-32.gold.json").read_text(encoding="utf-8"))
    rec = analyze_path(shared / "corpus" / "kst-35207-32.pdf.txt").to_dict()
    want = [g["heading"] for g in gold["sections"]]
    got = [s["heading"] for s in rec["sections"]]
    assert sum(h in got for h in want) / len(want) >= 0.95
    assert sum(h in want for h in got) / max(1, len(got)) >= 0.9
    assert {k: rec["document"][k] for k in gold["document"]} == gold["document"]


def test_numbered_list_items_are_no_headings() -> None:
    paras = [BODY, "1. Vrijheid van meningsuiting", "2. Gelijke rechten voor vrouwen", "3. Steun voor verdedigers",
             BODY, "II. Uitdagingen", BODY]
    _, s = run(paras)
    assert heads(s) == [(1, "II", "Uitdagingen")]


def test_first_paragraph_heading_of_a_body_only_letter() -> None:
    _, s = run(["Inleiding", BODY, "Tibet", BODY])
    assert heads(s) == [(1, None, "Inleiding"), (1, None, "Tibet")]


def test_signature_of_the_minister_president_gives_the_surname() -> None:
    _, s = run([BODY, "De Minister-President, Minister van Algemene Zaken,", "M. Rutte"])
    assert s.document["submitters"] == ["Rutte"]
    _, s = run([BODY, "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,", "H.G.J. Bruins Slot",
                "De Staatssecretaris van Financiën,", "J.A. Vijlbrief"])
    assert s.document["submitters"] == ["Bruins Slot", "Vijlbrief"]


def test_cover_lines_joined_into_one_paragraph_still_give_the_fields() -> None:
    cover = ("Tweede Kamer der Staten-Generaal 2 Vergaderjaar 2019–2020 35 207 China Nr. 32 BRIEF VAN DE MINISTER "
             "VAN BUITENLANDSE ZAKEN Aan de Voorzitter van de Tweede Kamer der Staten-Generaal Den Haag, "
             "11 november 2019")
    _, s = run([cover, BODY, "In het vergaderjaar 2018–2019 is 12 345 euro besteed, nr. 3 op de lijst.", BODY])
    d = s.document
    assert (d["id"], d["session_year"], d["kind"], d["date"]) == ("kst-35207-32", "2019-2020", "brief", "2019-11-11")
    assert d["title"] == "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"


def test_sentence_mentioning_a_session_year_is_no_kop() -> None:
    _, s = run([BODY, "In het vergaderjaar 2018–2019 zijn 12 345 aanvragen gedaan.", BODY])
    assert (s.document["session_year"], s.document["dossier"], s.document["id"]) == (None, None, None)


def test_kop_of_a_web_page_without_vergaderjaar_gives_dossier_number_and_session() -> None:
    _, st = run(["19 637 Vreemdelingenbeleid", "Nr. 2302 BRIEF VAN DE STAATSSECRETARIS VAN VEILIGHEID EN JUSTITIE",
                 "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 22 februari 2017",
                 "Hierbij ontvangt uw Kamer de gevraagde brief over de motie.",
                 "De Staatssecretaris van Veiligheid en Justitie, K.H.D.M. Dijkhoff"])
    doc = st.document
    assert (doc["dossier"], doc["number"], doc["id"]) == ("19637", 2302, "kst-19637-2302")
    assert doc["session_year"] == "2016-2017"  # from the date: before Prinsjesdag 2017
    assert doc["submitters"] == ["Dijkhoff"]


def test_the_fact_table_of_the_page_gives_dossier_with_suffix() -> None:
    _, st = run(["Kamerstuk", "Datum publicatieOrganisatieVergaderjaarDossier- en ondernummer "
                 "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907",
                 "21 501-20 Europese Raad", "Nr. 907 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
                 "Den Haag, 2 september 2014", "Hierbij stuur ik u de gevraagde toelichting op de motie."])
    doc = st.document
    assert (doc["dossier"], doc["number"], doc["session_year"]) == ("21501-20", 907, "2013-2014")
    assert [s.heading for s in st.sections] == []  # "Kamerstuk" is page chrome, no section


def test_session_year_turns_on_prinsjesdag() -> None:
    from kamerspoor.parse import session_of
    assert session_of("2019-09-16") == "2018-2019"
    assert session_of("2019-09-17") == "2019-2020"  # the third Tuesday of September 2019
    assert session_of("2019-06-14") == "2018-2019"


def test_signature_with_a_lower_case_function() -> None:
    _, st = run(["Hierbij stuur ik u het overzicht van de moties.",
                 "De staatssecretaris van Economische Zaken, Landbouw en Innovatie, H. Bleker"])
    assert st.document["submitters"] == ["Bleker"]


def _parse_only_cleaned(paragraphs: list[str], headers: list[str]):
    """The clean stage took the kop and page chrome out: the raw text is the body too (no fallback)."""
    text = "\n\n".join(paragraphs)
    return parse(RawDocument(text=text, source=Source.TEXT), Cleaned(text=text, headers=headers))


def test_kop_lines_in_the_headers_give_the_fields() -> None:
    s = _parse_only_cleaned(COVER_LETTER[4:], COVER_LETTER[:4])
    d = s.document
    assert (d["id"], d["session_year"], d["kind"], d["title"], d["date"]) == (
        "kst-36200-V-12", "2023-2024", "brief", "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", "2023-02-03")


def test_facts_row_of_an_eerste_kamer_letter_gives_its_id() -> None:
    s = _parse_only_cleaned(
        ["Aan de Voorzitter van de Eerste Kamer der Staten-Generaal", "Den Haag, 4 juli 2013", BODY],
        ["Kamerstuk", "Datum publicatieOrganisatieVergaderjaarDossier- en ondernummer",
         "Eerste Kamer der Staten-Generaal2012-2013CII nr. E",
         "CII Nota «Bestuur in samenhang. De bestuurlijke organisatie in Nederland.»",
         "E BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES"])
    d = s.document
    assert (d["id"], d["dossier"], d["number"], d["session_year"], d["kind"]) == (
        "kst-CII-E", "CII", None, "2012-2013", "brief")


def test_signatories_block_of_the_page_names_the_signer_when_the_text_does_not() -> None:
    s = _parse_only_cleaned(["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", BODY],
                            ["Nr. 65", "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN",
                             "Ondertekenaars", "-", "Eerste ondertekenaar", "M. (Mark) Rutte, minister van Algemene Zaken"])
    assert s.document["submitters"] == ["Rutte"]


def test_motion_read_from_pdf_text_keeps_its_title_fields_after_the_kop_left_the_text() -> None:
    from kamerspoor.pipeline import analyze_text

    lines = ["Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2024–2025", "", "99 901 Klimaatadaptatie", "",
             "Nr. 11 GEWIJZIGDE MOTIE VAN DE LEDEN JANSEN EN VAN DEN BERG", "TER VERVANGING VAN DIE GEDRUKT ONDER NR. 9",
             "", "Voorgesteld 13 maart 2025", "", "De Kamer,", "", "gehoord de beraadslaging,", "",
             "verzoekt de regering een landelijke norm in te voeren,", "", "en gaat over tot de orde van de dag.", "",
             "Jansen", "Van den Berg"]
    rec = analyze_text("\n".join(lines)).to_dict()
    assert rec["text"].startswith("Voorgesteld 13 maart 2025")
    assert rec["document"]["id"] == "kst-99901-11" and rec["document"]["submitters"] == ["Jansen", "Van den Berg"]
    assert rec["motion"]["replaces"] == {"dossier": "99901", "number": 9}
    assert rec["motion"]["proposed"] == "2025-03-13"


@pytest.mark.parametrize("lines,title", [
    ("Nr. 8 BRIEF VAN DE MINISTER VOOR BUITENLANDSE HANDEL EN ONT- \nWIKKELINGSHULP",
     "BRIEF VAN DE MINISTER VOOR BUITENLANDSE HANDEL EN ONTWIKKELINGSHULP"),
    ("Nr. 8 BRIEF VAN DE MINISTER-\nPRESIDENT, MINISTER VAN ALGEMENE ZAKEN",
     "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN"),
])
def test_a_kop_title_hyphenated_at_a_line_break_is_joined_unless_both_parts_are_words(lines: str, title: str) -> None:
    kop = ["Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2025–2026", "99 963 Maatschappelijk ondernemen",
           lines, BODY]
    assert run(kop)[1].document["title"] == title


def test_an_older_page_kop_with_a_lower_case_number_line_gives_dossier_and_number() -> None:
    from kamerspoor import pipeline
    from kamerspoor.model import Source

    text = ("99 990\nWoonbeleid\n\nnr. 6\nBRIEF VAN DE MINISTER VOOR WONEN\n\nAan de Voorzitter van de Tweede Kamer der "
            "Staten-Generaal\n\n’s-Gravenhage, 2 februari 2010\n\nDe motie is uitgevoerd.\n")
    doc = pipeline.analyze_text(text, Source.TEXT).document
    assert (doc.dossier, doc.number, doc.session_year) == ("99990", 6, "2009-2010")


def test_the_fields_a_kop_or_running_header_can_state_are_the_ones_declared() -> None:
    # parse reads a kop or the running headers only while a field they can state is missing: what they state must
    # be among the fields declared for them (every fixture and example, raw and cleaned)
    from pathlib import Path

    from kamerspoor import read
    from kamerspoor.clean import clean
    from kamerspoor.parse import HEADER_FIELDS, KOP_FIELDS, RUNNING_HEADER, _from_headers, _from_kop

    root = Path(__file__).resolve().parent
    paths = [p for p in [*root.glob("fixtures/**/*"), *(root.parent / "examples").glob("*")]
             if p.is_file() and p.suffix in (".txt", ".xml", ".html", ".pdf")]
    stated = 0
    for path in paths:
        try:
            raw = read.read_path(path)
        except Exception:  # noqa: BLE001 - fixtures of bad input
            continue
        cleaned = clean(raw)
        for text in (raw.text, cleaned.text, "\n".join(cleaned.headers)):
            kop = _from_kop(text[:2500])
            heads = _from_headers([m.group(0) for m in RUNNING_HEADER.finditer(text)])
            assert set(kop) <= KOP_FIELDS and set(heads) <= HEADER_FIELDS, path.name
            stated += bool(kop) + bool(heads)
    assert stated > 20
