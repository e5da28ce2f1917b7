"""Commitments (toezeggingen): cue phrases, actor, due date, kind and the motion or party they answer."""

from __future__ import annotations

import pytest

from kamerspoor.extract.commitments import classify, find_commitments, signer, split_sentences
from kamerspoor.rules import commitment_phrases as cp


def paragraphs_of(text: str) -> list[dict]:
    out, pos = [], 0
    for chunk in text.split("\n\n"):
        out.append({"start": pos, "end": pos + len(chunk), "section": None})
        pos += len(chunk) + 2
    return out


def run(text: str, date: str | None = None, motions=(), parties=()) -> list[dict]:
    return find_commitments(text, date, list(motions), list(parties), paragraphs_of(text))


@pytest.mark.parametrize(
    ("sentence", "kind", "actor"),
    [
        ("Hierover zal uw Kamer te zijner tijd nader worden geïnformeerd.", "inform", "het kabinet"),
        ("Ik zal uw Kamer voor de zomer nader informeren over de uitkomst.", "inform", "ik"),
        ("De Kamer wordt voor 1 juli 2020 nader geïnformeerd over de voortgang.", "inform", "het kabinet"),
        ("Het kabinet zal de Kamer het evaluatierapport toesturen.", "inform", "het kabinet"),
        ("Ik kom hier voor de zomer op terug.", "inform", "ik"),
        ("De Speciaal Gezant voor Religie en Levensovertuiging is tevens, in lijn met de wens van de ChristenUnie "
         "en de SGP, voornemens om een bezoek aan China te brengen.", "act",
         "de Speciaal Gezant voor Religie en Levensovertuiging"),
        ("Het kabinet zal de komende maanden een nieuw actieplan opstellen.", "act", "het kabinet"),
        ("Ik ben voornemens de regeling in 2021 te herzien.", "act", "ik"),
        ("Het kabinet gaat de mogelijkheden voor een nationale regeling onderzoeken.", "act", "het kabinet"),
        ("De minister van Buitenlandse Zaken zal dit punt in de Raad aan de orde stellen.", "act",
         "de minister van Buitenlandse Zaken"),
        ("Het kabinet blijft dit onderwerp agenderen, zowel in de EU als binnen het Wassenaar Arrangement, in de "
         "verwachting dat hier in 2020 vorderingen kunnen worden geboekt.", "continue", "het kabinet"),
        ("Het kabinet blijft zich inzetten om bedrijven te wijzen op hun verantwoordelijkheid.", "continue",
         "het kabinet"),
        ("Het kabinet acht de berichtgeving zeer zorgwekkend en blijft de ontwikkelingen nauwlettend volgen.",
         "continue", "het kabinet"),
        ("Het rapport zal voor de zomer aan uw Kamer worden toegezonden.", "inform", "het kabinet"),
        ("Nederland zal zich blijven inzetten voor de vrijlating van gevangenen.", "act", "Nederland"),
        ("Het kabinet blijft erop aandringen dat de regering de wet intrekt.", "continue", "het kabinet"),
    ],
)
def test_future_directed_cue_is_a_commitment(sentence: str, kind: str, actor: str) -> None:
    found = run(sentence)
    assert len(found) == 1
    assert found[0]["kind"] == kind
    assert found[0]["actor"] == actor
    assert found[0]["text"] == sentence
    assert found[0]["status"] is None  # the letter does not know; the register or the due date tells later


@pytest.mark.parametrize(
    "sentence",
    [
        # current policy, described in the present tense
        "Het kabinet stelt de mensenrechten consequent bilateraal bij de Chinese autoriteiten aan de orde.",
        "Het kabinet verwacht van Nederlandse bedrijven dat zij internationaal maatschappelijk verantwoord ondernemen.",
        "Nederland zet in op heldere verklaringen over de mensenrechtensituatie.",
        # an expectation about others, a hypothetical
        "Het is overigens niet de verwachting van het kabinet dat er snel overeenstemming zal worden bereikt over "
        "de invoering van gekwalificeerde meerderheidsbesluitvorming.",
        "Invoering van besluitvorming per gekwalificeerde meerderheid zou kunnen helpen om de EU slagvaardiger te maken.",
        "De wet zal in 2021 in werking treden.",
        # this letter itself
        "Kamerleden hebben voorstellen gedaan waarop wij verderop in deze brief terugkomen.",
        "Met deze brief informeer ik uw Kamer over de stand van zaken.",
        # idioms of "gaan" and states of "blijven"
        "Om die reden gaat de voorkeur van het kabinet uit naar het instellen van sancties in VN- of EU-verband.",
        "Deze brief gaat specifiek in op de voorstellen en moties uit uw Kamer.",
        "Het kabinet blijft van mening dat dit de juiste aanpak is.",
        "Het kabinet blijft zich zorgen maken over de situatie.",
        "Nederland blijft een betrouwbare partner.",
        "Ik ga ervan uit dat dit lukt.",
        # a motion's clause and a question
        "overwegende dat het kabinet voornemens is de subsidie te beëindigen;",
        "Is de minister bereid de Kamer voor de zomer te informeren?",
        # the noun "toezeggen", and past promises
        "Het toezeggen van (internationale) aandacht draagt bij aan de verdediging van universele mensenrechten.",
        "Zoals eerder aan uw Kamer gemeld heeft het kabinet extra middelen vrijgemaakt.",
    ],
)
def test_no_commitment_without_a_promise(sentence: str) -> None:
    assert run(sentence) == []
    assert classify(sentence) is None


def test_due_date_and_offsets() -> None:
    text = ("Het kabinet blijft dit onderwerp agenderen, in de verwachting dat hier in 2020 vorderingen kunnen "
            "worden geboekt. Hierover zal uw Kamer te zijner tijd nader worden geïnformeerd.")
    found = run(text)
    assert [c["due"] for c in found] == ["2020", None]
    assert all(text[c["start"]:c["start"] + len(c["text"])] == c["text"] for c in found)
    assert found[1]["start"] > found[0]["start"]


def test_relative_due_date_needs_the_document_date() -> None:
    text = "Ik zal uw Kamer binnen zes maanden nader informeren."
    assert run(text, "2020-01-10")[0]["due"] == "2020-07-10"
    assert run(text, None)[0]["due"] is None


def test_ik_is_the_signing_minister_when_the_letter_names_one() -> None:
    text = ("Ik zal uw Kamer voor de zomer nader informeren.\n\n"
            "De Minister van Buitenlandse Zaken,\n\nS.A. Blok")
    assert signer(text) == "de minister van Buitenlandse Zaken"
    assert run(text)[0]["actor"] == "de minister van Buitenlandse Zaken"


def test_commitment_answers_the_motion_mentioned_before_it_in_its_paragraph() -> None:
    text = ("De motie van de leden Van Ojik en Sjoerdsma (Kamerstuk 35 207, nr. 27) verzoekt de regering om een "
            "vergunningsplicht in te stellen. Dat is nog niet gelukt. Het kabinet blijft dit onderwerp agenderen. "
            "Het voorstel van D66 is in lijn met het beleid. Het kabinet zal dit in de Raad bepleiten.\n\n"
            "Het kabinet zal de Kamer in 2021 informeren.")
    motions = [{"dossier": "35207", "number": 27, "submitters": ["Van Ojik", "Sjoerdsma"], "stance": "in_progress",
                "evidence": "Dat is nog niet gelukt.", "start": 0}]
    parties = [{"party": "D66", "proposal": "", "stance": "already_policy",
                "evidence": "Het voorstel van D66 is in lijn met het beleid.", "source_url": None}]
    found = run(text, motions=motions, parties=parties)
    assert [c["answers"] for c in found] == [{"motion": "35207-27"}, {"party": "D66"}, None]
    assert [c["paragraph"] for c in found] == [0, 0, 1]


def test_party_named_in_the_commitment_sentence_itself() -> None:
    text = ("De Speciaal Gezant is, in lijn met de wens van de ChristenUnie en de SGP, voornemens om een bezoek "
            "aan het land te brengen.")
    parties = [{"party": p, "proposal": "", "stance": "in_progress", "evidence": text, "source_url": None}
               for p in ("ChristenUnie", "SGP")]
    answers = run(text, parties=parties)[0]["answers"]
    assert answers["party"] == "ChristenUnie"
    assert answers["parties"] == ["ChristenUnie", "SGP"]


def test_sentences_are_not_cut_at_abbreviations() -> None:
    text = "Zie Kamerstuk 35 207, nr. 29 van 30 september jl. over o.a. China. Het kabinet zal dit doen."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Zie Kamerstuk 35 207, nr. 29 van 30 september jl. over o.a. China.", "Het kabinet zal dit doen."]


def test_letter_commitments(letter_record, letter_scores: dict) -> None:
    texts = [c.text for c in letter_record.commitments]
    assert any("voornemens om een bezoek aan China te brengen" in t for t in texts)
    assert any("blijft dit onderwerp agenderen" in t for t in texts)
    assert any("zal uw Kamer te zijner tijd nader worden geïnformeerd" in t for t in texts)
    assert letter_scores["commitments_recall"] == 1.0
    assert letter_scores["commitment_due"] >= 0.66
    assert letter_scores["commitments_precision"] >= 0.8


@pytest.mark.parametrize(("sentence", "kind", "due"), [
    # present tense, the time phrase before the verb
    ("Voor de zomer van 2023 stuur ik uw Kamer de evaluatie van het boetebeleid.", "inform", "2023-06-21"),
    ("In het voorjaar van 2025 stuur ik uw Kamer een geactualiseerde analyse.", "inform", "2025-06-20"),
    # inverted passive
    ("Over de uitwerking van de sanctievoorstellen wordt uw Kamer te zijner tijd geïnformeerd.", "inform", None),
    # a present-tense act in a relative clause, dated
    ("Beide moties worden betrokken bij het wetsvoorstel, dat ik in het voorjaar van 2024 in internetconsultatie "
     "breng.", "act", "2024-06-20"),
    # the verb right after a fronted quarter or half year
    ("In het eerste kwartaal van 2024 publiceer ik de herziene handreiking voor exporteurs.", "act", "2024-03-31"),
    ("In de eerste helft van 2024 organiseer ik met de sector een rondetafelgesprek.", "act", "2024-06-30"),
    ("Uw Kamer ontvangt voor 1 maart de evaluatie van het steunpakket.", "inform", "2023-03-01"),
])
def test_present_tense_promise_with_a_time_still_to_come(sentence: str, kind: str, due: str | None) -> None:
    found = run(sentence, "2023-01-10")
    assert [(c["kind"], c["due"]) for c in found] == [(kind, due)]


@pytest.mark.parametrize("sentence", [
    "Ik stuur uw Kamer hierbij het jaarverslag.",  # no time still to come: this letter's enclosure
    "Hiermee wordt uw Kamer geïnformeerd over de stand van zaken.",
    "Ik breng dit punt in de Raad steeds op.",
    "Daarom organiseer ik regelmatig rondetafelgesprekken met de sector.",
    "In 2023 publiceerde het kabinet de handreiking voor exporteurs.",
])
def test_present_tense_without_a_future_time_is_no_promise(sentence: str) -> None:
    assert run(sentence, "2023-01-10") == []


@pytest.mark.parametrize("sentence", [
    "Deze bespreking zal in de eerstvolgende ministerraad plaatsvinden, waarna ik uw Kamer spoedig zal informeren.",
    "Via deze brief laat ik U weten dat ik Uw Kamer de gevraagde informatie in oktober zal toesturen.",
])
def test_a_promise_to_inform_in_a_subordinate_clause(sentence: str) -> None:
    assert classify(sentence) is not None


@pytest.mark.parametrize("sentence", [
    "In deze Kamerbrief zal ik een toelichting geven op de voortgang van de moties.",
    "Op 2 juli aanvaardde uw Kamer de motie om te komen met een analyse van de voornemens van de regering.",
])
def test_this_letter_and_the_noun_voornemens_are_no_promise(sentence: str) -> None:
    assert classify(sentence) is None


def test_kamerstuknr_does_not_split_a_commitment() -> None:
    text = ("Naar aanleiding van de motie (Kamerstuknr. 2012–2013, CII, B) deel ik u mede dat ik voornemens ben "
            "de informatie in september 2013 aan uw Kamer te doen toekomen.")
    assert len(split_sentences(text)) == 1


# verslagen and committee letters: what members ask and what the committee plans is no promise of the cabinet
@pytest.mark.parametrize("sentence", [
    "Kan de Minister toezeggen dat hij de Kamer voor de zomer zal informeren over de gevolgen van zo’n verbod?",
    "De commissie zal dit gesprek op 16 mei 2024 organiseren en nodigt daarvoor vervoerders en provincies uit.",
    "De commissie verzoekt u de Kamer voor 1 juni 2024 te informeren over de uitvoering van de motie.",
])
def test_members_requests_and_committee_plans_are_no_commitment(sentence: str) -> None:
    assert run(sentence, "2024-03-08") == []


def test_a_promise_inside_an_answer_to_written_questions() -> None:
    text = ("Antwoord 4\n\nJa. De NVWA voert in het voorjaar een nieuwe steekproef uit. Ik zal uw Kamer voor de "
            "zomer informeren over de uitkomsten van deze steekproef.")
    got = [(c["text"], c["due"]) for c in run(text, "2024-02-14") if "zal uw Kamer" in c["text"]]
    assert got == [("Ik zal uw Kamer voor de zomer informeren over de uitkomsten van deze steekproef.", "2024-06-21")]


@pytest.mark.parametrize("sentence", [
    "Nederland blijft betrokken bij de vredesonderhandelingen.",  # a state, not an action to continue
    "Het kabinet zal zich niet verzetten tegen het voorstel.",  # a negated future
    "Het kabinet zal het voorstel dan ook niet steunen.",
    "Ik heb uw Kamer eerder toegezegd de regeling te evalueren.",
    "Dit zal naar verwachting leiden tot lagere kosten voor huishoudens.",
    "De Raad zal het voorstel in juni bespreken.",
    "Zoals toegezegd, stuur ik u hierbij het onderzoeksrapport.",
    "Uw Kamer is op 12 maart geïnformeerd over de uitkomsten.",
])
def test_states_negations_and_past_promises_are_no_commitment(sentence: str) -> None:
    assert run(sentence, "2024-03-08") == []


@pytest.mark.parametrize(("sentence", "kind", "due"), [
    ("Ik streef ernaar uw Kamer voor de zomer te informeren over de voortgang.", "inform", "2024-06-21"),
    ("Ik verwacht uw Kamer in het najaar te kunnen informeren over de resultaten.", "inform", "2024-12-20"),
    ("Ik streef ernaar de regeling in 2025 in te voeren.", "act", "2025"),
    ("Voor het kerstreces ontvangt uw Kamer de voortgangsrapportage.", "inform", "2024-12-20"),
    ("Het kabinet komt in het voorjaar met een uitwerking van de plannen.", "act", "2024-06-20"),
    ("Het kabinet zal niet alleen de regels aanpassen, maar ook het toezicht versterken.", "act", None),
])
def test_aims_expectations_and_timed_present_tense_promises(sentence: str, kind: str, due: str | None) -> None:
    assert [(c["kind"], c["due"]) for c in run(sentence, "2024-03-08")] == [(kind, due)]


@pytest.mark.parametrize(("sentence", "due"), [
    # the receiver as subject or object; a month without a year is the next such month from the letter's date
    ("Het eindrapport ontvangt u in maart, samen met de reactie van het kabinet.", "2024-03-31"),
    ("Uw Kamer kan de evaluatie van de regeling na de zomer verwachten.", "2024-09-30"),
    ("De kabinetsreactie wordt voor 1 april aan de Kamer gezonden.", "2024-04-01"),
    ("De resultaten van de pilot worden u in het voorjaar toegezonden.", "2024-06-20"),
    # impersonal: a document of the cabinet that follows
    ("De voortgangsrapportage volgt in het tweede kwartaal.", "2024-06-30"),
    ("De reactie op het advies volgt zo snel mogelijk.", None),
])
def test_promises_with_the_receiver_as_subject_or_impersonal(sentence: str, due: str | None) -> None:
    assert [c["due"] for c in run(sentence, "2023-11-20")] == [due]


@pytest.mark.parametrize("sentence", [
    # reports of what was done, and what a motion asks
    "In de bijeenkomsten van juni en september jl. heeft Nederland een verklaring afgelegd in juni en september jl.",
    "Daarin wordt de regering verzocht voor 1 december een overzicht te sturen en een plan in te dienen.",
    "De Tweede Kamer is op 1 juni per brief geïnformeerd over de uitkomsten.",
    "Het rapport van de Inspectie verschijnt in juni.",  # not the cabinet's
])
def test_reports_and_requests_are_no_promise(sentence: str) -> None:
    assert run(sentence, "2023-11-20") == []


def test_a_reported_promise_is_no_new_one_and_an_expected_outcome_is() -> None:
    reported = ("Bij brief van 20 november heb ik u bericht hoe de motie zal worden uitgevoerd en dat ik u voor "
                "1 april een notitie zal doen toekomen.")
    assert run(reported, "2024-03-27") == []
    expected = "De uitkomsten komen naar verwachting in het 1e kwartaal van 2025."
    assert [c["due"] for c in run(expected, "2024-12-08")] == ["2025-03-31"]


def test_the_due_date_of_a_promise_comes_from_its_own_clause() -> None:
    text = "De taskforce is op 1 maart 2023 gestart; de eerste rapportage volgt in het eerste kwartaal van 2024."
    assert [c["due"] for c in run(text)] == ["2024-03-31"]


def test_a_toezegging_an_overview_reports_as_kept_is_no_promise() -> None:
    text = ("De minister zal de Kamer informeren over de voortgang van de woondeals\n\n"
            "Commissiedebat Woningbouw van 8 februari 2023\n\n"
            "Afgedaan. De Kamer is op 20 juni 2023 geïnformeerd.")
    assert run(text, "2023-09-19") == []
    open_one = text.replace("Afgedaan.", "Openstaand.")
    assert len(run(open_one, "2023-09-19")) == 1


@pytest.mark.parametrize("use", cp.USES)
def test_each_named_pattern_is_the_rule_of_its_use(use: str) -> None:
    """commitment_phrases names the patterns with a use in the order of USES: each name is its own use's."""
    assert getattr(cp, use.upper()) is cp.RULES.where(use=use)[0].pattern


def test_a_motion_holds_no_commitments_even_when_it_quotes_a_promise() -> None:
    from kamerspoor.model import Source
    from kamerspoor.pipeline import analyze_text

    promise = "Het kabinet zal de Kamer voor 1 juli 2031 informeren over de uitvoering van het plan."
    motion = ("De Kamer,\n\ngehoord de beraadslaging,\n\n" + promise + "\n\nverzoekt de regering het plan uit te "
              "voeren,\n\nen gaat over tot de orde van de dag.\n\nJansen")
    assert run(promise)  # the sentence alone is a promise
    record = analyze_text(motion, Source.TEXT, metadata={"kind": "motie", "dossier": "99001", "number": 3})
    assert record.document.kind == "motie" and record.commitments == []


# round 4 of issue 15 (/work/notes/forms-15d.md D): own sentences in the forms of real letters
@pytest.mark.parametrize(("sentence", "kind", "due"), [
    ("Naar verwachting kan ik u in maart informeren over de stand van zaken.", "inform", "2024-03-31"),
    ("In de volgende voortgangsrapportage informeer ik uw Kamer over de stand van zaken.", "inform", None),
    ("De uitkomsten van het onderzoek worden voor de zomer met uw Kamer gedeeld.", "inform", "2024-06-21"),
    ("De evaluatie is eind dit jaar gereed, waarna ik deze aan uw Kamer zal sturen.", "inform", "2024-12-31"),
    ("Ik verwacht de uitwerking van de motie in het najaar af te ronden.", "act", "2024-12-20"),
])
def test_promises_with_the_next_report_an_expected_finish_or_the_object_before_the_kamer(
        sentence: str, kind: str, due: str | None) -> None:
    assert [(c["kind"], c["due"]) for c in run(sentence, "2024-03-08")] == [(kind, due)]


@pytest.mark.parametrize("sentence", [
    "Ik kan u melden dat de eerste rapportage is verschenen.",  # "kan ik/ik kan" without a time: a report now
    "In de volgende paragraaf informeer ik u over de kosten.",  # the next part of this letter is no later report
    "Ik verwacht dat de provincies het plan in het najaar afronden.",  # an expectation about others
])
def test_reports_now_and_expectations_about_others_are_no_promise(sentence: str) -> None:
    assert run(sentence, "2024-03-08") == []
