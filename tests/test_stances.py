"""The stance rules (rules/stances.yaml): each rule on its example sentence, negation, hedges, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamerspoor.model import InputError, Stance
from kamerspoor.rules import stances
from kamerspoor.rules.stances import StanceHit, classify, combine, find_stances, load_rules

RULES = load_rules()


# every rule firing on its example, ids unique, sources named: tests/test_rules.py (for every rule file)
def test_every_stance_has_a_rule_that_signals_it() -> None:
    assert {r.stance for r in RULES} == set(Stance)


# real sentences from the letter 35 207, nr. 32 (short quotes) and the stance a reader gives them
@pytest.mark.parametrize("sentence,stance", [
    ("Dit verzoek ondersteunt het huidige beleid met betrekking tot de ekv.", Stance.ALREADY_POLICY),
    ("Het kabinet deelt de analyse van de PvdA dat het bij mensenrechten om universele rechten gaat.",
     Stance.ALREADY_POLICY),
    ("Het kabinet blijft dit onderwerp agenderen, zowel in de EU als binnen het Wassenaar Arrangement.",
     Stance.IN_PROGRESS),
    ("Dat is tot op heden nog niet gelukt, omdat er binnen de Raad grote verdeeldheid bleek te zijn.",
     Stance.IN_PROGRESS),
    ("Het kabinet is geen voorstander van beperkende handelsmaatregelen als drukmiddel.", Stance.DECLINED),
    ("Het kabinet heeft, in lijn met de gewijzigde motie, extra middelen vrijgemaakt om in te zetten op "
     "bewustwording.", Stance.EXECUTED),
    ("De Speciaal Gezant is tevens, in lijn met de wens van de ChristenUnie en de SGP, voornemens om een "
     "bezoek aan China te brengen.", Stance.IN_PROGRESS),
])
def test_real_sentences_get_the_stance_a_reader_gives_them(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance


def test_unknown_phrasing_is_noted_never_guessed() -> None:
    assert classify("De ambassade in Peking heeft de beschikking over een gedelegeerd Mensenrechtenfonds.")[0] \
        is Stance.NOTED
    assert classify("")[0] is Stance.NOTED


def test_a_negated_positive_phrase_does_not_count_as_agreement() -> None:
    fired = {h.rule for h in find_stances("Dit voorstel is niet in lijn met het kabinetsbeleid.")}
    assert "in_lijn_met" not in fired
    assert classify("Dit voorstel is niet in lijn met het kabinetsbeleid.")[0] is Stance.DECLINED
    assert classify("Het kabinet is niet voornemens een gezant te benoemen.")[0] is Stance.NOTED


def test_a_hedge_voids_agreement_in_its_own_sentence() -> None:
    sentence = ("Invoering van besluitvorming per gekwalificeerde meerderheid, zoals D66 bepleit, zou kunnen "
                "helpen om de EU op die terreinen slagvaardiger te maken.")
    assert "zoals_bepleit" in {h.rule for h in find_stances(sentence)}
    assert classify(sentence)[0] is Stance.NOTED


def _hit(stance: Stance, rule: str = "r") -> StanceHit:
    return StanceHit(rule, stance, 0, 1)


@pytest.mark.parametrize("found,expected", [
    ([Stance.DECLINED, Stance.IN_PROGRESS], Stance.PARTIAL),   # one part refused, another worked on
    ([Stance.ALREADY_POLICY, Stance.DECLINED], Stance.PARTIAL),
    ([Stance.DECLINED], Stance.DECLINED),
    ([Stance.ALREADY_POLICY, Stance.EXECUTED], Stance.EXECUTED),  # done beats merely in line
    ([Stance.ALREADY_POLICY, Stance.IN_PROGRESS], Stance.IN_PROGRESS),
    ([Stance.EXECUTED, Stance.PARTIAL], Stance.PARTIAL),
    ([Stance.NOTED], Stance.NOTED),
    ([], Stance.NOTED),
])
def test_stances_combine_by_a_fixed_precedence(found: list[Stance], expected: Stance) -> None:
    assert combine([_hit(s) for s in found])[0] is expected


def test_the_deciding_hits_are_returned_for_the_evidence() -> None:
    stance, deciding = combine([_hit(Stance.ALREADY_POLICY, "a"), _hit(Stance.EXECUTED, "b")])
    assert stance is Stance.EXECUTED and [h.rule for h in deciding] == ["b"]


@pytest.mark.parametrize("content,problem", [
    ("rules:\n  - {id: a, stance: maybe, pattern: 'x', example: 'x'}\n", "unknown stance 'maybe'"),
    ("rules:\n  - {id: a, stance: noted, pattern: '(', example: 'x'}\n", "bad pattern"),
    ("rules:\n  - {id: a, stance: noted, pattern: 'x', example: 'x'}\n"
     "  - {id: a, stance: noted, pattern: 'y', example: 'y'}\n", "duplicate id 'a'"),
    ("rules:\n  - {id: a, stance: noted, pattern: 'x'}\n", "missing or empty 'example'"),
    ("nothing: here\n", "a list under 'rules'"),
    ("rules: [\n", "not valid YAML"),
])
def test_a_bad_rule_file_is_a_clear_input_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "stances.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_a_missing_rule_file_is_a_clear_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read stance rules"):
        load_rules(tmp_path / "absent.yaml")


# verzamelbrief wording (held-out letters, tests/fixtures/heldout): the separable verb in a main clause and
# the inverted word order of "Deze motie beschouw ik als afgedaan"
@pytest.mark.parametrize("sentence,stance,rule", [
    ("Deze motie beschouw ik hiermee als afgedaan.", Stance.EXECUTED, "motie_beschouw_afgedaan"),
    ("Daarmee is de motie uitgevoerd.", Stance.EXECUTED, "motie_beschouw_afgedaan"),
    ("Daarmee is aan het verzoek uit de motie voldaan.", Stance.EXECUTED, "verzoek_voldaan"),
    ("Hiermee is aan de motie voldaan.", Stance.EXECUTED, "verzoek_voldaan"),
    ("Ik streef ernaar dat het stelsel op 1 januari 2025 in werking treedt.", Stance.IN_PROGRESS, "streeft_ernaar"),
    ("Er wordt gewerkt aan een gezamenlijk non-paper.", Stance.IN_PROGRESS, "wordt_gewerkt_aan"),
    ("Beide moties worden betrokken bij de uitwerking van het wetsvoorstel.", Stance.IN_PROGRESS,
     "wordt_gewerkt_aan"),
    ("Ik voer de motie gedeeltelijk uit: de Kieswet wordt aangepast.", Stance.PARTIAL, "gedeeltelijk"),
    ("Zoals ik in het debat heb aangegeven, voer ik deze motie niet uit.", Stance.DECLINED, "niet_uit_separable"),
    ("Het kabinet neemt de motie daarom niet over.", Stance.DECLINED, "niet_uit_separable"),
    ("Het voorstel om een coördinator aan te stellen, steunt het kabinet niet.", Stance.DECLINED, "steunt_niet"),
])
def test_verzamelbrief_wording(sentence: str, stance: Stance, rule: str) -> None:
    stance_got, deciding = classify(sentence)
    assert stance_got is stance
    assert rule in {h.rule for h in deciding}


def test_a_negation_right_after_a_positive_phrase_voids_it() -> None:
    assert "steunt_financiert" not in {h.rule for h in find_stances("Dit voorstel steunt het kabinet niet.")}
    assert classify("Dit voorstel steunt het kabinet van harte.")[0] is Stance.ALREADY_POLICY
    # "voldaan" alone (a payment, a condition) is no answer to a motion
    assert classify("Aan de voorwaarden voor subsidie is voldaan.")[0] is Stance.NOTED


@pytest.mark.parametrize("sentence,stance", [
    ("Het kabinet kwalificeert de motie als «ondersteuning van beleid».", Stance.ALREADY_POLICY),
    ("Uitvoering van deze motie vindt plaats samen met de uitvoerders.", Stance.IN_PROGRESS),
])
def test_qualifications_of_a_motion(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] == stance


# answers to a fractie's proposal in a verslag or nota naar aanleiding van het verslag (constructed sentences)
@pytest.mark.parametrize("sentence,stance", [
    ("Het voorstel om snorfietsen op alle fietspaden te verbieden neem ik niet over.", Stance.DECLINED),
    ("Daarom heb ik in de Voorjaarsnota € 20 miljoen extra vrijgemaakt voor kleine gemeenten.", Stance.EXECUTED),
    ("De regering heeft deze suggestie overgenomen: bij de nota van wijziging is artikel IV aangepast.",
     Stance.EXECUTED),
    ("De regering heeft deze suggestie niet overgenomen.", Stance.DECLINED),
])
def test_answers_to_a_fractie_s_proposal(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance


# answers to motions and proposals in letters on human rights (held-out QA round 3; constructed sentences in
# the wording of real Kamerbrieven)
@pytest.mark.parametrize("sentence,stance,rule", [
    ("De motie wordt in de geest ervan uitgevoerd: Nederland financiert sinds dit jaar een documentatiecentrum.",
     Stance.EXECUTED, "in_de_geest_uitgevoerd"),
    ("Hieraan is gevolg gegeven: sinds 1 juli 2025 geldt een nationale vergunningplicht.", Stance.EXECUTED,
     "hieraan_gevolg_gegeven"),
    ("Daaraan heeft het kabinet uitvoering gegeven met de nieuwe regeling.", Stance.EXECUTED,
     "hieraan_gevolg_gegeven"),
    ("Het wetsvoorstel is in voorbereiding.", Stance.IN_PROGRESS, "in_voorbereiding"),
    ("Het kabinet onderschrijft het doel, maar een volledig verbod is binnen de dual-use verordening juridisch "
     "niet mogelijk.", Stance.PARTIAL, "niet_wenselijk"),
    ("Het kabinet heeft, zoals de SP voorstelde, het budget verhoogd.", Stance.ALREADY_POLICY, "zoals_bepleit"),
])
def test_human_rights_letter_wording(sentence: str, stance: Stance, rule: str) -> None:
    stance_got, deciding = classify(sentence)
    assert stance_got is stance
    assert rule in {h.rule for h in deciding}


@pytest.mark.parametrize("sentence,stance", [
    ("Een wetsvoorstel is niet in voorbereiding.", Stance.NOTED),
    ("Het is technisch niet mogelijk gebleken de data te herstellen.", Stance.NOTED),
    ("De motie is in de geest van het regeerakkoord opgesteld.", Stance.NOTED),
])
def test_human_rights_letter_wording_stays_precise(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance


@pytest.mark.parametrize("sentence,stance", [
    ("De motie wordt uitgevoerd.", Stance.IN_PROGRESS),
    ("Daarmee is de motie uitgevoerd.", Stance.EXECUTED),
    ("Het kabinet voert deze motie uit: Nederland heeft een verklaring voorgesteld.", Stance.IN_PROGRESS),
    ("Het kabinet voert deze motie niet uit.", Stance.DECLINED),
    ("Het voorstel van de SGP om scholen te betrekken neemt het kabinet over.", Stance.EXECUTED),
    ("Het kabinet neemt het voorstel niet over.", Stance.DECLINED),
])
def test_present_tense_carrying_out_and_adopting(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance



@pytest.mark.parametrize("sentence,stance", [
    ("Dit pleidooi steun ik niet.", "declined"),  # steun_ik negated, steunt_niet fires
    ("Ik ben het niet eens met de SP.", "noted"),  # a negated agreement is no agreement
    ("Aan het verzoek is niet voldaan.", "noted"),
    ("Zoals D66 vroeg, heeft het kabinet het fonds verhoogd.", "executed"),
    # a committee acting on a fractie's proposal is no answer of the cabinet
    ("Op voorstel van de leden van de VVD-fractie heeft de commissie besloten een hoorzitting te houden.", "noted"),
])
def test_first_person_and_fronted_answers_to_a_proposal(sentence: str, stance: str) -> None:
    assert classify(sentence)[0].value == stance


@pytest.mark.parametrize("content", [
    "stances: {executed: positive, partial: partial, declined: refusal}\nrules: []\n",  # no hedge
    "stances: {executed: positive, maybe: partial, declined: refusal, noted: hedge}\nrules: []\n",  # no such value
    "stances: {executed: best, partial: partial, declined: refusal, noted: hedge}\nrules: []\n",  # no such part
    "rules: []\n",
])
def test_the_parts_of_the_stance_values_are_checked(tmp_path: Path, content: str) -> None:
    path = tmp_path / "stances.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        stances._roles(path)
    assert str(path) in str(err.value) and "stances" in str(err.value)


def test_the_parts_come_from_the_rule_file() -> None:
    assert stances.ROLE_OF.positive == (Stance.EXECUTED, Stance.IN_PROGRESS, Stance.ALREADY_POLICY)
    assert (stances.ROLE_OF.partial, stances.ROLE_OF.refusal, stances.ROLE_OF.hedge) == (
        Stance.PARTIAL, Stance.DECLINED, Stance.NOTED)



@pytest.mark.parametrize(("sentence", "stance"), [
    # a letter about a motion's deadline: not done within the term is in progress, not refused
    ("Met deze brief laat ik u weten dat de motie niet binnen de gevraagde termijn kan worden afgehandeld.",
     Stance.IN_PROGRESS),
    ("Helaas is het niet haalbaar gebleken de motie vóór de gestelde datum uit te voeren.", Stance.IN_PROGRESS),
    ("Het is niet gelukt dit vóór de genoemde datum af te ronden.", Stance.IN_PROGRESS),
    ("Voor een zorgvuldige uitwerking is meer tijd nodig.", Stance.IN_PROGRESS),
    ("Een register is niet haalbaar.", Stance.DECLINED),
    # the status cell of an overview, after the row's mention (read as "motie") or on its own
    ("motie Afgedaan.", Stance.EXECUTED),
    ("In uitvoering. De gesprekken lopen.", Stance.IN_PROGRESS),
    ("Deels afgedaan. Een landelijke regeling komt er niet.", Stance.PARTIAL),
    ("Niet uitgevoerd. Een verbod is in strijd met Europese regels.", Stance.DECLINED),
    # advice before the vote is no stance; reported after the vote it is a refusal
    ("Ik ontraad deze motie.", Stance.NOTED),
    ("Het kabinet heeft de motie destijds ontraden.", Stance.DECLINED),
])
def test_deadline_status_and_advice_phrases(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance


def test_a_rule_voids_the_stances_it_names_in_its_own_sentence(tmp_path: Path) -> None:
    path = tmp_path / "stances.yaml"
    path.write_text(
        "rules:\n"
        "  - {id: termijn, stance: in_progress, negatable: false, voids: [declined], pattern: 'niet binnen de termijn',"
        " example: 'niet binnen de termijn', source: constructed}\n"
        "  - {id: niet_haalbaar, stance: declined, pattern: 'niet haalbaar', example: 'niet haalbaar', source: c}\n",
        encoding="utf-8")
    rules = load_rules(path)
    assert [h.rule for h in find_stances("Het is niet haalbaar gebleken dit niet binnen de termijn te doen.", rules)] \
        == ["termijn"]
    assert [h.rule for h in find_stances("Dit is niet haalbaar.", rules)] == ["niet_haalbaar"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {id: a, stance: noted, voids: [gone], pattern: a, example: a, source: c}\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match="voids"):
        load_rules(bad)


@pytest.mark.parametrize("sentence", [
    "Vanwege het benodigde overleg kan ik niet op zo korte termijn aan dit verzoek voldoen.",
    "Het gevraagde onderzoek is later klaar dan eerder aangegeven.",
])
def test_more_deadline_forms_are_in_progress(sentence: str) -> None:
    assert classify(sentence)[0] is Stance.IN_PROGRESS


# round 4 of issue 15 (/work/notes/forms-15d.md A): answers in the first person, with the object fronted, and the
# verbs of the letters' subjects (opvolging, afdoen, afgehandeld); own sentences in those forms
@pytest.mark.parametrize("sentence,stance", [
    ("Deze motie voer ik uit; de eerste gesprekken met de provincies zijn gevoerd.", Stance.IN_PROGRESS),
    ("De motie voeren wij graag uit.", Stance.IN_PROGRESS),
    ("De motie voer ik niet uit.", Stance.DECLINED),
    ("Hiermee heb ik uitvoering gegeven aan de motie.", Stance.EXECUTED),
    ("Met deze brief geef ik opvolging aan de motie.", Stance.EXECUTED),
    ("Met deze brief doe ik de motie af.", Stance.EXECUTED),
    ("Met de brief van 3 maart is de motie afgehandeld.", Stance.EXECUTED),
    ("De motie is nog niet afgehandeld.", Stance.NOTED),
    ("Inmiddels ben ik gestart met de uitvoering van de motie.", Stance.IN_PROGRESS),
    ("Over de uitwerking ben ik in gesprek met de gemeenten.", Stance.IN_PROGRESS),
    ("De motie wordt meegenomen in de evaluatie van de wet.", Stance.IN_PROGRESS),
    ("Wat de motie vraagt, gebeurt al: de inspectie controleert jaarlijks.", Stance.ALREADY_POLICY),
    ("Dat doet het kabinet al sinds 2019.", Stance.ALREADY_POLICY),
    ("Op dit moment werk ik de motie uit in een wetsvoorstel.", Stance.IN_PROGRESS),
    ("Naar aanleiding van de motie laat ik een verkenning uitvoeren.", Stance.IN_PROGRESS),
    ("Naar aanleiding van de motie laat ik geen onderzoek uitvoeren.", Stance.NOTED),
    ("Naar aanleiding van de motie heb ik een onderzoek laten uitvoeren.", Stance.EXECUTED),
])
def test_first_person_fronted_and_subject_line_answers_to_a_motion(sentence: str, stance: Stance) -> None:
    assert classify(sentence)[0] is stance
