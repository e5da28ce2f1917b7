"""Derived forms (rules/derivations.yaml): every rule gives its example word its term, the families of the issue's
queries share one term, a name's "-se" adjective counts only when written as one, false friends do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kamerspoor.model import InputError
from kamerspoor.rules import derivations as D
from kamerspoor.rules import rulefile

RULES = list(D.table().rules)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_gives_the_word_of_its_example_its_term(rule: rulefile.Rule) -> None:
    word, term = rule.get("word"), rule.get("term")
    assert re.search(rf"\b{re.escape(word)}\b", rule.example), f"{rule.id}: the word is not in the example"
    assert rule.pattern.fullmatch(word.lower()), f"{rule.id}: the pattern does not match its word"
    assert word.lower() not in D.table().families, f"{rule.id}: the table, not the rule, has this word"
    assert D.text_terms(rule.example) == [term]  # the passage as the index reads it
    assert rule.source


@pytest.mark.parametrize(("forms", "term"), [
    (["China", "Chinees", "Chinese", "Chinezen"], "china"),
    (["Rusland", "Russisch", "Russische", "Rus", "Russen"], "rusland"),
    (["Oeigoer", "Oeigoeren", "Oeigoers", "Oeigoerse"], "oeigoeren"),
    (["Turkije", "Turks", "Turkse", "Turken"], "turkije"),
    (["Nederland", "Nederlands", "Nederlandse", "Nederlanders"], "nederland"),
    (["Europa", "Europees", "Europese", "Europeanen"], "europa"),
    (["Israël", "Israel", "Israëlische", "Israëliërs"], "israel"),
    (["Oekraïne", "Oekraine", "Oekraïense", "Oekraïners"], "oekraine"),
    (["Den Haag", "Haagse"], "haag"),
])
def test_a_family_shares_one_term_also_written_without_its_diaeresis(forms: list[str], term: str) -> None:
    for form in forms:
        assert D.terms(form.split()[-1]) == (term,), form
        assert term in D.query_terms(form.split()[-1])


def test_an_adjective_of_a_name_counts_only_written_with_a_capital_inside_a_sentence() -> None:
    assert D.text_terms("Het overleg met de Tilburgse gemeenteraad volgt.") == ["tilburg"]
    assert D.text_terms("Tilburgse bedrijven zijn gevraagd.") == []  # a capital at the start says nothing
    assert D.text_terms("Er zijn diverse en schaarse middelen in de klasse.") == []  # "-se" words, not of names
    assert D.text_terms("DE TILBURGSE GEMEENTERAAD") == []  # capitals throughout say nothing either
    assert D.terms("tilburgse") == () and D.terms("tilburgse", proper=True) == ("tilburg",)


def test_false_friends_and_ministry_names_are_not_read_as_derived() -> None:
    assert D.terms("optische") == ("optiek",)  # of optiek, never of optie
    assert D.terms("energische") != ("energie",)
    assert D.text_terms("De minister van Buitenlandse Zaken en de Westerse landen") == []
    assert D.terms("medische") == ()  # no known base: "medie" is no word
    assert D.text_terms("De Kamer sprak in het House of Commons.") == []  # a base must have four letters


def test_a_query_word_is_searched_as_its_family_term_and_as_itself() -> None:
    assert D.query_terms("Chinese") == ("china", "chinese")
    assert D.query_terms("amsterdam") == ("amsterdam",)  # finds the "Amsterdamse" whose term it is
    assert D.query_terms("economische") == ("economie", "economische")
    assert D.query_terms("boeren") == ("boeren",)  # no derivations: only the word, which no term equals


def test_a_passage_gives_its_terms_in_order() -> None:
    text = ("De Oeigoerse diaspora in Chinese steden ondervindt druk; de racistische en terroristische "
            "dreiging groeit, zegt het Leidse onderzoek.")
    assert D.text_terms(text) == ["oeigoeren", "china", "racisme", "terrorisme", "leiden"]


def test_the_version_names_the_data_and_the_word_list() -> None:
    assert re.fullmatch(r"derivations [0-9a-f]{12};wordfreq \S+", D.version())


@pytest.mark.parametrize(("content", "problem"), [
    ("families: nope\nrules: []\n", "expected a mapping with a list under 'families'"),
    ("families: []\nrules: nope\n", "expected a mapping with a list under 'rules'"),
    ("families: [{name: X}]\nrules: []\nknown: {zipf: 2}\n", "family 1: needs a name and a list of forms"),
    ("families: [{name: A, forms: [c]}, {name: B, forms: [c]}]\nrules: []\nknown: {zipf: 2}\n",
     "the form 'c' is also in family A"),
    ("families: []\nrules: [{id: r, pattern: x, example: e, word: w}]\n", "rule 1: missing or empty 'term'"),
    ("families: []\nrules: [{id: r, pattern: x, example: e, word: w, term: t, bases: [x]}]\n", "'bases' must list"),
    ("families: []\nrules: [{id: r, pattern: '(', example: e, word: w, term: t, bases: ['{stem}']}]\n",
     "bad pattern"),
    ("families: []\nrules: [{id: r, pattern: 'x', example: e, word: w, term: t, bases: ['{stem}']}]\n",
     "the pattern needs a group named 'stem'"),
    ("families: []\nrules: [{id: r, pattern: '(?P<stem>x)', example: e, word: w, term: t, bases: ['{stem}'], "
     "proper: maybe}]\n", "'proper' must be true or false"),
    ("families: []\nrules: []\n", "known.zipf: expected a number"),
    ("families: []\nrules: []\nknown: {zipf: 2}\nexceptions: [{word: a, not: b}]\n", "exception 1"),
    ("families: [\n", "not valid YAML"),
])
def test_a_bad_data_file_is_one_error_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "derivations.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        D.load(path)
    assert problem in str(err.value) and str(path) in str(err.value)
