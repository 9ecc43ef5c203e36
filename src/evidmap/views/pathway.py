"""The pathway page: the whole-map diagram (or its best-supported arrows), the curated panels, the
legend, the articles a reader can pick to see the arrows each states (the overlay), and the table of
every arrow with its claims (the diagrams' text alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from evidmap.pathway import STROKE
from evidmap.records import Panel
from evidmap.views.index import SiteIndex
from evidmap.views.model import EdgeRow, Page, ViewModel
from evidmap.vocabulary import SCORE_LEVELS, ScoreLevel


@dataclass(frozen=True)
class PanelView:
    panel: Panel
    anchor: str
    diagram: str  # inline SVG


@dataclass(frozen=True)
class OverlayChoice:
    """An article in the overlay's selector: its arrows carry the class art-<id> (see pathway.py)."""

    id: str
    title: str


@dataclass(frozen=True)
class PathwayPage(ViewModel):
    panels: tuple[PanelView, ...]
    diagram: str  # the whole map, inline SVG
    legend: str
    drawn: int  # arrows the whole-map diagram draws
    hidden: int  # arrows it leaves to the table
    strokes: tuple[tuple[ScoreLevel, str], ...]  # each evidence level and the line it is drawn with
    edges: tuple[EdgeRow, ...]
    overlay: tuple[OverlayChoice, ...]  # the articles stating any arrow, in map order


def pathway_page(site: SiteIndex) -> Page:
    panels = tuple(
        PanelView(panel, f"panel-{panel.id}", site.svgs[f"panel:{panel.id}"]) for panel in site.project.panels
    )
    edges, drawn = site.analysis.edges, site.analysis.main_map
    stating = {a for e in edges for a in e.articles}
    return Page(
        "pathway.html",
        "pathway.html",
        "Pathway",
        PathwayPage(
            panels=panels,
            diagram=site.svgs["pathway"],
            legend=site.svgs["legend"],
            drawn=len(drawn),
            hidden=len(edges) - len(drawn),
            strokes=tuple((level, STROKE[level.id].words) for level in SCORE_LEVELS),
            edges=tuple(site.edge_row(e) for e in edges),
            overlay=tuple(OverlayChoice(a.id, a.title) for a in site.project.articles if a.id in stating),
        ),
    )
