"""The real site in a real browser: the real project (the repository itself) is built with relative
links, served over HTTP under a subpath (http://127.0.0.1:PORT/evidmap/), and driven with headless
Chromium through Playwright: search, the links a reader follows (pathway arrow -> its row, matrix cell
-> its claims, highlighted claim -> claim page -> back), keyboard focus, axe-core accessibility rules
in light and dark mode, the Nu HTML checker, and layout at phone and desktop widths with screenshots.

Everything here is installed by `scripts/bootstrap --test` (Chromium and Java from Debian, Playwright
from the `test` extra, axe-core and vnu-jar from npm into tests/browser/node_modules). The browser tests
skip only when no Chromium is installed; a missing tool is a failure that says how to install it.
Screenshots go to tests/browser/screenshots/ (or $EVIDMAP_SCREENSHOTS).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from browser.support import (
    build_site,
    PAGE_TYPES, RECORD_CSP_VIOLATIONS, SCREENSHOTS, axe_violations, chromium, click_svg_link, csp_violations, search,
    serve, vnu_messages,
)
from conftest import ROOT

PHONE, DESKTOP = 375, 1280
SCHEMES = ("light", "dark")
ARTICLE = "articles/metformin-vicious-cycle.html"
EDGE = "ampk--negative--mtorc1"  # AMPK inhibits mTORC1, on the whole map
CLAIM = "ampk-phosphorylates-raptor"
GWINN_PUBMED = "https://pubmed.ncbi.nlm.nih.gov/18439900/"


# ---------------------------------------------------------------------------------------------------
# Fixtures: one build, one server, one browser per module; one browser context per (width, scheme).

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The real project, built with relative links (no --base-url)."""
    return build_site(ROOT, tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="module")
def base(site) -> str:
    """The site's address: served under a subpath, as on GitHub Pages."""
    with serve(site, "/evidmap/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def contexts(browser):
    """contexts(width, scheme): a browser context at that viewport width and colour scheme, made once;
    its pages record their Content-Security-Policy violations (csp_violations)."""
    made = {}

    def get(width: int = DESKTOP, scheme: str = "light"):
        if (width, scheme) not in made:
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                          reduced_motion="reduce")
            context.set_default_timeout(15_000)
            context.add_init_script(RECORD_CSP_VIOLATIONS)
            made[width, scheme] = context
        return made[width, scheme]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def tabs(contexts):
    """tabs(width, scheme): one tab per width and colour scheme, reused by the page-by-page checks."""
    made = {}

    def get(width: int = DESKTOP, scheme: str = "light"):
        if (width, scheme) not in made or made[width, scheme].is_closed():
            made[width, scheme] = contexts(width, scheme).new_page()
        return made[width, scheme]

    return get


@pytest.fixture
def page(contexts):
    """A fresh tab at desktop width, light mode, that records JavaScript errors in `page.js_errors`."""
    page = contexts(DESKTOP, "light").new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    page.close()


def open_page(page, base: str, path: str) -> None:
    """Go to a page of the site (search runs a search for AMPK, so its results are there too)."""
    response = page.goto(base + path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    if path.startswith("search.html"):
        search(page, "AMPK")


def in_viewport(locator) -> bool:
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth; }")


# ---------------------------------------------------------------------------------------------------
# What a reader does.

def test_search_for_ampk_shows_results_that_open(page, base):
    open_page(page, base, "search.html")
    results = page.locator("#search li.search-result")
    assert results.count() == 10  # the first page of results
    assert "AMPK" in results.first.inner_text()
    assert page.locator("#search .search-status").inner_text().endswith(" results for “AMPK”")
    links = page.locator("#search a.search-result-link")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(base) for h in hrefs), hrefs[:5]  # under the subpath
    # the words found are marked in the excerpts, and a page's sections that match are listed under it
    marked = page.locator("#search .search-excerpt mark").all_inner_texts()
    assert marked and all(m.lower().startswith("amp") for m in marked), marked  # AMPK, AMPK-driven, AMP-kinase
    sections = page.locator("#search .search-sections a.search-section-link")
    assert sections.count() >= 1 and "#" in sections.first.get_attribute("href")
    with page.expect_navigation():
        links.first.click()
    assert page.url.startswith(base) and page.locator("h1").count() == 1
    assert page.js_errors == [] and csp_violations(page) == []


def test_search_from_the_address_bar(page, base):
    page.goto(base + "search.html?q=AMPK")
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
    assert page.locator("#search-input").input_value() == "AMPK"
    assert page.locator("#search li.search-result").count() > 0


def result_count(page) -> int:
    status = page.locator("#search .search-status").inner_text()
    return int(status.split()[0]) if status[0].isdigit() else 0


def tick(page, group: str, value: str) -> int:
    """Tick one value of a filter group and wait for the search it runs; the count the box showed."""
    details = page.locator("#search details.search-filter", has=page.locator("summary", has_text=group))
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    label = details.locator("label", has=page.locator(f"input[value='{value}']"))
    shown = int(label.locator(".search-count").inner_text().strip("()"))
    label.locator("input").check()
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
    return shown


def test_search_filters_narrow_the_results_and_values_of_one_filter_combine_with_or(page, base):
    open_page(page, base, "search.html")
    everything = result_count(page)
    groups = page.locator("#search details.search-filter summary").all_inner_texts()
    assert groups == ["Kind of page", "Article", "Entity", "Claim type", "Evidence", "Verdict"]
    articles = page.locator("#search details.search-filter", has=page.locator("summary", has_text="Article"))
    first, second = articles.locator("input").evaluate_all("boxes => boxes.map(b => b.value)")[:2]
    in_first = tick(page, "Article", first)
    assert 0 < in_first == result_count(page) < everything
    assert page.locator("#search li.search-result").count() == min(in_first, 10)
    in_second = int(articles.locator("label", has=page.locator(f"input[value='{second}']")).locator(".search-count").inner_text().strip("()"))
    assert in_second > 0  # what ticking it would add
    tick(page, "Article", second)
    assert result_count(page) == in_first + in_second  # a claim is of one article
    tick(page, "Claim type", "mechanism")  # and another filter: both must hold
    assert 0 < result_count(page) < in_first + in_second
    assert page.js_errors == [] and csp_violations(page) == []


def shown_results(page) -> list[str]:
    """The URLs of every result of the search on screen, after loading them all."""
    more = page.locator("#search button.search-more")
    while more.is_visible():
        count = page.locator("#search li.search-result").count()
        more.click()
        page.locator("#search li.search-result").nth(count).wait_for()
    return page.locator("#search a.search-result-link").evaluate_all("links => links.map(a => a.href)")


def open_search(page, base: str, query: str = "") -> None:
    """The search page with `query` in its address (?q=...&verdict=...), once its results are shown."""
    page.goto(base + "search.html" + (f"?{query}" if query else ""))
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")


def test_two_values_of_one_filter_give_the_claims_with_either(page, base):
    """With words and without: ticking two verdicts lists the union of what each lists alone."""
    for words in ("q=muscle&", ""):
        found = {}
        for verdicts in (["Overstated"], ["Unverifiable"], ["Overstated", "Unverifiable"]):
            open_search(page, base, words + "&".join(f"verdict={v}" for v in verdicts))
            found[tuple(verdicts)] = shown_results(page)
            assert result_count(page) == len(found[tuple(verdicts)]), verdicts
        overstated, unverifiable = set(found["Overstated",]), set(found["Unverifiable",])
        assert overstated and unverifiable and not overstated & unverifiable
        assert set(found["Overstated", "Unverifiable"]) == overstated | unverifiable, words
    assert page.js_errors == [] and csp_violations(page) == []


@pytest.mark.parametrize("label, synonym", [("AMPK", "AMP-kinase"), ("IL-6", "interleukin 6")])
def test_a_synonym_finds_the_claims_its_entitys_label_finds(page, base, label, synonym):
    found = {}
    for words in (label, synonym):
        open_search(page, base, f"q={quote(words)}&kind=claim")
        found[words] = set(shown_results(page))
    assert len(found[label]) >= 10 and found[synonym] == found[label]


def test_filters_browse_without_words_and_the_address_keeps_the_search(page, base):
    """Ticking a filter before typing lists what it holds; the address follows (so the search can be
    shared), and Back unticks it."""
    open_search(page, base)
    assert page.locator("#search li.search-result").count() == 0
    contradicted = tick(page, "Verdict", "Contradicted")
    assert contradicted == result_count(page) == page.locator("#search li.search-result").count() == 2
    assert page.url.endswith("search.html?verdict=Contradicted")
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    page.locator("#search-input").fill("insulin")
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
    page.wait_for_url(re.compile(r"search\.html\?q=insulin&verdict=Contradicted$"))
    with_words = result_count(page)
    # the address shared: another tab opens the same search
    other = page.context.new_page()
    try:
        other.goto(page.url)
        other.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
        assert other.locator("#search-input").input_value() == "insulin" and result_count(other) == with_words
        assert other.locator("#search input[value='Contradicted']").is_checked()
    finally:
        other.close()
    page.go_back()  # to before the tick: nothing ticked, the box empty, no results
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
    assert not page.locator("#search input[value='Contradicted']").is_checked()
    assert page.locator("#search-input").input_value() == "" and page.locator("#search li.search-result").count() == 0
    assert page.js_errors == [] and csp_violations(page) == []


def test_result_cards_say_what_kind_of_page_which_article_and_which_verdict(page, base):
    open_search(page, base, "q=Raptor")
    card = page.locator("#search li.search-result", has=page.locator(f"a[href$='claims/{CLAIM}.html']"))
    assert card.locator(".search-result-about").inner_text() == "Claim · Metformin Vicious Cycle"
    assert card.locator(".search-result-verdict").text_content() == "Verdict: ✓ Supported"
    entity = page.locator("#search li.search-result", has=page.locator("a[href$='entities/raptor.html']"))
    assert entity.locator(".search-result-about").inner_text() == "Entity"
    assert entity.locator(".search-result-verdict").count() == 0
    assert page.js_errors == [] and csp_violations(page) == []


def visible_rows(page) -> list[tuple[str, str]]:
    return page.locator("main tr[data-verdict]").evaluate_all(
        "rows => rows.filter(r => r.offsetParent !== null).map(r => [r.dataset.verdict, r.dataset.article])")


def test_a_table_of_claims_narrows_to_the_verdicts_and_articles_ticked(page, base):
    """The claims index: values of one kind combine with "or", kinds with "and"; the count is
    announced; an article with no row left is hidden with its heading; one click shows all again."""
    page.goto(base + "claims/index.html")
    every = visible_rows(page)
    status = page.locator(".row-filters-status")
    assert len(every) > 200 and status.inner_text() == f"Showing all {len(every)} claims."
    assert status.get_attribute("role") == "status"
    filters = page.locator(".row-filters")
    filters.locator("input[value='overstated']").check()
    assert visible_rows(page) == [r for r in every if r[0] == "overstated"]
    filters.locator("input[value='unverifiable']").check()
    both = [r for r in every if r[0] in ("overstated", "unverifiable")]
    assert visible_rows(page) == both and status.inner_text() == f"Showing {len(both)} of {len(every)} claims."
    filters.locator("input[value='metformin-vicious-cycle']").check()
    assert visible_rows(page) == [r for r in both if r[1] == "metformin-vicious-cycle"]
    sections = page.locator("main section[data-filter-group]")
    assert [s.is_visible() for s in sections.all()] == [True, False, False, False]
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    filters.locator("button.row-filters-clear").click()
    assert visible_rows(page) == every and all(s.is_visible() for s in sections.all())
    assert page.js_errors == [] and csp_violations(page) == []


def test_an_entitys_claims_narrow_by_verdict(page, base):
    page.goto(base + "entities/ampk.html")
    every = visible_rows(page)
    page.locator(".row-filters input[value='supported']").check()
    assert visible_rows(page) == [r for r in every if r[0] == "supported"] != []
    assert page.js_errors == [] and csp_violations(page) == []


def test_without_javascript_every_claim_shows_and_no_filter_does(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for path in ("claims/index.html", "entities/ampk.html"):
            page.goto(base + path)
            assert not page.locator(".row-filters").is_visible()
            rows = page.locator("main tr[data-verdict]")
            assert rows.count() > 0 and all(row.is_visible() for row in rows.all())
    finally:
        context.close()


def test_load_more_results_adds_the_next_ones_and_moves_focus_to_them(page, base):
    open_page(page, base, "search.html")
    total = result_count(page)
    assert total > 10
    page.locator("#search button.search-more").click()
    page.locator("#search li.search-result").nth(min(total, 20) - 1).wait_for()
    assert page.locator("#search li.search-result").count() == min(total, 20)
    assert page.evaluate("document.activeElement.closest('li.search-result') === document.querySelectorAll('#search li.search-result')[10]")
    assert page.js_errors == [] and csp_violations(page) == []


@pytest.mark.parametrize("diagram", ["whole map", "first panel"])
def test_clicking_a_pathway_arrow_shows_its_claims_and_leads_to_its_row(page, base, diagram):
    """The arrow's claims open beside the diagram (assets/pathway.js); from there, its row."""
    open_page(page, base, "pathway.html")
    if diagram == "whole map":
        selector, edge = f"#whole-map #svg-edge-{EDGE} a", EDGE
    else:
        first = page.locator("section.panel g.edge[id*='-svg-edge-']").first
        selector = f"#{first.get_attribute('id')} a"
        edge = first.get_attribute("id").split("-svg-edge-", 1)[1]
    click_svg_link(page, selector)
    page.wait_for_url(re.compile(rf"/evidmap/pathway\.html#edge-{re.escape(edge)}$"))
    panel = page.locator(".arrow-panel")
    statements = page.locator(f"tr#edge-{edge} .arrow-claims > li > a:first-child").all_inner_texts()
    assert statements and panel.locator(".arrow-claims > li > a:first-child").all_inner_texts() == statements
    panel.locator("a.arrow-panel-row").click()
    page.locator(f"tr#edge-{edge}:target").wait_for()
    row = page.locator(f"tr#edge-{edge}")
    assert row.evaluate("r => r.matches(':target')")
    assert in_viewport(row)
    claims = row.locator("a[href^='claims/']")
    assert claims.count() >= 1
    # each claim listed draws this arrow: its page links back to this row
    with page.expect_navigation():
        claims.first.click()
    assert page.locator(f"a[href='../pathway.html#edge-{edge}']").count() >= 1
    assert page.js_errors == []


def test_an_arrows_why_this_score_opens_from_the_keyboard_and_its_lines_add_up(page, base):
    open_page(page, base, "pathway.html#edge-muscle-contraction--positive--glut4-translocation")
    row = page.locator("#edge-muscle-contraction--positive--glut4-translocation")
    lines = row.locator("ul.why li")
    assert not lines.first.is_visible()
    row.locator("details.why summary").focus()
    page.keyboard.press("Enter")
    assert lines.first.is_visible()
    adds = [float(t) for t in row.locator("ul.why li > strong").all_text_contents()]
    *parts, total = adds
    assert round(sum(parts), 2) == total == 0.26 and len(parts) == 3
    assert "Weak" in row.locator(".score").inner_text()
    violations = axe_violations(page)
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations


# --- the evidence matrix ---------------------------------------------------------------------------

MATRIX_PHONE = 390  # the matrix's own checks and screenshots: a common phone's width
BLUNTED = "#cell-metformin--insulin-sensitivity"  # one claim: metformin blunts the exercise effect


def test_without_javascript_a_matrix_cell_links_to_the_list_of_its_claims(browser, base):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        open_page(page, base, "matrix.html")
        assert page.locator("#matrix-filters").is_hidden()  # filters need the script
        cell = page.locator(f"table.matrix td.cell a[href='{BLUNTED}']")
        cell.click()
        page.wait_for_url(re.compile(rf"/evidmap/matrix\.html{re.escape(BLUNTED)}$"))
        section = page.locator(f"section{BLUNTED}")
        assert section.evaluate("s => s.matches(':target')")
        assert in_viewport(section.locator("h3"))
        claims = section.locator("ul.cell-claim-list > li")
        assert claims.count() == 1
        assert "blunts the improvement from aerobic training" in claims.inner_text()
        assert section.locator("a.cell-claim[href^='claims/']").count() == 1
    finally:
        context.close()


def test_a_matrix_cell_opens_its_claims_in_place_and_closes_back_to_the_cell(page, base):
    open_page(page, base, "matrix.html")
    cell = page.locator(f"table.matrix td.cell a[href='{BLUNTED}']")
    assert cell.get_attribute("aria-haspopup") == "dialog"
    cell.click()
    dialog = page.locator("dialog.cell-dialog[open]")
    dialog.wait_for()
    assert page.url == base + "matrix.html"  # in place: the page did not move to the list
    assert dialog.locator("h2").inner_text() == "Metformin → Insulin sensitivity"
    item = dialog.locator("ul.cell-claim-list > li")
    assert item.count() == 1
    text = item.inner_text()
    # statement, direction with its context, verdict, article, evidence
    assert "Metformin interferes with one of the main ways exercise improves insulin resistance" in text
    assert "↓ decreases — blunts the improvement from aerobic training" in text
    assert "Supported" in text and "Metformin Vicious Cycle" in text and "randomised trial" in text
    assert "Konopka" in dialog.locator(".cell-summary").inner_text()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")  # focus moved into it
    assert page.locator("[id]").evaluate_all("els => els.map(e => e.id)").count("cell-metformin--insulin-sensitivity") == 1
    page.keyboard.press("Escape")
    assert dialog.count() == 0
    assert page.evaluate(f"document.activeElement === document.querySelector(\"td.cell a[href='{BLUNTED}']\")")
    # a cell with several claims lists them all, each linking to its page, under the subpath
    many = page.locator("table.matrix td.cell a[href='#cell-exercise--insulin-sensitivity']")
    many.click()
    links = page.locator("dialog.cell-dialog[open] a.cell-claim")
    assert links.count() == 20
    with page.expect_navigation():
        links.first.click()
    assert page.url.startswith(base + "claims/") and page.locator("h1").count() == 1
    assert page.js_errors == [] and csp_violations(page) == []


def test_matrix_filters_keep_the_cells_of_one_article_and_the_rows_and_columns_that_hold_them(page, base):
    open_page(page, base, "matrix.html")
    total = page.locator("table.matrix td.cell").count()
    select = page.locator("#filter-article")
    assert select.is_visible()
    shown = """() => {
      const t = document.querySelector('table.matrix');
      const visible = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
      return {
        cells: [...t.querySelectorAll('td.cell')].filter(c => visible(c) && visible(c.querySelector('a')))
                 .map(c => c.dataset.articles),
        rows: [...t.tBodies[0].rows].filter(visible).length,
        columns: [...t.tHead.rows[0].cells].filter(visible).length - 1,
        emptyRows: [...t.tBodies[0].rows].filter(visible)
                     .filter(r => ![...r.querySelectorAll('td.cell')].some(c => visible(c) && visible(c.querySelector('a')))).length,
      };
    }"""
    before = page.evaluate(shown)
    assert len(before["cells"]) == total and before["emptyRows"] == 0
    select.select_option("metformin-vicious-cycle")
    after = page.evaluate(shown)
    assert 0 < len(after["cells"]) < total
    assert all("metformin-vicious-cycle" in c.split() for c in after["cells"])
    assert after["emptyRows"] == 0 and after["rows"] < before["rows"] and after["columns"] < before["columns"]
    assert page.locator("#matrix-status").inner_text() == f"{len(after['cells'])} of {total} cells match."
    select.select_option("")
    assert page.evaluate(shown) == before and page.locator("#matrix-status").inner_text() == ""
    # by level: the cells whose claims' works score moderate, then those and the disputed; with the
    # article as well, both must hold
    levels = page.locator("#matrix-filters fieldset[data-filter='level']")
    level_of = "cells => cells.map(c => c.closest('td').dataset.level)"
    visible_levels = lambda: page.locator("table.matrix td.cell:not(.filtered-out):visible a").evaluate_all(level_of)
    levels.get_by_label("Moderate").check()
    moderate = visible_levels()
    assert moderate and set(moderate) == {"moderate"}
    levels.get_by_label("Disputed").check()
    either = visible_levels()
    assert set(either) == {"moderate", "disputed"} and len(either) > len(moderate)
    select.select_option("what-is-insulin-resistance")
    both = page.evaluate(shown)["cells"]
    assert both and len(both) < len(either) and all("what-is-insulin-resistance" in c.split() for c in both)
    assert set(visible_levels()) <= {"moderate", "disputed"}
    assert page.js_errors == [] and csp_violations(page) == []


# Where the header row's first outcome and the last row's intervention are, against the matrix's box.
_STUCK = """() => {
  const box = document.querySelector('.matrix-wrap').getBoundingClientRect();
  const header = document.querySelector('table.matrix thead th:nth-child(2)').getBoundingClientRect();
  const rows = document.querySelectorAll('table.matrix tbody th[scope=row]');
  const first = rows[rows.length - 1].getBoundingClientRect();
  return { boxTop: box.top, boxLeft: box.left, headerTop: header.top, headerBottom: header.bottom,
           rowLeft: first.left, rowTop: first.top, rowBottom: first.bottom, height: innerHeight };
}"""


@pytest.mark.parametrize("width", [MATRIX_PHONE, DESKTOP])
def test_the_matrix_header_row_and_first_column_stay_in_view_while_it_scrolls(contexts, base, width):
    page = contexts(width, "light").new_page()
    try:
        open_page(page, base, "matrix.html")
        box = page.locator(".matrix-wrap")
        box.scroll_into_view_if_needed()
        box.evaluate("b => b.scrollIntoView({block: 'start'})")
        at_rest = page.evaluate(_STUCK)
        # scroll the table down and across with the mouse wheel, as a reader does
        area = box.bounding_box()
        page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
        for _ in range(10):
            page.mouse.wheel(400, 400)
        for _ in range(40):  # wheel scrolling lands asynchronously (wait_for_function would need eval, which the CSP refuses)
            if box.evaluate("b => b.scrollTop > 0 && b.scrollLeft > 0"):
                break
            page.wait_for_timeout(50)
        scrolled = box.evaluate("b => ({ top: b.scrollTop, left: b.scrollLeft, bottom: b.scrollHeight - b.clientHeight })")
        assert scrolled["top"] > 0 and scrolled["left"] > 0, scrolled
        stuck = page.evaluate(_STUCK)
        # the header is still at the top of the box, which is on screen; the intervention column at its left
        assert abs(stuck["headerTop"] - stuck["boxTop"]) <= 2 and 0 <= stuck["headerTop"] < stuck["height"], stuck
        assert stuck["headerTop"] == at_rest["headerTop"] and stuck["boxTop"] == at_rest["boxTop"]
        assert abs(stuck["rowLeft"] - stuck["boxLeft"]) <= 2, stuck
        assert stuck["headerBottom"] <= stuck["rowTop"], stuck  # the last row scrolled in, below the header
        assert stuck["rowBottom"] <= stuck["height"], stuck
    finally:
        page.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_the_matrix_with_a_cell_open_or_a_filter_set(tabs, base, scheme):
    page = tabs(DESKTOP, scheme)
    open_page(page, base, "matrix.html")
    page.locator("#filter-article").select_option("metformin-vicious-cycle")
    page.locator(f"table.matrix td.cell a[href='{BLUNTED}']").click()
    page.locator("dialog.cell-dialog[open]").wait_for()
    violations = axe_violations(page, None if scheme == "light" else ["color-contrast", "link-in-text-block"])
    assert not violations, "\n".join(f"{v['impact']} {v['id']} ({v['count']}x): {v['help']}\n    " + "\n    ".join(v["nodes"])
                                      for v in violations)
    page.keyboard.press("Escape")


def test_matrix_screenshots(contexts, base):
    """tests/browser/screenshots/matrix-STATE-WIDTH-SCHEME.png: the legend, the matrix scrolled down
    and across (headers stuck), and a cell's claims opened in place."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in SCHEMES:
        for width in (MATRIX_PHONE, DESKTOP):
            page = contexts(width, scheme).new_page()
            try:
                open_page(page, base, "matrix.html")
                page.screenshot(path=str(SCREENSHOTS / f"matrix-top-{width}-{scheme}.png"))
                box = page.locator(".matrix-wrap")
                box.evaluate("b => { b.scrollIntoView({block: 'start'}); b.scrollTop = 320; b.scrollLeft = 240; }")
                page.screenshot(path=str(SCREENSHOTS / f"matrix-scrolled-{width}-{scheme}.png"))
                page.locator("table.matrix td.cell a[href='#cell-metformin--muscle-mass']").click()
                page.locator("dialog.cell-dialog[open]").wait_for()
                page.screenshot(path=str(SCREENSHOTS / f"matrix-cell-{width}-{scheme}.png"))
            finally:
                page.close()


def test_clicking_a_highlighted_claim_opens_its_page_with_its_source_and_leads_back(page, base):
    open_page(page, base, ARTICLE)
    mark = page.locator(f"mark.claim[data-claim='{CLAIM}'] a")
    with page.expect_navigation():
        mark.click()
    assert page.url == f"{base}claims/{CLAIM}.html"
    assert "AMPK directly phosphorylates Raptor" in page.locator("h1").inner_text()
    pubmed = page.locator(f"a[href='{GWINN_PUBMED}']")
    assert pubmed.count() >= 1 and pubmed.first.is_visible()
    assert "Gwinn" in page.locator("ul.refs").inner_text()
    # and back to the quote, in context
    with page.expect_navigation():
        page.locator("figure.quote figcaption a").click()
    assert page.url == f"{base}{ARTICLE}#claim-{CLAIM}"
    assert in_viewport(page.locator(f"mark.claim[data-claim='{CLAIM}']"))
    assert page.js_errors == []


def test_a_claim_another_article_contradicts_leads_to_both_side_by_side(page, base):
    open_page(page, base, PAGE_TYPES["claim-said-otherwise"])
    otherwise = page.locator("#elsewhere ul.otherwise li").first
    assert "Depends on context" in otherwise.inner_text()
    link = otherwise.locator("a[href*='agreement.html#compared-']")
    anchor = link.get_attribute("href").split("#", 1)[1]
    with page.expect_navigation():
        link.click()
    comparison = page.locator(f"article#{anchor}")
    assert comparison.evaluate("a => a.matches(':target')") and in_viewport(comparison.locator("h3"))
    sides = comparison.locator(".side")
    assert sides.count() == 2
    assert "IL-6 from adipose tissue lowers insulin signalling" in comparison.inner_text()
    # the claim the reader came from is on one side, with its verdict
    assert sides.locator("a[href='claims/tnf-alpha-and-il-6-interfere-with-insulin-signaling.html']").count() == 1
    assert comparison.locator(".verdict").count() >= 2
    assert page.js_errors == []


def test_the_agreement_page_summary_links_to_each_kind_of_tension(page, base):
    open_page(page, base, "agreement.html")
    assert page.locator("ul.summary li").count() == 5  # conflict, context, timeframes, figures, agree
    for link in page.locator("ul.summary a").all():
        target = link.get_attribute("href")
        assert page.locator(f"section{target}").count() == 1, target


# ---------------------------------------------------------------------------------------------------
# The Content-Security-Policy: the site's own scripts and styles only, nothing inline.

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'none'")
# what a policy without 'unsafe-inline' refuses: event handler and style attributes, scripts that are not
# data (JSON-LD on claim pages, the claim cards' JSON on article pages)
_INLINE = re.compile(r"<[a-zA-Z][^>]*[\s/](on[a-z]+|style)\s*=|<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")", re.I)


def test_every_page_has_the_policy_and_nothing_inline_it_would_refuse(site):
    pages = sorted(site.rglob("*.html"))
    problems = []
    for path in pages:
        html = path.read_text("utf-8")
        head = html[:html.index("<title>")]  # the policy comes before anything it governs
        if f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' not in head:
            problems.append(f"{path.relative_to(site)}: no policy at the top of <head>")
        problems += [f"{path.relative_to(site)}: {m.group(0)[:80]}" for m in _INLINE.finditer(html)]
    assert len(pages) > 100 and not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_kind_of_page_works_under_the_policy(tabs, base, kind):
    """No violation on any kind of page (the search page with results, its filters open)."""
    page = tabs(DESKTOP, "light")
    open_page(page, base, PAGE_TYPES[kind])
    if kind == "search":
        page.locator("#search details.search-filter summary").first.click()
    assert csp_violations(page) == []


def test_the_site_opened_from_a_folder_is_styled_and_search_says_it_needs_http(contexts, site):
    """'self' covers file:// pages' own stylesheet and scripts in Chromium: everything but search works."""
    page = contexts(DESKTOP, "light").new_page()
    try:
        for path in ("index.html", "pathway.html", ARTICLE, "search.html"):
            page.goto((site / path).as_uri())
            assert page.locator("header.site").evaluate("h => getComputedStyle(h).borderBottomStyle") == "solid", path
            assert csp_violations(page) == [], path
        assert "served over HTTP" in page.locator("#search").inner_text()
        assert page.locator("#search a[href$='claims/index.html']").count() == 1
    finally:
        page.close()


def test_live_preview_reloads_and_shows_errors_under_the_policy(contexts, mini):
    """evidmap serve adds its own script (/__evidmap__/live.js) to each page it serves: it is the
    site's own, so the policy lets it run; its error box is styled from the script, not by a style
    attribute."""
    proc = subprocess.Popen([sys.executable, "-m", "evidmap", "serve", str(mini), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = contexts(DESKTOP, "light").new_page()
    try:
        base = next(line for line in proc.stdout if line.startswith("serving ")).split()[1]
        page.goto(base + "claims/drug-d-lowers-glucose.html")
        claims = mini / "claims/beta.yaml"
        with page.expect_navigation():  # live.js reloads the page when a new build lands
            claims.write_text(claims.read_text().replace("statement: Drug D lowers blood glucose.",
                                                         "statement: Drug D lowers glucose in blood."))
        assert page.locator("h1").inner_text() == "Drug D lowers glucose in blood."
        claims.write_text(claims.read_text().replace("type: trial-result", "type: trial"))
        errors = page.locator("#evidmap-errors")
        errors.wait_for()
        assert "'claims[2].type' is 'trial'" in errors.inner_text()
        assert errors.evaluate("e => getComputedStyle(e).position") == "fixed"
        assert csp_violations(page) == []
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------------------
# Keyboard.

def focused(page) -> dict:
    return page.evaluate("""() => {
      const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
      return { tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent.trim(), href: e.getAttribute('href'),
               inHeader: !!e.closest('header.site'), inNav: !!e.closest('header.site nav'), inMain: !!e.closest('main'),
               inMark: !!e.closest('mark.claim'), outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
               visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight };
    }""")


def assert_focus_visible(state: dict) -> None:
    assert state["visible"], state
    assert state["outline"] not in ("none", "") and state["outlineWidth"] >= 2, state


def test_tab_reaches_skip_link_then_nav_with_visible_focus(page, base):
    open_page(page, base, ARTICLE)
    nav = page.locator("header.site nav a").evaluate_all("links => links.map(a => a.textContent.trim())")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["cls"] == "skip" and skip["href"] == "#main", skip
    assert_focus_visible(skip)  # shown on focus, outlined
    page.keyboard.press("Tab")
    brand = focused(page)
    assert brand["inHeader"] and "brand" in brand["cls"], brand
    assert_focus_visible(brand)
    seen = []
    for _ in nav:
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["inNav"], state
        assert_focus_visible(state)
        seen.append(state["text"])
    assert seen == nav


def test_skip_link_moves_on_to_the_content(page, base):
    open_page(page, base, ARTICLE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["inMain"], state


def test_highlighted_claims_show_keyboard_focus(page, base):
    open_page(page, base, ARTICLE)
    for _ in range(60):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["inMark"]:
            break
    else:
        pytest.fail("Tab never reached a highlighted claim")
    assert_focus_visible(state)
    claim = page.evaluate("document.activeElement.closest('mark').dataset.claim")
    mark = page.locator(f"mark.claim[data-claim='{claim}']").first
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    page.keyboard.press("Tab")  # on to the next link: the claim loses its focus highlight
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != background


# ---------------------------------------------------------------------------------------------------
# Accessibility (axe-core) and HTML validity (Nu HTML checker), one page of each type.

AXE_PAGES = dict(PAGE_TYPES, article=f"{ARTICLE}#claim-{CLAIM}", pathway=f"pathway.html#edge-{EDGE}")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_violation(tabs, base, kind, scheme):
    """At desktop width, in light and dark mode (pathway and article with a row / claim targeted).
    Dark mode changes only colours, so there only the colour rules run."""
    page = tabs(DESKTOP, scheme)
    open_page(page, base, AXE_PAGES[kind])
    violations = axe_violations(page, None if scheme == "light" else ["color-contrast", "link-in-text-block"])
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['impact']} {v['id']} ({v['count']}x): {v['help']}\n    " + "\n    ".join(v["nodes"])
                              for v in bad)


def test_html_is_valid(site):
    files = [site / path for path in PAGE_TYPES.values()]
    try:
        messages = vnu_messages(files)
    except FileNotFoundError as missing:
        pytest.fail(str(missing), pytrace=False)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(
        f"{m.get('url', '?').rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
        f"  [{m.get('extract', '').strip()[:120]}]" for m in errors[:50])


def test_every_page_has_unique_ids_that_are_xml_names(site):
    """What vnu checks first in inline SVG, without Java: the pathway page shows every panel next to
    the whole map, and Graphviz writes ids such as 'page0,1_graph0'."""
    problems = []
    for path in PAGE_TYPES.values():
        ids = re.findall(r'\sid="([^"]*)"', (site / path).read_text("utf-8"))
        problems += [f"{path}: duplicate id {i!r}" for i, n in sorted(Counter(ids).items()) if n > 1]
        problems += [f"{path}: id {i!r} is not an XML name" for i in ids if not re.fullmatch(r"[A-Za-z_][\w.-]*", i)]
    assert not problems, "\n".join(problems[:30])


# ---------------------------------------------------------------------------------------------------
# Layout at phone and desktop width, light and dark: no page-wide sideways scrolling, the nav wraps
# inside the screen; screenshots of each page type for a person to look at.

# Wide content (tables, diagrams) must scroll inside its own box: nothing may stick out of the page.
_STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.ownerSVGElement) continue;  // a diagram counts as its <svg>
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let clipped = false;  // inside a box that scrolls or clips?
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') { clipped = a.getBoundingClientRect().right <= width + 1; break; }
    }
    if (!clipped) out.push(`${e.tagName.toLowerCase()}.${e.getAttribute('class')} (right edge at ${Math.round(r.right)} px)`);
    if (out.length >= 5) break;
  }
  return { scrollWidth: document.documentElement.scrollWidth, out };
}"""


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_layout_and_screenshots(tabs, base, kind):
    """Screenshots: the top of the page (up to 4000 px), tests/browser/screenshots/KIND-WIDTH-SCHEME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for scheme in SCHEMES:
        for width in (PHONE, DESKTOP):
            page = tabs(width, scheme)
            open_page(page, base, PAGE_TYPES[kind])
            layout = page.evaluate(_STICKING_OUT)
            if layout["scrollWidth"] > width or layout["out"]:
                problems.append(f"{width} px {scheme}: page is {layout['scrollWidth']} px wide; {layout['out']}")
            nav = page.locator("header.site nav a").evaluate_all(
                f"links => links.filter(a => a.getBoundingClientRect().right > {width}).map(a => a.textContent)")
            if nav:
                problems.append(f"{width} px {scheme}: nav links off screen: {nav}")
            height = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}-{scheme}.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": min(height, 4000)})
    assert not problems, "\n".join(problems)


def test_no_article_is_wider_than_a_phone(tabs, base, site):
    """Article text carries tables of its own (Markdown), outside any template wrapper."""
    page = tabs(PHONE, "light")
    wide = {}
    for article in sorted((site / "articles").glob("*.html")):
        open_page(page, base, f"articles/{article.name}")
        layout = page.evaluate(_STICKING_OUT)
        if layout["scrollWidth"] > PHONE or layout["out"]:
            wide[article.name] = layout
    assert not wide, wide
