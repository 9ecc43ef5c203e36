"""The built site as a whole: links, determinism, atomic replacement, base URL, command line."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EVIDMAP, ROOT, crawl, digest
from evidmap.build import build
from evidmap.cli import main
from evidmap.load import load_project
from evidmap.validate import validate
from evidmap.vocabulary import NOT_APPRAISED, READER_VERDICTS, VERDICT, verdict_of


def test_mini_site_builds_with_every_page_and_no_broken_link(mini: Path):
    result = build(mini)
    assert result.ok, result.summary
    site = mini / "site"
    for page in ["index.html", "pathway.html", "findings.html", "404.html", "claims/index.html",
                 "references/index.html", "entities/index.html", "articles/alpha.html",
                 "claims/kinase-x-inhibits-complex-y.html", "references/smith-2020.html",
                 "entities/kinase-x.html", "data/graph.json", "data/graph.graphml", "assets/style.css", ".nojekyll"]:
        assert (site / page).is_file(), page
    assert crawl(site) == []


def test_article_page_links_claims_and_back(mini: Path):
    build(mini)
    site = mini / "site"
    article = (site / "articles/alpha.html").read_text()
    assert '<a href="../claims/kinase-x-inhibits-complex-y.html"' in article
    assert 'id="claim-kinase-x-inhibits-complex-y"' in article
    claim = (site / "claims/kinase-x-inhibits-complex-y.html").read_text()
    assert 'href="../articles/alpha.html#claim-kinase-x-inhibits-complex-y"' in claim
    assert "https://pubmed.ncbi.nlm.nih.gov/12345/" in claim
    # the other article states the opposite effect for the same pair, in no other context: a conflict,
    # which the page links to on the agreement page
    assert "stance-conflict" in claim and "kinase-x-activates-complex-y.html" in claim
    assert "Another article says otherwise" in claim and 'href="../agreement.html#compared-kinase-x--complex-y--' in claim
    # the arrow this claim draws, on the pathway and in its own small diagram
    assert 'href="../pathway.html#edge-kinase-x--negative--complex-y"' in claim
    assert "<svg" in claim


def test_pathway_svg_links_nodes_and_edges_and_has_a_table(mini: Path):
    build(mini)
    page = (mini / "site/pathway.html").read_text()
    assert page.count("<svg") == 2  # the diagram and its legend
    assert 'xlink:href="entities/kinase-x.html"' in page
    assert 'xlink:href="pathway.html#edge-kinase-x--negative--complex-y"' in page or 'xlink:href="#edge-kinase-x--negative--complex-y"' in page
    assert '<tr id="edge-kinase-x--negative--complex-y">' in page
    assert 'id="svg-edge-kinase-x--negative--complex-y"' in page


def test_findings_page_lists_disagreements(mini: Path):
    build(mini)
    page = (mini / "site/findings.html").read_text()
    # 80% vs 70-80%, under the measure's label (its id is shown nowhere)
    assert "Share of glucose taken up by muscle — " in page and "Different figures" in page and "muscle-share" not in page
    assert "Conflicts and context-dependent effects" in page
    assert "“Alpha Article” says kinase X lowers complex Y; “Beta Article” says kinase X raises complex Y." in page
    assert "jones-2019.html" in page  # bibliography entry no claim uses
    assert "references/smith-2020.html" in page  # described differently by the two articles


def test_a_verdict_is_shown_with_its_label_and_its_meaning(mini: Path):
    build(mini)
    site, overstated = mini / "site", VERDICT["overstated"]
    claim = (site / "claims/muscle-clears-80-percent.html").read_text()
    assert f"<h2>Appraisal: {overstated.label}</h2>" in claim and overstated.meaning in claim
    assert f'data-pagefind-filter="verdict">{overstated.label}<' in claim
    unappraised = (site / "claims/kinase-x-inhibits-complex-y.html").read_text()
    assert f'data-pagefind-filter="verdict">{NOT_APPRAISED.label}<' in unappraised
    assert "Appraisal:" not in unappraised
    # the page opens with it: under the title, before the quote, with its symbol, label and meaning
    for page, verdict in ((claim, overstated), (unappraised, NOT_APPRAISED)):
        badge = f'<span class="verdict verdict-{verdict.id}"><span aria-hidden="true">{verdict.symbol}</span> {verdict.label}</span>'
        opening = f'<p class="verdict-summary" data-pagefind-ignore><span class="visually-hidden">Verdict: </span>{badge} {verdict.meaning}'
        assert page.index("</h1>") < page.index(opening) < page.index('<figure class="quote">'), verdict.id
    listed = f'title="{overstated.meaning}"><span aria-hidden="true">{overstated.symbol}</span> {overstated.label}</span>'
    assert listed in (site / "claims/index.html").read_text() and listed in (site / "articles/alpha.html").read_text()
    findings = (site / "findings.html").read_text()
    assert f'<h3 id="verdict-overstated">{overstated.label} (1)</h3>' in findings and overstated.meaning in findings


HIGHLIGHT = re.compile(
    r'<mark class="claim" data-claim="(?P<claim>[^"]+)" data-n="(?P<n>\d+)"><a class="(?P<cls>[^"]+)" href="[^"]*" title="(?P<title>[^"]*)">'
    r'<span class="visually-hidden"[^>]*>(?P<name>[^<]*)</span>(?P<quote>.*?)</a></mark>'
    r'(?:<span class="verdict-mark (?P<mark_cls>[^"]+)" aria-hidden="true"[^>]*>(?P<symbol>[^<]*)</span>)?',
    re.S,
)


def test_each_highlight_shows_its_claims_verdict_without_colour(mini: Path):
    """Each highlight link: its verdict's class, its name 'Claim N, Verdict: ' before the quote, the
    claim's statement as its tooltip (which the card script takes), and the verdict's symbol where
    its quote ends; the legend lists the verdicts the page shows and no other."""
    assert build(mini).ok
    project, _ = validate(load_project(mini)[0])
    claims = {c.id: c for c in project.claims if c.article == "alpha"}
    page = (mini / "site/articles/alpha.html").read_text()
    found = list(HIGHLIGHT.finditer(page))
    assert len(found) == page.count('<mark class="claim"') and found
    marked = set()
    for m in found:
        claim = claims[m["claim"]]
        verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
        assert m["cls"] == f"verdict-{verdict.id}"
        assert html.unescape(m["name"]) == f"Claim {claim.number}, {verdict.label}: "
        assert m["quote"].strip() and "<" not in m["quote"]  # the visible text stays the quote
        assert html.unescape(m["title"]) == claim.statement and int(m["n"]) == claim.number
        if m["symbol"] is not None:
            assert (m["mark_cls"], m["symbol"]) == (f"verdict-{verdict.id}", verdict.symbol)
            marked.add(claim.id)
    assert marked == {m["claim"] for m in found}  # every highlighted claim ends in its symbol
    shown = {verdict_of(claims[c].appraisal.verdict if claims[c].appraisal else None).id for c in marked}
    assert {"overstated", NOT_APPRAISED.id} <= shown
    legend = re.findall(r'<span class="verdict-sample verdict-([a-z-]+)"', page)
    assert legend == [v.id for v in READER_VERDICTS if v.id in shown]


def test_reference_page_shows_metadata_discrepancy(mini: Path):
    build(mini)
    page = (mini / "site/references/smith-2020.html").read_text()
    assert "The articles describe this work differently" in page
    assert "Kinase X and complex Y" in page and "2021" in page


def test_two_builds_are_byte_identical_whatever_the_hash_seed(mini: Path, tmp_path: Path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(EVIDMAP + ["build", str(mini), "--out", str(out)], check=True, env=env, capture_output=True)
        outs.append(digest(out, search=False))
    assert len(outs[0]) > 30 and outs[0] == outs[1]


def test_failed_build_leaves_previous_site_untouched(mini: Path):
    assert build(mini).ok
    before = digest(mini / "site")
    claims = mini / "claims/alpha.yaml"
    claims.write_text(claims.read_text().replace("type: mechanism", "type: bogus", 1))
    result = build(mini)
    assert not result.ok and result.errors == 1
    assert digest(mini / "site") == before


def test_successful_build_replaces_site_whole(mini: Path):
    assert build(mini).ok
    stale = mini / "site/claims/stale.html"
    stale.write_text("old")
    assert build(mini).ok
    assert not stale.exists()
    assert not any(p.name.startswith(".site.") for p in mini.iterdir() if p.is_dir())


def test_refuses_to_replace_a_folder_it_did_not_write(mini: Path, tmp_path: Path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = build(mini, out=precious)
    assert result.failed and "was not written by evidmap" in result.summary
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_base_url_makes_links_absolute(mini: Path):
    assert build(mini, base_url="/evidmap/").ok
    page = (mini / "site/claims/classic-finding.html").read_text()
    assert 'href="/evidmap/assets/style.css"' in page
    assert 'href="/evidmap/articles/alpha.html#claim-classic-finding"' in page


def test_relative_links_work_from_a_subpath(mini: Path):
    """Relative links never start with '/', so the site works under any subpath or from a folder."""
    assert build(mini).ok
    for page in (mini / "site").rglob("*.html"):
        text = page.read_text()
        assert 'href="/' not in text and 'src="/' not in text, page


def test_cli_check_writes_nothing_and_exit_codes(mini: Path, capsys):
    assert main(["check", str(mini)]) == 0
    assert not (mini / "site").exists()
    assert "ok: 2 articles, 7 claims" in capsys.readouterr().out
    claims = mini / "claims/alpha.yaml"
    claims.write_text(claims.read_text().replace("cites: [smith-2020]", "cites: [smith-2021]", 1))
    assert main(["build", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "claims/alpha.yaml:7:13: error: unknown reference 'smith-2021' (did you mean 'smith-2020'?)" in err
    assert not (mini / "site").exists()


def test_cli_help_and_version():
    done = subprocess.run(EVIDMAP + ["--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "build" in done.stdout and "check" in done.stdout
    done = subprocess.run(EVIDMAP + ["--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("evidmap ")


def test_cli_build_without_traceback_on_bad_input(mini: Path):
    (mini / "claims/alpha.yaml").write_bytes(b"\xff\xfe bad")
    done = subprocess.run(EVIDMAP + ["build", str(mini)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == "claims/alpha.yaml:1:1: error: byte 0xff is not valid UTF-8; save the file as UTF-8"


@pytest.mark.skipif(not (ROOT / "seeds").is_dir(), reason="no project content")
def test_project_content_builds_and_every_link_resolves(tmp_path: Path):
    out = tmp_path / "site"
    result = build(ROOT, out=out)
    assert result.ok, "\n".join(str(d) for d in result.diagnostics[:20]) + result.summary
    assert crawl(out) == []


def test_undefined_template_variable_fails_the_build_and_keeps_the_site(mini: Path):
    assert build(mini).ok
    before = digest(mini / "site")
    import shutil
    shutil.copytree(ROOT / "templates", mini / "templates")
    page = mini / "templates/claim.html"
    page.write_text(page.read_text().replace("{{ claim.statement }}</h1>", "{{ claim.statment }}</h1>", 1))
    result = build(mini)
    assert result.failed
    assert "templates/claim.html: error: while rendering claims/" in result.summary
    assert "has no attribute 'statment'" in result.summary
    assert digest(mini / "site") == before


def test_template_output_is_autoescaped(mini: Path):
    claims = mini / "claims/alpha.yaml"
    claims.write_text(claims.read_text().replace(
        "statement: The inhibition is a classic finding.",
        "statement: '<script>alert(1)</script> & more'", 1))
    assert build(mini).ok
    page = (mini / "site/claims/classic-finding.html").read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_rebuild_after_one_edit_rewrites_only_changed_files(mini: Path):
    assert build(mini).ok
    site = mini / "site"
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}
    claims = mini / "claims/beta.yaml"
    claims.write_text(claims.read_text().replace("statement: Drug D lowers blood glucose.", "statement: Drug D lowers glucose in blood."))
    result = build(mini)
    assert result.ok
    after = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}
    changed = {p.relative_to(site).as_posix() for p in after if before.get(p) != after[p]}
    assert "claims/drug-d-lowers-glucose.html" in changed
    assert "references/jones-2019.html" not in changed and "assets/style.css" not in changed
    assert f"({len(changed)} new or changed)" in result.summary
    assert len(changed) < len(after) / 2


def test_check_json_format_for_tools(mini: Path):
    claims = mini / "claims/alpha.yaml"
    claims.write_text(claims.read_text().replace("type: mechanism", "type: mechanisms", 1))
    done = subprocess.run(EVIDMAP + ["check", str(mini), "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["errors"] == 1
    assert report["diagnostics"][0]["path"] == "claims/alpha.yaml"
    assert (report["diagnostics"][0]["line"], report["diagnostics"][0]["column"]) == (6, 11)


def test_build_is_quiet_when_not_on_a_terminal(mini: Path):
    done = subprocess.run(EVIDMAP + ["build", str(mini)], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("built ")


def test_pages_workflow_builds_with_the_pages_base_url_and_deploys():
    import yaml
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps] + [s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    build_step = next(s for s in steps if "evidmap build" in s.get("run", ""))
    assert '--base-url "$BASE_URL/"' in build_step["run"]
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"  # a variable, not shell code
    assert "rm -rf .evidmap-cache" in build_step["run"]  # a committed layout cache is not trusted
    assert all(s.get("with", {}).get("persist-credentials") is False for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert workflow["permissions"] == {}  # each job asks for its own
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # a tag can be moved to other code after review; a commit cannot (each pin names its release)
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses if u), uses


def test_pages_workflow_passes_zizmor_audit():
    """zizmor (installed by the test extra) audits the workflow offline: template injection, unpinned
    actions, credentials left in the checkout, permissions broader than a job needs..."""
    zizmor = Path(sys.executable).with_name("zizmor")
    done = subprocess.run([str(zizmor), "--offline", "--no-progress", str(ROOT / ".github/workflows/pages.yml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_site_has_pages_essentials(mini: Path):
    assert build(mini, base_url="https://example.org/evidmap/").ok
    site = mini / "site"
    assert (site / ".nojekyll").is_file() and (site / "404.html").is_file()
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://example.org/evidmap/claims/classic-finding.html</loc>" in sitemap
    assert "404.html" not in sitemap
    not_found = (site / "404.html").read_text()
    assert 'href="https://example.org/evidmap/assets/style.css"' in not_found  # works at any depth
