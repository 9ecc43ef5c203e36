"""Build: the whole pipeline in one function.

    load -> validate -> findings -> graph -> pathway (layout) -> views -> render -> write

`check` is the same pipeline stopped after validation. Both return a Result and print nothing; the
previous site is touched only by the final write, and only when every earlier stage succeeded.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from evidmap import graph as graph_stage
from evidmap import exports, pathway, render, search, views
from evidmap.diagnostics import Diagnostic
from evidmap.findings import find
from evidmap.load import load_project
from evidmap.paths import Linker
from evidmap.records import Project
from evidmap.validate import validate
from evidmap.write import WriteError, write_site

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
    project: Optional[Project] = None
    failed: bool = False  # a stage after validation failed (layout, template, output folder)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed


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


def check(root: Path) -> Result:
    raw, diagnostics = load_project(root)
    project, more = validate(raw)
    diagnostics = sorted(set(diagnostics + more))
    errors = sum(1 for d in diagnostics if d.severity == "error")
    summary = f"{errors} error(s) found; nothing written" if errors else f"ok: {_counts(project)}"
    return Result(tuple(diagnostics), summary, project)


def _quiet(message: str) -> None:
    pass


def render_site(
    project: Project, root: Path, base_url: str = "", cache_dir: Optional[Path] = None,
    progress: Callable[[str], None] = _quiet,
) -> dict[str, bytes]:
    """Every output file of the site, as path -> bytes, from a valid project."""
    title = project.title
    linker = Linker(base_url)
    findings = find(project)
    graph = graph_stage.build_graph(project)
    edges = graph_stage.pathway_edges(project)
    claims_by_id = {c.id: c for c in project.claims}
    entities = {e.id: e for e in project.entities}
    wanted = pathway.requests(entities, edges, claims_by_id, linker.href, project.panels)
    keys = sorted(wanted)
    progress(f"laying out {len(keys)} diagrams")
    svgs = dict(zip(keys, pathway.inline_svgs(keys, [wanted[k][0] for k in keys], [wanted[k][1:] for k in keys], cache_dir)))
    pages = views.build_pages(project, findings, edges, svgs, linker, title)
    progress(f"rendering {len(pages)} pages")
    templates = _templates(root)
    html = render.render_pages(pages, templates, linker, title)
    files = {path: text.encode("utf-8") for path, text in html.items()}
    for static in sorted((templates / "static").rglob("*")):
        if static.is_file():
            files["assets/" + static.relative_to(templates / "static").as_posix()] = static.read_bytes()
    progress("indexing for search")
    files.update(search.index_files(files))
    data = {
        "data/graph.json": graph_stage.to_json(graph),
        "data/graph.graphml": graph_stage.to_graphml(graph),
        "data/claims.json": exports.claims_json(project),
        "data/claims.csv": exports.claims_csv(project),
        "data/references.json": exports.references_csl_json(project),
        "data/references.bib": exports.references_bibtex(project),
        "sitemap.xml": exports.sitemap([p for p in html if p != "404.html"], base_url),
        ".nojekyll": "",
    }
    files.update({path: text.encode("utf-8") for path, text in data.items()})
    return files


def build(
    root: Path, out: Optional[Path] = None, base_url: str = "", progress: Optional[Callable[[str], None]] = None
) -> Result:
    progress = progress or _quiet
    progress("checking the project")
    result = check(root)
    if result.errors:
        return Result(result.diagnostics, f"{result.errors} error(s) found; the previous site is left as it was", result.project)
    out = out if out is not None else root / "site"
    problem = None
    try:
        files = render_site(result.project, root, base_url, cache_dir=root / ".evidmap-cache", progress=progress)
        progress(f"writing {len(files)} files")
        changed = write_site(files, out, root)
    except (pathway.LayoutError, render.TemplateProblem, search.SearchIndexError, WriteError) as exc:
        problem = str(exc)
    if problem:
        line = problem if ": error: " in problem else f"evidmap: error: {problem}"
        return Result(result.diagnostics, f"{line}\nthe previous site is left as it was", result.project, failed=True)
    return Result(
        result.diagnostics,
        f"built {len(files)} files ({changed} new or changed) into {out}: {_counts(result.project)}",
        result.project,
    )
