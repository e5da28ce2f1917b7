"""The words a pattern cannot match without (rules/literals.py): never wrong, so skipping a pattern on a text
without them changes no result."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamerspoor.rules import citations, literals
from kamerspoor.rules import commitment_phrases as cp
from kamerspoor.rules.literals import first_characters, may_match, quick_start, required


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\b(?:zal|zullen)\s+(?:uw|de)\s+Kamer\b", {"Kamer"}),
    (r"\b[Zz]al\b", {"Zal", "zal"}),
    (r"(?i)Vergaderjaar\s+\d{4}", {"vergaderjaar"}),
    (r"a?b", {"b"}),
    (r"(?:x|y\d)", {"x", "y"}),
    (r"(?=kamer)\w+", {"kamer"}),
    (r"(?<=de )\w+", {"de "}),
])
def test_the_words_a_pattern_needs_are_read_from_its_syntax(pattern: str, words: set[str]) -> None:
    assert required(re.compile(pattern)) == words


@pytest.mark.parametrize("pattern", [r"\d{2}\s?\d{3}", r"(?:a|\d)", r"x?", r"(?!kamer)\w+"])
def test_a_pattern_that_needs_no_word_is_always_run(pattern: str) -> None:
    assert required(re.compile(pattern)) is None
    assert may_match(re.compile(pattern), "")


def test_a_case_insensitive_pattern_is_looked_up_in_the_lower_case_text() -> None:
    rx = re.compile("(?i)kamer")
    assert not may_match(rx, "de minister")
    assert not may_match(rx, "\u00e9\u00e9n minister")  # accents lower-case as matching does
    assert may_match(rx, "\u00e9\u00e9n KAMER")
    assert may_match(rx, "de \u212aamer")  # the Kelvin sign lower-cases to k


@pytest.mark.parametrize("text", ["\u017ftuk", "\u0130n stuk", "\u017fTUK"])
def test_a_case_insensitive_pattern_is_run_on_a_letter_that_matches_another_lower_case(text: str) -> None:
    rx = re.compile("(?i)stuk|in")
    assert rx.search(text) is not None
    assert may_match(rx, text)


@given(st.text(alphabet=st.sampled_from("stukinKAMER \u017f\u0130\u0131\u212a\u00e9\u03c3\u03a3\u03c2"), max_size=12))
def test_lower_case_look_up_never_skips_a_case_insensitive_match(text: str) -> None:
    for rx in (re.compile("(?i)stuk"), re.compile("(?i)kamer"), re.compile("(?i)in\\b")):
        assert rx.search(text) is None or may_match(rx, text)


RULE_PATTERNS = [rx for _, rx in cp.CUES + cp.TIMED_CUES] + list(citations.PATTERNS)


@pytest.mark.parametrize("index", range(len(RULE_PATTERNS)))
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_text_a_rule_matches_always_has_the_words_it_needs(index: int, data: st.DataObject) -> None:
    rx = RULE_PATTERNS[index]
    text = data.draw(st.from_regex(rx))
    assert rx.search(text) is None or may_match(rx, text)


GATED = (re.compile("(?i)kamer"), re.compile("Minister"), re.compile(r"\d+"), re.compile("(?i)stuk|in"),
         re.compile(r"(?i)\bzal\s+\w+"), re.compile("(?:toe|aan)zeggen"))


@pytest.mark.parametrize("text", ["de minister zal de Kamer informeren", "De Minister zegt toe", "in 2025",
                                  "\u017ftuk", "\u0130n stuk", "", "aanzeggen en toezeggen", "de \u212aamer"])
def test_a_gate_opens_for_each_pattern_exactly_when_it_may_match(text: str) -> None:
    opened = literals.gate(GATED).open(text)
    assert list(opened) == [int(may_match(rx, text)) for rx in GATED]


@given(st.text(alphabet=st.sampled_from("stukinKAMERzal Mister \u017f\u0130\u0131\u212a\u00e9"), max_size=16))
def test_a_gate_never_closes_on_a_pattern_that_matches(text: str) -> None:
    opened = literals.gate(GATED).open(text, text.lower())
    for rx, is_open in zip(GATED, opened, strict=True):
        assert rx.search(text) is None or is_open
        assert is_open == may_match(rx, text)


def test_one_gate_is_made_per_tuple_of_patterns() -> None:
    assert literals.gate(GATED) is literals.gate(GATED)


@pytest.mark.parametrize(("pattern", "first"), [
    (r"(?:Kamerstuk\s)?\d{5}", r"[K\d]"),
    (r"(?<!\w)(?:[Nn]r|stuk)\.", "[Nns]"),
    (r"a*b", "[ab]"),
    (r"x?", None),  # may match nothing: anywhere
    (r"[^a]b", None),
])
def test_the_characters_a_match_can_start_with_are_read_from_its_syntax(pattern: str, first: str | None) -> None:
    assert first_characters(re.compile(pattern)) == first


def test_a_pattern_led_by_its_first_characters_finds_the_same_matches_in_the_letter_forms() -> None:
    text = ("Zie Kamerstukken II 2019/20, 35 207, nr. 29 en de motie op stuk nr. 1181 (33 529); kst-35207-32 en "
            "Handelingen II 2019/20, nr. 29; Kamerstuk 29683–282, op tabak99 956 XVII, nr. 30.")
    for rx in citations.PATTERNS:
        assert [(m.span(), m.groupdict()) for m in quick_start(rx).finditer(text)] == [
            (m.span(), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("index", range(len(RULE_PATTERNS)))
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_pattern_led_by_its_first_characters_finds_the_same_matches(index: int, data: st.DataObject) -> None:
    rx = RULE_PATTERNS[index]
    text = data.draw(st.text(max_size=8)) + data.draw(st.from_regex(rx)) + data.draw(st.text(max_size=8))
    quick = quick_start(rx)
    assert [(m.span(), m.groups()) for m in quick.finditer(text)] == [(m.span(), m.groups()) for m in rx.finditer(text)]


@pytest.mark.parametrize(("pattern", "leads"), [
    (r"\boordeel\b", {"oordeel"}),
    (r"(?i)\bOordeel\s+(?:aan|van)", {"oordeel"}),
    (r"\b(?i:zoals|anders\s+dan)\s+\w+", {"zoals", "anders"}),
    (r"(?:De\s+)?leden", None),  # may start with "De" or "leden": no string of three
    (r"ab", None),  # too short to be worth looking up
])
def test_the_strings_every_match_starts_with_are_read_from_its_syntax(pattern: str, leads: set[str] | None) -> None:
    assert literals.leading_strings(re.compile(pattern)) == (None if leads is None else frozenset(leads))


@settings(deadline=None)  # the first call reads the engine's case table once
@given(st.text(alphabet=st.sampled_from("ZOALS zoals\u017f\u0130\u212a\u00e9x."), max_size=20))
def test_matches_found_from_their_leading_strings_are_those_of_the_pattern(text: str) -> None:
    for rx in (re.compile(r"(?i)zoals\b"), re.compile(r"\b(?i:zoals)\s*x"), re.compile(r"(?<!Z)oals")):
        assert [m.span() for m in literals.finditer(rx, text)] == [m.span() for m in rx.finditer(text)]


def test_a_case_insensitive_group_starts_with_every_letter_it_matches() -> None:
    first = first_characters(re.compile("(?i:kamer|stuk)"))
    assert first is not None
    for letter in "kKsS\u212a\u017f":  # the Kelvin sign and the long s match k and s without regard to case
        assert re.fullmatch(first, letter), letter
    assert not re.fullmatch(first, "m")


def _every_rule_pattern() -> list[re.Pattern[str]]:
    from kamerspoor.rules import advice, party_phrases, stances

    phrases = party_phrases.load()
    found = [*RULE_PATTERNS, *(r.pattern for r in stances._default_rules()), *(r.pattern for r in advice.load())]
    found += [r.pattern for r in phrases.file.rules]
    return found


def test_every_rule_led_by_its_first_characters_finds_the_same_matches_in_the_fixtures() -> None:
    from pathlib import Path

    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted((Path(__file__).parent / "fixtures" / "heldout").glob("*.txt"))]
    assert texts
    for rx in _every_rule_pattern():
        quick = quick_start(rx)
        for text in texts:
            expected = [(m.span(), m.groups()) for m in rx.finditer(text)]
            assert [(m.span(), m.groups()) for m in quick.finditer(text)] == expected, rx.pattern[:80]
            assert [(m.span(), m.groups()) for m in literals.finditer(rx, text)] == expected, rx.pattern[:80]
