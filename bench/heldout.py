"""Benchmark: the pipeline on every held-out fixture, scored against its hand-made gold.

The held-out set (``tests/fixtures/heldout/``) holds FICTIONAL Kamerstukken, each with a gold file written
by hand before the pipeline ran on it. This script runs the pipeline on every one of them (old and new),
scores each record with ``../shared/eval/score.py`` (the scoring the project is judged by) and prints:

- per document: the mean of its metrics and every metric below 1.0;
- per failure class of issue 15 (``tests/fixtures/heldout/issue15.json`` tags each new document with the
  classes it exercises): the number of documents and the mean of their means;
- the overall mean, and the means of the older fixtures and of the issue-15 documents;
- the documents that answer motions (their gold lists motions) with a metric below 0.8, the bar issue 15 sets.

The index marks some documents ``"sealed": true``: the sealed validation set of the current round, written
before that round's fixes and kept out of sight while they were made, so that it measures whether the rules
generalise. They count in their own means (overall and per class) and in the number of letters under the bar,
but their per-document lines and metrics are printed (and put in the JSON) only with ``--unseal``. A document's
``"set"`` names the validation set it was written for (``validation1``, ``validation2``, ...); every set gets
its own mean and count under the bar, whether it is still sealed or not.

    .venv/bin/python bench/heldout.py [--shared PATH] [--json] [--unseal]

Fixtures are read as the tests read them: ``.pdf.txt``, ``.page.txt`` and ``.xml`` directly; ``.pages.txt``
and ``.typeset.txt`` are drawn into a PDF first with the helpers of ``tests/test_heldout.py`` (fpdf2; the
typeset letter in its plain variant). Exits 0; prints a message and exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

from kamerspoor.model import InputError
from kamerspoor.pipeline import analyze_bytes, analyze_path
from kamerspoor.record import Record

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
INDEX = HELDOUT / "issue15.json"
# the shapes a held-out fixture comes in; the two last are drawn into a PDF before reading
DIRECT = (".pdf.txt", ".page.txt", ".xml")
DRAWN = (".pages.txt", ".typeset.txt")
BAR = 0.8  # issue 15: no metric below this on a letter that answers a motion


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def fixtures() -> list[tuple[str, Path]]:
    """(document name, input file) of every held-out fixture that has a gold file, sorted by name."""
    out = []
    for path in sorted(HELDOUT.iterdir()):
        suffix = next((s for s in DIRECT + DRAWN if path.name.endswith(s)), None)
        if suffix and path.name.startswith("kst-"):
            name = path.name[: -len(suffix)]
            if (HELDOUT / f"{name}.gold.json").is_file():
                out.append((name, path))
    return out


def record(path: Path, helpers: ModuleType | None) -> Record:
    """The analysis record of one fixture, read as tests/test_heldout.py reads it."""
    if path.name.endswith(DIRECT):
        return analyze_path(path)
    if helpers is None:
        raise RuntimeError("fpdf2 or tests/test_heldout.py is not available to draw this fixture as a PDF")
    source = path.read_text(encoding="utf-8")
    if path.name.endswith(".pages.txt"):
        data = helpers._pdf(source)
    else:
        data = helpers._typeset(source)
    stem = path.name.split(".")[0]
    return analyze_bytes(data, name=f"{stem}.pdf")


def answers_motions(gold: dict) -> bool:
    """A document that answers motions: its gold lists motions and it is not itself a motion."""
    return bool(gold.get("motions")) and gold.get("document", {}).get("kind") != "motie"


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _helpers() -> ModuleType | None:
    """tests/test_heldout.py's PDF drawing helpers, or None when fpdf2 is not installed."""
    try:
        import fpdf  # noqa: F401  (the drawn fixtures need it)
    except ImportError:
        return None
    return _load(ROOT / "tests" / "test_heldout.py", "kamerspoor_heldout_helpers")


def score_document(scorer: ModuleType, path: Path, gold: dict, helpers: ModuleType | None) -> tuple[dict, str | None]:
    """score.py's metrics for one fixture, or no metrics and the error that stopped it."""
    try:
        return scorer.score(gold, json.loads(record(path, helpers).to_json())), None
    except (InputError, RuntimeError, ValueError, OSError) as e:
        return {}, f"{type(e).__name__}: {e}"


def run(shared: Path) -> dict:
    """Every fixture scored, the means per class of issue 15 and overall, the letters below the bar."""
    scorer = _load(shared / "eval" / "score.py", "kamerspoor_score")
    helpers = _helpers()
    index = json.loads(INDEX.read_text(encoding="utf-8")) if INDEX.is_file() else {"classes": {}, "documents": {}}
    docs = {}
    for name, path in fixtures():
        gold = json.loads((HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))
        metrics, error = score_document(scorer, path, gold, helpers)
        entry = index["documents"].get(name, {})
        docs[name] = {"file": path.name, "metrics": metrics, "mean": mean(list(metrics.values())), "error": error,
                      "answers_motions": answers_motions(gold), "new": name in index["documents"],
                      "sealed": bool(entry.get("sealed")), "classes": entry.get("classes", []),
                      "set": entry.get("set")}
    first = {n: d for n, d in docs.items() if not d["sealed"]}
    sealed = {n: d for n, d in docs.items() if d["sealed"]}
    classes = {}
    for key, label in index["classes"].items():
        members = [d["mean"] for d in first.values() if int(key) in d["classes"]]
        closed = [d["mean"] for d in sealed.values() if int(key) in d["classes"]]
        classes[key] = {"label": label, "n": len(members), "mean": mean(members),
                        "sealed_n": len(closed), "sealed_mean": mean(closed)}
    below = _below_bar(docs)
    return {
        "documents": docs,
        "classes": classes,
        "mean": mean([d["mean"] for d in first.values()]),
        "mean_older": mean([d["mean"] for d in first.values() if not d["new"]]),
        "mean_issue15": mean([d["mean"] for d in first.values() if d["new"]]),
        "answering_motions": sum(d["answers_motions"] for d in first.values()),
        "below_bar": {n: m for n, m in below.items() if n in first},
        "sets": _sets(docs, below),
        "sealed": {"n": len(sealed), "mean": mean([d["mean"] for d in sealed.values()]),
                   "answering_motions": sum(d["answers_motions"] for d in sealed.values()),
                   "below_bar": len([n for n in below if n in sealed]),
                   "errors": sum(bool(d["error"]) for d in sealed.values())},
    }


def _sets(docs: dict, below: dict) -> dict:
    """Per validation set (the index's "set"): its size, mean, documents answering motions and those under the bar."""
    out: dict = {}
    for name, d in docs.items():
        if d["set"]:
            out.setdefault(d["set"], []).append(name)
    return {key: {"n": len(names), "mean": mean([docs[n]["mean"] for n in names]),
                  "sealed": any(docs[n]["sealed"] for n in names),
                  "answering_motions": sum(docs[n]["answers_motions"] for n in names),
                  "below_bar": len([n for n in names if n in below])} for key, names in sorted(out.items())}


def _below_bar(docs: dict) -> dict:
    """The documents answering motions with a metric under the bar (or an error): name -> those metrics."""
    below = {n: {k: v for k, v in d["metrics"].items() if v < BAR} for n, d in docs.items() if d["answers_motions"]}
    return {n: m for n, m in below.items() if m or docs[n]["error"]}


def sealed_view(result: dict) -> dict:
    """The result without what the sealed documents score one by one (their lines and metrics)."""
    out = dict(result)
    out["documents"] = {n: d for n, d in result["documents"].items() if not d["sealed"]}
    return out


def report(result: dict, unseal: bool = False) -> None:
    docs = {n: d for n, d in result["documents"].items() if unseal or not d["sealed"]}
    width = max(len(n) for n in docs) if docs else 10
    print("per document (mean of score.py's metrics; the metrics below 1.0)")
    for name, d in docs.items():
        tag = "s" if d["sealed"] else "*" if d["new"] else " "
        if d["error"]:
            print(f" {tag}{name:<{width}}  ERROR {d['error']}")
            continue
        low = ", ".join(f"{k} {v:.2f}" for k, v in d["metrics"].items() if v < 1.0)
        print(f" {tag}{name:<{width}}  {d['mean']:.3f}  {low}")
    print("(* = issue-15 document of the first set, s = sealed validation set)\n")
    print("per class of issue 15 (first set | sealed set: documents tagged with the class)")
    for key, c in result["classes"].items():
        print(f"  {key}  n={c['n']:<2}  mean {c['mean']:.3f}  | sealed n={c['sealed_n']:<2} mean {c['sealed_mean']:.3f}"
              f"  {c['label']}")
    first = [d for d in result["documents"].values() if not d["sealed"]]
    print(f"\noverall mean {result['mean']:.3f} over {len(first)} documents "
          f"(older fixtures {result['mean_older']:.3f}, issue-15 first set {result['mean_issue15']:.3f})")
    below = result["below_bar"]
    print(f"documents answering motions with a metric below {BAR}: {len(below)} of {result['answering_motions']}")
    for name, metrics in below.items():
        what = docs[name]["error"] or ", ".join(f"{k} {v:.2f}" for k, v in metrics.items())
        print(f"  {name}: {what}")
    for key, st in result.get("sets", {}).items():
        print(f"validation set {key}{' (sealed)' if st['sealed'] else ''}: {st['n']} documents, mean {st['mean']:.3f}; "
              f"answering motions with a metric below {BAR}: {st['below_bar']} of {st['answering_motions']}")
    sealed = result["sealed"]
    print(f"\nsealed validation set: {sealed['n']} documents, mean {sealed['mean']:.3f}; answering motions with a "
          f"metric below {BAR}: {sealed['below_bar']} of {sealed['answering_motions']}; errors: {sealed['errors']}"
          + ("" if unseal else " (per document: --unseal)"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared")),
                        help="the shared folder with eval/score.py (default ../shared)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--unseal", action="store_true",
                        help="also show the sealed validation set's documents one by one (keep it sealed while fixing)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "score.py").is_file():
        print(f"bench/heldout.py: {args.shared / 'eval' / 'score.py'} is absent; nothing scored")
        return 0
    result = run(args.shared)
    if args.json:
        print(json.dumps(result if args.unseal else sealed_view(result), ensure_ascii=False, indent=1))
    else:
        report(result, unseal=args.unseal)
    return 0


if __name__ == "__main__":
    sys.exit(main())
