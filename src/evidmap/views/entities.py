"""Entity pages and the list of all entities: an entity's identifiers, where it stands in the
hierarchy (broader and narrower entities, its wholes and parts), its neighbourhood diagram and
arrows, and every claim naming it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from evidmap.paths import page_path
from evidmap.records import Entity
from evidmap.views.index import SiteIndex
from evidmap.views.model import ClaimFilters, ClaimRow, EdgeRow, EntityLink, Page, ViewModel, claim_filters
from evidmap.vocabulary import IS_A, PART_OF

# Each takes one identifier. The schema admits only the identifier's own form (letters, digits and
# the database prefix's colon), and the value is percent-encoded here as well, so that nothing in a
# record can add a path, query or fragment to a link on a database's site.
XREF_URL = {
    "HGNC": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{}",
    "UniProt": "https://www.uniprot.org/uniprotkb/{}/entry",
    "ChEBI": "https://www.ebi.ac.uk/chebi/searchId.do?chebiId={}",
    "MeSH": "https://meshb.nlm.nih.gov/record/ui?ui={}",
    "GO": "https://amigo.geneontology.org/amigo/term/{}",
}


@dataclass(frozen=True)
class EntityPage(ViewModel):
    entity: Entity
    edges: tuple[EdgeRow, ...]  # arrows starting or ending at it
    claims: tuple[ClaimRow, ...]  # naming it anywhere, in map order
    filters: ClaimFilters  # what the table of its claims can be narrowed to
    xrefs: tuple[tuple[str, str, str], ...]  # (database, identifier, URL)
    diagram: str | None  # inline SVG of its neighbourhood
    broader: tuple[EntityLink, ...]  # what it is a kind of (is-a)
    narrower: tuple[EntityLink, ...]  # the kinds of it
    wholes: tuple[EntityLink, ...]  # what it is a part of (part-of)
    parts: tuple[EntityLink, ...]  # its parts
    on_main_map: bool  # the whole map draws it: its page links to it there (pathway.html#focus=<id>)


@dataclass(frozen=True)
class EntityListing:
    label: str
    path: str
    arrows: int  # starting or ending at it


@dataclass(frozen=True)
class EntityKind:
    kind: str
    entities: tuple[EntityListing, ...]  # by label


@dataclass(frozen=True)
class EntitiesIndex(ViewModel):
    kinds: tuple[EntityKind, ...]  # by kind


def entity_page(site: SiteIndex, entity: Entity) -> Page:
    hierarchy = site.analysis.hierarchy
    up, down = hierarchy.up.get(entity.id, ()), hierarchy.down.get(entity.id, ())
    claims = tuple(site.claim_row(c) for c in site.mentioning.get(entity.id, ()))
    return Page(
        page_path("entity", entity.id),
        "entity.html",
        entity.label,
        EntityPage(
            entity=entity,
            edges=tuple(site.edge_row(e) for e in site.edges_of_entity.get(entity.id, ())),
            claims=claims,
            filters=claim_filters(claims),
            xrefs=tuple((k, v, XREF_URL[k].format(quote(v, safe=":"))) for k, v in entity.xrefs),
            diagram=site.svgs.get(f"entity:{entity.id}"),
            broader=tuple(site.entity_link(link.broader) for link in up if link.kind == IS_A),
            narrower=tuple(site.entity_link(link.narrower) for link in down if link.kind == IS_A),
            wholes=tuple(site.entity_link(link.broader) for link in up if link.kind == PART_OF),
            parts=tuple(site.entity_link(link.narrower) for link in down if link.kind == PART_OF),
            on_main_map=entity.id in site.on_main_map,
        ),
    )


def entities_index(site: SiteIndex) -> Page:
    degree: dict[str, int] = {}
    for edge in site.analysis.edges:
        degree[edge.subject] = degree.get(edge.subject, 0) + 1
        degree[edge.object] = degree.get(edge.object, 0) + 1
    kinds: dict[str, list[EntityListing]] = {}
    for entity in sorted(site.project.entities, key=lambda e: (e.kind, e.label.lower())):
        kinds.setdefault(entity.kind, []).append(
            EntityListing(entity.label, page_path("entity", entity.id), degree.get(entity.id, 0))
        )
    return Page(
        "entities/index.html",
        "entities_index.html",
        "All entities",
        EntitiesIndex(tuple(EntityKind(kind, tuple(rows)) for kind, rows in sorted(kinds.items()))),
    )
