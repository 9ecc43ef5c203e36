#!/usr/bin/env python3
"""Extract's worst cases: many identical bibliography entries, and entries of one long run.

    .venv/bin/python benchmarks/extract_worst.py
    .venv/bin/python benchmarks/extract_worst.py --src /path/to/older/src   # compare with another evidmap

Prints a Markdown table: how long `extract` takes to draft ids for 250, 500 and 1,000 identical
entries (`Doe J (2020). T.`: every one after the first needs a suffix), and how long
`bibparse.parse_entry` takes on one entry of a year and then 1,000, 2,000 (the longest entry that is
parsed) and 100,000 digits, the input that made the volume pattern try each digit as a start.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

SEED = "---\nid: worst\ntitle: Worst\n---\n\nMetformin lowers blood glucose in most adults.\n\n## References\n\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", help="import evidmap from this src/ folder instead")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, args.src)
    from evidmap.bibparse import parse_entry
    from evidmap.extract import extract

    print("| case | size | seconds |\n|---|---:|---:|")
    for count in (250, 500, 1000):
        with tempfile.TemporaryDirectory() as work:
            root = Path(work)
            for folder in ("seeds", "claims", "references"):
                (root / folder).mkdir()
            seed = root / "seeds" / "worst.md"
            seed.write_text(SEED + "".join(f"{n}. Doe J (2020). T.\n" for n in range(1, count + 1)))
            start = time.perf_counter()
            extract(seed, root)
            print(f"| extract, identical entries | {count:,} entries | {time.perf_counter() - start:.2f} |")
    for digits in (1000, 2000, 100_000):
        entry = "Doe J (2020). T. J X. " + "1" * digits
        start = time.perf_counter()
        parse_entry(entry)
        print(f"| parse_entry, a run of digits | {len(entry):,} characters | {time.perf_counter() - start:.3f} |")


if __name__ == "__main__":
    main()
