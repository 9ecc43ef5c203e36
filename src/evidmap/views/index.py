"""The site index: every lookup the page families share, made once a build and frozen — records by
id, claims by article and by entity, bibliography entries, arrows by entity, diagrams — and the rows
many pages show (a claim's, a reference's, an arrow's), each made once.

Indexes exist so that no page scans every claim, arrow or reference (quadratic at 10,000 claims).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from evidmap.analyse import Analysis, Edge
from evidmap.escape import doi_url
from evidmap.paths import Linker, page_path
from evidmap.records import Article, BibEntry, Claim, Entity, Project, QuoteSpan, Reference, Relation
from evidmap.score import Score
from evidmap.views.model import (
    ArticleLink,
    ClaimRow,
    EdgeRow,
    EntityLink,
    ReferenceRow,
    ScoreView,
    WhyLine,
    verdict_counts,
)
from evidmap.vocabulary import (
    DESIGN_LABEL,
    EFFECT_SYMBOL,
    EFFECT_WORD,
    NOT_APPRAISED,
    Verdict,
    level_label,
    verdict_of,
)


@dataclass(frozen=True)
class SiteIndex:
    project: Project
    analysis: Analysis
    svgs: Mapping[str, str]  # diagram key (see pathway.requests) -> inline SVG
    linker: Linker
    articles: Mapping[str, Article]
    claims: Mapping[str, Claim]
    references: Mapping[str, Reference]
    entities: Mapping[str, Entity]
    claims_of_article: Mapping[str, tuple[Claim, ...]]  # in claim-number order
    mentioning: Mapping[str, tuple[Claim, ...]]  # entity -> claims naming it anywhere, in map order
    edge_of_key: Mapping[tuple[str, str, str], Edge]  # (subject, object, effect) -> arrow
    edges_of_entity: Mapping[str, tuple[Edge, ...]]  # entity -> arrows starting or ending at it
    on_main_map: frozenset[str]  # the entities the whole-map diagram draws
    spans_of_article: Mapping[str, tuple[QuoteSpan, ...]]
    bib_entry: Mapping[tuple[str, str], BibEntry]  # (article, reference) -> its first bibliography entry
    citing_articles: Mapping[str, tuple[str, ...]]  # reference -> articles listing it, in map order
    citing_claims: Mapping[str, int]  # reference -> how many claims cite it
    by_measure: Mapping[str, tuple[Claim, ...]]  # measure -> claims stating a figure for it
    measure_labels: Mapping[str, str]  # measure id -> the words readers see for it
    entity_names: EntityNames
    named_in_article: Mapping[str, frozenset[str]]  # article -> entities its title names
    named_in_reference: Mapping[str, frozenset[str]]  # reference -> entities its citation names
    article_order: Mapping[str, int]  # article -> its place in the map
    claim_rows: Mapping[str, ClaimRow]
    reference_rows: Mapping[str, ReferenceRow]
    edge_rows: Mapping[str, EdgeRow]  # by Edge.id

    def article_link(self, article_id: str) -> ArticleLink:
        return ArticleLink(self.articles[article_id].title, page_path("article", article_id))

    def entity_link(self, entity_id: str) -> EntityLink:
        return EntityLink(self.entities[entity_id].label, page_path("entity", entity_id))

    def optional_entity_link(self, entity_id: str | None) -> EntityLink | None:
        return self.entity_link(entity_id) if entity_id else None

    def score_view(self, score: Score) -> ScoreView:
        """A score of several claims (a matrix cell's) as readers see it, line by line."""
        return _score_view(score, self.reference_rows)

    def claim_row(self, claim: Claim) -> ClaimRow:
        return self.claim_rows[claim.id]

    def edge_row(self, edge: Edge) -> EdgeRow:
        return self.edge_rows[edge.id]

    def names_of(self, claim: Claim) -> tuple[tuple[str, ...], ...]:
        """The names (label, full name, synonyms) of each entity known by more than one that the
        claim's page speaks of: those its relations (their settings too), intervention and outcome
        name, and those whose names its text uses (the statement, quote, appraisal note, relation
        contexts and populations, tags, the article's title and the cited works' citations, as
        claim.html shows them). Claim pages give them to search, so that a search for any name of
        an entity finds the claims a search for another of its names finds ('AMP-kinase' and
        'AMPK')."""
        named = {e for r in claim.relations for e in (r.subject, r.object)}
        named |= {e for r in claim.relations for e in (r.setting.source, r.setting.tissue, r.setting.condition) if e}
        named |= {e for e in (claim.intervention, claim.outcome) if e}
        texts = [claim.statement, claim.quote, *claim.tags]
        texts += [t for r in claim.relations for t in (r.context, r.setting.population) if t]
        if claim.appraisal:
            texts.append(claim.appraisal.note)
        if claim.quantity:
            texts.append(self.measure_labels[claim.quantity.measure])
        for text in texts:
            named |= self.entity_names.named_in(text)
        named |= self.named_in_article[claim.article]
        for ref in claim.cites:
            named |= self.named_in_reference[ref]
        # an entity known by one name only has it on the page already (in the text that named it,
        # the pathway section or the facts): search needs no more
        return tuple(names for e in sorted(named) if len(names := _names(self.entities[e])) > 1)

    def relation_text(self, relation: Relation) -> str:
        """'AMPK → mTORC1': a relation as lists of claims show it."""
        return f"{self.entities[relation.subject].label} {EFFECT_SYMBOL[relation.effect]} {self.entities[relation.object].label}"


@dataclass(frozen=True)
class EntityNames:
    """Which entities a text names, by any of their names, with words compared as search compares
    them: lower-case runs of letters and digits ('AMP-kinase' is 'amp kinase')."""

    by_words: Mapping[tuple[str, ...], tuple[str, ...]]  # a name's words -> the entities with that name
    lengths: Mapping[str, tuple[int, ...]]  # a name's first word -> how many words the names it starts have

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> EntityNames:
        by_words: dict[tuple[str, ...], list[str]] = {}
        for entity in entities:
            for name in _names(entity):
                words = tuple(_words(name))
                if words and entity.id not in by_words.get(words, ()):
                    by_words.setdefault(words, []).append(entity.id)
        lengths: dict[str, set[int]] = {}
        for words in by_words:
            lengths.setdefault(words[0], set()).add(len(words))
        return cls({w: tuple(ids) for w, ids in by_words.items()}, {w: tuple(sorted(n)) for w, n in lengths.items()})

    def named_in(self, text: str) -> frozenset[str]:
        words = _words(text)
        found: set[str] = set()
        for start, word in enumerate(words):
            for length in self.lengths.get(word, ()):
                found.update(self.by_words.get(tuple(words[start : start + length]), ()))
        return frozenset(found)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_WORD = re.compile(r"[^\W_]+")


def _names(entity: Entity) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in (entity.label, entity.name, *entity.synonyms) if n))


def build_index(project: Project, analysis: Analysis, svgs: Mapping[str, str], linker: Linker) -> SiteIndex:
    articles = {a.id: a for a in project.articles}
    claims = {c.id: c for c in project.claims}
    references = {r.id: r for r in project.references}
    entities = {e.id: e for e in project.entities}
    in_map_order = sorted(project.claims, key=lambda c: (c.article, c.number))
    claims_of_article: dict[str, list[Claim]] = {}
    mentioning: dict[str, list[Claim]] = {}
    for claim in in_map_order:
        claims_of_article.setdefault(claim.article, []).append(claim)
        named = {e for r in claim.relations for e in (r.subject, r.object)}
        for entity_id in named | {e for e in (claim.intervention, claim.outcome) if e}:
            mentioning.setdefault(entity_id, []).append(claim)
    by_measure: dict[str, list[Claim]] = {}
    citing_claims: dict[str, int] = {}
    for claim in project.claims:
        if claim.quantity:
            by_measure.setdefault(claim.quantity.measure, []).append(claim)
        for ref in set(claim.cites):
            citing_claims[ref] = citing_claims.get(ref, 0) + 1
    edges_of_entity: dict[str, list[Edge]] = {}
    for edge in analysis.edges:
        for entity_id in dict.fromkeys((edge.subject, edge.object)):
            edges_of_entity.setdefault(entity_id, []).append(edge)
    spans_of_article: dict[str, list[QuoteSpan]] = {}
    for span in project.spans:
        spans_of_article.setdefault(claims[span.claim].article, []).append(span)
    bib_entry: dict[tuple[str, str], BibEntry] = {}
    citing_articles: dict[str, list[str]] = {}
    for article in project.articles:
        for entry in article.bibliography:
            if (article.id, entry.ref) not in bib_entry:
                bib_entry[(article.id, entry.ref)] = entry
                citing_articles.setdefault(entry.ref, []).append(article.id)

    entity_names = EntityNames.of(project.entities)
    # the shared rows: references', then claims' (which list their references'), then arrows'
    reference_rows = {r.id: _reference_row(r) for r in project.references}
    claim_rows = {}
    for claim in project.claims:
        level = analysis.levels[claim.id]
        verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
        claim_rows[claim.id] = ClaimRow(
            claim,
            page_path("claim", claim.id),
            ArticleLink(articles[claim.article].title, page_path("article", claim.article)),
            level,
            level_label(level),
            tuple(reference_rows[r] for r in claim.cites),
            verdict,
            _score_view(analysis.scores[claim.id], reference_rows, verdict),
        )
    edge_rows = {}
    for edge in analysis.edges:
        rows = tuple(claim_rows[c] for c in edge.claims)
        edge_rows[edge.id] = EdgeRow(
            edge,
            f"edge-{edge.id}",
            EntityLink(entities[edge.subject].label, page_path("entity", edge.subject)),
            EntityLink(entities[edge.object].label, page_path("entity", edge.object)),
            EFFECT_SYMBOL[edge.effect],
            EFFECT_WORD[edge.effect],
            rows,
            tuple(ArticleLink(articles[a].title, page_path("article", a)) for a in edge.articles),
            edge.cited,
            _score_view(analysis.edge_scores[edge.id], reference_rows),
            verdict_counts(rows),
        )
    return SiteIndex(
        project=project,
        analysis=analysis,
        svgs=svgs,
        linker=linker,
        articles=articles,
        claims=claims,
        references=references,
        entities=entities,
        claims_of_article={a: tuple(cs) for a, cs in claims_of_article.items()},
        mentioning={e: tuple(cs) for e, cs in mentioning.items()},
        edge_of_key={e.key: e for e in analysis.edges},
        edges_of_entity={e: tuple(es) for e, es in edges_of_entity.items()},
        on_main_map=frozenset(e for edge in analysis.main_map for e in (edge.subject, edge.object)),
        spans_of_article={a: tuple(ss) for a, ss in spans_of_article.items()},
        bib_entry=bib_entry,
        citing_articles={r: tuple(a) for r, a in citing_articles.items()},
        citing_claims=citing_claims,
        by_measure={m: tuple(cs) for m, cs in by_measure.items()},
        measure_labels={m.id: m.label for m in project.measures},
        entity_names=entity_names,
        named_in_article={a.id: entity_names.named_in(a.title) for a in project.articles},
        named_in_reference={r.id: entity_names.named_in(reference_rows[r.id].citation) for r in project.references},
        article_order={a.id: i for i, a in enumerate(project.articles)},
        claim_rows=claim_rows,
        reference_rows=reference_rows,
        edge_rows=edge_rows,
    )


# what a verdict leaves of a work, in words (score.verdict_factor gives 1, a half or 0)
_COUNTS = {1: "in full", 0.5: "half", 0: "nothing"}


def _score_view(
    score: Score, reference_rows: Mapping[str, ReferenceRow], verdict: Verdict = NOT_APPRAISED
) -> ScoreView:
    """A score as readers see it, line by line. `verdict`: a claim's own; where the claim cites
    nothing, its page shows it beside the score (curators may find a sentence consistent with
    research the article does not cite: both facts are shown)."""
    lines = tuple(
        WhyLine(
            reference_rows[c.work],
            DESIGN_LABEL[c.design],
            c.verdict,
            _COUNTS.get(float(c.factor), f"x {c.factor}"),
            str(c.alone),
            f"+{c.adds}",
            len(c.claims),
        )
        for c in score.contributions
    )
    note = None
    if not score.contributions and verdict is not NOT_APPRAISED:
        found = "consistent with the literature" if verdict.id == "supported" else verdict.label.lower()
        note = f"No source cited; curators: {found}."
    return ScoreView(score.level, str(score.value), lines, note)


def _reference_row(ref: Reference) -> ReferenceRow:
    return ReferenceRow(
        ref,
        page_path("reference", ref.id),
        short_citation(ref),
        format_citation(ref),
        reference_links(ref),
        DESIGN_LABEL[ref.design],
    )


def format_citation(ref: Reference) -> str:
    """Vancouver style: 'DeFronzo RA, Tripathy D. Title. Journal. 2009;32(Suppl 2):S157-63.'"""
    names = [a.short for a in ref.authors]
    if len(names) > 6:
        names = names[:6] + ["et al."]
    authors = ", ".join(n for n in names if n != "et al.") + (" et al." if "et al." in names else "")
    parts = [authors.rstrip(".") + "." if authors else ""]
    if ref.title:
        parts.append(ref.title.rstrip(".") + ".")
    where = ref.container or ref.publisher or ""
    detail = str(ref.year or "n.d.")
    if ref.volume:
        detail += f";{ref.volume}"
    if ref.issue:
        detail += f"({ref.issue})"
    if ref.page:
        detail += f":{ref.page}"
    parts.append(f"{where}. {detail}." if where else f"{detail}.")
    return " ".join(p for p in parts if p)


def short_citation(ref: Reference) -> str:
    """'Gwinn et al. 2008'."""
    families = [a.family or a.literal for a in ref.authors if a.family or a.literal not in ("", "et al.")]
    if not families:
        name = ref.id
    elif len(families) == 1 and not any(a.literal == "et al." for a in ref.authors):
        name = families[0]
    elif len(families) == 2:
        name = f"{families[0]} and {families[1]}"
    else:
        name = f"{families[0]} et al."
    return f"{name} {ref.year or 'n.d.'}"


def reference_links(ref: Reference) -> tuple[tuple[str, str], ...]:
    links = []
    if ref.pmid:
        links.append((f"PubMed {ref.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"))
    if ref.doi:
        links.append((f"doi:{ref.doi}", doi_url(ref.doi)))
    if ref.url:
        links.append(("Publisher page", ref.url))
    return tuple(links)
