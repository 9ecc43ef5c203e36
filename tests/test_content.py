"""The map's own content: valid, verbatim, complete, and drawing connected mechanisms."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from conftest import ROOT, SHARED_SEEDS
from evidmap import articles as text
from evidmap.build import check
from evidmap.analyse import analyse
from evidmap.vocabulary import VERDICT


@pytest.fixture(scope="module")
def project():
    result = check(ROOT)
    assert result.ok, "\n".join(str(d) for d in result.diagnostics[:30])
    return result.project


def test_check_passes_without_errors(project):
    assert len(project.articles) == 4


def test_well_over_a_hundred_claims_with_relations(project):
    assert len(project.claims) > 150
    assert sum(1 for c in project.claims if c.relations) > 80
    for article in project.articles:
        assert sum(1 for c in project.claims if c.article == article.id) >= 30, article.id


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the scraped source articles are not beside the project")
def test_seed_bodies_are_verbatim_copies_of_the_scraped_articles(project):
    """Both ways: every scraped line is in the seed (body or bibliography), every seed text is scraped."""
    for article in project.articles:
        raw = (SHARED_SEEDS / article.source_file).read_text("utf-8")
        raw_folded = text.fold(raw.replace("\n", " ")).text
        units = text.text_units(text.parse(article.body), include_scraped=True)
        seed_texts = [u.text for u in units] + [e.text for e in article.bibliography] + [article.title]
        seed_folded = text.fold("\n".join(seed_texts)).text
        for line in raw.splitlines():
            folded = text.fold_quote(line)
            if folded == "References":  # the heading of the list the front matter now holds
                continue
            folded = _without_list_number(folded)
            if folded:
                assert folded in seed_folded, f"{article.id}: scraped line missing from seed: {line[:80]!r}"
        for unit in units:
            assert text.fold_quote(unit.text) in raw_folded, f"{article.id}: seed text not in the scraped page: {unit.text[:80]!r}"


def _without_list_number(line: str) -> str:
    """'1. DeFronzo RA …' -> 'DeFronzo RA …' and '• Weigert …' -> 'Weigert …' for bibliography lines,
    whose numbering the front matter's order keeps."""
    head, _, rest = line.partition(" ")
    if rest and (head.rstrip(".").isdigit() or head in ("•", "-")) and ("(" in rest or "“" in rest or '"' in rest):
        return rest
    return line


def test_every_listed_work_has_a_record_and_every_record_is_listed(project):
    listed = {e.ref for a in project.articles for e in a.bibliography}
    assert listed == {r.id for r in project.references}


def test_shared_works_are_one_record_with_both_descriptions(project):
    refs = {r.id: r for r in project.references}
    cited_by = {rid: [a.id for a in project.articles if any(e.ref == rid for e in a.bibliography)] for rid in refs}
    shared = {rid for rid, arts in cited_by.items() if len(arts) > 1}
    assert {"defronzo-2009", "richter-2013"} <= shared
    assert refs["defronzo-2009"].as_cited  # the two articles title it differently


def relation_graph(project) -> nx.DiGraph:
    graph = nx.DiGraph()
    for edge in analyse(project).edges:
        graph.add_edge(edge.subject, edge.object, effect=edge.effect)
    return graph


@pytest.mark.parametrize("chain", [
    # metformin's route through Complex I and AMPK to mTORC1 and muscle protein synthesis
    ["metformin", "complex-i"], ["metformin", "ampk"], ["ampk", "mtorc1"], ["mtorc1", "muscle-protein-synthesis"],
    ["ampk", "tsc2"],
    # the insulin cascade from receptor to GLUT4
    ["insulin", "insulin-receptor"], ["insulin-receptor", "irs1"], ["irs1", "pi3k"], ["pi3k", "akt"],
    ["akt", "glut4-translocation"],
    # contraction's insulin-independent route to GLUT4, and where the two converge
    ["muscle-contraction", "ampk"], ["ampk", "glut4-translocation"], ["akt", "tbc1d4"], ["ampk", "tbc1d4"],
    # what blocks insulin signalling
    ["diacylglycerol", "irs1"], ["ceramides", "irs1"], ["tnf-alpha", "irs1"],
    # mitochondrial biogenesis
    ["ampk", "pgc1a"], ["pgc1a", "mitochondrial-biogenesis"],
    # myokines and the organs they act on
    ["il-6", "hepatic-glucose-production"], ["irisin", "wat-browning"],
])
def test_pathway_connects_the_mechanisms_the_articles_describe(project, chain):
    graph = relation_graph(project)
    source, target = chain
    assert source in graph and target in graph, chain
    assert nx.has_path(graph, source, target), chain


def test_appraisals_use_only_the_vocabulary_verdicts(project):
    used = {c.appraisal.verdict for c in project.claims if c.appraisal}
    assert used <= set(VERDICT), used - set(VERDICT)
    assert "misattributed" not in used  # split: a citation with wrong details is `miscited`
