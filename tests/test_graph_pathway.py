"""graph and pathway: typed graph, exports, DOT conventions, layout cache."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import networkx as nx

from conftest import make_article, make_claim, make_entity, make_project, make_reference, make_relation
from evidmap import pathway
from evidmap.build import check
from evidmap.analyse import analyse
from evidmap.graph import build_graph, to_graphml, to_json
from evidmap.score import Score
from evidmap.vocabulary import SCORE_LEVEL, SCORE_LEVELS


def project(mini: Path):
    result = check(mini)
    assert result.ok
    return result.project


def _graph(mini: Path):
    analysis = analyse(project(mini))
    return build_graph(project(mini), analysis.edges, analysis.edge_scores, analysis.scores)


def test_graph_has_typed_nodes_and_edges(mini):
    graph = _graph(mini)
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert types == {"article", "claim", "reference", "entity"}
    assert graph.has_edge("article:alpha", "claim:kinase-x-inhibits-complex-y")
    assert graph.has_edge("claim:kinase-x-inhibits-complex-y", "reference:smith-2020")
    assert graph.has_edge("claim:kinase-x-inhibits-complex-y", "entity:kinase-x")
    relation = graph.get_edge_data("entity:kinase-x", "entity:complex-y")
    assert set(relation) == {"negative", "positive"}
    assert relation["negative"]["claims"] == ["kinase-x-inhibits-complex-y"]
    assert relation["positive"]["articles"] == ["beta"]


def test_the_vocabulary_hierarchy_is_exported_as_is_a_and_part_of_edges(mini):
    core = mini / "claims/entities/core.yaml"
    core.write_text(core.read_text().replace("{id: factor-z, label: Factor Z, kind: cytokine}",
                                             "{id: factor-z, label: Factor Z, kind: cytokine, is-a: [kinase-x], part-of: [complex-y]}"))
    graph = _graph(mini)
    assert graph.get_edge_data("entity:factor-z", "entity:kinase-x") == {"is-a": {"kind": "is-a"}}
    assert graph.get_edge_data("entity:factor-z", "entity:complex-y") == {"part-of": {"kind": "part-of"}}
    links = [(e["source"], e["kind"], e["target"]) for e in json.loads(to_json(graph))["links"] if e["kind"] in ("is-a", "part-of")]
    assert sorted(links) == [("entity:factor-z", "is-a", "entity:kinase-x"), ("entity:factor-z", "part-of", "entity:complex-y")]


def test_exports_round_trip(mini):
    graph = _graph(mini)
    data = json.loads(to_json(graph))
    assert len(data["nodes"]) == graph.number_of_nodes()
    back = nx.read_graphml(__import__("io").BytesIO(to_graphml(graph).encode()), force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_edges_merge_claims_by_subject_object_and_effect(mini):
    edges = {e.id: e for e in analyse(project(mini)).edges}
    assert set(edges) == {
        "drug-d--negative--blood-glucose", "factor-z--positive--liver-output",
        "kinase-x--negative--complex-y", "kinase-x--positive--complex-y",
    }


def test_dot_follows_sbgn_conventions(mini):
    p = project(mini)
    entities = {e.id: e for e in p.entities}
    analysis = analyse(p)
    dot = pathway.diagram("t", entities, analysis.edges, lambda e: f"e/{e}.html", lambda e: f"#edge-{e.id}",
                          analysis.edge_scores)
    assert 'arrowhead="tee"' in dot and 'arrowhead="empty"' in dot
    assert 'style="dashed"' in dot  # factor-z -> liver-output has no cited source
    assert 'URL="e/kinase-x.html"' in dot and 'URL="#edge-kinase-x--negative--complex-y"' in dot
    assert 'shape="hexagon"' in dot  # process
    assert 'peripheries="2"' in dot  # complex


def test_labels_with_special_characters_survive_layout():
    from evidmap.analyse import Edge
    odd = 'Q "quoted": {braced} \\ back <b>&amp; é'
    ents = {"a": make_entity("a", label=odd), "b": make_entity("b", label="B", kind="drug")}
    edge = Edge("a", "b", "positive", ("activates",), ("c",), ("art",), (), True)
    dot = pathway.diagram("t", ents, [edge], lambda e: f"{e}.html", lambda e: "#x", {edge.id: _score("weak")})
    [svg] = pathway.inline_svgs(["k"], [dot], [("T", "D")], None)
    root = ET.fromstring(svg)  # well-formed XML
    texts = "".join(root.itertext())
    assert '"quoted":' in texts and "{braced}" in texts and "\\ back" in texts and "<b>&amp; é" in texts


def test_layout_cache_skips_dot_for_unchanged_diagrams(tmp_path, monkeypatch):
    dot = "digraph a { x -> y }"
    first = pathway.layout([dot], tmp_path)
    calls = []
    monkeypatch.setattr(pathway, "_run_dot", lambda texts: calls.append(texts) or ["<svg/>"] * len(texts))
    assert pathway.layout([dot], tmp_path) == first
    assert calls == []
    pathway.layout([dot, "digraph b { z }"], tmp_path)
    assert calls == [["digraph b { z }"]]


def test_inline_svg_ids_are_unique_per_diagram():
    svgs = pathway.inline_svgs(["one", "two"], ["digraph a { x -> y }", "digraph b { x -> y }"], [("A", ""), ("B", "")], None)
    ids_one = set(ET.fromstring(svgs[0]).iter())
    all_ids = [el.get("id") for svg in svgs for el in ET.fromstring(svg).iter() if el.get("id")]
    assert len(all_ids) == len(set(all_ids))


def test_a_diagram_is_the_same_whichever_dot_run_laid_it_out():
    """Graphviz names the second graph of one run 'page0,1_graph0'; a diagram taken from the cache
    was often laid out in a run of its own, so the page part must not reach the page."""
    first, second = "digraph a { x -> y }", "digraph b { rankdir=LR; p -> q }"
    together = pathway._run_dot([first, second])[1]
    alone = pathway._run_dot([second])[0]
    assert "page0,1_graph0" in together and "page0,1_graph0" not in alone  # what Graphviz does
    assert pathway._inline(together, "k", "T", "D") == pathway._inline(alone, "k", "T", "D")


def _score(level: str) -> Score:
    """A score of `level` (its value and lines do not change how an arrow is drawn)."""
    return Score(Decimal("0.5"), SCORE_LEVEL[level], ())


def _arrows(dot: str) -> dict[str, dict[str, str]]:
    """Each arrow of a DOT text (by its id, without 'svg-edge-') with its attributes."""
    found = {}
    for line in dot.splitlines():
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', line))
        if " -> " in line and attributes.get("id", "").startswith("svg-edge-"):
            found[attributes["id"].removeprefix("svg-edge-")] = attributes
    return found


def test_an_arrows_weight_and_line_follow_its_evidence_level_and_not_how_many_articles_state_it():
    from evidmap.analyse import Edge

    ents = {i: make_entity(i, label=i.upper()) for i in ("a", "b")}

    def drawn(level: str, n_articles: int) -> tuple[str, str, str]:
        edge = Edge("a", "b", "positive", ("activates",), ("c",), tuple(f"art{i}" for i in range(n_articles)), (), True)
        dot = pathway.diagram("t", ents, [edge], lambda e: f"{e}.html", lambda e: "#x", {edge.id: _score(level)})
        arrow = _arrows(dot)[edge.id]
        return arrow["penwidth"], arrow["style"], arrow["color"]

    strokes = {level.id: drawn(level.id, 1) for level in SCORE_LEVELS}
    assert all(drawn(level, 50) == stroke for level, stroke in strokes.items())  # articles count for nothing
    widths = [float(strokes[level][0]) for level in ("strong", "moderate", "weak")]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 3
    assert strokes["no-source"][1] == "dashed" and strokes["disputed"][2].count(":invis:") == 1  # a double line
    # without colour every level still looks different: weight, dash, and single or double line
    assert len({(width, style, ":invis:" in color) for width, style, color in strokes.values()}) == len(SCORE_LEVELS)


def test_an_arrow_all_of_whose_claims_are_unsupported_or_contradicted_is_drawn_disputed():
    from conftest import make_appraisal

    def arrow(verdicts: list[str]) -> dict[str, str]:
        # each claim cites a trial of its own
        claims = [make_claim(f"c{i}", number=i + 1, cites=(f"trial{i}",), citation="numbered",
                             relations=(make_relation("x", "y", "positive"),), appraisal=make_appraisal(v))
                  for i, v in enumerate(verdicts)]
        trials = [make_reference(f"trial{i}", design="rct") for i in range(len(verdicts))]
        p = make_project([make_article()], claims, trials, [make_entity("x"), make_entity("y")])
        analysis = analyse(p)
        dot = pathway.diagram("t", {e.id: e for e in p.entities}, analysis.edges, lambda e: f"{e}.html",
                              lambda e: "#x", analysis.edge_scores)
        return _arrows(dot)["x--positive--y"]

    disputed = arrow(["unsupported", "contradicted"])
    assert (disputed["penwidth"], disputed["style"], disputed["color"]) == (
        pathway.STROKE["disputed"].penwidth, pathway.STROKE["disputed"].style, pathway.STROKE["disputed"].color)
    assert "Disputed" in disputed["tooltip"]
    backed = arrow(["unsupported", "supported"])
    assert ":invis:" not in backed["color"] and float(backed["penwidth"]) > 1  # one trial left: moderate


def test_every_arrow_of_the_real_map_is_drawn_by_its_level():
    from conftest import ROOT
    from evidmap.paths import Linker

    result = check(ROOT)
    analysis = analyse(result.project)
    wanted = pathway.requests(result.project, analysis, Linker("").href)
    arrows = _arrows(wanted["pathway"][0])
    assert len(arrows) == len(analysis.main_map)
    levels = set()
    for edge in analysis.main_map:
        level = analysis.edge_scores[edge.id].level.id
        stroke = pathway.STROKE[level]
        levels.add(level)
        attributes = arrows[edge.id]
        assert (attributes["penwidth"], attributes["color"]) == (stroke.penwidth, stroke.color), edge.id
        assert attributes["style"] == ("dotted" if edge.effect == "part" else stroke.style), edge.id
    assert len(levels) >= 4  # the seed map draws moderate, weak, disputed and uncited arrows


def test_nodes_and_arrows_carry_the_classes_the_page_script_reads():
    """ent-<entity> on a node; end-<entity> for each end and art-<article> for each article on an
    arrow (pathway.js finds neighbours and articles by them); written with plain '-'."""
    import xml.etree.ElementTree as ET

    from evidmap.analyse import Edge

    ents = {i: make_entity(i, label=f"{i.upper()}-label") for i in ("kinase-x", "drug-d")}
    edges = [
        Edge("drug-d", "kinase-x", "negative", ("inhibits",), ("c",), ("art-one", "second"), (), True),
        Edge("kinase-x", "kinase-x", "positive", ("activates",), ("c",), ("second",), (), True),
    ]
    dot = pathway.diagram("t", ents, edges, lambda e: f"{e}.html", lambda e: f"#edge-{e.id}",
                          {e.id: _score("weak") for e in edges})
    [svg] = pathway.inline_svgs(["k"], [dot], [("T", "D")], None)
    assert "&#45;" not in svg
    groups = {g.get("id"): g.get("class") for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")}
    assert groups["svg-node-kinase-x"] == "node ent-kinase-x"
    assert groups["svg-edge-drug-d--negative--kinase-x"] == "edge end-drug-d end-kinase-x art-art-one art-second"
    assert groups["svg-edge-kinase-x--positive--kinase-x"] == "edge end-kinase-x art-second"  # one end, once
    labels = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert sorted(labels) == ["DRUG-D-label", "KINASE-X-label"]
