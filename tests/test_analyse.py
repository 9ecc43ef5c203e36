"""The analysis stage: every derived fact made in one place, and one rule for agreement (compare.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT, make_article, make_claim, make_project, make_quantity, make_relation
from evidmap.analyse import analyse
from evidmap.build import check
from evidmap.compare import stance
from evidmap.hierarchy import build_hierarchy
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


# What only the score module computes (its formula and constants) and only the analysis stage calls.
SCORE_ONLY = {"combine", "claim_citations", "DESIGN_ERROR", "verdict_factor", "PARTIAL_VERDICTS"}


def test_scores_are_computed_by_the_score_module_for_the_analysis_stage_only():
    users = {path.relative_to(SRC).as_posix(): _names(path) & SCORE_ONLY for path in sorted(SRC.rglob("*.py"))}
    assert users["score.py"] == SCORE_ONLY
    assert users["analyse.py"] == {"combine", "claim_citations"}
    assert {path: names for path, names in users.items() if names and path not in ("score.py", "analyse.py")} == {}


def test_on_a_claim_page_only_the_same_directed_pair_with_signs_is_compared():
    none = build_hierarchy(())
    assert stance(make_relation("a", "b", "positive"), make_relation("a", "b", "positive"), none).id == "agree"
    assert stance(make_relation("a", "b", "positive"), make_relation("a", "b", "negative"), none).id == "conflict"
    for theirs in (make_relation("b", "a", "negative"), make_relation("a", "b", "unknown"),
                   make_relation("a", "b", "part"), make_relation("a", "c", "negative")):
        assert stance(make_relation("a", "b", "positive"), theirs, none).id == "related"
    assert stance(make_relation("a", "b", "unknown"), make_relation("a", "b", "unknown"), none).id == "related"


def _project(statements: list[tuple[str, Relation]], figures: list[tuple[str, str]] = ()) -> Project:
    articles = [make_article(a) for a in sorted({a for a, _ in statements} | {a for a, _ in figures})]
    claims = [make_claim(f"c{i}", article, number=i, relations=(relation,))
              for i, (article, relation) in enumerate(statements)]
    claims += [make_claim(f"f{i}", article, number=100 + i, type="figure", quantity=make_quantity(value))
               for i, (article, value) in enumerate(figures)]
    return make_project(articles, sorted(claims, key=lambda c: c.id))


def _stances(project: Project) -> list[str]:
    return [c.stance.id for c in analyse(project).comparisons.compared]


def test_the_agreement_page_findings_and_claim_pages_read_the_same_rule():
    opposite = analyse(_project([("a1", make_relation("x", "y", "positive")),
                                 ("a2", make_relation("x", "y", "negative"))]))
    [conflict] = opposite.comparisons.compared
    assert conflict.stance.id == "conflict" and opposite.comparisons.of_claim["c0"] == (conflict,)
    assert _stances(_project([("a1", make_relation("x", "y", "positive")),
                              ("a2", make_relation("x", "y", "positive"))])) == ["agree"]
    # an influence of unknown sign, or one stated the other way round, is not compared
    assert _stances(_project([("a1", make_relation("x", "y", "unknown")), ("a2", make_relation("x", "y", "unknown"))])) == []
    assert _stances(_project([("a1", make_relation("x", "y", "positive")), ("a2", make_relation("y", "x", "negative"))])) == []
    # nor are two claims of one article
    assert _stances(_project([("a1", make_relation("x", "y", "positive")), ("a1", make_relation("x", "y", "negative"))])) == []
    figures = analyse(_project([], [("a1", "5%"), ("a2", "5%"), ("a2", "7%")])).findings.figures
    assert [(f.measure, f.stance.id) for f in figures] == [("m", "different-figures")]


def test_the_seed_map_compares_its_articles_through_the_hierarchy():
    analysis = analyse(check(ROOT).project)
    stances = {c.stance.id for c in analysis.comparisons.compared}
    assert {"agree", "context-dependent", "different-timeframes"} <= stances
    assert any(c.subject_path or c.object_path for c in analysis.comparisons.compared)
    assert len(analysis.main_map) == len(analysis.edges)
