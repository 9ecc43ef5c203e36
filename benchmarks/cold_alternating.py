"""Seed project cold builds of two commits, alternating, so that both see the same machine.

    .venv/bin/python benchmarks/cold_alternating.py BEFORE AFTER [--runs 5] [--work /tmp/evidmap-ab]
    .venv/bin/python benchmarks/cold_alternating.py BEFORE AFTER --in-process [--runs 5]

Each commit is copied clean (`git archive`) into WORK/<commit>, its modules compiled once (as
scripts/bootstrap does for the checkout), and built with this venv's interpreter and libraries and
that copy's own src/ and templates/: `evidmap build --out WORK/out-<commit>` as the console script
runs it, with no layout cache and no previous output (both removed before each run). Prints each
run's wall time and CPU time (user + system, of the build and every process it waited for: `dot`,
Pagefind, the renderers), each commit's median and minimum, the differences, and the load average.
On a machine that other work shares, the CPU times and the minima move far less than wall times.

With --in-process, what a change to the pages costs is timed instead, in one process per commit
(alternating): the site's files made from the checked project (`build.render_site`: analysis,
views, rendering, static files; diagrams from a warm layout cache, one process, no search index,
nothing written), as the process's CPU time, best of 10 in each of --runs processes.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = "import sys; from evidmap.cli import main; sys.argv = ['evidmap', 'build', '--out', sys.argv[1]]; sys.exit(main())"


def copy(commit: str, work: Path) -> Path:
    target = work / commit
    if not target.is_dir():
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
        target.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
        compileall.compile_dir(str(target / "src"), quiet=1)
    return target


def cold_build(project: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one cold build."""
    shutil.rmtree(project / ".evidmap-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(project / "src"))  # this copy's evidmap before the venv's
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD, str(out)], cwd=project, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}{done.stderr}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


IN_PROCESS = """
import sys, tempfile, time
from pathlib import Path
from evidmap import build
build.workers_available = lambda: 1  # the work itself, not how two busy cores share it
root, cache = Path('.'), Path(tempfile.mkdtemp())
project = build.check(root).project
build.render_site(project, root, cache_dir=cache)  # lays the diagrams out once, into the cache
times = []
for _ in range(10):
    start = time.process_time()
    build.render_site(project, root, cache_dir=cache)
    times.append(time.process_time() - start)
print(min(times))
"""


def in_process(project: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(project / "src"))
    done = subprocess.run([sys.executable, "-c", IN_PROCESS], cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed in {project}:\n{done.stdout}{done.stderr}")
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/evidmap-ab"))
    parser.add_argument("--in-process", action="store_true", help="time the pages' making, not a cold build")
    args = parser.parse_args()
    commits = [subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", c], capture_output=True, text=True,
                              check=True).stdout.strip() for c in (args.before, args.after)]
    projects = {c: copy(c, args.work) for c in commits}
    if args.in_process:
        best: dict[str, list[float]] = {c: [] for c in commits}
        for _ in range(args.runs):
            for c in commits:
                best[c].append(in_process(projects[c]))
        for c in commits:
            print(f"site files made in-process, CPU s, {c}: " + " ".join(f"{t:.3f}" for t in best[c])
                  + f"  min {min(best[c]):.3f} s")
        print(f"difference ({commits[1]} - {commits[0]}): {min(best[commits[1]]) - min(best[commits[0]]):+.3f} s")
        return
    for c in commits:  # a first build of each, not counted: the page cache holds both copies' files after it
        cold_build(projects[c], args.work / f"out-{c}")
    load = os.getloadavg()[0]
    runs: dict[str, list[tuple[float, float]]] = {c: [] for c in commits}
    for _ in range(args.runs):
        for c in commits:
            runs[c].append(cold_build(projects[c], args.work / f"out-{c}"))
    print(f"load average (1 min) before: {load:.2f}, after: {os.getloadavg()[0]:.2f}")
    for kind, i in (("wall", 0), ("CPU", 1)):
        values = {c: [run[i] for run in runs[c]] for c in commits}
        for c in commits:
            print(f"{kind} {c}: " + " ".join(f"{t:.2f}" for t in values[c])
                  + f"  median {statistics.median(values[c]):.3f} s, min {min(values[c]):.3f} s")
        first, second = (values[c] for c in commits)
        print(f"{kind} difference ({commits[1]} - {commits[0]}): median "
              f"{statistics.median(second) - statistics.median(first):+.3f} s, min {min(second) - min(first):+.3f} s")


if __name__ == "__main__":
    main()
