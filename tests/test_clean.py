"""The clean stage: each rule on a short real sentence and on synthetic variants, then the real letter."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import pytest

from kamerspoor.clean import (
    clean,
    clean_pdf_text,
    continues_paragraph,
    continues_url,
    find_damage,
    footnote_start,
    is_running_header,
    join_lines,
    marker_candidates,
    urls_in,
)
from kamerspoor.model import Footnote, RawDocument, Source
from kamerspoor.rules.hyphenation import decide, document_vocabulary, plausible_compound

FOOTER = "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32"


def pdf(text: str):
    return clean(RawDocument(text=text, source=Source.PDF_TEXT))


def before(cleaned, marker: str, width: int = 80) -> str:
    fn = next(f for f in cleaned.footnotes if f.marker == marker)
    assert fn.anchor is not None
    return cleaned.text[max(0, fn.anchor - width):fn.anchor]


# --- hyphenation rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize("left,right,joined", [
    ("weliswaar toege", "nomen, maar", "toegenomen"),
    ("van de mensenrech", "tensituatie in China", "mensenrechtensituatie"),
    ("de Neder", "landse zorgen", "Nederlandse"),
    ("het Internati", "onaal Verdrag", "Internationaal"),  # i-o is no vowel clash in Dutch
])
def test_line_break_hyphen_in_known_word_is_joined(left, right, joined):
    assert decide(left, right).join


@pytest.mark.parametrize("left,right", [
    ("door Minister", "President Rutte"),  # capital after the break
    ("andere EU", "lidstaten meer"),  # acronym before the break
    ("de VN", "onderzoeksmissie"),
    ("de «709", "crackdown»"),  # digit before the break
])
def test_hyphen_kept_by_shape(left, right):
    d = decide(left, right)
    assert not d.join and d.reason == "shape"


def test_document_usage_decides_before_the_lexicon():
    vocab = document_vocabulary("In het geval van vergunningsplichtige dual-use goederen wijst de regering ...")
    assert decide("de dual", "use verordening", vocab) == (False, "document")
    vocab = document_vocabulary("Tot slot zijn, zoals in de Chinanotitie wordt beschreven, ...")
    assert decide("de Chinano", "titie.", vocab) == (True, "document")


@pytest.mark.parametrize("left,right", [("zee", "egel"), ("een auto", "ongeluk"), ("na", "apen")])
def test_vowel_clash_keeps_the_hyphen(left, right):
    assert decide(left, right) == (False, "vowel_clash")


def test_prefix_ex_keeps_its_hyphen():
    assert decide("Volgens ex", "gedetineerden") == (False, "prefix")
    assert decide("de oud", "minister") == (False, "prefix")


def test_english_compound_keeps_its_hyphen():
    assert decide("de high", "level week") == (False, "foreign")


def test_unknown_compound_of_known_words_is_joined():
    # "meerderheidsbesluitvorming" is not in wordfreq; "meerderheids" + "besluitvorming" are
    assert decide("gekwalificeerde meerderheidsbesluit", "vorming op") == (True, "compound")
    assert plausible_compound("exportkredietverzekeraars")
    assert not plausible_compound("xqzvbrtkl")


def test_syllable_break_from_pyphen_and_default():
    assert decide("de Qisha", "nese") == (True, "syllable")  # unknown word: pyphen allows qis-ha-ne-se
    assert decide("qx", "zzk") == (False, "default")


def test_join_lines_keeps_leading_hyphen_and_urls():
    assert join_lines("Kamerleden en -", "fracties hebben") == "Kamerleden en -fracties hebben"
    assert join_lines("mensenrechtenverdedigers en -", "advocaten") == "mensenrechtenverdedigers en -advocaten"
    assert join_lines("zie https://www.vvd.nl/content/VVD-China-", "Strategie.pdf") == \
        "zie https://www.vvd.nl/content/VVD-China-Strategie.pdf"
    assert join_lines("mogelijkheden zijn weliswaar toege-", "nomen, maar") == \
        "mogelijkheden zijn weliswaar toegenomen, maar"
    assert join_lines("tijdens gesprekken door Minister-", "President Rutte") == \
        "tijdens gesprekken door Minister-President Rutte"
    assert join_lines("de gestage groei ", " van het BNP") == "de gestage groei van het BNP"


# --- running headers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8",
    "Eerste Kamer, vergaderjaar 2020–2021, 35 570 VII, nr. 3 2",
    "Tweede Kamer, vergaderjaar 2023-2024, 36 200 V, nr. 12 3",
    "Tweede Kamer, vergaderjaar 2021–2022, 21 501-20, nr. 1780 14",
    "4 Tweede Kamer, vergaderjaar 2022–2023, 36 410, nr. 5",
    "  12  ",
])
def test_running_headers_and_page_numbers(line):
    assert is_running_header(line)


@pytest.mark.parametrize("line", [
    "177 van 180 in de World Press Freedom Index. Veel journalisten en ",
    "Tweede Kamer, vergaderjaar 2019–2020 is het debat gevoerd",
    "29) is gebleken dat er in uw Kamer grote zorgen bestaan over de ",
])
def test_body_lines_are_not_headers(line):
    assert not is_running_header(line)


def test_footer_inside_sentence_is_removed_and_sentence_joined():
    text = (" Dat is tot op heden nog niet gelukt, omdat er binnen de Raad grote \n\n"
            "Tweede Kamer, vergaderjaar 2023–2024, 36 410, nr. 5 8\n\n\n\n"
            "verdeeldheid op dit onderdeel van de herziening van de dual-use \n"
            "verordening bleek te zijn. \n")
    c = pdf(text)
    assert "grote verdeeldheid op dit onderdeel" in c.text
    assert "vergaderjaar" not in c.text
    assert c.headers == ["Tweede Kamer, vergaderjaar 2023–2024, 36 410, nr. 5 8"]
    assert "\n" not in c.text


# --- footnotes ------------------------------------------------------------------------------------------


def marker_at(line: str, number: int, tokens: Counter) -> list[str]:
    """What precedes each candidate span (and the span itself), for readable assertions."""
    return [line[:s].split()[-1] + "|" + line[s:e] for s, e in marker_candidates(line, number, tokens)]


def test_marker_candidates_accept_glued_markers_only():
    tokens = Counter({"D66": 5})
    assert marker_at("In lijn met het voorstel van D663 (met steun van de ", 3, tokens) == ["D66|3"]
    assert marker_at("de notitie «Nederland-China: een nieuwe balans.»1 ", 1, tokens) == ["balans.»|1"]
    assert marker_at(" meerderheid, zoals D66 bepleit,6 zou kunnen helpen", 6, tokens) == ["bepleit,|6"]
    assert marker_at("opkomen voor Chinese mensenrechtenverdedigers7 ", 7, tokens) == ["mensenrechtenverdedigers|7"]
    assert marker_at("De Gezamenlijke Mededeling van maart 2019.5 constateert", 5, tokens) == ["2019.|5"]
    # real numbers are never markers
    assert marker_at("lopen uiteen tot 1,5 miljoen. Dit staat gelijk aan 5 ", 5, tokens) == []
    assert marker_at("naar schatting 3.000 tot 7.000 buitenlandse ngo’s", 0, tokens) == []
    assert marker_at("zoals bepaald in paragraaf 2.3 van de wet", 3, tokens) == []
    assert marker_at("China staat op plaats 177 van 180", 7, tokens) == []
    assert marker_at("het meest recent in 2018 over Xinjiang", 8, tokens) == []
    assert marker_at("verklaringen onder «Item 4» in de ", 4, tokens) == []
    assert marker_at("de uitstoot van CO2 daalt", 2, tokens) == []
    assert marker_at("van D663 (met", 3, Counter()) == []  # "D66" unknown to the document


def test_footnote_start_and_url_continuation():
    assert footnote_start("1 Bijlage bij Kamerstuk 35 207, nr. 1") == (1, "Bijlage bij Kamerstuk 35 207, nr. 1")
    assert footnote_start(" 1 juli 2020, een dergelijke") is None
    assert continues_url("3 D66 – Voor een robuust en Europees China-beleid: https://d66.nl/content/2019/",
                         "09/Reactie_China_strategie_D66.pdf")
    assert continues_url("https://www.vvd.nl/content/uploads/2019/04/VVD-China-", "Strategie.pdf")
    assert not continues_url("https://www.vvd.nl/content/VVD-China-Strategie.pdf",
                             "D66 – Voor een robuust en Europees China-beleid")
    assert not continues_url("Bijlage bij Kamerstuk 35 207, nr. 1", "09/x.pdf")
    # the line broke right after the scheme: "... 2024: https://" + "www.hrw.org/report/..."
    assert continues_url("1 Human Rights Watch, rapport, 2024: https://", "www.hrw.org/report/2024/golf")
    assert not continues_url("zie de pagina https://", "Daarna volgt de tekst")
    assert urls_in("zie https://example.org/a.pdf, en (https://x.nl/b).") == \
        ["https://example.org/a.pdf", "https://x.nl/b"]


LETTER_LIKE = (
    " Tot slot schetst de brief de keuzes die het kabinet maakt in de notitie \n"
    "«Nederland-China: een nieuwe balans.»1 \n"
    "\n"
    "Xinjiang \n"
    "\n"
    "Dit staat gelijk aan 5 tot 10% van de volwassen bevolking van Xinjiang. Volgens \n"
    "\n"
    "1 Bijlage bij Kamerstuk 35 207, nr. 1\n"
    " ex-gedetineerden is er sprake van mishandeling en indoctrinatie.2 In lijn met \n"
    "het voorstel van D663 (met steun van de PvdA) dat Nederland aanstuurt op een onafhankelijke \n"
    "\n"
    "2 GroenLinks – Niet langer naïef: https://beweging.groenlinks.nl/nieuwerelatiemetchina\n"
    "3 D66 – Voor een robuust en Europees China-beleid: https://d66.nl/content/uploads/sites/2/2019/\n"
    "\n"
    "09/Reactie_China_strategie_D66.pdf\n"
    " VN-onderzoeksmissie, zoals D66 eerder bepleitte. Het kabinet stelt dit aan de orde. \n"
    "\n"
    "Het voorstel van D66 dat Nederland en andere EU-lidstaten meer moeten \n"
    "opkomen voor de bescherming van Chinese mensenrechtenverdedigers4 \n"
    "\n"
    "is in lijn met het huidige kabinetsbeleid, aldus de landse personen die in China zijn. \n"
    " Bedrijven \n"
    "\n"
    "Het kabinet verwacht van Nederlandse bedrijven dat zij internationaal \n"
    "verantwoord ondernemen.\n"
    "\n"
    "4 VVD – Een stevig China-beleid: https://www.vvd.nl/content/uploads/2019/04/VVD-China-\n"
    "Strategie.pdf\n"
    "GroenLinks – Niet langer naïef: https://beweging.groenlinks.nl/nieuwerelatiemetchina\n"
)


def test_footnotes_lifted_out_with_urls_and_anchors():
    c = pdf(LETTER_LIKE)
    assert [f.marker for f in c.footnotes] == ["1", "2", "3", "4"]
    assert c.footnotes[0].text == "Bijlage bij Kamerstuk 35 207, nr. 1" and c.footnotes[0].urls == []
    assert c.footnotes[2].urls == ["https://d66.nl/content/uploads/sites/2/2019/09/Reactie_China_strategie_D66.pdf"]
    assert c.footnotes[3].urls == ["https://www.vvd.nl/content/uploads/2019/04/VVD-China-Strategie.pdf",
                                   "https://beweging.groenlinks.nl/nieuwerelatiemetchina"]
    assert before(c, "1").endswith("een nieuwe balans.»")
    assert before(c, "2").endswith("mishandeling en indoctrinatie.")
    assert before(c, "3").endswith("voorstel van D66")
    assert before(c, "4").endswith("Chinese mensenrechtenverdedigers")
    for bad in ("https://", "Bijlage bij", "D663", "balans.»1", "indoctrinatie.2", "verdedigers4", "Niet langer"):
        assert bad not in c.text


def test_same_result_without_page_marks_or_with_form_feeds():
    import re

    want = pdf(LETTER_LIKE)
    for variant in (re.sub(r"(?m)^ (?=\S)", "", LETTER_LIKE), re.sub(r"(?m)^ (?=\S)", "\f", LETTER_LIKE)):
        got = pdf(variant)
        assert got.text == want.text
        assert [f.to_dict() for f in got.footnotes] == [f.to_dict() for f in want.footnotes]


def test_page_break_inside_sentence_joins_and_heading_on_new_page_stays():
    c = pdf(LETTER_LIKE)
    paras = c.text.split("\n\n")
    assert "Volgens ex-gedetineerden is er sprake" in c.text
    assert "een onafhankelijke VN-onderzoeksmissie, zoals" in c.text
    assert "mensenrechtenverdedigers is in lijn" in c.text  # blank line inside a sentence
    assert "Bedrijven" in paras and "Xinjiang" in paras
    assert paras[0].startswith("Tot slot") and paras[-1].endswith("verantwoord ondernemen.")
    assert all("\n" not in p and p == p.strip() and "  " not in p for p in paras)


def test_footnotes_in_the_tens_with_other_dossier():
    body = []
    for k in range(1, 13):
        body.append(f"Dit is zin nummer {k} over het beleid van de regering in het jaar 2024.{k} \n")
        body.append("Daarna volgt nog een tweede regel die de alinea afsluit met een punt. \n\n")
        if k % 4 == 0:
            body.append("\n".join(f"{j} Kamerstuk 36 200 V, nr. {j + 40}" for j in range(k - 3, k + 1)) + "\n")
            body.append(f"\nTweede Kamer, vergaderjaar 2023–2024, 36 200 V, nr. 12 {k // 4}\n\n")
    c = pdf(" " + "".join(body))
    assert [f.marker for f in c.footnotes] == [str(k) for k in range(1, 13)]
    for k in (9, 10, 11, 12):
        assert before(c, str(k)).endswith("in het jaar 2024.")
        assert c.footnotes[k - 1].text == f"Kamerstuk 36 200 V, nr. {k + 40}"
    assert "2024.1" not in c.text and "nr. 4" not in c.text
    assert len(c.headers) == 3 and all("36 200 V" in h for h in c.headers)


def test_marker_on_an_earlier_page_than_its_footnote():
    text = (" Het kabinet deelt de opvatting van het CDA dat Nederland een blok kan vormen.1 \n"
            "Dit is de laatste regel van de eerste pagina zonder voetnoten erin. \n"
            " Voorbeelden waarbij Nederland een voortrekkersrol heeft gespeeld zijn er \n"
            "genoeg en die staan in deze alinea. \n"
            "\n"
            "1 https://www.cda.nl/actueel/nieuws/cda-maatregelen-tegen-schending-mensenrechten-china/\n"
            " Nieuwe pagina met een zin. \n")
    c = pdf(text)
    assert c.footnotes[0].urls == ["https://www.cda.nl/actueel/nieuws/cda-maatregelen-tegen-schending-mensenrechten-china/"]
    assert before(c, "1").endswith("een blok kan vormen.")
    assert "vormen.1" not in c.text


def test_numbers_at_line_start_are_not_footnotes():
    text = ("Wij verzoeken de regering een vergunningsplicht in te voeren voor \n"
            "1 juli 2020, een dergelijke plicht via nationale wetgeving. \n"
            "\n"
            "3 landen hebben zich daarbij aangesloten en de rest volgt. \n"
            "Dat is het. \n")
    c = pdf(text)
    assert c.footnotes == []
    assert "voor 1 juli 2020, een" in c.text and "3 landen hebben" in c.text


def test_footnote_without_marker_is_kept_and_reported():
    text = (" Een zin zonder voetnootteken eindigt hier met een punt en daarna niets. \n"
            "\n"
            "1 Bijlage bij Kamerstuk 36 410, nr. 1\n"
            " Volgende pagina. \n")
    c = pdf(text)
    assert c.footnotes == [Footnote("1", "Bijlage bij Kamerstuk 36 410, nr. 1", [], None)]
    assert any(w.kind == "footnote_without_marker" for w in c.warnings)
    assert "Bijlage" not in c.text


# --- paragraphs ----------------------------------------------------------------------------------------------


def test_continues_paragraph_decisions():
    typical = 72.0
    full = "respect voor mensenrechten een belangrijke graadmeter is voor de relatie."
    # a page break in a sentence
    assert continues_paragraph(["uiteen van enkele honderdduizenden tot 1,5 miljoen. Volgens"],
                               "ex-gedetineerden is er sprake van", 3, True, typical)
    # a short heading starting a page
    assert not continues_paragraph(["landse personen die zich in China bevinden."],
                                   "Ruimte voor het maatschappelijk middenveld", 1, True, typical)
    # a blank line between two paragraphs
    assert not continues_paragraph([full], "Het kabinet zet dan ook in op robuuste", 4, False, typical)
    # a blank line inside a sentence
    assert continues_paragraph(["opkomen voor de bescherming van Chinese mensenrechtenverdedigers"],
                               "is in lijn met het huidige kabinetsbeleid.", 5, False, typical)
    # a heading is never continued
    assert not continues_paragraph(["Xinjiang"], "zowel Xinjiang als Tibet", 3, False, typical)


def test_headings_stay_paragraphs_and_text_is_reflowed():
    text = ("I. De mensenrechtensituatie in China  \n\n"
            "Door de gestage groei van het BNP per capita zijn de economische \n"
            "mogelijkheden van een groot aantal Chinese burgers weliswaar toege-\n"
            "nomen, maar de vrijheden staan onder druk. \n\n"
            "Multilateraal / VN \n\n"
            "Het kabinet zet zich actief in.\n")
    c = pdf(text)
    assert c.text.split("\n\n") == [
        "I. De mensenrechtensituatie in China",
        "Door de gestage groei van het BNP per capita zijn de economische mogelijkheden van een groot "
        "aantal Chinese burgers weliswaar toegenomen, maar de vrijheden staan onder druk.",
        "Multilateraal / VN",
        "Het kabinet zet zich actief in.",
    ]


def test_form_feed_starts_a_page():
    c = pdf("Het kabinet maakt zich zorgen over de \n\n1 Bijlage bij Kamerstuk 35 207, nr. 1\f"
            "situatie in Tibet.\n")
    assert c.text == "Het kabinet maakt zich zorgen over de situatie in Tibet."
    assert c.footnotes[0].anchor is None


def test_windows_line_ends_and_soft_hyphens():
    c = pdf("De vrijheid van religie en levensover\u00ad\r\ntuiging is afgenomen.\r\n")
    assert c.text == "De vrijheid van religie en levensovertuiging is afgenomen."


# --- structured input -----------------------------------------------------------------------------------------


def test_structured_text_is_returned_unchanged():
    fn = Footnote("1", "Kamerstuk 36 410, nr. 1", [], 22)
    raw = RawDocument(text="De Kamer,\n\ngehoord de beraadslaging,", source=Source.XML,
                      footnotes=[fn], structured=True)
    c = clean(raw)
    assert c.text == raw.text and c.footnotes == [fn] and c.warnings == [] and c.headers == []


def test_structured_text_is_not_searched_for_extraction_damage():
    # the author's own typos in an XML publication ("dathet", "EU- terreurlijst") are its text, not damage that
    # extraction did; the same words in PDF text are reported
    text = "Het kabinet vindt dathet de EU- terreurlijst moet volgen."
    assert clean(RawDocument(text=text, source=Source.XML, structured=True)).warnings == []
    kinds = {w.kind for w in clean(RawDocument(text=text, source=Source.PDF_TEXT)).warnings}
    assert kinds == {"merged_words", "split_compound"}


# --- damage -----------------------------------------------------------------------------------------------------


def test_damage_is_reported_not_changed():
    text = ("Het kabinet maakt zich zorgen over inmenging van de Chinese overheid in religieuze zakend "
            "in religieuze aangelegenheden. De positie van dit kabinet is datdat het aan de "
            "geloofsgemeenschap zelf is om een toekomstige opvolger van deeen opvolger van een "
            "opvolger van dalai lama aan te wijzen.")
    got = {(w.kind, w.text) for w in find_damage(text)}
    assert ("doubled_word", "datdat") in got
    assert ("merged_words", "deeen") in got
    assert ("repeated_phrase", "in religieuze zakend in religieuze") in got
    assert any(k == "repeated_phrase" and t.startswith("opvolger van deeen opvolger") for k, t in got)
    for w in find_damage(text):
        assert text[w.start:w.start + len(w.text)] == w.text
    c = pdf(text)
    assert "datdat" in c.text and any(w.text == "datdat" for w in c.warnings)


def test_split_compound_is_reported_but_not_before_a_conjunction():
    got = find_damage("maar dat draagt niet bij aan de EU- eensgezindheid en sancties in VN- of EU-verband.")
    assert [(w.kind, w.text) for w in got] == [("split_compound", "EU- eensgezindheid")]


@pytest.mark.parametrize("sentence", [
    "Mijn papa en mama zeggen dat dat niet nodig is.",
    "Het kabinet meent dat dat voorstel in lijn is met het huidige beleid.",
    "De haven van Rotterdam en de haven van Amsterdam werken samen.",
    "Een koekoek riep, haha, terwijl de tamtam klonk.",
    "China staat op plaats 177 van 180 in de World Press Freedom Index.",
    "Hand in hand, stap voor stap, keer op keer komt de ISDE-regeling ter sprake.",
    "Zij zet zich in voor bij- en nascholing en voor het in- en uitvoeren van goederen.",
])
def test_normal_sentences_raise_no_warnings(sentence):
    assert find_damage(sentence) == []


# --- the real letter ---------------------------------------------------------------------------------------------


def test_letter_text_checks_of_the_gold(shared):
    letter = (shared / "corpus" / "kst-35207-32.pdf.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "gold" / "kst-35207-32.gold.json").read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("kamerspoor_score_clean", shared / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    c = pdf(letter)
    record = {"text": c.text, "footnotes": [f.to_dict() for f in c.footnotes]}
    metrics = score.score({"text": gold["text"], "footnotes": gold["footnotes"]}, record)
    for name in ("text_contains", "text_clean", "text_reflowed", "footnote_urls", "footnote_anchors"):
        assert metrics[name] == 1.0, name
    assert c.headers == ["Tweede Kamer, vergaderjaar 2019–2020, 35 207, nr. 32 8"]
    kinds = Counter(w.kind for w in c.warnings)
    assert {w.text for w in c.warnings} >= {"datdat", "deeen", "in religieuze zakend in religieuze"}
    assert sum(kinds.values()) <= 6 and "footnote_without_marker" not in kinds
    assert [f.marker for f in c.footnotes] == [str(k) for k in range(1, 10)]


def test_letter_without_page_marks_cleans_the_same(shared):
    import re

    letter = (shared / "corpus" / "kst-35207-32.pdf.txt").read_text(encoding="utf-8")
    want = pdf(letter)
    for variant in (re.sub(r"(?m)^ (?=\S)", "", letter), re.sub(r"(?m)^ (?=\S)", "\f", letter),
                    letter.replace("\n", "\r\n")):
        got = pdf(variant)
        assert got.text == want.text
        assert [f.to_dict() for f in got.footnotes] == [f.to_dict() for f in want.footnotes]


def test_clean_pdf_text_is_the_unstructured_path():
    assert clean_pdf_text("a \n b").text == pdf("a \n b").text


def test_left_out_part_keeps_hyphen_and_space():
    assert join_lines("zowel bij-", "en nascholing") == "zowel bij- en nascholing"
    assert join_lines("sancties in VN-", "of EU-verband") == "sancties in VN- of EU-verband"


def test_bullets_start_their_own_paragraph_but_dashes_do_not():
    c = pdf("Deze prioriteiten zijn: \n• vrijheid van meningsuiting \n• vrijheid van religie en \n"
            "levensovertuiging \n\nHet gaat om mogelijke negatieve impact \n– waaronder schendingen – als gevolg.\n")
    assert c.text.split("\n\n") == [
        "Deze prioriteiten zijn:", "• vrijheid van meningsuiting", "• vrijheid van religie en levensovertuiging",
        "Het gaat om mogelijke negatieve impact – waaronder schendingen – als gevolg."]


@pytest.mark.parametrize("line", [
    "kst-35207-32", "ISSN 0921 - 7371", "’s-Gravenhage 2019", "kst-34104-439 ISSN 0921 - 7371",
    # the colophon and the page footer run into one line by the PDF text
    "'s-Gravenhage 2025 Tweede Kamer, vergaderjaar 2024–2025, 99 971, nr. 12 1",
    "kst-34104-439 ISSN 0921 - 7371 's-Gravenhage 2025 Tweede Kamer, vergaderjaar 2024–2025, 34 104, nr. 439 1"])
def test_first_page_colophon_is_a_running_header(line):
    assert is_running_header(line)


def test_plain_text_lines_are_paragraphs():
    raw = RawDocument(text="Eerste alinea  met tekst.\r\n\r\nTweede alinea.\nDerde alinea.\n", source=Source.TEXT)
    assert clean(raw).text == "Eerste alinea met tekst.\n\nTweede alinea.\n\nDerde alinea."


def test_a_bare_number_ending_a_footnote_citation_is_no_page_number() -> None:
    from kamerspoor.clean import continues_note

    assert continues_note("1 Jaarverslag 2022, bijlage bij Kamerstuk 25 883, nr.", "461")
    assert not continues_note("1 Nederlandse Arbeidsinspectie, Jaarverslag 2022.", "4")
    text = ("Het aantal inspecties is gestegen, vooral na een melding.1 Bij de helft werden overtredingen\n"
            "vastgesteld.\n\n"
            "1 Nederlandse Arbeidsinspectie, Jaarverslag 2022, bijlage bij Kamerstuk 25 883, nr.\n461\n\n"
            "Tweede Kamer, vergaderjaar 2022–2023, 99 901, nr. 4 1\f"
            "De Arbeidsinspectie zet de extra capaciteit vooral in op de bouw.\n")
    cleaned = clean_pdf_text(text)
    assert cleaned.footnotes[0].text.endswith("Kamerstuk 25 883, nr. 461")
    assert "461" not in cleaned.text


def test_text_without_blank_lines_is_split_at_headings_and_short_last_lines() -> None:
    # what pypdf gives for a PDF: no blank lines; a footnote right below the body at the page's end
    from kamerspoor.clean import starts_paragraph_dense

    lines = [
        "Den Haag, 2 juli 2024",
        "Aanleiding",
        "De motie van het lid Ter Mors (Kamerstuk 99 904, nr. 1) verzoekt de regering slachtoffers",
        "van online oplichting sneller door te verwijzen naar Slachtofferhulp Nederland. Sinds",
        "1 mei 2024 verwijst de politie ieder slachtoffer dat aangifte doet direct door.1",
        "Daarmee is de motie uitgevoerd.",
        "Stand van zaken",
        "In de eerste twee maanden zijn ruim 4.000 slachtoffers doorverwezen naar de organisatie.",
        "1 Politie, Werkwijze doorverwijzing slachtoffers:",
        "https://www.politie.nl/informatie/doorverwijzing-slachtoffers.html",
        "Tweede Kamer, vergaderjaar 2023–2024, 99 904, nr. 2 1",
    ]
    cleaned = clean_pdf_text("\n".join(lines) + "\fIk zal uw Kamer voor 1 oktober 2024 informeren.")
    paras = cleaned.text.split("\n\n")
    assert paras[:4] == ["Den Haag, 2 juli 2024", "Aanleiding", paras[2], "Stand van zaken"]
    assert paras[2].endswith("direct door. Daarmee is de motie uitgevoerd.")
    assert [f.urls for f in cleaned.footnotes] == [
        ["https://www.politie.nl/informatie/doorverwijzing-slachtoffers.html"]]
    assert "1 Politie" not in cleaned.text
    # a full line ending a sentence does not end the paragraph; a capital after an open line does not either
    typical = 90.0
    assert not starts_paragraph_dense(["x" * 85 + " een."], "Daarna volgt meer tekst.", typical)
    assert not starts_paragraph_dense(
        ["De motie van het lid Ter Mors (Kamerstuk 99 904, nr. 1) verzoekt de regering slachtoffers"],
        "Slachtofferhulp Nederland te betrekken bij de doorverwijzing.", typical)
    assert starts_paragraph_dense(["Aanleiding"], "De motie van het lid Ter Mors verzoekt de regering.", typical)


def test_a_numbered_line_in_dense_text_without_marker_stays_body() -> None:
    text = ("Deze prioriteiten zijn als volgt vastgesteld in het beleid van dit kabinet en worden uitgevoerd.\n"
            "1 vrijheid van meningsuiting en internetvrijheid voor iedereen\n"
            "Tweede Kamer, vergaderjaar 2023–2024, 99 904, nr. 2 1")
    cleaned = clean_pdf_text(text)
    assert cleaned.footnotes == [] and "1 vrijheid van meningsuiting" in cleaned.text


def test_kop_of_dense_text_goes_to_headers_and_the_letter_opening_stays() -> None:
    # text without blank lines (a hard-wrapped web page) that ends with a newline, as files do
    text = ("32 999 Voorbeelddossier\nNr. 73 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 17 juli 2023\n"
            "Op 26 april heb ik uw Kamer geïnformeerd over de voorbereiding op de invoering van de wet.\n"
            "Met deze brief informeer ik uw Kamer opnieuw over de voortgang van de invoering.\n")
    cleaned = clean(RawDocument(text=text, source=Source.PDF_TEXT))
    paras = cleaned.text.split("\n\n")
    assert cleaned.headers == ["32 999 Voorbeelddossier", "Nr. 73 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN"]
    assert paras[:2] == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 17 juli 2023"]
    assert paras[2].startswith("Op 26 april")


# --- page chrome, kop, notes at the end of a page's text -----------------------------------------------------

def page(text: str):
    return clean(RawDocument(text=text, source=Source.TEXT))


PAGE_BODY = ("Met deze brief informeer ik uw Kamer over de voortgang van de uitvoering van de motie van het lid "
             "Klaver c.s. en over de stand van zaken bij de gemeenten.")


def test_page_chrome_and_kop_of_an_officielebekendmakingen_page_go_to_headers() -> None:
    text = "\n\n".join([
        "Kamerstuk", "Datum publicatieOrganisatieVergaderjaarDossier- en ondernummer",
        "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907", "21 501-20 Europese Raad",
        "Nr. 907 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 2 september 2014", PAGE_BODY,
        "De Minister van Buitenlandse Zaken, F.C.G.M. Timmermans", "Naar boven"])
    c = page(text)
    assert c.headers == ["Kamerstuk", "Datum publicatieOrganisatieVergaderjaarDossier- en ondernummer",
                         "Tweede Kamer der Staten-Generaal2013-201421501-20 nr. 907", "21 501-20 Europese Raad",
                         "Nr. 907 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", "Naar boven"]
    assert c.text.split("\n\n") == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                                    "Den Haag, 2 september 2014", PAGE_BODY,
                                    "De Minister van Buitenlandse Zaken, F.C.G.M. Timmermans"]


def test_tweedekamer_page_title_line_and_signatories_block_are_chrome() -> None:
    # hard-wrapped, as copied from tweedekamer.nl: read as PDF text
    text = "\n".join([
        "Brief regering : Reactie op het verzoek van het lid Asscher, gedaan tijdens de Regeling van Werkzaamheden",
        "34 700 Kabinetsformatie 2017", "Nr. 65", "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN",
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 25 september 2019",
        "Naar aanleiding hiervan bericht ik u dat het kabinet streeft naar een zo breed mogelijk",
        "draagvlak in de beide Kamers voor zijn beleid en wetgeving, en dit zal blijven doen.",
        "De Minister-President, Minister van Algemene Zaken, M. Rutte",
        "Ondertekenaars", "-", "Eerste ondertekenaar", "M. (Mark) Rutte, minister van Algemene Zaken", ""])
    c = pdf(text)
    assert c.headers[:4] == ["Brief regering : Reactie op het verzoek van het lid Asscher, gedaan tijdens de "
                             "Regeling van Werkzaamheden", "34 700 Kabinetsformatie 2017", "Nr. 65",
                             "BRIEF VAN DE MINISTER-PRESIDENT, MINISTER VAN ALGEMENE ZAKEN"]
    assert c.headers[4:] == ["Ondertekenaars", "-", "Eerste ondertekenaar", "M. (Mark) Rutte, minister van Algemene Zaken"]
    assert c.text.split("\n\n")[0] == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert c.text.endswith("M. Rutte") and "ondertekenaar" not in c.text


def test_kop_of_a_pdf_first_page_with_its_parts_on_lines_of_their_own() -> None:
    text = ("Tweede Kamer der Staten-Generaal \nVergaderjaar 2019–2020 \n\n2\n\n35 207 \n\nChina \n\nNr. 32 \n\n"
            "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN \n\nAan de Voorzitter van de Tweede Kamer der "
            "Staten-Generaal \n\nDen Haag, 11 november 2019 \n\n Tijdens het notaoverleg China op 30 september jl. "
            "is gebleken dat er in uw Kamer grote zorgen bestaan. \n\nkst-35207-32 \nISSN 0921 - 7371 \n"
            "’s-Gravenhage 2019 \n")
    c = pdf(text)
    assert c.text.split("\n\n") == [
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 11 november 2019",
        "Tijdens het notaoverleg China op 30 september jl. is gebleken dat er in uw Kamer grote zorgen bestaan."]
    assert c.headers[:6] == ["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2019–2020", "2", "35 207", "China",
                             "Nr. 32"]
    assert "kst-35207-32" in c.headers


def test_eerste_kamer_kop_with_a_roman_dossier_and_a_letter_for_its_number() -> None:
    c = page("CII Nota «Bestuur in samenhang. De bestuurlijke organisatie in Nederland.»\n\n"
             "E BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES\n\n"
             "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\n" + PAGE_BODY)
    assert len(c.headers) == 2 and c.text.startswith("Aan de Voorzitter van de Eerste Kamer")


@pytest.mark.parametrize("first", [
    "35 207 bedrijven hebben zich gemeld bij het loket.",  # a number opening a sentence, no kop after it
    "Nr. 3 op de lijst is de motie-Klaver.",
    "Vergaderjaar 2019–2020 was een druk jaar voor de commissie.",
])
def test_a_text_without_kop_keeps_its_first_lines(first: str) -> None:
    c = page(first + "\n\n" + PAGE_BODY)
    assert c.headers == [] and c.text.startswith(first)


NOTES_PAGE = "\n\n".join([
    "Met deze brief informeer ik uw Kamer over de evaluatie van de verkiezingen (Woo).1 Met de motie "
    "Marijnissen c.s. verzocht uw Kamer het kabinet om een voorstel.2",
    "In de bijlagen treft u de evaluatie aan, aangevuld met externe rapportages en (deel)evaluaties3. "
    "Nog niet alle onderzoeken konden worden afgerond.(hierna: Motie#21).4Met deze brief voldoe ik aan het verzoek.",
    "De Minister van Binnenlandse Zaken en Koninkrijksrelaties, H.G.J. Bruins Slot",
    "Naar boven", "Noten",
    "1 Kamerstuk 26 643, nr. 970", "2 Kamerstuk 35 510, nr. 21",
    "3 Kiesraad, Evaluatie: https://www.example.org/kiesraad/evaluatie.pdf", "4 Kamerstuk 26 643, nr. 971"])


def test_notes_at_the_end_of_a_page_are_lifted_with_their_markers() -> None:
    c = page(NOTES_PAGE)
    assert [f.marker for f in c.footnotes] == ["1", "2", "3", "4"]
    assert c.footnotes[2].urls == ["https://www.example.org/kiesraad/evaluatie.pdf"]
    for f, before in zip(c.footnotes, ("(Woo).", "om een voorstel.", "(deel)evaluaties", "(hierna: Motie#21)."),
                         strict=True):
        assert c.text[:f.anchor].endswith(before)
    assert "(Woo). Met de motie" in c.text and "Motie#21). Met deze brief" in c.text
    assert "Noten" not in c.text and "Kamerstuk 26 643" not in c.text and c.text.endswith("Bruins Slot")


def test_notes_without_a_heading_need_every_marker() -> None:
    c = page(NOTES_PAGE.replace("\n\nNoten", ""))
    assert [f.marker for f in c.footnotes] == ["1", "2", "3", "4"]
    # a numbered list at the end of a letter, no markers before it: body text
    listed = page(PAGE_BODY + "\n\n1 het verbeteren van de toegankelijkheid\n\n2 het vergroten van de opkomst")
    assert listed.footnotes == [] and listed.text.endswith("2 het vergroten van de opkomst")


def test_notes_at_the_end_of_hard_wrapped_page_text() -> None:
    text = ("Op 26 april 2022 heb ik uw Kamer geïnformeerd over de voorbereiding\n"
            "op en de implementatie van de Wet open overheid (Woo).1 Met deze brief informeer ik\n"
            "uw Kamer opnieuw over de voortgang van de implementatie van deze wet.\n"
            "De Minister van Binnenlandse Zaken en Koninkrijksrelaties, H.G.J. Bruins Slot\n"
            "1 Kamerstuk 32 802, nr. 70\n")
    c = pdf(text)
    assert [(f.marker, f.text) for f in c.footnotes] == [("1", "Kamerstuk 32 802, nr. 70")]
    assert c.text[:c.footnotes[0].anchor].endswith("(Woo).") and "nr. 70" not in c.text


def test_page_chrome_rules_read_the_facts_row_and_the_title_line() -> None:
    from kamerspoor.rules import page_chrome

    f = page_chrome.fact_row("Tweede Kamer der Staten-Generaal2016-201734700 nr. 19")
    assert (f.chamber, f.session_year, f.dossier, f.number) == ("Tweede Kamer der Staten-Generaal", "2016-2017",
                                                               "34700", "19")
    assert page_chrome.fact_row("Tweede Kamer der Staten-Generaal | 2013-2014 | 21501-20 nr. 907").dossier == "21501-20"
    assert page_chrome.is_facts_header("Datum publicatie\tOrganisatie\tVergaderjaar\tDossier- en ondernummer")
    assert not page_chrome.is_facts_header("Vergaderjaar")
    assert page_chrome.soort_title("Brief regering : Uitvoering moties en toezeggingen Wet open overheid (Woo)") == (
        "Brief regering", "Uitvoering moties en toezeggingen Wet open overheid (Woo)")
    assert page_chrome.soort_title("Brief van 3 maart: de stand van zaken") is None


def test_one_page_pdf_without_page_marks_lifts_its_notes_and_keeps_the_footer_out() -> None:
    # pypdf text of a one-page letter: no form feed, no blank lines
    text = ("Nr. 2 BRIEF VAN DE STAATSSECRETARIS VAN JUSTITIE EN VEILIGHEID\n"
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\nDen Haag, 2 juli 2024\n"
            "De motie van het lid Ter Mors verzoekt de regering slachtoffers sneller door te verwijzen. Sinds 1 mei\n"
            "2024 verwijst de politie ieder slachtoffer direct door.1 Daarmee is de motie uitgevoerd.\n"
            "De Staatssecretaris van Justitie en Veiligheid,\nP.R. Smulders-Bakker\n"
            "1 Politie, Werkwijze doorverwijzing slachtoffers: https://www.politie.nl/informatie/doorverwijzing-\n"
            "slachtoffers.html\nTweede Kamer, vergaderjaar 2023–2024, 99 904, nr. 2 1\n")
    c = clean_pdf_text(text)
    assert c.footnotes[0].urls == ["https://www.politie.nl/informatie/doorverwijzing-slachtoffers.html"]
    assert c.text[:c.footnotes[0].anchor].endswith("direct door.")
    assert c.text.split("\n\n")[:2] == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                                        "Den Haag, 2 juli 2024"]
    assert c.headers[-1] == "Tweede Kamer, vergaderjaar 2023–2024, 99 904, nr. 2 1" and "vergaderjaar" not in c.text


def test_a_party_name_written_as_one_word_is_joined_at_a_line_break() -> None:
    # "Van der Hoeven-Roos (Groen-" / "Links-PvdA)": GroenLinks is one word with a capital inside
    assert decide("Van der Hoeven-Roos (Groen", "Links-PvdA) over") == (True, "name")
    assert decide("de Minister", "President") == (False, "shape")


# -- site chrome of issue 15 (rules/page_chrome.yaml) --------------------------------------------------------


def test_a_tkconv_page_is_chrome_up_to_its_preview_and_its_facts_go_to_metadata() -> None:
    from kamerspoor.rules import page_chrome

    text = "\n\n".join([
        "[overzicht] [activiteiten] [besluiten] [commissies] [kamerleden] [kamerstukdossiers]",
        "[toezeggingen] [stemmingen] [verslagen] [wat is dit?]",
        "Appreciatie van de motie van het lid Bos over de jeugdzorg (Kamerstuk 99990-3)", "Jeugdzorg",
        "Brief regering", "Nummer: 2031D10001, datum: 2031-03-04, bijgewerkt: 2031-03-05 09:12, versie: 1",
        "Directe link naar document (.docx), link naar pagina op de Tweede Kamer site.",
        "Gerelateerde personen:- Eerste ondertekenaar: J. de Vries-Bos, minister van Volksgezondheid, Welzijn en Sport",
        "Onderdeel van kamerstukdossier 99990 -4 Jeugdzorg.", "Onderdeel van zaak 2031Z00001:",
        "- Indiener: J. de Vries-Bos, minister van Volksgezondheid, Welzijn en Sport",
        "Preview document (🔗 origineel)", "Geachte voorzitter,", PAGE_BODY])
    c = page(text)
    assert c.text.split("\n\n") == ["Geachte voorzitter,", PAGE_BODY]
    facts = page_chrome.page_facts(c.headers)
    assert facts["date"] == "2031-03-04" and facts["signer"] == "J. de Vries-Bos"
    assert (facts["dossier"], facts["number"]) == ("99990", "4")
    assert facts["subject"].startswith("Appreciatie van de motie van het lid Bos")


def test_a_rijksbegroting_page_its_glued_kop_and_noot_footnotes() -> None:
    text = "\n\n".join([
        "Direct naar (in deze pagina): inhoud, zoekveld of menu.", "  • Download PDF",
        "Vaststelling begroting Jeugdzorg 2031", "99990 XVI 7 Brief van de minister van volksgezondheid, welzijn en sport",
        "Vergaderjaar 2030-2031", "Nr. 7", "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Op 3 maart heeft uw Kamer de motie van het lid Bos1 (CDA) aangenomen.",
        "De Minister van Volksgezondheid, Welzijn en Sport,", "J. de Vries", "Noot 1: Kamerstuk 99 990 XVI, nr. 4."])
    c = page(text)
    assert c.text.split("\n\n")[:2] == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
                                        "Op 3 maart heeft uw Kamer de motie van het lid Bos (CDA) aangenomen."]
    assert [(f.marker, f.text) for f in c.footnotes] == [("1", "Kamerstuk 99 990 XVI, nr. 4.")]
    assert "99990 XVI 7 Brief van de minister van volksgezondheid, welzijn en sport" in c.headers


def test_the_newest_officielebekendmakingen_page_its_pipe_table_twice_and_the_search_widget() -> None:
    row = "Tweede Kamer der Staten-Generaal | 2030-2031 | 99990 nr. 12 |"
    header = "Datum publicatie | Organisatie | Vergaderjaar | Dossier- en ondernummer |"
    text = "\n".join(["Kamerstuk", header, "---|---|---|---|", row, "Zoals vergunningen, bouwplannen en lokale "
                      "regelgeving.", "Adressen en contactpersonen van overheidsorganisaties.", "U bent hier:", header,
                      "---|---|---|---|", row, "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", PAGE_BODY])
    c = page(text)
    assert c.text.split("\n\n") == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", PAGE_BODY]
    from kamerspoor.rules import page_chrome

    facts = page_chrome.fact_row(row)
    assert (facts.session_year, facts.dossier, facts.number) == ("2030-2031", "99990", "12")


def test_a_marker_glued_to_a_year_and_a_marker_wrapped_to_the_next_line() -> None:
    text = ("Zoals aangekondigd in de reactie op het rapport «Kern»1,\n"
            "2 heb ik de verdeling aangepast. Met mijn brief van 8 december 20303 heb ik u daarover geïnformeerd.\n"
            "De Minister van Volksgezondheid, Welzijn en Sport, J. de Vries\n"
            "1 Rapport «Kern»\n2 Kamerstuk 99 990, nr. 2\n3 Kamerstuk 99 990, nr. 3\n")
    c = pdf(text)
    assert [f.marker for f in c.footnotes] == ["1", "2", "3"]
    assert "8 december 2030 heb ik" in c.text and "«Kern», heb ik" in c.text


def test_a_marker_glued_to_a_year_at_the_end_of_a_sentence() -> None:
    text = ("Wij verwachten hierover te kunnen rapporteren in het voorjaar van 20311. Het onderzoek loopt.\n"
            "De Minister van Financiën, J. de Vries\n1 Kamerstuk 99 990, nr. 2\n")
    c = pdf(text)
    assert [f.marker for f in c.footnotes] == ["1"] and "voorjaar van 2031. Het" in c.text


def test_footnotes_under_x_noot_with_the_marker_on_its_own_line() -> None:
    text = "\n".join(["Aan de Minister van Financiën", "De commissie heeft kennisgenomen van de reactie op het rapport.1",
                      "De voorzitter van de commissie,", "A. Lindeboom", "X Noot", "1",
                      "Kamerstukken II 2030/31, 99 990, nr. 3", "Naar boven"])
    c = page(text)
    assert "X Noot" not in c.text and "rapport.1" not in c.text
    assert [(f.marker, f.text) for f in c.footnotes] == [("1", "Kamerstukken II 2030/31, 99 990, nr. 3")]
