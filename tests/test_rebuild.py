"""Building again: rendering on several processes, the memo a long-running process keeps between
builds, the search index and data exports put off until after the pages are written, and an output
folder refused before any work is done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, digest
from evidmap import render, search
from evidmap import pathway, views
from evidmap.analyse import analyse
from evidmap.build import DEFAULT_TEMPLATES, Memo, build, check
from evidmap.paths import Linker
from evidmap.errors import OutputError, SearchIndexError
from evidmap.write import FolderFill, write_site


def _edit(mini: Path) -> None:
    claims = mini / "claims/beta.yaml"
    claims.write_text(claims.read_text().replace("statement: Drug D lowers blood glucose.", "statement: Drug D lowers glucose in blood."))


def test_rendering_on_several_processes_gives_the_same_bytes(mini: Path, monkeypatch):
    project = check(mini).project
    analysis = analyse(project)
    linker = Linker()
    svgs = {key: f"<svg><title>{key}</title></svg>" for key in pathway.requests(project, analysis, linker.href)}
    makers = views.page_makers(project, analysis, svgs, linker, project.title)
    one = render.render_pages(makers, DEFAULT_TEMPLATES[0], linker, views.site_frame(project), workers=2, parallel_from=10**9)
    fork = render.multiprocessing.get_context("fork")
    pools: list[int] = []

    class Counting:
        def Pool(self, processes):
            pools.append(processes)
            return fork.Pool(processes)

    monkeypatch.setattr(render.multiprocessing, "get_context", lambda method: Counting())
    # many chunks, so that their order matters
    two = render.render_pages(makers, DEFAULT_TEMPLATES[0], linker, views.site_frame(project), workers=2, parallel_from=1, chunk=3)
    assert pools == [2]
    assert list(one) == list(two) and one == two


def test_memo_renders_only_changed_pages_and_matches_a_fresh_build(mini: Path, tmp_path: Path, monkeypatch):
    memo = Memo()
    assert build(mini, memo=memo).ok
    rendered: list[str] = []
    real = render._render_one
    monkeypatch.setattr(render, "_render_one", lambda env, t, page, *a: rendered.append(page.path) or real(env, t, page, *a))
    assert build(mini, memo=memo).ok
    assert rendered == []  # nothing changed, nothing rendered
    _edit(mini)
    assert build(mini, memo=memo).ok
    assert "claims/drug-d-lowers-glucose.html" in rendered
    assert "references/jones-2019.html" not in rendered and len(rendered) < len(memo.pages) / 2
    assert build(mini, out=tmp_path / "fresh").ok
    assert digest(mini / "site", search=False) == digest(tmp_path / "fresh", search=False)


def test_an_edit_to_a_record_many_pages_share_renders_each_of_those_pages_again(mini: Path, tmp_path: Path, monkeypatch):
    """Page keys stand shared records (here an article) in as digests of their contents: changing
    the article's title must still re-render every page that shows it, and nothing else."""
    memo = Memo()
    assert build(mini, memo=memo).ok
    rendered: list[str] = []
    real = render._render_one
    monkeypatch.setattr(render, "_render_one", lambda env, t, page, *a: rendered.append(page.path) or real(env, t, page, *a))
    seed = mini / "seeds/beta.md"
    seed.write_text(seed.read_text().replace("title: Beta Article", "title: Beta Article, Revised"))
    assert build(mini, memo=memo).ok
    for claim_id in ("kinase-x-activates-complex-y", "muscle-clears-70-80-percent", "drug-d-lowers-glucose"):
        assert f"claims/{claim_id}.html" in rendered
        assert "Beta Article, Revised" in (mini / f"site/claims/{claim_id}.html").read_text()
    assert "articles/beta.html" in rendered and "articles/alpha.html" not in rendered
    assert build(mini, out=tmp_path / "fresh").ok
    assert digest(mini / "site", search=False) == digest(tmp_path / "fresh", search=False)


def test_a_template_edit_renders_every_page_again(mini: Path, monkeypatch):
    shutil.copytree(DEFAULT_TEMPLATES[0], mini / "templates")
    memo = Memo()
    assert build(mini, memo=memo).ok
    base = mini / "templates" / "base.html"
    base.write_text(base.read_text().replace("Built with evidmap.", "Built with evidmap, edited."))
    assert build(mini, memo=memo).ok
    pages = [p for p in (mini / "site").rglob("*.html") if not p.relative_to(mini / "site").as_posix().startswith("pagefind/")]
    assert pages and all("Built with evidmap, edited." in p.read_text("utf-8") for p in pages)


def test_deferred_search_and_exports_write_pages_first_then_the_rest(mini: Path):
    memo = Memo()
    assert build(mini, memo=memo, defer=True).ok  # first build: nothing to defer to
    site = mini / "site"
    index_before = digest(site)
    index_before = {p: h for p, h in index_before.items() if p.startswith("pagefind/")}
    assert index_before
    _edit(mini)
    first = build(mini, memo=memo, defer=True)
    assert first.ok and first.stale and "search index and data exports follow" in first.summary
    assert "Drug D lowers glucose in blood." in (site / "claims/drug-d-lowers-glucose.html").read_text("utf-8")
    assert {p: h for p, h in digest(site).items() if p.startswith("pagefind/")} == index_before
    assert "Drug D lowers glucose in blood." not in (site / "data/claims.json").read_text("utf-8")
    second = build(mini, memo=memo)
    assert second.ok and not second.stale
    assert {p: h for p, h in digest(site).items() if p.startswith("pagefind/")} != index_before
    assert "Drug D lowers glucose in blood." in (site / "data/claims.json").read_text("utf-8")
    again = build(mini, memo=memo, defer=True)  # saved again, nothing changed: nothing to catch up
    assert again.ok and not again.stale


def test_an_output_folder_it_may_not_replace_is_refused_before_any_work(mini: Path, tmp_path: Path, monkeypatch):
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    monkeypatch.setattr(render, "render_pages", lambda *a, **k: pytest.fail("rendered before checking --out"))
    result = build(mini, out=foreign)
    assert not result.ok and result.failed
    assert result.summary.splitlines()[0] == (
        f"evidmap: error: output folder {foreign} is not empty and was not written by evidmap; choose another --out or empty it")
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.txt"]


def test_search_index_of_an_unchanged_site_is_linked_not_rewritten(mini: Path):
    """Pagefind writes its bundle into the staging folder; files with the previous build's bytes
    become hard links to them, as every other unchanged file does."""
    assert build(mini).ok
    bundle = mini / "site/pagefind"
    before = {p.relative_to(bundle): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()}
    again = build(mini)
    after = {p.relative_to(bundle): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()}
    assert again.ok and set(after) >= {Path("pagefind-ui.js"), Path("pagefind-entry.json")}
    kept = [p for p in after if before.get(p) == after[p]]
    rewritten = sorted(p.as_posix() for p in after if before.get(p) != after[p])
    # Pagefind's filter files (and the metadata naming them) are not byte-stable between runs
    assert all(p.startswith(("filter/", "pagefind.en_")) or p == "pagefind-entry.json" for p in rewritten), rewritten
    assert len(kept) > len(after) / 2
    assert f"({len(rewritten)} new or changed)" in again.summary


def test_a_project_with_nothing_in_it_yet_builds_with_a_search_index(tmp_path: Path):
    for folder in ("seeds", "claims", "references"):
        (tmp_path / folder).mkdir()
    result = build(tmp_path)
    assert result.ok, result.summary
    assert (tmp_path / "site/pagefind/pagefind-ui.js").is_file() and (tmp_path / "site/search.html").is_file()


def test_a_search_index_that_fails_half_written_leaves_the_previous_site(mini: Path, monkeypatch):
    assert build(mini).ok
    before = digest(mini / "site")
    _edit(mini)

    def fails_half_way(pages, bundle: Path):
        bundle.mkdir(parents=True)
        (bundle / "pagefind-entry.json").write_text("{}")
        raise SearchIndexError("search indexing failed: out of patience")

    monkeypatch.setattr(search, "index", fails_half_way)
    result = build(mini)
    assert not result.ok
    assert result.summary == "evidmap: error: search indexing failed: out of patience\nthe previous site is left as it was"
    assert digest(mini / "site") == before
    assert sorted(p.name for p in mini.iterdir() if p.name.startswith(".site")) == [".site.lock"]  # no staging left


def test_files_inside_the_search_folder_are_refused_before_anything_is_staged(tmp_path: Path):
    out = tmp_path / "site"

    def fill(bundle: Path) -> list[str]:
        raise AssertionError("the search index must not be started")

    with pytest.raises(OutputError, match="two stages make the same file: pagefind/pagefind-ui.js"):
        write_site({"index.html": b"x", "pagefind/pagefind-ui.js": b"y"}, out, tmp_path / "project", FolderFill("pagefind", fill))
    assert not out.exists()


def test_a_page_key_follows_every_field_of_its_view_model():
    """Page keys write shared rows and list items as digests of their fields, and other view-model
    objects as their fields' values: the same content made again keys the same, and a change to any
    field, however deep, in a shared item or not, gives a new key."""
    from dataclasses import replace

    project = check(ROOT).project  # the seed project: its claim pages have both kinds of related list
    analysis = analyse(project)
    linker = Linker()
    svgs = {key: f"<svg><title>{key}</title></svg>" for key in pathway.requests(project, analysis, linker.href)}

    def keys() -> list[bytes]:
        digests = render.Digests()
        return [render.page_key(b"", make(), digests) for make in views.page_makers(project, analysis, svgs, linker, project.title)]

    assert keys() == keys()
    makers = views.page_makers(project, analysis, svgs, linker, project.title)
    page = next(p for p in (make() for make in makers) if p.template == "claim.html" and p.model.others.pairs and p.model.others.by_entity)
    model, others = page.model, page.model.others
    pair, group = others.pairs[0], others.by_entity[0]

    def with_others(**changes) -> views.Page:
        return replace(page, model=replace(model, others=replace(others, **changes)))

    def with_group(**changes) -> views.Page:
        return with_others(by_entity=(replace(group, **changes), *others.by_entity[1:]))

    variants = [
        with_others(pairs=(replace(pair, stance="changed"), *others.pairs[1:])),
        with_others(pairs=(replace(pair, about="changed"), *others.pairs[1:])),
        with_others(pairs=(replace(pair, row=replace(pair.row, level_label="changed")), *others.pairs[1:])),
        with_others(pairs_more=others.pairs_more + 1),
        with_group(more=group.more + 1),
        with_group(entity=replace(group.entity, label="changed")),
        with_group(claims=(replace(group.claims[0], about="changed"), *group.claims[1:])),
        with_group(claims=(replace(group.claims[0], row=replace(group.claims[0].row, path="changed.html")), *group.claims[1:])),
        replace(page, model=replace(model, row=replace(model.row, claim=replace(model.row.claim, statement="changed")))),
        replace(page, model=replace(model, relations=tuple(replace(r, relation=replace(r.relation, effect="inhibits")) for r in model.relations))),
    ]
    digests = render.Digests()
    key = render.page_key(b"", page, digests)
    assert render.page_key(b"", page, digests) == key
    for n, variant in enumerate(variants):
        assert variant != page and render.page_key(b"", variant, digests) != key, n
