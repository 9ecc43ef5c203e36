"""How long `evidmap serve` takes to compute every page's key (render.page_key) on a rebuild.

    .venv/bin/python benchmarks/page_keys.py /tmp/synth-10k            # after benchmarks/synth.py 10000
    PYTHONPATH=/path/to/other/src .venv/bin/python benchmarks/page_keys.py /tmp/synth-10k --repeat 3

In one process, as serve runs it: check, analyse, the diagram requests (with stand-in SVGs instead
of the `dot` layout), the page makers; then, `--repeat` times, every page made and keyed as one
build does (fresh page makers and fresh digests each time), with this checkout's templates. Prints
the CPU seconds spent making the pages and keying them (CPU time: the machine may be shared), and a
digest of all keys (the same in every process for the same src/).
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from evidmap import pathway, render, views
from evidmap.analyse import analyse
from evidmap.build import check
from evidmap.paths import Linker

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = check(args.project).project
    assert project is not None
    analysis = analyse(project)
    linker = Linker("")
    svgs = {key: f"<svg><title>{key}</title></svg>" for key in pathway.requests(project, analysis, linker.href)}
    setup = render.setup_key(TEMPLATES, linker, views.site_frame(project))
    for _ in range(args.repeat):
        makers = views.page_makers(project, analysis, svgs, linker, project.title)
        digests = render.Digests()
        all_keys = hashlib.blake2b()
        make_s = key_s = 0.0
        for make in makers:
            t0 = time.process_time()
            page = make()
            t1 = time.process_time()
            key = render.page_key(setup, page, digests)
            t2 = time.process_time()
            make_s += t1 - t0
            key_s += t2 - t1
            all_keys.update(key)
        print(
            f"{len(makers)} pages: make {make_s:.2f} s, keys {key_s:.2f} s, all keys {all_keys.hexdigest()[:16]}",
            flush=True,
        )


if __name__ == "__main__":
    main()
