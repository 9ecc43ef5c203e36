"""The map's own content: valid, verbatim, complete, and drawing connected mechanisms."""

from __future__ import annotations

import re
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


# --- appraisal notes that speak of another article ------------------------------------------------------

# Each note that describes a difference between articles, and what the map shows for it: a comparison
# (with its stance) between this claim and a claim of the other article, or a figure set holding both.
BACKED = {
    "muscle-clears-80-percent-of-postmeal-glucose": ("muscle-contraction-insulin-sensitivity", "different-figures"),
    "muscle-clears-over-80-percent-of-glucose-load": ("what-is-insulin-resistance", "different-figures"),
    "muscle-largest-disposal-site-roughly-70-80-percent-after-meal": ("metformin-vicious-cycle", "different-figures"),
    "muscle-takes-70-80-percent-of-glucose-after-meal": ("metformin-vicious-cycle", "different-figures"),
    "single-exercise-bout-benefit-lasts-up-to-48-hours": ("what-is-insulin-resistance", "different-figures"),
    "single-exercise-session-effect-appears-within-24-72-hours": ("muscle-contraction-insulin-sensitivity", "different-figures"),
    # IL-6 from contracting muscle against IL-6 from adipose tissue
    "tnf-alpha-and-il-6-interfere-with-insulin-signaling": ("muscle-contraction-insulin-sensitivity", "context-dependent"),
    # both say so; one as a fact, the other as a hypothesis weakly shown in people
    "hyperinsulinemia-perpetuates-insulin-resistance-and-inflammation": ("what-is-insulin-resistance", "agree"),
    # both say it raises insulin sensitivity; they rank it differently
    "resistance-training-most-effective-intervention-for-insulin-resistance": ("what-is-insulin-resistance", "agree"),
    # fat oxidation lowers intramyocellular lipid, or its DAG and ceramides
    "aerobic-fat-oxidation-reduces-intramyocellular-lipid": ("muscle-contraction-insulin-sensitivity", "agree"),
}
# Notes that speak of another article without describing a difference with it, and why.
NOT_A_DIFFERENCE = {
    "berberine-works-like-metformin-on-glucose-uptake": "a conjecture that the metformin article's concern may apply",
    "carbs-around-workouts-enhance-glycogen-storage": "the other articles' post-exercise sensitivity supports it",
    "exercise-upregulates-glut4-transporters": "names a work two other articles cite",
    "focus-on-whole-nutrient-dense-foods": "another article says the same",
    "impaired-muscle-glucose-uptake-elevates-blood-sugar": "a caveat another article adds (compensation keeps glucose normal for years)",
    "movement-most-effective-way-to-increase-insulin-sensitivity": "the other articles make the same superlative claim",
    "muscle-insulin-resistance-common-significant-issue": "names a work another article cites",
}
def _other_article(project) -> re.Pattern:
    """Words that speak of another article: 'other articles', 'another article', an article's title
    (as notes name one) or its id."""
    named = [re.escape(name) for a in project.articles for name in (a.title, a.id)]
    return re.compile("|".join([r"other articles?", r"another article", r"the [a-z-]+ article", *named]))


def test_every_note_that_speaks_of_another_article_is_accounted_for(project):
    other_article = _other_article(project)
    speaking = {c.id for c in project.claims if c.appraisal and other_article.search(c.appraisal.note)}
    assert speaking == set(BACKED) | set(NOT_A_DIFFERENCE)


@pytest.mark.parametrize("claim_id", sorted(BACKED))
def test_a_note_describing_a_difference_between_articles_is_backed_by_a_finding(project, claim_id):
    other, stance = BACKED[claim_id]
    analysis = analyse(project)
    article_of = {c.id: c.article for c in project.claims}
    if stance == "different-figures":
        found = {fs.stance.id for fs in analysis.figures
                 if claim_id in {c.id for c in fs.claims} and other in fs.articles}
    else:
        found = {c.stance.id for c in analysis.comparisons.of_claim.get(claim_id, ())
                 if other in {article_of[i] for i in c.claims}}
    assert stance in found, (claim_id, found)


# what a reader could take for an internal id: a slug of two or more hyphenated parts
_SLUG = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")


def test_no_note_shown_to_readers_names_a_thing_by_its_internal_id(project):
    """Notes, contexts and descriptions are shown on the site as written: they name an article, a
    claim, a work, an entity or a measure in words (its title or label), never by the id the
    records use ('what-is-insulin-resistance', 'muscle-share-of-glucose-disposal')."""
    ids = {a.id for a in project.articles} | {c.id for c in project.claims} | {r.id for r in project.references}
    ids |= {e.id for e in project.entities} | {m.id for m in project.measures} | {p.id for p in project.panels}
    shown = [(f"claim {c.id}: appraisal note", c.appraisal.note) for c in project.claims if c.appraisal]
    shown += [(f"claim {c.id}: relation context", r.context) for c in project.claims for r in c.relations if r.context]
    shown += [(f"reference {r.id}: note", r.note) for r in project.references if r.note]
    shown += [(f"reference {r.id}: population", r.population) for r in project.references if r.population]
    shown += [(f"entity {e.id}: note", e.note) for e in project.entities if e.note]
    shown += [(f"article {a.id}: note", a.note) for a in project.articles if a.note]
    shown += [(f"pathway {p.id}: description", p.description) for p in project.panels if p.description]
    shown += [("evidmap.yaml: description", project.description or "")]
    assert len(shown) > 150
    found = [f"{where}: '{m.group(0)}'" for where, text in shown for m in _SLUG.finditer(text) if m.group(0) in ids]
    assert not found, "\n".join(found)


def test_every_measure_has_a_label_and_is_used(project):
    used = {c.quantity.measure for c in project.claims if c.quantity}
    assert used == {m.id for m in project.measures}
    assert all(m.label and m.label != m.id for m in project.measures)
