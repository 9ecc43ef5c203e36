"""The annotated article in a real browser: the real project built with relative links, served under
a subpath (http://127.0.0.1:PORT/evidmap/) and driven with headless Chromium through Playwright.

A highlight's card opens on hover, keyboard focus and tap, shows what the claim's records say, fits a
390 px screen, moves nothing, and closes on Escape, a second tap and focus moving away; the verdict
marks stay apart in grayscale; the highlights' accessible names carry the verdict; the verdict rail
sits beside its paragraphs on wide screens only; the scorecard's links show the claims they count;
axe-core and the Nu HTML checker find nothing serious on every article, light and dark, card open;
with JavaScript off every highlight is still a link to its claim. Screenshots with the card open, at
390 and 1280 px in light and dark mode, go to tests/browser/screenshots/article-card-*.png.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from browser.support import (
    RECORD_CSP_VIOLATIONS, SCREENSHOTS, axe_violations, build_site, chromium, csp_violations, serve, vnu_messages,
)
from conftest import ROOT
from evidmap.analyse import analyse
from evidmap.build import check
from evidmap.views.index import reference_links, short_citation
from evidmap.views.sentences import first_sentence
from evidmap.vocabulary import DESIGN_LABEL, READER_VERDICTS, verdict_of

PHONE, DESKTOP = 390, 1280
SCHEMES = ("light", "dark")
ARTICLE_ID = "metformin-vicious-cycle"
ARTICLE = f"articles/{ARTICLE_ID}.html"
CLAIM = "ampk-phosphorylates-raptor"
CARD = "#claim-card"


# ---------------------------------------------------------------------------------------------------
# Fixtures: the records, one build, one server, one browser per module.

@pytest.fixture(scope="module")
def project():
    result = check(ROOT)
    assert result.ok and result.project is not None, result.summary
    return result.project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("browser-article") / "site")


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site, "/evidmap/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def new_page(browser):
    """new_page(width, scheme, touch=False, javascript=True): a tab in a context of its own that records
    JavaScript errors (page.js_errors) and Content-Security-Policy violations; closed after the module."""
    contexts = []

    def make(width: int = DESKTOP, scheme: str = "light", touch: bool = False, javascript: bool = True):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      reduced_motion="reduce", has_touch=touch, java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def open_article(page, base: str, path: str = ARTICLE) -> None:
    response = page.goto(base + path)  # waits for 'load': article.js (deferred) has run by then
    assert response is not None and response.ok, path


def highlight(page, claim: str = CLAIM):
    return page.locator(f"mark.claim[data-claim='{claim}'] > a").first


def card(page):
    return page.locator(CARD)


_LEVELS: dict[int, dict] = {}


def score_level(project, claim_id: str):
    """The claim's evidence-score level, as the analysis stage derives it (once per project)."""
    if id(project) not in _LEVELS:
        _LEVELS[id(project)] = {c: s.level for c, s in analyse(project).scores.items()}
    return _LEVELS[id(project)][claim_id]


def expected_card(project, claim_id: str) -> dict:
    """What the card of a claim must say, from its records."""
    claim = next(c for c in project.claims if c.id == claim_id)
    level = score_level(project, claim_id)
    verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
    references = {r.id: r for r in project.references}
    works = []
    for ref_id in claim.cites:
        ref = references[ref_id]
        text = f"{short_citation(ref)} ({DESIGN_LABEL[ref.design]})"
        links = reference_links(ref)  # the first: PubMed, else DOI, else the publisher's page
        works.append({"text": text + (f" · {links[0][0]}" if links else ""),
                      "page": f"../references/{ref.id}.html", "url": links[0][1] if links else None})
    return {
        "title": f"Claim {claim.number}",
        "statement": claim.statement,
        "verdict": f"{verdict.symbol} {verdict.label}: {verdict.meaning}",
        "note": f"Curators' note: {first_sentence(claim.appraisal.note)}" if claim.appraisal else None,
        "evidence": f"Strength of what it cites: {level.symbol} {level.label}",
        "works": works,
        "open": f"../claims/{claim.id}.html",
    }


_CARD_TEXT = """(card) => ({
  title: card.querySelector('.cc-title').textContent,
  statement: card.querySelector('.cc-statement').textContent,
  verdict: card.querySelector('.cc-verdict').textContent,
  note: card.querySelector('.cc-note') && card.querySelector('.cc-note').textContent,
  evidence: card.querySelector('.cc-evidence') && card.querySelector('.cc-evidence').textContent,
  works: [...card.querySelectorAll('.cc-work')].map(w => ({
    text: w.textContent, page: w.querySelectorAll('a')[0].getAttribute('href'),
    url: w.querySelectorAll('a')[1] && w.querySelectorAll('a')[1].getAttribute('href') })),
  nothing: card.querySelector('.cc-works').textContent,
  open: card.querySelector('.cc-open').getAttribute('href'),
})"""


def assert_card_says(page, project, claim_id: str) -> None:
    shown = card(page).evaluate(_CARD_TEXT)
    wanted = expected_card(project, claim_id)
    for key in ("title", "statement", "verdict", "note", "evidence", "open"):
        assert shown[key] == wanted[key], (claim_id, key, shown[key], wanted[key])
    assert shown["works"] == wanted["works"], claim_id
    if not wanted["works"]:
        assert shown["nothing"] == "The article cites nothing for this."


def paragraph_boxes(page) -> list:
    """Where every block of the article's text and every highlight's lines are, in the document."""
    return page.evaluate("""() => [...document.querySelectorAll('.article-body > *, .article-body mark.claim')]
        .map(e => [...e.getClientRects()].map(r => [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round)))""")


# ---------------------------------------------------------------------------------------------------
# The card: how it opens and closes, and what it says.

def test_hover_opens_the_card_with_what_the_records_say_and_moves_nothing(new_page, base, project):
    page = new_page(DESKTOP)
    open_article(page, base)
    link = highlight(page)
    link.scroll_into_view_if_needed()
    before = paragraph_boxes(page)
    assert not card(page).is_visible()
    link.hover()
    card(page).wait_for(state="visible")
    assert paragraph_boxes(page) == before  # an overlay: no layout shift
    assert_card_says(page, project, CLAIM)
    assert link.get_attribute("aria-describedby") == "claim-card-text"
    assert link.get_attribute("title") is None  # the native tooltip would cover the card
    # the pointer may move onto the card to follow its links; away from both, the card closes
    card(page).locator(".cc-open").hover()
    page.wait_for_timeout(500)
    assert card(page).is_visible()
    page.mouse.move(5, 5)
    card(page).wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None
    assert page.js_errors == [] and csp_violations(page) == []


def test_every_claims_card_says_what_its_records_say(new_page, base, project, site):
    """Each claim of each article, its card opened by focus."""
    page = new_page(DESKTOP)
    for article in project.articles:
        open_article(page, base, f"articles/{article.id}.html")
        claims = page.locator("mark.claim[data-claim] > a").evaluate_all(
            "links => [...new Set(links.map(a => a.parentNode.dataset.claim))]")
        assert sorted(claims) == sorted(c.id for c in project.claims if c.article == article.id)
        for claim_id in claims:
            highlight(page, claim_id).focus()
            card(page).wait_for(state="visible")
            assert_card_says(page, project, claim_id)
    assert page.js_errors == []


def test_keyboard_focus_opens_the_card_tab_enters_it_escape_closes_it(new_page, base, project):
    page = new_page(DESKTOP)
    open_article(page, base)
    link = highlight(page)
    link.focus()
    card(page).wait_for(state="visible")
    assert_card_says(page, project, CLAIM)
    # the card follows its highlight in the document: Tab goes through its links
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#claim-card') !== null")
    assert card(page).is_visible()
    page.keyboard.press("Escape")  # from inside the card: closed, focus back on the highlight
    card(page).wait_for(state="hidden")
    assert page.evaluate("document.activeElement.parentNode.dataset.claim") == CLAIM
    page.keyboard.press("Tab")  # on to the card's next highlight... opens that one
    card(page).wait_for(state="visible")
    other = page.evaluate("document.activeElement.parentNode.dataset.claim")
    assert other != CLAIM
    assert_card_says(page, project, other)
    page.keyboard.press("Escape")  # on the highlight itself: closed, and the focus stays
    card(page).wait_for(state="hidden")
    assert page.evaluate("document.activeElement.parentNode.dataset.claim") == other
    # focus moving away from the highlight and its card closes it
    highlight(page).focus()
    card(page).wait_for(state="visible")
    page.locator("header.site .brand").focus()
    card(page).wait_for(state="hidden")
    assert page.js_errors == []


def test_a_tap_opens_the_card_a_second_tap_closes_it_and_its_link_opens_the_claim(new_page, base, project):
    page = new_page(PHONE, touch=True)
    open_article(page, base)
    link = highlight(page)
    link.scroll_into_view_if_needed()
    before = paragraph_boxes(page)
    link.tap()
    card(page).wait_for(state="visible")
    assert page.url == base + ARTICLE  # the first tap does not follow the link
    assert paragraph_boxes(page) == before
    assert_card_says(page, project, CLAIM)
    box, width = card(page).bounding_box(), page.evaluate("document.documentElement.clientWidth")
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box  # fits the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    link.tap()
    card(page).wait_for(state="hidden")
    assert page.url == base + ARTICLE
    # a tap elsewhere closes it too; the card's link opens the claim's page
    link.tap()
    card(page).wait_for(state="visible")
    page.locator("h1").tap()
    card(page).wait_for(state="hidden")
    link.tap()
    with page.expect_navigation():
        card(page).locator(".cc-open").tap()
    assert page.url == f"{base}claims/{CLAIM}.html"
    assert page.js_errors == [] and csp_violations(page) == []


@pytest.mark.parametrize("width", (PHONE, 320))
def test_every_card_fits_a_phone_screen(new_page, base, project, width):
    page = new_page(width, touch=True)
    open_article(page, base)
    outside = []
    for claim_id in page.locator("mark.claim[data-claim] > a").evaluate_all(
            "links => [...new Set(links.map(a => a.parentNode.dataset.claim))]"):
        highlight(page, claim_id).tap()
        card(page).wait_for(state="visible")
        box = card(page).bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > width:
            outside.append((claim_id, box))
        highlight(page, claim_id).tap()
        card(page).wait_for(state="hidden")
    assert outside == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# ---------------------------------------------------------------------------------------------------
# The marks: their accessible names, and grayscale.

def test_each_highlights_accessible_name_carries_its_verdict(new_page, base, project):
    page = new_page(DESKTOP)
    for article in project.articles:
        open_article(page, base, f"articles/{article.id}.html")
        for claim in (c for c in project.claims if c.article == article.id):
            verdict = verdict_of(claim.appraisal.verdict if claim.appraisal else None)
            name = re.compile("^" + re.escape(f"Claim {claim.number}, {verdict.label}: "))
            links = page.get_by_role("link", name=name)
            assert links.count() >= 1, (article.id, claim.id, verdict.label)
            assert links.first.get_attribute("href") == f"../claims/{claim.id}.html"


def _mask(png: bytes):
    """A screenshot in grayscale, then ink (darker than mid-grey) against paper: what is left of a
    mark without its colour."""
    from PIL import Image

    gray = Image.open(io.BytesIO(png)).convert("L")
    return gray.point(lambda v: 255 if v < 150 else 0).convert("1")


def test_the_verdict_marks_stay_apart_in_grayscale(new_page, base):
    """The same words marked with each verdict: in grayscale, turned to ink and paper, the underlines
    of the four groups (solid, dashed, wavy, dotted) differ, and so does every verdict's symbol."""
    pytest.importorskip("PIL", reason="pillow (the test extra) turns screenshots to grayscale")
    page = new_page(DESKTOP)
    open_article(page, base)
    page.evaluate("""(verdicts) => {
      const box = document.createElement('div');
      box.id = 'grayscale-samples';
      for (const [id, symbol] of verdicts) {
        const p = document.createElement('p');
        p.innerHTML = `<mark class="claim"><a class="verdict-${id}" href="#">Sample words here</a></mark>`
                    + `<span class="verdict-mark verdict-${id}">${symbol}</span>`;
        p.id = 'sample-' + id;
        box.append(p);
      }
      document.querySelector('.article-body').prepend(box);
    }""", [[v.id, v.symbol] for v in READER_VERDICTS])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = page.locator("#grayscale-samples").screenshot()
    _mask(shot).save(SCREENSHOTS / "article-verdict-marks-grayscale.png")
    lines, symbols = {}, {}
    for v in READER_VERDICTS:
        box = page.locator(f"#sample-{v.id} mark").bounding_box()  # and the underline below it
        clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"] + 10}
        lines[v.id] = _mask(page.screenshot(clip=clip)).tobytes()
        symbols[v.id] = _mask(page.locator(f"#sample-{v.id} .verdict-mark").screenshot()).tobytes()
    groups = {}
    for v in READER_VERDICTS:
        style = page.locator(f"#sample-{v.id} mark a").evaluate("a => getComputedStyle(a).textDecorationStyle")
        groups.setdefault(style, []).append(v.id)
    assert set(groups) == {"solid", "dashed", "wavy", "dotted"}, groups
    representatives = [ids[0] for ids in groups.values()]
    assert len({lines[v] for v in representatives}) == len(representatives)  # four underlines, in ink alone
    assert len(set(symbols.values())) == len(READER_VERDICTS)  # and a symbol of its own for each verdict


# ---------------------------------------------------------------------------------------------------
# The verdict rail.

def test_the_rail_sits_beside_its_paragraphs_on_wide_screens_and_leads_to_the_claims(new_page, base, project):
    page = new_page(DESKTOP)
    open_article(page, base)
    rails = page.evaluate("""() => [...document.querySelectorAll('.article-body .verdict-rail')].map(rail => {
      const block = rail.parentElement, r = rail.getBoundingClientRect(), b = block.getBoundingClientRect();
      const text = document.querySelector('.article-body').getBoundingClientRect();
      const claims = [...block.querySelectorAll('mark.claim')].map(m => m.dataset.claim);
      return { top: r.top, blockTop: b.top, blockBottom: b.bottom, left: r.left, textRight: text.right,
               claims: [...new Set(claims)], rail: [...rail.querySelectorAll('a')].map(a => a.hash.slice(7)),
               hidden: rail.getAttribute('aria-hidden'), tabindex: [...rail.querySelectorAll('a')].map(a => a.tabIndex) };
    })""")
    assert rails
    for rail in rails:
        assert rail["blockTop"] - 1 <= rail["top"] <= rail["blockTop"] + 12, rail  # level with its block's first line
        assert rail["left"] >= rail["textRight"], rail  # in the margin, not over the text
        assert sorted(rail["rail"]) == sorted(rail["claims"]), rail  # a symbol for each claim of the block
        assert rail["hidden"] == "true" and set(rail["tabindex"]) == {-1}
    claims = {c.id: c for c in project.claims}
    symbols = page.locator(".verdict-rail a").evaluate_all("links => links.map(a => [a.hash.slice(7), a.textContent])")
    for claim_id, symbol in symbols:
        claim = claims[claim_id]
        assert symbol == verdict_of(claim.appraisal.verdict if claim.appraisal else None).symbol
    # a symbol leads to its claim: the highlight takes the focus and its card opens
    page.locator(f".verdict-rail a[href='#claim-{CLAIM}']").click()
    page.wait_for_url(re.compile(rf"#claim-{CLAIM}$"))
    card(page).wait_for(state="visible")
    assert page.evaluate("document.activeElement.parentNode.dataset.claim") == CLAIM
    assert page.js_errors == []


def test_the_rail_is_hidden_on_a_phone(new_page, base):
    page = new_page(PHONE)
    open_article(page, base)
    assert page.locator(".verdict-rail").count() > 0
    assert page.locator(".verdict-rail").evaluate_all("rails => rails.every(r => getComputedStyle(r).display === 'none')")


# ---------------------------------------------------------------------------------------------------
# The scorecard.

def test_each_part_of_the_scorecard_shows_the_claims_it_counts(new_page, base, project):
    page = new_page(DESKTOP)
    claims = [c for c in project.claims if c.article == ARTICLE_ID]
    by_anchor = {f"claims-{v.id}": {c.number for c in claims
                                    if verdict_of(c.appraisal.verdict if c.appraisal else None) == v}
                 for v in READER_VERDICTS}
    by_anchor["claims-cited"] = {c.number for c in claims if c.cites}
    by_anchor["claims-uncited"] = {c.number for c in claims if not c.cites}
    open_article(page, base)
    key = page.locator(".scorecard .scorekey li, .scorecard .scoresources")
    text = " ".join(key.all_inner_texts())
    for v in READER_VERDICTS:  # every verdict with its count, zero too
        assert f"{v.label}: {len(by_anchor['claims-' + v.id])}" in text
    assert f"{len(by_anchor['claims-cited'])} cite a work" in text
    assert f"{len(by_anchor['claims-uncited'])} cite nothing" in text
    bar = page.locator(".scorebar a").evaluate_all(
        "parts => parts.map(a => [a.hash.slice(1), a.getBoundingClientRect().width, a.textContent.trim()])")
    counted = [(f"claims-{v.id}", len(by_anchor["claims-" + v.id])) for v in READER_VERDICTS if by_anchor["claims-" + v.id]]
    assert [anchor for anchor, _, _ in bar] == [anchor for anchor, _ in counted]
    total, drawn = len(claims), sum(width for _, width, _ in bar)
    for (anchor, width, label), (_, count) in zip(bar, counted):
        assert abs(width / drawn - count / total) < 0.01, (anchor, width, count)  # as wide as its share
        verdict = next(v for v in READER_VERDICTS if f"claims-{v.id}" == anchor)
        assert label == f"{verdict.symbol} {count}"  # its symbol and its count, not colour alone
    links = page.locator(".scorecard a[href^='#claims-']:not([tabindex='-1'])")
    anchors = links.evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert sorted(anchors) == sorted(a for a, numbers in by_anchor.items() if numbers)
    for anchor in anchors:
        open_article(page, base)
        page.locator(f".scorecard a[href='#{anchor}']:not([tabindex='-1'])").click()
        page.wait_for_url(re.compile(rf"#{anchor}$"))
        shown = page.locator("#claims table.claims tbody tr").evaluate_all(
            "rows => rows.filter(r => r.getClientRects().length).map(r => +r.cells[0].textContent)")
        assert set(shown) == by_anchor[anchor], anchor
        notice = page.locator(f"#{anchor}")
        assert notice.is_visible() and f"Showing the {len(by_anchor[anchor])} claim" in notice.inner_text()
        page.locator(f"#{anchor} a[href='#claims']").click()  # and back to all of them
        assert page.locator("#claims table.claims tbody tr:visible").count() == len(claims)


def test_the_claims_table_shows_each_verdict_on_a_phone_without_scrolling_sideways(new_page, base, project):
    page = new_page(PHONE)
    open_article(page, base)
    cells = page.locator("#claims table.claims td:nth-child(6) .verdict")
    assert cells.count() == sum(1 for c in project.claims if c.article == ARTICLE_ID)  # not appraised too
    width = page.evaluate("document.documentElement.clientWidth")
    boxes = cells.evaluate_all("cells => cells.map(c => c.getBoundingClientRect()).map(r => [r.left, r.right])")
    assert all(0 <= left and right <= width for left, right in boxes)
    assert page.locator("#claims .table-wrap").evaluate("w => w.scrollWidth <= w.clientWidth")


# ---------------------------------------------------------------------------------------------------
# Without JavaScript.

def test_without_javascript_every_highlight_is_a_link_to_its_claim(new_page, base, project):
    page = new_page(DESKTOP, javascript=False)
    open_article(page, base)
    links = page.locator("mark.claim > a")
    hrefs = set(links.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert hrefs == {f"../claims/{c.id}.html" for c in project.claims if c.article == ARTICLE_ID}
    assert card(page).count() == 0
    link = highlight(page)
    assert link.get_attribute("title") == next(c.statement for c in project.claims if c.id == CLAIM)
    link.hover()
    page.wait_for_timeout(300)
    assert card(page).count() == 0
    with page.expect_navigation():
        link.click()
    assert page.url == f"{base}claims/{CLAIM}.html"


# ---------------------------------------------------------------------------------------------------
# Accessibility and validity, with the card open; and screenshots of it.

@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_serious_on_any_article_with_a_card_open(new_page, base, project, scheme):
    page = new_page(DESKTOP, scheme)
    problems = []
    for article in project.articles:
        open_article(page, base, f"articles/{article.id}.html")
        for state in ("closed", "open"):
            if state == "open":
                page.locator("mark.claim > a").first.focus()
                card(page).wait_for(state="visible")
            violations = axe_violations(page)
            problems += [f"{article.id} ({state}): {v['impact']} {v['id']} ({v['count']}x): {v['help']}\n    "
                         + "\n    ".join(v["nodes"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not problems, "\n".join(problems)


def test_the_nu_checker_finds_no_error_on_the_articles_as_built_and_with_a_card_open(new_page, base, site, tmp_path):
    page = new_page(DESKTOP)
    files = sorted((site / "articles").glob("*.html"))
    open_article(page, base)
    highlight(page).focus()
    card(page).wait_for(state="visible")
    opened = tmp_path / "article-with-card-open.html"
    opened.write_text("<!doctype html>\n" + page.evaluate("document.documentElement.outerHTML"), "utf-8")
    try:
        messages = vnu_messages([*files, opened])
    except FileNotFoundError as missing:
        pytest.fail(str(missing), pytrace=False)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(f"{m.get('url', '?').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
                                 for m in errors[:30])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", (PHONE, DESKTOP))
def test_screenshots_with_the_card_open(new_page, base, width, scheme):
    """tests/browser/screenshots/article-card-WIDTH-SCHEME.png: the card of 'AMPK directly phosphorylates
    Raptor', opened by a tap on a phone and by the pointer on a desktop, with the text around it."""
    page = new_page(width, scheme, touch=width == PHONE)
    open_article(page, base)
    link = highlight(page)
    if width == PHONE:
        link.tap()
    else:
        link.hover()
    card(page).wait_for(state="visible")
    link.evaluate("a => window.scrollBy(0, a.getBoundingClientRect().top - 180)")  # with the text before it
    box, height = card(page).bounding_box(), page.evaluate("innerHeight")
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, box  # opened where it can be read
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"article-card-{width}-{scheme}.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"article-top-{width}-{scheme}.png"))
