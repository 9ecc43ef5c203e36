"""Score: the evidence score — how strongly the works the articles cite back a claim, a pathway arrow
or a cell of the evidence matrix — its level in a reader's words, and each work's share of it.

This module is the formula and every constant in it; `docs/evidence-score.md` justifies each
constant and works examples of this map by hand. The analysis stage calls it once a build; views,
exports and the graph read the `Score`s the Analysis keeps and compute nothing.

The score rates what the articles cite, never whether a sentence is true. Its model is INDRA's
belief engine, with study designs where INDRA has knowledge sources, and GRADE's starting
certainty by design:

- every distinct work counts once, however many sentences or articles cite it (works are told
  apart by reference id): repeating a sentence adds nothing;
- a work can fail to back what is said of it in two ways: by an error of its own (`random`: this
  trial, this review does not show it) and by an error it shares with every work of its design
  (`systematic`: what cell studies, or observational studies, as a kind cannot show, such as that
  it happens in people or that it is cause rather than association);
- the curators' verdict scales what a work can give (`verdict_factor`): unsupported and
  contradicted take it away, overstated and unverifiable halve it, the others leave it whole;
- works err independently, so the score is the chance that not all of them are wrong:

      error of a design = systematic + (1 - systematic) x product over its works of (1 - factor x (1 - random))
      score             = 1 - product over the designs cited of their errors

  A work alone scores (1 - systematic) x (1 - random) x factor; works of one design together never
  pass 1 - systematic, so no number of cell studies or reviews makes a claim strong.

Arithmetic is decimal and exact (the constants are decimals), so a score worked by hand is the
score the build prints. Every score explains itself: its contributions list the works, strongest
on its own first, each with what it adds to the works above it. Scores and additions are rounded to
hundredths (half up), the running totals before their differences, so the lines add up to the score
exactly as shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from evidmap.records import Claim
from evidmap.vocabulary import NOT_APPRAISED, SCORE_LEVEL, VERDICT, VERDICTS, ScoreLevel, Verdict, verdict_of


@dataclass(frozen=True)
class DesignError:
    """How a work of one design can fail to back a claim: `systematic`, the chance that the design
    itself cannot show it (shared by every work of the design), and `random`, the chance that this
    one work does not."""

    systematic: Decimal
    random: Decimal

    @property
    def ceiling(self) -> Decimal:
        """The most any number of works of this design reach together."""
        return 1 - self.systematic

    @property
    def alone(self) -> Decimal:
        """What one work of this design scores on its own, in full."""
        return (1 - self.systematic) * (1 - self.random)


def _error(systematic: str, random: str) -> DesignError:
    return DesignError(Decimal(systematic), Decimal(random))


# Every design the content guide lists (the reference schema's enum). GRADE starts randomised
# trials (and meta-analyses of them) at high certainty, observational studies at low, and rates
# mechanistic work down as indirect for people; secondary sources report evidence rather than
# being it. The ceilings keep the levels apart: one meta-analysis, or two trials, pass STRONG_FROM, and
# one trial with only secondary sources beside it does not; observational studies alone never do;
# mechanistic work, reviews and opinion stay under MODERATE_FROM on their own.
DESIGN_ERROR = {
    "meta-analysis": _error("0.10", "0.15"),  # alone 0.765, ceiling 0.90
    "rct": _error("0.10", "0.35"),  # alone 0.585, ceiling 0.90
    "cohort": _error("0.40", "0.50"),  # alone 0.30, ceiling 0.60
    "case-control": _error("0.40", "0.50"),
    "cross-sectional": _error("0.50", "0.55"),  # alone 0.225, ceiling 0.50
    "human-experimental": _error("0.50", "0.55"),
    "animal": _error("0.65", "0.60"),  # alone 0.14, ceiling 0.35
    "cell": _error("0.65", "0.60"),
    "review": _error("0.70", "0.60"),  # alone 0.12, ceiling 0.30
    "guideline": _error("0.70", "0.60"),
    "lecture": _error("0.75", "0.60"),  # alone 0.10, ceiling 0.25
    "book": _error("0.75", "0.60"),
    "unknown": _error("0.80", "0.60"),  # alone 0.08, ceiling 0.20
}

# What a verdict leaves of a work's support. The verdicts that take support away
# (`Verdict.takes_support_away`: unsupported, contradicted) leave nothing; these leave half; the
# others (supported, miscited, not appraised) leave all of it: a miscited work is a citation problem
# shown on the reference page, and the score takes an article at its word until a curator says
# otherwise.
PARTIAL_VERDICTS = {"overstated": Decimal("0.5"), "unverifiable": Decimal("0.5")}

# the levels' lower bounds, on the score as rounded for readers; any score above zero is at least weak
STRONG_FROM = Decimal("0.75")
MODERATE_FROM = Decimal("0.40")

HUNDREDTHS = Decimal("0.01")
ZERO, ONE = Decimal(0), Decimal(1)

# the rules above as tables, made once (combine runs for every claim, arrow and cell)
_FACTOR = {v.id: ZERO if v.takes_support_away else PARTIAL_VERDICTS.get(v.id, ONE) for v in VERDICTS + (NOT_APPRAISED,)}
_ALONE = {design: error.alone for design, error in DESIGN_ERROR.items()}


def verdict_factor(verdict: Verdict) -> Decimal:
    """What `verdict` leaves of the support of a work it applies to: 0 for the verdicts that take
    support away, a part for PARTIAL_VERDICTS, else 1."""
    return _FACTOR[verdict.id]


def shown(value: Decimal) -> Decimal:
    """A score as readers see it: in hundredths, half up."""
    return value.quantize(HUNDREDTHS, ROUND_HALF_UP)


@dataclass(frozen=True)
class Citation:
    """One claim citing one work, with the verdict that applies to that work."""

    work: str  # reference id
    design: str
    verdict: Verdict
    claim: str


@dataclass(frozen=True)
class Contribution:
    """One line of "why this score": a work, once, and what it gives."""

    work: str  # reference id
    design: str
    verdict: Verdict  # the one applied to it: where several claims cite it, the most cautious
    claims: tuple[str, ...]  # the claims scored together that cite it, sorted
    factor: Decimal  # what the verdict leaves of it (verdict_factor)
    alone: Decimal  # its score were it the only work, in hundredths
    adds: Decimal  # what it adds to the lines above it, in hundredths


@dataclass(frozen=True)
class Score:
    """A score in [0, 1], in hundredths; its level; and its contributions, whose `adds` sum to it."""

    value: Decimal
    level: ScoreLevel
    contributions: tuple[Contribution, ...]  # strongest on its own first, then by reference id


# among verdicts that leave a work the same, the one a line shows: any appraisal before none, and
# of two appraisals the later in the reader's order (miscited tells more than supported)
_CAUTION = {v.id: i for i, v in enumerate(VERDICTS)} | {NOT_APPRAISED.id: -1}


def claim_citations(claim: Claim, designs: Mapping[str, str]) -> tuple[Citation, ...]:
    """The works `claim` cites, once each, with the verdict that applies to each: its appraisal's
    verdict for the works the appraisal concerns (all of them, unless `concerns` names some), and
    supported for the others, which the curators found to back it; not appraised without an
    appraisal. `designs`: reference id -> study design (a work it lacks is left out)."""
    appraisal = claim.appraisal
    verdict = verdict_of(appraisal.verdict if appraisal else None)
    citations = []
    for work in dict.fromkeys(claim.cites):
        if work not in designs:
            continue
        concerned = not (appraisal and appraisal.concerns) or work in appraisal.concerns
        citations.append(Citation(work, designs[work], verdict if concerned else VERDICT["supported"], claim.id))
    return tuple(citations)


def takes_support_away(claim: Claim) -> bool:
    """Whether the claim's verdict counts against it (vocabulary: unsupported, contradicted)."""
    return claim.appraisal is not None and VERDICT[claim.appraisal.verdict].takes_support_away


def combine(citations: Iterable[Citation], against: bool) -> Score:
    """The score of what `citations` cite (one claim's, or every claim's of an arrow or a matrix
    cell), each work counted once under the most cautious verdict applied to it. `against`: a
    verdict that takes support away applies to one of the claims scored; when nothing is left to
    count, the level is then disputed rather than no source."""
    by_work: dict[str, list[Citation]] = {}
    for citation in citations:
        by_work.setdefault(citation.work, []).append(citation)
    lines = []
    for work, cited in by_work.items():
        applied = (
            min(cited, key=lambda c: (_FACTOR[c.verdict.id], -_CAUTION[c.verdict.id], c.claim))
            if len(cited) > 1
            else cited[0]
        )
        factor = _FACTOR[applied.verdict.id]
        lines.append((_ALONE[applied.design] * factor, work, applied, factor, cited))
    lines.sort(key=lambda line: (-line[0], line[1]))

    own: dict[str, Decimal] = {}  # design -> product of its works' own errors so far
    contributions = []
    total = before = shown(ZERO)
    current, others = "", ONE  # the design of the line before, and the product of the other designs' errors
    for alone, work, applied, factor, cited in lines:
        design, error = applied.design, DESIGN_ERROR[applied.design]
        if design != current:  # lines of one design mostly come together: the others' product is kept
            current, others = design, ONE
            for other, product in own.items():
                if other != design:
                    others *= DESIGN_ERROR[other].systematic + (1 - DESIGN_ERROR[other].systematic) * product
        own[design] = own.get(design, ONE) * (1 - factor * (1 - error.random))
        total = shown(1 - others * (error.systematic + (1 - error.systematic) * own[design]))
        contributions.append(
            Contribution(
                work,
                applied.design,
                applied.verdict,
                tuple(sorted({c.claim for c in cited})),
                factor,
                shown(alone),
                total - before,
            )
        )
        before = total
    counted = any(c.factor for c in contributions)
    return Score(total, SCORE_LEVEL[_level(total, counted, against)], tuple(contributions))


def _level(value: Decimal, counted: bool, against: bool) -> str:
    """A work counted: by the score's bounds. None: disputed if a verdict took support away (a work
    left at nothing only is), else no source."""
    if not counted:
        return "disputed" if against else "no-source"
    if value >= STRONG_FROM:
        return "strong"
    if value >= MODERATE_FROM:
        return "moderate"
    return "weak"
