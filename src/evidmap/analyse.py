"""Analyse: the validated project -> every fact derived about the map, once a build, in one frozen
`Analysis`.

It owns the pathway's arrows (relations merged by subject, object and effect) and which of them the
whole-map diagram draws; each claim's evidence level (the strongest design among the works it cites)
and strength; the findings (uncited claims, unused bibliography entries, works described
differently, opposite effects, figures stated more than once, appraisals); the groups the agreement
page shows and their stances; and the cells of the evidence matrix.

Agreement has one rule, `stance`: two relations agree when they give the same directed pair of
entities the same signed effect (positive or negative), disagree when they give it opposite ones,
and are only related otherwise (the other direction, an unknown effect, membership). Two figures for
one measure agree when their values are the same. Findings' opposite effects, the agreement page and
claim pages all read this rule.

Exports, views and pathway read the Analysis; none derives these facts again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evidmap.records import Claim, Project, Quantity, Relation
from evidmap.vocabulary import (
    AGREES,
    DESIGN_RANK,
    DISAGREES,
    GROUP_STANCE,
    RELATED,
    SIGNED_EFFECTS,
    STANCES,
    UNCITED,
    UNCLEAR,
)

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
class Contradiction:
    subject: str
    object: str
    edges: tuple[Edge, ...]  # two or more edges with opposite effects


@dataclass(frozen=True)
class FigureSet:
    """Every claim stating a figure for one measure, when more than one does."""

    measure: str
    claims: tuple[Claim, ...]
    values: tuple[str, ...]
    articles: tuple[str, ...]  # sorted
    stance: str  # 'agree' or 'disagree' (GROUP_STANCE)

    @property
    def agree(self) -> bool:
        return self.stance == GROUP_STANCE[AGREES]


@dataclass(frozen=True)
class Findings:
    uncited: tuple[Claim, ...]
    unused_bibliography: tuple[tuple[str, str], ...]  # (article id, reference id)
    discrepancies: tuple[str, ...]  # reference ids with as_cited descriptions
    contradictions: tuple[Contradiction, ...]
    figures: tuple[FigureSet, ...]  # measures stated by more than one claim
    appraised: tuple[Claim, ...]


@dataclass(frozen=True)
class PairGroup:
    """The statements (claim, relation) more than one article makes about one pair of entities, either
    way round (membership left out), and their stance as a whole."""

    entities: tuple[str, str]  # sorted ids
    articles: tuple[str, ...]  # sorted
    statements: tuple[tuple[Claim, Relation], ...]
    stance: str  # GROUP_STANCE


@dataclass(frozen=True)
class MatrixCell:
    intervention: str
    outcome: str
    claims: tuple[Claim, ...]  # in map order (article, number)
    articles: int
    level: str  # the strongest evidence level among them, or 'uncited'
    directions: tuple[tuple[str, int], ...]  # (direction, how many claims), sorted


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
    pairs: tuple[PairGroup, ...]  # sorted by pair
    figures: tuple[FigureSet, ...]  # stated by more than one article
    matrix: Matrix


def stance(mine: Relation, theirs: Relation) -> str:
    """How one relation stands to another (see the module docstring)."""
    if (theirs.subject, theirs.object) != (mine.subject, mine.object) or not {
        mine.effect,
        theirs.effect,
    } <= SIGNED_EFFECTS:
        return RELATED
    return AGREES if theirs.effect == mine.effect else DISAGREES


def figure_stance(mine: Quantity, theirs: Quantity) -> str:
    """How one figure stands to another for the same measure."""
    return AGREES if theirs.value == mine.value else DISAGREES


def _group_stance(relations: list[Relation]) -> str:
    """The stance of a group as a whole: the first in STANCES (disagreement first) that any two of
    its relations take to each other. Relations with the same subject, object and effect stand alike
    to any other, so each kind is compared once (and with itself only when it is stated twice)."""
    kinds: dict[tuple[str, str, str], int] = {}
    for r in relations:
        kinds[r.edge_key] = kinds.get(r.edge_key, 0) + 1
    found = set()
    ordered = list(kinds)
    for i, mine in enumerate(ordered):
        for theirs in ordered[i:]:
            if theirs == mine and kinds[mine] < 2:
                continue  # one statement neither agrees nor disagrees with itself
            found.add(stance(_relation(*mine), _relation(*theirs)))
    return GROUP_STANCE[next((s for s in STANCES if s in found), RELATED)]


def _relation(subject: str, obj: str, effect: str) -> Relation:
    """A relation as far as `stance` reads it."""
    return Relation(subject, "", obj, effect, None)


def analyse(project: Project) -> Analysis:
    edges = _pathway_edges(project)
    levels = _evidence_levels(project)
    unranked = len(DESIGN_RANK) + 1
    figures = _figure_sets(project)
    return Analysis(
        edges=edges,
        main_map=_main_map(edges),
        levels=levels,
        strength={cid: DESIGN_RANK.get(level, unranked) for cid, level in levels.items()},
        findings=_findings(project, edges, figures),
        pairs=_pair_groups(project),
        figures=tuple(fs for fs in figures if len(fs.articles) > 1),
        matrix=_matrix(project, levels),
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
        disagree = any(figure_stance(quantities[0], q) == DISAGREES for q in quantities[1:])
        sets.append(
            FigureSet(
                measure,
                tuple(claims),
                tuple(q.value for q in quantities),
                tuple(sorted({c.article for c in claims})),
                GROUP_STANCE[DISAGREES if disagree else AGREES],
            )
        )
    return tuple(sets)


def _findings(project: Project, edges: tuple[Edge, ...], figures: tuple[FigureSet, ...]) -> Findings:
    used = {(c.article, ref) for c in project.claims for ref in c.cites}
    unused = tuple(
        (a.id, entry.ref) for a in project.articles for entry in a.bibliography if (a.id, entry.ref) not in used
    )
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        by_pair.setdefault((edge.subject, edge.object), []).append(edge)
    contradictions = tuple(
        Contradiction(s, o, tuple(pair_edges))
        for (s, o), pair_edges in sorted(by_pair.items())
        if any(stance(_relation(*a.key), _relation(*b.key)) == DISAGREES for a in pair_edges for b in pair_edges)
    )
    return Findings(
        uncited=tuple(c for c in project.claims if not c.cites),
        unused_bibliography=unused,
        discrepancies=tuple(r.id for r in project.references if r.as_cited),
        contradictions=contradictions,
        figures=figures,
        appraised=tuple(c for c in project.claims if c.appraisal),
    )


def _pair_groups(project: Project) -> tuple[PairGroup, ...]:
    by_pair: dict[tuple[str, str], list[tuple[Claim, Relation]]] = {}
    for claim in project.claims:
        for relation in claim.relations:
            if relation.effect == "part":
                continue
            a, b = sorted((relation.subject, relation.object))
            by_pair.setdefault((a, b), []).append((claim, relation))
    groups = []
    for pair, items in sorted(by_pair.items()):
        articles = tuple(sorted({c.article for c, _ in items}))
        if len(articles) < 2:
            continue
        groups.append(PairGroup(pair, articles, tuple(items), _group_stance([r for _, r in items])))
    return tuple(groups)


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
        cited = [levels[c.id] for c in claims if levels[c.id] != UNCITED]
        directions: dict[str, int] = {}
        for c in claims:
            directions[c.direction or UNCLEAR] = directions.get(c.direction or UNCLEAR, 0) + 1
        cells[(intervention, outcome)] = MatrixCell(
            intervention,
            outcome,
            tuple(sorted(claims, key=lambda c: (c.article, c.number))),
            len({c.article for c in claims}),
            min(cited, key=lambda d: DESIGN_RANK[d]) if cited else UNCITED,
            tuple(sorted(directions.items())),
        )
    return Matrix(
        tuple(sorted({i for i, _ in grouped}, key=by_label)),
        tuple(sorted({o for _, o in grouped}, key=by_label)),
        cells,
    )
