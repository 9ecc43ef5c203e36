"""Article pages: an article's text with every claim highlighted and linked, its bibliography (unused
entries flagged) and its claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidmap import articles as article_text
from evidmap.memo import Kept
from evidmap.paths import page_path
from evidmap.records import Article, BibEntry
from evidmap.views.index import SiteIndex
from evidmap.views.model import ClaimRow, Page, ReferenceRow, ViewModel
from evidmap.vocabulary import READER_VERDICTS, Verdict


@dataclass(frozen=True)
class BibliographyItem:
    entry: BibEntry
    ref: ReferenceRow
    used: bool  # a claim of this article cites it
    backs: int  # how many claims of this article cite it


@dataclass(frozen=True)
class ArticlePage(ViewModel):
    article: Article
    body_html: str  # the text with claims highlighted (markup)
    legend: tuple[Verdict, ...]  # the verdicts the highlights show, in the vocabulary's order
    bibliography: tuple[BibliographyItem, ...]
    claims: tuple[ClaimRow, ...]
    uncited: int


def article_page(site: SiteIndex, article: Article, article_texts: Kept[Any] | None = None) -> Page:
    """The article's page; `article_texts` holds the text units validation found in it."""
    path = page_path("article", article.id)
    claims = site.claims_of_article.get(article.id, ())
    highlights = [
        article_text.Highlight(
            s.claim,
            s.unit,
            s.start,
            s.end,
            site.linker.href(path, page_path("claim", s.claim)),
            f"Claim {site.claims[s.claim].number}: {site.claims[s.claim].statement}",
            site.claims[s.claim].number,
            site.claim_rows[s.claim].verdict,
        )
        for s in site.spans_of_article.get(article.id, ())
    ]
    shown = {h.verdict.id for h in highlights}
    body_html = article_text.render_html(
        article.body, highlights, [(g.at, g.missing) for g in article.gaps], article_texts
    )
    used = {ref for c in claims for ref in c.cites}
    bibliography = tuple(
        BibliographyItem(
            entry, site.reference_rows[entry.ref], entry.ref in used, sum(1 for c in claims if entry.ref in c.cites)
        )
        for entry in article.bibliography
    )
    return Page(
        path,
        "article.html",
        article.title,
        ArticlePage(
            article=article,
            body_html=body_html,
            legend=tuple(v for v in READER_VERDICTS if v.id in shown),
            bibliography=bibliography,
            claims=tuple(site.claim_row(c) for c in claims),
            uncited=sum(1 for c in claims if not c.cites),
        ),
    )
