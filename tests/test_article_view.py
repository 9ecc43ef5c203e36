"""The article page's view-model: the first sentence of a curator's note (the sentence splitter), the
scorecard's counts, and the claim cards' data that assets/article.js reads."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT, make_appraisal, make_article, make_claim, make_project, make_reference
from evidmap.analyse import analyse
from evidmap.paths import Linker
from evidmap.records import Author
from evidmap.views import build_index
from evidmap.views.articles import article_page
from evidmap.views.sentences import first_sentence, sentences
from evidmap.vocabulary import DESIGN_LABEL, NOT_APPRAISED, READER_VERDICTS, VERDICT

# ---------------------------------------------------------------------------------------------------
# Sentences


@pytest.mark.parametrize(
    "text, first",
    [
        ("One. Two.", "One."),
        ("Does it? Yes.", "Does it?"),
        ("It works! Mostly.", "It works!"),
        ("Gwinn et al. 2008 showed it. Then more.", "Gwinn et al. 2008 showed it."),
        ("As in Gwinn et al. (2008), it holds. More.", "As in Gwinn et al. (2008), it holds."),
        ("Some drugs, e.g. Metformin, act here. More.", "Some drugs, e.g. Metformin, act here."),
        ("The complex, i.e. Raptor and mTOR, is the target. More.", "The complex, i.e. Raptor and mTOR, is the target."),
        ("Metformin vs. Placebo was the comparison. More.", "Metformin vs. Placebo was the comparison."),
        ("It took approx. 40% of the dose. More.", "It took approx. 40% of the dose."),
        ("Ralph A. DeFronzo wrote it. More.", "Ralph A. DeFronzo wrote it."),
        ("DeFronzo RA, Tripathy D. Skeletal muscle insulin resistance.", "DeFronzo RA, Tripathy D. Skeletal muscle insulin resistance."),
        ("Adults in the U.S. Army were studied. More.", "Adults in the U.S. Army were studied."),
        ("A dose of 2.5 mg was given. More.", "A dose of 2.5 mg was given."),
        ("Placebo gained more (p = .003). Metformin less.", "Placebo gained more (p = .003)."),
        ("It is listed as No. 5 in the series. More.", "It is listed as No. 5 in the series."),
        ("The answer was no. The trial ended.", "The answer was no."),
        ('They wrote "it works." Then they stopped.', 'They wrote "it works."'),
        ("(It was small.) Then more.", "(It was small.)"),
        ("A finding. 94 adults were then enrolled.", "A finding."),
        ("no stop at the end", "no stop at the end"),
        ("  Leading space. Next.  ", "Leading space."),
        ("", ""),
    ],
)
def test_the_first_sentence_knows_abbreviations_initials_and_decimals(text, first):
    assert first_sentence(text) == first


def _notes() -> dict[str, str]:
    """claim id -> the note of its appraisal, for every appraised claim of the real project."""
    notes = {}
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text("utf-8"))["claims"]:
            if claim.get("appraisal"):
                notes[claim["id"]] = claim["appraisal"]["note"]
    return notes


# The first sentences of real notes that hold the traps: 'et al.' with a year or a verb after it, a
# journal in brackets, 'vol.' before a number, decimals, 'e.g.,', and a second sentence that starts
# with a capital after a year.
REAL_FIRST_SENTENCES = {
    "ampk-phosphorylates-raptor": (
        "Gwinn et al. 2008 showed that AMPK phosphorylates raptor and that this is required for mTORC1 inhibition"
        " under energy stress, in cultured cells rather than human muscle."
    ),
    "metformin-lowers-glucose-and-mtor-signal-by-same-mechanism": (
        "Bolster et al. used the AMPK activator AICAR in rats, not metformin."
    ),
    "ampk-phosphorylates-tsc2-to-brake-mtor": (
        "The finding itself is established in cultured cells (Gwinn et al. 2008 state that AMPK phosphorylation"
        " of TSC2 contributes to mTORC1 suppression); it is usually credited to Inoki, Zhu and Guan, Cell 2003."
    ),
    "masters-placebo-gained-more-muscle-mass": (
        "Placebo gained more lean body mass (p = .003) and thigh muscle mass (p < .001) than metformin; muscle"
        " fibre hypertrophy in biopsies did not differ between groups."
    ),
    "contracting-muscle-secretes-myokines": (
        'The content matches the review listed as "Weigert, C. et al., Annual Review of Physiology, vol. 81,'
        ' 2019", but that review is Hoffmann & Weigert, Cold Spring Harbor Perspectives in Medicine 2017,'
        " 7(11):a029793."
    ),
    "progressive-overload-ensures-continuous-adaptation": (
        "Progressive overload is a standard principle of guidance on resistance training (e.g., ACSM"
        " position stands), but it does not 'ensure' continuous adaptation: gains slow with training"
        " experience and vary between individuals."
    ),
    "muscle-clears-80-percent-of-postmeal-glucose": (
        "The paper at the printed PMID found that skeletal muscle accounted for more than 85% of glucose"
        " metabolism in 10 healthy volunteers during an intravenous insulin clamp, not after a meal; the article"
        " also gives the paper a title that is not its own."
    ),
}


@pytest.mark.parametrize("claim", sorted(REAL_FIRST_SENTENCES))
def test_the_first_sentence_of_real_notes(claim):
    assert first_sentence(_notes()[claim]) == REAL_FIRST_SENTENCES[claim]


def test_every_real_note_splits_into_its_own_text_and_never_after_an_abbreviation():
    notes = _notes()
    assert len(notes) > 100
    for claim, note in notes.items():
        split = sentences(note)
        assert " ".join(split) == " ".join(note.split()), claim  # nothing lost, nothing added
        for sentence in split[:-1]:
            assert re.search(r"[.!?][\"'”’)\]]*$", sentence), (claim, sentence)
            assert not re.search(r"\b(et al|e\.g|i\.e|vs|approx|[A-Z])\.$", sentence), (claim, sentence)


# ---------------------------------------------------------------------------------------------------
# The scorecard and the cards, on a crafted project


def _article_page(claims, references=()):
    project = make_project([make_article("a", title="A")], claims, references)
    site = build_index(project, analyse(project), {}, Linker(""))
    return article_page(site, project.articles[0]).model


def _crafted():
    gwinn = make_reference("gwinn", design="cell", year=2008, pmid="18439900",
                           authors=(Author("Gwinn", "DM"), Author(literal="et al.")))
    walton = make_reference("walton", design="rct", year=2019, doi="10.1111/acel.13039",
                            authors=(Author("Walton", "RG"), Author("Dungan", "CM"), Author("Long", "DE")))
    claims = [
        make_claim("c1", number=1, cites=("gwinn",), appraisal=make_appraisal("supported", note="Shown in cells. More.")),
        make_claim("c2", number=2, cites=("gwinn", "walton"), appraisal=make_appraisal("supported")),
        make_claim("c3", number=3, cites=(), appraisal=make_appraisal("overstated", note="Walton et al. say less. So.")),
        make_claim("c4", number=4, cites=("walton",), appraisal=make_appraisal("contradicted")),
        make_claim("c5", number=5, cites=()),
        make_claim("c6", number=6, cites=()),
    ]
    return claims, [gwinn, walton]


def test_the_scorecard_counts_claims_by_verdict_in_the_vocabularys_order_and_by_citation():
    model = _article_page(*_crafted())
    score = model.score
    assert score.total == 6
    assert [(p.verdict, p.count) for p in score.verdicts] == [
        (v.id, {"supported": 2, "overstated": 1, "contradicted": 1, NOT_APPRAISED.id: 2}.get(v.id, 0))
        for v in READER_VERDICTS
    ]
    assert [p.verdict for p in score.shown] == ["supported", "overstated", "contradicted", NOT_APPRAISED.id]
    assert sum(p.count for p in score.shown) == score.total
    assert (score.cited.count, score.uncited.count) == (3, 3)
    # each part names the list of its claims on the page, the verdicts' by their id
    assert [p.anchor for p in score.filters] == [
        "claims-supported", "claims-overstated", "claims-contradicted", "claims-not-appraised",
        "claims-cited", "claims-uncited",
    ]
    assert [(p.label, p.symbol) for p in score.verdicts] == [(v.label, v.symbol) for v in READER_VERDICTS]


def test_an_article_without_claims_has_an_empty_scorecard():
    score = _article_page([]).score
    assert score.total == 0 and score.shown == () and score.filters == ()
    assert (score.cited.count, score.uncited.count) == (0, 0)


def test_each_card_holds_its_claims_statement_verdict_first_note_sentence_and_works_shared_once():
    model = _article_page(*_crafted())
    cards = {card.claim: card for card in model.cards}
    assert [card.number for card in model.cards] == [1, 2, 3, 4, 5, 6]
    assert cards["c1"].note == "Shown in cells." and cards["c3"].note == "Walton et al. say less."
    assert cards["c5"].note == "" and cards["c5"].verdict == NOT_APPRAISED
    assert cards["c3"].verdict == VERDICT["overstated"] and cards["c1"].statement == "s"
    assert [row.ref.id for row in model.card_refs] == ["gwinn", "walton"]  # in the order claims cite them
    assert cards["c2"].refs == (0, 1) and cards["c4"].refs == (1,) and cards["c3"].refs == ()
    # the evidence score's level: a cell study alone is weak, with a second work moderate; a work the
    # curators found contradicted leaves nothing, so disputed; a claim citing nothing has no source
    assert [cards[c].evidence for c in ("c1", "c2", "c3", "c4", "c5")] == [
        "●○○ Weak", "●●○ Moderate", "○○○ No source", "⊘ Disputed", "○○○ No source"]

    data = json.loads(model.cards_json)
    assert data["c"]["1"] == ["supported", "Shown in cells.", [0], "●○○ Weak"]
    assert data["c"]["5"] == [NOT_APPRAISED.id, "", [], "○○○ No source"]
    assert data["r"] == [
        ["Gwinn et al. 2008", DESIGN_LABEL["cell"], "../references/gwinn.html", "PubMed 18439900",
         "https://pubmed.ncbi.nlm.nih.gov/18439900/"],
        ["Walton et al. 2019", DESIGN_LABEL["rct"], "../references/walton.html", "doi:10.1111/acel.13039",
         "https://doi.org/10.1111/acel.13039"],
    ]
    shown = {"supported", "overstated", "contradicted", NOT_APPRAISED.id}
    assert data["v"] == {v.id: [v.label, v.meaning, v.symbol] for v in READER_VERDICTS if v.id in shown}


def test_the_card_data_stays_data_inside_its_script_element():
    hostile = "</script><!-- <script>alert(1)</script> & \u2028 \u2029 bell\x07 end"
    claims = [make_claim("c1", number=1, statement=hostile, appraisal=make_appraisal("supported", note=hostile))]
    text = _article_page(claims).cards_json
    assert not re.search("[<>&\u2028\u2029]", text)
    # as every page shows it: a code point HTML forbids is U+FFFD there too
    assert json.loads(text)["c"]["1"][1] == hostile.replace("\x07", "\ufffd")
