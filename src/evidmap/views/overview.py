"""Overview pages: the home page (articles and counts), findings, the evidence matrix, agreement
across articles, and the pages that show nothing of the map (search, data, 404)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from evidmap.analyse import Direction
from evidmap.compare import Comparison, Kind, KindKey
from evidmap.hierarchy import Hierarchy
from evidmap.paths import page_path
from evidmap.records import Article
from evidmap.views.comparisons import SIDE_LIMIT, ComparisonView, ComparisonViews, mid_sentence
from evidmap.views.index import SiteIndex
from evidmap.views.model import (
    ArticleLink,
    ClaimAbout,
    ClaimRow,
    EntityLink,
    Page,
    ReferenceRow,
    ScoreView,
    ViewModel,
)
from evidmap.vocabulary import (
    AGREE,
    CONFLICT,
    CONTEXT_DEPENDENT,
    DIFFERENT_FIGURES,
    DIFFERENT_TIMEFRAMES,
    DIRECTION_LABEL,
    DIRECTION_SYMBOL,
    SCORE_LEVELS,
    TIMEFRAME_LABEL,
    VERDICTS,
    ScoreLevel,
    Stance,
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
    measure: str  # its label
    stance: Stance  # agree, or different figures
    claims: tuple[FigureClaim, ...]


@dataclass(frozen=True)
class FindingsPage(ViewModel):
    verdicts: tuple[VerdictGroup, ...]
    uncited: tuple[UncitedGroup, ...]
    unused: tuple[UnusedEntry, ...]
    discrepancies: tuple[ReferenceRow, ...]
    tensions: tuple[ComparisonView, ...]  # conflicts, then pairs whose effects depend on context
    figures: tuple[FigureGroup, ...]


def findings_page(site: SiteIndex, views: ComparisonViews) -> Page:
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
            site.measure_labels[fs.measure],
            fs.stance,
            tuple(FigureClaim(site.claim_row(c), value) for c, value in zip(fs.claims, fs.values)),
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
            tensions=views.all(
                c for c in site.analysis.comparisons.compared if c.stance in (CONFLICT, CONTEXT_DEPENDENT)
            ),
            figures=figures,
        ),
    )


# --- evidence matrix -------------------------------------------------------------------------------

# A cell's bubble is drawn in a square of 40 units (matrix.html); the largest bubble of the matrix has
# the radius BUBBLE_MAX and the others the area their count gives them on the same scale, but never
# less than BUBBLE_MIN (a bubble for 1 of 200 works must still be seen).
BUBBLE_MAX = 18.0
BUBBLE_MIN = 3.0


@dataclass(frozen=True)
class Bubble:
    """A cell's marker: its area follows the distinct works its claims cite or, hollow, the number of
    its claims when none of them cites a work."""

    count: int
    hollow: bool
    radius: float  # in the bubble's square of 40 units


@dataclass(frozen=True)
class DirectionSaid:
    """Which way claims say the intervention moves the outcome, with the context they give."""

    symbol: str
    label: str  # 'decreases'
    context: str | None  # 'blunts the improvement from aerobic training'
    claims: int  # how many of the cell's claims say it (1 on a claim's own line)


@dataclass(frozen=True)
class DirectionMark:
    """What a cell shows of a direction: its symbol, how many claims say it, and whether they say it
    in a context (marked *, read in full where the cell's claims are listed)."""

    symbol: str
    label: str
    in_context: bool
    claims: int


@dataclass(frozen=True)
class MatrixCellView:
    anchor: str  # of its list of claims below the table
    score: ScoreView  # the strength of what its claims cite, together: its level is the cell's mark
    bubble: Bubble
    claims: int
    articles: tuple[str, ...]  # article ids, for the filter by article
    works: int
    best_design: str  # the strongest study design its claims cite ('no work cited')
    marks: tuple[DirectionMark, ...]
    said: tuple[DirectionSaid, ...]  # every direction and context, for the cell's accessible name


@dataclass(frozen=True)
class MatrixRow:
    intervention: EntityLink
    cells: tuple[MatrixCellView | None, ...]  # one per outcome; None where no claim is (a gap)


@dataclass(frozen=True)
class CellClaim:
    row: ClaimRow
    said: DirectionSaid


@dataclass(frozen=True)
class CellClaims:
    """A cell's claims, listed below the table (and opened in place by assets/matrix.js)."""

    anchor: str
    intervention: EntityLink
    outcome: EntityLink
    cell: MatrixCellView
    articles: tuple[ArticleLink, ...]
    works: tuple[ReferenceRow, ...]
    claims: tuple[CellClaim, ...]


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str


@dataclass(frozen=True)
class MatrixPage(ViewModel):
    outcomes: tuple[EntityLink, ...]  # the columns
    rows: tuple[MatrixRow, ...]
    details: tuple[CellClaims, ...]
    sizes: tuple[Bubble, ...]  # the legend's samples: filled bubbles from one work to the most, then hollow
    directions: tuple[tuple[str, str], ...]  # the legend's (symbol, label) for each direction
    articles: tuple[FilterOption, ...]  # the filter by article: articles with a claim in the matrix
    levels: tuple[ScoreLevel, ...]  # the legend's marks: every level of the evidence score, in order
    levels_shown: tuple[ScoreLevel, ...]  # the filter by level: the levels some cell has


def matrix_page(site: SiteIndex) -> Page:
    """Interventions x outcomes, in the manner of evidence-and-gap maps: each cell's bubble shows how
    many distinct works its claims cite, its level mark the strength of what they cite (the evidence
    score), its direction marks which way they say the outcome moves (and whether in a context), and
    it links to its claims with what each says, its verdict, article and evidence."""
    matrix = site.analysis.matrix
    # one scale for every bubble, filled or hollow, so that sizes compare across the matrix
    counts = [len(c.works) or len(c.claims) for c in matrix.cells.values()]
    largest = max(counts, default=1)

    def bubble(count: int, hollow: bool) -> Bubble:
        return Bubble(count, hollow, round(max(BUBBLE_MIN, BUBBLE_MAX * math.sqrt(count / largest)), 2))

    views: dict[tuple[str, str], MatrixCellView] = {}
    for key, cell in matrix.cells.items():
        said = tuple(_said(d, n) for d, n in cell.directions)
        marks: dict[tuple[str, bool], int] = {}  # (direction, said in a context) -> claims
        for d, n in cell.directions:
            mark = (d.direction, d.context is not None)
            marks[mark] = marks.get(mark, 0) + n
        views[key] = MatrixCellView(
            f"cell-{cell.intervention}--{cell.outcome}",
            site.score_view(site.analysis.cell_scores[key]),
            bubble(len(cell.works) or len(cell.claims), not cell.works),
            len(cell.claims),
            cell.articles,
            len(cell.works),
            level_label(cell.best_design, "no work cited"),
            tuple(
                DirectionMark(DIRECTION_SYMBOL[d], DIRECTION_LABEL[d], in_context, n)
                for (d, in_context), n in marks.items()
            ),
            said,
        )
    rows = tuple(
        MatrixRow(site.entity_link(i), tuple(views.get((i, o)) for o in matrix.outcomes)) for i in matrix.interventions
    )
    details = []  # in the table's order, row by row
    for i in matrix.interventions:
        for o in matrix.outcomes:
            if (i, o) not in views:
                continue
            cell, view = matrix.cells[(i, o)], views[(i, o)]
            details.append(
                CellClaims(
                    view.anchor,
                    site.entity_link(i),
                    site.entity_link(o),
                    view,
                    tuple(site.article_link(a) for a in cell.articles),
                    tuple(site.reference_rows[r] for r in cell.works),
                    tuple(CellClaim(site.claim_row(c), _said(d, 1)) for c, d in zip(cell.claims, cell.said)),
                )
            )
    in_matrix = {a for cell in matrix.cells.values() for a in cell.articles}
    shown = {view.score.level for view in views.values()}
    sizes = tuple(bubble(n, False) for n in sorted({1, (largest + 1) // 2, largest})) + (bubble(1, True),)
    return Page(
        "matrix.html",
        "matrix.html",
        "Evidence matrix",
        MatrixPage(
            tuple(site.entity_link(o) for o in matrix.outcomes),
            rows,
            tuple(details),
            sizes,
            tuple((DIRECTION_SYMBOL[d], DIRECTION_LABEL[d]) for d in DIRECTION_SYMBOL),
            tuple(FilterOption(a.id, a.title) for a in site.project.articles if a.id in in_matrix),
            SCORE_LEVELS,
            tuple(level for level in SCORE_LEVELS if level in shown),
        ),
    )


def _said(direction: Direction, claims: int) -> DirectionSaid:
    return DirectionSaid(
        DIRECTION_SYMBOL[direction.direction], DIRECTION_LABEL[direction.direction], direction.context, claims
    )


# --- agreement -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceCount:
    """A line of the agreement page's summary."""

    stance: Stance
    count: int  # pairs of statements (or figure sets) with this stance
    anchor: str  # the section listing them


@dataclass(frozen=True)
class TensionSection:
    stance: Stance
    comparisons: tuple[ComparisonView, ...]


@dataclass(frozen=True)
class ArticleColumn:
    article: ArticleLink
    claims: tuple[ClaimAbout, ...]
    more: int  # claims of the article the column leaves out


@dataclass(frozen=True)
class SideBySide:
    """Statements that agree, or figures for one measure: each article's claims in a column."""

    heading: str
    anchor: str
    stance: Stance
    path: str | None  # the hierarchy links that made the statements comparable, in words
    columns: tuple[ArticleColumn, ...]


@dataclass(frozen=True)
class AgreementPage(ViewModel):
    timeframes: tuple[str, ...]  # what each timeframe means, as settings name them
    summary: tuple[StanceCount, ...]
    tensions: tuple[TensionSection, ...]  # conflicts, context-dependent pairs, different timeframes
    figures: tuple[SideBySide, ...]
    agreements: tuple[SideBySide, ...]


def agreement_page(site: SiteIndex, views: ComparisonViews) -> Page:
    """Wherever articles speak about the same entities (or ones in line through the hierarchy) or
    the same quantity: a summary by stance, then every tension side by side, the figures, and the
    statements that agree, grouped."""
    compared = site.analysis.comparisons.compared
    by_stance: dict[str, list] = {}
    for comparison in compared:
        by_stance.setdefault(comparison.stance.id, []).append(comparison)
    tensions = tuple(
        TensionSection(s, views.all(by_stance[s.id]))
        for s in (CONFLICT, CONTEXT_DEPENDENT, DIFFERENT_TIMEFRAMES)
        if s.id in by_stance
    )
    figures = []
    for fs in site.analysis.figures:
        columns = tuple(
            ArticleColumn(
                site.article_link(art),
                tuple(
                    ClaimAbout(site.claim_row(c), value) for c, value in zip(fs.claims, fs.values) if c.article == art
                ),
                0,
            )
            for art in sorted(fs.articles, key=site.article_order.__getitem__)
        )
        figures.append(SideBySide(site.measure_labels[fs.measure], f"figure-{fs.measure}", fs.stance, None, columns))
    agreements = _agreements(site, views, by_stance.get(AGREE.id, []))
    figures_differ = sum(1 for f in figures if f.stance == DIFFERENT_FIGURES)
    summary = (
        StanceCount(CONFLICT, len(by_stance.get(CONFLICT.id, ())), "conflict"),
        StanceCount(CONTEXT_DEPENDENT, len(by_stance.get(CONTEXT_DEPENDENT.id, ())), "context-dependent"),
        StanceCount(DIFFERENT_TIMEFRAMES, len(by_stance.get(DIFFERENT_TIMEFRAMES.id, ())), "different-timeframes"),
        StanceCount(DIFFERENT_FIGURES, figures_differ, "figures"),
        StanceCount(AGREE, len(by_stance.get(AGREE.id, ())) + len(figures) - figures_differ, "agreements"),
    )
    return Page(
        "agreement.html",
        "agreement.html",
        "Where the articles agree and disagree",
        AgreementPage(tuple(TIMEFRAME_LABEL.values()), summary, tensions, tuple(figures), agreements),
    )


def _agreements(site: SiteIndex, views: ComparisonViews, agreeing: list[Comparison]) -> tuple[SideBySide, ...]:
    """The kinds of statement that agree, grouped where they agree with each other (a group is a
    connected set: exercise and resistance training agree on insulin sensitivity, and so do resistance
    training and combined training), each group's claims in a column per article."""
    parent: dict[KindKey, KindKey] = {}

    def root(key: KindKey) -> KindKey:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    kinds: dict[KindKey, Kind] = {}
    chains: dict[KindKey, dict[str, None]] = {}  # group -> the chains of links of its comparisons, in order
    for comparison in agreeing:
        kinds[comparison.first.key], kinds[comparison.second.key] = comparison.first, comparison.second
        parent[root(comparison.first.key)] = root(comparison.second.key)
    groups: dict[KindKey, list[Kind]] = {}
    for key in sorted(kinds):
        groups.setdefault(root(key), []).append(kinds[key])
    for comparison in agreeing:
        chains.setdefault(root(comparison.first.key), {}).update(dict.fromkeys(views.chains(comparison)))
    hierarchy = site.analysis.hierarchy
    out, anchors = [], set()
    for key, members in groups.items():
        subjects = _broader_first(hierarchy, {k.relation.subject for k in members}, views.label)
        objects = _broader_first(hierarchy, {k.relation.object for k in members}, views.label)
        heading = (
            ", ".join([views.label(subjects[0])] + [mid_sentence(views.label(e)) for e in subjects[1:]])
            + " → "
            + ", ".join(mid_sentence(views.label(e)) for e in objects)
        )
        anchor = base = f"agree-{subjects[0]}--{objects[0]}"
        n = 1
        while anchor in anchors:
            n += 1
            anchor = f"{base}-{n}"
        anchors.add(anchor)
        paths = list(chains[key])
        by_article: dict[str, list[ClaimAbout]] = {}
        for kind in members:
            for statement in kind.statements:
                by_article.setdefault(statement.claim.article, []).append(
                    ClaimAbout(site.claim_row(statement.claim), site.relation_text(statement.relation))
                )
        columns = tuple(
            ArticleColumn(
                site.article_link(a), tuple(by_article[a][:SIDE_LIMIT]), max(0, len(by_article[a]) - SIDE_LIMIT)
            )
            for a in sorted(by_article, key=site.article_order.__getitem__)
        )
        path = f"Compared because {'; '.join(paths)}." if paths else None
        out.append(SideBySide(heading, anchor, AGREE, path, columns))
    return tuple(sorted(out, key=lambda g: g.heading.lower()))


def _broader_first(hierarchy: Hierarchy, entity_ids: set[str], label: Callable[[str], str]) -> list[str]:
    """The entities, those with fewer entities above them first, then by label."""
    return sorted(entity_ids, key=lambda e: (len(hierarchy.above(e)), label(e).lower(), e))


# --- pages without a view of the map -----------------------------------------------------------------


def search_page(site: SiteIndex) -> Page:
    return Page("search.html", "search.html", "Search")


def data_page(site: SiteIndex) -> Page:
    return Page("data/index.html", "data.html", "Data and exports")


def not_found_page(site: SiteIndex) -> Page:
    return Page("404.html", "404.html", "Page not found")
