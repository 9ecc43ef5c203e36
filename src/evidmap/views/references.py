"""Reference pages and the list of all references: a work's citation, links and design, every
article and claim citing it, and where the articles describe it differently."""

from __future__ import annotations

from dataclasses import dataclass

from evidmap import exports
from evidmap.paths import page_path
from evidmap.records import BibEntry, Reference
from evidmap.views.index import SiteIndex
from evidmap.views.model import ArticleLink, ClaimRow, Page, ReferenceRow, ViewModel, verdict_counts
from evidmap.vocabulary import VERDICT, Verdict


@dataclass(frozen=True)
class CitingArticle:
    article: ArticleLink
    entry: BibEntry  # the article's bibliography entry for the work
    claims: tuple[ClaimRow, ...]  # the article's claims citing it


@dataclass(frozen=True)
class Description:
    """How one article describes the work, where that differs from the reference record."""

    article: ArticleLink
    fields: tuple[tuple[str, str], ...]  # (CSL field, value as the article gives it)


@dataclass(frozen=True)
class ReferencePage(ViewModel):
    row: ReferenceRow
    citing: tuple[CitingArticle, ...]
    described: tuple[Description, ...]
    citation_tags: tuple[tuple[str, str], ...]  # (citation_* name, content): the work, for Zotero
    legend: tuple[Verdict, ...]  # printed under the page: the verdicts its claim tables show
    claims: int  # citing it, in every article
    verdicts: tuple[tuple[Verdict, int], ...]  # of those claims: supported always, the others where any has it


@dataclass(frozen=True)
class ReferenceListing:
    """A work in the list of all references."""

    path: str
    short: str
    citation: str
    design: str
    links: tuple[tuple[str, str], ...]
    described_differently: bool
    articles: tuple[ArticleLink, ...]  # listing it in their bibliography
    claims: int  # citing it


@dataclass(frozen=True)
class ReferencesIndex(ViewModel):
    rows: tuple[ReferenceListing, ...]  # by short citation


def reference_page(site: SiteIndex, ref: Reference) -> Page:
    citing = []
    for article in site.project.articles:
        entry = site.bib_entry.get((article.id, ref.id))
        if entry is None:
            continue
        claims = tuple(site.claim_row(c) for c in site.claims_of_article.get(article.id, ()) if ref.id in c.cites)
        citing.append(CitingArticle(site.article_link(article.id), entry, claims))
    described = tuple(
        Description(site.article_link(c.article), c.fields) for c in ref.as_cited if c.article in site.articles
    )
    row = site.reference_rows[ref.id]
    rows = tuple(r for c in citing for r in c.claims)
    counted = verdict_counts(rows)
    supported = VERDICT["supported"]
    # "0 supported" is said outright: that none of its claims holds up is what a reader checking a work needs
    verdicts = counted if any(v == supported for v, _ in counted) else ((supported, 0), *counted)
    return Page(
        page_path("reference", ref.id),
        "reference.html",
        row.short,
        ReferencePage(
            row,
            tuple(citing),
            described,
            citation_tags=exports.citation_meta(ref),
            legend=tuple(v for v, _ in counted),
            claims=len(rows),
            verdicts=verdicts,
        ),
    )


def references_index(site: SiteIndex) -> Page:
    rows = []
    for ref in sorted(site.project.references, key=lambda r: (site.reference_rows[r.id].short.lower(), r.id)):
        row = site.reference_rows[ref.id]
        rows.append(
            ReferenceListing(
                row.path,
                row.short,
                row.citation,
                row.design,
                row.links,
                bool(ref.as_cited),
                tuple(site.article_link(a) for a in site.citing_articles.get(ref.id, ())),
                site.citing_claims.get(ref.id, 0),
            )
        )
    return Page("references/index.html", "references_index.html", "All references", ReferencesIndex(tuple(rows)))
