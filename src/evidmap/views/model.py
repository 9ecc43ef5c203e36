"""View-model types every page family shares: a page, the links and rows many pages show.

All are frozen dataclasses whose fields templates read by name. The rows (a claim's, a reference's,
an arrow's) are made once a build by the site index, and the items of a claim page's related lists
by the related-claims engine, and shared by every page that shows them (SHARED_ROWS): render stands
each in a page's key as the digest of its contents, made once a build (an arrow's row lists every
claim stating it, on each of those claims' pages), so a row is never changed once made.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.analyse import Edge
from evidmap.records import Claim, Licence, Reference
from evidmap.vocabulary import Verdict


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
class ClaimRow:
    claim: Claim
    path: str
    article: ArticleLink
    level: str  # evidence level: a design, or 'uncited'
    level_label: str
    refs: tuple[ReferenceRow, ...]
    verdict: Verdict  # its appraisal's, or not appraised


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


@dataclass(frozen=True)
class ClaimAbout:
    """A claim, with what it says about the thing a list is about (an arrow, a figure)."""

    row: ClaimRow
    about: str


@dataclass(frozen=True)
class StancedClaim:
    """A claim with how it stands to the page's claim or group (agrees, disagrees, related)."""

    row: ClaimRow
    stance: str
    about: str


SHARED_ROWS = (ClaimRow, ReferenceRow, EdgeRow, ClaimAbout, StancedClaim)
