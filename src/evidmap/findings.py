"""Findings: what the records say about themselves across articles — not errors, but things a reader
should know: uncited claims, bibliography entries no claim uses, works described differently by two
articles, articles stating opposite effects for the same pair of entities, different figures for the
same quantity, and every curator appraisal."""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.graph import Edge, pathway_edges
from evidmap.records import Claim, Project

DESIGN_RANK = {
    "meta-analysis": 1, "rct": 2, "cohort": 3, "case-control": 3, "cross-sectional": 4,
    "human-experimental": 4, "animal": 5, "cell": 5, "review": 6, "guideline": 6, "lecture": 6,
    "book": 6, "unknown": 7,
}
DESIGN_LABEL = {
    "meta-analysis": "meta-analysis", "rct": "randomised trial", "cohort": "cohort study",
    "case-control": "case-control study", "cross-sectional": "cross-sectional study",
    "human-experimental": "human experiment", "animal": "animal study", "cell": "cell study",
    "review": "review", "guideline": "guideline", "lecture": "lecture", "book": "book", "unknown": "unknown design",
}


def evidence_level(claim: Claim, project: Project) -> str:
    """The strongest study design among the works a claim cites, or 'uncited'."""
    return _level(claim, _designs(project))


def evidence_levels(project: Project) -> dict[str, str]:
    """evidence_level of every claim, by claim id, in one pass (evidence_level scans every
    reference, which is quadratic when called for every claim of a large project)."""
    designs = _designs(project)
    return {claim.id: _level(claim, designs) for claim in project.claims}


def _designs(project: Project) -> dict[str, tuple[int, str]]:
    return {r.id: (i, r.design) for i, r in enumerate(project.references)}


def _level(claim: Claim, designs: dict[str, tuple[int, str]]) -> str:
    # in the order of project.references, so that ties in rank resolve as they always did
    found = [design for _, design in sorted(designs[ref] for ref in set(claim.cites) if ref in designs)]
    if not found:
        return "uncited"
    return min(found, key=lambda d: DESIGN_RANK[d])


@dataclass(frozen=True)
class Contradiction:
    subject: str
    object: str
    edges: tuple[Edge, ...]  # two or more edges with different effects


@dataclass(frozen=True)
class FigureSet:
    measure: str
    claims: tuple[Claim, ...]
    values: tuple[str, ...]

    @property
    def agree(self) -> bool:
        return len(set(self.values)) == 1


@dataclass(frozen=True)
class Findings:
    uncited: tuple[Claim, ...]
    unused_bibliography: tuple[tuple[str, str], ...]  # (article id, reference id)
    discrepancies: tuple[str, ...]  # reference ids with as_cited descriptions
    contradictions: tuple[Contradiction, ...]
    figures: tuple[FigureSet, ...]  # measures stated by more than one claim
    appraised: tuple[Claim, ...]


def find(project: Project) -> Findings:
    used = {(c.article, ref) for c in project.claims for ref in c.cites}
    unused = tuple(
        (a.id, entry.ref) for a in project.articles for entry in a.bibliography if (a.id, entry.ref) not in used
    )
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for edge in pathway_edges(project):
        by_pair.setdefault((edge.subject, edge.object), []).append(edge)
    contradictions = tuple(
        Contradiction(s, o, tuple(edges))
        for (s, o), edges in sorted(by_pair.items())
        if len({e.effect for e in edges} - {"unknown", "part"}) > 1
    )
    measures: dict[str, list[Claim]] = {}
    for claim in project.claims:
        if claim.quantity:
            measures.setdefault(claim.quantity.measure, []).append(claim)
    figures = tuple(
        FigureSet(m, tuple(cs), tuple(c.quantity.value for c in cs))
        for m, cs in sorted(measures.items())
        if len(cs) > 1
    )
    return Findings(
        uncited=tuple(c for c in project.claims if not c.cites),
        unused_bibliography=unused,
        discrepancies=tuple(r.id for r in project.references if r.as_cited),
        contradictions=contradictions,
        figures=figures,
        appraised=tuple(c for c in project.claims if c.appraisal),
    )
