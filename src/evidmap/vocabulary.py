"""Vocabulary: the fixed words of the map and how the site shows them — effects of a relation (and the
predicates that imply them), stances of one statement to another, curators' verdicts, study designs
and their ranking as evidence, how a claim cites, directions of an outcome.

Every stage reads them from here; nothing else defines a label or a symbol for these words. Only the
analysis stage ranks designs (`DESIGN_RANK`): the others read the levels it derived.
"""

from __future__ import annotations

# --- effects: the sign of a relation ---------------------------------------------------------------

EFFECTS = ("positive", "negative", "unknown", "part")
# the effects that say which way an influence goes: only these can agree or disagree (see analyse.stance)
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


# --- stances: how one statement stands to another on the same pair or figure ------------------------

AGREES, DISAGREES, RELATED = "agrees", "disagrees", "related"
STANCES = (DISAGREES, AGREES, RELATED)  # the order a reader sees them in: disagreements first
# a group of statements (a pair of entities, a figure on the agreement page) as a whole
GROUP_STANCE = {DISAGREES: "disagree", AGREES: "agree", RELATED: "related"}

# --- verdicts: a curator's appraisal of a claim ------------------------------------------------------

VERDICT_LABEL = {
    "supported": "Supported",
    "overstated": "Overstated",
    "unsupported": "Not supported by the cited work",
    "misattributed": "Misattributed",
    "contradicted": "Contradicted",
    "unverifiable": "Unverifiable",
}
VERDICTS = tuple(VERDICT_LABEL)
NOT_APPRAISED = "not appraised"

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


# --- citations and directions ----------------------------------------------------------------------

CITATION_LABEL = {
    "numbered": "numbered citation in the text",
    "author-year": "author–year citation in the text",
    "bibliography-only": "listed in the bibliography only (matched by content)",
    "none": "no source given",
}
DIRECTION_SYMBOL = {"increases": "↑", "decreases": "↓", "no-change": "=", "mixed": "↕", "unclear": "?"}
UNCLEAR = "unclear"  # the direction of a claim that names none
