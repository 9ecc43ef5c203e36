"""Vocabulary: the fixed words of the map and how the site shows them — effects of a relation (and the
predicates that imply them), the links of the entity hierarchy, the fields of a relation's setting,
stances of one statement to another, curators' verdicts, study designs and their ranking as
evidence, the levels of the evidence score, how a claim cites, directions of an outcome.

Every stage reads them from here; nothing else defines a label or a symbol for these words. Only the
analysis stage ranks designs (`DESIGN_RANK`): the others read the levels it derived.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- effects: the sign of a relation ---------------------------------------------------------------

EFFECTS = ("positive", "negative", "unknown", "part")
# the effects that say which way an influence goes: only these are compared (see compare.py)
SIGNED_EFFECTS = frozenset({"positive", "negative"})
POSITIVE_PREDICATES = frozenset(
    "activates stimulates increases promotes causes translocates secretes produces converts-to".split()
)
NEGATIVE_PREDICATES = frozenset("inhibits suppresses decreases blocks reduces impairs".split())
EFFECT_WORD = {"positive": "stimulates", "negative": "inhibits", "unknown": "influences", "part": "is part of"}
EFFECT_SYMBOL = {"positive": "→", "negative": "⊣", "unknown": "–◇", "part": "⊂"}


def effect_of(predicate: str, effect: str | None) -> str:
    """The sign of a relation: 'part' for membership (part-of is not an influence), else an explicit
    `effect`, else the predicate's own sign, else unknown."""
    if predicate == "part-of":
        return "part"
    if effect:
        return effect
    if predicate in POSITIVE_PREDICATES:
        return "positive"
    if predicate in NEGATIVE_PREDICATES:
        return "negative"
    return "unknown"


# --- hierarchy: how the vocabulary's entities relate -------------------------------------------------

# an entity's links to broader entities: a kind of (`is-a`) and a part of (`part-of`); see hierarchy.py
IS_A, PART_OF = "is-a", "part-of"
LINK_WORDS = {IS_A: "is a kind of", PART_OF: "is part of"}

# --- settings: the structured context of a relation -------------------------------------------------

# the fields of a relation's `setting`, in the order pages show them; source, tissue and condition
# name entities (compared through the hierarchy), population is words, timeframe one of TIMEFRAMES
SETTING_FIELDS = ("source", "tissue", "population", "condition", "timeframe")
SETTING_LABEL = {
    "source": "From",
    "tissue": "In",
    "population": "Population",
    "condition": "Condition",
    "timeframe": "Timeframe",
}
TIMEFRAMES = ("acute", "chronic")
TIMEFRAME_LABEL = {
    "acute": "acute (one bout, dose or meal, and the hours to days after it)",
    "chronic": "chronic (weeks or more of repeated or lasting exposure)",
}
TIMEFRAME_ADVERB = {"acute": "acutely", "chronic": "chronically"}  # in plain sentences
EFFECT_VERB = {"positive": "raises", "negative": "lowers"}  # a signed effect in plain sentences

# --- stances: how one statement stands to another of another article ---------------------------------


@dataclass(frozen=True)
class Stance:
    """How two statements of different articles stand to each other, as readers meet it (the rule
    that decides it: compare.py; the table of rules: docs/agreement-rules.md). `tension` says whether
    the agreement page and the findings show the pair as something a reader should look at."""

    id: str
    label: str
    meaning: str
    tension: bool


# in the order a reader sees them: tensions first, the sharpest first
CONFLICT = Stance(
    "conflict", "Conflict", "Opposite effects, and nothing either states tells their contexts apart.", True
)
CONTEXT_DEPENDENT = Stance(
    "context-dependent",
    "Depends on context",
    "Opposite effects, each in a context of its own (a tissue or source, a population, a condition or a timeframe).",
    True,
)
DIFFERENT_TIMEFRAMES = Stance(
    "different-timeframes", "Different timeframes", "The same effect, over different timeframes.", True
)
DIFFERENT_FIGURES = Stance("different-figures", "Different figures", "Different figures for the same quantity.", True)
AGREE = Stance("agree", "Agree", "The same effect, or the same figure.", False)
# a statement about the same entities that is not compared: the other way round, or of no known sign
RELATED = Stance(
    "related", "Related", "About the same entities, but not comparable: another direction or no sign.", False
)
STANCES = (CONFLICT, CONTEXT_DEPENDENT, DIFFERENT_TIMEFRAMES, DIFFERENT_FIGURES, AGREE, RELATED)
STANCE = {s.id: s for s in STANCES}

# --- verdicts: a curator's appraisal of a claim ------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One verdict as readers meet it. `id` is the word curators write in `appraisal.verdict` (the
    claims schema's enum lists the same words); `meaning` is one plain sentence a patient understands;
    `symbol` is a short text mark that reads without colour; `takes_support_away` says whether the
    verdict counts against the claim's support (a citation slip or a narrower finding does not)."""

    id: str
    label: str
    meaning: str
    symbol: str
    takes_support_away: bool


# in the order a reader sees them: from all of the sentence backed, through part of it or an
# unknown, to none of it and the opposite
VERDICTS = (
    Verdict("supported", "Supported", "The evidence shows what the sentence says.", "✓", False),
    Verdict(
        "miscited",
        "Supported, but miscited",
        "The work the article means shows what the sentence says, but the article gets its details"
        " wrong (such as the title, year, journal or PubMed number).",
        "✓*",
        False,
    ),
    Verdict("overstated", "Overstated", "The evidence shows something narrower than the sentence says.", "!", False),
    Verdict(
        "unverifiable",
        "Unverifiable",
        "The curators could not check it: the cited work could not be found, or the evidence that would"
        " settle it is missing.",
        "?",
        False,
    ),
    Verdict(
        "unsupported",
        "Not supported by the cited work",
        "The work the article cites does not say this, so the article gives no backing for it.",
        "∅",
        True,
    ),
    Verdict("contradicted", "Contradicted", "Other evidence, or another article here, says otherwise.", "✗", True),
)
# the state of a claim no curator has appraised: shown to readers, never written in a record
NOT_APPRAISED = Verdict(
    "not-appraised", "Not appraised", "No curator has checked this sentence against its sources yet.", "○", False
)
VERDICT = {v.id: v for v in VERDICTS}
READER_VERDICTS = VERDICTS + (NOT_APPRAISED,)  # every state a reader meets, in order


def verdict_of(verdict: str | None) -> Verdict:
    """The verdict a claim shows: its appraisal's, or `NOT_APPRAISED` when it has none."""
    return VERDICT[verdict] if verdict else NOT_APPRAISED


# The verdict as a number, for schema.org ClaimReview's reviewRating (docs/content-guide.md, "Verdicts
# as ratings"): from WORST_RATING, the opposite is shown, to BEST_RATING, all of the sentence is backed,
# in the order readers see the verdicts. A published scale, so written out rather than derived from
# that order: reordering the verdicts must not renumber ratings already published. `unverifiable` has
# no place on it (the curators could not check the claim) and gets no number.
VERDICT_RATING = {"supported": 5, "miscited": 4, "overstated": 3, "unsupported": 2, "contradicted": 1}
BEST_RATING, WORST_RATING = 5, 1


# --- evidence: study designs and the level a claim's citations reach ---------------------------------

# lower is stronger; read by the analysis stage only
DESIGN_RANK = {
    "meta-analysis": 1,
    "rct": 2,
    "cohort": 3,
    "case-control": 3,
    "cross-sectional": 4,
    "human-experimental": 4,
    "animal": 5,
    "cell": 5,
    "review": 6,
    "guideline": 6,
    "lecture": 6,
    "book": 6,
    "unknown": 7,
}
DESIGN_LABEL = {
    "meta-analysis": "meta-analysis",
    "rct": "randomised trial",
    "cohort": "cohort study",
    "case-control": "case-control study",
    "cross-sectional": "cross-sectional study",
    "human-experimental": "human experiment",
    "animal": "animal study",
    "cell": "cell study",
    "review": "review",
    "guideline": "guideline",
    "lecture": "lecture",
    "book": "book",
    "unknown": "unknown design",
}
UNCITED = "uncited"  # the evidence level of a claim that cites no work


def level_label(level: str, uncited: str = "no source given") -> str:
    """How a page names an evidence level: the design's label, or `uncited`'s wording for a claim
    without a source (claim rows say 'no source given', the matrix and search filters 'uncited')."""
    return DESIGN_LABEL.get(level, uncited)


# --- the evidence score: how strongly what the articles cite backs a claim (score.py) ---------------


@dataclass(frozen=True)
class ScoreLevel:
    """One level of the evidence score as readers meet it; `score.py` decides which applies. Every
    surface names the score "strength of what these articles cite": it rates the works cited, never
    the sentence's truth, and `meaning` says so in plain words. `symbol` is a short text mark that
    reads without colour."""

    id: str
    label: str
    meaning: str
    symbol: str


# in the order a reader sees them: from most backing to none
SCORE_LEVELS = (
    ScoreLevel(
        "strong",
        "Strong",
        "The works cited back it well: randomised trials or a meta-analysis, or several independent works"
        " that together reach as far.",
        "●●●",
    ),
    ScoreLevel(
        "moderate",
        "Moderate",
        "The works cited back it in part: a single trial, or several weaker studies of different kinds.",
        "●●○",
    ),
    ScoreLevel(
        "weak",
        "Weak",
        "The works cited back it only a little: reviews, cell or animal studies, or one observational study."
        " Weak does not mean false.",
        "●○○",
    ),
    ScoreLevel(
        "disputed",
        "Disputed",
        "The curators found that the works cited do not say this, or that other evidence says otherwise.",
        "⊘",
    ),
    ScoreLevel(
        "no-source",
        "No source",
        "The articles cite no work for it. That alone says nothing about whether it is true.",
        "○○○",
    ),
)
SCORE_LEVEL = {level.id: level for level in SCORE_LEVELS}

# --- citations and directions ----------------------------------------------------------------------

CITATION_LABEL = {
    "numbered": "numbered citation in the text",
    "author-year": "author–year citation in the text",
    "bibliography-only": "listed in the bibliography only (matched by content)",
    "none": "no source given",
}
DIRECTION_SYMBOL = {"increases": "↑", "decreases": "↓", "no-change": "=", "mixed": "↕", "unclear": "?"}
DIRECTION_LABEL = {
    "increases": "increases",
    "decreases": "decreases",
    "no-change": "no change",
    "mixed": "mixed",
    "unclear": "unclear",
}
UNCLEAR = "unclear"  # the direction of a claim that names none
