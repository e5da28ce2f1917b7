"""Held-out letters: four FICTIONAL Kamerbrieven (dossiers 99 901-99 904, invented names and facts) in styles
the real letter 35 207, nr. 32 does not have, each with a gold file written by hand from its text.

- kst-99901-4: another ministry (SZW), cover block, arabic-numbered sections "2.1 ...", form feeds, footnotes
  on two pages;
- kst-99902-7: a verzamelbrief answering eight motions in several citation forms, two signing ministers;
- kst-99903-12: human rights in another country, party proposals, commitments with relative dates,
  hyphenation cases (Minister-President, EU-lidstaten, "-fracties");
- kst-99904-2: a short letter read from a real PDF, built here with fpdf2 (pypdf text: justified spacing, no
  blank lines between paragraphs);
- kst-99905-3: the text of an officielebekendmakingen document page as saved from a browser: page chrome
  (page-type label, facts table, "Naar boven"), the kop, glued footnote markers (one that swallowed the
  space before the next sentence) and the footnotes under "Noten" at the end of the page.

Four more FICTIONAL Kamerstukken of the other kinds (dossiers 99 951-99 954), PDF text with a kop, running
footers, form feeds, line-break hyphenation and footnotes:

- kst-99951-2: answers to written questions ("ANTWOORD OP VRAGEN VAN HET LID ...", "Vraag 1" / "Antwoord 1"),
  a motion and a promise inside the answers;
- kst-99952-5: a verslag van een schriftelijk overleg: the fracties' inbreng (their own proposals and views,
  no cabinet positions) and the minister's reaction (which takes a stance on two of them);
- kst-99953-6: a nota naar aanleiding van het verslag with numbered sections answering the fracties;
- kst-99954-3: a letter of a vaste commissie to a minister (kind "brief": a letter in form; nothing in it is
  the cabinet's: no commitments, the motion only noted).

Three more FICTIONAL letters on human rights (dossiers 99 961-99 963, QA round 3), written with their gold
before the pipeline ran on them, each varying how the cabinet answers:

- kst-99961-5: human rights in the Gulf states answering four motions ("geeft uitvoering aan", "beschouw ik
  de motie als afgedaan", "onderschrijft het doel, maar", "Dit is reeds staand beleid"), a footnote URL broken
  right after "https://", "Zodra ... zal ik uw Kamer informeren", "Ik kom hier in het najaar op terug";
- kst-99962-3: the cabinet's appreciation of party proposals from a notaoverleg on the EU human rights
  sanctions regime and accountability ("zoals GroenLinks-PvdA voorstelde", "past binnen het bestaande
  beleid", a motion "in de geest ervan uitgevoerd");
- kst-99963-8: business and human rights and export control of surveillance technology: a kop title
  hyphenated over two lines, numbered sections with subsections, "is in voorbereiding", "Hieraan is gevolg
  gegeven", "juridisch niet mogelijk", present-tense promises with a time ("Uw Kamer ontvangt voor 1 maart",
  "In het eerste kwartaal van 2026 publiceer ik").

One more FICTIONAL letter (dossier 99 906) as a typeset PDF, built here with fpdf2 from
kst-99906-4.typeset.txt: kop on page 1, justified lines placed word by word, line-end hyphenation (one word
over the page break), superscript footnote markers in a smaller raised font, footnote bodies in a small font
under a rule (a URL broken over two lines), bold roman headings, italic sub-headings, running footer with the
page number on its own at the right. It is also drawn with the footer first in the content stream, with
markers raised so far that pypdf gives them a line of their own, and with markers set apart from their word.

With ../shared present the records are scored by ../shared/eval/score.py (the scoring the project is judged
by); without it the direct assertions below still check the main results.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from kamerspoor.pipeline import analyze_bytes, analyze_path

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
TEXT_LETTERS = ("kst-99901-4", "kst-99902-7", "kst-99903-12", "kst-99961-5", "kst-99962-3", "kst-99963-8")
OTHER_KINDS = ("kst-99951-2", "kst-99952-5", "kst-99953-6", "kst-99954-3")
PDF_LETTER = "kst-99904-2"
TYPESET_LETTER = "kst-99906-4"
# the same typeset letter drawn as other publishers' PDFs are: footer first in the content stream, superscript
# markers raised so far that pypdf puts them on a line of their own, markers set apart from their word
TYPESET_VARIANTS = {"": {}, "footer-first": {"footer_first": True}, "high-superscripts": {"rise": 0.5},
                    "spaced-superscripts": {"sup_gap": 0.8}}
PAGE_LETTER = "kst-99905-3"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONTDIR = FONT.parent

# the minimum every metric must reach per letter (what the pipeline reaches now; a drop is a regression)
MINIMUM = 1.0


def _pdf(pages_text: str) -> bytes:
    """The pages of a letter as a PDF: body at the top, footnotes at the bottom in a smaller font, a running
    footer ("@FOOTNOTE ...", "@FOOTER ..." lines; pages separated by "@PAGE")."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if FONT.is_file():
        pdf.add_font("body", "", str(FONT))
        font = "body"
    else:  # core font: Latin-1 only
        font = "helvetica"
        pages_text = pages_text.replace("\u2013", "-").replace("\u2019", "'")
    pdf.set_auto_page_break(False)
    for page in pages_text.split("@PAGE\n"):
        pdf.add_page()
        body, notes, footer = [], [], None
        for line in page.split("\n"):
            if line.startswith("@FOOTNOTE "):
                notes.append(line[len("@FOOTNOTE "):])
            elif line.startswith("@FOOTER "):
                footer = line[len("@FOOTER "):]
            else:
                body.append(line)
        pdf.set_font(font, size=10)
        pdf.set_xy(25, 25)
        for para in "\n".join(body).split("\n\n"):
            pdf.multi_cell(150, 5, para.strip("\n"))
            pdf.ln(4)
        pdf.set_font(font, size=8)
        pdf.set_xy(25, 260)
        for note in notes:
            pdf.multi_cell(150, 4, note)
        if footer:
            pdf.set_xy(25, 280)
            pdf.cell(150, 4, footer)
    return bytes(pdf.output())


_SUP = re.compile(r"\^(\d+)")




def _typeset(source: str, footer_first: bool = False, rise: float = 0.35, sup_gap: float = 0.0) -> bytes:
    """A typeset Kamerstuk (see kst-99906-4.typeset.txt): lines placed word by word, justified lines spread to
    the full width, "^1" a superscript marker in a 60% font raised by ``rise`` em, "!N" footnote lines in
    7.5 pt under a rule, "!F text|page" the running footer (drawn before the body with ``footer_first``),
    "!B"/"!I" bold/italic headings, "!K"/"!T" kop lines; the pages are separated by "@PAGE"."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for style, fname in (("", "DejaVuSerif.ttf"), ("B", "DejaVuSerif-Bold.ttf"), ("I", "DejaVuSerif-Italic.ttf")):
        pdf.add_font("serif", style, str(FONTDIR / fname))
    left, width = 25.0, 155.0
    for page in source.split("@PAGE\n"):
        pdf.add_page()
        lines = page.rstrip("\n").split("\n")
        notes = [ln[3:] for ln in lines if ln.startswith("!N ")]
        footer = next((ln[3:] for ln in lines if ln.startswith("!F ")), None)
        if footer and footer_first:
            _footer(pdf, left, width, footer)
        y = 30.0
        body = [ln for ln in lines if not ln.startswith(("!N ", "!F "))]
        for i, line in enumerate(body):
            if not line.strip():
                y += 3.0
                continue
            if line.startswith(("!K ", "!T ", "!B ", "!I ")):
                tag, text = line[1], line[3:]
                style = {"B": "B", "I": "I", "T": "B"}.get(tag, "")
                pdf.set_font("serif", style, 11 if tag == "T" else 10)
                pdf.text(left, y, text)
                y += 5.0
                continue
            nxt = body[i + 1] if i + 1 < len(body) else None
            justify = nxt is not None and nxt.strip() != "" and not nxt.startswith("!") or nxt is None
            _line(pdf, left, y, width, line, justify, 10.0, rise, sup_gap)
            y += 5.0
        if notes:
            top = 282.0 - 4.0 * len(notes) - 3.0
            pdf.set_line_width(0.2)
            pdf.line(left, top, left + 40, top)
            ny = top + 4.0
            for note in notes:
                _line(pdf, left, ny, width, note, False, 7.5)
                ny += 3.6
        if footer and not footer_first:
            _footer(pdf, left, width, footer)
    return bytes(pdf.output())


def _footer(pdf, left: float, width: float, footer: str) -> None:
    text, _, number = footer.partition("|")
    pdf.set_font("serif", "", 7.5)
    pdf.text(left, 290, text)
    pdf.text(left + width - pdf.get_string_width(number), 290, number)


def _line(pdf, x, y, width, line, justify, size, rise=0.35, sup_gap=0.0):
    """One typeset line, word by word; "^1" is a superscript footnote marker glued to the word before it."""
    words = []
    for w in line.split():
        m = _SUP.search(w)
        words.append((w[:m.start()], m.group(1)) if m else (w, ""))
    pdf.set_font("serif", "", size)

    def w_of(word, sup):
        wd = pdf.get_string_width(word)
        if sup:
            pdf.set_font_size(size * 0.6)
            wd += pdf.get_string_width(sup)
            pdf.set_font_size(size)
        return wd

    widths = [w_of(*w) for w in words]
    space = pdf.get_string_width(" ")
    natural = sum(widths) + space * (len(words) - 1)
    if natural > width + 0.01:
        raise ValueError(f"line too long ({natural:.1f} > {width} mm): {line!r}")
    gap = (width - sum(widths)) / (len(words) - 1) if justify and len(words) > 1 else space
    for (word, sup), wd in zip(words, widths, strict=True):
        pdf.text(x, y, word)
        if sup:
            after = pdf.get_string_width(word)
            pdf.set_font_size(size * 0.6)
            pdf.text(x + after + sup_gap, y - size * rise * 0.3528, sup)
            pdf.set_font_size(size)
        x += wd + gap


# the records as the JSON objects of the contract (what score.py and the gold files speak)
_RECORDS: dict[str, dict] = {}


def record(name: str) -> dict:
    if name not in _RECORDS:
        if name == PDF_LETTER:
            pytest.importorskip("fpdf")
            data = _pdf((HELDOUT / f"{name}.pages.txt").read_text(encoding="utf-8"))
            _RECORDS[name] = analyze_bytes(data, name=f"{name}.pdf").to_dict()
        elif name.startswith(TYPESET_LETTER):
            pytest.importorskip("fpdf")
            if not (FONTDIR / "DejaVuSerif.ttf").is_file():
                pytest.skip("DejaVu Serif fonts not installed")
            options = TYPESET_VARIANTS[name[len(TYPESET_LETTER):].lstrip(":")]
            data = _typeset((HELDOUT / f"{TYPESET_LETTER}.typeset.txt").read_text(encoding="utf-8"), **options)
            _RECORDS[name] = analyze_bytes(data, name=f"{TYPESET_LETTER}.pdf").to_dict()
        elif name == PAGE_LETTER:
            _RECORDS[name] = analyze_path(HELDOUT / f"{name}.page.txt").to_dict()
        else:
            _RECORDS[name] = analyze_path(HELDOUT / f"{name}.pdf.txt").to_dict()
    return _RECORDS[name]


def gold(name: str) -> dict:
    name = name.split(":")[0]
    return json.loads((HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("kamerspoor_score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- scored by ../shared/eval/score.py -------------------------------------------------------------------


TYPESET_NAMES = [f"{TYPESET_LETTER}:{v}" if v else TYPESET_LETTER for v in TYPESET_VARIANTS]


@pytest.mark.parametrize("name", [*TEXT_LETTERS, PDF_LETTER, PAGE_LETTER, *OTHER_KINDS, *TYPESET_NAMES])
def test_heldout_letter_scores_against_its_gold(shared: Path, name: str) -> None:
    metrics = _scorer(shared).score(gold(name), json.loads(json.dumps(record(name))))
    low = {k: round(v, 3) for k, v in metrics.items() if v < MINIMUM}
    assert not low, f"{name}: metrics below {MINIMUM}: {low}"


# -- direct checks (run without ../shared) ---------------------------------------------------------------


def _motions(rec: dict) -> dict:
    return {(m["dossier"], m["number"]): (sorted(m["submitters"]), m["stance"]) for m in rec["motions"]}


def test_szw_letter_document_sections_and_footnotes() -> None:
    rec = record("kst-99901-4")
    doc = rec["document"]
    assert (doc["dossier"], doc["number"], doc["session_year"], doc["date"]) == ("99901", 4, "2022-2023", "2023-03-03")
    assert [s["heading"] for s in rec["sections"]] == [
        "Inleiding", "Stand van zaken", "Handhaving door de Arbeidsinspectie", "Arbeidsuitbuiting", "Vervolg"]
    assert [(s["number"], s["level"]) for s in rec["sections"]] == [("1", 1), ("2", 1), ("2.1", 2), ("2.2", 2), ("3", 1)]
    assert [f["marker"] for f in rec["footnotes"]] == ["1", "2", "3"]
    assert rec["footnotes"][2]["urls"] == [
        "https://www.rijksoverheid.nl/documenten/rapporten/2023/01/20/monitor-arbeidsuitbuiting-2022"]
    assert "Tweede Kamer, vergaderjaar" not in rec["text"] and "melding.1" not in rec["text"]


def test_szw_letter_motions_and_commitments() -> None:
    rec = record("kst-99901-4")
    assert _motions(rec) == {("99901", 2): (["Kolderman"], "executed"),
                             ("36200-XV", 31): (["Oosterbeek", "Van Wieringen"], "in_progress")}
    dues = {c["due"] for c in rec["commitments"]}
    assert {"2023-06-21", "2023-12-20", "2023-07-01"} <= dues


def test_verzamelbrief_motions_with_stances() -> None:
    rec = record("kst-99902-7")
    assert _motions(rec) == {
        ("36200-VII", 12): (["Kolderman"], "executed"),
        ("36200-VII", 15): (["Kolderman"], "in_progress"),
        ("36200-VII", 16): (["Kolderman"], "in_progress"),
        ("36200-VII", 14): (["Ruijgrok"], "declined"),
        ("99902", 3): (["Brakel-Ten Have", "Gülen"], "partial"),
        (None, None): (["Gülen"], "in_progress"),
        ("21501-20", 1606): (["Ter Mors", "Van Essen-Poort"], "in_progress"),
        ("36000-XVII", 8): (["Stapelkamp"], "already_policy"),
    }


def test_verzamelbrief_references_and_signers() -> None:
    rec = record("kst-99902-7")
    refs = {f"{r['dossier']}-{r['number']}" for r in rec["references"]}
    assert refs == {"36200-VII-12", "36200-VII-15", "36200-VII-16", "36200-VII-14", "99902-3", "21501-20-1606",
                    "36000-XVII-8", "35165-58"}  # "Handelingen II 2022/23, nr. 34" is no Kamerstuk
    assert sorted(rec["document"]["submitters"]) == ["Brinkgreve", "de Waard-Nijhof"]
    assert [s["heading"] for s in rec["sections"]] == [
        "Weerbaar bestuur", "Verkiezingen", "Europese samenwerking", "Internationale samenwerking"]


def test_human_rights_letter_parties_and_hyphenation() -> None:
    rec = record("kst-99903-12")
    text = rec["text"]
    for kept in ("Minister-President", "EU-lidstaten", "Kamerleden en -fracties", "de PvdD- en GroenLinks-PvdA-fracties"):
        assert kept in text
    stances = {p["party"]: p["stance"] for p in rec["party_positions"]}
    assert stances == {"Volt": "declined", "PvdD": "already_policy", "GroenLinks-PvdA": "already_policy",
                       "SP": "already_policy", "ChristenUnie": "in_progress", "SGP": "in_progress"}
    assert _motions(rec) == {("99903", 9): (["El Idrissi", "Van Dalsem"], "declined"),
                             ("99903", 11): (["Ouwerkerk"], "already_policy"),
                             ("99903", 8): (["Haverkamp-Slot"], "executed")}


def test_human_rights_letter_commitments_with_relative_dates() -> None:
    rec = record("kst-99903-12")
    by_text = {c["text"]: c["due"] for c in rec["commitments"]}

    def due(fragment: str):
        found = [d for t, d in by_text.items() if fragment in t]
        assert found, f"no commitment with {fragment!r}"
        return found[0]

    assert due("voor het einde van het jaar") == "2024-12-31"
    assert due("binnen zes maanden") == "2024-10-18"
    assert due("In het voorjaar van 2025") == "2025-06-20"
    assert due("te zijner tijd") is None


def test_pdf_letter_is_read_from_pages() -> None:
    rec = record(PDF_LETTER)
    doc = rec["document"]
    assert (doc["dossier"], doc["number"], doc["date"], doc["submitters"]) == ("99904", 2, "2024-07-02",
                                                                               ["Smulders-Bakker"])
    assert _motions(rec) == {("99904", 1): (["Ter Mors"], "executed"),
                             ("99904", 3): (["Gülen", "Van Dalsem"], "declined")}
    assert [f["marker"] for f in rec["footnotes"]] == ["1"]
    assert "door.1" not in rec["text"] and "Tweede Kamer, vergaderjaar" not in rec["text"]
    assert [c["due"] for c in rec["commitments"] if "1 oktober 2024" in c["text"]] == ["2024-10-01"]
    assert [s["heading"] for s in rec["sections"]] == ["Aanleiding", "Stand van zaken"]


def test_page_text_letter_loses_its_chrome_and_kop_and_keeps_its_footnotes() -> None:
    rec = record(PAGE_LETTER)
    doc = rec["document"]
    assert (doc["id"], doc["session_year"], doc["date"], doc["submitters"]) == (
        "kst-99905-3", "2024-2025", "2025-05-12", ["Dorresteijn"])
    paras = rec["text"].split("\n\n")
    assert paras[:2] == ["Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Den Haag, 12 mei 2025"]
    assert "Naar boven" not in rec["text"] and "Noten" not in paras
    assert [(f["marker"], f["urls"]) for f in rec["footnotes"]] == [
        ("1", []), ("2", ["https://www.example.org/kiesraad/evaluatie-gr2025.pdf"]), ("3", [])]
    assert "Kiesrecht. De evaluatie" in rec["text"]
    assert [c["due"] for c in rec["commitments"] if "zomerreces" in c["text"]] == ["2025-09-01"]


# -- the other kinds of Kamerstuk (direct checks, run without ../shared) ----------------------------------


def _parties(rec: dict) -> dict:
    return {p["party"]: p["stance"] for p in rec["party_positions"]}


def _due(rec: dict, fragment: str):
    found = [c["due"] for c in rec["commitments"] if fragment in c["text"]]
    assert found, f"no commitment with {fragment!r}"
    return found[0]


def test_answers_to_written_questions_kind_and_question_sections() -> None:
    rec = record("kst-99951-2")
    doc = rec["document"]
    assert (doc["kind"], doc["dossier"], doc["number"], doc["date"]) == ("vragen_antwoorden", "99951", 2, "2024-02-14")
    assert doc["title"].startswith("ANTWOORD OP VRAGEN VAN HET LID VAN DER HOEVEN-ROOS")
    assert doc["submitters"] == ["Terpstra-Oude Luttikhuis"]
    assert [s["heading"] for s in rec["sections"]] == [f"{w} {n}" for n in range(1, 5) for w in ("Vraag", "Antwoord")]
    assert "(GroenLinks-PvdA)" in rec["text"] and "Tweede Kamer, vergaderjaar" not in rec["text"]


def test_answers_to_written_questions_motion_commitments_references() -> None:
    rec = record("kst-99951-2")
    assert _motions(rec) == {("99958", 6): (["Van der Hoeven-Roos"], "in_progress")}
    assert rec["party_positions"] == []  # the member's questions are no party proposals
    assert _due(rec, "Ik zal uw Kamer voor de zomer informeren") == "2024-06-21"
    assert _due(rec, "in maart 2024 met de grootste platforms").startswith("2024")
    assert {f"{r['dossier']}-{r['number']}" for r in rec["references"]} == {"99958-6", "99951-1"}


def test_verslag_schriftelijk_overleg_inbreng_sections_and_reaction() -> None:
    rec = record("kst-99952-5")
    doc = rec["document"]
    assert (doc["kind"], doc["dossier"], doc["number"], doc["date"]) == ("verslag", "99952", 5, "2024-03-08")
    assert [(s["level"], s["heading"]) for s in rec["sections"]] == [
        (1, "Vragen en opmerkingen vanuit de fracties"),
        (2, "Vragen en opmerkingen van de leden van de VVD-fractie"),
        (2, "Vragen en opmerkingen van de leden van de D66-fractie"),
        (2, "Vragen en opmerkingen van de leden van de CDA-fractie"),
        (1, "Reactie van de Minister")]
    # the D66 members' own "geen voorstander" is no cabinet stance; the minister answers VVD and CDA only
    assert _parties(rec) == {"VVD": "declined", "CDA": "executed"}
    assert _motions(rec) == {("99952", 4): (["De Graaf-Visser"], "executed")}


def test_verslag_commitments_are_the_ministers_not_the_members_requests() -> None:
    rec = record("kst-99952-5")
    assert not [c for c in rec["commitments"] if "Kan de Minister toezeggen" in c["text"]]
    assert _due(rec, "Ik zal uw Kamer voor 1 juli 2024 informeren") == "2024-07-01"
    assert _due(rec, "in het najaar van 2024 te actualiseren").startswith("2024")
    assert len(rec["commitments"]) == 2


def test_nota_naar_aanleiding_van_het_verslag() -> None:
    rec = record("kst-99953-6")
    doc = rec["document"]
    assert (doc["kind"], doc["dossier"], doc["number"], doc["date"], doc["submitters"]) == (
        "nota", "99953", 6, "2024-03-20", ["Brouwer-Tjalma"])
    assert [(s["number"], s["heading"]) for s in rec["sections"]] == [
        ("1", "Inleiding"), ("2", "Hoofdlijnen van het wetsvoorstel"), ("3", "Uitvoering en evaluatie"),
        ("4", "Financiële gevolgen")]
    assert _parties(rec) == {"SP": "declined", "D66": "executed"}
    assert _motions(rec) == {("99959", 11): (["Yilmaz"], "executed")}
    assert _due(rec, "binnen drie jaar na inwerkingtreding") is None
    assert _due(rec, "voor 1 januari 2025") == "2025-01-01"


def test_committee_letter_is_a_brief_with_nothing_of_the_cabinet() -> None:
    rec = record("kst-99954-3")
    doc = rec["document"]
    assert (doc["kind"], doc["dossier"], doc["number"], doc["date"]) == ("brief", "99954", 3, "2024-04-22")
    assert rec["commitments"] == [] and rec["party_positions"] == []
    assert _motions(rec) == {("99954", 2): (["Kolderman"], "noted")}
    assert [f["marker"] for f in rec["footnotes"]] == ["1"] and "Mobiliteitsbeleid.1" not in rec["text"]


# -- QA round 3: letters on human rights (direct checks, run without ../shared) ----------------------------


def test_gulf_letter_motions_and_broken_footnote_url() -> None:
    rec = record("kst-99961-5")
    assert _motions(rec) == {("99961", 2): (["Roelofsen"], "in_progress"),
                             ("99961", 3): (["Ouadi", "Van Gestel"], "executed"),
                             ("99961", 4): (["Kuipers"], "partial"),
                             ("36600-V", 47): (["Ouadi"], "already_policy")}
    assert rec["footnotes"][0]["urls"] == ["https://www.hrw.org/report/2024/golf-arbeidsmigranten"]
    assert _due(rec, "Ik kom hier in het najaar op terug") == "2025-12-20"
    assert "Saudi-Arabië plaats" in rec["text"] and "gelijkgezinde" in rec["text"]


def test_sanctions_letter_party_proposals_and_motion_in_spirit() -> None:
    rec = record("kst-99962-3")
    assert _parties(rec) == {"D66": "in_progress", "VVD": "declined", "CDA": "already_policy",
                             "GroenLinks-PvdA": "executed", "NSC": "already_policy", "SP": "partial"}
    assert _motions(rec) == {("99962", 2): (["Dassen-Vermeer"], "executed")}
    assert not [c for c in rec["commitments"] if "toegezegd" in c["text"]]  # a past promise, kept by this letter


def test_business_letter_title_motions_and_timed_commitments() -> None:
    rec = record("kst-99963-8")
    assert rec["document"]["title"] == "BRIEF VAN DE MINISTER VOOR BUITENLANDSE HANDEL EN ONTWIKKELINGSHULP"
    motions = _motions(rec)
    assert motions.pop(("99963", 6))[1] in ("in_progress", "noted")  # a round table announced, no answer as such
    assert motions == {("26485", 512): (["Wessels-Ahmadi"], "in_progress"),
                       ("99963", 4): (["Baghdadi", "Tjeenk"], "executed"),
                       ("99963", 5): (["Baghdadi"], "partial")}
    assert _due(rec, "Uw Kamer ontvangt voor 1 maart") == "2026-03-01"
    assert _due(rec, "publiceer ik de herziene handreiking") == "2026-03-31"
    assert not [c for c in rec["commitments"] if "ondersteunt bedrijven nu al" in c["text"]]


# -- a typeset Kamerstuk PDF as the publisher makes it (direct checks, run without ../shared) --------------


@pytest.mark.parametrize("name", TYPESET_NAMES)
def test_typeset_pdf_paragraphs_footnotes_and_footer(name: str) -> None:
    rec = record(name)
    doc = rec["document"]
    assert (doc["id"], doc["date"], doc["submitters"]) == ("kst-99906-4", "2025-03-14", ["van Drunen-Hofstra"])
    paras = rec["text"].split("\n\n")
    # a paragraph hyphenated over the page break is one paragraph, the footnote bodies are not in it
    assert any(p.startswith("Journalisten worden") and p.endswith(
        "Deze steun wordt in 2025 voortgezet en uitgebreid naar nieuwe projecten in Oost-Europa en "
        "uitdrukkelijk ook naar de Sahel, waar lokale radiomakers onder grote druk staan.") for p in paras)
    # paragraphs without a blank line between them in pypdf's text are told apart by the gap in the layout
    assert any(p.endswith("Daarmee is de motie uitgevoerd.") for p in paras)
    assert any(p.startswith("De motie van de leden Achterberg") for p in paras)
    for gone in ("vergaderjaar 2024", "2025.1", "verslechterd.2", "Sahel.4", "https://", "besproken in"):
        assert gone not in rec["text"]
    assert [(f["marker"], f["urls"]) for f in rec["footnotes"]] == [
        ("1", []), ("2", ["https://www.rsf.org/nl/rapporten/wereldwijde-persvrijheidsindex-2024"]), ("3", []),
        ("4", [])]
    assert rec["text"][:rec["footnotes"][1]["anchor"]].endswith("onderzochte landen verslechterd.")
    assert [(s.get("number"), s["level"], s["heading"]) for s in rec["sections"]] == [
        ("I", 1, "Persvrijheid wereldwijd"), (None, 2, "Digitale dreigingen"), (None, 2, "Bescherming ter plaatse"),
        ("II", 1, "Moties"), ("III", 1, "Vervolg")]
    assert _motions(rec) == {("99906", 2): (["Vermeulen-de Bruijn"], "executed"),
                             ("99906", 1): (["Achterberg", "Öztürk"], "declined")}
    assert _due(rec, "Ik zal uw Kamer voor 1 juli 2025 informeren") == "2025-07-01"


# -- motions read from text (direct checks, run without ../shared) ------------------------------------------
#
# Five FICTIONAL motions (dossiers 99 971-99 975, invented names), written with their gold before the pipeline
# ran on them: PDF text with a kop whose "MOTIE VAN HET LID ... C.S." wraps, colophon and page footer run into
# one line (kst-99971-12); a GEWIJZIGDE MOTIE whose "TER VERVANGING ..." is on the title's second line
# (kst-99972-14); a NADER GEWIJZIGDE MOTIE hyphenating "TER VER-/VANGING", proposed in a notaoverleg, with a
# list a./b./c. in a request broken by a page footer and a form feed (kst-99973-21); PDF text without blank
# lines and without considerations (kst-99974-5); the official page text with its chrome (kst-99975-8).

MOTION_TEXTS = {"kst-99971-12": "pdf.txt", "kst-99972-14": "pdf.txt", "kst-99973-21": "pdf.txt",
                "kst-99974-5": "pdf.txt", "kst-99975-8": "page.txt"}


def motion_record(name: str) -> dict:
    key = f"motion:{name}"
    if key not in _RECORDS:
        _RECORDS[key] = analyze_path(HELDOUT / f"{name}.{MOTION_TEXTS[name]}").to_dict()
    return _RECORDS[key]


@pytest.mark.parametrize("name", list(MOTION_TEXTS))
def test_heldout_motion_scores_against_its_gold(shared: Path, name: str) -> None:
    metrics = _scorer(shared).score(gold(name), json.loads(json.dumps(motion_record(name))))
    low = {k: round(v, 3) for k, v in metrics.items() if v < MINIMUM}
    assert not low, f"{name}: metrics below {MINIMUM}: {low}"


@pytest.mark.parametrize("name", list(MOTION_TEXTS))
def test_heldout_motion_document_and_dictum(name: str) -> None:
    want, rec = gold(name), motion_record(name)
    doc = rec["document"]
    for key in ("dossier", "number", "session_year", "kind"):
        assert doc[key] == want["document"][key], key
    assert doc["submitters"] == want["document"]["submitters"]
    motion = rec["motion"]
    assert len(motion["requests"]) == len(want["motion"]["requests"])
    for part, request in zip(want["motion"]["requests"], motion["requests"], strict=True):
        assert part in request
    assert len(motion["considerations"]) == want["motion"]["considerations"]
    assert motion["proposed"] == want["motion"]["proposed"]
    replaces = want["motion"]["replaces"]
    got = motion["replaces"]
    assert (f"{got['dossier']}-{got['number']}" if got else None) == replaces
    for gone in want["text"]["must_not_contain"]:
        assert gone not in rec["text"]


def test_heldout_motion_list_in_a_request_stays_in_it_across_the_page_break() -> None:
    motion = motion_record("kst-99973-21")["motion"]
    first = motion["requests"][0]
    assert first.startswith("verzoekt de regering in overleg met de provincies")
    assert "a. per gebied" in first and "b. voorziet" in first and "c. jaarlijks wordt geëvalueerd" in first
    assert "vergaderjaar" not in first
    assert motion["debate"] == "Notaoverleg van 30 september 2019"


def test_heldout_motion_titles_from_the_kop() -> None:
    assert motion_record("kst-99971-12")["document"]["title"] == "MOTIE VAN HET LID VAN DER MEULENHOF C.S."
    assert motion_record("kst-99973-21")["document"]["title"] == (
        "NADER GEWIJZIGDE MOTIE VAN HET LID HOEKSTRA-VLIEGER TER VERVANGING VAN DIE GEDRUKT ONDER NR. 17")


# -- letters as officielebekendmakingen XML (QA round 4; direct checks, run without ../shared) -------------
# kst-99981-5: FICTIONAL letter with full <metadata> (no indiener): nested divisie/kop with nr, notes after a
# word and after a sentence, extref in body and note, lijst, ondertekening "van Dijk", a dagtekening date
# that differs from the publication day. kst-99982-3: FICTIONAL letter with only an externMetadataRecord:
# vrije-tekst with tussenkop headings, the date only as text, ondertekening with a separate tussenvoegsel.

XML_LETTERS = ("kst-99981-5", "kst-99982-3")


def xml_record(name: str) -> dict:
    if name not in _RECORDS:
        _RECORDS[name] = analyze_path(HELDOUT / f"{name}.xml").to_dict()
    return _RECORDS[name]


@pytest.mark.parametrize("name", XML_LETTERS)
def test_xml_letter_scores_against_its_gold(shared: Path, name: str) -> None:
    metrics = _scorer(shared).score(gold(name), json.loads(json.dumps(xml_record(name))))
    low = {k: round(v, 3) for k, v in metrics.items() if v < MINIMUM}
    assert not low, f"{name}: metrics too low: {low}"


def test_xml_letter_with_metadata_document_sections_and_footnotes() -> None:
    rec = xml_record("kst-99981-5")
    doc = rec["document"]
    assert (doc["id"], doc["kind"], doc["date"], doc["submitters"]) == (
        "kst-99981-5", "brief", "2025-04-14", ["Van Dijk"])
    assert [(s.get("number"), s["level"], s["heading"]) for s in rec["sections"]] == [
        ("1", 1, "Inleiding"), ("2", 1, "Persvrijheid"), ("2.1", 2, "Bescherming van journalisten"),
        ("2.2", 2, "Digitale repressie"), (None, 2, "Internetvrijheid"), ("3", 1, "Vervolg")]
    assert [(f["marker"], f["urls"]) for f in rec["footnotes"]] == [
        ("1", []), ("2", ["https://www.example.org/persvrijheid-2024"])]
    assert rec["text"][:rec["footnotes"][1]["anchor"]].endswith("wereldwijd opnieuw gestegen")
    assert "De motie van het lid Verhoef-Bakker (Kamerstuk 99 981, nr. 2) verzoekt" in rec["text"]
    assert "https://" not in rec["text"] and "jl.1" not in rec["text"]
    motions = _motions(rec)
    assert motions[("99981", 2)] == (["Verhoef-Bakker"], "executed")
    assert motions[("99981", 3)] == (["De Groot", "El Amrani"], "partial")
    assert _parties(rec) == {"Volt": "declined", "ChristenUnie": "already_policy"}
    assert _due(rec, "Ik zal uw Kamer voor 1 oktober 2025 informeren") == "2025-10-01"


def test_xml_letter_with_extern_metadata_only() -> None:
    rec = xml_record("kst-99982-3")
    doc = rec["document"]
    assert (doc["id"], doc["dossier"], doc["number"], doc["session_year"], doc["date"], doc["submitters"]) == (
        "kst-99982-3", "99982", 3, "2025-2026", "2025-10-09", ["De Wit-Kramer"])
    assert [(s["level"], s["heading"]) for s in rec["sections"]] == [
        (1, "Kinderarbeid in de cacaoketen"), (1, "Handelsbeleid"), (1, "Tot slot")]
    assert [(f["marker"], f["urls"]) for f in rec["footnotes"]] == [
        ("1", ["https://www.example.org/ilo-kinderarbeid-2025"]), ("2", [])]
    assert rec["text"][:rec["footnotes"][1]["anchor"]].endswith("aan de duurzaamheidshoofdstukken.")
    assert "kinderen, van wie een groot deel" in rec["text"] and "Child Labour" not in rec["text"]
    motions = _motions(rec)
    assert motions[("99982", 1)] == (["Koopmans-Yilmaz"], "already_policy")
    assert motions[("36600-XVII", 21)] == (["Koopmans-Yilmaz"], "declined")
    assert _parties(rec)["SGP"] == "declined"
    assert _due(rec, "Ik zal uw Kamer voor 1 maart 2026 informeren") == "2026-03-01"
    assert _due(rec, "In het eerste kwartaal van 2026 stuur ik") == "2026-03-31"
