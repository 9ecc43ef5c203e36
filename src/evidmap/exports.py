"""Exports: the map's data in the formats other tools read — claims as CSV and JSON, the evidence
matrix as CSV, references as CSL-JSON and BibTeX, schema.org JSON-LD for claim pages, the citation_*
tags of reference pages, and the sitemap. Each function takes records and returns text; none writes
files. Output is sorted, so it is byte-identical between builds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

from evidmap.analyse import Matrix
from evidmap.escape import bibtex_text, bibtex_verbatim, csv_cell, json_in_script, xml_chars
from evidmap.records import Article, Claim, Curator, Project, Reference
from evidmap.score import Score
from evidmap.vocabulary import (
    BEST_RATING,
    DESIGN_LABEL,
    DIRECTION_LABEL,
    VERDICT,
    VERDICT_RATING,
    WORST_RATING,
    verdict_of,
)

CLAIM_COLUMNS = [
    "id",
    "article",
    "number",
    "type",
    "statement",
    "quote",
    "cites",
    "citation",
    "evidence",
    "score",
    "score_level",
    "relations",
    "intervention",
    "outcome",
    "direction",
    "measure",
    "value",
    "verdict",
    "verdict_label",
    "verdict_meaning",
    "appraisal_note",
    "appraisal_date",
]


def score_why(score: Score) -> list[dict[str, Any]]:
    """A score's contributions, line by line, as plain data (the `adds` sum to the score)."""
    return [
        {
            "work": c.work,
            "design": c.design,
            "verdict": c.verdict.id,
            "factor": float(c.factor),
            "alone": float(c.alone),
            "adds": float(c.adds),
        }
        for c in score.contributions
    ]


def _claim_record(claim: Claim, levels: Mapping[str, str], scores: Mapping[str, Score]) -> dict[str, Any]:
    score = scores[claim.id]
    verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
    return {
        "id": claim.id,
        "article": claim.article,
        "number": claim.number,
        "type": claim.type,
        "statement": claim.statement,
        "quote": claim.quote,
        "cites": list(claim.cites),
        "citation": claim.citation,
        "evidence": levels[claim.id],
        "score": float(score.value),
        "score_level": score.level.id,
        "relations": [
            {
                "subject": r.subject,
                "predicate": r.predicate,
                "object": r.object,
                "effect": r.effect,
                "context": r.context,
                "setting": {k: v for k, v in vars(r.setting).items() if v is not None},
            }
            for r in claim.relations
        ],
        "intervention": claim.intervention,
        "outcome": claim.outcome,
        "direction": claim.direction,
        "measure": claim.quantity.measure if claim.quantity else None,
        "value": claim.quantity.value if claim.quantity else None,
        "verdict": claim.appraisal.verdict if claim.appraisal else None,
        # as readers see it (not appraised too), so that a table needs no key to be read
        "verdict_label": verdict.label,
        "verdict_meaning": verdict.meaning,
        "appraisal_note": claim.appraisal.note if claim.appraisal else None,
        "appraisal_date": claim.appraisal.date if claim.appraisal else None,
    }


def claims_json(project: Project, levels: Mapping[str, str], scores: Mapping[str, Score]) -> str:
    """Every claim with its evidence level (`Analysis.levels`) and the score of what it cites
    (`Analysis.scores`), with the score's lines ('score_why')."""
    records = [_claim_record(c, levels, scores) | {"score_why": score_why(scores[c.id])} for c in project.claims]
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def claims_csv(project: Project, levels: Mapping[str, str], scores: Mapping[str, Score]) -> str:
    out = io.StringIO()
    # CRLF line ends (RFC 4180): the writer then quotes a value holding a carriage return, which a
    # reader would otherwise take for the end of the row
    writer = csv.DictWriter(out, CLAIM_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for claim in project.claims:
        row = _claim_record(claim, levels, scores)
        row["cites"] = " ".join(row["cites"])
        row["relations"] = "; ".join(f"{r.subject} {r.predicate} {r.object}" for r in claim.relations)
        writer.writerow({k: csv_cell("" if v is None else str(v)) for k, v in row.items()})
    return out.getvalue()


MATRIX_COLUMNS = [
    "intervention",
    "intervention_label",
    "outcome",
    "outcome_label",
    "claims",
    "works",
    "articles",
    "best_design_cited",
    "score",
    "score_level",
    *(d.replace("-", "_") for d in DIRECTION_LABEL),
    "directions",
]


def matrix_csv(project: Project, matrix: Matrix, cell_scores: Mapping[tuple[str, str], Score]) -> str:
    """The evidence matrix, one row per cell (interventions x outcomes, as the matrix page orders them;
    a gap is a row of zeros and no score): how many claims and distinct works, the best design cited,
    the score of what they cite and its level (`Analysis.cell_scores`), how many claims give each
    direction, and each direction as the claims say it, with its context."""
    labels = {e.id: e.label for e in project.entities}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF, as claims_csv (RFC 4180)
    writer.writerow(MATRIX_COLUMNS)
    for intervention in matrix.interventions:
        for outcome in matrix.outcomes:
            cell = matrix.cells.get((intervention, outcome))
            counts = dict.fromkeys(DIRECTION_LABEL, 0)
            said = []
            for direction, n in cell.directions if cell else ():
                counts[direction.direction] += n
                context = f" ({direction.context})" if direction.context else ""
                said.append(f"{DIRECTION_LABEL[direction.direction]}{context}: {n}")
            row = [
                intervention,
                labels[intervention],
                outcome,
                labels[outcome],
                len(cell.claims) if cell else 0,
                len(cell.works) if cell else 0,
                len(cell.articles) if cell else 0,
                DESIGN_LABEL.get(cell.best_design, "") if cell else "",
                cell_scores[(intervention, outcome)].value if cell else "",
                cell_scores[(intervention, outcome)].level.id if cell else "",
                *counts.values(),
                "; ".join(said),
            ]
            writer.writerow([csv_cell(str(value)) for value in row])
    return out.getvalue()


def _csl(ref: Reference) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.id, "type": ref.type}
    if ref.title:
        item["title"] = ref.title
    if ref.authors:
        item["author"] = [
            {"literal": a.literal} if a.literal else {"family": a.family, "given": a.given} for a in ref.authors
        ]
    if ref.year:
        item["issued"] = {"date-parts": [[ref.year]]}
    for key, value in (
        ("container-title", ref.container),
        ("volume", ref.volume),
        ("issue", ref.issue),
        ("page", ref.page),
        ("publisher", ref.publisher),
        ("PMID", ref.pmid),
        ("DOI", ref.doi),
        ("URL", ref.url),
    ):
        if value:
            item[key] = value
    return item


def references_csl_json(project: Project) -> str:
    return json.dumps([_csl(r) for r in project.references], indent=1, ensure_ascii=False) + "\n"


_BIBTEX_TYPE = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
}


def references_bibtex(project: Project) -> str:
    entries = []
    for ref in project.references:
        fields = []
        if ref.authors:
            names = [a.literal if a.literal else f"{a.family}, {a.given}".strip(", ") for a in ref.authors]
            names = ["others" if n == "et al." else n for n in names]
            fields.append(("author", " and ".join(names)))
        for key, value in (
            ("title", ref.title),
            ("journal", ref.container),
            ("year", str(ref.year) if ref.year else None),
            ("volume", ref.volume),
            ("number", ref.issue),
            ("pages", ref.page),
            ("publisher", ref.publisher),
            ("doi", ref.doi),
            ("pmid", ref.pmid),
            ("url", ref.url),
        ):
            if value:
                fields.append((key, value))
        body = ",\n".join(
            f"  {k} = {{{bibtex_verbatim(v) if k in ('doi', 'url') else bibtex_text(v)}}}" for k, v in fields
        )
        entries.append(f"@{_BIBTEX_TYPE.get(ref.type, 'misc')}{{{ref.id},\n{body}\n}}\n")
    return "\n".join(entries)


def claim_json_ld(
    claim: Claim,
    article: Article,
    article_url: str,
    refs: Iterable[Reference],
    claim_url: str,
    curators: Iterable[Curator],
) -> str:
    """schema.org JSON-LD for a claim page, safe inside <script type="application/ld+json"> (no '<'
    survives): the Claim as it appears in its article and the works cited for it, and for an
    appraised claim a ClaimReview of it, whose rating encodes the verdict and nothing else (its
    label, and its number on the scale of vocabulary.VERDICT_RATING), by the curators, dated by the
    appraisal's date where it gives one (never the build's)."""
    appearance: dict[str, Any] = {"@type": "Article", "headline": article.title, "url": article_url}
    if article.date:
        appearance["datePublished"] = article.date
    item: dict[str, Any] = {
        "@type": "Claim",
        "@id": claim_url + "#claim",  # the claim; the page (claim_url) is the review of it
        "text": claim.statement,
        "firstAppearance": {"@type": "Quotation", "text": claim.quote},
        "appearance": appearance,
        "citation": [
            {
                "@type": "ScholarlyArticle",
                "name": r.title or r.id,
                **({"sameAs": f"https://pubmed.ncbi.nlm.nih.gov/{r.pmid}/"} if r.pmid else {}),
                **({"identifier": f"doi:{r.doi}"} if r.doi else {}),
            }
            for r in refs
        ],
    }
    if article.date:
        item["datePublished"] = article.date
    if article.publisher:
        item["author"] = {"@type": "Organization", "name": article.publisher}
    if claim.appraisal is None:
        data = {"@context": "https://schema.org", **item}
    else:
        verdict = VERDICT[claim.appraisal.verdict]
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label, "name": verdict.label}
        if verdict.id in VERDICT_RATING:  # unverifiable has no place on the scale
            rating.update(ratingValue=VERDICT_RATING[verdict.id], bestRating=BEST_RATING, worstRating=WORST_RATING)
        data = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": claim_url,
            "claimReviewed": claim.statement,
            "itemReviewed": item,
            "reviewRating": rating,
        }
        authors = [
            {
                "@type": "Organization" if c.kind == "organization" else "Person",
                "name": c.name,
                **({"url": c.url} if c.url else {}),
            }
            for c in curators
        ]
        if authors:
            data["author"] = authors[0] if len(authors) == 1 else authors
        if claim.appraisal.date:
            data["datePublished"] = claim.appraisal.date
    return json_in_script(json.dumps(data, ensure_ascii=False, sort_keys=True))


# Which citation_* tag names a reference's container, by CSL type: the tag also tells Zotero what
# kind of work it is (a journal article, a chapter, a conference paper); other types name none.
_CONTAINER_TAG = {
    "article-journal": "citation_journal_title",
    "article": "citation_journal_title",
    "review": "citation_journal_title",
    "chapter": "citation_book_title",
    "paper-conference": "citation_conference_title",
}


def citation_meta(ref: Reference) -> tuple[tuple[str, str], ...]:
    """The Highwire Press tags (<meta name="citation_..." content="...">) that Zotero's Embedded
    Metadata translator, Google Scholar and Mendeley read, describing the work a reference page is
    about, as (name, content) pairs in the order they are written; HTML escaping is the template's.
    Authors are 'Family, Given', one tag each ('et al.' is no author); pages split at their dash."""
    tags: list[tuple[str, str]] = []
    if ref.title:
        tags.append(("citation_title", ref.title))
    for author in ref.authors:
        if author.literal == "et al.":
            continue
        name = author.literal or ", ".join(part for part in (author.family, author.given) if part)
        if name:
            tags.append(("citation_author", name))
    if ref.container and ref.type in _CONTAINER_TAG:
        tags.append((_CONTAINER_TAG[ref.type], ref.container))
    for name, value in (
        ("citation_publisher", ref.publisher),
        ("citation_publication_date", str(ref.year) if ref.year else None),
        ("citation_volume", ref.volume),
        ("citation_issue", ref.issue),
    ):
        if value:
            tags.append((name, value))
    if ref.page:
        first, last = _pages(ref.page)
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    if ref.doi:
        tags.append(("citation_doi", ref.doi))
    if ref.pmid:
        tags.append(("citation_pmid", ref.pmid))
    return tuple(tags)


def _pages(page: str) -> tuple[str, str]:
    """('1468', '1474') for '1468-1474' (a hyphen or an en dash), ('e12880', '') for one page."""
    first, _, last = page.replace("–", "-").partition("-")
    return first.strip(), last.strip()


def sitemap(paths: Iterable[str], base_url: str) -> str:
    """The sitemap of the pages at `paths` under `base_url`, which must be absolute: the sitemap
    protocol admits only absolute URLs (build writes none without such a base)."""
    base = base_url.rstrip("/") + "/"
    urls = "".join(f"  <url><loc>{escape(xml_chars(base + p))}</loc></url>\n" for p in sorted(paths))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
