"""The evidence score: scores of small crafted projects worked out by hand; its properties over random
projects; its constants against the vocabulary, the schema and docs/evidence-score.md; the worked
figures of that page against the build of this repository's map; and where readers and exports meet
it (claim pages, the arrow table, claims CSV and JSON, the graph)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINI, ROOT, make_appraisal, make_article, make_claim, make_entity, make_project, make_reference, make_relation
from evidmap.analyse import Analysis, analyse
from evidmap.build import build, check
from evidmap.records import Claim, Reference
from evidmap.score import DESIGN_ERROR, MODERATE_FROM, STRONG_FROM, Score, verdict_factor
from evidmap.vocabulary import DESIGN_RANK, NOT_APPRAISED, SCORE_LEVELS, VERDICT, VERDICTS
from schema_fields import schema

ARROW = "x--positive--y"
CELL = ("i", "o")


def claim(ident: str, cites: tuple[str, ...] = (), verdict: str | None = None, concerns: tuple[str, ...] = (),
          article: str = "a", arrow: tuple[str, str, str] = ("x", "y", "positive")) -> Claim:
    """A claim of `article` stating the arrow x → y and about the cell i × o."""
    return make_claim(ident, article, cites=cites, citation="numbered" if cites else "none",
                      appraisal=make_appraisal(verdict, note="note", concerns=concerns) if verdict else None,
                      relations=(make_relation(*arrow),), intervention="i", outcome="o", direction="increases")


def works(**designs: str) -> list[Reference]:
    return [make_reference(ident.replace("_", "-"), design=design) for ident, design in designs.items()]


def analysed(claims: list[Claim], references: list[Reference]) -> Analysis:
    articles = [make_article(a) for a in sorted({c.article for c in claims})]
    return analyse(make_project(articles, claims, references, [make_entity(e) for e in "ioxyz"]))


def lines(score: Score) -> list[tuple[str, str, str, str, str]]:
    """A score's "why" lines as (work, design, verdict, on its own, adds)."""
    return [(c.work, c.design, c.verdict.id, str(c.alone), str(c.adds)) for c in score.contributions]


# --- worked by hand ----------------------------------------------------------------------------------


@pytest.mark.parametrize("design, value, level", [
    ("meta-analysis", "0.77", "strong"),  # 0.90 x 0.85 = 0.765, half up
    ("rct", "0.59", "moderate"),  # 0.90 x 0.65 = 0.585
    ("cohort", "0.30", "weak"),  # 0.60 x 0.50
    ("cross-sectional", "0.23", "weak"),  # 0.50 x 0.45 = 0.225
    ("cell", "0.14", "weak"),  # 0.35 x 0.40
    ("review", "0.12", "weak"),  # 0.30 x 0.40
    ("lecture", "0.10", "weak"),  # 0.25 x 0.40
    ("unknown", "0.08", "weak"),  # 0.20 x 0.40
])
def test_one_work_scores_what_its_design_gives_on_its_own(design, value, level):
    analysis = analysed([claim("c", ("w",))], works(w=design))
    score = analysis.scores["c"]
    assert (str(score.value), score.level.id) == (value, level)
    assert lines(score) == [("w", design, "not-appraised", value, value)]


def test_two_trials_share_their_design_error_and_reach_strong_together():
    # trials: 0.10 + 0.90 x 0.35 x 0.35 = 0.21025; score 0.78975
    score = analysed([claim("c", ("t1", "t2"))], works(t1="rct", t2="rct")).scores["c"]
    assert (str(score.value), score.level.id) == ("0.79", "strong")
    assert lines(score) == [("t1", "rct", "not-appraised", "0.59", "0.59"), ("t2", "rct", "not-appraised", "0.59", "0.20")]


def test_a_trial_and_a_review_are_independent_lines_of_evidence():
    # 1 - (0.10 + 0.90 x 0.35) x (0.70 + 0.30 x 0.60) = 1 - 0.415 x 0.88 = 0.6348
    score = analysed([claim("c", ("rev", "t"))], works(rev="review", t="rct")).scores["c"]
    assert (str(score.value), score.level.id) == ("0.63", "moderate")
    assert [(w, adds) for w, _, _, _, adds in lines(score)] == [("t", "0.59"), ("rev", "0.04")]


def test_one_trial_with_many_reviews_beside_it_stays_moderate():
    # reviews never pass their ceiling 0.30: at most 1 - 0.415 x 0.70 = 0.7095
    refs = works(t="rct", **{f"r{i}": "review" for i in range(12)})
    score = analysed([claim("c", tuple(r.id for r in refs))], refs).scores["c"]
    assert score.level.id == "moderate" and Decimal("0.70") <= score.value < STRONG_FROM


def test_overstated_and_unverifiable_halve_a_work_and_the_verdicts_against_take_it_away():
    refs = works(t="rct")
    for verdict, value, level in [("supported", "0.59", "moderate"), ("miscited", "0.59", "moderate"),
                                  ("overstated", "0.29", "weak"), ("unverifiable", "0.29", "weak"),
                                  ("unsupported", "0.00", "disputed"), ("contradicted", "0.00", "disputed")]:
        score = analysed([claim("c", ("t",), verdict)], refs).scores["c"]
        assert (str(score.value), score.level.id) == (value, level), verdict
        assert lines(score) == [("t", "rct", verdict, value, value)]


def test_an_uncited_claim_has_no_source_unless_a_verdict_takes_support_away():
    for verdict, level in [(None, "no-source"), ("supported", "no-source"), ("overstated", "no-source"),
                           ("contradicted", "disputed"), ("unsupported", "disputed")]:
        score = analysed([claim("c", (), verdict)], []).scores["c"]
        assert (str(score.value), score.level.id, score.contributions) == ("0.00", level, ()), verdict


def test_an_uncited_sentence_repeated_by_three_articles_stays_no_source():
    analysis = analysed([claim(f"c{n}", article=a) for n, a in enumerate("abc")], [])
    for score in (analysis.edge_scores[ARROW], analysis.cell_scores[CELL]):
        assert (str(score.value), score.level.id) == ("0.00", "no-source")


def test_a_work_cited_by_three_articles_counts_once_on_the_arrow_and_in_the_cell():
    analysis = analysed([claim(f"c{n}", ("t",), article=a) for n, a in enumerate("abc")], works(t="rct"))
    for score in (analysis.edge_scores[ARROW], analysis.cell_scores[CELL]):
        assert lines(score) == [("t", "rct", "not-appraised", "0.59", "0.59")]
        assert score.contributions[0].claims == ("c0", "c1", "c2")


def test_a_work_cited_under_several_verdicts_counts_under_the_most_cautious():
    refs = works(t="rct")
    analysis = analysed([claim("c1", ("t",)), claim("c2", ("t",), "overstated", article="b"),
                         claim("c3", ("t",), "supported", article="c")], refs)
    assert lines(analysis.edge_scores[ARROW]) == [("t", "rct", "overstated", "0.29", "0.29")]
    # of two verdicts leaving a work whole, the line shows the appraisal rather than none
    analysis = analysed([claim("c1", ("t",)), claim("c2", ("t",), "supported", article="b")], refs)
    assert lines(analysis.edge_scores[ARROW]) == [("t", "rct", "supported", "0.59", "0.59")]


def test_an_arrow_whose_claims_are_all_against_it_is_disputed():
    refs = works(t="rct", r="review")
    analysis = analysed([claim("c1", ("t",), "contradicted"), claim("c2", ("r",), "unsupported", article="b"),
                         claim("c3", (), "contradicted", article="c")], refs)
    assert (str(analysis.edge_scores[ARROW].value), analysis.edge_scores[ARROW].level.id) == ("0.00", "disputed")
    # one claim still backed by its work: the arrow rests on that work
    analysis = analysed([claim("c1", ("t",), "contradicted"), claim("c2", ("r",), "supported", article="b")], refs)
    assert (str(analysis.edge_scores[ARROW].value), analysis.edge_scores[ARROW].level.id) == ("0.12", "weak")


def test_a_verdict_that_concerns_one_work_leaves_the_others_supported():
    refs = works(t="rct", r="review")
    score = analysed([claim("c", ("t", "r"), "unsupported", concerns=("t",))], refs).scores["c"]
    assert lines(score) == [("r", "review", "supported", "0.12", "0.12"), ("t", "rct", "unsupported", "0.00", "0.00")]
    assert (str(score.value), score.level.id) == ("0.12", "weak")
    whole = analysed([claim("c", ("t", "r"), "unsupported")], refs).scores["c"]
    assert (str(whole.value), whole.level.id) == ("0.00", "disputed")


def test_a_work_listed_twice_in_one_claim_counts_once():
    refs = works(t="rct")
    once, twice = (analysed([claim("c", cites)], refs).scores["c"] for cites in (("t",), ("t", "t")))
    assert once == twice


# --- properties ------------------------------------------------------------------------------------

DESIGNS = sorted(DESIGN_ERROR)
VERDICT_IDS = [None] + [v.id for v in VERDICTS]


@st.composite
def maps(draw) -> tuple[list[Claim], list[Reference]]:
    """1-6 claims of up to three articles, each stating one of two arrows and about one cell, citing
    some of up to five works of any design, with any verdict (concerning some of its works or all)."""
    refs = [make_reference(f"w{i}", design=draw(st.sampled_from(DESIGNS))) for i in range(draw(st.integers(1, 5)))]
    claims = []
    for n in range(draw(st.integers(1, 6))):
        cites = tuple(draw(st.lists(st.sampled_from([r.id for r in refs]), max_size=4, unique=True)))
        verdict = draw(st.sampled_from(VERDICT_IDS))
        concerns = tuple(draw(st.lists(st.sampled_from(cites), max_size=len(cites), unique=True))) if cites else ()
        arrow = draw(st.sampled_from([("x", "y", "positive"), ("y", "z", "negative")]))
        claims.append(claim(f"c{n}", cites, verdict, concerns if verdict else (), draw(st.sampled_from("abc")), arrow))
    return claims, refs


def every_score(analysis: Analysis) -> dict[str, Score]:
    return ({f"claim {k}": s for k, s in analysis.scores.items()} | {f"arrow {k}": s for k, s in analysis.edge_scores.items()}
            | {f"cell {k}": s for k, s in analysis.cell_scores.items()})


def never_higher(before: Analysis, after: Analysis) -> None:
    old, new = every_score(before), every_score(after)
    for key, score in old.items():
        if key in new:
            assert new[key].value <= score.value, key


def never_lower(before: Analysis, after: Analysis) -> None:
    old, new = every_score(before), every_score(after)
    for key, score in old.items():
        assert new[key].value >= score.value, key


@settings(max_examples=150, deadline=None)
@given(maps())
def test_scores_stay_in_0_1_and_their_lines_add_up_to_them(drawn):
    for key, score in every_score(analysed(*drawn)).items():
        assert Decimal(0) <= score.value <= Decimal(1), key
        assert sum((c.adds for c in score.contributions), Decimal(0)) == score.value, key
        assert all(c.adds >= 0 for c in score.contributions), key
        expected = ("strong" if score.value >= STRONG_FROM else "moderate" if score.value >= MODERATE_FROM else "weak")
        if any(c.factor for c in score.contributions):
            assert score.level.id == expected, key
        else:
            assert score.level.id in ("disputed", "no-source") and score.value == 0, key


@settings(max_examples=100, deadline=None)
@given(maps(), st.randoms(use_true_random=False))
def test_the_order_of_files_never_changes_a_score(drawn, rng):
    claims, refs = drawn
    shuffled_claims, shuffled_refs = claims[:], refs[:]
    rng.shuffle(shuffled_claims)
    rng.shuffle(shuffled_refs)
    assert every_score(analysed(shuffled_claims, shuffled_refs)) == every_score(analysed(claims, refs))


@settings(max_examples=100, deadline=None)
@given(maps(), st.sampled_from(DESIGNS), st.data())
def test_adding_an_independent_supporting_work_never_lowers_a_score(drawn, design, data):
    claims, refs = drawn
    n = data.draw(st.integers(0, len(claims) - 1))
    more = claims[:n] + [make_claim(**{**claims[n].__dict__, "cites": claims[n].cites + ("new-work",)})] + claims[n + 1:]
    never_lower(analysed(claims, refs), analysed(more, refs + [make_reference("new-work", design=design)]))


@settings(max_examples=100, deadline=None)
@given(maps(), st.sampled_from(VERDICT_IDS), st.sampled_from("abcd"), st.data())
def test_the_same_work_cited_again_by_another_sentence_or_article_never_raises_a_score(drawn, verdict, article, data):
    claims, refs = drawn
    before = analysed(claims, refs)
    n = data.draw(st.integers(0, len(claims) - 1))
    again = tuple(data.draw(st.lists(st.sampled_from(claims[n].cites), unique=True))) if claims[n].cites else ()
    arrow = claims[n].relations[0]
    restated = claim("again", again, verdict, article=article, arrow=(arrow.subject, arrow.object, arrow.effect))
    never_higher(before, analysed(claims + [restated], refs))


@settings(max_examples=100, deadline=None)
@given(maps(), st.sampled_from(["unsupported", "contradicted", "overstated", "unverifiable"]), st.data())
def test_a_verdict_against_a_claim_never_raises_a_score(drawn, verdict, data):
    claims, refs = drawn
    n = data.draw(st.integers(0, len(claims) - 1))
    old = claims[n].appraisal
    if old and verdict_factor(VERDICT[verdict]) > verdict_factor(VERDICT[old.verdict]):
        return  # halving a work the curators had taken away is not a verdict against
    concerns = old.concerns if old else ()
    judged = make_claim(**{**claims[n].__dict__, "appraisal": make_appraisal(verdict, note="note", concerns=concerns)})
    never_higher(analysed(claims, refs), analysed(claims[:n] + [judged] + claims[n + 1:], refs))


# --- the constants ---------------------------------------------------------------------------------


def test_every_design_the_content_guide_lists_has_its_errors_and_they_follow_the_ranking():
    designs = schema("reference")["properties"]["design"]["enum"]
    assert set(DESIGN_ERROR) == set(designs) == set(DESIGN_RANK)
    by_rank = sorted(DESIGN_ERROR, key=lambda d: DESIGN_RANK[d])
    for stronger, weaker in zip(by_rank, by_rank[1:]):
        if DESIGN_RANK[stronger] < DESIGN_RANK[weaker]:
            assert DESIGN_ERROR[stronger].alone >= DESIGN_ERROR[weaker].alone, (stronger, weaker)
    for design, error in DESIGN_ERROR.items():
        assert 0 < error.systematic < 1 and 0 < error.random < 1, design


def test_the_level_bounds_keep_designs_apart():
    assert DESIGN_ERROR["meta-analysis"].alone >= STRONG_FROM
    assert MODERATE_FROM <= DESIGN_ERROR["rct"].alone < STRONG_FROM
    for design in ("cohort", "case-control", "cross-sectional", "human-experimental"):
        assert DESIGN_ERROR[design].ceiling < STRONG_FROM, design
    for design, rank in DESIGN_RANK.items():
        if rank >= DESIGN_RANK["animal"]:
            assert DESIGN_ERROR[design].ceiling < MODERATE_FROM, design


def test_the_verdicts_that_take_support_away_are_those_that_leave_a_work_nothing():
    for verdict in VERDICTS + (NOT_APPRAISED,):
        factor = verdict_factor(verdict)
        assert 0 <= factor <= 1 and (factor == 0) == verdict.takes_support_away, verdict.id
    assert verdict_factor(VERDICT["miscited"]) == verdict_factor(NOT_APPRAISED) == 1


# --- docs/evidence-score.md ------------------------------------------------------------------------

DOC = (ROOT / "docs" / "evidence-score.md").read_text("utf-8")


def _rows(table_start: int) -> list[list[str]]:
    """The cells of the Markdown table starting at `table_start`, header and rule left out."""
    rows = []
    for line in DOC[table_start:].lstrip("\n").split("\n"):
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows[2:]


def test_the_docs_worked_examples_are_what_the_build_computes():
    analysis = analyse(check(ROOT).project)
    worked = list(re.finditer(r"<!-- worked: (claim|arrow) ([a-z0-9-]+) -->\n", DOC))
    assert [m.group(1) for m in worked].count("claim") >= 3 and "arrow" in [m.group(1) for m in worked]
    for match in worked:
        kind, ident = match.groups()
        score = (analysis.scores if kind == "claim" else analysis.edge_scores)[ident]
        *rows, total = _rows(match.end())
        assert [(w, d, v, Decimal(f), a, adds) for w, d, v, f, a, adds in rows] == [
            (c.work, c.design, c.verdict.id, c.factor, str(c.alone), str(c.adds)) for c in score.contributions
        ], ident
        assert total[0] == "Score" and total[-1] == f"{score.value} {score.level.id}", ident


def test_the_docs_tables_of_designs_verdicts_and_levels_are_the_constants():
    designs = DOC.index("| Design | GRADE's start |")
    for names, _, systematic, random, alone, ceiling, _ in _rows(designs):
        for design in names.split("`, `"):
            error = DESIGN_ERROR[design]
            assert (Decimal(systematic), Decimal(random)) == (error.systematic, error.random), design
            assert (Decimal(alone), Decimal(ceiling)) == (error.alone, error.ceiling), design
    verdicts = {v.label.lower() if v is NOT_APPRAISED else v.id: v for v in VERDICTS + (NOT_APPRAISED,)}
    documented = {name: Decimal(factor) for name, factor, _ in _rows(DOC.index("| Verdict | Factor |"))}
    assert documented == {name: verdict_factor(v) for name, v in verdicts.items()}
    levels = [(label, mark, meaning) for label, mark, _, meaning in _rows(DOC.index("| Level | Mark |"))]
    assert levels == [(level.label, level.symbol, level.meaning) for level in SCORE_LEVELS]
    assert f"score ≥ {STRONG_FROM}" in DOC and f"{MODERATE_FROM} ≤ score < {STRONG_FROM}" in DOC


# --- where readers and exports meet it -------------------------------------------------------------


@pytest.fixture(scope="module")
def scored_site(tmp_path_factory) -> tuple[Path, Analysis]:
    """The fixture project with a trial cited beside the cell study by one claim, whose verdict
    concerns the trial only, and a claim without a source that curators found supported."""
    root = tmp_path_factory.mktemp("scored") / "mini"
    shutil.copytree(MINI, root)
    (root / "references" / "lee-2021.yaml").write_text(
        "id: lee-2021\ntype: article-journal\ntitle: A trial\nissued: {date-parts: [[2021]]}\n"
        "author: [{family: Lee, given: A}]\ndesign: rct\n", "utf-8")
    seed = root / "seeds" / "alpha.md"
    seed.write_text(seed.read_text("utf-8").replace("gaps:\n", "  - ref: lee-2021\n    text: Lee A. A trial. 2021.\ngaps:\n", 1), "utf-8")
    claims = root / "claims" / "alpha.yaml"
    text = claims.read_text("utf-8")
    text = text.replace(
        "    cites: [smith-2020]\n    citation: numbered\n",
        "    cites: [smith-2020, lee-2021]\n    citation: numbered\n"
        "    appraisal: {verdict: overstated, concerns: [lee-2021], note: The trial was in mice fed a special diet.}\n", 1)
    text = text.replace("    appraisal: {verdict: overstated, note: The source measured this under a clamp.}",
                        "    appraisal: {verdict: supported, note: Clamp studies show it.}", 1)
    claims.write_text(text, "utf-8")
    result = build(root)
    assert result.ok, result.summary + "\n".join(map(str, result.diagnostics))
    return root / "site", analyse(check(root).project)


def test_a_claim_page_shows_the_level_the_score_and_why_line_by_line(scored_site):
    site, analysis = scored_site
    score = analysis.scores["kinase-x-inhibits-complex-y"]
    # the cell study (0.14 alone) and the overstated trial (0.29 alone): 1 - 0.86 x 0.7075 = 0.39155
    assert lines(score) == [("lee-2021", "rct", "overstated", "0.29", "0.29"),
                            ("smith-2020", "cell", "supported", "0.14", "0.10")]
    assert (str(score.value), score.level.id) == ("0.39", "weak")
    page = (site / "claims" / "kinase-x-inhibits-complex-y.html").read_text("utf-8")
    section = page[page.index('<section id="score"'):]
    section = section[: section.index("</section>")]
    assert "<h2>Strength of what these articles cite</h2>" in section and "Weak</span> <strong>0.39</strong>" in section
    rows = re.findall(r"<tr><th scope=\"row\"><a [^>]+>([^<]+)</a><br><span class=\"muted\">([^<]+)</span></th>"
                      r"<td><span [^>]+>([^<]+)</span><br><span class=\"muted\">counts ([^<]+)</span></td>"
                      r"<td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td></tr>", section)
    assert rows == [("Lee 2021", "randomised trial", "Overstated", "half", "0.29", "+0.29"),
                    ("Smith et al. 2020", "cell study", "Supported", "in full", "0.14", "+0.10")]
    assert "not whether the sentence is true" in section


def test_an_uncited_claim_the_curators_found_supported_shows_both_facts(scored_site):
    site, analysis = scored_site
    assert analysis.scores["muscle-clears-80-percent"].level.id == "no-source"
    page = (site / "claims" / "muscle-clears-80-percent.html").read_text("utf-8")
    assert "No source</span> <strong>0.00</strong>" in page
    assert "No source cited; curators: consistent with the literature." in page


def test_the_arrow_table_shows_each_arrows_level_and_why(scored_site):
    site, analysis = scored_site
    page = (site / "pathway.html").read_text("utf-8")
    row = page[page.index('<tr id="edge-kinase-x--negative--complex-y">'):]
    row = row[: row.index("</tr>")]
    assert "Weak</span> 0.39" in row and "<summary>Why this score</summary>" in row
    assert re.findall(r"<li><strong>([^<]+)</strong> <a [^>]+>([^<]+)</a>, ([^,]+), ([0-9.]+) on its own; ([^<]+)</li>", row) == [
        ("+0.29", "Lee 2021", "randomised trial", "0.29", "overstated, counts half"),
        ("+0.10", "Smith et al. 2020", "cell study", "0.14", "supported"),
    ]
    assert "<li>= <strong>0.39</strong></li>" in row
    uncited = page[page.index('<tr id="edge-factor-z--positive--liver-output">'):]
    assert "No source</span> 0.00" in uncited[: uncited.index("</tr>")]


def test_claims_csv_and_json_carry_each_claims_score_and_level(scored_site):
    site, analysis = scored_site
    rows = list(csv.DictReader(io.StringIO((site / "data" / "claims.csv").read_text("utf-8"))))
    records = json.loads((site / "data" / "claims.json").read_text("utf-8"))
    assert {r["id"]: (r["score"], r["score_level"]) for r in rows} == {
        k: (str(float(s.value)), s.level.id) for k, s in analysis.scores.items()}
    for record in records:
        score = analysis.scores[record["id"]]
        assert (record["score"], record["score_level"]) == (float(score.value), score.level.id)
        assert round(sum(line["adds"] for line in record["score_why"]), 2) == record["score"]
    assert records[[r["id"] for r in records].index("kinase-x-inhibits-complex-y")]["score_why"][0] == {
        "work": "lee-2021", "design": "rct", "verdict": "overstated", "factor": 0.5, "alone": 0.29, "adds": 0.29}


def test_the_graphs_arrows_carry_their_score_and_level(scored_site):
    site, analysis = scored_site
    graph = json.loads((site / "data" / "graph.json").read_text("utf-8"))
    relations = {(link["source"], link["target"], link["key"]): link for link in graph["links"] if link["kind"] == "relation"}
    for edge in analysis.edges:
        link = relations[(f"entity:{edge.subject}", f"entity:{edge.object}", edge.effect)]
        score = analysis.edge_scores[edge.id]
        assert (link["score"], link["score_level"]) == (float(score.value), score.level.id)
    graphml = (site / "data" / "graph.graphml").read_text("utf-8")
    assert re.search(r'<key id="d\d+" for="edge" attr.name="score_level" attr.type="string"', graphml)
    assert re.search(r'<key id="d\d+" for="edge" attr.name="score" attr.type="double"', graphml)
