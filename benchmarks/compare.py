#!/usr/bin/env python3
"""How long comparing statements across articles takes (compare.py, with the hierarchy it goes
through), on synthetic maps of growing size: the figures behind "near-linear" in README.md.

    .venv/bin/python benchmarks/compare.py                       # 1,000 to 20,000 claims
    .venv/bin/python benchmarks/compare.py --sizes 1000,10000 --work /tmp/compare-bench

Each map comes from synth.py (hierarchies four levels deep, 30% of relations with a setting); it is
loaded and validated once, then `build_hierarchy` and `compare` run three times and the fastest run
is reported, with what they found; then three times more with Python's garbage collector off, to
show how much of the time is the collector going through the whole project's objects (which grow
with the map) rather than the comparison's own work. CPU seconds of this process, so other work on
the machine counts less.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter
from pathlib import Path

import synth
from evidmap.compare import compare
from evidmap.hierarchy import build_hierarchy
from evidmap.load import load_project
from evidmap.validate import validate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000,20000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/evidmap-compare-bench"))
    args = parser.parse_args()
    print("| claims | relations | signed kinds | hierarchy links | pairs compared | tensions | compare s | µs per pair "
          "| collector off: s, µs per pair |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in args.sizes.split(",")]:
        root = args.work / f"synth-{n}"
        if not (root / "evidmap.yaml").is_file():
            synth.generate(n, root)
        raw, _ = load_project(root)
        project, diagnostics = validate(raw)
        assert not [d for d in diagnostics if d.severity == "error"], diagnostics[:3]
        best, quiet = float("inf"), float("inf")
        for collector in (True, False) * 3:
            if not collector:
                gc.disable()
            start = time.process_time()
            hierarchy = build_hierarchy(project.entities)
            found = compare(project, hierarchy)
            took = time.process_time() - start
            gc.enable()
            if collector:
                best = min(best, took)
            else:
                quiet = min(quiet, took)
        signed = {
            (r.subject, r.object, r.effect, r.setting)
            for c in project.claims
            for r in c.relations
            if r.effect in ("positive", "negative")
        }
        stances = Counter(c.stance.id for c in found.compared)
        links = sum(len(e.is_a) + len(e.part_of) for e in project.entities)
        relations = sum(len(c.relations) for c in project.claims)
        tensions = sum(v for k, v in stances.items() if k != "agree")
        print(
            f"| {n:,} | {relations:,} | {len(signed):,} | {links:,} | {len(found.compared):,} | {tensions:,} "
            f"| {best:.3f} | {best / max(1, len(found.compared)) * 1e6:.0f} "
            f"| {quiet:.3f}, {quiet / max(1, len(found.compared)) * 1e6:.0f} |"
        )


if __name__ == "__main__":
    main()
