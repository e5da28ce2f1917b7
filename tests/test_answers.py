"""Motions and party proposals a letter discusses, with the cabinet's stance (extract/answers.py).

Synthetic letters in the style of real ones (other dossiers, parties and motions than the real letter), plus
one check on the real letter 35 207, nr. 32 when ../shared is present.
"""

from __future__ import annotations

import pytest

from kamerspoor.extract.answers import find_answers, load_parties, sentence_spans


def answers(text: str, footnotes: list[dict] | None = None, references: list[dict] | None = None):
    return find_answers(text, [], footnotes or [], references or [])


def only(records: list[dict]) -> dict:
    assert len(records) == 1, records
    return records[0]


# -- motion mentions -----------------------------------------------------------------------------


def test_a_motion_by_one_member_with_cs_and_its_citation() -> None:
    text = ("De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11) verzoekt de regering "
            "mensenrechten op alle terreinen aan de orde te stellen. Dit verzoek ondersteunt het huidige beleid.")
    m = only(answers(text)[0])
    assert (m["dossier"], m["number"], m["submitters"]) == ("35207", 11, ["Karabulut"])
    assert m["stance"] == "already_policy"
    assert m["evidence"] == "Dit verzoek ondersteunt het huidige beleid."
    assert m["start"] == text.index("motie") and m["rule"] == "ondersteunt_huidig_beleid"


def test_two_motions_in_one_mention_each_keep_their_own_submitters() -> None:
    text = ("Conform de moties van de leden Bisschop en Van Helvert (Kamerstuk 35 207, nr. 7) en Voordewind en "
            "Van Helvert (Kamerstuk 35 207, nr. 21) gaat speciale aandacht uit naar religievrijheid.")
    ms = answers(text)[0]
    assert [(m["number"], m["submitters"]) for m in ms] == [(7, ["Bisschop", "Van Helvert"]),
                                                           (21, ["Voordewind", "Van Helvert"])]
    assert {m["stance"] for m in ms} == {"executed"}


@pytest.mark.parametrize("mention,dossier,number,submitters", [
    ("de gewijzigde motie van het lid Voordewind (Kamerstuk 35 207, nr. 22)", "35207", 22, ["Voordewind"]),
    ("De nader gewijzigde motie van de leden Van Ojik en Sjoerdsma (Kamerstuk 35 207, nr. 27)", "35207", 27,
     ["Van Ojik", "Sjoerdsma"]),
    ("Een motie van het lid De Roon (Kamerstuk 34 000 V, nr. 12)", "34000-V", 12, ["De Roon"]),
    ("de motie Ten Broeke over mensenrechtenbeleid (33 750 V, nr. 20)", "33750-V", 20, ["Ten Broeke"]),
    ("de gewijzigde motie Van der Staaij c.s. (Kamerstuk 21 501-02, nr. 2000)", "21501-02", 2000,
     ["Van der Staaij"]),
    ("de motie-Verbugt/Van Heemst (22 026, nr. 60)", "22026", 60, ["Verbugt", "Van Heemst"]),
    ("de motie van het lid Klaver (GroenLinks) over klimaat (Kamerstuk 35 000, nr. 5)", "35000", 5, ["Klaver"]),
    ("de motie van het lid Remco Dijkstra (Kamerstuk 35 300 A, nr. 22)", "35300-A", 22, ["Remco Dijkstra"]),
])
def test_motion_mentions_as_letters_write_them(mention: str, dossier: str, number: int,
                                               submitters: list[str]) -> None:
    m = only(answers(f"Het kabinet heeft {mention} uitgevoerd. Verder niets.")[0])
    assert (m["dossier"], m["number"], m["submitters"]) == (dossier, number, submitters)


def test_several_numbers_in_one_citation_are_several_motions_of_the_same_members() -> None:
    ms = answers("De moties van de leden Omtzigt en Heerma (Kamerstukken 35 207, nrs. 7 en 21) worden "
                 "momenteel uitgewerkt.")[0]
    assert [(m["number"], m["submitters"], m["stance"]) for m in ms] == [
        (7, ["Omtzigt", "Heerma"], "in_progress"), (21, ["Omtzigt", "Heerma"], "in_progress")]


def test_a_motion_cited_in_a_footnote_after_its_name() -> None:
    text = "Zoals gevraagd in de motie-Sjoerdsma heeft het kabinet extra middelen vrijgemaakt."
    footnote = {"marker": "3", "text": "Kamerstuk 35 207, nr. 13", "urls": [],
                "anchor": text.index("Sjoerdsma") + len("Sjoerdsma")}
    m = only(answers(text, [footnote])[0])
    assert (m["dossier"], m["number"], m["submitters"], m["stance"]) == ("35207", 13, ["Sjoerdsma"], "executed")


def test_a_motion_named_by_its_submitters_only_has_no_number() -> None:
    m = only(answers("De motie van het lid Voordewind over vrijheid van religie vraagt om meer aandacht. "
                     "Het kabinet geeft hier invulling aan.")[0])
    assert (m["dossier"], m["number"], m["submitters"], m["stance"]) == (None, None, ["Voordewind"], "executed")


def test_a_later_mention_by_name_only_joins_the_numbered_motion() -> None:
    text = ("De motie van het lid Bikker (Kamerstuk 36 200 V, nr. 14) verzoekt de regering een gezant te "
            "benoemen.\n\nIn het kader van de motie-Bikker is inmiddels een gezant benoemd. Het kabinet geeft "
            "hiermee uitvoering aan de motie.")
    m = only(answers(text)[0])
    assert (m["number"], m["stance"], m["start"]) == (14, "executed", text.index("motie"))


def test_a_motion_mentioned_twice_is_one_record_with_the_answer_that_has_a_stance() -> None:
    text = ("De motie van het lid Karabulut (Kamerstuk 35 207, nr. 11) is in het debat besproken.\n\n"
            "Kopje\n\n"
            "De motie van het lid Karabulut (Kamerstuk 35 207, nr. 11) verzoekt de regering een fonds op te "
            "richten. Het kabinet zal deze motie niet uitvoeren.")
    m = only(answers(text)[0])
    assert m["start"] == text.index("motie")
    assert (m["stance"], m["evidence"]) == ("declined", "Het kabinet zal deze motie niet uitvoeren.")


def test_the_answer_may_come_in_the_next_paragraph() -> None:
    text = ("De motie-Ten Broeke c.s. over mensenrechten (Kamerstuk 33 750 V, nr. 20) verzoekt de regering een "
            "strategie op te stellen.\n\nHet kabinet zal deze motie niet uitvoeren.")
    m = only(answers(text)[0])
    assert (m["dossier"], m["number"], m["submitters"]) == ("33750-V", 20, ["Ten Broeke"])
    assert m["stance"] == "declined" and m["rule"] == "niet_uitvoeren"


def test_the_answer_is_not_read_past_a_heading() -> None:
    text = ("De motie van het lid Van Dijk (Kamerstuk 35 000, nr. 3) verzoekt de regering een fonds op te "
            "richten.\n\nSancties\n\nHet kabinet is geen voorstander van nationale sancties.")
    assert only(answers(text)[0])["stance"] == "noted"


def test_the_answer_is_not_read_past_the_next_motion() -> None:
    text = ("De motie van het lid Van Dijk (Kamerstuk 35 000, nr. 3) verzoekt de regering een fonds op te "
            "richten. De motie van het lid Kuik (Kamerstuk 35 000, nr. 4) verzoekt de regering een gezant te "
            "benoemen. Het kabinet ziet geen aanleiding een gezant te benoemen.")
    ms = {m["number"]: m["stance"] for m in answers(text)[0]}
    assert ms == {3: "noted", 4: "declined"}


def test_what_the_motion_asks_is_not_read_as_the_cabinets_answer() -> None:
    text = ("De gewijzigde motie van het lid Voordewind (Kamerstuk 35 207, nr. 22) verzoekt de regering om "
            "geen exportkredietverzekering te verlenen wanneer niet wordt geacteerd en zich in te zetten voor "
            "bewustwording.")
    assert only(answers(text)[0])["stance"] == "noted"


def test_a_refusal_and_an_accepted_part_make_a_partial_answer() -> None:
    text = ("Een motie van het lid Voordewind (Kamerstuk 35 207, nr. 23) verzoekt de regering drukmiddelen in "
            "kaart te brengen en mensenrechten na te streven. Het kabinet is geen voorstander van beperkende "
            "handelsmaatregelen. Het kabinet zet in de onderhandelingen in op een robuust "
            "duurzaamheidshoofdstuk.")
    m = only(answers(text)[0])
    assert m["stance"] == "partial"
    assert "geen voorstander" in m["evidence"] and "duurzaamheidshoofdstuk" in m["evidence"]


def test_the_stance_in_the_mention_sentence_itself() -> None:
    text = ("Het kabinetsbeleid is hiermee in lijn met de motie van het lid Sjoerdsma c.s. (Kamerstuk 35 207, "
            "nr. 13) die de regering verzoekt zich vaker uit te spreken. Hierbij moet worden aangetekend dat "
            "China protesteert.")
    m = only(answers(text)[0])
    assert (m["stance"], m["submitters"]) == ("already_policy", ["Sjoerdsma"])
    assert m["evidence"].startswith("Het kabinetsbeleid is hiermee in lijn")


def test_words_about_motions_without_names_or_citation_are_no_mention() -> None:
    assert answers("De brief gaat in op de voorstellen en moties uit uw Kamer. De PVV stemde tegen de motie.")[0] \
        == []


def test_a_citation_from_the_references_stage_is_used() -> None:
    text = "Het kabinet voert de motie van het lid Kuik (Kamerstuk 35 000, nr. 4) uit."
    ref = {"dossier": "35000", "number": 4, "text": "Kamerstuk 35 000, nr. 4", "start": text.index("Kamerstuk")}
    m = only(answers(text, references=[ref])[0])
    assert (m["dossier"], m["number"]) == ("35000", 4)


# -- party proposals -----------------------------------------------------------------------------


def positions(text: str, footnotes: list[dict] | None = None) -> list[tuple[str, str]]:
    return [(p["party"], p["stance"]) for p in answers(text, footnotes)[1]]


def test_a_plea_in_line_with_policy_with_the_url_of_its_footnote() -> None:
    text = ("Het kabinetsbeleid is hiermee in lijn met het pleidooi van GroenLinks om mensenrechten een "
            "centralere plek te geven.")
    fn = {"marker": "2", "text": "GroenLinks - Niet langer naïef", "urls": ["https://groenlinks.nl/x"],
          "anchor": len(text)}
    p = only(answers(text, [fn])[1])
    assert (p["party"], p["stance"], p["source_url"]) == ("GroenLinks", "already_policy", "https://groenlinks.nl/x")
    assert p["proposal"] == "mensenrechten een centralere plek te geven"


def test_a_supporting_party_gets_the_same_position() -> None:
    text = ("In lijn met het voorstel van D66 (met steun van de PvdA) dat Nederland aanstuurt op een "
            "onderzoeksmissie, roept het kabinet China op om toegang te verlenen.")
    ps = answers(text)[1]
    assert [(p["party"], p["stance"]) for p in ps] == [("D66", "already_policy"), ("PvdA", "already_policy")]
    assert ps[0]["proposal"] == ps[1]["proposal"] == "Nederland aanstuurt op een onderzoeksmissie"


def test_a_proposal_before_the_stance_phrase() -> None:
    text = ("Het voorstel van D66 dat Nederland meer moet opkomen voor mensenrechtenverdedigers is in lijn met "
            "het huidige kabinetsbeleid.")
    p = only(answers(text)[1])
    assert p["proposal"] == "Nederland meer moet opkomen voor mensenrechtenverdedigers"
    assert p["stance"] == "already_policy"


def test_several_parties_in_one_phrase_and_abbreviations_are_named_canonically() -> None:
    assert positions("De Speciaal Gezant is tevens, in lijn met de wens van de CU en de SGP, voornemens om "
                     "China te bezoeken.") == [("ChristenUnie", "in_progress"), ("SGP", "in_progress")]
    assert positions("Daarom legt de notitie, net als de notities van de VVD, D66 en GL, de nadruk op een "
                     "eensgezinde EU-aanpak.") == [("VVD", "already_policy"), ("D66", "already_policy"),
                                                    ("GroenLinks", "already_policy")]


def test_a_footnote_with_several_party_urls_gives_each_party_its_own() -> None:
    text = "Daarom legt de notitie, net als de notities van de VVD en GroenLinks, de nadruk op eenheid."
    fn = {"marker": "9", "text": "...", "anchor": text.index("GroenLinks") + len("GroenLinks"),
          "urls": ["https://www.vvd.nl/china.pdf", "https://beweging.groenlinks.nl/china"]}
    urls = {p["party"]: p["source_url"] for p in answers(text, [fn])[1]}
    assert urls == {"VVD": "https://www.vvd.nl/china.pdf", "GroenLinks": "https://beweging.groenlinks.nl/china"}


@pytest.mark.parametrize("text,expected", [
    ("Het kabinet deelt de analyse van de PvdA dat het om universele rechten gaat.", [("PvdA", "already_policy")]),
    ("Hiermee handelt het kabinet in lijn met de opvatting van het CDA dat Nederland een voortrekkersrol kan "
     "spelen.", [("CDA", "already_policy")]),
    ("Het kabinet doet dit door China aan te sporen het verdrag te ratificeren, zoals D66 voorstelt.",
     [("D66", "already_policy")]),
    ("Invoering van besluitvorming per gekwalificeerde meerderheid, zoals D66 bepleit, zou kunnen helpen.",
     [("D66", "noted")]),
    ("Het voorstel van de SP om een gezant te benoemen is niet in lijn met het kabinetsbeleid.",
     [("SP", "declined")]),
    ("Zoals de VVD-fractie voorstelt, zal Nederland zich inzetten voor een Europees verbod.",
     [("VVD", "in_progress")]),
    ("Het kabinet deelt de zorgen van Partij voor de Dieren over dierenwelzijn.", [("PvdD", "already_policy")]),
    # the past tense of the notaoverleg: "zoals X voorstelde / vroeg"
    ("Het kabinet heeft, zoals GroenLinks-PvdA voorstelde, € 2 miljoen extra beschikbaar gesteld voor het fonds.",
     [("GroenLinks-PvdA", "executed")]),
    ("Zoals het CDA vroeg, zal Nederland zich inzetten voor nieuwe listingen.", [("CDA", "in_progress")]),
])
def test_party_positions_as_letters_write_them(text: str, expected: list) -> None:
    assert positions(text) == expected


def test_a_party_as_voter_attendee_or_submitters_party_is_no_position() -> None:
    text = ("De PVV stemde tegen de motie. Mevrouw Karabulut (SP) was aanwezig. De motie van het lid Klaver "
            "(GroenLinks) (Kamerstuk 35 000, nr. 5) is uitgevoerd.")
    assert answers(text)[1] == []


def test_party_names_come_from_the_data_file() -> None:
    names = {p.name for p in load_parties()}
    assert {"VVD", "GroenLinks-PvdA", "ChristenUnie", "NSC", "BBB", "FvD", "PvdD", "50PLUS"} <= names
    assert "GL" in next(p for p in load_parties() if p.name == "GroenLinks").variants
    assert positions("Het kabinet deelt de zorg van GroenLinks-PvdA over de armoede.") == \
        [("GroenLinks-PvdA", "already_policy")]


# -- sentences -------------------------------------------------------------------------------------


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = ("De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11) verzoekt dit. Minister Blok was er "
            "in juni jl. Deze acties zijn o.a. bedoeld voor J. Voordewind.")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "De motie van het lid Karabulut c.s. (Kamerstuk 35 207, nr. 11) verzoekt dit.",
        "Minister Blok was er in juni jl.",
        "Deze acties zijn o.a. bedoeld voor J. Voordewind."]


# -- the real letter -------------------------------------------------------------------------------


def test_the_letters_motions_and_their_answers(letter_record) -> None:
    got = {m.number: m for m in letter_record.motions}
    assert set(got) == {7, 11, 13, 21, 22, 23, 27}
    assert got[21].submitters == ["Voordewind", "Van Helvert"]
    assert got[23].stance == "partial" and "geen voorstander" in got[23].evidence
    assert got[27].stance == "in_progress" and "nog niet gelukt" in got[27].evidence
    parties = {p.party for p in letter_record.party_positions}
    assert parties == {"GroenLinks", "D66", "PvdA", "CDA", "ChristenUnie", "SGP", "VVD"}


def test_a_heading_ending_in_moties_is_no_mention_of_the_next_paragraph() -> None:
    text = ("II. Reactie op moties\n\nDe motie van het lid De Vries c.s. (Kamerstuk 99 901, nr. 8) verzoekt de "
            "regering de financiering zeker te stellen. Het kabinet heeft extra middelen vrijgemaakt.")
    motions, _ = answers(text)
    assert [(m["number"], m["submitters"]) for m in motions] == [(8, ["De Vries"])]


def test_parties_sharing_one_fracties_suffix() -> None:
    # "de PvdD- en GroenLinks-PvdA-fracties": the elided "-fracties" after the first name
    text = ("Het verzoek van de PvdD- en GroenLinks-PvdA-fracties om de export van surveillanceapparatuur volledig "
            "te verbieden, is in lijn met het huidige beleid.")
    parties = answers(text)[1]
    assert [(p["party"], p["stance"]) for p in parties] == [("PvdD", "already_policy"),
                                                            ("GroenLinks-PvdA", "already_policy")]
    assert parties[0]["proposal"] == "de export van surveillanceapparatuur volledig te verbieden"


def test_a_proposal_the_cabinet_does_not_support() -> None:
    text = ("Het voorstel van Volt om een Europese coördinator voor vrouwenrechten aan te stellen, steunt het "
            "kabinet niet. De EU heeft al een Speciaal Vertegenwoordiger.")
    assert [(p["party"], p["stance"]) for p in answers(text)[1]] == [("Volt", "declined")]


def test_moties_named_with_cs_each_are_a_motion() -> None:
    text = ("Met deze brief informeer ik uw Kamer over de voortgang van de uitvoering van de moties "
            "Marijnissen c.s. en Klaver c.s. over risicomodellen.")
    motions, _ = answers(text)
    assert sorted(m["submitters"][0] for m in motions) == ["Klaver", "Marijnissen"]
    assert {m["stance"] for m in motions} == {"in_progress"}


def test_a_compound_cut_at_its_dash_or_a_party_is_no_submitter() -> None:
    text = ("Bij de stemmingen (Stemmingen moties Vreemdelingen- en asielbeleid) heeft uw Kamer de motie "
            "Voordewind c.s. (Kamerstuk 19 637, nr. 2301) aangenomen.\n\nMoties VVD Motie van het lid Jansen "
            "(Kamerstuk 29 383, nr. 168) is ingediend.")
    motions, _ = answers(text)
    assert sorted((m["number"], tuple(m["submitters"])) for m in motions) == [(168, ("Jansen",)),
                                                                               (2301, ("Voordewind",))]


def test_kamerstuknr_does_not_end_a_sentence() -> None:
    text = "De aanvaarde motie-Vliegenthart (Kamerstuknr. 2012–2013, CII, B) vraagt om een analyse."
    assert len(sentence_spans(text)) == 1


# -- a fractie's inbreng (verslag, nota naar aanleiding van het verslag) -----------------------------


def test_a_fractie_proposal_in_its_inbreng_is_a_position_only_when_the_cabinet_answers_it() -> None:
    text = ("De leden van de SP-fractie stellen voor de grens te verlagen naar tien werknemers. De regering neemt "
            "dit voorstel niet over, omdat de lasten te zwaar worden.\n\n"
            "De leden van de CDA-fractie pleiten voor extra middelen voor kleine gemeenten.")
    got = [(p["party"], p["stance"], p["proposal"]) for p in answers(text)[1]]
    assert got == [("SP", "declined", "de grens te verlagen naar tien werknemers")]


def test_the_fractie_s_own_words_are_not_read_as_the_cabinet_s_answer() -> None:
    text = ("De leden van de D66-fractie pleiten ervoor de termijn te verkorten. Deze leden zijn geen voorstander "
            "van een helmplicht. Zij zijn geen voorstander van een verbod.")
    assert answers(text)[1] == []


def test_a_proposal_of_the_members_of_a_fractie_answered_by_the_minister() -> None:
    text = ("Het voorstel van de leden van de VVD-fractie om snorfietsen op alle fietspaden te verbieden neem ik "
            "niet over.")
    assert [(p["party"], p["stance"], p["proposal"]) for p in answers(text)[1]] == [
        ("VVD", "declined", "snorfietsen op alle fietspaden te verbieden")]


def test_the_fracties_proposal_to_a_committee_is_no_cabinet_position() -> None:
    text = ("Op voorstel van de leden van de fracties van GroenLinks-PvdA en NSC heeft de commissie besloten een "
            "rondetafelgesprek te houden.")
    assert answers(text)[1] == []


@pytest.mark.parametrize("text", [
    "Daarnaast willen deze leden weten of de motie van het lid Jansen (Kamerstuk 99 952, nr. 7) is uitgevoerd.",
    "Is de motie van het lid Jansen (Kamerstuk 99 952, nr. 7) inmiddels uitgevoerd?",
])
def test_a_question_about_a_motion_is_no_answer(text: str) -> None:
    assert [(m["number"], m["stance"]) for m in answers(text)[0]] == [(7, "noted")]


# -- party proposals in further forms (independent probe) -------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("De suggestie van de SP-fractie om een meldpunt in te richten neem ik graag over.", [("SP", "executed")]),
    ("Met de PVV ben ik van mening dat de grenscontroles moeten worden versterkt.", [("PVV", "already_policy")]),
    ("Ik ben het eens met de PvdD dat het welzijn van dieren voorop moet staan.", [("PvdD", "already_policy")]),
    ("Ik begrijp de wens van BBB om de regels te versoepelen, maar ik zie geen ruimte om de termijn te verlengen.",
     [("BBB", "declined")]),
    ("Het pleidooi van NSC voor een onafhankelijke toezichthouder steun ik.", [("NSC", "already_policy")]),
    ("De oproep van de ChristenUnie om meer te doen tegen mensenhandel onderschrijf ik.",
     [("ChristenUnie", "already_policy")]),
    ("Anders dan JA21 voorstelt, kies ik niet voor een verlaging van de drempel.", [("JA21", "declined")]),
    ("Zoals door de leden van de CDA-fractie gevraagd, heeft het kabinet de regeling geëvalueerd.",
     [("CDA", "executed")]),
    ("De VVD heeft gevraagd om een overzicht van de kosten; daartoe stuur ik u bijgaand een overzicht.",
     [("VVD", "executed")]),
    ("Op verzoek van Volt heb ik de Europese Commissie om een reactie gevraagd.", [("Volt", "executed")]),
    ("Het voorstel van GL-PvdA om de huurtoeslag te verhogen is niet in lijn met het regeerprogramma.",
     [("GroenLinks-PvdA", "declined")]),
    ("Het voorstel van de fractie van D66 om een burgerberaad te organiseren neemt het kabinet over.",
     [("D66", "executed")]),
    ("Het kabinet deelt de zorg van DENK over discriminatie op de arbeidsmarkt.", [("DENK", "already_policy")]),
    ("Aan het verzoek van de SP om de cijfers te publiceren is inmiddels voldaan.", [("SP", "executed")]),
    ("Ik heb de suggestie van D66 om de wet te evalueren overgenomen.", [("D66", "executed")]),
    ("Het idee van Volt om een Europese databank op te zetten, steun ik niet.", [("Volt", "declined")]),
    ("De wens van 50PLUS om de AOW-leeftijd te bevriezen, deelt het kabinet niet.", [("50PLUS", "declined")]),
])
def test_party_positions_in_further_forms(text: str, expected: list) -> None:
    assert positions(text) == expected


@pytest.mark.parametrize("text", [
    "In het debat met onder meer de VVD en D66 is gesproken over de toekomst van de landbouw.",
    "De PvdA-wethouder van Amsterdam heeft het plan gesteund.",
    "De motie is met steun van VVD en CDA aangenomen.",
    "De VVD en D66 stemden voor het wetsvoorstel.",
    "Tijdens het commissiedebat hebben de PVV, NSC en BBB vragen gesteld over de asielopvang.",
    "De CDA-motie (Kamerstuk 36 200, nr. 45) is in behandeling.",
    "De motie van het lid Bontenbal (CDA) (Kamerstuk 36 200, nr. 12) is uitgevoerd.",
    "Met steun van de SP heeft de Kamer het amendement aangenomen.",
])
def test_a_party_merely_named_is_no_position(text: str) -> None:
    assert answers(text)[1] == []


# -- motions named through a citation near the word "motie" (extract/nearby.py) --------------------------------


def _by_key(text: str, footnotes: list[dict] | None = None) -> dict:
    return {f"{m['dossier']}-{m['number']}": (m["submitters"], m["stance"]) for m in answers(text, footnotes)[0]}


def test_a_citation_after_the_verb_with_the_members_named_before_the_word() -> None:
    text = ("Tijdens het commissiedebat van 3 maart hebben de leden Veenstra (VVD) en El Amrani (SP) een motie "
            "ingediend (Kamerstuk 30 111, nr. 42) over de handhaving. Uw Kamer heeft de motie aangenomen.\n\n"
            "De handhavers controleren sinds 1 mei dubbel zo vaak. Daarmee is de motie uitgevoerd.")
    assert _by_key(text) == {"30111-42": (["Veenstra", "El Amrani"], "executed")}


def test_a_list_of_motions_by_subject_answered_later_by_subject() -> None:
    text = ("Het gaat om een motie over de tarieven voor het openbaar vervoer (Kamerstuk 30 222, nr. 7), over een "
            "onderzoek naar de bereikbaarheid van dorpen (Kamerstuk 30 222, nr. 8) en over de nachttreinen "
            "(Kamerstuk 30 222, nr. 9).\n\nDe motie over de tarieven voor het openbaar vervoer voer ik niet uit.\n\n"
            "De motie over de bereikbaarheid van dorpen wordt betrokken bij de uitwerking van de mobiliteitsvisie.")
    got = _by_key(text)
    assert got["30222-7"][1] == "declined" and got["30222-8"][1] == "in_progress" and got["30222-9"][1] == "noted"


def test_a_citation_later_in_the_sentence_completes_the_mention_it_follows() -> None:
    text = ("De motie van de leden Pauw en Oktay over de bibliotheken, bekend onder kenmerk 30 333, nr. 5, vraagt "
            "om een landelijk fonds. Dat fonds komt er niet; ik voer deze motie daarom niet uit.")
    assert _by_key(text) == {"30333-5": (["Pauw", "Oktay"], "declined")}


def test_a_letter_cited_after_the_word_motie_is_no_motion() -> None:
    text = ("Bij brief van 3 maart heb ik u bericht hoe ik de motie van het lid Vink (Kamerstuk 30 444, nr. 6) wil "
            "uitvoeren, en dat ik u voor 1 april een uitwerking zou sturen (Kamerstuk 30 444, nr. 8).")
    assert set(_by_key(text)) == {"30444-6"}
    zie = ("Motie van het lid Vink over de bibliotheken (30 444, nr. 6) Afgedaan. Zie de brief van 12 september "
           "2019 (Kamerstuk 30 444, nr. 9).")
    assert _by_key(zie) == {"30444-6": (["Vink"], "executed")}


def test_the_citation_cell_of_an_overview_row_belongs_to_the_motion_before_it() -> None:
    text = ("De motie van het lid Bos; Verzoekt de regering de regeling te evalueren.\n\n"
            "Kamerstukken II 2020/21, 30 555, nr. 12 (t.v.v. 11)\n\n"
            "In uitvoering. De evaluatie loopt.\n\n"
            "De motie van het lid Bos; Verzoekt de regering een loket te openen.\n\n"
            "Kamerstukken II 2020/21, 30 555, nr. 13\n\n"
            "Niet uitgevoerd. Een loket past niet bij de taken van het fonds.")
    assert _by_key(text) == {"30555-12": (["Bos"], "in_progress"), "30555-13": (["Bos"], "declined")}


def test_a_footnote_marker_glued_to_the_names_before_a_party_gives_the_citation() -> None:
    text = "Op 2 februari heeft uw Kamer de motie van het lid Hamstra (CDA) aangenomen. De motie is uitgevoerd."
    note = [{"marker": "1", "text": "Kamerstuk 30 666, nr. 2", "urls": [], "anchor": text.index(" (CDA)")}]
    assert _by_key(text, note) == {"30666-2": (["Hamstra"], "executed")}


def test_a_heading_with_the_motion_names_one_motion_not_the_word_after_it() -> None:
    text = ("Met deze brief ga ik in op de motie van het lid Terpstra (Kamerstuk 30 777, nr. 5).\n\n"
            "Motie Terpstra\n\nDe motie verzoekt de regering een toets in te voeren. Daarmee is de motie uitgevoerd.")
    assert _by_key(text) == {"30777-5": (["Terpstra"], "executed")}


def test_the_gewijzigde_motie_named_again_without_names() -> None:
    text = ("Hierbij geef ik mijn appreciatie van de gewijzigde motie van het lid Lammers (Kamerstuk 30 888, nr. 10)."
            "\n\nDe gewijzigde motie verzoekt de regering een fonds in te richten. Ik geef de gewijzigde motie "
            "oordeel Kamer.")
    m = only(answers(text)[0])
    assert (m["number"], m["stance"], m["advice"]) == (10, "noted", "oordeel_kamer")


# -- advice before the vote (rules/advice.yaml) ----------------------------------------------------------------


@pytest.mark.parametrize("verdict,advice", [
    ("Als de motie zo gelezen mag worden dat de kosten gedekt zijn, laat ik het oordeel aan uw Kamer.", "oordeel_kamer"),
    ("Deze motie laat ik aan het oordeel van de Kamer.", "oordeel_kamer"),
    ("Aanneming van deze motie moet ik daarom ontraden.", "ontraden"),
    ("De regering ontraadt aanneming van deze motie.", "ontraden"),
    ("Het onderzoek loopt nog; ik acht de motie daarom ontijdig.", "ontijdig"),
    ("Wat de motie vraagt, gebeurt al. De motie is daarmee overbodig.", "overbodig"),
    ("Appreciatie: ondersteuning van beleid.", "ondersteuning_beleid"),
])
def test_the_advice_before_the_vote_per_motion(verdict: str, advice: str) -> None:
    text = f"De motie van het lid Dekker (Kamerstuk 30 999, nr. 3) verzoekt de regering een fonds op te richten. {verdict}"
    m = only(answers(text)[0])
    assert m["advice"] == advice
    assert m["stance"] in (("noted", "already_policy") if advice in ("overbodig", "ondersteuning_beleid") else ("noted",))


def test_the_cabinets_own_work_explains_its_advice_and_is_no_answer_before_the_vote() -> None:
    text = ("De motie van het lid Dekker (Kamerstuk 30 999, nr. 4) verzoekt de regering nationale sancties in te "
            "stellen. Het kabinet zet in op het Europese regime. Ik ontraad deze motie.")
    m = only(answers(text)[0])
    assert (m["stance"], m["advice"]) == ("noted", "ontraden")


def test_advice_given_before_the_vote_reported_after_it_is_a_refusal() -> None:
    text = "Om die reden heeft het kabinet de motie van het lid Dekker (Kamerstuk 30 999, nr. 5) ontraden."
    m = only(answers(text)[0])
    assert (m["stance"], m["advice"]) == ("declined", "ontraden")


def test_the_verdict_of_a_list_form_appreciation_a_few_paragraphs_after_the_motion() -> None:
    text = ("Motie van het lid Bruins over een overgangstermijn (30 999, nr. 6)\n\n"
            "Verzoekt de regering de plicht pas per 2030 te laten ingaan.\n\n"
            "Appreciatie: ontraden.\n\nToelichting: een overgangstermijn past niet bij het stelsel.\n\n"
            "Motie van het lid Kalk over een meldplicht (30 999, nr. 7)\n\n"
            "Verzoekt de regering een meldplicht in te voeren.\n\nAppreciatie: oordeel Kamer.")
    assert [(m["number"], m["advice"], m["stance"]) for m in answers(text)[0]] == [
        (6, "ontraden", "noted"), (7, "oordeel_kamer", "noted")]


def test_a_citation_of_another_stuk_near_the_word_motie_is_no_motion() -> None:
    text = ("Met deze brief ga ik in op de motie van het lid Bos (Kamerstuk 31 111, nr. 3) en op de toezegging die "
            "ik in het debat heb gedaan (Kamerstuk 31 111, nr. 4).")
    assert set(_by_key(text)) == {"31111-3"}
    text = "In deze brief ga ik in op twee moties en op de toezegging over de subsidie (Kamerstuk 31 111, nr. 5)."
    assert _by_key(text) == {}
    text = "Het gaat om een motie over een evaluatie van de regeling (Kamerstuk 31 111, nr. 6). Zij is uitgevoerd."
    assert set(_by_key(text)) == {"31111-6"}


def test_the_letters_subject_numbers_a_motion_the_text_names_by_its_submitters() -> None:
    from kamerspoor.tkletters import read_subject

    subject = read_subject("Voortgang uitvoering motie van het lid Jansen c.s. (Kamerstuk 31999-21) en motie van het "
                           "lid Bakker (Kamerstuk 31999-16)")
    text = ("Met deze brief informeer ik u over de moties Jansen c.s. en Bakker (hierna: de moties). Met de motie "
            "Jansen c.s. is verzocht een voorstel te doen; dat voorstel ligt bij de Raad van State, daarmee is de "
            "motie uitgevoerd.")
    got = {(m["dossier"], m["number"], tuple(m["submitters"])) for m in find_answers(text, [], [], [], subject.motions)[0]}
    assert got == {("31999", 21, ("Jansen",)), ("31999", 16, ("Bakker",))}


def test_motions_named_together_share_one_footnote_that_cites_them_in_order() -> None:
    text = ("Met deze brief informeer ik u over de moties Jansen c.s. en Bakker c.s. (hierna: de moties). "
            "Daarmee is de motie Jansen c.s. uitgevoerd.")
    note = [{"marker": "1", "text": "Kamerstuk 31 999, nr. 21 en Kamerstuk 31 999, nr. 16", "urls": [],
             "anchor": text.index(" Daarmee")}]
    got = {(m["number"], tuple(m["submitters"])) for m in answers(text, note)[0]}
    assert got == {(21, ("Jansen",)), (16, ("Bakker",))}


def test_a_motion_named_later_by_the_head_of_a_compound_or_one_long_word_of_its_subject() -> None:
    text = ("Twee moties gaan over de monitoring: die over een landelijke vogeltelling (Kamerstuk 31 555, nr. 1) "
            "en die over de publicatie van de resultaten (Kamerstuk 31 555, nr. 4).\n\n"
            "Aan de motie over een landelijke telling geef ik geen uitvoering.\n\n"
            "De resultaten staan op de website. Daarmee is ook de motie over de publicatie uitgevoerd.")
    assert _by_key(text) == {"31555-1": ([], "declined"), "31555-4": ([], "executed")}


def test_a_footnote_marker_after_the_motions_subject_gives_its_citation() -> None:
    text = ("Ik ga in op de motie van het lid Bel over een loket voor ondernemers en de motie van het lid Kapel "
            "(Kamerstuk 31 666, nr. 9). Met de opening van het loket is de motie Bel uitgevoerd.")
    note = [{"marker": "1", "text": "Kamerstuk 31 666, nr. 7", "urls": [], "anchor": text.index(" en de motie")}]
    got = _by_key(text, note)
    assert got["31666-7"] == (["Bel"], "executed") and "31666-9" in got


# -- round 2 of issue 15: the forms of forms-15b (Eerste Kamer motions by letter, older overview rows) ---------


@pytest.mark.parametrize(("text", "dossier", "submitters"), [
    ("De Eerste Kamer heeft de motie-Jansma c.s. over de toeslagen (34 100, letter C) aangenomen.", "34100",
     ["Jansma"]),
    ("De motie van het lid Pieters (Kamerstukken I 2020/21, 34 101, E) vraagt om een evaluatie.", "34101", ["Pieters"]),
    ("De motie-Van Rooij (Kamerstuk 35 526, L) vraagt om zeggenschap van de Kamers.", "35526", ["Van Rooij"]),
    ("De motie (34 100, letter C) van het lid Kok vraagt om een verkenning.", "34100", ["Kok"]),
])
def test_an_eerste_kamer_motion_cited_by_letter_keeps_its_dossier_without_a_number(
        text: str, dossier: str, submitters: list[str]) -> None:
    m = only(answers(text)[0])
    assert (m["dossier"], m["number"], m["submitters"]) == (dossier, None, submitters)


def test_a_motion_cited_by_letter_is_no_reference_and_a_promise_answers_it() -> None:
    text = ("De motie van het lid Pieters (Kamerstukken I 2020/21, 34 101, E) vraagt om een evaluatie. "
            "Die evaluatie ontvangt de Eerste Kamer in juni.")
    m = only(answers(text)[0])
    assert (m["stance"], m["rule"]) == ("in_progress", "belofte_in_antwoord")


def test_an_older_overview_row_names_its_motion_by_van_and_the_names_only() -> None:
    text = ("Motie van Dalhuisen en Kempers over betalingstermijnen. 26-02-2009 Algemeen overleg mkb-beleid"
            "(99 965, nr. 41) Afgedaan. Sinds 1 april 2009 betaalt het Rijk binnen dertig dagen.\n\n"
            "Motie van Evers over de kermissen. 14-10-2008 Begrotingsbehandeling EZ(99 964, nr. 5) Deze motie is in "
            "uitvoering.")
    ms = answers(text)[0]
    assert [(m["number"], m["submitters"], m["stance"]) for m in ms] == [
        (41, ["Dalhuisen", "Kempers"], "executed"), (5, ["Evers"], "in_progress")]


@pytest.mark.parametrize("text", [
    "De gewijzigde motie Van Kapel en Sayed (Kamerstuk 99 949, nr. 9) voer ik deels uit.",
    "De motie van Uw Kamer over de kermissen (99 978, nr. 13) is uitgevoerd.",
    "De motie van 12 maart (99 978, nr. 12) is uitgevoerd.",
])
def test_van_before_a_name_particle_or_no_name_gives_no_bare_submitters(text: str) -> None:
    m = only(answers(text)[0])
    assert m["submitters"] in ([], ["Van Kapel", "Sayed"])


@pytest.mark.parametrize(("text", "stance"), [
    ("Naar aanleiding van de motie van het lid Kortenhoeven (Kamerstuk 99 978, nr. 2), die de regering verzoekt de "
     "wachttijden in kaart te brengen, deel ik u mede dat ik voornemens ben de analyse in mei te sturen.", "in_progress"),
    ("De motie van het lid Oord (Kamerstuk 99 978, nr. 4), die vraagt de controles te verdubbelen, voer ik niet uit.",
     "declined"),
    ("De motie van het lid Rasing (Kamerstuk 99 978, nr. 5), die de regering verzoekt een register in te stellen, "
     "is uitgevoerd.", "executed"),
])
def test_the_cabinets_main_clause_after_a_request_in_a_relative_clause_is_read(text: str, stance: str) -> None:
    assert only(answers(text)[0])["stance"] == stance


def test_what_a_motion_asks_stays_unread_when_no_main_clause_follows_it() -> None:
    text = "De motie van het lid Rasing (Kamerstuk 99 978, nr. 5) verzoekt de regering de regeling niet uit te voeren."
    assert only(answers(text)[0])["stance"] == "noted"


def test_aan_deze_motie_heb_ik_uitvoering_gegeven_is_executed() -> None:
    text = ("De motie van de leden Baas en Ter Heide (Kamerstuk 99 978, nr. 3) vraagt scholen vrij te laten. "
            "Aan deze motie heb ik uitvoering gegeven: sinds dit jaar kiezen scholen zelf.")
    assert only(answers(text)[0])["stance"] == "executed"


def test_a_citation_head_right_after_the_names_is_no_part_of_them() -> None:
    text = "Kamerbrief over uitvoering motie Jacobi/Cegerek Kamerstuk 31 409 nr 96. De motie is uitgevoerd."
    m = only(answers(text)[0])
    assert (m["dossier"], m["number"], m["submitters"]) == ("31409", 96, ["Jacobi", "Cegerek"])


def test_a_motion_named_as_the_subject_of_a_letter_does_not_take_the_letters_citation() -> None:
    text = ("De commissie heeft vragen voorgelegd over de brief van 2 mei 2030 over de uitvoering van de motie-Bos "
            "(Kamerstuk 99 990, nr. 9). De motie-Bos (Kamerstuk 99 990, nr. 4) vraagt een regeling. Aan de motie "
            "is daarmee voldaan.")
    got = {(m["number"], tuple(m["submitters"])) for m in answers(text)[0]}
    assert got == {(4, ("Bos",))}


def test_a_letter_that_informs_about_a_motion_keeps_the_motions_citation() -> None:
    text = "Met deze brief informeer ik u over de motie-Bos (Kamerstuk 99 990, nr. 4). Die is uitgevoerd."
    assert {m["number"] for m in answers(text)[0]} == {4}


def test_several_eerste_kamer_letters_in_one_bracket_give_one_motion_of_that_dossier() -> None:
    text = "De moties Terpstra c.s. (99 936 IIA, E, F, en G) zijn uitgevoerd met het nieuwe convenant."
    got = [(m["dossier"], m["number"], m["submitters"], m["stance"]) for m in answers(text)[0]]
    assert got == [("99936-IIA", None, ["Terpstra"], "executed")]


def test_the_reason_of_a_negative_advice_is_no_refusal_before_the_vote() -> None:
    text = ("De motie van het lid Zee (Kamerstuk 99 990, nr. 7) vraagt een verbod per direct. Ik ontraad deze motie: "
            "een verbod per direct is niet uitvoerbaar.")
    m = only(answers(text)[0])
    assert (m["stance"], m["advice"]) == ("noted", "ontraden")


# -- round 4 of issue 15 (/work/notes/forms-15d.md): own sentences in the forms of real letters -----------------


def test_a_request_with_the_kamer_as_its_subject_is_not_the_cabinets_answer() -> None:
    text = ("Met de motie van het lid Smit (Kamerstuk 99 991, nr. 7) verzocht uw Kamer het kabinet een plan te maken "
            "dat in lijn met de wet is.")
    assert only(answers(text)[0])["stance"] == "noted"


def test_overview_rows_whose_vindplaats_is_a_debate_take_the_status_of_the_cell_after_it() -> None:
    text = ("Omschrijving van de motie\n\nVindplaats\n\nStand van Zaken\n\n"
            "De motie van de leden De Boer, Smit en Visser. Verzoeken de regering een uitwisseling van ambtenaren "
            "te regelen.\n\n"
            "Plenair debat Begroting Koninkrijksrelaties d.d. 8 november 2030 (Handelingen II, 2030/31, nr. 19, "
            "item 11)\n\nAfgedaan. De Tweede Kamer is op 15 juni 2031 per brief geïnformeerd.\n\n"
            "De motie het lid van Dalen. Verzoekt de regering duurzaam bouwen te stimuleren.\n\n"
            "Plenair debat Begroting Koninkrijksrelaties d.d. 8 november 2030 (Handelingen II, 2030/31, nr. 19, "
            "item 11)\n\nIn uitvoering. De gesprekken met de eilanden lopen.")
    got = [(m["submitters"], m["stance"]) for m in answers(text)[0]]
    assert got == [(["De Boer", "Smit", "Visser"], "executed"), (["van Dalen"], "in_progress")]


def test_a_dictum_that_names_a_kamerbrief_keeps_the_citation_cell_of_its_row() -> None:
    text = ("De motie van het lid Wit c.s.; Verzoekt de regering bij elke Kamerbrief over nieuw beleid een passage "
            "over de eilanden op te nemen.\n\nKamerstukken II 2030/31, 99 992 IV, nr. 13\n\n"
            "Afgedaan. De Tweede Kamer is op 2 juni 2031 per brief geïnformeerd (Kamerstukken II 2030/31, 99 992 IV, "
            "nr. 85).")
    m = only(answers(text)[0])
    assert (m["number"], m["stance"]) == (13, "executed")


def test_several_motions_of_one_member_in_one_bracket_or_listed_by_subject() -> None:
    text = ("Hierbij informeer ik u over twee moties van het lid Kos inzake de wolf (Kamerstuk 99993-436 en "
            "Kamerstuk 99993-437). Ook reageer ik op de moties van het lid Graus over een registratiesysteem "
            "(Kamerstuk 99993-293) en over onderzoek naar vaccins (Kamerstuk 99993-294).")
    got = [(m["number"], m["submitters"]) for m in answers(text)[0]]
    assert got == [(436, ["Kos"]), (437, ["Kos"]), (293, ["Graus"]), (294, ["Graus"])]


def test_a_short_letter_about_one_motion_is_answered_by_its_closing_promise() -> None:
    text = ("Bij de stemmingen van 21 februari heeft uw Kamer de motie Voorman c.s. (Kamerstuk 99 994, nr. 2301) "
            "aangenomen. Hierbij ontvangt uw Kamer de gevraagde brief.\n\n"
            "Een complex vraagstuk als dit vraagt zorgvuldige bespreking van de motie binnen het kabinet.\n\n"
            "Deze bespreking zal in de eerstvolgende ministerraad plaatsvinden, waarna ik uw Kamer spoedig zal "
            "informeren.")
    paragraphs, pos = [], 0
    for chunk in text.split("\n\n"):
        paragraphs.append({"start": pos, "end": pos + len(chunk), "section": None})
        pos += len(chunk) + 2
    assert only(find_answers(text, paragraphs, [], [])[0])["stance"] == "in_progress"
    # in a long letter the promise two paragraphs on may be about something else: the motion stays noted
    long = "\n\n".join(f"Alinea {i} gaat over de begroting." for i in range(6)) + "\n\n" + text
    paragraphs, pos = [], 0
    for chunk in long.split("\n\n"):
        paragraphs.append({"start": pos, "end": pos + len(chunk), "section": None})
        pos += len(chunk) + 2
    assert only(find_answers(long, paragraphs, [], [])[0])["stance"] == "noted"


def test_the_advice_around_a_long_mention_and_a_name_with_a_capital_outside_ascii() -> None:
    text = "Het kabinet laat het oordeel over de motie van het lid Smit (Kamerstuk 99 995, nr. 7) aan de Kamer."
    assert only(answers(text)[0])["advice"] == "oordeel_kamer"
    row = ("Motie van Çörüz over taakstraffen in de buurt 19-6-2030 Actieplan overlast(99 995, nr. 158) Deze motie is "
           "in uitvoering.")
    m = only(answers(row)[0])
    assert (m["number"], m["submitters"], m["stance"]) == (158, ["Çörüz"], "in_progress")


@pytest.mark.parametrize(("text", "stance"), [
    # letters about motions adopted against the cabinet's advice ("Stand van zaken aangenomen ontraden moties")
    ("De aangenomen ontraden motie van het lid Smit (Kamerstuk 99 996, nr. 7) is inmiddels uitgevoerd.", "executed"),
    ("De motie van het lid Smit (Kamerstuk 99 996, nr. 7), die het kabinet had ontraden, is inmiddels uitgevoerd.",
     "executed"),
    ("Uw Kamer heeft de motie van het lid Smit (Kamerstuk 99 996, nr. 7) aangenomen, hoewel het kabinet die had "
     "ontraden. Ik voer de motie uit.", "in_progress"),
    # before the vote the advice still voids the cabinet's own work as an answer
    ("De motie van het lid Smit (Kamerstuk 99 996, nr. 7) ontraad ik: het kabinet zet al in op een Europees verbod.",
     "noted"),
])
def test_an_advice_named_with_a_motion_adopted_already_voids_no_answer(text: str, stance: str) -> None:
    m = only(answers(text)[0])
    assert (m["stance"], m["advice"]) == (stance, "ontraden")
