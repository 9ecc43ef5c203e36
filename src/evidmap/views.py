"""Views: records, findings and diagrams -> one view-model per page.

A page is its output path, the template that renders it, a title and a context of plain values.
Templates read only these view-models (and the frozen records inside them), never the graph, so
what each page shows is decided here, in Python that tests can call directly.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional

from evidmap import articles as article_text
from evidmap import exports
from evidmap.escape import doi_url
from evidmap.analyse import Analysis, Edge, stance
from evidmap.paths import Linker, page_path
from evidmap.pathway import THICKEST_FROM
from evidmap.records import Claim, Project, Reference
from evidmap.vocabulary import CITATION_LABEL, DESIGN_LABEL, EFFECT_SYMBOL, EFFECT_WORD, STANCES, VERDICT_LABEL

XREF_URL = {
    "HGNC": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{}",
    "UniProt": "https://www.uniprot.org/uniprotkb/{}/entry",
    "ChEBI": "https://www.ebi.ac.uk/chebi/searchId.do?chebiId={}",
    "MeSH": "https://meshb.nlm.nih.gov/record/ui?ui={}",
    "GO": "https://amigo.geneontology.org/amigo/term/{}",
}
# A claim page shows at most this many other claims per list ("about the same pair", "also about
# <entity>"); the entity's page lists them all. Unbounded, these lists grow with the whole map: at
# 10,000 claims a claim page listed ~100 others per entity, and claim pages were most of the site's
# HTML and of its build time.
RELATED_LIMIT = 10
POPULAR = 100  # claims on one pair of entities from which related lists walk around them (see _outside)
STANCE_ORDER = {name: level for level, name in enumerate(STANCES)}
STANCE_NAME = {level: name for name, level in STANCE_ORDER.items()}


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


class Row(dict):
    """A row many pages show (a claim's, a reference's, an arrow's), made once a build and never
    changed after: render writes it into page keys as one digest rather than whole on every page
    (an arrow's row lists every claim stating it, on each of those claims' pages). A change after
    that digest would leave a page stale in `evidmap serve`, so changing a Row is an error (copy it:
    `dict(row, more=...)`), and what it holds is tuples."""

    def _unchangeable(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a Row is shared by many pages and is not changed once made; copy it with dict(row, ...)")

    __setitem__ = __delitem__ = __ior__ = update = pop = popitem = setdefault = clear = _unchangeable  # type: ignore[assignment]


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


def reference_links(ref: Reference) -> list[tuple[str, str]]:
    links = []
    if ref.pmid:
        links.append((f"PubMed {ref.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"))
    if ref.doi:
        links.append((f"doi:{ref.doi}", doi_url(ref.doi)))
    if ref.url:
        links.append(("Publisher page", ref.url))
    return links


def page_makers(
    project: Project, analysis: Analysis, svgs: dict[str, str], linker: Linker, title: str
) -> list[Callable[[], Page]]:
    """One function per page of the site, in a stable order, each making that page's view-model.

    Pages are made one at a time, as they are rendered, so that a large site never holds every
    view-model at once, and so that rendering processes can each make their own share."""
    ctx = _Context(project, analysis, svgs, linker)
    makers: list[Callable[[], Page]] = [
        partial(ctx.index_page, title), ctx.pathway_page, ctx.findings_page, ctx.not_found_page,
        ctx.claims_index, ctx.references_index, ctx.entities_index, ctx.matrix_page,
        ctx.agreement_page, ctx.search_page, ctx.data_page]
    makers += [partial(ctx.article_page, a) for a in project.articles]
    makers += [partial(ctx.claim_page, c) for c in project.claims]
    makers += [partial(ctx.reference_page, r) for r in project.references]
    makers += [partial(ctx.entity_page, e.id) for e in project.entities]
    return makers


def _in_turn(lanes: Iterable[Iterator], limit: int) -> list:
    """Up to `limit` items taken one from each lane in turn (a lane that runs out is dropped). The
    lanes are taken from `lanes` only as the first round reaches them: most lists fill up in it."""
    picked: list = []
    current: Iterable[Iterator] = lanes
    while len(picked) < limit:
        still = []
        for lane in current:
            item = next(lane, None)
            if item is not None:
                picked.append(item)
                if len(picked) == limit:
                    return picked
                still.append(lane)
        if not still:
            break
        current = still
    return picked


def _run(rows: Iterable, pair_number: int, earlier: list) -> Iterator:
    """One article's ranked statements on one of a claim's pairs, keyed for merging with its
    statements on the claim's other pairs (strongest first, then the claim's earlier pair, then as
    stated), leaving out statements already made on an earlier pair."""
    for row in rows:
        if not any((row[2].id, row[4]) in keys for keys in earlier):
            yield (row[0], pair_number, row[1]), row


def _merged(runs: list[Iterator]) -> Iterator:
    """The rows of several `_run`s in the order of their keys."""
    return (row for _, row in heapq.merge(*runs, key=lambda keyed: keyed[0]))


@dataclass(frozen=True)
class _Statements:
    """The statements of a relation between one pair of entities (see `_Context._pair_statements`)."""

    keys: frozenset  # (claim id, about) of every statement
    keys_in: dict[str, set]  # article -> the keys of its statements
    claim_ids: frozenset  # every claim that makes one
    ranked: dict[tuple, dict[str, list]]  # (subject, object, effect) -> article -> rows, strongest first


@dataclass(frozen=True)
class _Outside:
    """The claims naming one entity outside a set of pairs (see `_Context._outside`)."""

    count: int
    first: dict[str, list]  # article, in map order -> claims, strongest first (a bounded prefix)


@dataclass(frozen=True)
class _Naming:
    """The claims whose relations name one entity (see `_Context._naming`)."""

    ids: frozenset
    ids_in: dict[str, frozenset]  # article -> ids
    ranked: dict[str, list]  # article, in map order -> claims, strongest first (as stated where equal)


_stance = stance  # the one rule (analyse.stance)


class _Context:
    """Lookups shared by all page builders of one build."""

    def __init__(self, project: Project, analysis: Analysis, svgs: dict[str, str], linker: Linker):
        self.project = project
        self.analysis = analysis
        self.findings = analysis.findings
        edges = self.edges = analysis.edges
        self.svgs = svgs
        self.linker = linker
        self.articles = {a.id: a for a in project.articles}
        self.claims = {c.id: c for c in project.claims}
        self.refs = {r.id: r for r in project.references}
        self.entities = {e.id: e for e in project.entities}
        self.claims_of_article: dict[str, list[Claim]] = {}
        for claim in sorted(project.claims, key=lambda c: (c.article, c.number)):
            self.claims_of_article.setdefault(claim.article, []).append(claim)
        self.edge_of_key = {(e.subject, e.object, e.effect): e for e in edges}
        # Indexes, so that no page scans every claim, edge or reference (quadratic at 10,000 claims)
        self.levels = analysis.levels
        self.article_order = {a.id: i for i, a in enumerate(project.articles)}
        self.strength = dict(analysis.strength)  # lower is stronger
        self.claims_in_order = sorted(project.claims, key=lambda c: (c.article, c.number))
        self.relation_claims: dict[str, list[Claim]] = {}  # entity -> claims whose relations name it
        self.mentioning: dict[str, list[Claim]] = {}  # entity -> claims naming it anywhere
        for claim in self.claims_in_order:
            named = {e for r in claim.relations for e in (r.subject, r.object)}
            for entity_id in named:
                self.relation_claims.setdefault(entity_id, []).append(claim)
            for entity_id in named | {e for e in (claim.intervention, claim.outcome) if e}:
                self.mentioning.setdefault(entity_id, []).append(claim)
        self.pair_relations: dict[frozenset, list[tuple[Claim, Any]]] = {}  # {a, b} -> (claim, relation)
        self.by_measure: dict[str, list[Claim]] = {}
        self.citing_claims: dict[str, int] = {}  # reference -> number of claims citing it
        for claim in project.claims:
            for relation in claim.relations:
                self.pair_relations.setdefault(frozenset((relation.subject, relation.object)), []).append((claim, relation))
            if claim.quantity:
                self.by_measure.setdefault(claim.quantity.measure, []).append(claim)
            for ref in set(claim.cites):
                self.citing_claims[ref] = self.citing_claims.get(ref, 0) + 1
        self.edges_of_entity: dict[str, list[Edge]] = {}
        for edge in edges:
            for entity_id in dict.fromkeys((edge.subject, edge.object)):
                self.edges_of_entity.setdefault(entity_id, []).append(edge)
        self.spans_of_article: dict[str, list] = {}
        for span in project.spans:
            self.spans_of_article.setdefault(self.claims[span.claim].article, []).append(span)
        self.bib_entry: dict[tuple[str, str], Any] = {}  # (article, reference) -> first bibliography entry
        self.citing_articles: dict[str, list[str]] = {}  # reference -> articles listing it, in article order
        for article in project.articles:
            for entry in article.bibliography:
                if (article.id, entry.ref) not in self.bib_entry:
                    self.bib_entry[(article.id, entry.ref)] = entry
                    self.citing_articles.setdefault(entry.ref, []).append(article.id)
        self._statements: dict[frozenset, _Statements] = {}  # see _pair_statements
        self._named: dict[str, _Naming] = {}  # see _naming
        self._stances: dict[tuple, dict[int, dict[str, list]]] = {}  # see _by_stance
        self._outsides: dict[tuple, _Outside] = {}  # see _outside
        self._on_pair: dict[tuple, int] = {}  # see _naming_on
        self._off: dict[tuple, dict[str, list[Claim]]] = {}  # see _off_pair
        self.pairs_of = {c.id: frozenset(frozenset((r.subject, r.object)) for r in c.relations) for c in project.claims}
        labels = [e.label for e in project.entities]
        self.labels_unique = len(labels) == len(set(labels))
        self._claim_rows: dict[str, dict[str, Any]] = {}
        self._ref_rows: dict[str, dict[str, Any]] = {}
        self._edge_rows: dict[str, dict[str, Any]] = {}

    # --- small shared view-models ---------------------------------------------------------------

    # Rows are the same on every page (paths are site paths; templates make them relative), so each
    # is built once and shared; templates only read them.

    def claim_row(self, claim: Claim) -> dict[str, Any]:
        row = self._claim_rows.get(claim.id)
        if row is None or row["claim"] is not claim:
            row = self._claim_rows[claim.id] = Row({
                "claim": claim,
                "path": page_path("claim", claim.id),
                "article": self.articles[claim.article],
                "article_path": page_path("article", claim.article),
                "level": self.levels[claim.id],
                "level_label": DESIGN_LABEL.get(self.levels[claim.id], "no source given"),
                "refs": tuple(self.ref_row(self.refs[r]) for r in claim.cites),
            })
        return row

    def ref_row(self, ref: Reference) -> dict[str, Any]:
        row = self._ref_rows.get(ref.id)
        if row is None or row["ref"] is not ref:
            row = self._ref_rows[ref.id] = Row({
                "ref": ref, "path": page_path("reference", ref.id), "short": short_citation(ref),
                "citation": format_citation(ref), "links": tuple(reference_links(ref)),
                "design": DESIGN_LABEL[ref.design]})
        return row

    def article_link(self, article_id: str) -> dict[str, Any]:
        return {"article": self.articles[article_id], "path": page_path("article", article_id)}

    def entity_link(self, entity_id: Optional[str]) -> Optional[dict[str, Any]]:
        if not entity_id:
            return None
        return {"entity": self.entities[entity_id], "path": page_path("entity", entity_id)}

    def edge_row(self, edge: Edge) -> dict[str, Any]:
        row = self._edge_rows.get(edge.id)
        if row is None or row["edge"] is not edge:
            row = self._edge_rows[edge.id] = self._edge_row(edge)
        return row

    def _edge_row(self, edge: Edge) -> dict[str, Any]:
        return Row({
            "edge": edge,
            "anchor": f"edge-{edge.id}",
            "subject": self.entities[edge.subject], "object": self.entities[edge.object],
            "subject_path": page_path("entity", edge.subject), "object_path": page_path("entity", edge.object),
            "symbol": EFFECT_SYMBOL[edge.effect], "word": EFFECT_WORD[edge.effect],
            "claims": tuple(self.claim_row(self.claims[c]) for c in edge.claims),
            "articles": tuple(self.article_link(a) for a in edge.articles),
            "cited": edge.cited,
        })

    # --- pages -------------------------------------------------------------------------------------

    def index_page(self, title: str) -> Page:
        rows = []
        for article in self.project.articles:
            claims = self.claims_of_article.get(article.id, [])
            rows.append({
                "article": article, "path": page_path("article", article.id), "claims": len(claims),
                "cited": sum(1 for c in claims if c.cites), "references": len(article.bibliography),
                "relations": sum(len(c.relations) for c in claims),
                "appraised": sum(1 for c in claims if c.appraisal),
            })
        stats = {
            "articles": len(self.project.articles), "claims": len(self.project.claims),
            "references": len(self.project.references), "entities": len(self.project.entities),
            "edges": len(self.edges), "uncited": len(self.findings.uncited),
            "appraised": len(self.findings.appraised),
        }
        return Page("index.html", "index.html", title, {"rows": rows, "stats": stats})

    def article_page(self, article) -> Page:
        path = page_path("article", article.id)
        claims = self.claims_of_article.get(article.id, [])
        highlights = [
            article_text.Highlight(
                s.claim, s.unit, s.start, s.end, self.linker.href(path, page_path("claim", s.claim)),
                f"Claim {self.claims[s.claim].number}: {self.claims[s.claim].statement}", self.claims[s.claim].number,
            )
            for s in self.spans_of_article.get(article.id, [])
        ]
        body_html = article_text.render_html(article.body, highlights, [(g.at, g.missing) for g in article.gaps])
        used = {ref for c in claims for ref in c.cites}
        bibliography = [
            {"entry": entry, "ref": self.ref_row(self.refs[entry.ref]), "used": entry.ref in used,
             "claims": [c for c in claims if entry.ref in c.cites]}
            for entry in article.bibliography
        ]
        return Page(path, "article.html", article.title, {
            "article": article, "body_html": body_html, "bibliography": bibliography,
            "claims": [self.claim_row(c) for c in claims],
            "uncited": sum(1 for c in claims if not c.cites),
        })

    def claim_page(self, claim: Claim) -> Page:
        path = page_path("claim", claim.id)
        relations = []
        for relation in claim.relations:
            edge = self.edge_of_key[relation.edge_key]
            relations.append({"relation": relation, "row": self.edge_row(edge)})
        article = self.articles[claim.article]
        json_ld = exports.claim_json_ld(
            claim, article.title, self.linker.href(path, page_path("article", article.id)),
            [self.refs[r] for r in claim.cites], self.linker.href(path, path),
        )
        entity_ids = sorted({e for r in claim.relations for e in (r.subject, r.object)} | {e for e in (claim.intervention, claim.outcome) if e})
        filters = [("kind", "claim"), ("article", article.title), ("type", claim.type),
                   ("evidence", DESIGN_LABEL.get(self.levels[claim.id], "uncited")),
                   ("verdict", claim.appraisal.verdict if claim.appraisal else "not appraised")]
        filters += [("entity", self.entities[e].label) for e in entity_ids]
        return Page(path, "claim.html", claim.statement, {
            "json_ld": json_ld, "filters": filters,
            "row": self.claim_row(claim),
            "citation_label": CITATION_LABEL[claim.citation],
            "verdict_label": VERDICT_LABEL.get(claim.appraisal.verdict, "") if claim.appraisal else "",
            "relations": relations,
            "diagram": self.svgs.get(f"claim:{claim.id}"),
            "others": self.related_claims(claim),
            "figures": self.same_quantity(claim),
            "intervention": self.entity_link(claim.intervention),
            "outcome": self.entity_link(claim.outcome),
        })

    def related_claims(self, claim: Claim) -> dict[str, Any]:
        """What the other articles say: claims about the same pair of entities (marked as agreeing,
        disagreeing or related), then other claims about each entity this claim's relations name.

        Each list shows at most RELATED_LIMIT claims and says how many more there are. Disagreements
        come first (they are what a reader most needs to see); then, within each list, the
        best-evidenced claim of each article in turn, so that a list shows as many articles as it can
        before a second claim of any one of them. The choice is made from lists indexed once a build
        (`_pair_statements`, `_naming`) without going through every candidate: a popular arrow is
        restated by thousands of claims, and each of their pages scanning all the others was quadratic."""
        own = claim.article
        mine: dict[frozenset, Any] = {}  # each pair once, with the first of this claim's relations on it
        for relation in claim.relations:
            mine.setdefault(frozenset((relation.subject, relation.object)), relation)
        pairs = frozenset(mine)
        pair_count = self._statement_count(pairs, own)
        shown = self._pick_statements(own, mine)
        shown.sort(key=lambda p: (p["claim"].id, p["about"]))
        by_entity = []
        for entity_id in dict.fromkeys(e for r in claim.relations for e in (r.subject, r.object)):
            # claims of other articles naming the entity, less those already under "about the same pair"
            outside = self._outside(entity_id, pairs)
            own_outside = [c for c in self._naming(entity_id).ids_in.get(own, ()) if self.pairs_of[c].isdisjoint(pairs)]
            count = outside.count - len(own_outside)
            if not count:
                continue
            picked = _in_turn((iter(ranked) for article, ranked in outside.first.items() if article != own), RELATED_LIMIT)
            if count <= RELATED_LIMIT:
                picked.sort(key=lambda c: (c.article, c.number))  # all of them: in map order
            by_entity.append({"entity": self.entity_link(entity_id), "more": count - len(picked), "claims": [
                {"row": self.claim_row(other), "about": "; ".join(
                    self.relation_text(r) for r in other.relations if entity_id in (r.subject, r.object))}
                for other in picked]})
        return {
            "pairs": [{"row": self.claim_row(p["claim"]), "stance": p["stance"], "about": p["about"]} for p in shown],
            "pairs_more": pair_count - len(shown),
            "pairs_entities": [self.entity_link(e) for e in dict.fromkeys(r.subject for r in claim.relations)],
            "by_entity": by_entity,
        }

    def _pick_statements(self, own: str, mine: dict[frozenset, Any]) -> list[dict[str, Any]]:
        """Up to RELATED_LIMIT statements of other articles on the claim's pairs (`mine`: pair ->
        the claim's first relation on it): by stance (disagrees, agrees, related), then the
        best-evidenced of each article in turn. A statement on two of the pairs counts under the
        first, with that relation's stance."""
        by_pair = [self._by_stance(pair, relation) for pair, relation in mine.items()]
        earlier = [self._pair_statements(pair).keys for pair in mine]
        picked: list = []
        for level in sorted(set().union(*by_pair)):
            if len(by_pair) == 1:
                lanes: Iterable[Iterator] = (iter(rows) for article, rows in by_pair[0].get(level, {}).items() if article != own)
            else:
                lanes = (_merged([_run(tiers.get(level, {}).get(article, ()), i, earlier[:i]) for i, tiers in enumerate(by_pair)])
                         for article in self._articles_at(by_pair, level) if article != own)
            picked += [(row, level) for row in _in_turn(lanes, RELATED_LIMIT - len(picked))]
            if len(picked) >= RELATED_LIMIT:
                break
        return [{"claim": row[2], "stance": STANCE_NAME[level], "about": row[4]} for row, level in picked]

    def _articles_at(self, by_pair: list, level: int) -> Iterator[str]:
        """The articles with a statement at `level` on any of the pairs, in map order, as far as
        they are asked for (each pair's are in map order already)."""
        order = self.article_order.__getitem__
        last = None
        for article in heapq.merge(*(tiers.get(level, {}) for tiers in by_pair), key=order):
            if article != last:
                yield article
                last = article

    def _statement_count(self, pairs: frozenset, own: str) -> int:
        """How many statements (claim, relation text) articles other than `own` make on `pairs`."""
        parts = [self._pair_statements(pair) for pair in pairs]
        if len(parts) == 1 or self.labels_unique:  # then no statement is on two pairs: add them up
            return sum(len(p.keys) - len(p.keys_in.get(own, ())) for p in parts)
        return len(set().union(*(p.keys for p in parts)) - set().union(*(p.keys_in.get(own, ()) for p in parts)))

    def _outside(self, entity_id: str, pairs: frozenset) -> _Outside:
        """The claims naming the entity that make no statement on `pairs`: how many, and the first
        RELATED_LIMIT of each of the first RELATED_LIMIT + 1 articles that have any, in map order,
        strongest first. That is all a list on a page about those pairs can show, whichever article
        the page's claim is from; made once per entity and set of pairs, and small whatever the map."""
        found = self._outsides.get((entity_id, pairs))
        if found is None:
            naming = self._naming(entity_id)
            largest = self._largest(pairs)
            count = len(naming.ids) - self._naming_on(entity_id, pairs, largest)
            first: dict[str, list[Claim]] = {}
            # off a popular pair, walk the claims already known to be off it rather than skip its thousands
            popular = len(self._pair_statements(largest).claim_ids) >= POPULAR
            walk = self._off_pair(entity_id, largest) if popular else naming.ranked
            for article, ranked in walk.items() if count else ():
                kept = list(islice((c for c in ranked if self.pairs_of[c.id].isdisjoint(pairs)), RELATED_LIMIT))
                if kept:
                    first[article] = kept
                    if len(first) > RELATED_LIMIT:
                        break
            found = self._outsides[(entity_id, pairs)] = _Outside(count, first)
        return found

    def _largest(self, pairs: frozenset) -> frozenset:
        """The pair with the most claims stating something on it (ties: by entity ids)."""
        return min(pairs, key=lambda pair: (-len(self._pair_statements(pair).claim_ids), sorted(pair)))

    def _off_pair(self, entity_id: str, pair: frozenset) -> dict[str, list[Claim]]:
        """`_naming(entity_id).ranked` without the claims stating something on `pair` (once a build
        for each popular pair)."""
        found = self._off.get((entity_id, pair))
        if found is None:
            on = self._pair_statements(pair).claim_ids
            found = {}
            for article, ranked in self._naming(entity_id).ranked.items():
                kept = [c for c in ranked if c.id not in on]
                if kept:
                    found[article] = kept
            self._off[(entity_id, pair)] = found
        return found

    def _naming_on(self, entity_id: str, pairs: frozenset, largest: frozenset) -> int:
        """How many claims naming the entity make a statement on any of `pairs`, without gathering
        them: the share of the largest pair (`_largest(pairs)`) is counted once a build, and only
        the smaller pairs' claims are gone through (a claim restating a popular arrow and a rare one
        must not list all the popular arrow's claims)."""
        named = self._naming(entity_id).ids
        key = (entity_id, largest)
        on_largest = self._on_pair.get(key)
        if on_largest is None:
            claim_ids = self._pair_statements(largest).claim_ids
            # every claim on a pair names both its entities
            on_largest = self._on_pair[key] = len(claim_ids) if entity_id in largest else len(claim_ids & named)
        seen: set[str] = set()
        for pair in pairs - {largest}:
            for claim_id in self._pair_statements(pair).claim_ids:
                if largest not in self.pairs_of[claim_id] and claim_id in named:
                    seen.add(claim_id)
        return on_largest + len(seen)

    def _by_stance(self, pair: frozenset, relation: Any) -> dict[int, dict[str, list]]:
        """The statements on `pair` by their stance to `relation` (STANCE_ORDER), then by article in
        map order, strongest first: made once per pair and kind of relation."""
        key = (pair, relation.subject, relation.object, relation.effect)  # all that _stance reads
        found = self._stances.get(key)
        if found is None:
            tiers: dict[int, dict[str, list]] = {}
            for by_article in self._pair_statements(pair).ranked.values():
                theirs = next(iter(by_article.values()))[0][3]  # a group shares subject, object and effect
                level = STANCE_ORDER[_stance(relation, theirs)]
                for article, rows in by_article.items():
                    tiers.setdefault(level, {}).setdefault(article, []).extend(rows)
            in_map_order = self.article_order.__getitem__
            found = self._stances[key] = {
                level: {a: sorted(by_article[a], key=lambda r: r[:2]) for a in sorted(by_article, key=in_map_order)}
                for level, by_article in tiers.items()}
        return found

    def _pair_statements(self, pair: frozenset) -> _Statements:
        """The statements of a relation between one pair of entities, indexed once a build."""
        found = self._statements.get(pair)
        if found is None:
            seen: set[tuple[str, str]] = set()
            rows = []  # (strength, position, claim, relation, about), once per (claim, about)
            for other, theirs in self.pair_relations.get(pair, []):
                about = self.relation_text(theirs)
                if (other.id, about) not in seen:
                    seen.add((other.id, about))
                    rows.append((self.strength[other.id], len(rows), other, theirs, about))
            keys_in: dict[str, set] = {}
            ranked: dict[tuple, dict[str, list]] = {}
            for row in sorted(rows, key=lambda r: r[:2]):  # strongest first, then as stated
                other, theirs = row[2], row[3]
                keys_in.setdefault(other.article, set()).add((other.id, row[4]))
                ranked.setdefault((theirs.subject, theirs.object, theirs.effect), {}).setdefault(other.article, []).append(row)
            found = self._statements[pair] = _Statements(
                frozenset(seen), keys_in, frozenset(other.id for other, _ in self.pair_relations.get(pair, [])), ranked)
        return found

    def _naming(self, entity_id: str) -> _Naming:
        """The claims whose relations name the entity, indexed once a build."""
        found = self._named.get(entity_id)
        if found is None:
            claims = self.relation_claims.get(entity_id, [])
            ids_in: dict[str, set] = {}
            ranked: dict[str, list[Claim]] = {}
            for other in sorted(claims, key=lambda c: self.strength[c.id]):  # stable
                ids_in.setdefault(other.article, set()).add(other.id)
                ranked.setdefault(other.article, []).append(other)
            found = self._named[entity_id] = _Naming(
                frozenset(c.id for c in claims), {a: frozenset(ids) for a, ids in ids_in.items()},
                {a: ranked[a] for a in sorted(ranked, key=self.article_order.__getitem__)})
        return found

    def relation_text(self, relation) -> str:
        return f"{self.entities[relation.subject].label} {EFFECT_SYMBOL[relation.effect]} {self.entities[relation.object].label}"

    def same_quantity(self, claim: Claim) -> list[dict[str, Any]]:
        if not claim.quantity:
            return []
        return [
            {"row": self.claim_row(other), "value": other.quantity.value,
             "agrees": other.quantity.value == claim.quantity.value}
            for other in self.by_measure[claim.quantity.measure]
            if other.id != claim.id
        ]

    def reference_page(self, ref: Reference) -> Page:
        path = page_path("reference", ref.id)
        citing = []
        for article in self.project.articles:
            entry = self.bib_entry.get((article.id, ref.id))
            if entry is None:
                continue
            claims = [self.claim_row(c) for c in self.claims_of_article.get(article.id, []) if ref.id in c.cites]
            described = next((c for c in ref.as_cited if c.article == article.id), None)
            citing.append({"article": article, "path": page_path("article", article.id), "entry": entry,
                           "claims": claims, "described": described})
        described = [
            {**self.article_link(c.article), "fields": c.fields} for c in ref.as_cited if c.article in self.articles
        ]
        return Page(path, "reference.html", short_citation(ref), {"row": self.ref_row(ref), "citing": citing, "described": described})

    def entity_page(self, entity_id: str) -> Page:
        entity = self.entities[entity_id]
        path = page_path("entity", entity_id)
        near = [self.edge_row(e) for e in self.edges_of_entity.get(entity_id, [])]
        mentioning = [self.claim_row(c) for c in self.mentioning.get(entity_id, [])]
        xrefs = [(k, v, XREF_URL[k].format(v)) for k, v in entity.xrefs]
        return Page(path, "entity.html", entity.label, {
            "entity": entity, "edges": near, "claims": mentioning, "xrefs": xrefs,
            "diagram": self.svgs.get(f"entity:{entity_id}"),
        })

    def pathway_page(self) -> Page:
        panels = [
            {"panel": panel, "anchor": f"panel-{panel.id}", "diagram": self.svgs[f"panel:{panel.id}"]}
            for panel in self.project.panels
        ]
        drawn = self.analysis.main_map
        return Page("pathway.html", "pathway.html", "Pathway", {
            "panels": panels, "diagram": self.svgs["pathway"], "legend": self.svgs["legend"],
            "drawn": len(drawn), "hidden": len(self.edges) - len(drawn), "thickest_from": THICKEST_FROM,
            "edges": [self.edge_row(e) for e in self.edges],
        })

    def findings_page(self) -> Page:
        f = self.findings
        by_verdict: dict[str, list] = {}
        for claim in f.appraised:
            by_verdict.setdefault(claim.appraisal.verdict, []).append(self.claim_row(claim))
        verdicts = [(v, VERDICT_LABEL[v], by_verdict[v]) for v in VERDICT_LABEL if v in by_verdict]
        uncited = []
        for article in self.project.articles:
            claims = [self.claim_row(c) for c in f.uncited if c.article == article.id]
            uncited.append({"article": article, "path": page_path("article", article.id), "claims": claims,
                            "total": len(self.claims_of_article.get(article.id, []))})
        figures = [
            {"measure": fs.measure, "agree": fs.agree,
             "claims": [dict(self.claim_row(c), value=c.quantity.value) for c in fs.claims]}
            for fs in f.figures
        ]
        return Page("findings.html", "findings.html", "Findings", {
            "verdicts": verdicts, "uncited": uncited,
            "unused": [{"article": self.articles[a], "article_path": page_path("article", a), "ref": self.ref_row(self.refs[r])}
                       for a, r in f.unused_bibliography],
            "discrepancies": [self.ref_row(self.refs[r]) for r in f.discrepancies],
            "contradictions": [[self.edge_row(e) for e in c.edges] for c in f.contradictions],
            "figures": figures,
        })

    def not_found_page(self) -> Page:
        return Page("404.html", "404.html", "Page not found", {})

    def claims_index(self) -> Page:
        groups = [
            {"article": a, "path": page_path("article", a.id),
             "claims": [self.claim_row(c) for c in self.claims_of_article.get(a.id, [])]}
            for a in self.project.articles
        ]
        return Page("claims/index.html", "claims_index.html", "All claims", {"groups": groups})

    def references_index(self) -> Page:
        rows = []
        for ref in sorted(self.project.references, key=lambda r: (short_citation(r).lower(), r.id)):
            citing = [self.article_link(a) for a in self.citing_articles.get(ref.id, [])]
            rows.append({**self.ref_row(ref), "articles": citing, "claims": self.citing_claims.get(ref.id, 0)})
        return Page("references/index.html", "references_index.html", "All references", {"rows": rows})

    def entities_index(self) -> Page:
        kinds: dict[str, list] = {}
        degree: dict[str, int] = {}
        for edge in self.edges:
            degree[edge.subject] = degree.get(edge.subject, 0) + 1
            degree[edge.object] = degree.get(edge.object, 0) + 1
        for entity in sorted(self.project.entities, key=lambda e: (e.kind, e.label.lower())):
            kinds.setdefault(entity.kind, []).append({"entity": entity, "path": page_path("entity", entity.id),
                                                      "arrows": degree.get(entity.id, 0)})
        return Page("entities/index.html", "entities_index.html", "All entities", {"kinds": sorted(kinds.items())})

    # --- reader views across articles -------------------------------------------------------------

    def matrix_page(self) -> Page:
        """Interventions x outcomes, in the manner of evidence-and-gap maps: each cell counts claims
        and articles, shows the strongest evidence and the directions, and links to its claims."""
        matrix = self.analysis.matrix
        table = []
        for i in matrix.interventions:
            line: list[Optional[dict[str, Any]]] = []
            for o in matrix.outcomes:
                cell = matrix.cells.get((i, o))
                line.append({"anchor": f"cell-{i}--{o}", "claims": len(cell.claims), "articles": cell.articles,
                             "level": cell.level, "level_label": DESIGN_LABEL.get(cell.level, "uncited"),
                             "directions": list(cell.directions)} if cell else None)
            table.append({"entity": self.entity_link(i), "cells": line})
        details = [
            {"anchor": f"cell-{i}--{o}", "intervention": self.entity_link(i), "outcome": self.entity_link(o),
             "claims": [self.claim_row(c) for c in matrix.cells[(i, o)].claims]}
            for i in matrix.interventions for o in matrix.outcomes if (i, o) in matrix.cells
        ]
        return Page("matrix.html", "matrix.html", "Evidence matrix", {
            "columns": [self.entity_link(o) for o in matrix.outcomes], "rows": table, "details": details})

    def agreement_page(self) -> Page:
        """Wherever more than one article states something about the same pair of entities or the
        same quantity: their claims side by side, marked as agreeing or disagreeing."""
        pairs = []
        for group in self.analysis.pairs:
            a, b = group.entities
            columns = [
                {**self.article_link(art), "claims": [
                    {"row": self.claim_row(c), "about": self.relation_text(r)} for c, r in group.statements if c.article == art]}
                for art in group.articles
            ]
            pairs.append({"title": f"{self.entities[a].label} and {self.entities[b].label}",
                          "anchor": f"pair-{a}--{b}", "stance": group.stance, "columns": columns})
        figures = []
        for fs in self.analysis.figures:
            articles = fs.articles
            figures.append({"measure": fs.measure, "anchor": f"figure-{fs.measure}",
                            "stance": fs.stance,
                            "columns": [{**self.article_link(art), "claims": [
                                {"row": self.claim_row(c), "about": c.quantity.value} for c in fs.claims if c.article == art]}
                                for art in articles]})
        return Page("agreement.html", "agreement.html", "Where the articles agree and disagree",
                    {"pairs": pairs, "figures": figures})

    def search_page(self) -> Page:
        return Page("search.html", "search.html", "Search", {})

    def data_page(self) -> Page:
        return Page("data/index.html", "data.html", "Data and exports", {})
