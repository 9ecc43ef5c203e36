"""The hostile project in a real browser. tests/hostile_project.py puts markup that would set
window.__evidmap_pwned or open an alert into every text field of every schema (titles, labels,
statements, notes, author names, ...); the site built from it is served under a subpath and read in
headless Chromium as a reader would read it: the search page with queries whose results, excerpts and
filters show those payloads, every filter group opened and every value ticked; every page of the
site; every link in every diagram clicked. Nothing may run: the marker is never set (a trap in every
page reports the assignment, even from a page the test has already left) and no dialog opens; and
nothing of a payload becomes an element or an event attribute.

The Content-Security-Policy would refuse a payload that got through the escaping, and report it as a
violation. Escaping alone keeps every payload text, so here the policy has nothing to refuse: a
violation means markup got through and only the policy stopped it. The last test shows both lines of
defence at work on a page with a payload put in unescaped.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from evidmap.build import build
from browser.support import RECORD_CSP_VIOLATIONS, build_site, chromium, click_svg_link, csp_violations, search, serve
from hostile_project import MARKER, write_hostile_project

# Runs in every frame of every page before the page's own scripts: an assignment to the marker, from a
# payload in the page or in a frame it made, calls back into the test at once.
TRAP = f"""
Object.defineProperty(window, "{MARKER}", {{
  configurable: false,
  get() {{ return undefined; }},
  set(value) {{ window.__evidmapRanHere = true; window.__evidmapRan(location.href); }},
}});
"""

# What the search interface makes (assets/search.js); a payload that became markup would add others.
SEARCH_ELEMENTS = {"div", "input", "p", "ol", "ul", "li", "h2", "a", "span", "mark", "details", "summary",
                   "fieldset", "legend", "label", "button"}

# Elements and attributes a payload would bring if it became markup (the site itself has none of them but
# its data: JSON-LD on claim pages, the claim cards' JSON on article pages).
_FOREIGN = """() => [...document.querySelectorAll("img, iframe, object, embed, script:not([src]):not([type='application/ld+json']):not(#claim-cards[type='application/json'])")]
  .map(e => e.outerHTML.slice(0, 80))
  .concat([...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith("on") || /^\\s*javascript:/i.test(a.value)).map(a => `${e.tagName} ${a.name}=${a.value.slice(0, 60)}`)))"""

# The words the payloads share, and words of the fixture's own text: results, excerpts and filters
# that show payloads.
QUERIES = ["img", "script", "javascript", "kinase", "glucose"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    write_hostile_project(project)
    return build_site(project, project.parent / "site")


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site, "/evidmap/") as url:
        yield url


class Reader:
    """A browser tab whose context traps the marker and records dialogs and policy violations."""

    def __init__(self, browser):
        self.ran: list[str] = []  # pages where a payload set the marker
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15_000)
        self.context.expose_binding("__evidmapRan", lambda source, where: self.ran.append(where))
        self.context.add_init_script(TRAP)
        self.context.add_init_script(RECORD_CSP_VIOLATIONS)
        self.context.on("dialog", self._dialog)
        self.page = self.context.new_page()
        self.violations: list[str] = []

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"

    def collect(self) -> None:
        """Take the page's policy violations so far (before the test moves on to another page)."""
        self.violations += [f"{self.page.url}: {v}" for v in csp_violations(self.page)]
        self.page.evaluate("window.__cspViolations.length = 0")

    def foreign(self) -> list[str]:
        return self.page.evaluate(_FOREIGN)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def reader(browser):
    reader = Reader(browser)
    yield reader
    reader.close()


def assert_nothing_ran(reader: Reader, foreign: list[str]) -> None:
    reader.page.evaluate("0")  # a round trip: any call from the trap still on its way has arrived
    assert reader.ran == [], f"a payload set window.{MARKER} on {reader.ran}"
    assert reader.dialogs == [], f"a payload opened dialogs: {reader.dialogs}"
    assert foreign == [], "payload markup became elements or attributes:\n" + "\n".join(foreign[:20])
    assert reader.violations == [], ("markup got through the escaping; the Content-Security-Policy refused it:\n"
                                     + "\n".join(reader.violations[:20]))


def test_search_shows_every_payload_as_text(reader, base):
    reader.goto(base + "search.html")
    page, foreign, shown = reader.page, [], []
    for n, query in enumerate(QUERIES):
        search(page, query)
        assert page.locator("#search li.search-result").count() > 0, query
        while page.locator("#search button.search-more").is_visible():
            more = page.locator("#search li.search-result").count()
            page.locator("#search button.search-more").click()
            page.locator("#search li.search-result").nth(more).wait_for()
        for group in page.locator("#search details.search-filter").all():
            if not group.evaluate("d => d.open"):
                group.locator("summary").click()
            for checkbox in group.locator("input[type=checkbox]").all() if n == 0 else ():  # the same values for every query
                for state in (True, False):
                    checkbox.set_checked(state)
                    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")
                    foreign += reader.foreign()
        shown.append(page.locator("#search").inner_text())
        tags = set(page.locator("#search *").evaluate_all("es => es.map(e => e.tagName.toLowerCase())"))
        foreign += [f"<{tag}> in the search interface" for tag in tags - SEARCH_ELEMENTS]
    reader.collect()
    assert_nothing_ran(reader, foreign)
    # the payloads are there, as the text that was typed: in results, excerpts and filter values
    text = "\n".join(shown)
    for field in ("[seed:$.title]", "[entities:$.entities[].label]", "[claims:$.claims[].statement]",
                  "[reference:$.title]"):
        assert f'{field} <img src=x onerror="window.{MARKER}=1">' in text, field
    assert f'"><script>window.{MARKER}=1</script> <a href="javascript:window.{MARKER}=1">link</a>' in text


def test_every_page_and_every_diagram_link(reader, base, site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.parent.name != "pagefind")
    foreign, outside, clicked = [], [], 0
    for path in pages:
        reader.goto(base + path)
        foreign += [f"{path}: {f}" for f in reader.foreign()]
        # Graphviz also wraps groups in <a> elements that only carry a tooltip: those are no links; and
        # the pathway script lays a wide, invisible copy of each arrow's link under it, hidden from
        # assistive technology, as its click target (followed here by the click on the arrow's line)
        links = reader.page.locator(".diagram svg a").evaluate_all(
            "links => links.flatMap((a, i) => (a.hasAttribute('href') || a.hasAttribute('xlink:href'))"
            " && !a.closest('[aria-hidden=true]') ? [i] : [])")
        for i in links:
            if reader.page.url.split("#")[0] != base + path:
                reader.collect()
                reader.goto(base + path)
            link = f".diagram svg a >> nth={i}"
            href = reader.page.locator(link).evaluate("a => (a.href && a.href.baseVal) || a.getAttribute('href')")
            target = urljoin(reader.page.url, href)
            if not target.startswith(base):
                outside.append(f"{path}: {href}")
                if not target.lower().startswith("javascript:"):
                    continue  # nowhere to go without a network
                click_svg_link(reader.page, link)  # the policy must refuse it, if escaping let it through
            elif "#" in target and target.split("#")[0] == reader.page.url.split("#")[0]:
                click_svg_link(reader.page, link)  # to a row of this page: its claims open beside the diagram
                reader.page.wait_for_url(target)
                foreign += [f"{reader.page.url} (arrow panel): {f}" for f in reader.foreign()]
            elif reader.page.locator(f"[id='{target.partition('#')[2]}'] .arrow-claims").count():
                # an arrow of an entity's page, whose list of arrows holds its claims: they open beside
                # the diagram (copied from the list), and the panel links to the arrow's row
                click_svg_link(reader.page, link)
                foreign += [f"{reader.page.url} (arrow panel): {f}" for f in reader.foreign()]
                row_link = reader.page.locator(".arrow-panel a.arrow-panel-row")
                assert row_link.get_attribute("href") == href
                reader.collect()
                with reader.page.expect_navigation(url=target):
                    row_link.click()
            else:
                reader.collect()
                with reader.page.expect_navigation(url=target):
                    click_svg_link(reader.page, link)
            clicked += 1
            foreign += [f"{reader.page.url}: {f}" for f in reader.foreign()]
        reader.collect()
    assert len(pages) >= 25 and clicked >= 40, (len(pages), clicked)  # not a vacuous pass
    assert_nothing_ran(reader, foreign)
    assert outside == [], "diagram links that leave the site:\n" + "\n".join(outside)


def test_every_claim_card_shows_its_payloads_as_text(reader, base, site):
    """Each highlight's card (assets/article.js) on every article page, opened by focus: its
    statement, verdict, note and works stay text, and its links stay within the site or http(s)."""
    foreign, texts = [], []
    for article in sorted((site / "articles").glob("*.html")):
        reader.goto(f"{base}articles/{article.name}")
        page = reader.page
        for i in range(page.locator("mark.claim > a").count()):
            page.locator("mark.claim > a").nth(i).focus()
            card = page.locator("#claim-card")
            card.wait_for(state="visible")
            texts.append(card.inner_text())
            hrefs = card.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert all(not h.lower().lstrip().startswith("javascript:") for h in hrefs), hrefs
            foreign += [f"{article.name}: {f}" for f in reader.foreign()]
        tags = set(page.locator("#claim-card *").evaluate_all("es => es.map(e => e.tagName.toLowerCase())"))
        foreign += [f"<{tag}> in a card" for tag in tags - {"span", "strong", "em", "a"}]
        reader.collect()
    assert len(texts) >= 3, texts  # not a vacuous pass
    assert_nothing_ran(reader, foreign)
    shown = "\n".join(texts)
    for field in ("[claims:$.claims[].statement]", "[claims:$.claims[].appraisal.note]"):
        assert f'{field} <img src=x onerror="window.{MARKER}=1">' in shown, field


def test_the_trap_sees_a_payload_that_runs_and_the_policy_refuses_it(reader, mini):
    """The check can fail: the same payloads put into a page unescaped run where the page has no
    Content-Security-Policy, and are refused (and reported) where it has one."""
    assert build(mini).ok
    site = mini / "site"
    page = (site / "index.html").read_text("utf-8")
    payload = f'<img src=x onerror="window.{MARKER}=1"><script>alert(1)</script>'
    policy = page[page.index('<meta http-equiv="Content-Security-Policy"'):]
    policy = policy[:policy.index(">") + 1]
    (site / "with-policy.html").write_text(page.replace("</main>", payload + "</main>"), "utf-8")
    (site / "without-policy.html").write_text(page.replace(policy, "").replace("</main>", payload + "</main>"), "utf-8")
    with serve(site, "/evidmap/") as base:
        reader.goto(base + "with-policy.html")
        reader.page.wait_for_function("window.__cspViolations.length >= 2")
        reader.page.evaluate("0")
        assert reader.ran == [] and reader.dialogs == []
        refused = csp_violations(reader.page)
        assert {v.split()[0] for v in refused} == {"script-src-attr", "script-src-elem"}, refused
        reader.goto(base + "without-policy.html")
        reader.page.wait_for_function("window.__evidmapRanHere")
        reader.page.evaluate("0")
        assert reader.ran == [base + "without-policy.html"] and reader.dialogs == ["alert: 1"]
