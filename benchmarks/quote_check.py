#!/usr/bin/env python3
"""The quote check's worst case: many quotes, none of them in a long article of short paragraphs.

    .venv/bin/python benchmarks/quote_check.py                  # scales 1, 2 and 4
    .venv/bin/python benchmarks/quote_check.py --scales 1,2,4,8 --work /tmp/evidmap-quotes

At scale k the project has one seed of 20,000·k short paragraphs (~300 KB·k of text) and one
claims file of 3,000·k quotes that occur nowhere in it, each of which validate looks up and then
explains with the nearest passage. Two kinds, half each:

- a paragraph's text running on into the next paragraph's first word: the whole paragraph is found,
  so the suggestion does real work (a long prefix, the passage after it);
- four words of the article in an order in which it never uses them.

With `--kind one-word` every quote is instead two of the article's words run together, which the
anchors cannot narrow (a quote without a space has no anchor): each is a range of the article's
suffix array, which the first of them builds.

Prints a Markdown table, each figure the best of `--repeat` runs in a fresh interpreter: the seed's
size, the number of quotes (and how many were shown a nearest passage), the time to load the
project (YAML), to parse the article's Markdown into text units, to build its quote index, and to
validate with the index built (almost all of it the quote check), their total, and how much the
check and the total grow per doubling of the input (2.0 is linear, 4.0 quadratic). Every quote must be
reported as not found. Runs with the evidmap that `python` imports (the project's .venv), or the one
in `--src` (`git archive` an older commit to compare); projects go to --work.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import WORDS  # noqa: E402  (the synthetic projects' plain English words)


PARAGRAPHS = 20_000
QUOTES = 3_000


def write_project(root: Path, scale: int, kind: str = "mixed") -> int:
    """A project of the given scale at `root`; returns the seed's size in bytes."""
    rng = random.Random(f"quote-check-{scale}")
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(2)) for _ in range(PARAGRAPHS * scale)]
    if root.exists():
        shutil.rmtree(root)
    for folder in ("seeds", "claims/entities", "references"):
        (root / folder).mkdir(parents=True)
    seed = "---\nid: long\ntitle: A long article\ncitation_style: none\nbibliography: []\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    (root / "seeds/long.md").write_text(seed, "utf-8")
    (root / "claims/entities/core.yaml").write_text("entities:\n  - {id: x, label: X, kind: protein}\n", "utf-8")
    claims = []
    for n in range(QUOTES * scale):
        if kind == "one-word":
            quote = rng.choice(WORDS) + rng.choice(WORDS)  # two words run together: found nowhere
        elif n % 2 == 0:
            at = rng.randrange(len(paragraphs) - 1)
            quote = paragraphs[at] + " " + paragraphs[at + 1].split()[0]
        else:
            quote = " ".join(rng.choice(WORDS) for _ in range(4))
        claims.append(f"  - {{id: q{n}, quote: {json.dumps(quote)}, statement: S., type: fact, cites: [], citation: none}}\n")
    (root / "claims/long.yaml").write_text("article: long\nclaims:\n" + "".join(claims), "utf-8")
    return len(seed.encode("utf-8"))


# Run in a fresh interpreter for each measurement, so that no cache of an earlier run helps. The
# article's Markdown is parsed into units and indexed before validate runs, to show apart the
# parsing (which every check of the article needs), the index and the checking itself.
_MEASURE = """
import json, sys, time
from pathlib import Path
from evidmap import articles
from evidmap.load import load_project
from evidmap.validate import validate
try:  # the caches a build hands its stages (an evidmap from before them cached by itself: --src)
    from evidmap.memo import Caches
    caches = Caches()
    kept = {"kept": caches.article_texts}
except ImportError:
    caches, kept = None, {}
root = Path(sys.argv[1])
started = time.perf_counter()
raw, _ = load_project(root)
loaded = time.perf_counter()
body = raw.seeds[0].body
articles.units_of(body, **kept)
parsed = time.perf_counter()
if hasattr(articles, "quote_index"):  # not in an evidmap from before the index (--src)
    articles.quote_index(body, **kept)
indexed = time.perf_counter()
_, diagnostics = validate(raw, caches) if caches else validate(raw)
checked = time.perf_counter()
not_found = [d.message for d in diagnostics if "not found verbatim" in d.message]
print(json.dumps({"load": loaded - started, "parse": parsed - loaded, "index": indexed - parsed, "check": checked - indexed,
                  "not_found": len(not_found), "suggested": sum("the text matches up to" in m for m in not_found)}))
"""


def measure(root: Path, quotes: int, repeat: int, src: Optional[Path]) -> dict[str, float]:
    """The best of `repeat` fresh runs, stage by stage (seconds), after checking that every quote
    is reported as not found; `suggested` counts those shown a nearest passage."""
    environment = dict(os.environ, PYTHONPATH=str(src)) if src else None
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True, check=True,
                              env=environment)
        runs.append(json.loads(done.stdout))
        assert runs[-1]["not_found"] == quotes, (runs[-1], quotes)
    best = {stage: min(run[stage] for run in runs) for stage in ("load", "parse", "index", "check")}
    return best | {"suggested": runs[0]["suggested"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,2,4", help="comma-separated multiples of 20,000 paragraphs and 3,000 quotes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scale; the best is shown")
    parser.add_argument("--kind", choices=("mixed", "one-word"), default="mixed",
                        help="mixed: the worst case above; one-word: every quote one word (no space: no anchor, so the suffix array)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/evidmap-quote-check"))
    parser.add_argument("--src", type=Path, help="benchmark the evidmap package in this folder (e.g. an older src/) instead")
    args = parser.parse_args()
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        root = args.work / f"{args.kind}-x{scale}"
        size = write_project(root, scale, args.kind)
        rows.append((scale, size, QUOTES * scale, measure(root, QUOTES * scale, args.repeat, args.src)))
    print("| scale | seed KB | paragraphs | quotes, none found (with a suggestion) | load s | Markdown to units s "
          "| index s | validate with the index built s (growth per doubling) | µs per quote | total s (growth per doubling) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for scale, size, quotes, t in rows:
        total = t["load"] + t["parse"] + t["index"] + t["check"]
        check_growth = total_growth = ""
        if previous:
            doublings = math.log2(scale / previous[0])
            check_growth = f" ({(t['check'] / previous[1]) ** (1 / doublings):.2f})"
            total_growth = f" ({(total / previous[2]) ** (1 / doublings):.2f})"
        print(f"| {scale}x | {size / 1024:,.0f} | {PARAGRAPHS * scale:,} | {quotes:,} ({t['suggested']:,}) | {t['load']:.2f} "
              f"| {t['parse']:.2f} | {t['index']:.2f} | {t['check']:.2f}{check_growth} | {t['check'] / quotes * 1e6:,.0f} "
              f"| {total:.2f}{total_growth} |")
        previous = (scale, t["check"], total)

if __name__ == "__main__":
    main()
