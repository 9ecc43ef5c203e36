"""Graph: records -> one networkx MultiDiGraph tying articles, claims, references and entities together.

Node ids are typed strings ("claim:ampk-phosphorylates-raptor"); every node has `type` and `label`.
Edges have a `kind`:

    article  -makes->    claim        (the article states the claim)
    article  -lists->    reference    (the article's bibliography)
    claim    -cites->    reference
    claim    -about->    entity       (entities of its relations, intervention, outcome)
    entity   -relation-> entity       (keyed by effect; carries the claims and articles that state it,
                                       and the score of what they cite)
    entity   -is-a->     entity       (the vocabulary: a kind of the broader entity)
    entity   -part-of->  entity       (the vocabulary: a part of the whole)

Claims and arrows carry their evidence score (`score`, in [0, 1]) and its level (`score_level`).
The arrows and scores come from the analysis stage (`Analysis.edges`, `edge_scores`, `scores`).
Everything is added in sorted order so that exports are byte-identical between runs. Exports
(node-link JSON, GraphML) flatten list attributes to space-separated text, which GraphML requires.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from evidmap.analyse import Edge
from evidmap.escape import xml_chars
from evidmap.records import Claim, Project
from evidmap.score import Score
from evidmap.vocabulary import IS_A, PART_OF

if TYPE_CHECKING:
    import networkx as nx
# networkx itself is imported by the functions that make the graph: its import (0.1 s, over a third
# of evidmap's) then runs while `dot` lays the diagrams out rather than before the first stage.


def node(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def build_graph(
    project: Project, edges: tuple[Edge, ...], edge_scores: Mapping[str, Score], claim_scores: Mapping[str, Score]
) -> nx.MultiDiGraph:
    """The graph of the project's records, with the pathway's arrows (`Analysis.edges`) between
    entities; claims and arrows carry their scores (`Analysis.scores`, `Analysis.edge_scores`)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for article in project.articles:
        graph.add_node(node("article", article.id), type="article", label=article.title)
    for entity in project.entities:
        graph.add_node(node("entity", entity.id), type="entity", label=entity.label, kind=entity.kind)
    for ref in project.references:
        graph.add_node(node("reference", ref.id), type="reference", label=ref.title or ref.id, design=ref.design)
    for claim in project.claims:
        graph.add_node(
            node("claim", claim.id),
            type="claim",
            label=claim.statement,
            claim_type=claim.type,
            article=claim.article,
            verdict=claim.appraisal.verdict if claim.appraisal else "",
            score=float(claim_scores[claim.id].value),
            score_level=claim_scores[claim.id].level.id,
        )
    for article in project.articles:
        for entry in article.bibliography:
            graph.add_edge(
                node("article", article.id),
                node("reference", entry.ref),
                key="lists",
                kind="lists",
                number=entry.number,
            )
    for claim in project.claims:
        graph.add_edge(node("article", claim.article), node("claim", claim.id), key="makes", kind="makes")
        for ref_id in claim.cites:
            graph.add_edge(node("claim", claim.id), node("reference", ref_id), key="cites", kind="cites")
        for entity_id in sorted(_entities_of(claim)):
            graph.add_edge(node("claim", claim.id), node("entity", entity_id), key="about", kind="about")
    for entity in project.entities:
        for kind, broader in [(IS_A, b) for b in entity.is_a] + [(PART_OF, b) for b in entity.part_of]:
            graph.add_edge(node("entity", entity.id), node("entity", broader), key=kind, kind=kind)
    for edge in edges:
        graph.add_edge(
            node("entity", edge.subject),
            node("entity", edge.object),
            key=edge.effect,
            kind="relation",
            effect=edge.effect,
            predicates=list(edge.predicates),
            claims=list(edge.claims),
            articles=list(edge.articles),
            score=float(edge_scores[edge.id].value),
            score_level=edge_scores[edge.id].level.id,
        )
    return graph


def _entities_of(claim: Claim) -> set[str]:
    ids = {r.subject for r in claim.relations} | {r.object for r in claim.relations}
    ids |= {e for e in (claim.intervention, claim.outcome) if e}
    return ids


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    import networkx as nx

    def flat_value(value: Any) -> Any:
        # lists joined; text with code points XML forbids (content may carry control characters) cleaned
        value = " ".join(value) if isinstance(value, list) else value
        return xml_chars(value) if isinstance(value, str) else value

    flat = nx.MultiDiGraph()
    for n, data in graph.nodes(data=True):
        flat.add_node(xml_chars(n), **{k: flat_value(v) for k, v in data.items()})
    for u, v, k, data in graph.edges(keys=True, data=True):
        flat.add_edge(xml_chars(u), xml_chars(v), key=k, **{a: flat_value(b) for a, b in data.items()})
    return flat


def to_json(graph: nx.MultiDiGraph) -> str:
    import networkx as nx

    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def to_graphml(graph: nx.MultiDiGraph) -> str:
    import networkx as nx

    buffer = io.BytesIO()
    # the ElementTree writer by name: nx.write_graphml picks lxml's writer when lxml happens to be
    # installed, and that formats differently, so the same project would give different bytes
    nx.write_graphml_xml(_flat(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
