"""Documentation generated from the code (``python -m kamerspoor.docs``): the CLI reference in docs/cli.md and
the picture of the flow in docs/architecture.dot (rendered to docs/architecture.svg when graphviz is there).

Both are checked by tests, so neither can drift from the code: the CLI reference against the commands, the
picture against :data:`LAYERS` and :data:`FLOW`, whose modules and seam types must exist and whose direction
the imports must follow (tests/test_architecture.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
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
        out += _commands(main, ctx, "kamerspoor")
    return "\n".join(out)


def _commands(group: click.Group, ctx: click.Context, prefix: str) -> list[str]:
    """The help of each command of ``group``, and of the commands of a group within it (``watch add``)."""
    out: list[str] = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        with click.Context(cmd, info_name=name, parent=ctx, terminal_width=100) as sub:
            out += [f"## {prefix} {name}", "", "```", cmd.get_help(sub).rstrip(), "```", ""]
            if isinstance(cmd, click.Group):
                out += _commands(cmd, sub, f"{prefix} {name}")
    return out


def write(path: str | Path = "docs/cli.md") -> Path:
    """Write the CLI reference to ``path``; returns it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(cli_reference(), encoding="utf-8")
    return p


# -- the architecture -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    """A layer of kamerspoor: its modules (names under ``kamerspoor.``, a package or a module) and its rank. A
    module may import only modules of its own layer and of layers of a lower rank; two layers of one rank never
    import each other (the pipeline and the store)."""

    name: str
    modules: tuple[str, ...]
    rank: int
    what: str


#: The layers, from the foundation up. The data flows read -> clean -> parse -> extract -> record -> ingest ->
#: store -> serve (:data:`FLOW`); the imports point down the ranks.
LAYERS: tuple[Layer, ...] = (
    Layer("record", ("record", "model", "errors", "bytecache"), 0,
          "the analysis record as types (the contract), the stages' own types, the input and pipeline errors; "
          "caches bounded in bytes"),
    Layer("rules", ("rules", "labels", "taxonomy"), 1,
          "every fact of Dutch parliamentary language, as data with an example each; labels; the taxonomy"),
    Layer("read", ("read",), 2, "PDF, PDF text, official XML, HTML page: one table of readers"),
    Layer("open data", ("fetch", "tkapi", "tkletters", "tkpersons", "tkvotes"), 2,
          "officielebekendmakingen (SRU, repository) and the Tweede Kamer's open data (OData): files to ingest"),
    Layer("clean", ("clean",), 3, "page furniture, hyphenation, footnotes out of the text"),
    Layer("parse", ("parse",), 4, "document facts, sections, paragraphs"),
    Layer("extract", ("extract",), 5, "references, motions answered and their stance, commitments, themes"),
    Layer("pipeline", ("pipeline",), 6, "the stages in order, building the typed record"),
    Layer("store", ("store", "dburl"), 6, "persistence: schema and migrations, writes, a typed read API"),
    Layer("ingest", ("ingest", "distributed"), 7,
          "one handler per input type, matching and links, above the store; its preparing on a Dask cluster"),
    Layer("semantic", ("semantic",), 7, "embeddings and hybrid search over the store"),
    Layer("watches", ("watches", "feeds", "mail"), 7,
          "what users follow and what is new to them, above the store: Atom feeds, e-mail over SMTP"),
    Layer("serve", ("web", "report", "policymap", "csvsafe", "verantwoording", "verantwoording_text", "matrix"), 8,
          "JSON API and web pages (reading the store's API, no SQL), the Markdown report, the policy map, the "
          "accountability report and the answer matrix"),
    Layer("cli", ("cli", "cli_fetch", "cli_map", "cli_report", "cli_semantic", "cli_serve", "cli_store", "cli_votes",
                  "cli_watch", "clioutput", "cliutil", "docs", "__init__"), 9,
          "the command line and the package's Python API"),
)


@dataclass(frozen=True)
class Seam:
    """What one layer hands the next: ``seam`` is the type (``module:Name``) or module that carries it."""

    source: str
    target: str
    label: str
    seam: str | None = None


#: The flow of data between the layers, and the type at each seam.
FLOW: tuple[Seam, ...] = (
    Seam("open data", "ingest", "files: XML, metadata,\nZaak, Stemming, Toezegging JSON"),
    Seam("read", "clean", "RawDocument", "kamerspoor.model:RawDocument"),
    Seam("clean", "parse", "Cleaned", "kamerspoor.model:Cleaned"),
    Seam("parse", "extract", "Structure", "kamerspoor.model:Structure"),
    Seam("extract", "pipeline", "parts (dicts)"),
    Seam("pipeline", "record", "Record\n(msgspec.convert)", "kamerspoor.record:Record"),
    Seam("record", "ingest", "Record / record JSON\n(from_json)", "kamerspoor.record:from_json"),
    Seam("ingest", "store", "DocumentRows,\nZaak and vote rows", "kamerspoor.store.rows:DocumentRows"),
    Seam("store", "serve", "typed read API", "kamerspoor.store.types"),
    Seam("store", "semantic", "paragraphs, vectors", "kamerspoor.store.embeddings"),
    Seam("semantic", "serve", "hybrid search,\ncandidate answers", "kamerspoor.semantic.hybrid"),
    Seam("store", "watches", "watches, what they saw", "kamerspoor.store.watches"),
    Seam("watches", "serve", "feeds, watch pages", "kamerspoor.feeds"),
    Seam("rules", "read", "rules as data", "kamerspoor.rules.rulefile"),
)


def layer_of(module: str) -> Layer | None:
    """The layer of a module of kamerspoor (``kamerspoor.extract.answers`` -> extract), None outside it."""
    parts = module.split(".")
    if parts[0] != "kamerspoor":
        return None
    name = parts[1] if len(parts) > 1 else "__init__"
    return next((layer for layer in LAYERS if name in layer.modules), None)


def architecture_dot() -> str:
    """The flow of :data:`FLOW` over the layers of :data:`LAYERS`, as graphviz dot."""
    out = ["// Generated from kamerspoor.docs (LAYERS, FLOW) by `python -m kamerspoor.docs`; do not edit by hand.",
           "digraph kamerspoor {",
           '  rankdir=LR; nodesep=0.35; ranksep=0.5;',
           '  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", color="#57606a", fontname="Helvetica",'
           ' fontsize=11];',
           '  edge [color="#57606a", fontname="Helvetica", fontsize=9];',
           '  files [label="Kamerstukken\\nPDF, PDF text, XML, HTML", shape=note, fillcolor="#ffffff"];',
           '  files -> read;']
    steps = ("read", "clean", "parse", "extract", "pipeline")
    out.append('  subgraph cluster_pipeline { label="the pipeline: no store, no serve"; fontname="Helvetica"; '
               'fontsize=10; color="#8c959f"; ' + " ".join(f'"{s}";' for s in steps) + " }")
    for layer in LAYERS:
        names = [m + ("/" if _is_package(m) else ".py") for m in layer.modules if m != "__init__"]
        if sum(n.startswith("cli") for n in names) > 1:  # the command modules, as one
            names = ["cli*.py"] + [n for n in names if not n.startswith("cli")]
        modules = ", ".join(names)
        fill = 'fillcolor="#ddf4ff", ' if layer.name == "record" else ""
        out.append(f'  "{layer.name}" [{fill}label="{layer.name}\\n{_wrap(modules)}"];')
    for seam in FLOW:
        style = ", style=dashed" if seam.source == "rules" else ""
        label = seam.label.replace("\n", "\\n")
        out.append(f'  "{seam.source}" -> "{seam.target}" [label="{label}"{style}];')
    out.append('  "rules" -> "clean" [style=dashed]; "rules" -> "parse" [style=dashed]; '
               '"rules" -> "extract" [style=dashed];')
    out.append('  "cli" -> "pipeline" [style=dotted]; "cli" -> "ingest" [style=dotted]; '
               '"cli" -> "serve" [style=dotted];')
    out.append("}")
    return "\n".join(out) + "\n"


def _is_package(module: str) -> bool:
    return (Path(__file__).parent / module).is_dir()


def _wrap(text: str, width: int = 28) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > width:
            lines.append(line.rstrip())
            line = ""
        line += word + " "
    lines.append(line.rstrip())
    return "\\n".join(lines)


def render_svg(dot: str) -> str | None:
    """The SVG graphviz draws of ``dot``; None when graphviz (``dot``) is not installed."""
    exe = shutil.which("dot")
    if exe is None:
        return None
    return subprocess.run([exe, "-Tsvg"], input=dot, capture_output=True, text=True, check=True,
                          timeout=60).stdout


def write_architecture(folder: str | Path = "docs") -> list[Path]:
    """Write docs/architecture.dot and, with graphviz, docs/architecture.svg; returns the files written."""
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    dot = architecture_dot()
    (d / "architecture.dot").write_text(dot, encoding="utf-8")
    written = [d / "architecture.dot"]
    svg = render_svg(dot)
    if svg is not None:
        (d / "architecture.svg").write_text(svg, encoding="utf-8")
        written.append(d / "architecture.svg")
    return written


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md"))
    for path in write_architecture(Path(sys.argv[1]).parent if len(sys.argv) > 1 else "docs"):
        print(path)
