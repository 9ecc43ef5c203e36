"""Views: the project, its analysis and its diagrams -> one frozen view-model per page.

    index.py       the site index: lookups and shared rows, made once a build
    related.py     the related-claims engine (a claim page's "What the other articles say")
    comparisons.py statements of different articles side by side, in plain words (agreement,
                   findings, claim pages)
    model.py       Page, and the links and rows many pages share
    articles.py    article pages: the text, its verdict rail, scorecard and claim cards
    sentences.py   the first sentence of a curator's note (for the claim cards)
    claims.py      claim pages, all claims
    references.py  reference pages, all references
    entities.py    entity pages, all entities
    pathway.py     the pathway page
    overview.py    home, findings, matrix, agreement, search, data, 404
    about.py       the About page: who appraised, against what, what each verdict means
    sharing.py     each page's description (meta, Open Graph), and what every page shows of the map

A page is its output path, the template that renders it, a title and a view-model: a frozen
dataclass whose fields are the template's variables. Templates read only these (and the frozen
records inside them), never the graph, so what each page shows is decided here, in Python that
tests can call directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from evidmap.analyse import Analysis
from evidmap.memo import Kept
from evidmap.paths import Linker
from evidmap.records import Project
from evidmap.views import about, articles, claims, entities, overview, pathway, references
from evidmap.views.comparisons import ComparisonViews
from evidmap.views.index import SiteIndex, build_index
from evidmap.views.model import SHARED_ROWS, Page, SiteFrame, ViewModel
from evidmap.views.related import RELATED_LIMIT, RelatedClaims
from evidmap.views.sharing import described, site_frame

__all__ = [
    "Page",
    "SiteFrame",
    "ViewModel",
    "SHARED_ROWS",
    "SiteIndex",
    "build_index",
    "RelatedClaims",
    "RELATED_LIMIT",
    "page_makers",
    "site_frame",
]


def page_makers(
    project: Project,
    analysis: Analysis,
    svgs: Mapping[str, str],
    linker: Linker,
    title: str,
    article_texts: Kept[Any] | None = None,
) -> list[Callable[[], Page]]:
    """One function per page of the site, in a stable order, each making that page's view-model
    (`article_texts`: the articles' text units as validation found them, so they are not parsed again).

    Pages are made one at a time, as they are rendered, so that a large site never holds every
    view-model at once, and so that rendering processes can each make their own share."""
    site = build_index(project, analysis, svgs, linker)
    related = RelatedClaims(site)
    compared = ComparisonViews(site)
    makers: list[Callable[[], Page]] = [
        partial(overview.index_page, site, title),
        partial(pathway.pathway_page, site),
        partial(overview.findings_page, site, compared),
        partial(overview.not_found_page, site),
        partial(claims.claims_index, site),
        partial(references.references_index, site),
        partial(entities.entities_index, site),
        partial(overview.matrix_page, site),
        partial(overview.agreement_page, site, compared),
        partial(overview.search_page, site),
        partial(overview.data_page, site),
        partial(about.about_page, site),
    ]
    makers += [partial(articles.article_page, site, a, article_texts) for a in project.articles]
    makers += [partial(claims.claim_page, site, related, compared, c) for c in project.claims]
    makers += [partial(references.reference_page, site, r) for r in project.references]
    makers += [partial(entities.entity_page, site, e) for e in project.entities]
    fallback = site_frame(project).description
    return [partial(described, make, fallback) for make in makers]
