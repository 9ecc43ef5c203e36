"""Hierarchy: how the vocabulary's entities relate to each other — a broader entity an entity is a
kind of (`is-a`: IL-6 is a kind of myokine) and a whole it is a part of (`part-of`: Raptor is part
of mTORC1).

It owns, made once a build from the entity records: each entity's own links up and the links of
the entities directly below it, each entity's ancestors (everything above it through either kind of
link, at any depth), whether two entities are *in line* (the same, or one above the other), and the
shortest chain of links between two that are. Validation uses `cycles` to refuse a hierarchy that
leads back to where it started.

Both kinds of link are transitive and count alike for comparison: a statement about a part or a
narrower kind speaks about the whole or the broader entity too (compare.py). Siblings (two kinds of
one broader entity) are not in line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from evidmap.records import Entity
from evidmap.vocabulary import IS_A, PART_OF


@dataclass(frozen=True)
class Link:
    """`narrower` is a kind (`is-a`) or a part (`part-of`) of `broader`."""

    narrower: str
    kind: str  # vocabulary.IS_A or vocabulary.PART_OF
    broader: str


@dataclass(frozen=True)
class Hierarchy:
    up: Mapping[str, tuple[Link, ...]]  # entity -> its own links (is-a, then part-of, as written)
    down: Mapping[str, tuple[Link, ...]]  # entity -> the links of the entities directly below it, sorted
    ancestors: Mapping[str, frozenset[str]]  # entity -> every entity above it, not itself

    def above(self, entity_id: str) -> frozenset[str]:
        return self.ancestors.get(entity_id, frozenset())

    def in_line(self, a: str, b: str) -> bool:
        """The same entity, or one above the other (at any depth)."""
        return a == b or a in self.above(b) or b in self.above(a)

    def path(self, narrower: str, broader: str) -> tuple[Link, ...]:
        """The shortest chain of links from `narrower` up to `broader` (fewest steps; among those,
        the first in the order the links are written), or () when they are the same or not in line."""
        if narrower == broader or broader not in self.above(narrower):
            return ()
        came_by: dict[str, Link] = {}
        queue = deque([narrower])
        while queue:
            current = queue.popleft()
            for link in self.up.get(current, ()):
                if link.broader in came_by or link.broader == narrower:
                    continue
                came_by[link.broader] = link
                if link.broader == broader:
                    chain = [link]
                    while chain[-1].narrower != narrower:
                        chain.append(came_by[chain[-1].narrower])
                    return tuple(reversed(chain))
                queue.append(link.broader)
        return ()

    def between(self, a: str, b: str) -> tuple[Link, ...]:
        """The chain of links that puts `a` and `b` in line, from the narrower one up; () when they
        are the same entity or not in line."""
        return self.path(a, b) or self.path(b, a)


def build_hierarchy(entities: Iterable[Entity]) -> Hierarchy:
    """The hierarchy of a validated vocabulary (links to unknown entities are left out)."""
    entities = list(entities)
    known = {e.id for e in entities}
    up: dict[str, tuple[Link, ...]] = {}
    down: dict[str, list[Link]] = {}
    for entity in entities:
        links = [Link(entity.id, IS_A, b) for b in entity.is_a] + [Link(entity.id, PART_OF, b) for b in entity.part_of]
        links = [link for link in dict.fromkeys(links) if link.broader in known]
        if links:
            up[entity.id] = tuple(links)
        for link in links:
            down.setdefault(link.broader, []).append(link)
    return Hierarchy(
        up=up,
        down={e: tuple(sorted(links, key=lambda link: (link.kind, link.narrower))) for e, links in down.items()},
        ancestors={e: _reachable(e, up) for e in up},
    )


def _reachable(start: str, up: Mapping[str, Sequence[Link]]) -> frozenset[str]:
    """Every entity above `start`. Each entity is walked on its own: a vocabulary's hierarchy is a few
    levels deep, so this is the size of the ancestor sets, and it ends even on a cycle."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for link in up.get(stack.pop(), ()):
            if link.broader not in seen:
                seen.add(link.broader)
                stack.append(link.broader)
    seen.discard(start)
    return frozenset(seen)


def cycles(up: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The cycles of the links `up` (entity -> the entities it names as broader or whole): one for each
    link that closes one, as the entities along it from the smallest id round and back to it:
    ['a', 'b', 'a']. Each link is followed once, so the work is linear in the links."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(up):
        if start in state:
            continue
        path: list[str] = [start]
        branches = [iter(up.get(start, ()))]
        state[start] = 1
        while branches:
            target = next(branches[-1], None)
            if target is None:
                state[path.pop()] = 2
                branches.pop()
            elif state.get(target) == 1:
                ring = path[path.index(target) :]
                first = ring.index(min(ring))
                found.append(ring[first:] + ring[:first] + [min(ring)])
            elif target not in state:
                state[target] = 1
                path.append(target)
                branches.append(iter(up.get(target, ())))
    return found
