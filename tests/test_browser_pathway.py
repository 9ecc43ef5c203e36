"""The diagrams a reader explores, in a real browser (assets/pathway.js on the real project's site,
served under a subpath): zoom (buttons, keys, Ctrl + wheel, a two-finger pinch), pan (drag, wheel),
fit and reset, the whole map's overview, focus by URL and its clearing, the article overlay, the arrow
panel (opened by a click and by the keyboard, closed by Escape and by its button), the size of every
arrow's and node's click target and of every label; axe-core and the Nu checker on the pages as the
script leaves them, light and dark; and screenshots at 390 and 1280 px of what a reader sees.

Without JavaScript the diagrams and their links work as they always did: the last tests check that.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from browser.support import (
    RECORD_CSP_VIOLATIONS, SCREENSHOTS, axe_violations, build_site, chromium, click_svg_link, csp_violations, serve,
    vnu_messages,
)
from conftest import ROOT
from evidmap.vocabulary import READER_VERDICTS, SCORE_LEVELS

PHONE, DESKTOP = 390, 1280
EDGE = "ampk--negative--mtorc1"  # AMPK inhibits mTORC1, on the whole map and on AMPK's page
WHOLE = "#whole-map figure.diagram"
ARTICLE = "metformin-vicious-cycle"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("explore") / "site")


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site, "/evidmap/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def open_tab(browser, width=DESKTOP, scheme="light", **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce", **options)
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    page = open_tab(browser)
    yield page
    assert page.js_errors == [] and csp_violations(page) == []
    page.context.close()


def until(page, expression: str, timeout: float = 5.0) -> None:
    """Wait until `expression` is true in the page (page.wait_for_function would evaluate it with the
    eval that the Content-Security-Policy refuses, and report a violation)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(50)


def go(page, base: str, path: str) -> None:
    response = page.goto(base + path)
    assert response is not None and response.ok, path
    page.locator(".diagram-frame").first.wait_for()


# What a diagram shows: its scale (CSS px per unit: Graphviz draws in points), its scroll, the box.
VIEW = """(figure) => {
  const svg = figure.querySelector("svg"), r = svg.getBoundingClientRect(), f = figure.getBoundingClientRect();
  return { scale: r.width / svg.viewBox.baseVal.width, left: figure.scrollLeft, top: figure.scrollTop,
           svg: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
           box: { left: f.left + figure.clientLeft, top: f.top + figure.clientTop,
                  right: f.left + figure.clientLeft + figure.clientWidth, bottom: f.top + figure.clientTop + figure.clientHeight } };
}"""
# The diagram's point (in units) under a page point.
UNIT_AT = """(figure, [x, y]) => {
  const svg = figure.querySelector("svg"), r = svg.getBoundingClientRect(), k = r.width / svg.viewBox.baseVal.width;
  return [(x - r.left) / k, (y - r.top) / k];
}"""


def view(page, selector: str = WHOLE) -> dict:
    return page.locator(selector).evaluate(VIEW)


def tools(page, selector: str = WHOLE):
    """The toolbar of the diagram `selector` (the first one it matches)."""
    return page.locator(selector).first.locator("xpath=ancestor::div[contains(@class, 'diagram-frame')][1]").locator(".diagram-tools")


def centre_of(box: dict) -> tuple[float, float]:
    return (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2


# ---------------------------------------------------------------------------------------------------
# Zoom, pan, fit, reset, the overview.

def test_the_whole_map_opens_at_a_legible_scale_and_zooms_by_buttons_keys_and_ctrl_wheel(page, base):
    go(page, base, "pathway.html")
    first = view(page)
    assert first["scale"] == pytest.approx(1, abs=0.01)  # labels 11 px: the map does not fit, so it opens legible
    tools(page).get_by_role("button", name="Zoom in").click()
    assert view(page)["scale"] == pytest.approx(1.25, abs=0.01)
    tools(page).get_by_role("button", name="Zoom out").click()
    assert view(page)["scale"] == pytest.approx(1, abs=0.01)
    page.locator(WHOLE).focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert view(page)["scale"] == pytest.approx(1.5625, abs=0.01)
    page.keyboard.press("-")
    assert view(page)["scale"] == pytest.approx(1.25, abs=0.01)
    # Ctrl + wheel zooms about the pointer: the point under it stays under it
    box = view(page)["box"]
    x, y = box["left"] + 300, box["top"] + 200
    before = page.locator(WHOLE).evaluate(UNIT_AT, [x, y])
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    until(page, f"document.querySelector('{WHOLE} svg').getBoundingClientRect().width > 1.3 * 3484")
    after = page.locator(WHOLE).evaluate(UNIT_AT, [x, y])
    assert view(page)["scale"] > 1.3
    assert after == pytest.approx(before, abs=1.5)
    # a plain wheel scrolls the diagram, and does not zoom it
    scale, top = view(page)["scale"], view(page)["top"]
    page.mouse.wheel(0, 300)
    until(page, f"document.querySelector('{WHOLE}').scrollTop > {top}")
    assert view(page)["scale"] == pytest.approx(scale, abs=0.001)


def test_dragging_pans_and_the_click_that_ends_a_drag_opens_nothing(page, base):
    go(page, base, "pathway.html")
    figure = page.locator(WHOLE)
    figure.scroll_into_view_if_needed()
    start = view(page)
    x, y = centre_of(start["box"])
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 100, y - 60, steps=5)
    page.mouse.move(x - 200, y - 120, steps=5)
    page.mouse.up()
    moved = view(page)
    assert (moved["left"] - start["left"], moved["top"] - start["top"]) == (200, 120)
    # a drag that starts and ends on an arrow follows no link
    link = f"{WHOLE} #svg-edge-{EDGE} a"
    point = page.locator(link).evaluate("""(a) => { const p = a.querySelector("path:not(.hit)"), m = p.getScreenCTM();
        p.scrollIntoView({ block: "center", inline: "center" });
        const q = p.getPointAtLength(p.getTotalLength() / 2), n = p.getScreenCTM();
        return { x: q.x * n.a + q.y * n.c + n.e, y: q.x * n.b + q.y * n.d + n.f }; }""")
    page.mouse.move(point["x"], point["y"])
    page.mouse.down()
    page.mouse.move(point["x"] + 30, point["y"] + 20, steps=4)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.mouse.up()
    assert page.locator(".arrow-panel").count() == 0 and "#" not in page.url


def test_fit_shows_the_whole_diagram_and_reset_goes_back(page, base):
    go(page, base, "pathway.html")
    first = view(page)
    tools(page).get_by_role("button", name="Fit").click()
    fitted = view(page)
    svg, box = fitted["svg"], fitted["box"]
    assert box["left"] - 0.5 <= svg["left"] and svg["right"] <= box["right"] + 0.5
    assert box["top"] - 0.5 <= svg["top"] and svg["bottom"] <= box["bottom"] + 0.5
    assert fitted["scale"] < 0.5  # the 3,484-unit-wide map in a 1,112 px box
    page.locator(WHOLE).focus()
    page.keyboard.press("+")
    page.keyboard.press("0")
    again = view(page)
    assert (again["scale"], again["left"], again["top"]) == (pytest.approx(first["scale"], abs=0.001), 0, 0)
    page.keyboard.press("f")
    assert view(page)["scale"] == pytest.approx(fitted["scale"], abs=0.001)
    # every other diagram has the same tools: the first panel fits too
    panel = "section.panel figure.diagram"
    tools(page, panel).get_by_role("button", name="Fit").click()
    panel_view = page.locator(panel).first.evaluate(VIEW)
    assert panel_view["svg"]["right"] <= panel_view["box"]["right"] + 0.5


def test_a_two_finger_pinch_zooms(browser, base):
    page = open_tab(browser, PHONE, has_touch=True, is_mobile=True)
    try:
        go(page, base, "pathway.html")
        page.locator(WHOLE).scroll_into_view_if_needed()
        start = view(page)
        x, y = centre_of(start["box"])
        cdp = page.context.new_cdp_session(page)

        def touch(kind: str, spread: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", 40)
        for spread in (50, 60, 70, 80):
            touch("touchMove", spread)
        touch("touchEnd", 0)
        assert view(page)["scale"] == pytest.approx(2 * start["scale"], rel=0.05)
        assert page.js_errors == [] and csp_violations(page) == []
    finally:
        page.context.close()


def test_the_whole_map_has_an_overview_that_shows_and_moves_the_view(page, base):
    go(page, base, "pathway.html")
    overview = page.locator("#whole-map .diagram-overview")
    assert overview.is_visible() and overview.get_attribute("aria-hidden") == "true"
    assert overview.locator("a[href], [tabindex], text, [id]").count() == 0  # a picture only: nothing to focus, no ids
    assert page.locator(".diagram-overview").count() == 1  # the whole map's only
    lens = overview.locator("rect.overview-lens")
    shown = view(page)
    x, y = [float(lens.get_attribute(a)) for a in ("x", "y")]
    assert (x, y) == (pytest.approx(0, abs=0.5), pytest.approx(0, abs=0.5))
    width = float(lens.get_attribute("width"))
    assert width == pytest.approx((shown["box"]["right"] - shown["box"]["left"]) / shown["scale"], rel=0.02)
    # a click on the overview centres the view there
    page.locator(WHOLE).scroll_into_view_if_needed()
    r = overview.locator("svg").bounding_box()
    page.mouse.click(r["x"] + r["width"] * 0.75, r["y"] + r["height"] * 0.5)
    centre = page.locator(WHOLE).evaluate(UNIT_AT, list(centre_of(view(page)["box"])))
    svg_box = page.locator(WHOLE).evaluate("f => f.querySelector('svg').viewBox.baseVal.width")
    assert centre[0] == pytest.approx(0.75 * svg_box, rel=0.03)
    assert float(lens.get_attribute("x")) > 0
    toggle = tools(page).get_by_role("button", name="Overview")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert not overview.is_visible() and toggle.get_attribute("aria-pressed") == "false"


# ---------------------------------------------------------------------------------------------------
# Focus by URL and the article overlay.

NEIGHBOURS = """(svg) => {
  const focus = svg.querySelector("g.node.is-focus");
  const near = [...svg.querySelectorAll("g.node.is-near")].map(n => [...n.classList].find(c => c.startsWith("ent-")).slice(4));
  const arrows = [...svg.querySelectorAll("g.edge.is-near")].map(e => e.id);
  const faint = [...svg.querySelectorAll("g.node:not(.is-near), g.edge:not(.is-near)")].map(e => getComputedStyle(e).opacity);
  return { focus: focus && [...focus.classList].find(c => c.startsWith("ent-")), near: near.sort(), arrows: arrows.sort(), faint };
}"""


def neighbours_in_table(page, entity: str) -> tuple[list[str], list[str]]:
    """The arrows of `entity` on the whole map and the entities at their other ends, from the SVG ids."""
    ids = page.locator(f"{WHOLE} g.edge").evaluate_all("es => es.map(e => e.id)")
    mine = sorted(i for i in ids if i.removeprefix("svg-edge-").split("--")[0] == entity
                  or i.removeprefix("svg-edge-").split("--")[2] == entity)
    ends = {e for i in mine for e in (i.removeprefix("svg-edge-").split("--")[0], i.removeprefix("svg-edge-").split("--")[2])}
    return mine, sorted(ends)


def test_focus_by_url_highlights_the_entity_and_its_neighbours_brings_them_into_view_and_clears(page, base):
    go(page, base, "pathway.html#focus=ampk")
    whole = page.locator(f"{WHOLE} svg")
    state = whole.evaluate(NEIGHBOURS)
    arrows, ends = neighbours_in_table(page, "ampk")
    assert len(arrows) >= 5
    assert state["focus"] == "ent-ampk" and state["arrows"] == arrows and state["near"] == ends
    assert state["faint"] and set(state["faint"]) == {"0.2"}
    # brought into view: the page shows the whole map, and the map shows AMPK, at a legible scale
    node = page.locator(f"{WHOLE} #svg-node-ampk")
    box = view(page)["box"]
    r = node.bounding_box()
    assert box["left"] <= r["x"] and r["x"] + r["width"] <= box["right"]
    assert box["top"] <= r["y"] and r["y"] + r["height"] <= box["bottom"]
    assert 0 <= box["top"] < 900 and view(page)["scale"] >= 0.75 - 1e-3
    # the panels that draw AMPK highlight it too
    assert page.locator("section.panel svg.focusing g.node.is-focus.ent-ampk").count() >= 1
    status = tools(page).locator(".diagram-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith(f"AMPK and its {len(ends) - 1} neighbours are highlighted.")
    status.get_by_role("button", name="Clear").click()
    assert page.locator("svg.focusing, .is-focus, .is-near").count() == 0
    assert page.evaluate("location.hash") == ""
    assert page.evaluate("document.activeElement.matches('figure.diagram')")  # the keyboard stays in the diagram
    # the address is the way in: a new one focuses again
    page.evaluate("location.hash = 'focus=mtorc1'")
    page.locator("#svg-node-mtorc1.is-focus").wait_for()


def test_an_entity_page_links_to_it_on_the_whole_map_and_takes_a_focus_of_its_own(page, base):
    go(page, base, "entities/ampk.html#focus=mtorc1")
    svg = page.locator("figure.diagram svg")
    state = svg.evaluate(NEIGHBOURS)
    assert state["focus"] == "ent-mtorc1" and "ampk" in state["near"]
    with page.expect_navigation():
        page.get_by_role("link", name="AMPK and its neighbours on the whole map").click()
    assert page.url == f"{base}pathway.html#focus=ampk"
    page.locator(f"{WHOLE} #svg-node-ampk.is-focus").wait_for()


def test_the_article_overlay_dims_every_arrow_the_article_does_not_state(page, base):
    go(page, base, "pathway.html")
    picker = page.get_by_label("Show the arrows one article states")
    assert picker.is_visible()
    options = picker.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert options[0] == "" and ARTICLE in options and len(options) >= 3
    picker.select_option(ARTICLE)
    assert page.evaluate("location.hash") == f"#article={ARTICLE}"
    state = page.locator(f"{WHOLE} svg").evaluate("""(svg, article) => {
      const edges = [...svg.querySelectorAll("g.edge")];
      return { all: edges.length, stated: edges.filter(e => e.classList.contains(`art-${article}`)).length,
               bright: edges.filter(e => getComputedStyle(e).opacity === "1").map(e => e.id),
               mine: edges.filter(e => e.classList.contains(`art-${article}`)).map(e => e.id) };
    }""", ARTICLE)
    assert 0 < state["stated"] < state["all"]
    assert sorted(state["bright"]) == sorted(state["mine"])
    # which arrows an article states, as the table says: each is stated by one of this article's claims
    title = page.locator(f"#overlay-article option[value='{ARTICLE}']").inner_text()
    for edge_id in state["mine"][:5]:
        row = page.locator(f"tr#{edge_id.removeprefix('svg-')}")
        assert title in row.locator(".arrow-claims").inner_text()
    status = page.locator(".overlay-status")
    assert status.inner_text() == f"“{title}” states {state['stated']} of the {state['all']} arrows on the whole map; the others are dimmed."
    # with a focus at once; and the address keeps both
    page.evaluate("location.hash = 'focus=ampk&article=" + ARTICLE + "'")
    page.locator("#svg-node-ampk.is-focus").wait_for()
    assert picker.input_value() == ARTICLE
    picker.select_option("")
    assert page.evaluate("location.hash") == "#focus=ampk"
    assert page.locator("svg.overlaying").count() == 0 and status.inner_text() == ""


# ---------------------------------------------------------------------------------------------------
# The arrow panel.

def panel_claims(page) -> list[str]:
    return page.locator(".arrow-panel .arrow-claims > li").all_inner_texts()


def test_an_arrow_opens_its_claims_beside_the_diagram_and_escape_closes_it(page, base):
    go(page, base, "pathway.html")
    row = page.locator(f"tr#edge-{EDGE}")
    click_svg_link(page, f"{WHOLE} #svg-edge-{EDGE} a")
    panel = page.locator(".arrow-panel")
    assert panel.is_visible()
    assert panel.locator("h3").inner_text() == row.locator(".arrow-name").inner_text()
    level = row.locator(".arrow-level").inner_text()  # the evidence score's level, as the table shows it
    assert panel.locator(".arrow-panel-level").inner_text() == f"Strength of what these articles cite: {level}"
    assert any(f"{v.symbol} {v.label}" in level for v in SCORE_LEVELS)
    claims = panel_claims(page)
    assert claims == row.locator(".arrow-claims > li").all_inner_texts() and claims
    # each claim with its statement, its verdict (the vocabulary's words) and its article
    labels = {f"{v.symbol} {v.label}" for v in READER_VERDICTS}
    for item in panel.locator(".arrow-claims > li").all():
        assert item.locator("a[href^='claims/']").count() == 1
        assert item.locator(".verdict").inner_text() in labels
        assert item.locator("a[href^='articles/']").count() == 1
    # beside the diagram, which stays where it was: the page did not jump to the table
    figure = page.locator(WHOLE).bounding_box()
    beside = panel.bounding_box()
    assert beside["x"] >= figure["x"] + figure["width"] and beside["y"] < figure["y"] + figure["height"]
    assert page.evaluate("document.activeElement.id") == "arrow-panel-title"  # announced: the heading has focus
    assert panel.get_attribute("aria-labelledby") == "arrow-panel-title"
    assert page.locator(f"{WHOLE} #svg-edge-{EDGE}").evaluate("g => g.classList.contains('is-selected')")
    assert not row.evaluate("r => { const b = r.getBoundingClientRect(); return b.top < innerHeight && b.bottom > 0; }")
    page.keyboard.press("Escape")
    assert page.locator(".arrow-panel").count() == 0
    assert page.evaluate("document.activeElement.closest('g.edge')?.id") == f"svg-edge-{EDGE}"


def test_the_arrow_panel_works_from_the_keyboard(page, base):
    go(page, base, "pathway.html")
    page.locator(f"{WHOLE} #svg-edge-{EDGE} a").focus()
    page.keyboard.press("Enter")
    panel = page.locator(".arrow-panel")
    panel.wait_for()
    assert page.evaluate("document.activeElement.id") == "arrow-panel-title"
    # Tab goes through its links to its close button
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim()"))
        if seen[-1] == "Close" or not page.evaluate("document.activeElement.closest('.arrow-panel') !== null"):
            break
    assert "Close" in seen, seen
    page.keyboard.press("Enter")
    assert page.locator(".arrow-panel").count() == 0
    assert page.evaluate("document.activeElement.closest('g.edge')?.id") == f"svg-edge-{EDGE}"


def test_on_an_entity_page_an_arrow_opens_its_claims_and_leads_to_the_pathway(page, base):
    go(page, base, "entities/ampk.html")
    click_svg_link(page, f"figure.diagram #svg-edge-{EDGE} a")
    assert page.url == f"{base}entities/ampk.html"  # still here
    assert panel_claims(page) == page.locator(f"li#edge-{EDGE} .arrow-claims > li").all_inner_texts()
    level = page.locator(f"li#edge-{EDGE} .arrow-level").inner_text()
    assert page.locator(".arrow-panel-level").inner_text().endswith(level)
    with page.expect_navigation():
        page.locator(".arrow-panel a.arrow-panel-row").click()
    assert page.url == f"{base}pathway.html#edge-{EDGE}"


def test_on_a_phone_the_panel_is_below_the_diagram(browser, base):
    page = open_tab(browser, PHONE)
    try:
        go(page, base, "pathway.html")
        click_svg_link(page, f"{WHOLE} #svg-edge-{EDGE} a")
        figure, panel = page.locator(WHOLE).bounding_box(), page.locator(".arrow-panel").bounding_box()
        assert panel["y"] >= figure["y"] + figure["height"] and panel["x"] + panel["width"] <= PHONE
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
        assert page.js_errors == [] and csp_violations(page) == []
    finally:
        page.context.close()


# ---------------------------------------------------------------------------------------------------
# Click targets and labels.

# For each arrow, after scrolling points of its line into view: 'wide' if at some point a click on its
# line and 4 px to either side of it (across the line) lands on its link (or on the invisible one under
# it that pathway.js lays there, with the same link); 'crowded' if at every point one side lands on
# another arrow instead (where two arrows run closer than 8 px, their targets share the space between
# them); 'narrow' if a side lands on anything else. And the invisible line itself: 10 px at any zoom.
ARROW_TARGETS = """(figure) => {
  const XLINK = "http://www.w3.org/1999/xlink", out = [];
  figure.scrollIntoView({ block: "start" });
  const href = (a) => a.getAttributeNS(XLINK, "href") || a.getAttribute("href");
  for (const edge of figure.querySelectorAll("g.edge")) {
    const link = edge.querySelector("a"), line = edge.querySelector("a path");
    const under = [...figure.querySelectorAll(".hit-link")].find(a => href(a) === href(link));
    const style = under && getComputedStyle(under.querySelector("path"));
    if (!style || style.strokeWidth !== "10px" || style.vectorEffect !== "non-scaling-stroke" || style.pointerEvents !== "stroke") {
      out.push([edge.id, "narrow"]);
      continue;
    }
    const whose = (x, y) => { const hit = document.elementFromPoint(x, y), a = hit && hit.closest("a");
      return !a ? "none" : (a === link || a === under) ? "mine" : a.closest("g.edge, .hit-layer") ? "arrow" : "other"; };
    let verdict = "narrow";
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9]) {
      const length = line.getTotalLength(), p = line.getPointAtLength(length * f), q = line.getPointAtLength(Math.min(length, length * f + 1));
      const at = (pt) => { const m = line.getScreenCTM(); return [pt.x * m.a + pt.y * m.c + m.e, pt.x * m.b + pt.y * m.d + m.f]; };
      let [x, y] = at(p);
      const box = figure.getBoundingClientRect();
      figure.scrollLeft += x - (box.left + figure.clientWidth / 2);
      figure.scrollTop += y - (box.top + figure.clientHeight / 2);
      [x, y] = at(p);
      const [x2, y2] = at(q), d = Math.hypot(x2 - x, y2 - y) || 1, nx = -(y2 - y) / d, ny = (x2 - x) / d;
      if (whose(x, y) !== "mine") { verdict = verdict === "narrow" ? "crowded" : verdict; continue; }
      const sides = [whose(x + 4 * nx, y + 4 * ny), whose(x - 4 * nx, y - 4 * ny)];
      if (sides.every(w => w === "mine")) { verdict = "wide"; break; }
      if (sides.every(w => w === "mine" || w === "arrow")) verdict = "crowded";
      else { verdict = "narrow"; break; }
    }
    out.push([edge.id, verdict]);
  }
  return out;
}"""


@pytest.mark.parametrize("path, selector", [("pathway.html", WHOLE), ("entities/ampk.html", "figure.diagram")])
def test_every_arrow_and_node_is_a_click_target_at_least_8_px_wide(page, base, path, selector):
    go(page, base, path)
    targets = dict(page.locator(selector).evaluate(ARROW_TARGETS))
    assert len(targets) >= 10
    narrow = [edge for edge, verdict in targets.items() if verdict == "narrow"]
    crowded = [edge for edge, verdict in targets.items() if verdict == "crowded"]
    assert not narrow, f"{len(narrow)} of {len(targets)} arrows are narrower than 8 px: {narrow[:10]}"
    assert len(crowded) <= len(targets) // 50, crowded  # the seed map: 2 of 215 run alongside another all the way
    page.locator(selector).evaluate("f => f.scrollTo(0, 0)")
    small = page.locator(f"{selector} g.node a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect()).filter(r => r.width < 8 || r.height < 8).length")
    assert small == 0


LABEL_SIZES = """() => [...document.querySelectorAll("figure.diagram svg text")].map(t => {
  const m = t.getScreenCTM();
  return [t.closest("figure").querySelector("svg").getAttribute("aria-label"), t.textContent,
          parseFloat(t.getAttribute("font-size")) * Math.hypot(m.a, m.b)];
})"""


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("path", ["pathway.html", "entities/ampk.html", "entities/insulin-sensitivity.html",
                                  "claims/ampk-phosphorylates-raptor.html"])
def test_every_label_is_at_least_11_px_at_the_first_zoom_on_a_1280_px_screen(browser, base, path, script):
    page = open_tab(browser, java_script_enabled=script)
    try:
        response = page.goto(base + path)
        assert response.ok
        sizes = page.evaluate(LABEL_SIZES)
        assert len(sizes) >= 3
        small = [s for s in sizes if s[2] < 10.95]
        assert not small, small[:10]
    finally:
        page.context.close()


# ---------------------------------------------------------------------------------------------------
# Without JavaScript: as before.

def test_without_javascript_the_diagrams_and_their_links_work_as_before(browser, base):
    page = open_tab(browser, java_script_enabled=False)
    try:
        page.goto(base + "pathway.html")
        assert page.locator(".diagram-tools, .diagram-overview, .arrow-panel").count() == 0
        assert not page.locator(".overlay-picker").is_visible()
        click_svg_link(page, f"{WHOLE} #svg-edge-{EDGE} a")
        page.wait_for_url(re.compile(rf"pathway\.html#edge-{EDGE}$"))
        assert page.locator(f"tr#edge-{EDGE}").evaluate("r => r.matches(':target')")
        page.goto(base + "entities/ampk.html")
        assert not page.get_by_text("AMPK and its neighbours on the whole map").is_visible()
        with page.expect_navigation():
            click_svg_link(page, f"figure.diagram #svg-edge-{EDGE} a")
        assert page.url == f"{base}pathway.html#edge-{EDGE}"
    finally:
        page.context.close()


# ---------------------------------------------------------------------------------------------------
# Accessibility and validity of the pages as the script leaves them; screenshots.

STATES = {
    "pathway": ("pathway.html#focus=ampk&article=" + ARTICLE, f"{WHOLE} #svg-edge-{EDGE} a"),
    "entity": ("entities/ampk.html#focus=mtorc1", f"figure.diagram #svg-edge-{EDGE} a"),
}


def explored(browser, base, kind: str, width: int, scheme: str):
    """A tab on `kind`'s page with a focus (and on the pathway an article overlay) and an arrow's panel open."""
    page = open_tab(browser, width, scheme)
    path, arrow = STATES[kind]
    go(page, base, path)
    click_svg_link(page, arrow)
    page.locator(".arrow-panel").wait_for()
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(STATES))
def test_axe_finds_no_serious_or_critical_violation_on_explored_diagrams(browser, base, kind, scheme):
    """Dark mode changes only colours, so there only the colour rules run."""
    page = explored(browser, base, kind, DESKTOP, scheme)
    try:
        violations = axe_violations(page, None if scheme == "light" else ["color-contrast", "link-in-text-block"])
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, "\n".join(f"{v['impact']} {v['id']} ({v['count']}x): {v['help']}\n    " + "\n    ".join(v["nodes"])
                                  for v in bad)
        assert page.js_errors == [] and csp_violations(page) == []
    finally:
        page.context.close()


def test_the_pages_as_the_script_leaves_them_are_valid_html(browser, base, tmp_path):
    files = []
    for kind in STATES:
        page = explored(browser, base, kind, DESKTOP, "light")
        try:
            tools(page, "figure.diagram.zoomable").get_by_role("button", name="Zoom in").click()
            files.append(tmp_path / f"{kind}.html")
            files[-1].write_text("<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"), "utf-8")
        finally:
            page.context.close()
    try:
        messages = vnu_messages(files)
    except FileNotFoundError as missing:
        pytest.fail(str(missing), pytrace=False)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(f"{m.get('url', '?').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
                                 f"  [{m.get('extract', '').strip()[:120]}]" for m in errors[:30])


@pytest.mark.parametrize("kind", list(STATES))
def test_screenshots_of_explored_diagrams(browser, base, kind):
    """tests/browser/screenshots/explore-KIND-WIDTH-SCHEME.png: the page where the diagram's frame
    starts, with a focus and an arrow's panel open; no page-wide sideways scrolling."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for width in (PHONE, DESKTOP):
            page = explored(browser, base, kind, width, scheme)
            try:
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                frame = page.locator(".diagram-frame.has-panel")
                frame.evaluate("f => f.scrollIntoView({ block: 'start' })")
                page.screenshot(path=str(SCREENSHOTS / f"explore-{kind}-{width}-{scheme}.png"))
                assert page.js_errors == [] and csp_violations(page) == []
            finally:
                page.context.close()
