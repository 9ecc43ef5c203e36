"""Does a long `evidmap serve` session stay at a steady size? Prints the rebuild time and the
process's resident memory every few edits, over many edits of one claims file, in one process with
a build Memo (as serve runs it).

    .venv/bin/python benchmarks/serve_memory.py                 # the seed project, 40 edits
    .venv/bin/python benchmarks/serve_memory.py PROJECT --edits 100

The project is copied to a temporary folder first; the copy is edited, never the project.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from evidmap.build import Memo, build


def resident_mb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evidmap-serve-memory-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for name in ("seeds", "claims", "references", "templates", "evidmap.yaml"):
            source = args.project / name
            if source.is_dir():
                shutil.copytree(source, root / name)
            elif source.is_file():
                shutil.copy2(source, root / name)
        claims = sorted((root / "claims").glob("*.yaml"))[0]
        original = claims.read_text("utf-8")
        memo = Memo()
        print(f"{'edit':>5} {'rebuild s':>10} {'RSS MB':>7}")
        for edit in range(args.edits + 1):
            claims.write_text(original.replace("statement: ", f"statement: Edit {edit} ", 1), "utf-8")
            started = time.perf_counter()
            result = build(root, Path(tmp) / "site", memo=memo, defer=True)
            seconds = time.perf_counter() - started
            if not result.ok:
                print(result.summary, file=sys.stderr)
                return 1
            if edit % max(1, args.edits // 8) == 0 or edit == args.edits:
                print(f"{edit:>5} {seconds:>10.2f} {resident_mb():>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
