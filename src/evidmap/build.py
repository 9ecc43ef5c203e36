"""Build: the whole pipeline in one function.

    load -> validate -> analyse -> pathway (layout) -> views -> render -> write
                                 and exports (graph, claims, references)

`check` is the same pipeline stopped after validation. Both return a Result and print nothing; the
previous site is touched only by the final write, and only when every earlier stage succeeded.

A process that builds the same project again and again (`evidmap serve`) passes a `Memo`: pages
whose view-models did not change are not rendered again, and what a reader of the edited page does
not need at once can be put off (`defer`): the search index (the slowest step of a small rebuild)
and the data exports (graph, claims, references). The site is then written with the previous ones,
and `stale` in the result says that a second build (which then renders nothing) should bring them
up to date.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from evidmap import exports, pathway, render, search, views
from evidmap import graph as graph_stage
from evidmap.analyse import Analysis, analyse
from evidmap.diagnostics import Diagnostic
from evidmap.errors import EvidmapError, InvalidProject, OutputError, TemplateError
from evidmap.load import load_project
from evidmap.memo import Caches, Memo
from evidmap.paths import Linker
from evidmap.records import Project
from evidmap.validate import validate
from evidmap.write import FolderFill, check_output, write_site

# Where the default templates are: beside src/ in a checkout (editable install), or in the data
# files a wheel installs under sys.prefix. A project's own templates/ folder wins over both.
DEFAULT_TEMPLATES = (
    Path(__file__).resolve().parents[2] / "templates",
    Path(sys.prefix) / "share" / "evidmap" / "templates",
)


@dataclass(frozen=True)
class Result:
    diagnostics: tuple[Diagnostic, ...]
    summary: str
    project: Project | None = None
    failed: bool = False  # a stage after validation failed (layout, template, output folder)
    stale: bool = False  # written with the previous search index and data exports (build(defer=True))

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed


def workers_available() -> int:
    """How many processes the build runs at once (renderers, `dot`): the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _counts(project: Project) -> str:
    return (
        f"{len(project.articles)} articles, {len(project.claims)} claims, "
        f"{len(project.references)} references, {len(project.entities)} entities"
    )


def _templates(root: Path) -> Path:
    for candidate in (root / "templates", *DEFAULT_TEMPLATES):
        if candidate.is_dir():
            return candidate
    return DEFAULT_TEMPLATES[0]  # missing: rendering then reports which template it could not find


def check(root: Path, caches: Caches | None = None) -> Result:
    """The project's records and every diagnostic (`caches`: what earlier builds of it left)."""
    raw, diagnostics = load_project(root, caches.parses if caches else None)
    project, more = validate(raw, caches)
    diagnostics = sorted(set(diagnostics + more))
    errors = sum(1 for d in diagnostics if d.severity == "error")
    summary = f"{errors} error(s) found; nothing written" if errors else f"ok: {_counts(project)}"
    return Result(tuple(diagnostics), summary, project)


def _quiet(message: str) -> None:
    pass


def render_site(
    project: Project,
    root: Path,
    base_url: str = "",
    cache_dir: Path | None = None,
    progress: Callable[[str], None] = _quiet,
    memo: Memo | None = None,
    defer: bool = False,
    caches: Caches | None = None,
) -> tuple[dict[str, bytes], FolderFill | None, bool]:
    """Every output file of the site, as path -> bytes, from a valid project: the files, the search
    index's folder and the function that fills it (the write stage runs it beside its own staging;
    None when the files already hold the index), and whether the search index and data exports are
    the previous build's (only with a memo and `defer`). `dot` also runs beside Python: the exports
    are made while it lays out."""
    caches = caches if caches is not None else (memo.caches if memo else Caches())
    title = project.title
    linker = Linker(base_url)
    analysis = analyse(project)
    wanted = pathway.requests(project, analysis, linker.href, caches.dot_texts)
    keys = sorted(wanted)
    progress(f"laying out {len(keys)} diagrams")
    workers = workers_available()
    background = ThreadPoolExecutor(max_workers=1)  # waits on dot while Python makes the exports here
    laid_out = background.submit(
        pathway.inline_svgs,
        keys,
        [wanted[k][0] for k in keys],
        [wanted[k][1:] for k in keys],
        cache_dir,
        workers,
        caches.checked_svgs,
    )
    data, exports_stale = _data(project, analysis, memo, defer)
    try:
        svgs = dict(zip(keys, laid_out.result()))
    finally:
        background.shutdown(wait=False)
    makers = views.page_makers(project, analysis, svgs, linker, title, caches.article_texts)
    progress(f"rendering {len(makers)} pages")
    templates = _templates(root)
    html = render.render_pages(
        makers,
        templates,
        linker,
        views.site_frame(project),
        workers=workers,
        memo=memo.pages if memo else None,
        environments=caches.environments,
    )
    if linker.absolute:  # a sitemap lists absolute URLs only: without them, none rather than a broken one
        data["sitemap.xml"] = exports.sitemap([p for p in html if p != "404.html"], linker.base_url)
    files = dict(html)
    try:
        for static in sorted((templates / "static").rglob("*")):
            if static.is_file():
                files["assets/" + static.relative_to(templates / "static").as_posix()] = static.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{templates.name}/static: error: cannot read a static file: {exc}") from None
    if memo is None:
        write_index: FolderFill | None = FolderFill(search.BUNDLE, functools.partial(search.index, html))
        stale = False
    else:
        write_index, search_stale = _search(html, files, memo, defer)
        stale = search_stale or exports_stale
    files.update({path: text.encode("utf-8") for path, text in data.items()})
    return files, write_index, stale


def _data(project: Project, analysis: Analysis, memo: Memo | None, defer: bool) -> tuple[dict[str, str], bool]:
    """The data/ files, and whether they are the previous build's: a Memo's last ones when the
    project is the same, or (with `defer`) when it is not but the pages should be written first."""
    if memo is None:
        return _exports(project, analysis), False
    key = hashlib.blake2b(pickle.dumps(project, 5)).digest()  # frozen records: the same project, the same bytes
    if memo.exports and key == memo.exports_key:
        return dict(memo.exports), False
    if memo.exports and defer:
        return dict(memo.exports), True
    memo.exports, memo.exports_key = _exports(project, analysis), key
    return dict(memo.exports), False


def _exports(project: Project, analysis: Analysis) -> dict[str, str]:
    """The data/ files: the graph (JSON, GraphML), claims (JSON, CSV), the evidence matrix (CSV),
    references (CSL-JSON, BibTeX)."""
    graph = graph_stage.build_graph(project, analysis.edges, analysis.edge_scores, analysis.scores)
    return {
        "data/graph.json": graph_stage.to_json(graph),
        "data/graph.graphml": graph_stage.to_graphml(graph),
        "data/claims.json": exports.claims_json(project, analysis.levels, analysis.scores),
        "data/claims.csv": exports.claims_csv(project, analysis.levels, analysis.scores),
        "data/matrix.csv": exports.matrix_csv(project, analysis.matrix, analysis.cell_scores),
        "data/references.json": exports.references_csl_json(project),
        "data/references.bib": exports.references_bibtex(project),
        ".nojekyll": "",
    }


def _search(html: dict[str, bytes], files: dict[str, bytes], memo: Memo, defer: bool) -> tuple[FolderFill | None, bool]:
    """The search index of the `html` pages for a process that keeps a Memo: the last one (added to
    `files`) if no page changed, or marked stale if `defer`; else the folder and a function that
    writes a new one and keeps it."""
    digest = hashlib.blake2b()
    for path in sorted(html):
        digest.update(path.encode("utf-8") + b"\0" + html[path] + b"\0")
    key = digest.digest()
    if key == memo.search_key or (defer and memo.search_files):
        files.update(memo.search_files)
        return None, key != memo.search_key

    def write_and_keep(bundle: Path) -> list[str]:
        written = search.index(html, bundle)
        memo.search_files = {f"{search.BUNDLE}/{path}": (bundle / path).read_bytes() for path in written}
        memo.search_key = key
        return written

    return FolderFill(search.BUNDLE, write_and_keep), False


def build(
    root: Path,
    out: Path | None = None,
    base_url: str = "",
    progress: Callable[[str], None] | None = None,
    memo: Memo | None = None,
    defer: bool = False,
) -> Result:
    """Check the project, then write its site into `out` (default: PROJECT/site), replacing the
    previous one whole; every failure is one of the errors in `evidmap.errors`, caught here once."""
    progress = progress or _quiet
    out = out if out is not None else root / "site"
    checked: Result | None = None
    try:
        try:  # asked before the work, not after it, and reported with the project's own problems
            check_output(out, root)
            unusable_output: OutputError | None = None
        except OutputError as exc:
            unusable_output = exc
        progress("checking the project")
        caches = memo.caches if memo else Caches()  # a single build keeps them only while it runs
        checked = check(root, caches)
        if checked.errors:
            raise InvalidProject(checked.diagnostics)
        if unusable_output is not None:
            raise unusable_output
        assert checked.project is not None  # a project without errors is always built
        files, write_index, stale = render_site(
            checked.project,
            root,
            base_url,
            cache_dir=root / ".evidmap-cache",
            progress=progress,
            memo=memo,
            defer=defer,
            caches=caches,
        )
        progress(f"writing {len(files)} files" + (" and indexing them for search" if write_index else ""))
        written, changed = write_site(files, out, root, filled=write_index)
    except InvalidProject as exc:
        also = f"\nevidmap: error: {unusable_output}" if unusable_output is not None else ""
        return Result(
            exc.diagnostics, f"{exc}; the previous site is left as it was{also}", checked.project if checked else None
        )
    except EvidmapError as exc:
        line = str(exc) if ": error: " in str(exc) else f"evidmap: error: {exc}"
        return Result(
            checked.diagnostics if checked else (),
            f"{line}\nthe previous site is left as it was",
            checked.project if checked else None,
            failed=True,
        )
    return Result(
        checked.diagnostics,
        f"built {written} files ({changed} new or changed) into {out}: {_counts(checked.project)}"
        + ("; search index and data exports follow" if stale else ""),
        checked.project,
        stale=stale,
    )
