"""Pathway diagrams from hostile text: every string reaches Graphviz as a literal, and the SVG that
comes back is checked before it goes into a page (README: "What evidmap trusts")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import make_entity
from evidmap import pathway
from evidmap.build import build
from evidmap.analyse import Edge
from evidmap.errors import LayoutError
from evidmap.score import combine

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def diagram_of(label: str) -> str:
    entities = {"a": make_entity("a", label=label), "b": make_entity("b", label="B", kind="drug")}
    edge = Edge("a", "b", "positive", ("activates",), ("c",), ("art",), (), True)
    return pathway.diagram(label, entities, [edge], lambda e: f"{e}.html", lambda e: "#x", {edge.id: combine((), False)})


def test_a_title_with_backslashes_is_inlined_as_typed():
    """The inlining step once read the title as a re.sub template: '\\1' crashed it."""
    dot = diagram_of("A")
    title, description = "T \\1 \\g<0> \\N \\ <b>&amp;", "D \\2 \x07"
    [svg] = pathway.inline_svgs(["k"], [dot], [(title, description)], None)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == title
    assert root.find(SVG + "title").text == title
    assert root.find(SVG + "desc").text == "D \\2 \ufffd"


# typed text -> the text a reader must see, compared with runs of white space as one space (a label is
# wrapped at spaces into lines; line ends and tabs are white space to SVG). Characters XML cannot
# carry show as U+FFFD.
HOSTILE = {
    '<x>] ; evil [URL="javascript:alert(1)"': '<x>] ; evil [URL="javascript:alert(1)"',
    "<<b>x</b>>": "<<b>x</b>>",
    "x\\": "x\\",
    "\\N \\G \\E \\T \\H \\L \\l \\n \\r \\\\": "\\N \\G \\E \\T \\H \\L \\l \\n \\r \\\\",
    'a"b \\"c\\': 'a"b \\"c\\',
    "&amp; &lt;b&gt; &#60; &": "&amp; &lt;b&gt; &#60; &",
    "</title><script>alert(1)</script>": "</title><script>alert(1)</script>",
    "bell\x07 esc\x1b nul\x00 csi\x9b nonchar\ufdd0 cr\r lf\n tab\t end":
        "bell\ufffd esc\ufffd nul\ufffd csi\ufffd nonchar\ufffd cr lf tab end",
    "back\\slash \\1 \\g<0> $0": "back\\slash \\1 \\g<0> $0",
}
# The mini project's entities, each given one hostile label; the rest go into panel titles.
ENTITY_IDS = ["kinase-x", "complex-y", "factor-z", "liver-output", "drug-d", "blood-glucose"]
ALLOWED_ELEMENTS = {"svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "ellipse", "text",
                    "circle"}  # circle: the evidence matrix draws its bubbles


def one_line(text: str) -> str:
    return " ".join(text.split())


def inline_svgs(page: str) -> list[ET.Element]:
    """Every inline SVG of an HTML page, parsed as XML (so each must be well-formed)."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", page, re.S)]


def assert_inert(svg: ET.Element, where: str) -> None:
    for element in svg.iter():
        assert element.tag.startswith(SVG) and element.tag[len(SVG):] in ALLOWED_ELEMENTS, (where, element.tag)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, name)
            if name in ("href", XLINK + "href"):
                site_link = r"(\.\./)*([a-z]+/)?[a-z0-9-]+\.html(#[a-z0-9-]+)?|#[a-z0-9-]+"
                assert re.fullmatch(site_link, value), (where, value)
            elif name not in (XLINK + "title", "aria-label"):  # text a reader reads: may say anything
                assert "javascript" not in value.lower() and "<" not in value, (where, name, value)


def write_hostile_labels_and_titles(mini: Path, labels: list[str], titles: list[str]) -> None:
    entities_file = mini / "claims/entities/core.yaml"
    vocabulary = yaml.safe_load(entities_file.read_text())
    for entity, label in zip(vocabulary["entities"], labels):
        entity["label"] = label
    entities_file.write_text(yaml.safe_dump(vocabulary, allow_unicode=True))
    panels = [{"id": f"panel-{i}", "title": title, "entities": ["kinase-x", "complex-y", "factor-z", "liver-output"]}
              for i, title in enumerate(titles)]
    (mini / "evidmap.yaml").write_text(yaml.safe_dump({"title": "Hostile", "pathways": panels}, allow_unicode=True))


def kind_of(mini: Path, entity_id: str) -> str:
    vocabulary = yaml.safe_load((mini / "claims/entities/core.yaml").read_text())
    return next(e["kind"] for e in vocabulary["entities"] if e["id"] == entity_id)


@pytest.mark.parametrize("first", [0, len(ENTITY_IDS)], ids=["labels-1", "labels-2"])
def test_hostile_labels_and_panel_titles_are_drawn_as_typed_and_inert(mini: Path, first: int):
    typed = list(HOSTILE)
    labels = (typed * 2)[first:first + len(ENTITY_IDS)]
    write_hostile_labels_and_titles(mini, labels, typed)
    result = build(mini)
    assert result.ok, result.summary
    site = mini / "site"
    svg_count = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', text)), page
        for svg in inline_svgs(text):
            assert_inert(svg, str(page.relative_to(site)))
            svg_count += 1
    assert svg_count > len(ENTITY_IDS) + len(typed)

    [legend, *panels, whole] = inline_svgs((site / "pathway.html").read_text("utf-8"))
    assert len(panels) == len(typed) and whole.get("aria-label").startswith("Pathway diagram")
    for entity_id, label in zip(ENTITY_IDS, labels):
        [node] = [g for g in whole.iter(SVG + "g") if g.get("id") == f"svg-node-{entity_id}"]
        assert " ".join(t.text for t in node.iter(SVG + "text")) == HOSTILE[label]
        [link] = node.iter(SVG + "a")
        assert one_line(link.get(XLINK + "title")) == f"{HOSTILE[label]} ({kind_of(mini, entity_id)}): open its page"
        assert link.get(XLINK + "href") == f"entities/{entity_id}.html"
    for panel, title in zip(panels, typed):
        assert one_line(panel.get("aria-label")) == HOSTILE[title]
        assert one_line(panel.find(SVG + "title").text) == HOSTILE[title]
        graph_tooltip = next(a for a in panel.iter(SVG + "a") if a.get(XLINK + "href") is None)
        assert one_line(graph_tooltip.get(XLINK + "title")) == HOSTILE[title]

    entity_page = (site / f"entities/{ENTITY_IDS[0]}.html").read_text("utf-8")
    [neighbourhood] = inline_svgs(entity_page)
    assert one_line(neighbourhood.get("aria-label")) == f"Neighbourhood of {HOSTILE[labels[0]]}"
    claim_page = (site / "claims/kinase-x-inhibits-complex-y.html").read_text("utf-8")
    [arrows] = inline_svgs(claim_page)
    arrow_words = f"{HOSTILE[labels[0]]} inhibits {HOSTILE[labels[1]]}"
    assert one_line(arrows.find(SVG + "desc").text) == arrow_words
    row = "../pathway.html#edge-kinase-x--negative--complex-y"
    [arrow] = [a for a in arrows.iter(SVG + "a") if a.get(XLINK + "href") == row]
    assert one_line(arrow.get(XLINK + "title")).startswith(arrow_words + ": 1 claim(s)")


@pytest.mark.parametrize("typed", list(HOSTILE))
def test_a_hostile_label_is_one_quoted_dot_string_with_nothing_graphviz_reads(typed: str):
    """No backslash (Graphviz escapes: \\N, \\G, ... and a trailing one that would swallow the closing
    quote), no quote but the two that delimit it, no HTML-like <...> label, no control character."""
    literal = pathway.dot_literal(typed, "label")
    assert literal[0] == literal[-1] == '"'
    inside = literal[1:-1]
    assert not re.search(r'["\\<>\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]', inside)
    assert not re.search(r"&(?!(amp|quot|lt|gt|#\d+);)", inside)  # every & starts one of the entities it writes
    dot = diagram_of(typed)
    assert not re.search(r"=<|\[\s*URL\s*=\s*\"?javascript", dot)
    [svg] = pathway.inline_svgs(["k"], [dot], [(typed, typed)], None)
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(SVG + "text")]
    assert " ".join(texts[:-1]) == HOSTILE[typed]  # the last text is node b's label


@pytest.mark.parametrize("attribute", ["label", "tooltip", "URL", "id", "target"])
def test_every_attribute_shows_a_backslash_and_escapes_literally(attribute: str):
    """Graphviz reads backslashes a different number of times in each attribute (labels once, tooltips
    twice, links and ids not at all once the entity is decoded): each still shows the text typed."""
    typed = 'x\\N\\G\\n\\l\\\\"&amp;\\'
    link = "" if attribute == "URL" else ' URL="#u"'  # tooltips and targets are drawn on links
    [svg] = pathway.layout([f"digraph g {{ n [{attribute}={pathway.dot_literal(typed, attribute)}{link}] }}"], None)
    node = next(g for g in ET.fromstring(svg).iter(SVG + "g") if g.get("class") == "node")
    link = node.find(f"{SVG}g/{SVG}a")
    found = {
        "label": lambda: node.find(f".//{SVG}text").text,
        "tooltip": lambda: link.get(XLINK + "title"),
        "URL": lambda: link.get(XLINK + "href"),
        "id": lambda: node.get("id"),
        "target": lambda: link.get("target"),
    }[attribute]()
    assert found == typed


@pytest.mark.parametrize("name", ["graph", "node", "<b>x</b>", 'a" ] ; x [URL="javascript:y"', "n\\", "-->"])
def test_graph_and_node_names_are_literals_too(name: str):
    """A name that is a DOT keyword, starts with '<' or holds a quote stays one name."""
    dot = f"digraph {pathway.dot_literal(name)} {{ {pathway.dot_literal(name)} -> b }}"
    [svg] = pathway.layout([dot], None)
    pathway.check_svg(svg, "names")
    assert "href" not in svg
    assert len([g for g in ET.fromstring(svg).iter(SVG + "g") if g.get("class") == "node"]) == 2


GOOD = ('<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><g id="graph0" class="graph">{}</g></svg>')


@pytest.mark.parametrize("payload", [
    '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
    '<a xlink:href=" JaVaScRiPt:alert(1)"><text>x</text></a>',
    '<a xlink:href="java&#9;script:alert(1)"><text>x</text></a>',
    '<a xlink:href="&#x6A;avascript:alert(1)"><text>x</text></a>',
    '<a xlink:href="&#x20;&#x9;&#xA0;javascript:alert(1)"><text>x</text></a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>',
    '<a xlink:href="vbscript:msgbox(1)"><text>x</text></a>',
    '<a xlink:href="file:///etc/passwd"><text>x</text></a>',
    '<a xlink:href="\\\\evil.example/x"><text>x</text></a>',
    '<g onclick="alert(1)"/>',
    '<g ONLOAD="alert(1)"/>',
    '<polygon points="0,0" onmouseover="alert(1)"/>',
    "<script>alert(1)</script>",
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    '<iframe src="x"/>',
    "<style>*{}</style>",
    '<animate attributeName="href" to="javascript:alert(1)"/>',
    '<set attributeName="href" to="javascript:alert(1)"/>',
    '<image xlink:href="x.png"/>',
    '<use xlink:href="#graph0"/>',
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
    '<g style="background:url(javascript:alert(1))"/>',
    "<!-- a comment is removed --><![CDATA[<script>alert(1)</script>]]>",
    '<?php echo 1 ?>',
    "<text>not closed",
])
def test_the_svg_check_refuses_each_kind_of_payload(payload: str):
    with pytest.raises(LayoutError, match="diagram 'panel:x'"):
        pathway.check_svg(GOOD.format(payload), "panel:x")


def test_the_svg_check_passes_what_graphviz_draws():
    dot = diagram_of("A")
    [svg] = pathway.layout([dot], None)
    pathway.check_svg(svg, "k")
    for link in ["../entities/a.html#edge-x", "#edge-x", "/evidmap/pathway.html", "//example.org/evidmap/a.html",
                 "https://example.org/x?a=1&amp;b=2", "HTTP://example.org"]:
        pathway.check_svg(GOOD.format(f'<a xlink:href="{link}"><text>x</text></a>'), "k")


def test_an_svg_that_fails_the_check_fails_the_build_and_names_the_diagram(mini: Path):
    """The layout cache is in the project folder, where a pull request can put files too."""
    assert build(mini).ok
    before = {p: p.read_bytes() for p in (mini / "site").rglob("*") if p.is_file()}
    for cached in (mini / ".evidmap-cache").glob("*.svg"):
        cached.write_text(cached.read_text().replace("<text ", '<text onclick="alert(1)" ', 1))
    result = build(mini)
    assert result.failed
    assert re.search(r"the SVG of diagram '[a-z]+(:[a-z-]+)?' has an event attribute onclick on <text>", result.summary)
    assert {p: p.read_bytes() for p in (mini / "site").rglob("*") if p.is_file()} == before
