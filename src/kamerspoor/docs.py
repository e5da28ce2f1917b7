"""Documentation generated from the code (``python -m kamerspoor.docs``): the CLI reference in docs/cli.md.

The same text is checked by a test, so the reference can never drift from the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamerspoor.cli import main


def cli_reference() -> str:
    """Markdown: every command's ``--help``, in the order the CLI lists them."""
    out = ["# kamerspoor command line reference", "",
           "Generated from the code by `python -m kamerspoor.docs`; do not edit by hand.", ""]
    # the group's own context settings (-h as well as --help), as the command line has them
    with click.Context(main, info_name="kamerspoor", terminal_width=100, **main.context_settings) as ctx:
        out += ["```", main.get_help(ctx).rstrip(), "```", ""]
        for name in main.list_commands(ctx):
            cmd = main.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            with click.Context(cmd, info_name=name, parent=ctx, terminal_width=100) as sub:
                out += [f"## kamerspoor {name}", "", "```", cmd.get_help(sub).rstrip(), "```", ""]
    return "\n".join(out)


def write(path: str | Path = "docs/cli.md") -> Path:
    """Write the CLI reference to ``path``; returns it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(cli_reference(), encoding="utf-8")
    return p


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md"))
