"""rules/dates.py: each Dutch date rule on a sentence as it could stand in a Kamerbrief."""

from __future__ import annotations

import pytest

from kamerspoor.rules.dates import due_date, find_due_dates

DOC = "2019-11-15"  # a letter sent in the autumn of 2019


@pytest.mark.parametrize(
    ("sentence", "doc_date", "due"),
    [
        # full dates, with and without the year
        ("mocht dit niet lukken voor 1 juli 2020, een dergelijke vergunningsplicht in te voeren", None, "2020-07-01"),
        ("Ik zal uw Kamer uiterlijk 1 maart 2021 informeren over de uitkomsten.", None, "2021-03-01"),
        ("Het rapport wordt voor 1 juli aan uw Kamer gezonden.", DOC, "2020-07-01"),
        ("Het rapport wordt voor 1 december aan uw Kamer gezonden.", DOC, "2019-12-01"),
        ("Het rapport wordt voor 1 juli aan uw Kamer gezonden.", None, None),
        # years
        ("Het kabinet blijft dit onderwerp agenderen, in de verwachting dat hier in 2020 vorderingen kunnen worden geboekt.",
         None, "2020"),
        ("De evaluatie wordt in de loop van 2021 afgerond.", None, "2021"),
        ("Het programma loopt tot en met 2023.", None, "2023"),
        ("Ik streef ernaar de wet vóór 2021 in werking te laten treden.", None, "2020-12-31"),
        ("De nieuwe regeling wordt eind 2020 gepubliceerd.", None, "2020-12-31"),
        ("De resultaten volgen begin 2021.", None, "2021-03-31"),
        ("Het onderzoek is medio 2021 gereed.", None, "2021-06-30"),
        # quarters and halves
        ("Ik informeer uw Kamer in het eerste kwartaal van 2021 over de voortgang.", None, "2021-03-31"),
        ("De brief volgt voor het tweede kwartaal van 2021.", None, "2021-04-01"),
        ("De evaluatie volgt in Q3 2021.", None, "2021-09-30"),
        ("De wetswijziging volgt in de eerste helft van 2021.", None, "2021-06-30"),
        ("De uitkomsten komen naar verwachting in het 1e kwartaal van 2022.", None, "2022-03-31"),
        # a quarter without a year: its next occurrence from the letter's date
        ("De voortgangsrapportage volgt in het tweede kwartaal.", DOC, "2020-06-30"),
        ("De voortgangsrapportage volgt in het vierde kwartaal.", DOC, "2019-12-31"),
        # no date: as soon as possible; past months named together with "jl."
        ("De reactie volgt zo snel mogelijk.", DOC, None),
        ("Nederland legde in juni en september jl. een verklaring af.", DOC, None),
        # seasons
        ("Ik zal uw Kamer voor de zomer nader informeren.", DOC, "2020-06-21"),
        ("Ik zal uw Kamer voor de zomer nader informeren.", "2020-02-01", "2020-06-21"),
        ("Ik zal uw Kamer voor de zomer van 2021 een voorstel sturen.", None, "2021-06-21"),
        ("Het kabinet komt in het voorjaar van 2021 met een reactie.", None, "2021-06-20"),
        ("Het kabinet komt na de zomer met een reactie.", DOC, "2020-09-30"),
        ("Het kabinet komt dit najaar met een reactie.", "2019-09-01", "2019-12-20"),
        ("Het kabinet komt voor de zomer met een reactie.", None, None),
        # recesses and Prinsjesdag
        ("De Kamer ontvangt de nota voor het zomerreces.", DOC, "2020-07-01"),
        ("De Kamer ontvangt de nota voor het kerstreces.", DOC, "2019-12-20"),
        ("De Kamer ontvangt de voorstellen voor Prinsjesdag.", "2020-01-10", "2020-09-15"),
        # the end of a recess, after it, the other recesses (35 165, nr. 9 of 14 juni 2019)
        ("Deze zal ik uiterlijk voor het einde van het zomerreces aan uw Kamer zenden.", "2019-06-14", "2019-09-01"),
        ("De Kamer ontvangt de nota uiterlijk voor het zomerreces.", DOC, "2020-07-01"),
        ("De Kamer ontvangt de nota tijdens het zomerreces.", DOC, "2020-09-01"),
        ("De Kamer ontvangt de nota na het zomerreces.", "2019-06-14", "2019-09-30"),
        ("De Kamer ontvangt de nota voor het einde van het kerstreces.", "2019-12-01", "2020-01-07"),
        ("De Kamer ontvangt de nota na het kerstreces.", DOC, "2020-01-31"),
        ("De Kamer ontvangt de nota voor het voorjaarsreces.", DOC, "2020-02-14"),
        ("De Kamer ontvangt de nota voor het meireces.", DOC, "2020-04-26"),
        ("De Kamer ontvangt de nota voor het herfstreces van 2020.", DOC, "2020-10-18"),
        ("De Kamer ontvangt de nota aan het einde van het kerstreces van 2020.", DOC, "2021-01-07"),
        # this year, next year
        ("Ik zal de Kamer voor het einde van het jaar informeren.", DOC, "2019-12-31"),
        ("Ik zal de Kamer voor het eind van dit jaar informeren.", DOC, "2019-12-31"),
        ("Het plan wordt later dit jaar gepresenteerd.", DOC, "2019"),
        ("Het plan wordt volgend jaar gepresenteerd.", DOC, "2020"),
        ("Het plan wordt begin volgend jaar gepresenteerd.", DOC, "2020-03-31"),
        # months
        ("De Minister zal de Kamer in maart 2021 informeren.", None, "2021-03-31"),
        ("De Minister zal de Kamer in maart informeren.", DOC, "2020-03-31"),
        ("De Minister zal voor maart 2021 een brief sturen.", None, "2021-03-01"),
        ("zoals de Minister in maart jl. heeft gemeld", DOC, None),
        # durations from the document date
        ("Het kabinet zal binnen zes maanden met een voorstel komen.", DOC, "2020-05-15"),
        ("Het kabinet zal binnen drie weken antwoorden.", DOC, "2019-12-06"),
        ("Het kabinet zal binnen een half jaar rapporteren.", DOC, "2020-05-15"),
        ("Het kabinet zal binnen 30 dagen antwoorden.", DOC, "2019-12-15"),
        ("Het kabinet zal binnen zes maanden met een voorstel komen.", None, None),
        # no date
        ("Hierover zal uw Kamer te zijner tijd nader worden geïnformeerd.", DOC, None),
        ("Ik informeer uw Kamer zo spoedig mogelijk.", DOC, None),
        ("Het kabinet blijft de ontwikkelingen nauwlettend volgen.", DOC, None),
    ],
)
def test_due_date_rule(sentence: str, doc_date: str | None, due: str | None) -> None:
    assert due_date(sentence, doc_date) == due


def test_past_dates_are_skipped_when_the_document_date_is_known() -> None:
    sentence = "Zoals in 2018 toegezegd zal ik uw Kamer voor de zomer informeren."
    assert due_date(sentence, DOC) == "2020-06-21"
    assert due_date(sentence, None) == "2018"  # without a document date a year is taken as it stands


def test_find_due_dates_gives_every_phrase_in_text_order() -> None:
    found = find_due_dates("Voor 1 juli 2020 een besluit, in 2021 de uitvoering.", None)
    assert [v for _, v in found] == ["2020-07-01", "2021"]
    assert found[0][0] < found[1][0]


def test_bad_document_date_is_treated_as_unknown() -> None:
    assert due_date("binnen zes maanden", "geen datum") is None
    assert due_date("in 2020", "2019-13-45") == "2020"


def test_half_of_a_month() -> None:
    assert due_date("ik zal u de informatie in de tweede helft van oktober 2013 toesturen", "2013-09-25") == "2013-10-31"
    assert due_date("in de eerste helft van oktober 2013", "2013-09-25") == "2013-10-15"


def test_a_duration_counted_from_another_event_has_no_date() -> None:
    assert due_date("De regering zal de wet binnen drie jaar na inwerkingtreding evalueren.", "2024-03-20") is None
    assert due_date("De regering zal de wet binnen drie jaar evalueren.", "2024-03-20") == "2027-03-20"


@pytest.mark.parametrize(("due", "last_day"), [
    ("2020", "2020-12-31"),
    ("2024-02", "2024-02-29"),
    ("2023-02", "2023-02-28"),
    ("2020-07-01", "2020-07-01"),
    ("2020-13", None),
    ("voor de zomer", None),
    (None, None),
])
def test_a_due_date_counts_until_the_end_of_its_period(due: str | None, last_day: str | None) -> None:
    from kamerspoor.rules.dates import due_by

    assert due_by(due) == last_day


def test_a_date_rule_with_a_reader_that_does_not_exist_names_the_file_and_the_rule(tmp_path) -> None:
    from kamerspoor.model import InputError
    from kamerspoor.rules.dates import load_rules

    path = tmp_path / "dates.yaml"
    path.write_text("rules:\n  - id: ooit\n    pattern: 'ooit'\n    reader: someday\n    example: 'ooit'\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="rule 'ooit': unknown reader 'someday'") as e:
        load_rules(path)
    assert str(path) in str(e.value)


@pytest.mark.parametrize(("value", "partial", "ok"), [
    ("2024-02-29", False, True),
    ("2023-02-29", False, False),  # no such day
    ("20240101", False, False),  # fromisoformat takes it; the filters do not
    ("2024-W01-1", False, False),
    ("2024", False, False),
    ("2024", True, True),
    ("2024-12", True, True),
    ("2024-13", True, False),
    ("", True, False),
])
def test_a_filter_date_is_a_real_day_written_in_full(value, partial, ok):
    from kamerspoor.rules.dates import is_date

    assert is_date(value, partial=partial) is ok
