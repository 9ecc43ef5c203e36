"""Analyse: the validated project -> every fact derived about the map, once a build, in one frozen
`Analysis`.

It owns the pathway's arrows (relations merged by subject, object and effect) and which of them the
whole-map diagram draws; each claim's evidence level (the strongest design among the works it cites)
and strength; the evidence score of each claim, each arrow and each matrix cell (its formula is
score.py's); the findings (uncited claims, unused bibliography entries, works described
differently, figures stated more than once, appraisals); the entity hierarchy (hierarchy.py) and the
comparison of statements across articles through it (compare.py, the one rule for agreement and
tension, which the agreement page, the findings and claim pages read); and the cells of the
evidence matrix (the distinct works their claims cite, the best design among them, and which way
each claim says the intervention moves the outcome, in what context).

Exports, views and pathway read the Analysis; none derives these facts again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from evidmap import score
from evidmap.compare import Comparisons, compare, figure_stance
from evidmap.hierarchy import Hierarchy, build_hierarchy
from evidmap.records import Claim, Project, Relation
from evidmap.score import Score
from evidmap.vocabulary import AGREE, DESIGN_RANK, DIFFERENT_FIGURES, UNCITED, UNCLEAR, Stance

# The whole-map diagram draws at most this many arrows. Beyond that a map is a hairball whatever the
# layout; the arrows with the most evidence are drawn and the rest are collapsed into the arrow
# table and the entities' own neighbourhood diagrams, which page through the map one entity at a time.
MAIN_MAP_LIMIT = 250


@dataclass(frozen=True)
class Edge:
    """One pathway arrow: a signed influence of one entity on another, with the claims behind it."""

    subject: str
    object: str
    effect: str
    predicates: tuple[str, ...]
    claims: tuple[str, ...]
    articles: tuple[str, ...]
    contexts: tuple[str, ...]
    cited: bool  # at least one of its claims cites a work (else the diagrams dash it)

    @property
    def id(self) -> str:
        return f"{self.subject}--{self.effect}--{self.object}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.object, self.effect)


@dataclass(frozen=True)
class FigureSet:
    """Every claim stating a figure for one measure, when more than one does."""

    measure: str
    claims: tuple[Claim, ...]
    values: tuple[str, ...]
    articles: tuple[str, ...]  # sorted
    stance: Stance  # agree, or different figures when any two differ

    @property
    def agree(self) -> bool:
        return self.stance == AGREE


@dataclass(frozen=True)
class Findings:
    uncited: tuple[Claim, ...]
    unused_bibliography: tuple[tuple[str, str], ...]  # (article id, reference id)
    discrepancies: tuple[str, ...]  # reference ids with as_cited descriptions
    figures: tuple[FigureSet, ...]  # measures stated by more than one claim
    appraised: tuple[Claim, ...]


@dataclass(frozen=True)
class Direction:
    """Which way one claim says its intervention moves its outcome, and in what context: the context
    of the claim's relation from the intervention to the outcome, where it states one ("blunts the
    improvement from aerobic training" turns "decreases insulin sensitivity" into what the claim says)."""

    direction: str  # a key of DIRECTION_SYMBOL; 'unclear' for a claim that names none
    context: str | None


@dataclass(frozen=True)
class MatrixCell:
    intervention: str
    outcome: str
    claims: tuple[Claim, ...]  # in map order (article, number)
    said: tuple[Direction, ...]  # what each claim says, in the order of `claims`
    articles: tuple[str, ...]  # the articles the claims come from, sorted
    works: tuple[str, ...]  # the distinct works the claims cite, sorted: restated by five claims, a work counts once
    best_design: str  # the strongest study design among those works, or 'uncited'
    directions: tuple[tuple[Direction, int], ...]  # each distinct direction and context, how many claims say it; sorted


@dataclass(frozen=True)
class Matrix:
    interventions: tuple[str, ...]  # the rows, by label
    outcomes: tuple[str, ...]  # the columns, by label
    cells: Mapping[tuple[str, str], MatrixCell]  # (intervention, outcome) -> cell, where any claim is


@dataclass(frozen=True)
class Analysis:
    edges: tuple[Edge, ...]  # every arrow, sorted by (subject, object, effect)
    main_map: tuple[Edge, ...]  # the arrows the whole-map diagram draws, in map order
    levels: Mapping[str, str]  # claim id -> evidence level: a design, or 'uncited'
    strength: Mapping[str, int]  # claim id -> rank of its level, lower is stronger
    findings: Findings
    hierarchy: Hierarchy
    comparisons: Comparisons  # statements of different articles compared through the hierarchy
    figures: tuple[FigureSet, ...]  # stated by more than one article
    matrix: Matrix
    # the evidence score of what the articles cite (score.py): each work counted once, weighed by its
    # design and by the curators' verdicts on the claims citing it
    scores: Mapping[str, Score]  # claim id -> its score
    edge_scores: Mapping[str, Score]  # Edge.id -> the score of the distinct works behind its claims
    cell_scores: Mapping[tuple[str, str], Score]  # matrix cell (intervention, outcome) -> likewise


def analyse(project: Project) -> Analysis:
    edges = _pathway_edges(project)
    levels = _evidence_levels(project)
    unranked = len(DESIGN_RANK) + 1
    figures = _figure_sets(project)
    hierarchy = build_hierarchy(project.entities)
    matrix = _matrix(project, levels)
    claim_scores, edge_scores, cell_scores = _scores(project, edges, matrix)
    return Analysis(
        edges=edges,
        main_map=_main_map(edges),
        levels=levels,
        strength={cid: DESIGN_RANK.get(level, unranked) for cid, level in levels.items()},
        findings=_findings(project, figures),
        hierarchy=hierarchy,
        comparisons=compare(project, hierarchy),
        figures=tuple(fs for fs in figures if len(fs.articles) > 1),
        matrix=matrix,
        scores=claim_scores,
        edge_scores=edge_scores,
        cell_scores=cell_scores,
    )


def _pathway_edges(project: Project) -> tuple[Edge, ...]:
    """Relations merged into arrows: one per (subject, object, effect), sorted."""
    grouped: dict[tuple[str, str, str], list[tuple[Claim, Relation]]] = {}
    for claim in project.claims:
        for relation in claim.relations:
            grouped.setdefault(relation.edge_key, []).append((claim, relation))
    edges = []
    for (subject, obj, effect), items in sorted(grouped.items()):
        edges.append(
            Edge(
                subject=subject,
                object=obj,
                effect=effect,
                predicates=tuple(sorted({r.predicate for _, r in items})),
                claims=tuple(sorted({c.id for c, _ in items})),
                articles=tuple(sorted({c.article for c, _ in items})),
                contexts=tuple(sorted({r.context for _, r in items if r.context})),
                cited=any(c.cites for c, _ in items),
            )
        )
    return tuple(edges)


def _main_map(edges: tuple[Edge, ...]) -> tuple[Edge, ...]:
    """The arrows the whole-map diagram draws, in map order: all of them up to MAIN_MAP_LIMIT, else
    the best-supported ones (a cited source first, then the most articles, then the most claims)."""
    if len(edges) <= MAIN_MAP_LIMIT:
        return edges

    def support(i: int) -> tuple[bool, int, int, int]:
        edge = edges[i]
        return (not edge.cited, -len(edge.articles), -len(edge.claims), i)

    kept = sorted(sorted(range(len(edges)), key=support)[:MAIN_MAP_LIMIT])
    return tuple(edges[i] for i in kept)


def _evidence_levels(project: Project) -> dict[str, str]:
    """Each claim's evidence level, by claim id: the strongest design among the works it cites (ties
    in rank go to the work listed first in project.references), or 'uncited'."""
    designs = {r.id: (i, r.design) for i, r in enumerate(project.references)}
    levels = {}
    for claim in project.claims:
        found = [design for _, design in sorted(designs[ref] for ref in set(claim.cites) if ref in designs)]
        levels[claim.id] = min(found, key=lambda d: DESIGN_RANK[d]) if found else UNCITED
    return levels


def _scores(
    project: Project, edges: tuple[Edge, ...], matrix: Matrix
) -> tuple[dict[str, Score], dict[str, Score], dict[tuple[str, str], Score]]:
    """The evidence score of each claim, each arrow and each matrix cell: an arrow's or a cell's
    combines the distinct works behind all its claims, each under the verdicts of the claims citing it."""
    designs = {r.id: r.design for r in project.references}
    citations = {c.id: score.claim_citations(c, designs) for c in project.claims}
    against = {c.id for c in project.claims if score.takes_support_away(c)}

    def of(claims: Iterable[str]) -> Score:
        ids = tuple(claims)
        return score.combine((x for c in ids for x in citations[c]), any(c in against for c in ids))

    return (
        {c.id: score.combine(citations[c.id], c.id in against) for c in project.claims},
        {e.id: of(e.claims) for e in edges},
        {key: of(c.id for c in cell.claims) for key, cell in matrix.cells.items()},
    )


def _figure_sets(project: Project) -> tuple[FigureSet, ...]:
    measures: dict[str, list[Claim]] = {}
    for claim in project.claims:
        if claim.quantity:
            measures.setdefault(claim.quantity.measure, []).append(claim)
    sets = []
    for measure, claims in sorted(measures.items()):
        if len(claims) < 2:
            continue
        quantities = [c.quantity for c in claims if c.quantity]
        differ = any(figure_stance(quantities[0], q) == DIFFERENT_FIGURES for q in quantities[1:])
        sets.append(
            FigureSet(
                measure,
                tuple(claims),
                tuple(q.value for q in quantities),
                tuple(sorted({c.article for c in claims})),
                DIFFERENT_FIGURES if differ else AGREE,
            )
        )
    return tuple(sets)


def _findings(project: Project, figures: tuple[FigureSet, ...]) -> Findings:
    used = {(c.article, ref) for c in project.claims for ref in c.cites}
    unused = tuple(
        (a.id, entry.ref) for a in project.articles for entry in a.bibliography if (a.id, entry.ref) not in used
    )
    return Findings(
        uncited=tuple(c for c in project.claims if not c.cites),
        unused_bibliography=unused,
        discrepancies=tuple(r.id for r in project.references if r.as_cited),
        figures=figures,
        appraised=tuple(c for c in project.claims if c.appraisal),
    )


def _matrix(project: Project, levels: Mapping[str, str]) -> Matrix:
    """Interventions x outcomes, in the manner of evidence-and-gap maps."""
    grouped: dict[tuple[str, str], list[Claim]] = {}
    for claim in project.claims:
        if claim.intervention and claim.outcome:
            grouped.setdefault((claim.intervention, claim.outcome), []).append(claim)

    def by_label(entity_id: str) -> tuple[str, str]:
        return (labels[entity_id], entity_id)  # the id settles entities whose labels are the same

    labels = {e.id: e.label.lower() for e in project.entities}
    cells = {}
    for (intervention, outcome), claims in grouped.items():
        claims.sort(key=lambda c: (c.article, c.number))
        said = tuple(_direction(c, intervention, outcome) for c in claims)
        cited = [levels[c.id] for c in claims if levels[c.id] != UNCITED]
        directions: dict[Direction, int] = {}
        for direction in said:
            directions[direction] = directions.get(direction, 0) + 1
        cells[(intervention, outcome)] = MatrixCell(
            intervention,
            outcome,
            tuple(claims),
            said,
            tuple(sorted({c.article for c in claims})),
            tuple(sorted({ref for c in claims for ref in c.cites})),
            min(cited, key=lambda d: DESIGN_RANK[d]) if cited else UNCITED,
            tuple(sorted(directions.items(), key=lambda item: (item[0].direction, item[0].context or ""))),
        )
    return Matrix(
        tuple(sorted({i for i, _ in grouped}, key=by_label)),
        tuple(sorted({o for _, o in grouped}, key=by_label)),
        cells,
    )


def _direction(claim: Claim, intervention: str, outcome: str) -> Direction:
    """What `claim` says of its intervention's effect on its outcome: its direction, with the context
    of the first of its relations from the intervention to the outcome that gives one."""
    context = next(
        (r.context for r in claim.relations if (r.subject, r.object) == (intervention, outcome) and r.context),
        None,
    )
    return Direction(claim.direction or UNCLEAR, context)
