"""Article pages: an article's text with every claim highlighted and linked, a verdict rail beside
its paragraphs, a scorecard of its claims' verdicts, the cards its highlights open (data for
assets/article.js), its bibliography (unused entries flagged) and its claims."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evidmap import articles as article_text
from evidmap.escape import html_chars, json_in_script
from evidmap.memo import Kept
from evidmap.paths import page_path
from evidmap.records import Article, BibEntry, Claim
from evidmap.views.index import SiteIndex
from evidmap.views.model import ClaimRow, Page, ReferenceRow, ViewModel
from evidmap.views.sentences import first_sentence
from evidmap.vocabulary import READER_VERDICTS, Verdict


@dataclass(frozen=True)
class BibliographyItem:
    entry: BibEntry
    ref: ReferenceRow
    used: bool  # a claim of this article cites it
    backs: int  # how many claims of this article cite it


@dataclass(frozen=True)
class ScorePart:
    """One part of an article's scorecard: how many of its claims have one verdict, or cite a work
    (or none), and where the page lists them."""

    anchor: str  # 'claims-supported', 'claims-uncited': the claims table showing only those
    label: str
    count: int
    symbol: str = ""  # the verdict's symbol; '' for the cited and uncited parts
    verdict: str = ""  # the verdict's id (its class on the page); '' for cited and uncited


@dataclass(frozen=True)
class Scorecard:
    """The counts at the top of an article page."""

    total: int
    verdicts: tuple[ScorePart, ...]  # every verdict a reader meets, in the vocabulary's order, zeros too
    cited: ScorePart
    uncited: ScorePart

    @property
    def shown(self) -> tuple[ScorePart, ...]:
        """The verdict parts the bar draws: those with claims."""
        return tuple(part for part in self.verdicts if part.count)

    @property
    def filters(self) -> tuple[ScorePart, ...]:
        """Every part with claims, each a way to show only those claims in the table."""
        return tuple(part for part in (*self.verdicts, self.cited, self.uncited) if part.count)


def scorecard(claims: tuple[Claim, ...], verdicts: tuple[Verdict, ...]) -> Scorecard:
    """The scorecard of an article's `claims`, whose verdicts are `verdicts` (one each, in order)."""
    counts = {v.id: 0 for v in READER_VERDICTS}
    for verdict in verdicts:
        counts[verdict.id] += 1
    cited = sum(1 for c in claims if c.cites)
    return Scorecard(
        total=len(claims),
        verdicts=tuple(ScorePart(f"claims-{v.id}", v.label, counts[v.id], v.symbol, v.id) for v in READER_VERDICTS),
        cited=ScorePart("claims-cited", "cite a work", cited),
        uncited=ScorePart("claims-uncited", "cite nothing", len(claims) - cited),
    )


@dataclass(frozen=True)
class ClaimCard:
    """What the card that a highlight opens shows (assets/article.js): the claim's plain statement,
    its verdict with the verdict's meaning and the first sentence of the curator's note, and the
    works it cites (positions in `ArticlePage.card_refs`); the card links to the claim's page, whose
    address is the highlight's."""

    claim: str
    number: int
    statement: str
    verdict: Verdict
    note: str  # the first sentence of the appraisal's note; '' for a claim not appraised
    refs: tuple[int, ...]
    # The level of the evidence score, as one short line ('●○○ Weak'); the card shows it under the
    # verdict, named as the strength of what the article cites (article.js: the entry's fourth item)
    evidence: str | None = None


@dataclass(frozen=True)
class ArticlePage(ViewModel):
    article: Article
    body_html: str  # the text with claims highlighted and the verdict rail (markup)
    legend: tuple[Verdict, ...]  # the verdicts the highlights show, in the vocabulary's order
    score: Scorecard
    cards: tuple[ClaimCard, ...]  # one per claim, in claim-number order
    card_refs: tuple[ReferenceRow, ...]  # every work a card lists, once
    cards_json: str  # `cards` as the script reads them, safe inside <script> (see card_data)
    bibliography: tuple[BibliographyItem, ...]
    claims: tuple[ClaimRow, ...]


def article_page(site: SiteIndex, article: Article, article_texts: Kept[Any] | None = None) -> Page:
    """The article's page; `article_texts` holds the text units validation found in it."""
    path = page_path("article", article.id)
    claims = site.claims_of_article.get(article.id, ())
    rows = tuple(site.claim_row(c) for c in claims)
    highlights = [
        article_text.Highlight(
            s.claim,
            s.unit,
            s.start,
            s.end,
            site.linker.href(path, page_path("claim", s.claim)),
            site.claims[s.claim].statement,
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
    card_refs = tuple(site.reference_rows[r] for r in dict.fromkeys(r for c in claims for r in c.cites))
    position = {row.ref.id: i for i, row in enumerate(card_refs)}
    cards = tuple(
        ClaimCard(
            claim=row.claim.id,
            number=row.claim.number,
            statement=row.claim.statement,
            verdict=row.verdict,
            note=first_sentence(row.claim.appraisal.note) if row.claim.appraisal else "",
            refs=tuple(position[r] for r in row.claim.cites),
            evidence=f"{row.score.level.symbol} {row.score.level.label}",
        )
        for row in rows
    )
    return Page(
        path,
        "article.html",
        article.title,
        ArticlePage(
            article=article,
            body_html=body_html,
            legend=tuple(v for v in READER_VERDICTS if v.id in shown),
            score=scorecard(claims, tuple(row.verdict for row in rows)),
            cards=cards,
            card_refs=card_refs,
            cards_json=card_data(cards, card_refs, lambda target: site.linker.href(path, target)),
            bibliography=bibliography,
            claims=rows,
        ),
    )


def card_data(cards: tuple[ClaimCard, ...], refs: tuple[ReferenceRow, ...], href) -> str:
    """The cards as compact JSON for assets/article.js, safe inside a <script> element:

        {"v": {verdict id: [label, meaning, symbol]},            the verdicts the cards show, once
         "r": [[short citation, design, page, link label, URL]],  the works they cite, once (their
                                                                  first link: PubMed, else DOI, else publisher)
         "c": {claim number: [verdict id, note, [work positions]]}}      (its highlights' data-n)

    and, once #18 lands, the evidence level as a fourth item of a claim's entry. A claim's statement
    is not repeated here: it is its highlights' title (their tooltip without the script), which the
    script takes as the card's statement."""
    verdicts = {card.verdict.id: card.verdict for card in cards}
    data = {
        "v": {v.id: [v.label, v.meaning, v.symbol] for v in READER_VERDICTS if v.id in verdicts},
        "r": [[_shown(r.short), r.design, href(r.path), *map(_shown, r.links[0] if r.links else ())] for r in refs],
        "c": {
            card.number: [card.verdict.id, _shown(card.note), list(card.refs)]
            + ([_shown(card.evidence)] if card.evidence is not None else [])
            for card in cards
        },
    }
    return json_in_script(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _shown(text: str) -> str:
    """`text` as pages show it: without the code points HTML forbids (escape.html_chars), which the
    script would otherwise put into the page through JSON's escapes."""
    return str(html_chars(text))
