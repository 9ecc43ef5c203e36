"""The About page: who appraised the map's claims and against what, what each verdict means and how
many claims carry it, what the map is not, how to report an error, and the licence of its content.

Who, where to report and the licence come from evidmap.yaml; the verdicts' words from the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.records import Curator, ErrorReports, Licence
from evidmap.views.index import SiteIndex
from evidmap.views.model import Page, ViewModel
from evidmap.vocabulary import NOT_APPRAISED, READER_VERDICTS, Verdict, verdict_of

ABOUT_PATH = "about.html"


@dataclass(frozen=True)
class VerdictUse:
    verdict: Verdict
    claims: int  # how many claims of the map show it
    listed: bool  # the findings page lists them (every verdict but not appraised, when any claim has it)


@dataclass(frozen=True)
class AboutPage(ViewModel):
    description: str | None  # the map's own, from evidmap.yaml
    curators: tuple[Curator, ...]
    licence: Licence | None
    report_errors: ErrorReports | None
    verdicts: tuple[VerdictUse, ...]  # every verdict a reader meets, in the vocabulary's order
    against: tuple[Verdict, ...]  # the verdicts that take support away from a claim
    claims: int
    appraised: int
    latest: str | None  # the latest date an appraisal gives


def about_page(site: SiteIndex) -> Page:
    project = site.project
    used: dict[str, int] = {}
    for claim in project.claims:
        verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
        used[verdict.id] = used.get(verdict.id, 0) + 1
    dates = [c.appraisal.date for c in project.claims if c.appraisal and c.appraisal.date]
    return Page(
        ABOUT_PATH,
        "about.html",
        "About this map",
        AboutPage(
            description=project.description,
            curators=project.curators,
            licence=project.licence,
            report_errors=project.report_errors,
            verdicts=tuple(
                VerdictUse(v, used.get(v.id, 0), v is not NOT_APPRAISED and v.id in used) for v in READER_VERDICTS
            ),
            against=tuple(v for v in READER_VERDICTS if v.takes_support_away),
            claims=len(project.claims),
            appraised=sum(1 for c in project.claims if c.appraisal),
            latest=max(dates, default=None),
        ),
    )
