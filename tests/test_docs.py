"""The documentation generated from the code is up to date."""

from __future__ import annotations

from pathlib import Path

from kamerspoor.docs import cli_reference

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_generated_from_the_current_commands() -> None:
    assert DOCS.read_text(encoding="utf-8") == cli_reference(), "run: python -m kamerspoor.docs"


def test_cli_reference_documents_every_command() -> None:
    text = cli_reference()
    for name in ("analyze", "ingest", "search", "motion", "commitments", "dossier", "export", "stats", "serve",
                 "map", "fetch", "sync", "embed", "answers", "report"):
        assert f"## kamerspoor {name}" in text


def test_cli_reference_shows_the_help_options_the_command_line_accepts() -> None:
    from click.testing import CliRunner

    from kamerspoor.cli import main

    text = cli_reference()
    sections = text.count("## kamerspoor ")
    assert text.count("-h, --help") == sections + 1  # the group's help and every command's
    assert CliRunner().invoke(main, ["stats", "-h"]).exit_code == 0
