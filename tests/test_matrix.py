"""The evidence matrix: each cell's values on a small crafted project, computed by hand (a work that
several claims and articles restate counts once), its view-model, its page and its CSV export; and
the map's own matrix content (no hypothesis coded as an effect, directions with their context)."""

from __future__ import annotations

import csv
import io
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, make_article, make_claim, make_entity, make_project, make_reference, make_relation
from evidmap import exports, render, views
from evidmap.analyse import Direction, analyse
from evidmap.build import DEFAULT_TEMPLATES, build, check
from evidmap.paths import Linker
from evidmap.views import build_index
from evidmap.views.overview import BUBBLE_MAX, matrix_page

BLUNTS = "blunts the fall from walking"


def _project(drug_label: str = "Drug", context: str = BLUNTS):
    """Two interventions, two outcomes, two articles. Drug -> glucose: four claims in two articles,
    three of them citing one trial (one also a cohort study), one naming no direction, one stating its
    direction in a context; a relation to glucose from another subject gives no context. Walking ->
    mass: one claim that cites nothing. Drug -> mass and walking -> glucose are gaps."""
    entities = [
        make_entity("drug", label=drug_label, kind="intervention"),
        make_entity("walk", label="Walking", kind="intervention"),
        make_entity("glucose", label="Glucose", kind="outcome"),
        make_entity("mass", label="Mass", kind="outcome"),
        make_entity("other"),
    ]
    references = [make_reference("cohort", design="cohort"), make_reference("rev", design="review"),
                  make_reference("trial", design="rct")]
    on_glucose = dict(intervention="drug", outcome="glucose")
    claims = [
        make_claim("c1", "a1", number=1, direction="decreases", cites=("trial", "cohort"), **on_glucose),
        make_claim("c2", "a1", number=2, direction="decreases", cites=("trial",), **on_glucose,
                   relations=(make_relation("drug", "glucose", "negative", context=context),)),
        make_claim("c3", "a2", number=1, direction="decreases", cites=("trial",), **on_glucose),
        make_claim("c4", "a2", number=2, **on_glucose,
                   relations=(make_relation("other", "glucose", "negative", context="not the drug's"),
                              make_relation("drug", "glucose", "negative"))),
        make_claim("c5", "a1", number=3, intervention="walk", outcome="mass", direction="increases"),
        make_claim("c6", "a2", number=3, cites=("rev",)),  # in no cell
    ]
    return make_project([make_article("a1"), make_article("a2")], sorted(claims, key=lambda c: c.id), references,
                        entities)


def test_cell_values_computed_by_hand():
    matrix = analyse(_project()).matrix
    assert matrix.interventions == ("drug", "walk") and matrix.outcomes == ("glucose", "mass")
    assert set(matrix.cells) == {("drug", "glucose"), ("walk", "mass")}  # the other two are gaps
    drug = matrix.cells[("drug", "glucose")]
    assert [c.id for c in drug.claims] == ["c1", "c2", "c3", "c4"]  # map order: article, then number
    assert drug.works == ("cohort", "trial")  # the trial three claims in two articles cite counts once
    assert drug.articles == ("a1", "a2")
    assert drug.best_design == "rct"
    assert drug.said == (Direction("decreases", None), Direction("decreases", BLUNTS), Direction("decreases", None),
                         Direction("unclear", None))
    assert drug.directions == ((Direction("decreases", None), 2), (Direction("decreases", BLUNTS), 1),
                               (Direction("unclear", None), 1))
    walk = matrix.cells[("walk", "mass")]
    assert ([c.id for c in walk.claims], walk.works, walk.articles, walk.best_design) == (["c5"], (), ("a1",), "uncited")
    assert walk.directions == ((Direction("increases", None), 1),)


def test_the_view_sizes_bubbles_by_works_or_hollow_by_claims_on_one_scale():
    project = _project()
    page = matrix_page(build_index(project, analyse(project), {}, Linker("")))
    model = page.model
    drug, gap = model.rows[0].cells
    gap2, walk = model.rows[1].cells
    assert gap is None and gap2 is None
    assert (drug.bubble.count, drug.bubble.hollow, drug.bubble.radius) == (2, False, BUBBLE_MAX)  # the largest
    # one claim citing nothing: hollow, half the area of two works
    assert (walk.bubble.count, walk.bubble.hollow) == (1, True)
    assert walk.bubble.radius == round(BUBBLE_MAX * math.sqrt(1 / 2), 2) == 12.73
    assert [(m.symbol, m.in_context, m.claims) for m in drug.marks] == [("↓", False, 2), ("↓", True, 1), ("?", False, 1)]
    assert (drug.claims, drug.works, drug.articles, drug.best_design) == (4, 2, ("a1", "a2"), "randomised trial")
    assert walk.best_design == "no work cited"
    details = {d.anchor: d for d in model.details}
    listed = details["cell-drug--glucose"]
    assert [(c.row.claim.id, c.said.label, c.said.context) for c in listed.claims] == [
        ("c1", "decreases", None), ("c2", "decreases", BLUNTS), ("c3", "decreases", None), ("c4", "unclear", None)]
    assert [c.row.verdict.label for c in listed.claims] == ["Not appraised"] * 4
    assert [r.ref.id for r in listed.works] == ["cohort", "trial"]
    assert [(o.value, o.label) for o in model.articles] == [("a1", "a1"), ("a2", "a2")]
    assert [(b.count, b.hollow) for b in model.sizes] == [(1, False), (2, False), (1, True)]
    # the mark: the evidence score of what the cell's claims cite together, as the analysis made it
    scores = analyse(project).cell_scores
    assert (drug.score.level, drug.score.value) == (scores[("drug", "glucose")].level, str(scores[("drug", "glucose")].value))
    assert drug.score.level.id not in ("no-source", "disputed") and [line.ref.ref.id for line in drug.score.lines] == [
        "trial", "cohort"]  # each work once, the trial first
    assert (walk.score.level.id, walk.score.value) == ("no-source", "0.00")
    assert [level.id for level in model.levels_shown] == [drug.score.level.id, "no-source"]


def test_matrix_csv_by_hand():
    project = _project(drug_label="=Drug")
    analysis = analyse(project)
    drug = analysis.cell_scores[("drug", "glucose")]
    rows = list(csv.reader(io.StringIO(exports.matrix_csv(project, analysis.matrix, analysis.cell_scores), newline="")))
    assert rows == [
        ["intervention", "intervention_label", "outcome", "outcome_label", "claims", "works", "articles",
         "best_design_cited", "score", "score_level", "increases", "decreases", "no_change", "mixed", "unclear",
         "directions"],
        ["drug", "'=Drug", "glucose", "Glucose", "4", "2", "2", "randomised trial", str(drug.value), drug.level.id,
         "0", "3", "0", "0", "1", f"decreases: 2; decreases ({BLUNTS}): 1; unclear: 1"],
        ["drug", "'=Drug", "mass", "Mass", "0", "0", "0", "", "", "", "0", "0", "0", "0", "0", ""],  # a gap
        ["walk", "Walking", "glucose", "Glucose", "0", "0", "0", "", "", "", "0", "0", "0", "0", "0", ""],
        ["walk", "Walking", "mass", "Mass", "1", "0", "1", "", "0.00", "no-source", "1", "0", "0", "0", "0",
         "increases: 1"],
    ]


class _Matrix(HTMLParser):
    """The matrix page's table: each row as (kind of cell, its text), and its sections' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str]]] = []
        self.cell: list[str] | None = None
        self.kind = ""
        self.in_table = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "matrix" in (a.get("class") or ""):
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell, self.kind = [], f"{tag}.{a.get('class') or a.get('scope')}"

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.in_table and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append((self.kind, " ".join("".join(self.cell).split())))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        self.text.append(data)


def test_the_page_is_a_table_with_headers_gaps_that_say_so_and_claims_with_their_context():
    context = "<b>blunts</b> the fall & more"
    project = _project(context=context)
    site = build_index(project, analyse(project), {}, Linker(""))
    html = render.render_pages([lambda: matrix_page(site)], DEFAULT_TEMPLATES[0], Linker(""), views.site_frame(project))["matrix.html"]
    page = html.decode("utf-8")
    parsed = _Matrix()
    parsed.feed(page)
    assert [[kind for kind, _ in row] for row in parsed.rows] == [
        ["th.corner", "th.col", "th.col"],
        ["th.row", "td.cell", "td.gap"],
        ["th.row", "td.gap", "td.cell"],
    ]
    assert [text for _, text in parsed.rows[0][1:]] == ["Glucose", "Mass"]
    assert parsed.rows[1][2][1] == parsed.rows[2][1][1] == "gap: no claims"
    score = analyse(project).cell_scores[("drug", "glucose")]
    drug = parsed.rows[1][1][1]
    assert drug == (f"{score.level.symbol}↓2 ↓* ? {score.level.label} ({score.value}); 2 works cited by 4 claims;"
                    f" decreases: 2; decreases ({context}): 1; unclear: 1")
    # hollow: sized by its one claim, which cites nothing
    assert parsed.rows[2][2][1] == "○○○↑ No source (0.00); 1 claim citing no work; increases"
    assert f'data-level="{score.level.id}"' in page and 'data-level="no-source"' in page
    assert '<circle cx="20" cy="20" r="18.0"/>' in page and 'class="bubble level-no-source hollow"' in page
    assert 'data-articles="a1 a2"' in page
    text = " ".join("".join(parsed.text).split())
    assert f"↓ decreases — {context}" in text  # in the cell's list of claims, escaped (parsed back as text)
    assert "&lt;b&gt;blunts&lt;/b&gt; the fall &amp; more" in page
    assert "Best design cited: randomised trial." in text and "citing 2 distinct works: cohort n.d.; trial n.d." in text
    assert re.search(r'<script src="assets/matrix\.js" defer></script>', page)


def test_the_data_page_links_the_matrix_csv(mini: Path):
    assert build(mini).ok
    site = mini / "site"
    assert 'href="matrix.csv"' in (site / "data" / "index.html").read_text("utf-8")
    rows = list(csv.reader(io.StringIO((site / "data" / "matrix.csv").read_text("utf-8"), newline="")))
    assert rows[1][:10] == ["drug-d", "Drug D", "blood-glucose", "Blood glucose", "1", "0", "1", "", "0.00", "no-source"]


# --- the map's own matrix ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def matrix():
    result = check(ROOT)
    assert result.ok
    return result.project, analyse(result.project).matrix


def test_no_hypothesis_or_expectation_is_coded_as_an_effect(matrix):
    project, _ = matrix
    coded = [c.id for c in project.claims if c.type == "hypothesis" and (c.intervention or c.outcome)]
    assert coded == []
    expected = next(c for c in project.claims if c.id == "masters-researchers-expected-metformin-to-aid-muscle-growth")
    assert expected.intervention is None and expected.outcome is None


def test_metformin_blunts_the_exercise_effect_rather_than_lowering_insulin_sensitivity(matrix):
    _, cells = matrix
    cell = cells.cells[("metformin", "insulin-sensitivity")]
    assert [(d.direction, d.context) for d, _ in cell.directions] == [
        ("decreases", "blunts the improvement from aerobic training")]
    # every claim of metformin on muscle mass says it in the context of training
    assert all(d.context for d in cells.cells[("metformin", "muscle-mass")].said)
