"""The command line: ``kamerspoor COMMAND``.

Every command prints machine-readable output to standard output and messages to standard error, so it fits
in a shell pipeline. Exit codes: 0 ok, 1 some inputs failed, 2 bad input or usage. An internal error (a stage
that built an invalid record: ``PipelineError``) is one line too, naming the file, with exit code 1: the input
is not at fault, so it is not 2.
"""

from __future__ import annotations

import json
import sys

import click

from kamerspoor.cliutil import fail as _fail
from kamerspoor.model import InputError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kamerspoor")
def main() -> None:
    """kamerspoor: follow the Tweede Kamer's motions through the cabinet's answers."""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "md", "jsonl"]), default="json", show_default=True,
              help="json: the analysis record; md: a readable report; jsonl: one record per line.")
def analyze(files: tuple[str, ...], fmt: str) -> None:
    """Analyze documents (PDF text, PDF, official XML or HTML; '-' reads standard input).

    Prints the analysis record (../shared/spec/analysis.md). With several files and --format json, prints a
    JSON list.
    """
    from kamerspoor.pipeline import PipelineError, analyze_bytes, analyze_path
    from kamerspoor.read import stream_bytes
    from kamerspoor.report import to_markdown

    records = []
    for f in files:
        try:
            if f == "-":
                # read up to the limit of its kind and no further: endless input is refused, not awaited
                records.append(analyze_bytes(stream_bytes(sys.stdin.buffer, "<stdin>"), name="<stdin>"))
            else:
                records.append(analyze_path(f))
        except InputError as e:
            _fail(str(e))
        except PipelineError as e:
            _fail(str(e), 1)
        except RecursionError:
            _fail(f"{f}: document nested too deeply to analyze")
    if fmt == "md":
        click.echo("\n\n---\n\n".join(to_markdown(r) for r in records))
    elif fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        out = records[0].to_dict() if len(records) == 1 else [r.to_dict() for r in records]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the analysis record, generated from the types in kamerspoor.record (the same
    text as docs/analysis.schema.json)."""
    from kamerspoor.record import json_schema_text

    click.echo(json_schema_text(), nl=False)


#: The modules that define the commands of other concerns (store, serve, fetch, ...): each lists its commands
#: in ``COMMANDS``; a module that is not installed is left out.
COMMAND_MODULES = ("kamerspoor.cli_store", "kamerspoor.cli_serve", "kamerspoor.cli_fetch", "kamerspoor.cli_semantic",
                   "kamerspoor.cli_map", "kamerspoor.cli_votes", "kamerspoor.cli_watch",
                   "kamerspoor.cli_report")


def _add_commands(group: click.Group) -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        for command in mod.COMMANDS:
            group.add_command(command)


_add_commands(main)

if __name__ == "__main__":
    main()
