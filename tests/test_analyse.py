"""The analysis stage: every derived fact made in one place, and one rule for agreement."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT, make_article, make_claim, make_project, make_quantity, make_relation
from evidmap.analyse import analyse, stance
from evidmap.build import check
from evidmap.records import Project, Relation

SRC = ROOT / "src" / "evidmap"
# Names of what only the analysis stage derives: the pathway's arrows, the ranking of study designs,
# the evidence levels. Anywhere else they would be a second derivation of the same fact.
ANALYSIS_ONLY = {"pathway_edges", "_pathway_edges", "DESIGN_RANK", "evidence_levels", "_evidence_levels", "evidence_level"}


def _names(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name.rsplit(".", 1)[-1])
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
    return found


def test_arrows_design_ranking_and_evidence_levels_are_derived_by_the_analysis_stage_only():
    users = {path.relative_to(SRC).as_posix(): _names(path) & ANALYSIS_ONLY for path in sorted(SRC.rglob("*.py"))}
    assert users["analyse.py"] >= {"_pathway_edges", "DESIGN_RANK", "_evidence_levels"}
    assert users["vocabulary.py"] == {"DESIGN_RANK"}  # where the ranking is written down
    assert {path: names for path, names in users.items() if names and path not in ("analyse.py", "vocabulary.py")} == {}


def test_two_relations_agree_only_on_the_same_directed_pair_and_sign():
    assert stance(make_relation("a", "b", "positive"), make_relation("a", "b", "positive")) == "agrees"
    assert stance(make_relation("a", "b", "positive"), make_relation("a", "b", "negative")) == "disagrees"
    for theirs in (make_relation("b", "a", "negative"), make_relation("a", "b", "unknown"),
                   make_relation("a", "b", "part"), make_relation("a", "c", "negative")):
        assert stance(make_relation("a", "b", "positive"), theirs) == "related"
    assert stance(make_relation("a", "b", "unknown"), make_relation("a", "b", "unknown")) == "related"


def _project(statements: list[tuple[str, Relation]], figures: list[tuple[str, str]] = ()) -> Project:
    articles = [make_article(a) for a in sorted({a for a, _ in statements} | {a for a, _ in figures})]
    claims = [make_claim(f"c{i}", article, number=i, relations=(relation,))
              for i, (article, relation) in enumerate(statements)]
    claims += [make_claim(f"f{i}", article, number=100 + i, type="figure", quantity=make_quantity(value))
               for i, (article, value) in enumerate(figures)]
    return make_project(articles, sorted(claims, key=lambda c: c.id))


def test_the_agreement_page_findings_and_claim_pages_read_the_same_rule():
    opposite = analyse(_project([("a1", make_relation("x", "y", "positive")),
                                 ("a2", make_relation("x", "y", "negative"))]))
    assert [g.stance for g in opposite.pairs] == ["disagree"]
    assert [(c.subject, c.object) for c in opposite.findings.contradictions] == [("x", "y")]
    same = analyse(_project([("a1", make_relation("x", "y", "positive")), ("a2", make_relation("x", "y", "positive"))]))
    assert [g.stance for g in same.pairs] == ["agree"] and not same.findings.contradictions
    # an influence of unknown sign, or one stated the other way round, neither agrees nor disagrees
    unknown = analyse(_project([("a1", make_relation("x", "y", "unknown")),
                                ("a2", make_relation("x", "y", "unknown"))]))
    assert [g.stance for g in unknown.pairs] == ["related"]
    reversed_ = analyse(_project([("a1", make_relation("x", "y", "positive")),
                                  ("a2", make_relation("y", "x", "negative"))]))
    assert [g.stance for g in reversed_.pairs] == ["related"] and not reversed_.findings.contradictions
    figures = analyse(_project([], [("a1", "5%"), ("a2", "5%"), ("a2", "7%")])).findings.figures
    assert [(f.measure, f.stance) for f in figures] == [("m", "disagree")]


def test_the_seed_maps_agreement_groups_are_those_the_site_showed_before():
    """The seed map's pairs all hold a signed effect, so the one rule marks them as the agreement
    page always did (a pair stated only with unknown effects is now 'related', not 'agree')."""
    analysis = analyse(check(ROOT).project)
    assert analysis.pairs and {g.stance for g in analysis.pairs} <= {"agree", "disagree"}
    assert len(analysis.main_map) == len(analysis.edges)
