"""The analysis stage: every derived fact made in one place, and one rule for agreement."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT
from evidmap.analyse import analyse, stance
from evidmap.build import check
from evidmap.records import Article, Claim, Project, Quantity, Relation, Source

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


def _relation(subject: str, obj: str, effect: str) -> Relation:
    return Relation(subject, "acts on", obj, effect, None)


def test_two_relations_agree_only_on_the_same_directed_pair_and_sign():
    assert stance(_relation("a", "b", "positive"), _relation("a", "b", "positive")) == "agrees"
    assert stance(_relation("a", "b", "positive"), _relation("a", "b", "negative")) == "disagrees"
    for theirs in (_relation("b", "a", "negative"), _relation("a", "b", "unknown"), _relation("a", "b", "part"),
                   _relation("a", "c", "negative")):
        assert stance(_relation("a", "b", "positive"), theirs) == "related"
    assert stance(_relation("a", "b", "unknown"), _relation("a", "b", "unknown")) == "related"


def _project(statements: list[tuple[str, Relation]], figures: list[tuple[str, str]] = ()) -> Project:
    source = Source("x", 1)
    articles = tuple(Article(a, a, None, None, None, None, None, "numbered", (), (), "", 1, source)
                     for a in sorted({a for a, _ in statements} | {a for a, _ in figures}))
    claims = [Claim(f"c{i}", article, i, "q", "s", "mechanism", (), "none", (relation,), None, None, None, None, None,
                    (), False, source) for i, (article, relation) in enumerate(statements)]
    claims += [Claim(f"f{i}", article, 100 + i, "q", "s", "figure", (), "none", (), None, None, None, Quantity("m", value),
                     None, (), False, source) for i, (article, value) in enumerate(figures)]
    return Project(articles, tuple(sorted(claims, key=lambda c: c.id)), (), (), ())


def test_the_agreement_page_findings_and_claim_pages_read_the_same_rule():
    opposite = analyse(_project([("a1", _relation("x", "y", "positive")), ("a2", _relation("x", "y", "negative"))]))
    assert [g.stance for g in opposite.pairs] == ["disagree"]
    assert [(c.subject, c.object) for c in opposite.findings.contradictions] == [("x", "y")]
    same = analyse(_project([("a1", _relation("x", "y", "positive")), ("a2", _relation("x", "y", "positive"))]))
    assert [g.stance for g in same.pairs] == ["agree"] and not same.findings.contradictions
    # an influence of unknown sign, or one stated the other way round, neither agrees nor disagrees
    unknown = analyse(_project([("a1", _relation("x", "y", "unknown")), ("a2", _relation("x", "y", "unknown"))]))
    assert [g.stance for g in unknown.pairs] == ["related"]
    reversed_ = analyse(_project([("a1", _relation("x", "y", "positive")), ("a2", _relation("y", "x", "negative"))]))
    assert [g.stance for g in reversed_.pairs] == ["related"] and not reversed_.findings.contradictions
    figures = analyse(_project([], [("a1", "5%"), ("a2", "5%"), ("a2", "7%")])).findings.figures
    assert [(f.measure, f.stance) for f in figures] == [("m", "disagree")]


def test_the_seed_maps_agreement_groups_are_those_the_site_showed_before():
    """The seed map's pairs all hold a signed effect, so the one rule marks them as the agreement
    page always did (a pair stated only with unknown effects is now 'related', not 'agree')."""
    analysis = analyse(check(ROOT).project)
    assert analysis.pairs and {g.stance for g in analysis.pairs} <= {"agree", "disagree"}
    assert len(analysis.main_map) == len(analysis.edges)
