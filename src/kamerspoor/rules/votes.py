"""Facts of voting in the Tweede Kamer, in one place: how many seats the Kamer has, and how a Besluit states
the count of a vote in its text.

- The Tweede Kamer has 150 seats since the enlargement of 1956 (before that 100). A vote whose seats add up
  to the Kamer's size is complete; one that adds up to less is a part of the vote, one that adds up to more
  contradicts itself. ``kamer_size(date)`` gives the size on a date.
- ``Besluit.BesluitTekst`` often states the count of a hoofdelijke stemming, or of a close vote, as voor-tegen
  after the outcome; forms seen in the open data (each is tested in tests/test_tkvotes.py):
  "Aangenomen (70-66)", "Verworpen. (72-74)", "Aangenomen 75-73.", "Gestaakt. (72-72)",
  "Verworpen (hoofdelijke stemming: 51-87).", "Verworpen. (Hoofdelijk 70-79)". Without a count
  ("Aangenomen.") the text states only the outcome.
"""

from __future__ import annotations

import re
from datetime import date

# (first day, seats) from the latest: the Kamer grew from 100 to 150 seats with the 1956 election
KAMER_SIZES: tuple[tuple[date, int], ...] = ((date(1956, 7, 3), 150), (date.min, 100))

# "(70-66)", "75-73", "hoofdelijke stemming: 51-87": voor first, then tegen; en dash as well as hyphen
# (not part of a date or an amount: "2024-06-11", "1.000-2.000")
BESLUIT_COUNT = re.compile(r"(?<![\d/.,-])(?P<voor>\d{1,3})\s?[-\u2013]\s?(?P<tegen>\d{1,3})(?!\d|[/.,-]\d)")


def kamer_size(on: date | None = None) -> int:
    """The number of seats of the Tweede Kamer on ``on`` (today's size without a date)."""
    for first, seats in KAMER_SIZES:
        if on is None or on >= first:
            return seats
    return KAMER_SIZES[-1][1]


def besluit_count(tekst: str | None) -> tuple[int, int] | None:
    """"Aangenomen (70-66)" -> (70, 66): the count voor-tegen a BesluitTekst states, or None."""
    m = BESLUIT_COUNT.search(tekst or "")
    return (int(m.group("voor")), int(m.group("tegen"))) if m else None
