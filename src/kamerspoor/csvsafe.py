"""CSV cells that a spreadsheet would run as a formula, neutralised.

Titles, submitters and commitment texts come from documents anyone can write (and from uploads). A cell
that starts with ``=``, ``+``, ``-`` or ``@`` is read as a formula by Excel, LibreOffice Calc and Google
Sheets when the CSV is opened (``=HYPERLINK(...)`` sends the reader to a site of the writer's choice; older
spreadsheets ran commands); a leading tab or carriage return hides such a start from a first look, and some
readers skip them. OWASP's advice for CSV injection, followed here: such a cell gets a single quote in front,
which spreadsheets take as "this is text" (and hide). A leading NUL and line feed are treated the same way.

Only strings change: numbers stay numbers (``-3`` as an int is a value, not a formula). Every CSV kamerspoor
writes (the API's and the web pages' ``format=csv``, the CLI's ``--format csv``) passes its cells through
:func:`safe_cell`; :func:`safe_row` does a whole row.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as text: a string starting with a formula character gets a
    leading single quote; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return {k: safe_cell(v) for k, v in row.items()}


__all__ = ["FORMULA_START", "safe_cell", "safe_row"]
