"""Records: the frozen, typed values every stage after validate works with.

validate builds them from raw YAML; nothing mutates them afterwards. Each keeps the file and line it
came from so that later stages (findings, cross-checks) can still point at the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.vocabulary import effect_of  # validate gives each relation its sign with it

__all__ = ["effect_of"]  # and the records below


@dataclass(frozen=True)
class Source:
    path: str
    line: int


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    kind: str
    name: str | None
    synonyms: tuple[str, ...]
    compartment: str | None
    xrefs: tuple[tuple[str, str], ...]
    note: str | None
    is_a: tuple[str, ...]  # broader entities it is a kind of, as the vocabulary lists them
    part_of: tuple[str, ...]  # wholes it is a part of
    source: Source


@dataclass(frozen=True)
class Measure:
    """A quantity that claims state figures for (`Quantity.measure` names it by id), with the words
    readers see for it."""

    id: str
    label: str
    source: Source


@dataclass(frozen=True)
class Author:
    family: str = ""
    given: str = ""
    literal: str = ""

    @property
    def short(self) -> str:
        """'DeFronzo RA' style: family name and initials, as reference lists print them."""
        if self.literal:
            return self.literal
        initials = "".join(part[0] for part in self.given.replace(".", " ").replace("-", " ").split() if part)
        return f"{self.family} {initials}".strip()


@dataclass(frozen=True)
class CitedAs:
    """How one article describes a work, where that differs from the reference record."""

    article: str
    fields: tuple[tuple[str, str], ...]  # (CSL field, value as the article gives it), sorted


@dataclass(frozen=True)
class Reference:
    id: str
    type: str
    title: str | None
    authors: tuple[Author, ...]
    year: int | None
    container: str | None
    volume: str | None
    issue: str | None
    page: str | None
    publisher: str | None
    pmid: str | None
    doi: str | None
    url: str | None
    design: str
    population: str | None
    n: int | None
    note: str | None
    as_cited: tuple[CitedAs, ...]
    source: Source


@dataclass(frozen=True)
class BibEntry:
    ref: str
    text: str
    number: int  # position in the article's list, from 1


@dataclass(frozen=True)
class Gap:
    at: str
    missing: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None
    source_file: str | None
    note: str | None
    citation_style: str
    bibliography: tuple[BibEntry, ...]
    gaps: tuple[Gap, ...]
    body: str
    body_line: int
    source: Source


@dataclass(frozen=True)
class Setting:
    """The structured context of a relation, each field None where the claim states none: where its
    subject comes from (`source`, an entity), where it acts (`tissue`, an entity), in whom
    (`population`, words), with which condition present (`condition`, an entity), and over which
    timeframe (vocabulary.TIMEFRAMES). Compared across articles (compare.py); the free-text
    `Relation.context` is shown, never compared."""

    source: str | None = None
    tissue: str | None = None
    population: str | None = None
    condition: str | None = None
    timeframe: str | None = None


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    effect: str  # positive | negative | unknown | part (membership, from part-of)
    context: str | None  # free text, shown as the curator wrote it
    setting: Setting  # the structured context; Setting() when the claim states none

    @property
    def edge_key(self) -> tuple[str, str, str]:
        return (self.subject, self.object, self.effect)


@dataclass(frozen=True)
class Quantity:
    measure: str
    value: str


@dataclass(frozen=True)
class Appraisal:
    verdict: str
    note: str
    concerns: tuple[str, ...] = ()  # the cited works the verdict is about, when not all of them
    date: str | None = None  # YYYY-MM-DD, when the curators give it


@dataclass(frozen=True)
class Claim:
    id: str
    article: str
    number: int  # order within its article's claim file, from 1
    quote: str
    statement: str
    type: str
    cites: tuple[str, ...]
    citation: str
    relations: tuple[Relation, ...]
    intervention: str | None
    outcome: str | None
    direction: str | None
    quantity: Quantity | None
    appraisal: Appraisal | None
    tags: tuple[str, ...]
    draft: bool
    source: Source


@dataclass(frozen=True)
class QuoteSpan:
    """Where a claim's quote sits in its article: a text unit and a character range of its text."""

    claim: str
    unit: int
    start: int
    end: int


@dataclass(frozen=True)
class Panel:
    """A curated view of the pathway: the arrows among a chosen set of entities."""

    id: str
    title: str
    description: str | None
    entities: tuple[str, ...]


@dataclass(frozen=True)
class Curator:
    """One of the people or organizations who appraise the map's claims (evidmap.yaml)."""

    name: str
    url: str | None
    kind: str  # person | organization


@dataclass(frozen=True)
class Licence:
    """The licence of the map's own content: an SPDX id and the page that states it."""

    id: str
    url: str


@dataclass(frozen=True)
class ErrorReports:
    """Where readers report an error in the map: a web page, an email address, or both."""

    url: str | None
    email: str | None


@dataclass(frozen=True)
class Project:
    """Everything validate accepted, each collection sorted by id."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    references: tuple[Reference, ...]
    entities: tuple[Entity, ...]
    spans: tuple[QuoteSpan, ...]  # sorted by claim id
    title: str = "Evidence map"
    description: str | None = None
    panels: tuple[Panel, ...] = ()
    curators: tuple[Curator, ...] = ()
    licence: Licence | None = None
    report_errors: ErrorReports | None = None
    measures: tuple[Measure, ...] = ()

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)
