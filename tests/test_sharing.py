"""Sharing, citing and saying who judged, in the built site: every page's meta description, Open
Graph and Twitter card tags, canonical link and favicon, absolute where the base URL is; the claim
pages' schema.org ClaimReview against Google's required and recommended properties; the reference
pages' citation_* tags against each reference file; the About page from the vocabulary and
evidmap.yaml; and each claim's verdict with its meaning in the claims CSV and JSON.

Two sites: the repository's own project built with relative links, and the small fixture project
with curators, a licence and a place to report errors, built with an absolute base URL.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import MINI, ROOT
from evidmap.build import build, check
from evidmap.vocabulary import (
    BEST_RATING, READER_VERDICTS, VERDICT, VERDICT_RATING, WORST_RATING, verdict_of,
)

BASE = "https://example.org/evidmap/"
CURATORS = [{"name": "Ada Curator", "url": "https://example.org/ada"}, {"name": "Map Team", "kind": "organization"}]
SETTINGS = {
    "title": "Mini map",
    "curators": CURATORS,
    "licence": {"id": "CC-BY-SA-4.0"},  # no url: the SPDX page is linked
    "report_errors": {"url": "https://example.org/issues", "email": "errors@example.org"},
}
DATED = ("muscle-clears-80-percent", "2026-05-20")  # the fixture's appraised claim, given a date
UNDATED = ("kinase-x-inhibits-complex-y", "unverifiable")  # appraised here, without a date


class Head(HTMLParser):
    """A page's <head> metadata and JSON-LD, its links, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}  # name or property -> contents, in order
        self.links: dict[str, list[str]] = {}  # rel -> hrefs
        self.anchors: list[str] = []
        self.json_ld: list[dict] = []
        self.text: list[str] = []
        self._in_ld = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content") or "")
        elif tag == "link":
            self.links.setdefault(a["rel"], []).append(a["href"])
        elif tag == "a" and a.get("href"):
            self.anchors.append(a["href"])
        elif tag == "script":
            self._in_ld = a.get("type") == "application/ld+json"
            self._skip += 1
        elif tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
        elif not self._skip:
            self.text.append(data)

    def one(self, name: str) -> str | None:
        values = self.meta.get(name, [])
        assert len(values) <= 1, (name, values)
        return values[0] if values else None

    @property
    def shown(self) -> str:
        return " ".join(" ".join(self.text).split())


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """(site, project): the repository's project, built with relative links."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT, out=site)
    assert result.ok, result.summary
    return site, result.project


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(site, project): the fixture project with SETTINGS and one dated appraisal, built with BASE."""
    root = tmp_path_factory.mktemp("published") / "mini"
    shutil.copytree(MINI, root)
    (root / "evidmap.yaml").write_text(yaml.safe_dump(SETTINGS), "utf-8")
    claims = root / "claims/alpha.yaml"
    text = claims.read_text().replace("under a clamp.}", f"under a clamp., date: {DATED[1]}}}")
    # and an appraisal without a date, whose verdict has no number on the rating scale
    text = text.replace("      - {subject: kinase-x, predicate: inhibits, object: complex-y, context: in muscle}\n",
                        "      - {subject: kinase-x, predicate: inhibits, object: complex-y, context: in muscle}\n"
                        f"    appraisal: {{verdict: {UNDATED[1]}, note: The cited work could not be found.}}\n", 1)
    claims.write_text(text)
    result = build(root, base_url=BASE)
    assert result.ok, result.summary
    return root / "site", result.project


# ---------------------------------------------------------------------------------------------------
# Every page: description, Open Graph, Twitter card, favicon; canonical only where it can be absolute

def test_every_page_describes_itself_for_previews_and_has_a_favicon(real):
    site, project = real
    licence = yaml.safe_load((ROOT / "evidmap.yaml").read_text())["licence"]
    for path in pages(site):
        page = head(site / path)
        description = page.one("description")
        assert description and len(description) >= 20, path
        assert page.one("og:description") == description and page.one("og:title"), path
        # X reads the og: title and description where its own are missing: only its card type is written
        assert page.one("twitter:card") == "summary" and page.one("twitter:title") is None, path
        assert page.one("og:site_name") == project.title, path
        assert page.one("og:type") == ("article" if path.startswith("references/") and path != "references/index.html"
                                       else "website"), path
        [icon] = page.links["icon"]
        assert (site / path).parent.joinpath(icon).resolve() == (site / "assets/favicon.svg").resolve(), path
        assert page.links["license"] == [licence["url"]], path
        # relative links: nowhere absolute to point at, so no canonical link and no og:url
        assert "canonical" not in page.links and page.one("og:url") is None, path
    svg = ET.parse(site / "assets/favicon.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 32 32"


def test_a_claim_is_shared_with_its_statement_and_its_verdict_with_its_meaning(real):
    site, project = real
    for claim in project.claims:
        page = head(site / f"claims/{claim.id}.html")
        verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
        assert page.one("og:title") == claim.statement
        assert page.one("description").startswith(f"Verdict: {verdict.label}. {verdict.meaning} "), claim.id


def test_with_an_absolute_base_url_every_page_names_its_address_and_so_do_json_ld_and_sitemap(published):
    site, _ = published
    for path in pages(site):
        page = head(site / path)
        assert page.links["canonical"] == [BASE + path] and page.one("og:url") == BASE + path, path
        for data in page.json_ld:
            review = data if data["@type"] == "ClaimReview" else None
            claim = review["itemReviewed"] if review else data
            assert claim["@id"] == BASE + path + "#claim" and claim["appearance"]["url"].startswith(BASE + "articles/")
            if review:
                assert review["url"] == BASE + path
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [url.find(f"{ns}loc").text for url in ET.parse(site / "sitemap.xml").getroot()]
    assert locs == sorted(BASE + p for p in pages(site) if p != "404.html")


@pytest.mark.parametrize("base_url", ["", "/evidmap/"])
def test_without_an_absolute_base_url_no_page_claims_an_address_and_no_sitemap_is_written(mini, base_url):
    assert build(mini, base_url=base_url).ok
    site = mini / "site"
    assert not (site / "sitemap.xml").exists()
    for path in pages(site):
        page = head(site / path)
        assert "canonical" not in page.links and page.one("og:url") is None, path


# ---------------------------------------------------------------------------------------------------
# ClaimReview: Google's fact-check structured data (developers.google.com/search/docs/appearance/
# structured-data/factcheck), per type

REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}
RECOMMENDED = {
    "ClaimReview": {"author", "datePublished", "itemReviewed"},
    "Claim": {"appearance", "author", "datePublished", "firstAppearance"},
    "Rating": {"bestRating", "name", "ratingValue", "worstRating"},
}


def review_of(site: Path, claim_id: str) -> dict:
    [data] = head(site / f"claims/{claim_id}.html").json_ld
    return data


def missing(node: dict, wanted: dict[str, set[str]]) -> set[str]:
    return {f"{node['@type']}.{p}" for p in wanted.get(node["@type"], ()) if p not in node}


def test_appraised_claims_carry_a_claim_review_with_every_required_property(real):
    site, project = real
    curators = yaml.safe_load((ROOT / "evidmap.yaml").read_text())["curators"]
    appraised = [c for c in project.claims if c.appraisal]
    assert len(appraised) > 100
    for claim in appraised:
        review = review_of(site, claim.id)
        item, rating = review["itemReviewed"], review["reviewRating"]
        assert (review["@context"], review["@type"], item["@type"]) == ("https://schema.org", "ClaimReview", "Claim")
        for node in (review, item, rating):
            assert not missing(node, REQUIRED), (claim.id, missing(node, REQUIRED))
        # recommended: all of them, but where the records have nothing to give
        article = project.article(claim.article)
        absent = {"ClaimReview.datePublished"} if not claim.appraisal.date else set()
        absent |= {"Claim.datePublished"} if not article.date else set()
        absent |= {"Claim.author"} if not article.publisher else set()
        if claim.appraisal.verdict not in VERDICT_RATING:  # unverifiable: a label, no number
            absent |= {"Rating.bestRating", "Rating.ratingValue", "Rating.worstRating"}
        assert set().union(*(missing(n, RECOMMENDED) for n in (review, item, rating))) == absent, claim.id
        # what each holds
        verdict = VERDICT[claim.appraisal.verdict]
        assert review["claimReviewed"] == item["text"] == claim.statement
        assert rating["alternateName"] == rating["name"] == verdict.label
        if verdict.id in VERDICT_RATING:
            assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
                VERDICT_RATING[verdict.id], BEST_RATING, WORST_RATING)
        assert set(rating) <= {"@type", "alternateName", "name", "ratingValue", "bestRating", "worstRating"}
        assert review["url"] == f"{claim.id}.html"  # relative: resolved against the page's own address
        assert urljoin(f"claims/{claim.id}.html", item["appearance"]["url"]) == f"articles/{claim.article}.html"
        assert item["appearance"]["headline"] == article.title
        assert item["firstAppearance"] == {"@type": "Quotation", "text": claim.quote}
        assert review["author"] == {"@type": "Organization", "name": curators[0]["name"]}
    for claim in (c for c in project.claims if not c.appraisal):
        data = review_of(site, claim.id)
        assert data["@type"] == "Claim" and "reviewRating" not in json.dumps(data)


def test_a_review_is_dated_by_its_appraisal_never_by_the_build(published):
    site, project = published
    claim_id, date = DATED
    review = review_of(site, claim_id)
    assert review["datePublished"] == date
    assert f'<time datetime="{date}">{date}</time>' in (site / f"claims/{claim_id}.html").read_text()
    assert review["author"] == [
        {"@type": "Person", "name": "Ada Curator", "url": "https://example.org/ada"},
        {"@type": "Organization", "name": "Map Team"},
    ]
    # the other appraisal is undated in its record, so in its review too; its verdict has a label only
    assert {c.id: c.appraisal.date for c in project.claims if c.appraisal} == {claim_id: date, UNDATED[0]: None}
    undated = review_of(site, UNDATED[0])
    assert "datePublished" not in undated and "Appraised by the map's curators, against" in (
        site / f"claims/{UNDATED[0]}.html").read_text()
    label = VERDICT[UNDATED[1]].label
    assert undated["reviewRating"] == {"@type": "Rating", "alternateName": label, "name": label}


# ---------------------------------------------------------------------------------------------------
# citation_* tags: what Zotero's Embedded Metadata translator reads, checked against each file

def expected_citation_tags(record: dict) -> dict[str, list[str]]:
    """The tags a reference file calls for, from the YAML itself (not from evidmap's records)."""
    tags: dict[str, list[str]] = {}

    def add(name, value):
        if value not in (None, ""):
            tags.setdefault(name, []).append(str(value))

    add("citation_title", record.get("title"))
    for author in record.get("author", []):
        if author.get("literal") != "et al.":
            add("citation_author", author.get("literal") or ", ".join(
                str(author[k]) for k in ("family", "given") if author.get(k)))
    if record["type"] in ("article-journal", "article", "review"):
        add("citation_journal_title", record.get("container-title"))
    add("citation_publisher", record.get("publisher"))
    add("citation_publication_date", record["issued"].get("date-parts", [[None]])[0][0])
    add("citation_volume", record.get("volume"))
    add("citation_issue", record.get("issue"))
    if record.get("page"):
        first, _, last = str(record["page"]).replace("–", "-").partition("-")
        add("citation_firstpage", first)
        add("citation_lastpage", last)
    add("citation_doi", record.get("DOI"))
    add("citation_pmid", record.get("PMID"))
    return tags


def test_every_reference_page_carries_the_citation_tags_of_its_work(real):
    site, _ = real
    files = sorted((ROOT / "references").glob("*.yaml"))
    assert len(files) >= 20
    for file in files:
        record = yaml.safe_load(file.read_text("utf-8"))
        page = head(site / f"references/{record['id']}.html")
        found = {name: values for name, values in page.meta.items() if name.startswith("citation_")}
        assert found == expected_citation_tags(record), record["id"]
        # what Zotero needs to save the work rather than the page (a title, where the record knows it)
        needed = {"citation_author", "citation_journal_title", "citation_publication_date"}
        assert needed | ({"citation_title"} if record.get("title") else set()) <= set(found), record["id"]


# ---------------------------------------------------------------------------------------------------
# The About page, and the footer that links it from every page

def test_the_about_page_explains_every_verdict_in_the_vocabularys_words_and_order(real):
    site, project = real
    text = head(site / "about.html").shown
    at = [text.index(f"{v.symbol} {v.label} {v.meaning}") for v in READER_VERDICTS]
    assert at == sorted(at)
    used = {v.id: 0 for v in READER_VERDICTS}
    for claim in project.claims:
        used[verdict_of(claim.appraisal.verdict if claim.appraisal else None).id] += 1
    for v in READER_VERDICTS:
        assert f"{v.meaning} {used[v.id]} claim{'' if used[v.id] == 1 else 's'} in this map." in text, v.id
    against = " and ".join(f"“{v.label}”" for v in READER_VERDICTS if v.takes_support_away)
    assert f"Only {against} count against a claim." in text
    appraised = sum(1 for c in project.claims if c.appraisal)
    assert f"appraised by evidmap curators. {appraised} of its {len(project.claims)} claims carry an appraisal." in text
    assert "It is not medical advice." in text
    assert "This map does not name a place to report errors yet." in text
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC-BY-4.0</a>' in (site / "about.html").read_text()


def test_the_about_page_names_the_curators_and_where_to_report_errors_from_evidmap_yaml(published):
    site, _ = published
    html = (site / "about.html").read_text()
    assert 'appraised by <a href="https://example.org/ada">Ada Curator</a> and Map Team.' in html
    assert '<a href="https://example.org/issues">report it here</a>, or write to <a href="mailto:errors@example.org">' in html
    assert 'href="https://spdx.org/licenses/CC-BY-SA-4.0.html">CC-BY-SA-4.0</a>' in html
    assert f"the latest is dated <time datetime=\"{DATED[1]}\">" in html


def test_every_page_links_the_about_page_from_its_footer(real):
    site, _ = real
    for path in pages(site):
        footer = (site / path).read_text("utf-8").split('<footer class="site">', 1)[1]
        parser = Head()
        parser.feed(footer)
        assert any(urljoin(path, href) == "about.html" for href in parser.anchors), path


# ---------------------------------------------------------------------------------------------------
# Settings and appraisal dates as records; the claims exports

def test_evidmap_yaml_gives_the_curators_the_licence_and_where_to_report(published):
    _, project = published
    assert [(c.name, c.url, c.kind) for c in project.curators] == [
        ("Ada Curator", "https://example.org/ada", "person"), ("Map Team", None, "organization")]
    assert (project.licence.id, project.licence.url) == ("CC-BY-SA-4.0", "https://spdx.org/licenses/CC-BY-SA-4.0.html")
    assert (project.report_errors.url, project.report_errors.email) == ("https://example.org/issues", "errors@example.org")
    real = check(ROOT).project
    assert [c.name for c in real.curators] == ["evidmap curators"] and real.licence.id == "CC-BY-4.0"


def test_claims_csv_and_json_carry_each_verdict_with_its_meaning(published):
    site, project = published
    rows = list(csv.DictReader(io.StringIO((site / "data/claims.csv").read_text("utf-8"), newline="")))
    records = json.loads((site / "data/claims.json").read_text("utf-8"))
    assert [r["id"] for r in rows] == [r["id"] for r in records] == [c.id for c in project.claims]
    for claim, row, record in zip(project.claims, rows, records):
        verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
        assert (row["verdict_label"], row["verdict_meaning"]) == (verdict.label, verdict.meaning)
        assert (record["verdict_label"], record["verdict_meaning"]) == (verdict.label, verdict.meaning)
        date = claim.appraisal.date if claim.appraisal else None
        assert (row["appraisal_date"], record["appraisal_date"]) == (date or "", date)
    assert {r["verdict_label"] for r in rows} >= {VERDICT["overstated"].label, verdict_of(None).label}
