"""The one writer of the listing commands' output: tables for reading, CSV and JSON for programs."""

from __future__ import annotations

import csv
import io
import json

import click
from click.testing import CliRunner

from kamerspoor.clioutput import cell, csv_text, emit, format_option, table

ROWS = [{"id": "kst-99901-3", "stance": "declined", "refs": ["99901-1", "99901-2"], "note": None},
        {"id": "kst-99901-4", "stance": "noted", "refs": [], "note": "een   toelichting\nover twee regels"}]


def test_a_table_aligns_columns_under_a_header_and_cuts_long_cells() -> None:
    text = table([{"id": "a", "text": "woord " * 30}], widths={"text": 20})
    header, rule, row = text.split("\n")
    assert header.split() == ["id", "text"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert row.endswith("…") and len(row.split("  ", 1)[1].strip()) == 20


def test_an_empty_table_says_none() -> None:
    assert table([]) == "(none)"


def test_a_cell_is_one_line_with_lists_as_json_and_none_empty() -> None:
    assert cell(None) == ""
    assert cell(["a", "b"]) == '["a", "b"]'
    assert cell("een   toelichting\nover twee regels") == "een toelichting over twee regels"


def test_csv_keeps_every_value_whole_and_lists_as_json() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(ROWS, ["id", "refs", "note"]))))
    assert [r["id"] for r in rows] == ["kst-99901-3", "kst-99901-4"]
    assert json.loads(rows[0]["refs"]) == ["99901-1", "99901-2"]
    assert rows[1]["note"] == "een   toelichting\nover twee regels"
    assert "stance" not in rows[0]  # only the columns asked for


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_text() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text([{"title": "=HYPERLINK(\"x\")", "n": -3}]))))
    assert rows[0] == {"title": "'=HYPERLINK(\"x\")", "n": "-3"}


def test_every_format_of_a_listing_command_comes_from_one_writer() -> None:
    @click.command()
    @format_option()
    def listing(fmt: str) -> None:
        emit(fmt, {"results": ROWS}, ROWS, ["id", "stance"])

    runner = CliRunner()
    assert json.loads(runner.invoke(listing, ["--format", "json"]).output) == {"results": ROWS}
    assert runner.invoke(listing, ["--format", "csv"]).output.splitlines()[0] == "id,stance"
    table_out = runner.invoke(listing, []).output.splitlines()
    assert table_out[0].split() == ["id", "stance"] and table_out[2].split() == ["kst-99901-3", "declined"]
    assert runner.invoke(listing, ["--format", "xml"]).exit_code == 2
