"""Who judged, sharing and print, in a real browser: the real project built with relative links and
served under a subpath (as tests/test_browser.py does). A printed claim, reference or article page
shows its address, the verdict legend where verdicts appear, and the disclaimer; on screen the
print-only parts stay hidden; the favicon loads and nothing a page asks for is missing; screenshots of
the About page and of a printed claim page at 390 and 1280 px, light and dark, for a person to look at
(tests/browser/screenshots/about-*.png, print-*.png, and print-claim.pdf).

axe-core and the Nu HTML checker run on the About page with every other page type (tests/test_browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.support import PAGE_TYPES, SCREENSHOTS, build_site, chromium, serve
from conftest import ROOT
from evidmap.build import check
from evidmap.vocabulary import READER_VERDICTS

WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
PRINTED = {kind: PAGE_TYPES[kind] for kind in ("claim", "reference", "article")}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("browser-about") / "site")


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site, "/evidmap/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def new_page(browser, width: int = 1280, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    return context.new_page()


def visible_text(page, selector: str) -> str:
    return " ".join(page.locator(selector).evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.innerText)")).replace("\n", " ")


def test_the_about_page_is_linked_from_every_page_type_and_reads_at_phone_and_desktop_width(browser, base):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in SCHEMES:
        for width in WIDTHS:
            page = new_page(browser, width, scheme)
            page.goto(base + PAGE_TYPES["claim"])
            with page.expect_navigation():
                page.locator("footer.site a", has_text="About this map").click()
            assert page.url == base + "about.html"
            assert page.locator("h1").inner_text() == "About this map"
            labels = page.locator("dl.verdict-list dt").all_inner_texts()
            assert [t.split(" ", 1)[1] for t in labels] == [v.label for v in READER_VERDICTS]
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(SCREENSHOTS / f"about-{width}-{scheme}.png"), full_page=True)
            page.context.close()


@pytest.mark.parametrize("kind", list(PRINTED))
def test_a_printed_page_shows_its_address_the_verdict_legend_and_the_disclaimer(browser, base, kind):
    path = PRINTED[kind]
    page = new_page(browser)
    page.goto(base + path)
    # on screen: the address line and the printed legend are not shown
    assert visible_text(page, "footer.site .print-only, .print-legend") == ""
    page.emulate_media(media="print")
    footer = visible_text(page, "footer.site")
    assert "appraisals are the curators' judgement, not medical advice" in footer
    assert f"This page: {path}, in “{check(ROOT).project.title}”" in footer
    assert not page.locator("header.site nav").is_visible()
    legend = visible_text(page, ".print-legend, .verdict-legend")
    if kind == "claim":  # its own verdict, with what it means
        shown = [v for v in READER_VERDICTS if f"{v.symbol} {v.label}" in legend]
        assert len(shown) == 1 and shown[0].meaning in legend
    elif kind == "reference":  # the verdicts its claim tables show, with what they mean
        badges = set(page.locator("table.claims .verdict").all_inner_texts())  # each its symbol and label
        shown = {v for v in READER_VERDICTS if f"{v.symbol} {v.label}" in badges}
        assert shown and len(shown) == len(badges)
        assert {v for v in READER_VERDICTS if v.meaning in legend} == shown
    else:  # the article's own legend prints: the verdicts its highlights show
        assert page.locator(".verdict-legend").is_visible() and "Each highlight is marked" in legend
    page.context.close()


def test_printed_claim_page_screenshots_and_pdf(browser, base):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = new_page(browser, width)
        page.goto(base + PRINTED["claim"])
        page.emulate_media(media="print")
        page.screenshot(path=str(SCREENSHOTS / f"print-claim-{width}.png"), full_page=True)
        if width == WIDTHS[-1]:
            page.pdf(path=str(SCREENSHOTS / "print-claim.pdf"), format="A4")
            assert (SCREENSHOTS / "print-claim.pdf").stat().st_size > 10_000
        page.context.close()


@pytest.mark.parametrize("kind", ["claim", "reference", "about", "index"])
def test_the_favicon_loads_and_nothing_a_page_asks_for_is_missing(browser, base, kind):
    page = new_page(browser)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").evaluate("l => l.href")
    response = page.request.get(icon)
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg")
    assert failed == []
    page.context.close()
