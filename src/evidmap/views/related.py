"""Related claims: what the other articles say about a claim's pairs of entities and about each
entity it names, as the claim page's "What the other articles say" lists. One public method,
`RelatedClaims.of`.

Each list shows at most `limit` claims and says how many more there are. Disagreements come first
(they are what a reader most needs to see; stances follow `compare.stance`); then, within each list,
the best-evidenced claim of each article in turn, so that a list shows as many articles as it can
before a second claim of any one of them. The choice is made from lists indexed once a build
(`_pair_statements`, `_naming`) without going through every candidate: a popular arrow is restated
by thousands of claims, and each of their pages scanning all the others was quadratic. The engine
keeps those indexes, filled as pages ask, for the life of one build.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from evidmap.compare import KindKey, kind_key, stance
from evidmap.records import Claim, Relation
from evidmap.views.index import SiteIndex
from evidmap.views.model import ClaimAbout, EntityLink, StancedClaim
from evidmap.vocabulary import STANCES, Stance

# A claim page shows at most this many other claims per list ("about the same pair", "also about
# <entity>"); the entity's page lists them all. Unbounded, these lists grow with the whole map: at
# 10,000 claims a claim page listed ~100 others per entity, and claim pages were most of the site's
# HTML and of its build time.
RELATED_LIMIT = 10
POPULAR = 100  # claims on one pair of entities from which related lists walk around them (see _outside)
STANCE_ORDER = {s.id: level for level, s in enumerate(STANCES)}
STANCE_AT = dict(enumerate(STANCES))

Pair = frozenset[str]
# a statement on a pair: (strength, position, claim, relation, about); ordered by its first two
Statement = tuple[int, int, Claim, Relation, str]
T = TypeVar("T")


@dataclass(frozen=True)
class EntityGroup:
    """Claims of other articles naming one entity, outside the page claim's pairs."""

    entity: EntityLink
    more: int  # how many the list leaves out
    claims: tuple[ClaimAbout, ...]


@dataclass(frozen=True)
class OtherArticles:
    """What a claim page shows under "What the other articles say"."""

    pairs: tuple[StancedClaim, ...]  # on the same pair of entities
    pairs_more: int  # how many the list leaves out
    pairs_entities: tuple[EntityLink, ...]  # whose pages list them all
    by_entity: tuple[EntityGroup, ...]


def _in_turn(lanes: Iterable[Iterator[T]], limit: int) -> list[T]:
    """Up to `limit` items taken one from each lane in turn (a lane that runs out is dropped). The
    lanes are taken from `lanes` only as the first round reaches them: most lists fill up in it."""
    picked: list[T] = []
    current: Iterable[Iterator[T]] = lanes
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


KeyedStatement = tuple[tuple[int, int, int], Statement]


def _run(
    rows: Iterable[Statement], pair_number: int, earlier: list[frozenset[tuple[str, str]]]
) -> Iterator[KeyedStatement]:
    """One article's ranked statements on one of a claim's pairs, keyed for merging with its
    statements on the claim's other pairs (strongest first, then the claim's earlier pair, then as
    stated), leaving out statements already made on an earlier pair."""
    for row in rows:
        if not any((row[2].id, row[4]) in keys for keys in earlier):
            yield (row[0], pair_number, row[1]), row


def _merged(runs: list[Iterator[KeyedStatement]]) -> Iterator[Statement]:
    """The rows of several `_run`s in the order of their keys."""
    return (row for _, row in heapq.merge(*runs, key=lambda keyed: keyed[0]))


@dataclass(frozen=True)
class _Statements:
    """The statements of a relation between one pair of entities (see `_pair_statements`)."""

    keys: frozenset[tuple[str, str]]  # (claim id, about) of every statement
    keys_in: dict[str, set[tuple[str, str]]]  # article -> the keys of its statements
    claim_ids: frozenset[str]  # every claim that makes one
    ranked: dict[
        KindKey, dict[str, list[Statement]]
    ]  # kind of relation (compare.kind_key) -> article -> rows, strongest first


@dataclass(frozen=True)
class _Outside:
    """The claims naming one entity outside a set of pairs (see `_outside`)."""

    count: int
    first: dict[str, list[Claim]]  # article, in map order -> claims, strongest first (a bounded prefix)


@dataclass(frozen=True)
class _Naming:
    """The claims whose relations name one entity (see `_naming`)."""

    ids: frozenset[str]
    ids_in: dict[str, frozenset[str]]  # article -> ids
    ranked: dict[str, list[Claim]]  # article, in map order -> claims, strongest first (as stated where equal)


Tiers = dict[int, dict[str, list[Statement]]]  # stance level -> article, in map order -> statements


class RelatedClaims:
    """The related-claims engine of one build: `of(claim)` gives a claim page's lists."""

    def __init__(self, site: SiteIndex, limit: int = RELATED_LIMIT):
        self.site = site
        self.limit = limit
        self.strength = site.analysis.strength  # lower is stronger
        self.article_order = site.article_order
        self.relation_claims: dict[str, list[Claim]] = {}  # entity -> claims whose relations name it, in map order
        for claim in sorted(site.project.claims, key=lambda c: (c.article, c.number)):
            for entity_id in {e for r in claim.relations for e in (r.subject, r.object)}:
                self.relation_claims.setdefault(entity_id, []).append(claim)
        self.pair_relations: dict[Pair, list[tuple[Claim, Relation]]] = {}  # {a, b} -> (claim, relation)
        for claim in site.project.claims:
            for relation in claim.relations:
                self.pair_relations.setdefault(frozenset((relation.subject, relation.object)), []).append(
                    (claim, relation)
                )
        self.pairs_of = {
            c.id: frozenset(frozenset((r.subject, r.object)) for r in c.relations) for c in site.project.claims
        }
        labels = [e.label for e in site.project.entities]
        self.labels_unique = len(labels) == len(set(labels))
        self._statements: dict[Pair, _Statements] = {}  # see _pair_statements
        self._named: dict[str, _Naming] = {}  # see _naming
        self._stances: dict[tuple[Pair, KindKey], Tiers] = {}  # see _by_stance
        self._outsides: dict[tuple[str, frozenset[Pair]], _Outside] = {}  # see _outside
        self._on_pair: dict[tuple[str, Pair], int] = {}  # see _naming_on
        self._off: dict[tuple[str, Pair], dict[str, list[Claim]]] = {}  # see _off_pair
        # each list item made once a build and shared by every page listing it (see _about, _stanced)
        self._abouts: dict[tuple[str, str], ClaimAbout] = {}
        self._stanceds: dict[tuple[str, str, str], StancedClaim] = {}  # (claim, stance id, about)

    def of(self, claim: Claim) -> OtherArticles:
        """Claims of other articles about the same pair of entities (marked as agreeing, disagreeing
        or related), then other claims about each entity this claim's relations name."""
        site, own = self.site, claim.article
        mine: dict[Pair, Relation] = {}  # each pair once, with the first of this claim's relations on it
        for relation in claim.relations:
            mine.setdefault(frozenset((relation.subject, relation.object)), relation)
        pairs = frozenset(mine)
        pair_count = self._statement_count(pairs, own)
        shown = self._pick_statements(own, mine)
        shown.sort(key=lambda p: (p[0].id, p[2]))
        by_entity = []
        for entity_id in dict.fromkeys(e for r in claim.relations for e in (r.subject, r.object)):
            # claims of other articles naming the entity, less those already under "about the same pair"
            outside = self._outside(entity_id, pairs)
            own_outside = [c for c in self._naming(entity_id).ids_in.get(own, ()) if self.pairs_of[c].isdisjoint(pairs)]
            count = outside.count - len(own_outside)
            if not count:
                continue
            picked = _in_turn((iter(ranked) for article, ranked in outside.first.items() if article != own), self.limit)
            if count <= self.limit:
                picked.sort(key=lambda c: (c.article, c.number))  # all of them: in map order
            by_entity.append(
                EntityGroup(
                    site.entity_link(entity_id),
                    count - len(picked),
                    tuple(self._about(other, entity_id) for other in picked),
                )
            )
        return OtherArticles(
            pairs=tuple(self._stanced(other, their_stance, about) for other, their_stance, about in shown),
            pairs_more=pair_count - len(shown),
            pairs_entities=tuple(site.entity_link(e) for e in dict.fromkeys(r.subject for r in claim.relations)),
            by_entity=tuple(by_entity),
        )

    def _about(self, other: Claim, entity_id: str) -> ClaimAbout:
        """`other` in a list of claims about the entity. Made once a build: a claim is listed on many
        pages, and render digests a shared item once for all their keys (model.SHARED_ROWS)."""
        key = (other.id, entity_id)
        found = self._abouts.get(key)
        if found is None:
            about = "; ".join(self.site.relation_text(r) for r in other.relations if entity_id in (r.subject, r.object))
            found = self._abouts[key] = ClaimAbout(self.site.claim_row(other), about)
        return found

    def _stanced(self, other: Claim, their_stance: Stance, about: str) -> StancedClaim:
        """`other` in a list of claims about the same pair, made once a build (as `_about`)."""
        key = (other.id, their_stance.id, about)
        found = self._stanceds.get(key)
        if found is None:
            found = self._stanceds[key] = StancedClaim(self.site.claim_row(other), their_stance, about)
        return found

    def _pick_statements(self, own: str, mine: dict[Pair, Relation]) -> list[tuple[Claim, Stance, str]]:
        """Up to `limit` statements (claim, stance, about) of other articles on the claim's pairs
        (`mine`: pair -> the claim's first relation on it): by stance (tensions, agree, related),
        then the best-evidenced of each article in turn. A statement on two of the pairs counts under
        the first, with that relation's stance."""
        by_pair = [self._by_stance(pair, relation) for pair, relation in mine.items()]
        earlier = [self._pair_statements(pair).keys for pair in mine]
        picked: list[tuple[Statement, int]] = []
        levels: set[int] = set().union(*by_pair)
        for level in sorted(levels):
            lanes: Iterable[Iterator[Statement]]
            if len(by_pair) == 1:
                lanes = (iter(rows) for article, rows in by_pair[0].get(level, {}).items() if article != own)
            else:
                lanes = (
                    _merged(
                        [_run(tiers.get(level, {}).get(article, ()), i, earlier[:i]) for i, tiers in enumerate(by_pair)]
                    )
                    for article in self._articles_at(by_pair, level)
                    if article != own
                )
            picked += [(row, level) for row in _in_turn(lanes, self.limit - len(picked))]
            if len(picked) >= self.limit:
                break
        return [(row[2], STANCE_AT[level], row[4]) for row, level in picked]

    def _articles_at(self, by_pair: list[Tiers], level: int) -> Iterator[str]:
        """The articles with a statement at `level` on any of the pairs, in map order, as far as
        they are asked for (each pair's are in map order already)."""
        order = self.article_order.__getitem__
        last = None
        for article in heapq.merge(*(tiers.get(level, {}) for tiers in by_pair), key=order):
            if article != last:
                yield article
                last = article

    def _statement_count(self, pairs: frozenset[Pair], own: str) -> int:
        """How many statements (claim, relation text) articles other than `own` make on `pairs`."""
        parts = [self._pair_statements(pair) for pair in pairs]
        if len(parts) == 1 or self.labels_unique:  # then no statement is on two pairs: add them up
            return sum(len(p.keys) - len(p.keys_in.get(own, ())) for p in parts)
        mine: set[tuple[str, str]] = set().union(*(p.keys_in.get(own, ()) for p in parts))
        return len(set().union(*(p.keys for p in parts)) - mine)

    def _outside(self, entity_id: str, pairs: frozenset[Pair]) -> _Outside:
        """The claims naming the entity that make no statement on `pairs`: how many, and the first
        `limit` of each of the first `limit` + 1 articles that have any, in map order, strongest
        first. That is all a list on a page about those pairs can show, whichever article the page's
        claim is from; made once per entity and set of pairs, and small whatever the map."""
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
                kept = list(islice((c for c in ranked if self.pairs_of[c.id].isdisjoint(pairs)), self.limit))
                if kept:
                    first[article] = kept
                    if len(first) > self.limit:
                        break
            found = self._outsides[(entity_id, pairs)] = _Outside(count, first)
        return found

    def _largest(self, pairs: frozenset[Pair]) -> Pair:
        """The pair with the most claims stating something on it (ties: by entity ids)."""
        return min(pairs, key=lambda pair: (-len(self._pair_statements(pair).claim_ids), sorted(pair)))

    def _off_pair(self, entity_id: str, pair: Pair) -> dict[str, list[Claim]]:
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

    def _naming_on(self, entity_id: str, pairs: frozenset[Pair], largest: Pair) -> int:
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

    def _by_stance(self, pair: Pair, relation: Relation) -> Tiers:
        """The statements on `pair` by their stance to `relation` (STANCE_ORDER), then by article in
        map order, strongest first: made once per pair and kind of relation."""
        key = (pair, kind_key(relation))  # all that `stance` reads
        found = self._stances.get(key)
        if found is None:
            tiers: Tiers = {}
            for by_article in self._pair_statements(pair).ranked.values():
                theirs = next(iter(by_article.values()))[0][3]  # a group shares all that `stance` reads
                level = STANCE_ORDER[stance(relation, theirs, self.site.analysis.hierarchy).id]
                for article, rows in by_article.items():
                    tiers.setdefault(level, {}).setdefault(article, []).extend(rows)
            in_map_order = self.article_order.__getitem__
            found = self._stances[key] = {
                level: {a: sorted(by_article[a], key=lambda r: r[:2]) for a in sorted(by_article, key=in_map_order)}
                for level, by_article in tiers.items()
            }
        return found

    def _pair_statements(self, pair: Pair) -> _Statements:
        """The statements of a relation between one pair of entities, indexed once a build."""
        found = self._statements.get(pair)
        if found is None:
            seen: set[tuple[str, str]] = set()
            rows: list[Statement] = []  # once per (claim, about)
            for other, theirs in self.pair_relations.get(pair, []):
                about = self.site.relation_text(theirs)
                if (other.id, about) not in seen:
                    seen.add((other.id, about))
                    rows.append((self.strength[other.id], len(rows), other, theirs, about))
            keys_in: dict[str, set[tuple[str, str]]] = {}
            ranked: dict[KindKey, dict[str, list[Statement]]] = {}
            for row in sorted(rows, key=lambda r: r[:2]):  # strongest first, then as stated
                other, theirs = row[2], row[3]
                keys_in.setdefault(other.article, set()).add((other.id, row[4]))
                ranked.setdefault(kind_key(theirs), {}).setdefault(other.article, []).append(row)
            found = self._statements[pair] = _Statements(
                frozenset(seen), keys_in, frozenset(other.id for other, _ in self.pair_relations.get(pair, [])), ranked
            )
        return found

    def _naming(self, entity_id: str) -> _Naming:
        """The claims whose relations name the entity, indexed once a build."""
        found = self._named.get(entity_id)
        if found is None:
            claims = self.relation_claims.get(entity_id, [])
            ids_in: dict[str, set[str]] = {}
            ranked: dict[str, list[Claim]] = {}
            for other in sorted(claims, key=lambda c: self.strength[c.id]):  # stable
                ids_in.setdefault(other.article, set()).add(other.id)
                ranked.setdefault(other.article, []).append(other)
            found = self._named[entity_id] = _Naming(
                frozenset(c.id for c in claims),
                {a: frozenset(ids) for a, ids in ids_in.items()},
                {a: ranked[a] for a in sorted(ranked, key=self.article_order.__getitem__)},
            )
        return found
