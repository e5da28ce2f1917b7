"""A second hostile audit's findings, each kept as a test (issue 17): inputs nobody had tried before.

Found: a text that lists motion mentions without a full stop ("motie-Jansen (35207, nr. 32) motie-Jansen ...") was
one "sentence" that every mention read whole, twice (masked, then matched against every stance rule): time grew with
the square of the mentions (29 kB took 36 s, a 5.6 MB file did not end). Sentences are now cut in pieces of at most
``MAX_SENTENCE`` characters (as the commitments already cut them), and one letter's mentions share each sentence's
masked text and stance hits.
"""

from __future__ import annotations

import time

from kamerspoor import pipeline
from kamerspoor.extract.mentions import sentence_spans
from kamerspoor.rules.commitment_phrases import MAX_SENTENCE


def _mentions_without_full_stops(size: int) -> bytes:
    unit = "de motie-Jansen (35207, nr. 32) en "
    return (unit * (size // len(unit) + 1)).encode()


def _cpu_per_byte(size: int, runs: int = 2) -> float:
    best = float("inf")
    for run in range(runs):
        data = _mentions_without_full_stops(size + 7 * run)
        start = time.process_time()
        pipeline.analyze_bytes(data, "mentions.txt")
        best = min(best, (time.process_time() - start) / len(data))
    return max(best, 1e-9)


def test_a_text_without_full_stops_is_read_in_sentences_of_bounded_length() -> None:
    text = "woord " * 5000
    spans = sentence_spans(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert "".join(text[s:e] for s, e in spans).split() == text.split()  # nothing lost at the cuts


def test_many_motion_mentions_in_one_unbroken_sentence_cost_linear_time() -> None:
    small, large = _cpu_per_byte(3 * 1024), _cpu_per_byte(24 * 1024)
    assert large / small < 3.0, f"time per byte grew {large / small:.1f} times for 8 times the input"


def test_many_mentions_of_one_motion_give_one_record() -> None:
    rec = pipeline.analyze_bytes(_mentions_without_full_stops(4000), "mentions.txt")
    assert [(m.dossier, m.number) for m in rec.motions] == [("35207", 32)]
