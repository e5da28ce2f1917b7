"""Stage 4, extract: references, motions and stances, commitments, themes and instruments."""
