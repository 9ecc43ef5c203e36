"""Pathway diagrams from hostile text: every string reaches Graphviz as a literal, and the SVG that
comes back is checked before it goes into a page (README: "What evidmap trusts")."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from evidmap import pathway
from evidmap.graph import Edge
from evidmap.records import Entity, Source

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def diagram_of(label: str) -> str:
    src = Source("x", 1)
    entities = {"a": Entity("a", label, "protein", None, (), None, (), None, src),
                "b": Entity("b", "B", "drug", None, (), None, (), None, src)}
    edge = Edge("a", "b", "positive", ("activates",), ("c",), ("art",), ())
    return pathway.diagram(label, entities, [edge], lambda e: f"{e}.html", lambda e: "#x", lambda e: True)


def test_a_title_with_backslashes_is_inlined_as_typed():
    """The inlining step once read the title as a re.sub template: '\\1' crashed it."""
    dot = diagram_of("A")
    title, description = "T \\1 \\g<0> \\N \\ <b>&amp;", "D \\2 \x07"
    [svg] = pathway.inline_svgs(["k"], [dot], [(title, description)], None)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == title
    assert root.find(SVG + "title").text == title
    assert root.find(SVG + "desc").text == "D \\2 \ufffd"
