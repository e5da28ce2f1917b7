"""A document's readable title, in SQL: its Zaak's subject where the store has one, else its printed title.

A motion's own title is its heading in capitals, which names only its first submitter ("MOTIE VAN HET LID
ERGIN"); the Tweede Kamer's Zaak for it has a subject that says what it asks ("Motie van het lid Van Baarle over
in EU-verband producten weren die voortkomen uit Oeigoerse dwangarbeid"). Every read that lists documents by
title uses :func:`title_sql`, so the subject is shown wherever it is known, whichever arrived first (the Zaak or
the motion), and the stored record keeps the title as printed.
"""

from __future__ import annotations


def title_sql(alias: str = "d") -> str:
    """The readable title of the document aliased ``alias`` (a column expression)."""
    return (f"COALESCE((SELECT z.onderwerp FROM zaken z WHERE z.document_id = {alias}.id AND z.onderwerp IS NOT NULL "
            f"AND z.onderwerp <> '' ORDER BY z.gestart_op DESC LIMIT 1), {alias}.title)")
