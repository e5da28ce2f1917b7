"""Stage 1, read: every kind of input becomes a RawDocument, and bad input a clear InputError."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from kamerspoor import read
from kamerspoor.model import InputError, Kind, Source
from kamerspoor.read import read_bytes, read_path
from kamerspoor.read.layout import break_lines

FIXTURES = Path(__file__).parent / "fixtures" / "read"
BRIEF_XML = FIXTURES / "brief-metadata.xml"
MOTIE_XML = FIXTURES / "motie-extern.xml"
PAGE_HTML = FIXTURES / "kst-99001-VIII-7.html"


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --------------------------------------------------------------------------------------------- plain text


def test_pdf_text_is_returned_raw_with_artefacts():
    data = ("Tweede Kamer, vergaderjaar 2030–2031, 99 001, nr. 7 2\n\nHet kabinet ziet toe-\n"
            "gevoegde waarde.1 \n\n1 Zie bijlage.\n").encode()
    raw = read_bytes(data, name="brief.pdf.txt")
    assert raw.source == Source.PDF_TEXT
    assert raw.structured is False
    assert raw.text == data.decode()
    assert raw.path == "brief.pdf.txt"


def test_utf8_with_bom_and_crlf_line_ends():
    raw = read_bytes("\ufeffDe Kamer,\r\ngehoord de beraadslaging,\r\n".encode())
    assert raw.text == "De Kamer,\ngehoord de beraadslaging,\n"


def test_cp1252_text_is_decoded():
    text = "De regering blijft de «mensenrechten» – ook in België – agenderen.\n"
    raw = read_bytes(text.encode("cp1252"), name="oud.txt")
    assert raw.text == text


def test_text_is_nfc_normalised():
    raw = read_bytes("gei\u0308nvesteerd in ideee\u0308n\n".encode())
    assert raw.text == "geïnvesteerd in ideeën\n"


def test_unwrapped_page_text_is_plain_text_not_pdf_text():
    para = "Het kabinet zal uw Kamer voor de zomer informeren over de voortgang van de uitvoering " * 3
    raw = read_bytes(f"{para}\n\n{para}\n".encode())
    assert raw.source == Source.TEXT


def test_real_letter_text_is_read_raw(shared):
    letter = shared / "corpus" / "kst-35207-32.pdf.txt"
    raw = read_path(letter)
    assert raw.source == Source.PDF_TEXT
    assert raw.structured is False
    assert raw.text == letter.read_text(encoding="utf-8")
    assert "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32" in raw.text


# --------------------------------------------------------------------------------------------- bad input


def test_empty_file_is_an_input_error(tmp_path):
    p = tmp_path / "leeg.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as e:
        read_path(p)
    assert e.value.path == str(p)


def test_whitespace_only_is_an_input_error():
    with pytest.raises(InputError, match="empty file"):
        read_bytes(b" \n\t\r\n  ", name="spaties.txt")
    with pytest.raises(InputError, match="empty file"):
        read_bytes(b"\xef\xbb\xbf\n\n")


@pytest.mark.parametrize("blank", [b" " * 5000, b"\n" * 4096, b"\xef\xbb\xbf" + b"\n" * 4100, b"\f \n" * 2000])
def test_a_file_whose_start_is_blank_is_recognised_by_what_follows(tmp_path, blank: bytes):
    p = tmp_path / "laat.txt"
    p.write_bytes(blank + b"Den Haag, 2 april 2025\n\nGeachte Voorzitter,\n")
    assert read_path(p).source == read_bytes(p.read_bytes()).source == Source.PDF_TEXT
    p.write_bytes(blank)
    with pytest.raises(InputError, match="empty file"):
        read_path(p)


def test_a_file_is_recognised_by_its_start_as_its_bytes_are(tmp_path):
    for name, data in [("motie.xml", (FIXTURES / "motie-extern.xml").read_bytes()), ("kort.txt", b"Nr. 4"),
                       ("pagina.html", (FIXTURES / "kst-99001-VIII-7.html").read_bytes())]:
        p = tmp_path / name
        p.write_bytes(data)
        assert read.sniff(data) == read_path(p).source
        assert read_path(p) == read_bytes(data, name=str(p))


def test_binary_garbage_is_an_input_error():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(InputError, match="binary data, not a document"):
        read_bytes(data, name="ruis.bin")


def test_control_characters_without_nul_are_binary():
    data = bytes([1, 2, 3, 4, 5, 6, 65, 66]) * 100
    with pytest.raises(InputError, match="binary data"):
        read_bytes(data)


def test_zip_archive_is_named_in_the_error():
    with pytest.raises(InputError, match="ZIP archive"):
        read_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100), name="brief.docx")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "bestaat-niet.xml")


def test_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_a_50_mb_file_is_rejected_before_it_is_read(tmp_path):
    p = tmp_path / "groot.txt"
    with p.open("wb") as fh:
        fh.write(b"De Kamer,\n")
        fh.truncate(50 * 1024 * 1024)  # sparse: the size is there, the bytes are never read
    with pytest.raises(InputError, match=r"file too large \(52\.4 MB; the limit is 20 MB\)"):
        read_path(p)


def test_read_bytes_applies_the_size_limit():
    with pytest.raises(InputError, match=r"stdin: file too large \(21\.6 MB; the limit is 20 MB\)"):
        read_bytes(b"De Kamer, gehoord de beraadslaging. " * 600_000, name="stdin")


def test_input_error_message_is_one_line_with_file_and_problem():
    with pytest.raises(InputError) as e:
        read_bytes(b"", name="x.txt")
    assert str(e.value) == "x.txt: empty file"
    assert "\n" not in str(e.value)


# --------------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize(("start", "source"), [
    (b"%PDF-1.7\n", Source.PDF),
    (b"<?xml version='1.0'?><officiele-publicatie/>", Source.XML),
    (b"\xef\xbb\xbf  <officiele-publicatie>", Source.XML),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", Source.HTML),
    (b"\n<HTML><body>x</body></HTML>", Source.HTML),
    (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", Source.HTML),
    (b"<!-- saved from url=(0052)https://zoek.officielebekendmakingen.nl/ -->\n<html>", Source.HTML),
    (b"<?xml version='1.0'?><rss/>", Source.XML),
    (b"Den Haag, 3 november 2030", Source.PDF_TEXT),
    (b"<zie bijlage> De Kamer,", Source.PDF_TEXT),
])
def test_kind_of_input_is_recognised_by_content(start, source):
    assert read.sniff(start) == source


def test_extension_does_not_decide_the_kind(tmp_path):
    p = tmp_path / "kamerstuk.txt"
    p.write_bytes(BRIEF_XML.read_bytes())
    assert read_path(p).source == Source.XML


# --------------------------------------------------------------------------------------------- PDF


def _pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, page)
    return bytes(pdf.output())


def test_pdf_pages_are_extracted_and_joined(tmp_path):
    p = tmp_path / "brief.pdf"
    p.write_bytes(_pdf(["De regering zal de Kamer vóór de zomer informeren.",
                        "Het kabinet zet zich in voor geïntegreerde ideeën."]))
    raw = read_path(p)
    assert raw.source == Source.PDF
    assert raw.structured is False
    # pages are joined by a form feed, which the clean stage reads as a page break
    assert raw.text == ("De regering zal de Kamer vóór de zomer informeren.\f"
                        "Het kabinet zet zich in voor geïntegreerde ideeën.")


def test_truncated_pdf_is_an_input_error(tmp_path):
    data = _pdf(["De Kamer, gehoord de beraadslaging."])
    p = tmp_path / "afgebroken.pdf"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or damaged PDF") as e:
        read_path(p)
    assert e.value.path == str(p)


def test_damaged_pdf_body_is_an_input_error():
    data = _pdf(["De Kamer, gehoord de beraadslaging."])
    damaged = data[:300] + b"onzin " * 60 + data[-200:]
    with pytest.raises(InputError, match="truncated or damaged PDF"):
        read_bytes(damaged, name="kapot.pdf")


def test_encrypted_pdf_is_an_input_error():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 6, "Vertrouwelijk")
    pdf.set_encryption(owner_password="eigenaar", user_password="lezer")
    with pytest.raises(InputError, match="encrypted PDF"):
        read_bytes(bytes(pdf.output()), name="geheim.pdf")


def test_pdf_without_text_is_an_input_error():
    with pytest.raises(InputError, match="no extractable text"):
        read_bytes(_pdf([""]), name="scan.pdf")


# --------------------------------------------------------------------------------------------- XML


def test_xml_with_full_metadata_gives_document_fields():
    raw = read_path(BRIEF_XML)
    assert raw.source == Source.XML
    assert raw.structured is True
    md = raw.metadata
    assert md["id"] == "kst-99001-VIII-7"
    assert md["dossier"] == "99001-VIII"
    assert md["number"] == 7
    assert md["session_year"] == "2030-2031"
    assert md["kind"] == Kind.BRIEF
    assert md["title"] == "Brief van de minister over bruggen en beken"
    assert md["date"] == "2030-11-03"  # the letter's date (datumBrief), not the publication date
    assert md["submitters"] == ["Van der Graaf", "De Wit-Jansen"]
    assert md["indieners_raw"] == ["A.B. van der Graaf", "C. (Cor) de Wit-Jansen"]
    assert md["dossier_title"] == "Vaststelling van een denkbeeldige begroting"


def test_xml_text_is_clean_paragraphs_in_document_order():
    raw = read_path(BRIEF_XML)
    assert _paragraphs(raw.text) == [
        "BRIEF VAN DE MINISTER VAN BRUGGEN EN BEKEN",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Den Haag, 3 november 2030",
        "Met deze brief informeer ik uw Kamer over de staat van de bruggen. Het gaat om de motie-Jansen "
        "(Kamerstuk 99 001-VIII, nr. 3).",
        "I. De staat van de bruggen",
        "Er zijn veertig bruggen.",
        "Houten bruggen",
        "Houten bruggen vragen extra onderhoud, zoals NOx-vrije verf.",
        "a. de leuning;",
        "b. het dek.",
        "Soort | Aantal",
        "Hout | 12",
        "II. Beken",
        "De beken blijven schoon.",
        "De Minister van Bruggen en Beken,",
        "A.B. van der Graaf",
    ]


def test_xml_headings_are_given_as_hints():
    raw = read_path(BRIEF_XML)
    hints = [(h.text, h.level, h.number) for h in raw.headings]
    assert hints == [("De staat van de bruggen", 1, "I"), ("Houten bruggen", 2, None), ("Beken", 1, "II")]


def test_xml_footnotes_are_lifted_out_and_anchored_after_their_word():
    raw = read_path(BRIEF_XML)
    assert "Zie het rapport" not in raw.text and "Telling van" not in raw.text
    first, second = raw.footnotes
    assert (first.marker, first.text) == ("1", "Zie het rapport op https://example.org/bruggen.pdf.")
    assert first.urls == ["https://example.org/bruggen.pdf"]
    assert raw.text[: first.anchor].endswith("staat van de bruggen.")
    assert second.marker == "2"
    assert second.urls == ["https://example.org/telling"]  # from the extref's doc attribute
    assert raw.text[: second.anchor].endswith("Er zijn veertig bruggen")
    assert raw.text[second.anchor] == "."


def _letter_xml(signature: str, metadata: str = "", dagtekening: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie><metadata>{metadata}</metadata><kamerstuk>
<dossier><dossiernummer><dossiernr>99 990</dossiernr></dossiernummer></dossier>
<stuk><stuknr>Nr. <ondernummer>2</ondernummer></stuknr><titel>BRIEF VAN DE MINISTER VAN FICTIE</titel>
<algemeen><brief>{dagtekening}<tekst><al>Hierbij informeer ik uw Kamer.</al></tekst>
<ondertekening><functie>De Minister van Fictie,</functie>{signature}</ondertekening></brief></algemeen>
</stuk></kamerstuk></officiele-publicatie>""".encode()


def test_xml_signature_keeps_the_tussenvoegsel_of_a_name():
    # the tussenvoegsel in its own element belongs to the surname; the stand-alone form capitalises it
    raw = read_bytes(_letter_xml("<naam><voornaam>H.</voornaam><tussenvoegsel>de</tussenvoegsel>"
                                 "<achternaam>Wit-Kramer</achternaam></naam>"))
    assert raw.metadata["submitters"] == ["De Wit-Kramer"]
    assert raw.text.endswith("De Minister van Fictie,\n\nH. de Wit-Kramer")
    raw = read_bytes(_letter_xml("<naam><voornaam>J.P.</voornaam> <achternaam>van Dijk</achternaam></naam>"
                                 "<naam><achternaam>Bos</achternaam></naam>"))
    assert raw.metadata["submitters"] == ["Van Dijk", "Bos"]


def test_xml_letter_date_is_its_dagtekening_not_the_publication_day():
    issued = '<meta name="DCTERMS.issued" scheme="DCTERMS.W3CDTF" content="2025-04-17"/>'
    dag = '<dagtekening>Den Haag, <datum isodatum="2025-04-14">14 april 2025</datum></dagtekening>'
    assert read_bytes(_letter_xml("", issued, dag)).metadata["date"] == "2025-04-14"
    assert read_bytes(_letter_xml("", issued)).metadata["date"] == "2025-04-17"
    brief = '<meta name="OVERHEIDop.datumBrief" content="2025-04-13"/>'
    assert read_bytes(_letter_xml("", issued + brief, dag)).metadata["date"] == "2025-04-13"


def test_xml_with_only_extern_metadata_record():
    raw = read_path(MOTIE_XML)
    md = raw.metadata
    assert md["id"] == "kst-99002-20-45"
    assert md["dossier"] == "99002-20"
    assert md["number"] == 45
    assert md["session_year"] == "2031-2032"
    assert md["kind"] == Kind.MOTIE
    assert md["title"] == ("GEWIJZIGDE MOTIE VAN DE LEDEN DE VRIES EN PIETERSZ TER VERVANGING VAN DIE "
                           "GEDRUKT ONDER NR. 22")
    assert md["date"] == "2031-10-02"
    assert md["dossier_title"] == "Denkbeeldige Raad"
    assert "submitters" not in md  # the motion's own signatory lines are for the motion parser


def test_motion_text_keeps_title_dictum_and_signatories():
    paras = _paragraphs(read_path(MOTIE_XML).text)
    assert paras[0].startswith("GEWIJZIGDE MOTIE VAN DE LEDEN DE VRIES EN PIETERSZ TER VERVANGING")
    assert paras[1] == "Voorgesteld 2 oktober 2031"
    assert "constaterende dat de denkbeeldige vijver droogvalt;" in paras  # typesetting hints dropped
    assert paras[-3:] == ["en gaat over tot de orde van de dag.", "De Vries", "Pietersz"]


@pytest.mark.parametrize(("title", "kind"), [
    ("MOTIE VAN HET LID JANSEN", Kind.MOTIE),
    ("GEWIJZIGDE MOTIE VAN HET LID JANSEN TER VERVANGING VAN DIE GEDRUKT ONDER NR. 3", Kind.MOTIE),
    ("TWEEDE NADER GEWIJZIGDE MOTIE VAN DE LEDEN A EN B", Kind.MOTIE),
    ("GEWIJZGIDE MOTIE VAN HET LID C", Kind.MOTIE),
    ("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", Kind.BRIEF),
    ("NOTA NAAR AANLEIDING VAN HET VERSLAG", Kind.NOTA),
    ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", Kind.VERSLAG),
    ("LIJST VAN VRAGEN EN ANTWOORDEN", Kind.VRAGEN_ANTWOORDEN),
    ("AMENDEMENT VAN HET LID D", Kind.OTHER),
])
def test_kind_from_the_title(title, kind):
    assert read.kind_from_title(title) == kind


@pytest.mark.parametrize(("value", "kind"), [
    ("Motie", Kind.MOTIE), ("Brief", Kind.BRIEF), ("Verslag", Kind.VERSLAG),
    ("Nota naar aanleiding van het verslag", Kind.NOTA), ("Lijst van vragen en antwoorden", Kind.VRAGEN_ANTWOORDEN),
    ("Antwoord", Kind.VRAGEN_ANTWOORDEN), ("Amendement", Kind.OTHER),
])
def test_kind_from_kamerstuktypen(value, kind):
    assert read.kind_from_type(value) == kind


@pytest.mark.parametrize(("indiener", "name"), [
    ("M.G.F. Rikkers-Oosterkamp", "Rikkers-Oosterkamp"),
    ("L. van der Graaf", "Van der Graaf"),
    ("E. (Emiel) van Dijk", "Van Dijk"),
    ("I. el Abassi", "El Abassi"),
    ("J.P.S. Six Dijkstra", "Six Dijkstra"),
    ("Chr. de Boer", "De Boer"),
    ("Wilders", "Wilders"),
])
def test_submitter_surname_as_it_stands_alone(indiener, name):
    assert read.surname(indiener) == name


def test_xml_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("WACHTWOORD-12345", encoding="utf-8")
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE officiele-publicatie [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>
<officiele-publicatie><kamerstuk><stuk><titel>MOTIE VAN HET LID X</titel>
<algemeen><vrije-tekst><tekst><al>De Kamer, &xxe; gehoord de beraadslaging,</al></tekst></vrije-tekst>
</algemeen></stuk></kamerstuk></officiele-publicatie>"""
    raw = read_bytes(xml.encode(), name="xxe.xml")
    assert "WACHTWOORD" not in raw.text
    assert "WACHTWOORD" not in repr(raw.metadata)
    assert "De Kamer, gehoord de beraadslaging," in raw.text


def test_malformed_xml_names_the_line():
    xml = b"<?xml version='1.0'?>\n<officiele-publicatie>\n<kamerstuk>\n<al>De Kamer,</kamerstuk>\n"
    with pytest.raises(InputError, match="malformed XML") as e:
        read_bytes(xml, name="stuk.xml")
    assert e.value.line == 4
    assert str(e.value).startswith("stuk.xml:4: malformed XML")


def test_xml_that_is_not_a_publication_is_an_input_error():
    with pytest.raises(InputError, match="not an officielebekendmakingen publication"):
        read_bytes(b"<?xml version='1.0'?><rss><channel/></rss>", name="feed.xml")


def test_cp1252_xml_without_declared_encoding_is_read():
    xml = ("<?xml version='1.0'?><officiele-publicatie><kamerstuk><stuk><algemeen><al>Café «de Kamer» – "
           "ideeën</al></algemeen></stuk></kamerstuk></officiele-publicatie>").encode("cp1252")
    assert read_bytes(xml).text == "Café «de Kamer» – ideeën"


def _real_xml_files(shared: Path, n: int) -> list[Path]:
    files = sorted((shared / "corpus" / "tk-2023-2025" / "publications").glob("*.xml"))
    if not files:
        pytest.skip("no publications in ../shared")
    return random.Random(35207).sample(files, min(n, len(files)))


def test_real_xml_metadata_agrees_with_the_documents_own_elements(shared):
    from lxml import etree

    variants = set()
    for f in _real_xml_files(shared, 200):
        raw = read_path(f)
        root = etree.parse(str(f)).getroot()
        variants.add("extern" if root.find("metadata/meta").get("name") == "OVERHEIDop.externMetadataRecord"
                     else "full")
        nummer = root.find("kamerstuk/dossier/dossiernummer")
        digits = re.sub(r"\s+", "", nummer.findtext("dossiernr"))
        assert raw.metadata["dossier"].split("-")[0] == digits, f
        suffix = nummer.findtext("begrotingshoofdstuk") or nummer.findtext("raadnr")
        if suffix:
            assert raw.metadata["dossier"] == f"{digits}-{suffix.strip()}", f
        assert raw.metadata["number"] == int(root.findtext("kamerstuk/stuk/stuknr/ondernummer")), f
        assert raw.metadata["id"] == f"kst-{raw.metadata['dossier']}-{raw.metadata['number']}", f
        assert re.fullmatch(r"\d{4}-\d{4}", raw.metadata["session_year"]), f
        assert raw.metadata["kind"] == Kind.MOTIE, f
        assert raw.structured and raw.source == Source.XML
        assert "\n\n\n" not in raw.text
        assert all(p and "\n" not in p and "  " not in p for p in _paragraphs(raw.text)), f
        assert "gaat over tot de orde van de dag" in raw.text, f
    assert variants == {"full", "extern"}


def test_real_xml_motion_title_is_the_first_paragraph(shared):
    from lxml import etree

    for f in _real_xml_files(shared, 50):
        raw = read_path(f)
        title = " ".join("".join(etree.parse(str(f)).getroot().find("kamerstuk/stuk/titel").itertext()).split())
        assert _paragraphs(raw.text)[0] == title, f


# --------------------------------------------------------------------------------------------- HTML


def test_html_page_gives_paragraphs_metadata_and_footnotes():
    raw = read_path(PAGE_HTML)
    assert raw.source == Source.HTML
    assert raw.structured is True
    md = raw.metadata
    assert (md["id"], md["dossier"], md["number"], md["kind"]) == ("kst-99001-VIII-7", "99001-VIII", 7, Kind.BRIEF)
    assert md["session_year"] == "2030-2031"  # en dash in the page, ASCII hyphen in the record
    assert md["submitters"] == ["Van der Graaf"]
    paras = _paragraphs(raw.text)
    assert paras[0] == "BRIEF VAN DE MINISTER VAN BRUGGEN EN BEKEN"
    assert "Met deze brief informeer ik uw Kamer over de staat van de bruggen. Het gaat om de motie-Jansen " \
           "(Kamerstuk 99 001-VIII, nr. 3)." in paras
    assert "a. de leuning;" in paras and "Soort | Aantal" in paras and "Hout | 12" in paras
    assert paras[-1] == "A.B. van der Graaf"
    for furniture in ("Home", "Zoeken", "Overheid.nl", "dataLayer", "Vergaderjaar", "Nr. 7"):
        assert furniture not in raw.text
    assert [(h.text, h.level, h.number) for h in raw.headings] == [
        ("De staat van de bruggen", 1, "I"), ("Houten bruggen", 2, None)]


def test_html_footnotes_are_lifted_out_and_anchored():
    raw = read_path(PAGE_HTML)
    assert "Zie het rapport" not in raw.text
    assert [f.marker for f in raw.footnotes] == ["1", "2"]
    first, second = raw.footnotes
    assert first.text == "Zie het rapport op https://example.org/bruggen.pdf."
    assert first.urls == ["https://example.org/bruggen.pdf"]
    assert raw.text[: first.anchor].endswith("de staat van de bruggen.")
    assert second.urls == ["https://example.org/telling"]
    assert raw.text[: second.anchor].endswith("Er zijn veertig bruggen")


def test_html_and_xml_of_the_same_document_give_the_same_text():
    xml, page = read_path(BRIEF_XML), read_path(PAGE_HTML)
    # the fixtures differ on purpose in one sentence ("zoals NOx-vrije verf") and in the last heading
    assert _paragraphs(page.text)[:7] == _paragraphs(xml.text)[:7]


def test_a_pdf_letter_analyzes_into_two_paragraphs_without_the_form_feed(tmp_path):
    from kamerspoor.pipeline import analyze_path

    p = tmp_path / "brief.pdf"
    p.write_bytes(_pdf(["De regering zal de Kamer vóór de zomer informeren.",
                        "Het kabinet zet zich in voor geïntegreerde ideeën."]))
    text = analyze_path(p).text
    assert "\f" not in text
    assert "informeren." in text and "ideeën." in text


def test_a_metadata_xml_next_to_the_publication_fills_what_the_publication_only_links_to(tmp_path):
    folder = tmp_path / "kst-99002-20-45"
    folder.mkdir()
    (folder / "kst-99002-20-45.xml").write_bytes(MOTIE_XML.read_bytes())
    (folder / "metadata.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><metadata>'
        '<meta name="DC.type" scheme="OVERHEIDop.KamerstukTypen" content="Motie"/>'
        '<meta name="OVERHEIDop.indiener" content="J. de Vries"/>'
        '<meta name="OVERHEIDop.dossiertitel" content="Denkbeeldige Raad"/>'
        '<meta name="DCTERMS.issued" content="2031-10-03"/></metadata>', encoding="utf-8")
    alone = read_bytes(MOTIE_XML.read_bytes(), name="alone.xml")
    merged = read_path(folder / "kst-99002-20-45.xml")
    assert merged.metadata["id"] == alone.metadata["id"] == "kst-99002-20-45"
    assert merged.metadata["dossier_title"] == "Denkbeeldige Raad"
    assert "J. de Vries" in merged.metadata.get("indieners_raw", [])
    assert "J. de Vries" not in alone.metadata.get("indieners_raw", [])


def test_the_metadata_beside_a_publication_is_looked_up_once_per_folder_and_again_when_it_changes(tmp_path):
    import os

    from kamerspoor.read import sidecar

    for k in range(3):
        (tmp_path / f"m{k}.xml").write_bytes(MOTIE_XML.read_bytes())
    old = 1_000_000_000 * 1_000_000_000  # 2001: settled long ago
    os.utime(tmp_path, ns=(old, old))
    calls = []
    real = os.scandir
    sidecar.os.scandir = lambda where: calls.append(where) or real(where)  # type: ignore[attr-defined]
    try:
        assert not any("Q. Proef" in read_path(tmp_path / f"m{k}.xml").metadata.get("indieners_raw", [])
                       for k in range(3))
        assert len(calls) == 1  # one listing for the three files
        (tmp_path / "metadata.xml").write_text(
            '<metadata><meta name="OVERHEIDop.indiener" content="Q. Proef"/></metadata>', encoding="utf-8")
        assert "Q. Proef" in read_path(tmp_path / "m0.xml").metadata["indieners_raw"]
        assert len(calls) == 2  # the folder changed: listed again
    finally:
        sidecar.os.scandir = real  # type: ignore[attr-defined]


def test_a_damaged_metadata_xml_next_to_the_publication_is_ignored(tmp_path):
    (tmp_path / "m.xml").write_bytes(MOTIE_XML.read_bytes())
    (tmp_path / "metadata.xml").write_text("<metadata><meta", encoding="utf-8")
    assert read_path(tmp_path / "m.xml").metadata["number"] == 45


def test_page_text_with_short_kop_lines_is_one_paragraph_per_line(tmp_path: Path) -> None:
    # a short letter saved from its web page: many short kop lines, but the long lines end sentences
    body = [
        "36 999 Voorbeelddossier",
        "Nr. 4 BRIEF VAN DE MINISTER VAN FINANCIËN",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Den Haag, 3 maart 2024",
        "Hierbij stuur ik u het overzicht van de stand van zaken van de moties die uw Kamer heeft aangenomen "
        "bij de behandeling van de begroting, zoals gevraagd door de commissie.",
        "Moties",
        "VVD",
        "Motie van het lid Jansen c.s. (Kamerstuk 36 999, nr. 2)",
        "Deze motie is ingediend bij het tweeminutendebat en hoort tot de verantwoordelijkheid van een collega.",
    ]
    path = tmp_path / "page.txt"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    assert read_path(path).source == Source.TEXT


def test_hard_wrapped_page_text_stays_pdf_text(tmp_path: Path) -> None:
    lines = ["Met deze brief informeer ik uw Kamer over de voortgang van de uitvoering van de",
             "motie van het lid Jansen over de toeslagen. In de brief van 3 maart heb ik uw Kamer",
             "geïnformeerd over de aanpak en de planning van de werkzaamheden van de uitvoering.",
             "De eerste resultaten zijn bemoedigend, maar er moeten nog belangrijke stappen worden gezet in de",
             "komende maanden, zoals in de beantwoording van de verzoeken en de verbetering van de archieven."]
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_path(path).source == Source.PDF_TEXT


# -- PDF page layout: blank lines and superscript markers from positions and font sizes ------------------


def test_pdf_layout_gap_and_smaller_font_start_new_blocks() -> None:
    frags = [("Eerste regel van de alinea", 700.0, 10.0), ("\n", 0.0, 10.0),
             ("laatste regel.", 686.0, 10.0), ("\n", 0.0, 10.0),
             ("Nieuwe alinea na een witregel.", 664.0, 10.0), ("\n", 0.0, 10.0),
             ("1 Een voetnoot in kleine letter.", 120.0, 7.5)]
    assert break_lines(frags) == ("Eerste regel van de alinea\nlaatste regel.\n\nNieuwe alinea na een witregel."
                                   "\n\n1 Een voetnoot in kleine letter.")


def test_pdf_layout_superscript_marker_is_glued_to_its_word() -> None:
    # set apart by a space, on a line of its own, or glued to the next word: always "verslechterd.2 In"
    spaced = [("landen verslechterd.", 700.0, 10.0), (" 2", 703.0, 6.0), (" In 2024", 700.0, 10.0)]
    own_line = [("landen verslechterd.", 700.0, 10.0), ("\n", 0.0, 6.0), ("2", 705.0, 6.0),
                ("\n", 0.0, 10.0), ("In 2024", 700.0, 10.0)]
    tight = [("landen verslechterd.", 700.0, 10.0), ("2", 703.0, 6.0), ("In 2024", 700.0, 10.0)]
    for frags in (spaced, own_line, tight):
        assert break_lines(frags) == "landen verslechterd.2 In 2024"
    # a number in the body font on the baseline stays where it is
    assert break_lines([("artikel", 700.0, 10.0), (" 2", 700.0, 10.0)]) == "artikel 2"


def test_pdf_footer_drawn_before_the_body_is_a_block_of_its_own() -> None:
    frags = [("Tweede Kamer, vergaderjaar 2024–2025, 99 906, nr. 4 2", 40.0, 7.5), ("\n", 0.0, 10.0),
             ("drukkelijk ook naar de Sahel.", 760.0, 10.0)]
    assert break_lines(frags) == "Tweede Kamer, vergaderjaar 2024–2025, 99 906, nr. 4 2\n\ndrukkelijk ook naar de Sahel."


def test_page_text_indented_by_its_markup_is_still_hard_wrapped_text() -> None:
    from kamerspoor.model import Source
    from kamerspoor.read.text import text_source

    wrapped = "\n".join(" " * 44 + "Op 4 december heeft uw Kamer de motie van het lid Oudhof aangenomen. Die motie"
                        " verzoekt" for _ in range(8))
    assert text_source(wrapped) is Source.PDF_TEXT


def test_every_reader_names_the_file_types_a_folder_walk_reads_with_it() -> None:
    """Ingest walks into folders by file type; the types are the readers' own (one table), so a new reader
    without its types would never be reached from a folder."""
    from kamerspoor.ingest import DOCUMENT_SUFFIXES
    from kamerspoor.read import READERS

    assert all(reader.suffixes for reader in READERS)
    assert set(DOCUMENT_SUFFIXES) == {".txt", ".pdf", ".xml", ".html", ".htm"}
