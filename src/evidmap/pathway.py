"""Pathway: entity relations -> Graphviz diagrams (built with pydot) -> checked, inline SVG.

Conventions follow SBGN Activity Flow: stimulation is an open arrowhead, inhibition a bar (tee),
unknown influence an open diamond; node shape follows entity kind; colour is never the only cue.
An arrow's weight and line follow the evidence level of what its articles cite (`STROKE`, from the
analysis' score of each arrow, score.py): the stronger, the thicker; dashed where no work is cited; a
double line where the curators' verdicts took away every work cited (disputed). How many articles
state an arrow does not change how it is drawn.
Every node links to its entity page and every arrow to its row in the pathway table, with tooltips.
Classes name what the page's script (templates/static/pathway.js) reads: a node is `ent-<entity>`, an
arrow `end-<entity>` for each of its two ends and `art-<article>` for each article that states it (ids
are slugs, so each is one class).

Labels, tooltips and titles are text strangers write, and Graphviz reads more than text in a DOT
string (HTML-like labels, backslash escapes, entities). This module owns both lines of defence:
every name and attribute value goes into DOT through `dot_literal`, which makes it a literal Graphviz
shows exactly as typed; and `check_svg` refuses any SVG (from `dot` or from the layout cache) with
an element, attribute or link that evidmap never draws, before `_inline` puts it on a page.

Layout is the slow part, so `layout` lays out every diagram not already in the cache with one `dot`
process per core (each given a share of about the same DOT length); the cache is keyed by the hash
of the DOT text, so an unchanged diagram is never laid out again.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydot

from evidmap.analyse import Analysis, Edge
from evidmap.errors import LayoutError
from evidmap.escape import REPLACEMENT, link_allowed
from evidmap.memo import Kept, kept_or_made
from evidmap.paths import page_path
from evidmap.records import Entity, Project
from evidmap.score import Score
from evidmap.vocabulary import EFFECT_WORD, SCORE_LEVELS

# kind -> (Graphviz shape, extra node attributes, SBGN glyph it stands for)
NODE_STYLE: dict[str, tuple[str, dict[str, str], str]] = {
    "protein": ("box", {"style": "rounded"}, "macromolecule"),
    "hormone": ("box", {"style": "rounded"}, "macromolecule"),
    "cytokine": ("box", {"style": "rounded"}, "macromolecule"),
    "complex": ("box", {"style": "rounded", "peripheries": "2"}, "complex"),
    "metabolite": ("ellipse", {}, "simple chemical"),
    "drug": ("ellipse", {"peripheries": "2"}, "simple chemical (drug)"),
    "process": ("hexagon", {}, "phenotype / process"),
    "outcome": ("hexagon", {"peripheries": "2"}, "outcome"),
    "condition": ("octagon", {}, "condition"),
    "tissue": ("tab", {}, "compartment"),
    "cell": ("tab", {}, "compartment"),
    "intervention": ("invhouse", {}, "perturbation"),
}
KIND_FILL = {  # a second cue only: shapes already tell kinds apart
    "protein": "#e8f0fe",
    "hormone": "#e6f4ea",
    "cytokine": "#e6f4ea",
    "complex": "#e8f0fe",
    "metabolite": "#fef7e0",
    "drug": "#fde7e9",
    "process": "#f3e8fd",
    "outcome": "#f3e8fd",
    "condition": "#fce8e6",
    "tissue": "#f1f3f4",
    "cell": "#f1f3f4",
    "intervention": "#fde7e9",
}
INK = "#3c4043"  # lines and outlines
DISPUTED_INK = "#b3261e"  # a second cue only: a disputed arrow is a double line


@dataclass(frozen=True)
class Stroke:
    """How an arrow of one evidence level is drawn; each level differs from the others in weight or
    in line, so that none is told apart by colour alone."""

    penwidth: str
    style: str  # Graphviz's: 'solid' or 'dashed' (membership is always dotted)
    color: str  # two colours with an invisible one between them draw a double line
    words: str  # the line, as the legend describes it


# evidence level (vocabulary.SCORE_LEVELS) -> stroke; strong, moderate and weak by weight, no source
# dashed as uncited arrows always were, disputed a double line
STROKE = {
    "strong": Stroke("3.5", "solid", INK, "thickest line"),
    "moderate": Stroke("2.2", "solid", INK, "thick line"),
    "weak": Stroke("1", "solid", INK, "thin line"),
    "disputed": Stroke("1", "solid", f"{DISPUTED_INK}:invis:{DISPUTED_INK}", "double line"),
    "no-source": Stroke("1", "dashed", INK, "dashed line"),
}
ARROWHEAD = {"positive": "empty", "negative": "tee", "unknown": "odiamond", "part": "none"}


# Code points that neither XML (an SVG is XML) nor HTML (it is inlined in HTML pages) allows, as in
# escape.py: C0 controls but tab and line ends, DEL and the C1 controls, lone surrogates (which UTF-8
# cannot even encode) and the noncharacters. Shown as U+FFFD, so the reader sees something was there.
_NOT_SVG_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NEEDS_ESCAPING = re.compile(f'[&"<>\\\\\t\n\r{_NOT_SVG_TEXT.pattern[1:-1]}]')
# How many times Graphviz reads backslash escapes in an attribute evidmap writes after it has decoded
# the entities in it: in a label once (\N, \G... are expanded, then \n, \l, \r end lines and \\ is
# \), in a tooltip twice (\n, \l, \r end lines and any other \x is x; then \N, \G... and \\). In
# links, ids and names the browser decodes the entity after Graphviz is done: none.
_BACKSLASH_READS = {"label": 1, "tooltip": 2}
# Everything Graphviz could read as more than text is written as an HTML entity, which Graphviz decodes
# (labels, tooltips) or passes on for the browser to decode (links, ids): so the DOT string holds no
# backslash (none can escape its closing quote), no quote but its own two, no '<' to start an HTML-like
# label, no control character. A backslash is written once for each time it will be read, so that one
# is left. A line end becomes &#10;, which Graphviz breaks a label at as it does at \n.
_DOT_ENTITIES = {
    reads: str.maketrans(
        {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\t": "&#9;", "\n": "&#10;", "\\": "&#92;" * 2**reads}
    )
    for reads in (0, 1, 2)
}


def dot_literal(text: str, attribute: str = "") -> str:
    """`text` as one double-quoted DOT string that Graphviz shows exactly as typed, as the value of
    `attribute` (or, without one, as a graph or node name, link, id or any other value). Every name
    and attribute value evidmap writes into DOT goes through here, so nothing a stranger types can
    end the string, start an HTML-like label or be read as a Graphviz escape.

    A line end in `text` ends the line of a label (`_wrap` breaks labels this way); code points XML
    or HTML forbid become U+FFFD."""
    if not _NEEDS_ESCAPING.search(text):  # nearly every value: names, colours, shapes, most labels
        return f'"{text}"'
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_DOT_ENTITIES[_BACKSLASH_READS.get(attribute, 0)])
    return f'"{_NOT_SVG_TEXT.sub(REPLACEMENT, text)}"'


def _literals(attributes: dict[str, str]) -> dict[str, Any]:
    """Each attribute value as its DOT literal (pydot writes a value already in double quotes as it
    is, so it never decides by itself how to quote one: it would write a value starting with '<' as
    an HTML-like label)."""
    return {name: dot_literal(value, name) for name, value in attributes.items()}


def _wrap(label: str, width: int = 18) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def diagram(
    name: str,
    entities: dict[str, Entity],
    edges: Iterable[Edge],
    entity_href: Callable[[str], str],
    edge_href: Callable[[Edge], str],
    scores: Mapping[str, Score],
    focus: str | None = None,
    rankdir: str = "LR",
    dot_texts: Kept[str] | None = None,
) -> str:
    """DOT text of a diagram of `edges` (and their end nodes), each drawn by its score's level
    (`scores`: Edge.id -> score); `dot_texts` holds those made before."""
    edges = list(edges)
    used = sorted({e.subject for e in edges} | {e.object for e in edges} | ({focus} if focus else set()))
    nodes = []
    for entity_id in used:
        entity = entities[entity_id]
        shape, extra, glyph = NODE_STYLE[entity.kind]
        attrs = {
            "label": _wrap(entity.label),
            "shape": shape,
            "fillcolor": KIND_FILL[entity.kind],
            "URL": entity_href(entity_id),
            "target": "_top",
            "tooltip": f"{entity.label} ({entity.kind}): open its page",
            "id": f"svg-node-{entity_id}",
            "class": f"ent-{entity_id}",
            **extra,
        }
        attrs["style"] = ",".join(filter(None, ["filled", extra.get("style", "")]))
        if entity_id == focus:
            attrs["penwidth"] = "2.5"
        nodes.append((f"n_{entity_id.replace('-', '_')}", tuple(attrs.items())))
    arrows = []
    for edge in edges:
        score = scores[edge.id]
        stroke = STROKE[score.level.id]
        tooltip = (
            f"{entities[edge.subject].label} {EFFECT_WORD[edge.effect]} {entities[edge.object].label}: "
            f"{len(edge.claims)} claim(s) from {len(edge.articles)} article(s); strength of what they cite: "
            f"{score.level.label} ({score.value})"
        )
        arrows.append(
            (
                f"n_{edge.subject.replace('-', '_')}",
                f"n_{edge.object.replace('-', '_')}",
                (
                    ("arrowhead", ARROWHEAD[edge.effect]),
                    ("penwidth", stroke.penwidth),
                    ("style", "dotted" if edge.effect == "part" else stroke.style),
                    ("color", stroke.color),
                    ("URL", edge_href(edge)),
                    ("target", "_top"),
                    ("tooltip", tooltip),
                    ("id", f"svg-edge-{edge.id}"),
                    ("class", _edge_classes(edge)),
                ),
            )
        )
    # pydot spends ~0.3 ms a diagram putting the DOT text together; a process that builds again
    # (evidmap serve) gets every unchanged diagram's DOT text from `dot_texts` instead
    parts = (name, rankdir, tuple(nodes), tuple(arrows))
    return kept_or_made(dot_texts, parts, lambda: _dot(*parts))


def _edge_classes(edge: Edge) -> str:
    """The classes the page's script finds an arrow by: its ends (focus) and its articles (overlay)."""
    ends = dict.fromkeys((edge.subject, edge.object))  # an arrow from an entity to itself has one end
    return " ".join([*(f"end-{e}" for e in ends), *(f"art-{a}" for a in edge.articles)])


def _dot(name: str, rankdir: str, nodes: tuple, arrows: tuple) -> str:
    """The DOT text; every name and value becomes a DOT literal here."""
    graph = pydot.Dot(
        dot_literal(name),
        graph_type="digraph",
        **_literals(
            dict(
                rankdir=rankdir,
                bgcolor="transparent",
                nodesep="0.25",
                ranksep="0.45",
                fontname="Helvetica",
                tooltip=name,
            )
        ),
    )
    graph.set_node_defaults(
        **_literals(
            dict(
                fontname="Helvetica",
                fontsize="11",
                margin="0.08,0.04",
                color=INK,
                fontcolor="#202124",
                style="filled",
            )
        )
    )
    graph.set_edge_defaults(**_literals(dict(color=INK, arrowsize="0.9")))
    for node_name, attrs in nodes:
        graph.add_node(pydot.Node(dot_literal(node_name), **_literals(dict(attrs))))
    for tail, head, attrs in arrows:
        graph.add_edge(pydot.Edge(dot_literal(tail), dot_literal(head), **_literals(dict(attrs))))
    return graph.to_string()


def legend_dot() -> str:
    """A small diagram of every node shape, arrow kind and evidence level, drawn by the same rules
    as the pathway: one row of shapes, one row of arrow kinds, one row of levels."""
    graph = pydot.Dot(
        dot_literal("legend"),
        graph_type="digraph",
        **_literals(dict(rankdir="TB", bgcolor="transparent", nodesep="0.2", ranksep="0.35")),
    )
    graph.set_node_defaults(
        # labels as large as the pathway's (11 pt, at least 11 px on the page: see style.css)
        **_literals(dict(fontname="Helvetica", fontsize="11", style="filled", color=INK, height="0.3"))
    )
    shapes = pydot.Subgraph(dot_literal("shapes"), **_literals(dict(rank="same")))
    seen = set()
    for kind, (shape, extra, glyph) in NODE_STYLE.items():
        key = (shape, tuple(sorted(extra.items())))
        if key in seen:
            continue
        seen.add(key)
        kinds = ", ".join(k for k, (s, x, g) in NODE_STYLE.items() if (s, tuple(sorted(x.items()))) == key)
        style = ",".join(filter(None, ["filled", extra.get("style", "")]))
        shapes.add_node(
            pydot.Node(
                dot_literal(f"k_{kind}"),
                **_literals(
                    dict(
                        label=_wrap(kinds, 14),
                        shape=shape,
                        fillcolor=KIND_FILL[kind],
                        **{**extra, "style": style},
                        tooltip=f"{kinds}: SBGN {glyph}",
                    )
                ),
            )
        )
    graph.add_subgraph(shapes)
    plain = STROKE["weak"]  # the arrow kinds, each drawn as a weak arrow is
    effects = [
        (effect, head, f"A {EFFECT_WORD[effect]} B", "dotted" if effect == "part" else plain.style, plain)
        for effect, head in ARROWHEAD.items()
    ]
    levels = [
        (level.id, ARROWHEAD["positive"], level.label, STROKE[level.id].style, STROKE[level.id])
        for level in SCORE_LEVELS
    ]
    rows = [("effects", effects), ("levels", levels)]
    above = f"k_{next(iter(NODE_STYLE))}"
    for row, arrows in rows:
        tails = pydot.Subgraph(dot_literal(row), **_literals(dict(rank="same")))
        for name, head, words, style, stroke in arrows:
            tail_name, head_name = dot_literal(f"a_{name}"), dot_literal(f"b_{name}")
            tails.add_node(pydot.Node(tail_name, **_literals(dict(label="A", shape="plaintext", style=""))))
            graph.add_node(pydot.Node(head_name, **_literals(dict(label=f"B\n{words}", shape="plaintext", style=""))))
            attributes = dict(arrowhead=head, style=style, penwidth=stroke.penwidth, color=stroke.color, tooltip=words)
            graph.add_edge(pydot.Edge(tail_name, head_name, **_literals(attributes)))
        graph.add_subgraph(tails)
        # each row under the one before
        graph.add_edge(
            pydot.Edge(dot_literal(above), dot_literal(f"a_{arrows[0][0]}"), **_literals(dict(style="invis")))
        )
        above = f"b_{arrows[0][0]}"
    return graph.to_string()


_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


_ID = re.compile(r'id="([^"]*)"')
_GRAPHVIZ_TITLE = re.compile(r"<title>[^<]*</title>\s*")
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]")  # ASCII subset of the XML name characters
_GRAPHVIZ_PAGE = re.compile(r"^(a_)?page\d+,\d+_")  # see _inline


def _inline(svg: str, prefix: str, title: str, description: str, fit: bool = True, own_ids: bool = True) -> str:
    """Graphviz SVG made fit for inlining in HTML: no prologue, scalable, titled for screen readers,
    ids unique on the page (Graphviz numbers graphs and nodes from 0 in every diagram), and without
    Graphviz's own <title> elements, which would show internal node names as tooltips; a '-' is
    written as itself, not as the entity Graphviz makes of it.

    Every id becomes a valid XML name. Graphviz writes ids such as 'page0,1_graph0' for some of the
    graphs it lays out in one run, depending on which graphs came before in that run; that page part
    is dropped, so a diagram's SVG does not depend on whether it came from the cache or from which
    run. The 'svg-' ids that evidmap sets on nodes and arrows are kept as they are when `own_ids` is
    true; a diagram shown on the same page as another one with the same nodes (the pathway panels,
    next to the whole map) passes False, so its ids get its prefix too."""
    svg = _XML_PROLOGUE.sub("", svg)
    svg = _GRAPHVIZ_TITLE.sub("", svg)

    def unique(match: re.Match) -> str:
        ident = _NOT_IN_NAME.sub("-", _GRAPHVIZ_PAGE.sub(r"\1", html.unescape(match.group(1))))
        if not (own_ids and (ident.startswith("svg-") or ident.startswith("a_svg-"))):
            ident = f"{prefix}-{ident}"
        return f'id="{html.escape(ident)}"'

    # Graphviz writes every '-' as '&#45;', which is the same character to XML and HTML: as itself,
    # classes made of ids (see `diagram`) and labels take a fifth of the room
    svg = _ID.sub(unique, svg.replace("&#45;", "-"))
    match = _SIZE.search(svg)
    width = match.group(1) if match else "100%"
    # A diagram that fits its box carries its natural width as its font-size, so that the style sheet
    # can size it in em (never wider than natural, nor below 75%, where labels are 11 px: see style.css) without
    # a style attribute, which the Content-Security-Policy refuses.
    size = f'class="fit" font-size="{width}pt" width="100%"' if fit else f'width="{width}pt"'
    title, description = _xml_text(title), _xml_text(description)
    opening = f'<svg role="img" aria-label="{title}" {size}'
    svg = _SIZE.sub(lambda _: opening, svg, count=1)  # a function: a replacement string would be read as a template
    return svg.replace(">", f"><title>{title}</title><desc>{description}</desc>", 1).strip()


def _xml_text(text: str) -> str:
    """`text` escaped for an XML (and HTML) attribute value or element text."""
    return html.escape(_NOT_SVG_TEXT.sub(REPLACEMENT, text))


# What Graphviz draws for evidmap (see check_svg): elements in the SVG namespace, and their attributes.
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
_XLINK_HREF, _XLINK_TITLE = "{http://www.w3.org/1999/xlink}href", "{http://www.w3.org/1999/xlink}title"
_SVG_ELEMENTS = frozenset(
    _SVG_NAMESPACE + name
    for name in (
        "svg",
        "g",
        "title",
        "desc",
        "a",
        "path",
        "polygon",
        "polyline",
        "ellipse",
        "circle",
        "rect",
        "line",
        "text",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
    )
)
_SVG_ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "width",
        "height",
        "viewBox",
        "transform",
        "target",
        _XLINK_HREF,
        _XLINK_TITLE,
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "points",
        "d",
        "cx",
        "cy",
        "rx",
        "ry",
        "r",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "fx",
        "fy",
        "offset",
        "gradientUnits",
        "text-anchor",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "font-stretch",
        "text-decoration",
        "baseline-shift",
        "{http://www.w3.org/XML/1998/namespace}space",
    }
)
# Browsers drop some white space and control characters from a link before reading its scheme
# ('java\tscript:' is 'javascript:' to them) and read a backslash as '/': a link evidmap draws has
# none of them.
_NOT_IN_LINK = re.compile(r"[\s\\\x00-\x1f\x7f-\x9f]")


def check_svg(svg: str, diagram: str) -> None:
    """Raise LayoutError unless `svg` holds only what Graphviz draws for evidmap: elements and
    attributes from the lists above (so no script, foreignObject, style, animate or set element and
    no on* event attribute) and links that are relative links within the site, #fragments or http(s)
    URLs. It checks the markup `_inline` puts on the page, after the prologue and comments are gone,
    so that must be elements and text only: an HTML parser reads a CDATA section, a processing
    instruction or a DOCTYPE differently from an XML parser.

    This is the second line of defence: with `dot_literal` it never fails on what `dot` draws. It fails
    the build rather than strip what it found: a diagram with parts removed would not be the one laid
    out, and a failure is the sign of a Graphviz that draws something new or of a layout cache
    (.evidmap-cache) that someone has written into."""

    def refuse(problem: str) -> LayoutError:
        return LayoutError(
            f"the SVG of diagram '{diagram}' {problem}, which evidmap never draws; the diagram is "
            "not published (if the layout cache .evidmap-cache came from elsewhere, delete it)"
        )

    markup = _XML_PROLOGUE.sub("", svg)
    if "<!" in markup or "<?" in markup:
        raise refuse("has a CDATA section, DOCTYPE or processing instruction")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        raise refuse(f"is not well-formed XML ({exc})") from None
    for element in root.iter():
        name = element.tag.removeprefix(_SVG_NAMESPACE)
        if element.tag not in _SVG_ELEMENTS:
            raise refuse(f"has a <{name}> element")
        for attribute, value in element.attrib.items():
            if attribute not in _SVG_ATTRIBUTES:
                kind = "an event attribute" if attribute.lower().startswith("on") else "an attribute"
                raise refuse(f"has {kind} {attribute} on <{name}>")
            if attribute == _XLINK_HREF and not _safe_link(value):
                raise refuse(f"links to {value!r}")


def _safe_link(link: str) -> bool:
    """A relative link within the site, a #fragment or an http(s) URL (entities already decoded; a
    link without a scheme, '//host/...' from a --base-url included, keeps the page's http(s))."""
    return not _NOT_IN_LINK.search(link) and link_allowed(link)


def layout(dot_texts: list[str], cache_dir: Path | None, processes: int = 1) -> list[str]:
    """SVG for each DOT text, from the cache where possible, else from `dot` runs (up to `processes`
    at once) for all the rest."""
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:32] for t in dot_texts]
    results: dict[str, str] = {}
    if cache_dir is not None:
        for key in set(keys):
            try:  # the cache only saves time: a file that cannot be read is laid out again
                results[key] = (cache_dir / f"{key}.svg").read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                pass
    missing = sorted({k: t for k, t in zip(keys, dot_texts) if k not in results}.items())
    if missing:
        svgs = _run_dots([t for _, t in missing], processes)
        for (key, _), svg in zip(missing, svgs):
            results[key] = svg
            if cache_dir is not None:
                _keep(cache_dir, key, svg)
    return [results[k] for k in keys]


def _keep(cache_dir: Path, key: str, svg: str) -> None:
    """Put one laid-out diagram in the cache; a cache that cannot be written (read-only checkout,
    full disk) only costs the next build its layout time, so that is not an error."""
    # a name of this process's own: concurrent builds of one project share the cache
    tmp = cache_dir / f"{key}.svg.{os.getpid()}.tmp"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp.write_text(svg, "utf-8")
        tmp.replace(cache_dir / f"{key}.svg")
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _run_dots(dot_texts: list[str], processes: int) -> list[str]:
    """`_run_dot` on up to `processes` `dot` processes at once, each given a share of about the same
    DOT length (one process for fewer than 20 diagrams a process)."""
    processes = min(processes, len(dot_texts) // 20 or 1)
    if processes < 2:
        return _run_dot(dot_texts)
    shares: list[list[int]] = [[] for _ in range(processes)]
    sizes = [0] * processes
    for i in sorted(range(len(dot_texts)), key=lambda i: -len(dot_texts[i])):  # largest first, to the lightest share
        lightest = sizes.index(min(sizes))
        shares[lightest].append(i)
        sizes[lightest] += len(dot_texts[i])
    with ThreadPoolExecutor(max_workers=processes) as pool:  # the threads only wait on their dot
        done = list(pool.map(lambda share: _run_dot([dot_texts[i] for i in share]), shares))
    svgs: list[str] = [""] * len(dot_texts)
    for share, results in zip(shares, done):
        for i, svg in zip(share, results):
            svgs[i] = svg
    return svgs


def _run_dot(dot_texts: list[str]) -> list[str]:
    try:
        done = subprocess.run(
            ["dot", "-Tsvg"], input="\n".join(dot_texts).encode("utf-8"), capture_output=True, timeout=120
        )
    except FileNotFoundError:
        raise LayoutError(
            "Graphviz 'dot' is not installed; install the graphviz package (apt-get install graphviz)"
        ) from None
    except subprocess.TimeoutExpired:
        raise LayoutError("Graphviz took over 120 s to lay out the diagrams") from None
    out = done.stdout.decode("utf-8")
    parts = [p for p in re.split(r"(?=<\?xml )", out) if p.strip()]
    if done.returncode != 0 or len(parts) != len(dot_texts):
        if len(dot_texts) > 1:  # find the one that fails rather than lose all
            return [svg for text in dot_texts for svg in _run_dot([text])]
        raise LayoutError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:500]}")
    return parts


def inline_svgs(
    keys: list[str],
    dot_texts: list[str],
    titles: list[tuple[str, str]],
    cache_dir: Path | None,
    processes: int = 1,
    checked: Kept[bool] | None = None,
) -> list[str]:
    """Inline SVG for each diagram, checked (`check_svg`); `keys` give each diagram's id prefix. The
    whole map ('pathway') keeps its natural size (the page scrolls it); the others shrink to fit the
    page. Panels share the pathway page with the whole map, so their node and arrow ids are prefixed too."""
    svgs = layout(dot_texts, cache_dir, processes)
    for key, svg in zip(keys, svgs):
        # `checked` holds the digests of SVGs that passed: evidmap serve builds again and again from
        # the same layout cache, and parsing every diagram again (~35 ms for the seed project) would
        # cost more than the rest of what it does with them
        digest = hashlib.blake2b(svg.encode("utf-8"), digest_size=16).digest()
        if checked is None or checked.get(digest) is None:
            check_svg(svg, key)
            if checked is not None:
                checked.put(digest, True)
    return [
        _inline(
            svg,
            re.sub(r"[^a-z0-9-]", "-", key),
            title,
            desc,
            fit=key != "pathway",
            own_ids=not key.startswith("panel:"),
        )
        for key, svg, (title, desc) in zip(keys, svgs, titles)
    ]


def requests(
    project: Project,
    analysis: Analysis,
    href: Callable[[str, str], str],
    dot_texts: Kept[str] | None = None,
) -> dict[str, tuple[str, str, str]]:
    """Every diagram the site shows, as key -> (DOT text, title, description), from the analysis'
    arrows and its choice of those the whole map draws (`dot_texts`: DOT texts made before).

    Keys: 'pathway' (the whole map), 'legend', 'panel:<id>' (a curated mechanism), 'entity:<id>'
    (neighbourhood), 'claim:<id>' (the arrows it draws).
    `href(from_page, target)` makes each diagram's links relative to the page it is shown on.
    """
    entities = {e.id: e for e in project.entities}
    edges, scores = analysis.edges, analysis.edge_scores

    def maker(page: str) -> tuple[Callable[[str], str], Callable[[Edge], str]]:
        return (
            lambda entity_id: href(page, page_path("entity", entity_id)),
            lambda edge: href(page, f"pathway.html#edge-{edge.id}"),
        )

    out: dict[str, tuple[str, str, str]] = {}
    entity_href, edge_href = maker("pathway.html")
    drawn = analysis.main_map
    out["pathway"] = (
        diagram("Pathway", entities, drawn, entity_href, edge_href, scores, dot_texts=dot_texts),
        "Pathway diagram of every mechanism the articles state"
        if drawn == edges
        else f"Pathway diagram of the {len(drawn)} best-supported of {len(edges)} mechanisms the articles state",
        f"{len(drawn)} arrows between {len({e.subject for e in drawn} | {e.object for e in drawn})} entities; "
        "the table below lists every arrow with its claims.",
    )
    for panel in project.panels:
        members = set(panel.entities)
        inside = tuple(e for e in edges if e.subject in members and e.object in members)
        out[f"panel:{panel.id}"] = (
            diagram(panel.title, entities, inside, entity_href, edge_href, scores, dot_texts=dot_texts),
            panel.title,
            f"{len(inside)} arrows among {len(members)} entities; every arrow is also in the table below.",
        )
    out["legend"] = (legend_dot(), "Legend of the pathway diagram", "Node shapes by entity kind and arrow kinds.")
    # indexes, in the order of `edges`, so that no diagram scans every edge
    near_of: dict[str, list[Edge]] = {}
    position: dict[tuple[str, str, str], list[int]] = {}
    for i, e in enumerate(edges):
        for entity_id in dict.fromkeys((e.subject, e.object)):
            near_of.setdefault(entity_id, []).append(e)
        position.setdefault((e.subject, e.object, e.effect), []).append(i)
    for entity_id in sorted(entities):
        near = tuple(near_of.get(entity_id, ()))
        if not near:
            continue
        page = page_path("entity", entity_id)
        entity_href, edge_href = maker(page)
        out[f"entity:{entity_id}"] = (
            diagram(
                f"Neighbourhood of {entities[entity_id].label}",
                entities,
                near,
                entity_href,
                edge_href,
                scores,
                focus=entity_id,
                dot_texts=dot_texts,
            ),
            f"Neighbourhood of {entities[entity_id].label}",
            f"{len(near)} arrows that start or end at {entities[entity_id].label}.",
        )
    for claim in sorted(project.claims, key=lambda c: c.id):
        claim_id = claim.id
        keys = {r.edge_key for r in claim.relations}
        mine = tuple(edges[i] for i in sorted(i for k in keys for i in position.get(k, ())))
        if not mine:
            continue
        page = page_path("claim", claim_id)
        entity_href, edge_href = maker(page)
        out[f"claim:{claim_id}"] = (
            diagram("Arrows this claim draws", entities, mine, entity_href, edge_href, scores, dot_texts=dot_texts),
            "Arrows this claim draws on the pathway",
            "; ".join(f"{entities[e.subject].label} {EFFECT_WORD[e.effect]} {entities[e.object].label}" for e in mine),
        )
    return out
