"""View-model types every page family shares: a page, the links and rows many pages show, and what
a list of claim rows adds up to (how many of each verdict; the filters a table of them offers).

All are frozen dataclasses whose fields templates read by name. The rows (a claim's, a reference's,
an arrow's) are made once a build by the site index, the items of a claim page's related lists by
the related-claims engine, and the comparisons of statements by views/comparisons.py, and shared by
every page that shows them (SHARED_ROWS): render stands
each in a page's key as the digest of its contents, made once a build (an arrow's row lists every
claim stating it, on each of those claims' pages), so a row is never changed once made.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.analyse import Edge
from evidmap.records import Claim, Licence, Reference
from evidmap.vocabulary import READER_VERDICTS, ScoreLevel, Stance, Verdict


@dataclass(frozen=True)
class ViewModel:
    """What one page's template reads: its fields are the template's variables. Pages that show
    nothing of the map (search, data, 404) use this empty one."""


@dataclass(frozen=True)
class Page:
    path: str  # site path of the output file
    template: str
    title: str
    model: ViewModel = ViewModel()
    description: str = ""  # one or two sentences for previews and search results (views/sharing.py)


@dataclass(frozen=True)
class SiteFrame:
    """What every page shows of the map as a whole (templates/base.html): its title, the licence of
    its content, and the description pages without one of their own share."""

    title: str
    description: str
    licence: Licence | None


@dataclass(frozen=True)
class ArticleLink:
    title: str
    path: str


@dataclass(frozen=True)
class EntityLink:
    label: str
    path: str


@dataclass(frozen=True)
class ReferenceRow:
    ref: Reference
    path: str
    short: str  # 'Gwinn et al. 2008'
    citation: str  # Vancouver style
    links: tuple[tuple[str, str], ...]  # (label, URL): PubMed, DOI, publisher
    design: str  # the study design's label


@dataclass(frozen=True)
class WhyLine:
    """One line of "why this score": a work, counted once, what the curators found of it, what it gives."""

    ref: ReferenceRow
    design: str  # the study design's label
    verdict: Verdict  # the verdict applied to the work (the most cautious, where several claims cite it)
    counts: str  # what the verdict leaves of it: 'in full', 'half', 'nothing'
    alone: str  # its score were it the only work: '0.14'
    adds: str  # what it adds to the lines above it: '+0.07'
    claims: int  # how many of the claims scored together cite it


@dataclass(frozen=True)
class ScoreView:
    """The evidence score of what a claim's or an arrow's articles cite, as readers see it."""

    level: ScoreLevel
    value: str  # '0.19', in [0, 1]
    lines: tuple[WhyLine, ...]  # their `adds` sum to `value`
    note: str | None  # a claim that cites nothing but that curators appraised: what they found


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    path: str
    article: ArticleLink
    level: str  # evidence level: a design, or 'uncited'
    level_label: str
    refs: tuple[ReferenceRow, ...]
    verdict: Verdict  # its appraisal's, or not appraised
    score: ScoreView  # the strength of what it cites (its level is what the article card shows)


@dataclass(frozen=True)
class EdgeRow:
    edge: Edge
    anchor: str  # its row in the pathway page's table
    subject: EntityLink
    object: EntityLink
    symbol: str
    word: str
    claims: tuple[ClaimRow, ...]
    articles: tuple[ArticleLink, ...]
    cited: bool
    score: ScoreView  # the strength of the distinct works behind its claims
    verdicts: tuple[tuple[Verdict, int], ...]  # how many of its claims have each verdict, in reader order


@dataclass(frozen=True)
class ClaimAbout:
    """A claim, with what it says about the thing a list is about (an arrow, a figure)."""

    row: ClaimRow
    about: str


@dataclass(frozen=True)
class StancedClaim:
    """A claim with how it stands to the page's claim (compare.stance)."""

    row: ClaimRow
    stance: Stance
    about: str


@dataclass(frozen=True)
class StatementView:
    """One claim on one side: the claim (with its verdict), what its relation says, its own free text."""

    row: ClaimRow
    about: str  # 'IL-6 → Insulin sensitivity'
    context: str | None


@dataclass(frozen=True)
class SideView:
    sentence: str  # 'IL-6 from visceral fat lowers insulin signalling': what its statements share
    setting: tuple[tuple[str, str], ...]  # (field's label, value) of each field stated
    statements: tuple[StatementView, ...]  # the first SIDE_LIMIT, in map order
    more: int  # how many the side leaves out


@dataclass(frozen=True)
class ComparisonView:
    """Two kinds of statement of different articles side by side (views/comparisons.py)."""

    anchor: str  # its section on the agreement page
    stance: Stance
    heading: str  # 'IL-6 and insulin sensitivity': the broader entities of each pair
    plain: str  # the two statements in one plain sentence, naming the articles
    path: str | None  # 'Compared because insulin signalling is part of insulin sensitivity.'
    differs: str | None  # 'The stated contexts differ in where it acts and the timeframe.'
    first: SideView
    second: SideView


SHARED_ROWS = (ClaimRow, ReferenceRow, EdgeRow, ClaimAbout, StancedClaim, ComparisonView)


@dataclass(frozen=True)
class ArticleCount:
    id: str
    article: ArticleLink
    count: int


@dataclass(frozen=True)
class ClaimFilters:
    """What a table of claims can be narrowed to (assets/claim-filters.js): the verdicts and articles
    of its rows with how many rows have each; a kind with one value narrows nothing and is left out."""

    verdicts: tuple[tuple[Verdict, int], ...]  # in the order readers meet verdicts
    articles: tuple[ArticleCount, ...]  # in the order of the rows

    def __bool__(self) -> bool:
        return bool(self.verdicts or self.articles)


def verdict_counts(rows: tuple[ClaimRow, ...]) -> tuple[tuple[Verdict, int], ...]:
    """How many of `rows` show each verdict (not appraised included), in the order readers meet
    verdicts; verdicts none shows are left out."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.verdict.id] = counts.get(row.verdict.id, 0) + 1
    return tuple((v, counts[v.id]) for v in READER_VERDICTS if v.id in counts)


def claim_filters(rows: tuple[ClaimRow, ...]) -> ClaimFilters:
    verdicts = verdict_counts(rows)
    articles: dict[str, ArticleCount] = {}
    for row in rows:
        seen = articles.get(row.claim.article)
        articles[row.claim.article] = ArticleCount(row.claim.article, row.article, seen.count + 1 if seen else 1)
    return ClaimFilters(verdicts if len(verdicts) > 1 else (), tuple(articles.values()) if len(articles) > 1 else ())
