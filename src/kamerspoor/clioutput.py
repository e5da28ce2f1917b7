"""What the listing commands print: one writer of tables, CSV and JSON for every ``--format table|json|csv``.

A listing command gathers its answer as ``data`` (what ``--format json`` prints, whole) and ``rows`` (flat
dicts, one per line of the table or the CSV) and calls :func:`emit`. The table is for reading in a terminal
(cells on one line, long ones cut with an ellipsis); CSV and JSON are for programs (nothing cut; lists and
objects in a CSV cell as JSON). Progress on standard error, for the commands that take long, is here too.

A new listing command is one function in a ``cli_*.py`` module::

    @click.command()
    @db_option
    @format_option()
    def things(db: str, fmt: str) -> None:
        "What it lists (the first line of its docstring is its summary in kamerspoor --help)."
        with open_db(db) as store:
            data = store.things()
        emit(fmt, data, [flat(t) for t in data], ["id", "date", "text"], {"text": 80})

added to that module's ``COMMANDS`` (a new module: to ``COMMAND_MODULES`` in :mod:`kamerspoor.cli`), then
``python -m kamerspoor.docs`` regenerates docs/cli.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import click

from kamerspoor.csvsafe import safe_cell

#: The formats of a listing command.
FORMATS = click.Choice(["table", "json", "csv"])

_SPACES = re.compile(r"\s+")


def format_option(default: str = "table", help: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """``--format table|json|csv`` (the command receives it as ``fmt``)."""
    return click.option("--format", "fmt", type=FORMATS, default=default, show_default=True, help=help)


def emit(fmt: str, data: Any, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None,
         widths: Mapping[str, int] | None = None) -> None:
    """Print the answer of a listing command: json: ``data`` as one JSON document; table/csv: ``rows``."""
    if fmt == "json":
        click.echo(json_text(data))
    elif fmt == "csv":
        click.echo(csv_text(rows, columns))
    else:
        click.echo(table(rows, columns, widths))


def json_text(data: Any) -> str:
    """``data`` as indented JSON, non-ASCII characters as they are."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def cell(v: Any, width: int = 70) -> str:
    """A value on one line of at most ``width`` characters (lists and objects as JSON; None empty)."""
    if v is None:
        return ""
    if isinstance(v, list | dict):
        v = json.dumps(v, ensure_ascii=False)
    s = _SPACES.sub(" ", str(v))
    return s if len(s) <= width else s[: width - 1] + "…"


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None,
          widths: Mapping[str, int] | None = None) -> str:
    """Rows as an aligned text table with a header line; ``(none)`` when there are none. ``widths`` cuts the
    cells of some columns (default 70 characters)."""
    if not rows:
        return "(none)"
    cols = list(columns or rows[0].keys())
    cut = widths or {}
    cells = [[cell(r.get(c), cut.get(c, 70)) for c in cols] for r in rows]
    sizes = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, sizes, strict=True)).rstrip(),
             "  ".join("-" * w for w in sizes)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, sizes, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV with a header line (columns: ``columns``, else the first row's keys); lists and objects
    as JSON; a cell a spreadsheet would run as a formula is made text (:mod:`kamerspoor.csvsafe`)."""
    rows = list(rows)
    buf = io.StringIO()
    fields = list(columns or (rows[0].keys() if rows else []))
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: safe_cell(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                    for k, v in r.items()})
    return buf.getvalue().rstrip("\n")


class Progress:
    """Progress of a long command on standard error: a bar (``bar``), or with ``lines`` a line such as
    ``ingest: 120/800 files`` every two seconds (for a log, where a bar would be noise). Give ``on_total`` and
    ``step`` to the work as callbacks; use as a context manager, so the bar is closed whatever happens."""

    def __init__(self, label: str, bar: bool, lines: bool = False, unit: str = "files") -> None:
        self.label, self.unit = label, unit
        self.use_bar, self.lines = bar, lines
        self.done = self.total = 0
        self.last = 0.0
        self._bar: Any = None

    def on_total(self, n: int) -> None:
        """How much work there is; starts the bar (when there is work)."""
        self.total = n
        if self.use_bar and n:
            self._bar = click.progressbar(length=n, label=self.label, file=sys.stderr, show_pos=True,
                                          show_eta=True)
            self._bar.__enter__()

    def step(self, k: int) -> None:
        """``k`` more done."""
        self.done += k
        if self._bar is not None:
            self._bar.update(k)
        elif self.lines and (time.monotonic() - self.last >= 2 or self.done == self.total):
            self.last = time.monotonic()
            click.echo(f"{self.label}: {self.done}/{self.total} {self.unit}", err=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def emit_lines(records: Iterable[Any]) -> None:
    """JSON lines: one record per line, printed as they come."""
    for rec in records:
        click.echo(json.dumps(rec, ensure_ascii=False))


def emit_list(records: Iterable[Any]) -> None:
    """One JSON list, one record per line, printed as they come (a whole store never sits in memory)."""
    out = sys.stdout
    out.write("[")
    for i, rec in enumerate(records):
        out.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False))
    out.write("\n]\n")
