"""The kind of a Kamerstuk (rules/kinds.yaml, rules/kinds.py): one classifier for type, title, text and subject."""

from __future__ import annotations

import pytest

from kamerspoor import pipeline, read
from kamerspoor.fetch import oep
from kamerspoor.model import Kind, Source
from kamerspoor.rules import kinds


@pytest.mark.parametrize(("published", "kind"), [
    ("Motie", Kind.MOTIE),
    ("Motie (gewijzigd/nader)", Kind.MOTIE),
    ("Gewijzigde motie", Kind.MOTIE),
    ("Brief regering", Kind.BRIEF),
    ("Brief", Kind.BRIEF),
    ("Lijst van vragen en antwoorden", Kind.VRAGEN_ANTWOORDEN),
    ("Antwoord schriftelijke vragen", Kind.VRAGEN_ANTWOORDEN),
    ("Nota naar aanleiding van het verslag", Kind.NOTA),
    ("Nota van wijziging", Kind.NOTA),
    ("Verslag van een schriftelijk overleg", Kind.VERSLAG),
    ("Eindverslag", Kind.VERSLAG),
    ("Amendement", Kind.OTHER),
    ("Memorie van toelichting", Kind.OTHER),
    ("", Kind.OTHER),
])
def test_the_kind_of_a_published_type(published: str, kind: Kind) -> None:
    assert kinds.from_type(published) is kind
    # the readers, the fetcher and the record's own values go through the same rules
    assert read.kind_from_type(published) is kind
    assert oep.kamerstuk_kind(published) is kind
    assert kinds.of_value(published) == (kind.value if published else None)


@pytest.mark.parametrize(("title", "kind"), [
    ("MOTIE VAN HET LID JANSEN", Kind.MOTIE),
    ("TWEEDE NADER GEWIJZIGDE MOTIE VAN DE LEDEN A EN B", Kind.MOTIE),
    ("GEWIJZGIDE MOTIE VAN HET LID C", Kind.MOTIE),
    ("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN", Kind.BRIEF),
    ("NOTA NAAR AANLEIDING VAN HET VERSLAG", Kind.NOTA),
    ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", Kind.VERSLAG),
    ("VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE", Kind.VERSLAG),
    ("EINDVERSLAG", Kind.VERSLAG),
    ("LIJST VAN VRAGEN EN ANTWOORDEN", Kind.VRAGEN_ANTWOORDEN),
    ("ANTWOORD OP VRAGEN VAN HET LID D", Kind.VRAGEN_ANTWOORDEN),
    ("JAARVERSLAG EN SLOTWET", Kind.OTHER),
    ("AMENDEMENT VAN HET LID D", Kind.OTHER),
])
def test_the_kind_a_title_names(title: str, kind: Kind) -> None:
    assert kinds.from_title(title) is kind
    assert kinds.from_title(title.lower()) is kind  # titles are compared in capitals


@pytest.mark.parametrize(("text", "kind"), [
    ("De Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering een register in te stellen,\n\n"
     "en gaat over tot de orde van de dag.", Kind.MOTIE),
    ("Vragen van het lid Jansen over wachtlijsten.\n\nVraag 1\n\nKent u het bericht?\n\nAntwoord 1\n\nJa.",
     Kind.VRAGEN_ANTWOORDEN),
    ("Vragen van het lid Jansen over wachtlijsten. Kent u het bericht?", None),  # no answers: not a Q&A
    ("De vaste commissie voor Financiën heeft over de brief enkele vragen en opmerkingen voorgelegd.", Kind.VERSLAG),
    ("Geachte Voorzitter,\n\nHierbij stuur ik u de rapportage.", Kind.BRIEF),
    ("Het register is ingesteld.\n\nDe Minister van Justitie en Veiligheid,\n\nJ. de Vries", Kind.BRIEF),
    ("Een tekst zonder kenmerken.", None),
])
def test_the_kind_the_text_shows_without_a_kop(text: str, kind: Kind | None) -> None:
    assert kinds.from_body(text) is kind


@pytest.mark.parametrize(("kind", "subject", "refined"), [
    ("brief", "Appreciatie van de motie van het lid Jansen over een nationaal register", "appreciatie"),
    ("brief", "Kabinetsappreciatie motie van het lid De Vries over wachtlijsten", "appreciatie"),
    ("brief", "Appreciaties van moties, ingediend tijdens het debat over de jeugdzorg", "appreciatie"),
    ("other", "Appreciatie motie Jansen c.s. over de kustverdediging (Kamerstuk 99901-7)", "appreciatie"),
    ("brief", "Appreciatie van twee amendementen bij het wetsvoorstel", "brief"),  # amendments, no motions
    ("motie", "Appreciatie van de motie", "motie"),  # only a letter (or an unknown kind) is refined
    ("brief", "Overzicht van de openstaande moties en toezeggingen bij de begroting 2026", "overzicht"),
    ("other", "Jaarverslag 2024: stand van de moties en toezeggingen", "overzicht"),
    ("brief", "Stand van zaken moties en toezeggingen cultuur", "brief"),  # a verzamelbrief stays a letter
    ("brief", None, "brief"),
])
def test_a_subject_narrows_the_kind_of_a_letter(kind: str, subject: str | None, refined: str) -> None:
    assert kinds.refine(kind, [subject]) == refined


def test_every_kind_has_a_value_in_the_record_vocabulary() -> None:
    named = {r.get("kind") for r in kinds.load().file.rules if r.get("kind")}
    assert named <= {k.value for k in Kind}
    assert {"appreciatie", "overzicht"} <= named


def test_a_letter_is_an_appreciatie_by_its_title_or_betreft_line() -> None:
    body = ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2031\n\n"
            "Betreft Appreciatie van de motie van het lid Jansen over een nationaal register\n\n"
            "Geachte Voorzitter,\n\nDe motie van het lid Jansen (Kamerstuk 99901, nr. 7) laat ik aan het oordeel "
            "van de Kamer.\n\nDe Minister van Justitie en Veiligheid,\n\nJ. de Vries\n")
    assert pipeline.analyze_text(body, Source.TEXT).document.kind == "appreciatie"
    # without the Betreft line a letter that also answers an adopted motion is a brief ...
    answered = ("De motie van het lid Bakker (Kamerstuk 99901, nr. 5) is uitgevoerd: het register bestaat sinds "
                "1 januari.\n\nDe Minister")
    plain = body.replace("Betreft Appreciatie van de motie van het lid Jansen over een nationaal register\n\n", "")
    mixed = plain.replace("De Minister", answered, 1)
    assert pipeline.analyze_text(mixed, Source.TEXT).document.kind == "brief"
    titled = pipeline.analyze_text(mixed, Source.TEXT, {"title": "Kabinetsappreciatie motie van het lid Jansen"})
    assert titled.document.kind == "appreciatie"
    # ... and one that only gives advice before the vote is an appreciatie, whatever its title says
    assert pipeline.analyze_text(plain, Source.TEXT).document.kind == "appreciatie"


def test_a_jaarverslag_with_the_moties_en_toezeggingen_bijlage_is_an_overzicht() -> None:
    text = ("Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2019–2020\n\n99 990 XVI Jaarverslag 2019\n\n"
            "Nr. 1 JAARVERSLAG VAN HET MINISTERIE VAN VOLKSGEZONDHEID, WELZIJN EN SPORT (XVI) 2019\n\n"
            "Bijlage 3 Moties en toezeggingen\n\nTabel 21 Aangenomen moties\n\n"
            "Motie van het lid Bos over de jeugdzorg (99 991, nr. 15) Afgedaan. De regeling is gestart.\n")
    rec = pipeline.analyze_text(text, Source.TEXT)
    assert rec.document.kind == "overzicht"
    # the same words in a sentence of a letter do not make it one
    letter = ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2031\n\n"
              "In de bijlage vindt u de moties en toezeggingen van dit jaar.\n\nDe Minister van Financiën,\n\nJ. de Vries\n")
    assert pipeline.analyze_text(letter, Source.TEXT).document.kind == "brief"


def test_a_memorie_with_the_older_numbered_moties_en_toezeggingen_paragraph_is_an_overzicht() -> None:
    text = ("Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2010–2011\n\n99 976 XII Vaststelling van de "
            "begrotingsstaten (fictief)\n\nNr. 2 MEMORIE VAN TOELICHTING\n\n"
            "7.3 Moties en Toezeggingen (per 1 juli 2010)\n\nOmschrijving motie Vindplaats Stand van zaken\n\n"
            "Motie van Aptroot over spitsstroken. De Kamer vraagt de stroken te openen. 12-11-2009 Wetgevingsoverleg "
            "MIRT(99 971 A, nr. 22) Deze motie is in uitvoering.\n")
    rec = pipeline.analyze_text(text, Source.TEXT)
    assert rec.document.kind == "overzicht"
    assert [(m.dossier, m.number, m.submitters, m.stance.value) for m in rec.motions] == [
        ("99971-A", 22, ["Aptroot"], "in_progress")]


def test_refine_by_advice_needs_advice_and_nothing_answered_after_a_vote() -> None:
    advised = {"advice": "ontraden", "stance": "noted"}
    assert kinds.refine_by_advice("brief", [advised, {"advice": None, "stance": "noted"}]) == "appreciatie"
    assert kinds.refine_by_advice("brief", [advised, {"advice": None, "stance": "executed"}]) == "brief"
    assert kinds.refine_by_advice("brief", [{"advice": "ontraden", "stance": "declined"}]) == "brief"
    assert kinds.refine_by_advice("verslag", [advised]) == "verslag"
    assert kinds.refine_by_advice("brief", []) == "brief"
