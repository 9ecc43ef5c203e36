"""Sharing: what a page says of itself where it is shared or found — the description its meta
description, Open Graph and Twitter card tags carry — and what every page shows of the map as a
whole (`SiteFrame`).

A claim's description leads with its verdict and what the verdict means, so that a shared link
previews the curators' judgement and not only the sentence (the sentence is the page's title).
Pages with nothing of their own to say share the map's description.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from evidmap.records import Project
from evidmap.views.about import AboutPage
from evidmap.views.articles import ArticlePage
from evidmap.views.claims import ClaimPage
from evidmap.views.entities import EntityPage
from evidmap.views.model import Page, SiteFrame
from evidmap.views.references import ReferencePage


def site_frame(project: Project) -> SiteFrame:
    description = project.description or (
        f"An evidence map of {len(project.articles)} health articles: every claim they make quoted, "
        "linked to the works cited for it, and checked against them."
    )
    return SiteFrame(project.title, description, project.licence)


def described(make: Callable[[], Page], fallback: str) -> Page:
    """The page `make` makes, with its description (`fallback` where it has none of its own)."""
    page = make()
    return dataclasses.replace(page, description=describe(page, fallback))


def describe(page: Page, fallback: str) -> str:
    model = page.model
    if isinstance(model, ClaimPage):
        row = model.row
        return (
            f"Verdict: {row.verdict.label}. {row.verdict.meaning} "
            f"Claim {row.claim.number} of “{row.article.title}”, quoted word for word."
        )
    if isinstance(model, ReferencePage):
        # the work's citation only: Zotero saves a page's description as the work's abstract
        return model.row.citation
    if isinstance(model, ArticlePage):
        appraised = sum(1 for row in model.claims if row.claim.appraisal)
        return (
            f"“{model.article.title}”, claim by claim: {_count(len(model.claims), 'claim')}, "
            f"{model.score.uncited.count} without a source, {appraised} appraised against the works the article cites."
        )
    if isinstance(model, EntityPage):
        entity = model.entity
        name = f" ({entity.name})" if entity.name and entity.name != entity.label else ""
        return (
            f"{entity.label}{name}, {entity.kind}: {_count(len(model.claims), 'claim')} of the map name it, "
            f"{_count(len(model.edges), 'arrow')} on the pathway start or end at it."
        )
    if isinstance(model, AboutPage):
        return (
            "Who appraised this evidence map's claims and against what, what each verdict means, "
            "what the map is not, and how to report an error."
        )
    return fallback


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
