"""Claim pages and the list of all claims: a claim's quote, sources, evidence, appraisal, the arrows
it draws, and what the other articles say (the related-claims engine, `related.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from evidmap import exports
from evidmap.compare import figure_stance
from evidmap.paths import page_path
from evidmap.records import Claim, Relation
from evidmap.views.comparisons import ComparisonView, ComparisonViews
from evidmap.views.index import SiteIndex
from evidmap.views.model import (
    ArticleLink,
    ClaimFilters,
    ClaimRow,
    EdgeRow,
    EntityLink,
    Page,
    ViewModel,
    claim_filters,
)
from evidmap.views.related import RELATED_LIMIT, OtherArticles, RelatedClaims
from evidmap.vocabulary import CITATION_LABEL, CONFLICT, CONTEXT_DEPENDENT, Stance, Verdict, level_label


@dataclass(frozen=True)
class ClaimRelation:
    """One of the claim's relations and the arrow it is part of."""

    relation: Relation
    row: EdgeRow
    setting: tuple[tuple[str, str], ...]  # (label, value) of each field of its setting stated


@dataclass(frozen=True)
class SameFigure:
    """Another claim stating a figure for the same measure."""

    row: ClaimRow
    value: str
    stance: Stance  # to this claim's figure: agree or different figures


@dataclass(frozen=True)
class ClaimPage(ViewModel):
    json_ld: str  # schema.org Claim, or ClaimReview when appraised; safe inside <script>
    filters: tuple[tuple[str, str], ...]  # (search filter, value)
    row: ClaimRow
    citation_label: str
    measure: str | None  # the label of the measure its figure is for
    names: tuple[tuple[str, ...], ...]  # of each entity it is about, label first, for search only (SiteIndex.names_of)
    relations: tuple[ClaimRelation, ...]
    diagram: str | None  # inline SVG of the arrows it draws
    others: OtherArticles
    otherwise: tuple[ComparisonView, ...]  # where another article says otherwise (conflict, context-dependent)
    otherwise_more: int  # how many of those the page leaves out (the agreement page lists them all)
    figures: tuple[SameFigure, ...]
    intervention: EntityLink | None
    outcome: EntityLink | None
    legend: tuple[Verdict, ...]  # printed under the page: the claim's verdict (not appraised too)


@dataclass(frozen=True)
class ArticleClaims:
    article: ArticleLink
    claims: tuple[ClaimRow, ...]


@dataclass(frozen=True)
class ClaimsIndex(ViewModel):
    groups: tuple[ArticleClaims, ...]  # one per article, in map order
    filters: ClaimFilters


def claim_page(site: SiteIndex, related: RelatedClaims, views: ComparisonViews, claim: Claim) -> Page:
    path = page_path("claim", claim.id)
    article = site.articles[claim.article]
    json_ld = exports.claim_json_ld(
        claim,
        article,
        site.linker.href(path, page_path("article", article.id)),
        [site.references[r] for r in claim.cites],
        site.linker.href(path, path),
        site.project.curators,
    )
    entity_ids = sorted(
        {e for r in claim.relations for e in (r.subject, r.object)}
        | {e for e in (claim.intervention, claim.outcome) if e}
    )
    row = site.claim_row(claim)
    filters = [
        ("kind", "claim"),
        ("article", article.title),
        ("type", claim.type),
        ("evidence", level_label(site.analysis.levels[claim.id], "uncited")),
        ("verdict", row.verdict.label),
    ]
    filters += [("entity", site.entities[e].label) for e in entity_ids]
    otherwise = [
        c for c in site.analysis.comparisons.of_claim.get(claim.id, ()) if c.stance in (CONFLICT, CONTEXT_DEPENDENT)
    ]
    return Page(
        path,
        "claim.html",
        claim.statement,
        ClaimPage(
            json_ld=json_ld,
            filters=tuple(filters),
            row=row,
            citation_label=CITATION_LABEL[claim.citation],
            measure=site.measure_labels[claim.quantity.measure] if claim.quantity else None,
            names=site.names_of(claim),
            relations=tuple(
                ClaimRelation(r, site.edge_row(site.edge_of_key[r.edge_key]), views.setting_words(r))
                for r in claim.relations
            ),
            diagram=site.svgs.get(f"claim:{claim.id}"),
            others=related.of(claim),
            otherwise=views.all(otherwise[:RELATED_LIMIT]),
            otherwise_more=max(0, len(otherwise) - RELATED_LIMIT),
            figures=_same_figure(site, claim),
            intervention=site.optional_entity_link(claim.intervention),
            outcome=site.optional_entity_link(claim.outcome),
            legend=(row.verdict,),
        ),
    )


def _same_figure(site: SiteIndex, claim: Claim) -> tuple[SameFigure, ...]:
    mine = claim.quantity
    if not mine:
        return ()
    return tuple(
        SameFigure(site.claim_row(other), other.quantity.value, figure_stance(mine, other.quantity))
        for other in site.by_measure[mine.measure]
        if other.id != claim.id and other.quantity
    )


def claims_index(site: SiteIndex) -> Page:
    groups = tuple(
        ArticleClaims(site.article_link(a.id), tuple(site.claim_row(c) for c in site.claims_of_article.get(a.id, ())))
        for a in site.project.articles
    )
    filters = claim_filters(tuple(row for group in groups for row in group.claims))
    return Page("claims/index.html", "claims_index.html", "All claims", ClaimsIndex(groups, filters))
