"""Overview pages: the home page (articles and counts), findings, the evidence matrix, agreement
across articles, and the pages that show nothing of the map (search, data, 404)."""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.paths import page_path
from evidmap.records import Article
from evidmap.views.index import SiteIndex
from evidmap.views.model import ArticleLink, ClaimAbout, ClaimRow, EdgeRow, EntityLink, Page, ReferenceRow, ViewModel
from evidmap.vocabulary import (
    AGREES,
    DIRECTION_SYMBOL,
    DISAGREES,
    GROUP_STANCE,
    RELATED,
    VERDICTS,
    Verdict,
    level_label,
)

# --- home page -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleCard:
    article: Article
    path: str
    claims: int
    cited: int
    references: int
    relations: int
    appraised: int


@dataclass(frozen=True)
class SiteStats:
    articles: int
    claims: int
    references: int
    entities: int
    edges: int
    uncited: int
    appraised: int


@dataclass(frozen=True)
class IndexPage(ViewModel):
    rows: tuple[ArticleCard, ...]
    stats: SiteStats


def index_page(site: SiteIndex, title: str) -> Page:
    rows = []
    for article in site.project.articles:
        claims = site.claims_of_article.get(article.id, ())
        rows.append(
            ArticleCard(
                article,
                page_path("article", article.id),
                len(claims),
                sum(1 for c in claims if c.cites),
                len(article.bibliography),
                sum(len(c.relations) for c in claims),
                sum(1 for c in claims if c.appraisal),
            )
        )
    project, findings = site.project, site.analysis.findings
    stats = SiteStats(
        len(project.articles),
        len(project.claims),
        len(project.references),
        len(project.entities),
        len(site.analysis.edges),
        len(findings.uncited),
        len(findings.appraised),
    )
    return Page("index.html", "index.html", title, IndexPage(tuple(rows), stats))


# --- findings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictGroup:
    verdict: Verdict
    rows: tuple[ClaimRow, ...]


@dataclass(frozen=True)
class UncitedGroup:
    article: ArticleLink
    claims: tuple[ClaimRow, ...]  # its uncited claims
    total: int  # all its claims


@dataclass(frozen=True)
class UnusedEntry:
    article: ArticleLink
    ref: ReferenceRow


@dataclass(frozen=True)
class FigureClaim:
    row: ClaimRow
    value: str


@dataclass(frozen=True)
class FigureGroup:
    measure: str
    agree: bool
    claims: tuple[FigureClaim, ...]


@dataclass(frozen=True)
class FindingsPage(ViewModel):
    verdicts: tuple[VerdictGroup, ...]
    uncited: tuple[UncitedGroup, ...]
    unused: tuple[UnusedEntry, ...]
    discrepancies: tuple[ReferenceRow, ...]
    contradictions: tuple[tuple[EdgeRow, ...], ...]  # the arrows of each pair with opposite effects
    figures: tuple[FigureGroup, ...]


def findings_page(site: SiteIndex) -> Page:
    f = site.analysis.findings
    by_verdict: dict[str, list[ClaimRow]] = {}
    for claim in f.appraised:
        row = site.claim_row(claim)
        by_verdict.setdefault(row.verdict.id, []).append(row)
    verdicts = tuple(VerdictGroup(v, tuple(by_verdict[v.id])) for v in VERDICTS if v.id in by_verdict)
    uncited = tuple(
        UncitedGroup(
            site.article_link(article.id),
            tuple(site.claim_row(c) for c in f.uncited if c.article == article.id),
            len(site.claims_of_article.get(article.id, ())),
        )
        for article in site.project.articles
    )
    figures = tuple(
        FigureGroup(
            fs.measure, fs.agree, tuple(FigureClaim(site.claim_row(c), value) for c, value in zip(fs.claims, fs.values))
        )
        for fs in f.figures
    )
    return Page(
        "findings.html",
        "findings.html",
        "Findings",
        FindingsPage(
            verdicts=verdicts,
            uncited=uncited,
            unused=tuple(UnusedEntry(site.article_link(a), site.reference_rows[r]) for a, r in f.unused_bibliography),
            discrepancies=tuple(site.reference_rows[r] for r in f.discrepancies),
            contradictions=tuple(tuple(site.edge_row(e) for e in c.edges) for c in f.contradictions),
            figures=figures,
        ),
    )


# --- evidence matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCellView:
    anchor: str  # of its list of claims below the table
    claim_count: int
    article_count: int
    level: str  # the strongest evidence among its claims
    level_label: str
    directions: tuple[tuple[str, int], ...]  # (direction's symbol, how many claims)


@dataclass(frozen=True)
class MatrixRow:
    intervention: EntityLink
    cells: tuple[MatrixCellView | None, ...]  # one per outcome; None where no claim is


@dataclass(frozen=True)
class CellClaims:
    anchor: str
    intervention: EntityLink
    outcome: EntityLink
    claims: tuple[ClaimRow, ...]


@dataclass(frozen=True)
class MatrixPage(ViewModel):
    outcomes: tuple[EntityLink, ...]  # the columns
    rows: tuple[MatrixRow, ...]
    details: tuple[CellClaims, ...]


def matrix_page(site: SiteIndex) -> Page:
    """Interventions x outcomes, in the manner of evidence-and-gap maps: each cell counts claims
    and articles, shows the strongest evidence and the directions, and links to its claims."""
    matrix = site.analysis.matrix
    rows = []
    for i in matrix.interventions:
        line = []
        for o in matrix.outcomes:
            cell = matrix.cells.get((i, o))
            line.append(
                MatrixCellView(
                    f"cell-{i}--{o}",
                    len(cell.claims),
                    cell.articles,
                    cell.level,
                    level_label(cell.level, "uncited"),
                    tuple((DIRECTION_SYMBOL[d], n) for d, n in cell.directions),
                )
                if cell
                else None
            )
        rows.append(MatrixRow(site.entity_link(i), tuple(line)))
    details = tuple(
        CellClaims(
            f"cell-{i}--{o}",
            site.entity_link(i),
            site.entity_link(o),
            tuple(site.claim_row(c) for c in matrix.cells[(i, o)].claims),
        )
        for i in matrix.interventions
        for o in matrix.outcomes
        if (i, o) in matrix.cells
    )
    return Page(
        "matrix.html",
        "matrix.html",
        "Evidence matrix",
        MatrixPage(tuple(site.entity_link(o) for o in matrix.outcomes), tuple(rows), details),
    )


# --- agreement -------------------------------------------------------------------------------------

# the style of a group's stance word: the one its members' stances have on claim pages
_STANCE_CLASS = {GROUP_STANCE[s]: s for s in (AGREES, DISAGREES, RELATED)}


@dataclass(frozen=True)
class ArticleColumn:
    article: ArticleLink
    claims: tuple[ClaimAbout, ...]


@dataclass(frozen=True)
class SideBySide:
    """A pair of entities or a figure more than one article speaks about, each article's claims in a column."""

    heading: str
    anchor: str
    stance: str  # agree, disagree or related (analyse.stance, for the group as a whole)
    stance_class: str  # agrees, disagrees or related
    columns: tuple[ArticleColumn, ...]


@dataclass(frozen=True)
class AgreementPage(ViewModel):
    pairs: tuple[SideBySide, ...]
    figures: tuple[SideBySide, ...]


def agreement_page(site: SiteIndex) -> Page:
    """Wherever more than one article states something about the same pair of entities or the
    same quantity: their claims side by side, marked as agreeing, disagreeing or related."""
    pairs = []
    for group in site.analysis.pairs:
        a, b = group.entities
        columns = tuple(
            ArticleColumn(
                site.article_link(art),
                tuple(
                    ClaimAbout(site.claim_row(c), site.relation_text(r))
                    for c, r in group.statements
                    if c.article == art
                ),
            )
            for art in group.articles
        )
        pairs.append(
            SideBySide(
                f"{site.entities[a].label} and {site.entities[b].label}",
                f"pair-{a}--{b}",
                group.stance,
                _STANCE_CLASS[group.stance],
                columns,
            )
        )
    figures = []
    for fs in site.analysis.figures:
        columns = tuple(
            ArticleColumn(
                site.article_link(art),
                tuple(
                    ClaimAbout(site.claim_row(c), value) for c, value in zip(fs.claims, fs.values) if c.article == art
                ),
            )
            for art in fs.articles
        )
        figures.append(SideBySide(fs.measure, f"figure-{fs.measure}", fs.stance, _STANCE_CLASS[fs.stance], columns))
    return Page(
        "agreement.html",
        "agreement.html",
        "Where the articles agree and disagree",
        AgreementPage(tuple(pairs), tuple(figures)),
    )


# --- pages without a view of the map -----------------------------------------------------------------


def search_page(site: SiteIndex) -> Page:
    return Page("search.html", "search.html", "Search")


def data_page(site: SiteIndex) -> Page:
    return Page("data/index.html", "data.html", "Data and exports")


def not_found_page(site: SiteIndex) -> Page:
    return Page("404.html", "404.html", "Page not found")
