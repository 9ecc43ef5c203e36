"""Compare: which statements of different articles speak about the same thing, and how they stand
to each other. The one rule behind the agreement page, the findings' conflicts, the stances on claim
pages and the figures that differ; docs/agreement-rules.md is its table, one test per row.

Two relations are *comparable* when both have a sign (positive or negative) and their subjects, and
their objects, are the same entity or in line through the vocabulary's hierarchy (one is a kind or
a part of the other, at any depth: hierarchy.py). Comparable relations of claims of different
articles are *compared*, and each compared pair gets one stance (vocabulary.STANCES):

    same sign      timeframes both stated and different ............. different timeframes
                   otherwise ............................................ agree
    opposite sign  a setting field both state differs (timeframe too) . context-dependent
                   otherwise ............................................ conflict

A setting field that names an entity (source, tissue, condition) differs only when the two entities
are not in line; population words differ when they are not the same words (case and spacing aside); a field
that either leaves unstated never differs. Wording plays no part: not the predicate (inhibits and
reduces are one sign), not the free-text context, not the statement. Two figures for the same
measure agree when their values are the same, and are different figures otherwise.

Relations that compare alike are grouped first: a *kind* is every signed relation with the same
subject, object, effect and setting, so that an arrow restated by a hundred claims is compared once.
Kinds meet through an index by ancestor: each kind is filed under every pair of its subject's and
object's ancestors (and themselves), and a kind finds the kinds below it in both by one look-up, and
those below it in subject but above it in object by one look-up per ancestor of its object. The
work grows with the kinds times the hierarchy's depth squared, plus the pairs found; never with all
pairs of kinds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from evidmap.hierarchy import Hierarchy, Link
from evidmap.records import Claim, Project, Quantity, Relation, Setting
from evidmap.vocabulary import (
    AGREE,
    CONFLICT,
    CONTEXT_DEPENDENT,
    DIFFERENT_FIGURES,
    DIFFERENT_TIMEFRAMES,
    RELATED,
    SETTING_FIELDS,
    SIGNED_EFFECTS,
    STANCES,
    Stance,
)

ENTITY_FIELDS = frozenset({"source", "tissue", "condition"})  # setting fields that name an entity

KindKey = tuple[str, ...]  # subject, object, effect, then the setting's fields ('' where unstated)


@dataclass(frozen=True)
class Statement:
    """One relation of one claim."""

    claim: Claim
    relation: Relation


@dataclass(frozen=True)
class Kind:
    """Every signed relation with the same subject, object, effect and setting."""

    key: KindKey
    statements: tuple[Statement, ...]  # in map order (article, claim number)
    articles: tuple[str, ...]  # sorted

    @property
    def relation(self) -> Relation:
        """The first of its relations: what they all share (subject, object, effect, setting)."""
        return self.statements[0].relation


@dataclass(frozen=True)
class Comparison:
    """Two kinds of relation that claims of different articles state, and how they stand."""

    id: str  # stable within a map: the agreement page's anchor for it
    stance: Stance
    first: Kind  # the two in key order; the same kind twice when several articles state it alike
    second: Kind
    subject_path: tuple[Link, ...]  # the links that put the subjects in line, narrower first; () if the same
    object_path: tuple[Link, ...]
    differs: tuple[str, ...]  # the setting fields both state with different values, in SETTING_FIELDS order

    @property
    def claims(self) -> tuple[str, ...]:
        """The ids of every claim on either side."""
        return tuple(dict.fromkeys(s.claim.id for k in (self.first, self.second) for s in k.statements))


@dataclass(frozen=True)
class Comparisons:
    compared: tuple[Comparison, ...]  # tensions first (STANCES order), then by the kinds' keys
    of_claim: Mapping[str, tuple[Comparison, ...]]  # claim id -> the comparisons its relations are in


def kind_key(relation: Relation) -> KindKey:
    """What `classify` reads of a relation, and so what makes two relations of one kind."""
    setting = relation.setting
    values = [getattr(setting, name) or "" for name in SETTING_FIELDS]
    values[SETTING_FIELDS.index("population")] = _words(values[SETTING_FIELDS.index("population")])
    return (relation.subject, relation.object, relation.effect, *values)


def _words(text: str) -> str:
    """Population words as they are compared: case and runs of white space aside."""
    return " ".join(text.lower().split())


def differing(mine: Setting, theirs: Setting, hierarchy: Hierarchy) -> tuple[str, ...]:
    """The setting fields both state with values that tell the contexts apart."""
    found = []
    for name in SETTING_FIELDS:
        a, b = getattr(mine, name), getattr(theirs, name)
        if a is None or b is None:
            continue
        if name in ENTITY_FIELDS:
            if not hierarchy.in_line(a, b):
                found.append(name)
        elif _words(a) != _words(b):
            found.append(name)
    return tuple(found)


def comparable(mine: Relation, theirs: Relation, hierarchy: Hierarchy) -> bool:
    return (
        mine.effect in SIGNED_EFFECTS
        and theirs.effect in SIGNED_EFFECTS
        and hierarchy.in_line(mine.subject, theirs.subject)
        and hierarchy.in_line(mine.object, theirs.object)
    )


def classify(mine: Relation, theirs: Relation, hierarchy: Hierarchy) -> Stance:
    """The stance of two comparable relations (see the module docstring); the same either way round."""
    return _stance_of(mine.effect == theirs.effect, differing(mine.setting, theirs.setting, hierarchy))


def _stance_of(same_sign: bool, differs: tuple[str, ...]) -> Stance:
    if same_sign:
        return DIFFERENT_TIMEFRAMES if "timeframe" in differs else AGREE
    return CONTEXT_DEPENDENT if differs else CONFLICT


def stance(mine: Relation, theirs: Relation, hierarchy: Hierarchy) -> Stance:
    """How `theirs` stands to `mine` in a claim page's list of statements on the same pair of
    entities: their stance when they are comparable and on the same directed pair, else related."""
    if (theirs.subject, theirs.object) != (mine.subject, mine.object) or not comparable(mine, theirs, hierarchy):
        return RELATED
    return classify(mine, theirs, hierarchy)


def figure_stance(mine: Quantity, theirs: Quantity) -> Stance:
    """How one figure stands to another for the same measure."""
    return AGREE if theirs.value == mine.value else DIFFERENT_FIGURES


def compare(project: Project, hierarchy: Hierarchy) -> Comparisons:
    """Every compared pair of kinds of relation in the project (see the module docstring)."""
    grouped: dict[KindKey, list[Statement]] = {}
    for claim in sorted(project.claims, key=lambda c: (c.article, c.number)):
        for relation in claim.relations:
            if relation.effect in SIGNED_EFFECTS:
                grouped.setdefault(kind_key(relation), []).append(Statement(claim, relation))
    kinds = [
        Kind(key, tuple(statements), tuple(sorted({s.claim.article for s in statements})))
        for key, statements in sorted(grouped.items())
    ]
    order = {s.id: n for n, s in enumerate(STANCES)}
    compared: list[Comparison] = []
    anchors: set[str] = set()
    for i, j in _pairs(kinds, hierarchy):
        first, second = kinds[i], kinds[j]
        if len(first.articles) == 1 and first.articles == second.articles:
            continue  # one article with itself
        a, b = first.relation, second.relation
        differs = differing(a.setting, b.setting, hierarchy)
        compared.append(
            Comparison(
                id=_anchor(first.key, second.key, anchors),
                stance=_stance_of(a.effect == b.effect, differs),
                first=first,
                second=second,
                subject_path=hierarchy.between(a.subject, b.subject),
                object_path=hierarchy.between(a.object, b.object),
                differs=differs,
            )
        )
    compared.sort(key=lambda c: (order[c.stance.id], c.first.key, c.second.key))
    of_claim: dict[str, list[Comparison]] = {}
    for comparison in compared:
        for claim_id in comparison.claims:
            of_claim.setdefault(claim_id, []).append(comparison)
    return Comparisons(tuple(compared), {c: tuple(cs) for c, cs in of_claim.items()})


def _pairs(kinds: list[Kind], hierarchy: Hierarchy) -> list[tuple[int, int]]:
    """Every comparable pair of kinds (i <= j; a kind with itself when more than one article states
    it), each once, sorted."""

    def and_above(entity_id: str) -> list[str]:
        return [entity_id, *sorted(hierarchy.above(entity_id))]

    below: dict[tuple[str, str], list[int]] = {}  # (x, y) -> kinds whose subject is x or below, object y or below
    subject_below: dict[tuple[str, str], list[int]] = {}  # (x, o) -> kinds whose subject is x or below, object o
    for n, kind in enumerate(kinds):
        subject, obj = kind.key[0], kind.key[1]
        objects = and_above(obj)
        for x in and_above(subject):
            subject_below.setdefault((x, obj), []).append(n)
            for y in objects:
                below.setdefault((x, y), []).append(n)
    found: set[tuple[int, int]] = set()
    for n, kind in enumerate(kinds):
        subject, obj = kind.key[0], kind.key[1]
        # the kinds whose subject is this one's or below it: their object below or at this one's ...
        for m in below.get((subject, obj), ()):
            if m != n or len(kind.articles) > 1:
                found.add((min(n, m), max(n, m)))
        # ... or above it
        for y in hierarchy.above(obj):
            for m in subject_below.get((subject, y), ()):
                found.add((min(n, m), max(n, m)))
    return sorted(found)


def _anchor(first: KindKey, second: KindKey, taken: set[str]) -> str:
    """An anchor for the comparison of two kinds that names its entities and stays the same while the
    kinds do (a digest of their keys), unique among those `taken` (and then taken)."""
    digest = hashlib.blake2b(repr((first, second)).encode(), digest_size=4).hexdigest()
    ident = base = f"{first[0]}--{first[1]}--{digest}"
    n = 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return ident
