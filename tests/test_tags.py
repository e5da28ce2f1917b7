"""Themes and instruments per paragraph, from the terms in data/taxonomy.yaml."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from kamerspoor.extract.tags import load_taxonomy, score_paragraph, tag_paragraph, tag_paragraphs
from kamerspoor.model import InputError


def paragraphs_of(text: str) -> list[dict]:
    out, pos = [], 0
    for chunk in text.split("\n\n"):
        out.append({"start": pos, "end": pos + len(chunk), "section": None})
        pos += len(chunk) + 2
    return out


def ids(text: str, heading: bool | None = None) -> set[str]:
    return {i for kind in tag_paragraph(text, heading).values() for i in kind}


def test_paragraph_about_another_country_gets_its_themes() -> None:
    # fictional: no country-specific terms drive a theme
    text = ("In Oostland worden journalisten en bloggers die kritiek uiten op de regering gearresteerd en zonder "
            "eerlijk proces vastgehouden. Gevangenen melden marteling in detentiecentra. De censuur op internet is "
            "verder toegenomen en kranten worden gesloten.")
    got = ids(text)
    assert {"freedom_of_expression", "arbitrary_detention_torture"} <= got
    assert "minority_rights" not in got and "freedom_of_religion" not in got


def test_instruments_of_another_policy_field() -> None:
    text = ("Het kabinet zet in EU-verband in op een wapenembargo en gerichte sancties, waaronder het bevriezen van "
            "tegoeden en een inreisverbod voor verantwoordelijke functionarissen.")
    got = tag_paragraph(text)
    assert "sanctions" in got["instruments"]
    assert "inreisverbod" in got["instruments"]["sanctions"]


def test_compound_heads_match_the_term() -> None:
    # "verdediger" inside "mensenrechtenverdedigers", "minderheid" inside "moslimminderheden"
    assert ids("Steun aan klimaatverdedigers en milieuverdedigers die worden bedreigd.") >= {"human_rights_defenders"}
    scores = score_paragraph("Oeigoeren en andere moslimminderheden worden vastgezet.")
    assert "*minderheid" in scores["minority_rights"][1]
    # a part inside a compound: "surveillance" in "cybersurveillancetechnologie"
    assert "surveillance" in score_paragraph("de inzet van cybersurveillancesystemen")["surveillance_privacy"][1]


def test_look_alike_words_do_not_match() -> None:
    # same stem, different word: "vermindering" is not "minderheid", "kampen met" no camp, names no camp
    assert "minority_rights" not in score_paragraph("een vermindering van de uitstoot")
    assert "arbitrary_detention_torture" not in score_paragraph("De boeren kampen met problemen, zegt Oosterkamp.")
    # a match inside a longer match is dropped: "export" inside "exportkredietverzekering"
    scores = score_paragraph("Er wordt geen exportkredietverzekering verleend.")
    assert "export_control" not in scores and "export_credit_insurance" in scores


def test_passing_mention_does_not_tag_a_body_paragraph() -> None:
    text = ("De minister sprak met de burgemeester over de begroting van de haven, de aanleg van de nieuwe weg en "
            "de plannen voor woningbouw in het centrum. Daarbij kwam ook kort het onderwerp bedrijven aan bod.")
    assert "responsible_business_conduct" not in ids(text)


def test_heading_is_tagged_from_its_own_words() -> None:
    assert ids("Exportcontrole") == {"export_control"}
    assert ids("Gelijke rechten voor vrouwen, meisjes en LHBTI’s") >= {"gender_equality", "lgbti_rights"}
    assert ids("Bedrijven", heading=True) == {"responsible_business_conduct"}
    assert ids("Bedrijven", heading=False) == set()


def test_tag_paragraphs_output_shape_and_terms() -> None:
    text = ("Bedrijven\n\nDe exportkredietverzekering (ekv) wordt niet verleend wanneer er risico's op "
            "mensenrechtenschendingen zijn; de polis wordt geweigerd.")
    themes, instruments = tag_paragraphs(text, paragraphs_of(text), [])
    by_id = {t["id"]: t for t in instruments}
    assert by_id["export_credit_insurance"]["paragraphs"] == [1]
    assert set(by_id["export_credit_insurance"]["terms"]["1"]) >= {"exportkredietverzekering", "=ekv"}
    assert by_id["responsible_business_conduct"]["paragraphs"] == [0]
    assert themes == []


def test_taxonomy_is_data_a_new_id_needs_no_code(tmp_path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump({
        "themes": {"water_management": {"nl": "Waterbeheer", "en": "Water management",
                                        "strong": ["waterschap", "dijkversterking"], "terms": ["rivier"]}},
        "instruments": {},
    }), encoding="utf-8")
    tax = load_taxonomy(path)
    text = "De waterschappen werken aan dijkversterkingen langs de rivieren."
    themes, instruments = tag_paragraphs(text, paragraphs_of(text), [], taxonomy=tax)
    assert themes == [{"id": "water_management", "paragraphs": [0],
                       "terms": {"0": ["waterschap", "dijkversterking", "rivier"]}}]
    assert instruments == []


def test_bad_taxonomy_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("themes: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="taxonomy.yaml"):
        load_taxonomy(path)
    path.write_text("themes:\n  x: [a, b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="themes.x"):
        load_taxonomy(path)


def test_package_taxonomy_has_labels_and_terms_for_every_id() -> None:
    tax = load_taxonomy()
    for kind in ("themes", "instruments"):
        for tid, label in tax.labels[kind].items():
            assert label["nl"] and label["en"], tid
    counted = {t.id for terms in (tax.single, tax.multi, tax.parts) for ts in terms.values() for t in ts}
    assert counted == set(tax.labels["themes"]) | set(tax.labels["instruments"])


def test_package_taxonomy_has_the_shared_ids(shared) -> None:
    spec = yaml.safe_load((shared / "spec" / "taxonomy.yaml").read_text(encoding="utf-8"))
    tax = load_taxonomy()
    for kind in ("themes", "instruments"):
        assert set(spec[kind]) <= set(tax.labels[kind])


def _letter_sections(text: str, gold: dict) -> list[tuple[dict, list[str]]]:
    """(gold section, its paragraphs) found by heading in the raw letter (independent of clean and parse)."""
    found = []
    for g in gold["sections"]:
        if g.get("themes") or g.get("instruments"):
            words = [re.escape(w) for w in g["heading"].replace("’", "'").split()]
            m = re.search(r"(?:^|\n)\s*" + r"\s+".join(words).replace("'", "['’]") + r"\s*\n", text)
            if m:
                found.append((m.end(), g))
    found.sort(key=lambda x: x[0])
    out = []
    for k, (i, g) in enumerate(found):
        body = text[i:found[k + 1][0] if k + 1 < len(found) else len(text)]
        paras = [re.sub(r"\s+", " ", re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", p)).strip()
                 for p in re.split(r"\n\s*\n", body)]
        out.append((g, [p for p in paras if p]))
    return out


def test_letter_sections_get_their_gold_tags(shared, letter_text: str) -> None:
    gold = json.loads((shared / "gold" / "kst-35207-32.gold.json").read_text(encoding="utf-8"))
    sections = _letter_sections(letter_text, gold)
    assert len(sections) >= 15
    want = got = ntags = npar = 0
    for g, paras in sections:
        wanted = set(g.get("themes", []) + g.get("instruments", []))
        tagged = set()
        for p in paras:
            mine = ids(p)
            tagged |= mine
            ntags += len(mine)
            npar += 1
        want += len(wanted)
        got += len(wanted & tagged)
    assert got / want >= 0.85
    assert ntags / npar <= 3


def test_letter_scores_for_tags(letter_scores: dict) -> None:
    assert letter_scores.get("tags_focus", 1.0) == 1.0
    if "tags_recall" in letter_scores and letter_scores.get("sections_recall", 0) >= 0.9:
        assert letter_scores["tags_recall"] >= 0.85



def test_companies_merely_named_are_not_responsible_business_conduct() -> None:
    text = ("In droge zomers komt de levering van drinkwater onder druk te staan. De drinkwaterbedrijven hebben "
            "hun winning uitgebreid. Volgens de waterbedrijven is een structurele aanpak nodig.")
    assert "responsible_business_conduct" not in ids(text)
    rbc = ("Het kabinet verwacht van bedrijven dat zij maatschappelijk verantwoord ondernemen volgens de "
           "OESO-richtlijnen en gepaste zorgvuldigheid betrachten in hun ketens.")
    assert "responsible_business_conduct" in ids(rbc)


def test_labour_exploitation_is_a_labour_rights_theme() -> None:
    assert "labour_rights" in ids("Arbeidsuitbuiting", heading=True)
    assert "labour_rights" in ids("Uit de monitor blijkt dat uitbuiting vaker voorkomt bij malafide uitzendbureaus "
                                  "dan bij andere werkgevers.")


def test_an_emergency_fund_for_threatened_people_is_the_human_rights_fund() -> None:
    text = ("De motie verzoekt de regering het noodfonds voor bedreigde journalisten te verhogen. Het kabinet "
            "heeft het fonds met € 1 miljoen verhoogd.")
    assert "human_rights_fund" in ids(text)


def test_a_run_of_letters_longer_than_any_word_holds_no_term() -> None:
    from kamerspoor.extract.tags import MAX_WORD

    word = "mensenrechtenverdedigers"
    assert score_paragraph(f"De {word} worden beschermd.")
    joined = word * (MAX_WORD // len(word) + 1)  # a line joined without spaces, not a word
    assert score_paragraph(f"De {joined} worden beschermd.") == {}
