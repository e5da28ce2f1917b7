"""Motion documents: each rule of kamerspoor.rules.motion_phrases on a real motion sentence.

The sentences are short quotes from real motions (Tweede Kamer 2023-2025); the motions around them are
composed for the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kamerspoor.extract.motion_doc import parse_motion
from kamerspoor.model import Warning_


def motion_text(*body: str, title: str = "MOTIE VAN HET LID CEDER", proposed: str = "Voorgesteld 6 februari 2025",
                signatories: tuple[str, ...] = ("Ceder",), closing: str = "en gaat over tot de orde van de dag."
                ) -> str:
    """A motion as the structured readers give it: one paragraph per line, blank lines between."""
    paras = [title, proposed, "De Kamer,", "gehoord de beraadslaging,", *body, closing, *signatories]
    return "\n\n".join(p for p in paras if p)


def parse(text: str, **document) -> tuple[dict, list[str], list[Warning_]]:
    motion, signatories, warnings = parse_motion(text, {"dossier": "24515", **document}, None)
    assert motion is not None
    return motion, signatories, warnings


CONSTATERENDE = ("constaterende dat Wki-geregistreerde incassobureaus nu geen inzicht hebben in of een "
                 "schuldenaar reeds is aangesloten als hulpvrager bij een schuldhulpverlener;")
OVERWEGENDE = ("overwegende dat wanneer Wki-geregistreerde incassobureaus weten dat iemand zich bij de "
               "schuldhulpverlening heeft gemeld, zij de incassoactiviteiten stoppen;")
VERZOEKT = ("verzoekt de regering een pilot te doen waarbij ook Wki-gecertificeerde incassobureaus "
            "inzagerecht krijgen in een gelimiteerd deel van de BRP,")


# -- considerations ---------------------------------------------------------------------------------------

def test_constaterende_and_overwegende_are_considerations_in_order():
    motion, _, _ = parse(motion_text(CONSTATERENDE, OVERWEGENDE, VERZOEKT))
    assert motion["considerations"] == [CONSTATERENDE.rstrip(";"), OVERWEGENDE.rstrip(";")]


def test_gehoord_de_beraadslaging_is_not_a_consideration():
    motion, _, _ = parse(motion_text(CONSTATERENDE, VERZOEKT))
    assert not any("beraadslaging" in c for c in motion["considerations"])
    assert len(motion["considerations"]) == 1


@pytest.mark.parametrize("sentence", [
    "van mening dat concurrentie tussen de laadplekken van pompstations zorgt voor goede prijzen;",
    "van oordeel dat het luchtalarm met de huidige 4.278 sirenes in Nederland moet blijven;",
    "voorts constaterende dat de Algemene Rekenkamer kritisch is over de wijze van begroten;",
    "tot slot constaterende dat de regering samen met de sector stappen wil zetten;",
    "concluderende dat de verplichting om buffervoorraden van medicatie aan te houden niet effectief blijkt;",
    "kennisgenomen hebbende van het verslag van de informateurs en het daarin opgenomen advies;",
    "gelet op de aangenomen motie Beckerman c.s. over de belastingdruk van woningcorporaties;",
    "overwegende, dat het onverteerbaar is dat nog steeds slechts een klein gedeelte wordt afgepakt;",
    "beseffende dat een generieke aanpak voor iedere regio niet past;",  # any participle + "dat"
    "constateert dat de ramingen er structureel tientallen miljarden naast zaten;",
    "merkt op dat het van belang is om bij het weer oproepen van zelfmelders een volgorde te hanteren;",
    "brengt in herinnering dat via de aangenomen motie-Baudet duidelijk is uitgesproken wat moet;",
])
def test_consideration_openers(sentence):
    motion, _, _ = parse(motion_text(sentence, VERZOEKT))
    assert motion["considerations"] == [sentence.rstrip(";")]
    assert len(motion["requests"]) == 1


# -- requests ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    VERZOEKT,
    "verzoekt het kabinet om uiterlijk in het voorjaar van 2025 opheldering te verschaffen,",
    "roept de regering op actief en constructief leiderschap te tonen,",
    "spreekt uit dat de heer Ronald Plasterk een uitstekende premierskandidaat was geweest,",
    "spreekt zich uit tegen het instellen van een dergelijk Europees investeringsfonds,",
    "draagt de regering op om met een voorstel te komen om dit koopkrachtverlies te herstellen,",
    "zegt het vertrouwen in de Minister voor Medische Zorg op,",
    "besluit de Algemene Rekenkamer te verzoeken om een onderzoek te doen naar de doelmatigheid,",
    "Verzoekt de regering om in navolging van het buitenland te verkennen wat nodig is,",
])
def test_request_openers(sentence):
    motion, _, warnings = parse(motion_text(CONSTATERENDE, sentence))
    assert motion["requests"] == [sentence.rstrip(",")]
    assert motion["considerations"] == [CONSTATERENDE.rstrip(";")]
    assert warnings == []


def test_several_requests_are_kept_apart():
    first = "verzoekt de regering om bij het oproepen van zelfmelders prioriteit te geven aan daders;"
    second = "verzoekt de regering om dit op te nemen in een oproepkader, en de Kamer hierover te informeren,"
    third = "en verzoekt de regering de Kamer hier binnen een maand over te informeren,"
    motion, _, _ = parse(motion_text(CONSTATERENDE, first, second, third))
    assert motion["requests"] == [first.rstrip(";"), second.rstrip(","), third.rstrip(",")]


def test_spreekt_uit_motion_without_considerations():
    text = motion_text("spreekt uit dat 25 april voortaan de Landelijke dag tegen Antisemitisme wordt,")
    motion, _, warnings = parse(text)
    assert motion["considerations"] == []
    assert motion["requests"] == ["spreekt uit dat 25 april voortaan de Landelijke dag tegen Antisemitisme wordt"]
    assert warnings == []


def test_list_items_continue_their_request():
    motion, _, _ = parse(motion_text(
        CONSTATERENDE,
        "verzoekt de regering om:",
        "• het advies van de Autoriteit Persoonsgegevens op te volgen;",
        "• de Kamer binnen drie maanden te informeren over de uitkomst,",
    ))
    assert motion["requests"] == [
        "verzoekt de regering om: • het advies van de Autoriteit Persoonsgegevens op te volgen; "
        "• de Kamer binnen drie maanden te informeren over de uitkomst"]


def test_a_request_split_after_its_first_letter_is_joined_again():
    # real XML damage: <al>v</al><al>erzoekt de regering de Tweede Kamer binnen drie maanden ...</al>
    motion, _, _ = parse(motion_text(CONSTATERENDE, "v", "erzoekt de regering de Tweede Kamer te informeren,"))
    assert motion["requests"] == ["verzoekt de regering de Tweede Kamer te informeren"]


# -- signatories ------------------------------------------------------------------------------------------

def test_signatories_are_surnames_as_written():
    _, signatories, _ = parse(motion_text(
        CONSTATERENDE, VERZOEKT, title="MOTIE VAN HET LID VAN OOSTENBRUGGEN C.S.",
        signatories=("Van Oostenbruggen", "Tony van Dijck", "Rikkers-Oosterkamp", "Inge van Dijk", "Kostić",
                     "Van der Graaf", "Six Dijkstra")))
    assert signatories == ["Van Oostenbruggen", "Tony van Dijck", "Rikkers-Oosterkamp", "Inge van Dijk",
                           "Kostić", "Van der Graaf", "Six Dijkstra"]


@pytest.mark.parametrize("printed, expected", [
    (("Erkens,", "Grinwis."), ["Erkens", "Grinwis"]),  # punctuation after names
    (("Jetten en Eerdmans.",), ["Jetten", "Eerdmans"]),  # two names on one line
    (("Tuinman e", "Van Campen"), ["Tuinman", "Van Campen"]),  # a stray letter after a name
])
def test_signatory_lines_as_printed(printed, expected):
    _, signatories, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, signatories=printed))
    assert signatories == expected


def test_motion_without_signatories_is_parsed_with_a_warning():
    motion, signatories, warnings = parse(motion_text(CONSTATERENDE, VERZOEKT, signatories=()))
    assert motion["requests"] == [VERZOEKT.rstrip(",")]
    assert [w.kind for w in warnings] == ["motion_without_signatories"]
    assert signatories == ["Ceder"]  # the member the title names still stands as submitter


def test_motion_without_request_is_parsed_with_a_warning():
    motion, signatories, warnings = parse(motion_text(CONSTATERENDE, OVERWEGENDE))
    assert motion["requests"] == []
    assert len(motion["considerations"]) == 2
    assert signatories == ["Ceder"]
    assert [w.kind for w in warnings] == ["motion_without_request"]


def test_closing_formula_without_de_still_ends_the_dictum():
    # real: "En gaat over tot orde van de dag"
    motion, signatories, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, closing="En gaat over tot orde van de dag"))
    assert motion["requests"] == [VERZOEKT.rstrip(",")]
    assert signatories == ["Ceder"]


def test_without_closing_formula_the_trailing_names_are_the_signatories():
    motion, signatories, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, closing="",
                                               signatories=("Dobbe", "Van Baarle")))
    assert signatories == ["Dobbe", "Van Baarle"]
    assert motion["requests"] == [VERZOEKT.rstrip(",")]


# -- title block: proposed, debate, replaces --------------------------------------------------------------

def test_voorgesteld_gives_the_date_proposed():
    motion, _, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, proposed="Voorgesteld 24 april 2025"))
    assert motion["proposed"] == "2025-04-24"
    assert motion["debate"] is None


def test_voorgesteld_tijdens_names_the_debate():
    motion, _, _ = parse(motion_text(CONSTATERENDE, VERZOEKT,
                                     proposed="Voorgesteld tijdens het Notaoverleg van 30 september 2019"))
    assert motion["proposed"] == "2019-09-30"
    assert motion["debate"] == "Notaoverleg van 30 september 2019"


def test_gewijzigde_motie_replaces_the_motion_in_the_same_dossier():
    title = "GEWIJZIGDE MOTIE VAN DE LEDEN POSTMA EN GRINWIS TER VERVANGING VAN DIE GEDRUKT ONDER NR. 22"
    motion, signatories, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, title=title,
                                               signatories=("Postma", "Grinwis")), dossier="36600-XII")
    assert motion["replaces"] == {"dossier": "36600-XII", "number": 22}
    assert signatories == ["Postma", "Grinwis"]


def test_nader_gewijzigde_motie_replaces_the_motion_it_names():
    title = "NADER GEWIJZIGDE MOTIE VAN HET LID HIRSCH C.S. TER VERVANGING VAN DIE GEDRUKT ONDER NR. 51"
    motion, _, _ = parse(motion_text(CONSTATERENDE, VERZOEKT, title=title, signatories=("Hirsch", "Bamenga")))
    assert motion["replaces"] == {"dossier": "24515", "number": 51}


def test_replaced_motion_from_the_metadata_title_when_the_text_does_not_say():
    title = "Gewijzigde motie van het lid Ergin over herstel van fouten bij het UWV (t.v.v. 26448-838)"
    text = motion_text(CONSTATERENDE, VERZOEKT, title="GEWIJZIGDE MOTIE VAN HET LID ERGIN")
    motion, _, _ = parse(text, title=title)
    assert motion["replaces"] == {"dossier": "26448", "number": 838}


def test_a_plain_motion_replaces_nothing():
    motion, _, _ = parse(motion_text(CONSTATERENDE, VERZOEKT))
    assert motion["replaces"] is None


# -- reflowed text (PDF) ----------------------------------------------------------------------------------

def test_reflowed_pdf_text_is_cut_into_clauses_and_names():
    text = ("34 104 Langdurige zorg\n\nNr. 439 GEWIJZIGDE MOTIE VAN DE LEDEN VAN DER GRAAF EN CEDER TER "
            "VERVANGING VAN DIE GEDRUKT ONDER NR. 422 Voorgesteld 24 april 2025 De Kamer, gehoord de "
            "beraadslaging, overwegende dat het kabinet de wetten beter op elkaar wil afstemmen; constaterende "
            "dat er wordt ingezet op arbitrage tussen de zorgwetten; verzoekt de regering ervoor te zorgen dat "
            "financiers afspraken maken over een regionaal budget, en gaat over tot de orde van de dag. "
            "Van der Graaf Ceder kst-34104-439 ISSN 0921 - 7371 's-Gravenhage 2025")
    motion, signatories, warnings = parse(text, dossier="34104")
    assert motion["considerations"] == [
        "overwegende dat het kabinet de wetten beter op elkaar wil afstemmen",
        "constaterende dat er wordt ingezet op arbitrage tussen de zorgwetten"]
    assert motion["requests"] == [
        "verzoekt de regering ervoor te zorgen dat financiers afspraken maken over een regionaal budget"]
    assert motion["replaces"] == {"dossier": "34104", "number": 422}
    assert motion["proposed"] == "2025-04-24"
    assert signatories == ["Van der Graaf", "Ceder"]
    assert warnings == []


def test_a_comma_inside_a_request_does_not_cut_it():
    request = ("verzoekt de regering, gelet op de aangenomen motie, gezien de uitspraak van de rechter, "
               "een plan te maken,")
    motion, _, _ = parse(motion_text(CONSTATERENDE, request))
    assert motion["requests"] == [request.rstrip(",")]


# -- through the pipeline -------------------------------------------------------------------------------

FIXTURE_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <metadata>
    <meta name="OVERHEIDop.externMetadataRecord" content="https://zoek.officielebekendmakingen.nl/kst-24515-999/metadata.xml"/>
  </metadata>
  <kamerstuk>
    <kamerstukkop>
      <tekstregel inhoud="vergaderjaar">Vergaderjaar 2024-2025</tekstregel>
      <tekstregel inhoud="kameraanduiding">Tweede Kamer der Staten-Generaal</tekstregel>
    </kamerstukkop>
    <dossier><dossiernummer><dossiernr>24 515</dossiernr></dossiernummer><titel>Armoede</titel></dossier>
    <stuk>
      <stuknr>Nr. <ondernummer kamer="2">999</ondernummer></stuknr>
      <titel>GEWIJZIGDE MOTIE VAN DE LEDEN CEDER EN VAN DER GRAAF TER VERVANGING VAN DIE GEDRUKT ONDER NR. 998</titel>
      <datumtekst>Voorgesteld <datum isodatum="2025-02-06">6 februari 2025</datum></datumtekst>
      <algemeen><vrije-tekst><tekst status="goed">
        <al>De Kamer,</al>
        <al>gehoord de beraadslaging,</al>
        <al>{CONSTATERENDE}</al>
        <al>{VERZOEKT}</al>
        <al>en gaat over tot de orde van de dag.</al>
        <al-groep><al>Ceder</al><al>Van der Graaf</al></al-groep>
      </tekst></vrije-tekst></algemeen>
    </stuk>
  </kamerstuk>
</officiele-publicatie>
"""


def test_pipeline_fills_the_motion_part_from_motion_xml(tmp_path: Path):
    from kamerspoor import analyze_path

    path = tmp_path / "kst-24515-999.xml"
    path.write_text(FIXTURE_XML, encoding="utf-8")
    record = analyze_path(path).to_dict()
    assert record["document"]["kind"] == "motie"
    assert record["document"]["submitters"] == ["Ceder", "Van der Graaf"]
    motion = record["motion"]
    assert motion["proposed"] == "2025-02-06"
    assert motion["considerations"] == [CONSTATERENDE.rstrip(";")]
    assert motion["requests"] == [VERZOEKT.rstrip(",")]
    assert motion["replaces"] == {"dossier": "24515", "number": 998}


# -- the real corpus --------------------------------------------------------------------------------------

_DECISION = re.compile(r"^(?:en\s+)?(?:verzoekt|spreekt|roept|draagt|zegt|besluit)\b", re.IGNORECASE)


def test_real_motions_have_requests_signatories_and_their_considerations(shared: Path):
    from lxml import etree

    from kamerspoor import analyze_path
    from kamerspoor.tkapi import motion_votes

    corpus = shared / "corpus" / "tk-2023-2025"
    files = sorted((corpus / "publications").glob("*.xml"))[:300]
    links = motion_votes(corpus)
    requests = signed = layout = linked = 0
    for path in files:
        record = analyze_path(path).to_dict()
        motion = record["motion"]
        requests += bool(motion["requests"])
        signed += bool(record["document"]["submitters"])
        linked += record["document"]["id"] in links
        # the XML's own layout: is there an <al> between "gehoord de beraadslaging" and the decision?
        als = ["".join(al.itertext()).strip() for al in etree.parse(str(path)).iter("al")]
        start = next(i for i, a in enumerate(als) if a.startswith("gehoord de beraadslaging")) + 1
        end = next((i for i in range(start, len(als)) if _DECISION.match(als[i])), len(als))
        layout += bool(motion["considerations"]) == (end > start)
    n = len(files)
    assert n == 300
    assert requests / n > 0.99
    assert signed / n > 0.99
    assert layout / n > 0.99
    assert linked / n > 0.99
