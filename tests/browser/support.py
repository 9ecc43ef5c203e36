"""Helpers for the browser tests (tests/test_browser*.py): where the tools are, Chromium, a static
server under a subpath, a record of Content-Security-Policy violations, the search box, axe-core, the
Nu HTML checker, and clicking links inside SVG diagrams.

The tools come from the project's own files: Chromium and Java from Debian and Playwright from PyPI
(scripts/bootstrap --test, the `test` extra), axe-core and vnu-jar from npm into
tests/browser/node_modules as tests/browser/package-lock.json pins them (npm ci --ignore-scripts).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator, Optional

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = Path(os.environ.get("EVIDMAP_VNU_JAR") or NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar")
SCREENSHOTS = Path(os.environ.get("EVIDMAP_SCREENSHOTS") or HERE / "screenshots")
INSTALL_HINT = "run scripts/bootstrap --test to install it"

# Debian's Chromium in a container: no sandbox (no user namespaces), no GPU, no calls home.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]

# One page of each page type of the real project, as paths relative to the site root.
PAGE_TYPES = {
    "index": "index.html",
    "article": "articles/metformin-vicious-cycle.html",
    "claim": "claims/ampk-phosphorylates-raptor.html",
    "reference": "references/gwinn-2008.html",
    "entity": "entities/ampk.html",
    "entity-in-hierarchy": "entities/insulin-signaling.html",  # what it is part of, and its parts
    "claim-said-otherwise": "claims/tnf-alpha-and-il-6-interfere-with-insulin-signaling.html",
    "pathway": "pathway.html",
    "matrix": "matrix.html",
    "agreement": "agreement.html",
    "findings": "findings.html",
    "search": "search.html",
    "claims-index": "claims/index.html",
    "references-index": "references/index.html",
    "entities-index": "entities/index.html",
    "data": "data/index.html",
    "about": "about.html",
    "404": "404.html",
}


def chromium_path() -> Optional[str]:
    """The Chromium to drive: $EVIDMAP_CHROMIUM if set, else Debian's (chromium on the PATH); None if
    there is none."""
    wanted = os.environ.get("EVIDMAP_CHROMIUM")
    if wanted:
        if not os.access(wanted, os.X_OK):
            raise FileNotFoundError(f"EVIDMAP_CHROMIUM={wanted} is not an executable file")
        return wanted
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextlib.contextmanager
def chromium() -> Iterator["playwright.sync_api.Browser"]:
    """Headless Chromium driven by Playwright. Skips the test when no Chromium is installed; a missing
    Playwright is a failure that says how to install it."""
    import pytest

    try:
        executable = chromium_path()
    except FileNotFoundError as wrong:
        pytest.fail(str(wrong), pytrace=False)
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium, or scripts/bootstrap --test; "
                    "or set EVIDMAP_CHROMIUM to a Chromium binary)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Playwright (Python) is not installed: {INSTALL_HINT}", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


# Added to a browser context (context.add_init_script) so that it runs in every page before the
# page's own scripts: each Content-Security-Policy violation is kept in window.__cspViolations.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} refused ${e.blockedURI || "?"} (${e.sample || "no sample"}) at ${e.sourceFile || "?"}:${e.lineNumber}`));
"""


def csp_violations(page) -> list[str]:
    """The Content-Security-Policy violations on the page so far (see RECORD_CSP_VIOLATIONS)."""
    return page.evaluate("window.__cspViolations")


def search(page, query: str) -> None:
    """Type `query` into the search box of the open search page and wait until its results are shown
    (assets/search.js marks its results aria-busy until then)."""
    page.locator("#search-input").fill(query)
    page.locator("#search .search-output:not([aria-busy])").wait_for(state="attached")


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at /<prefix>/ and nothing else, as GitHub Pages serves a project site."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".no-such-file")  # 404
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format, *args):  # quiet
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/evidmap/") -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port) under `prefix`; yields the base URL, ending in '/'."""
    handler = type("Handler", (_SubpathHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def axe_violations(page, rules: Optional[list[str]] = None) -> list[dict]:
    """Run axe-core on the page as it is now (all its default rules, or only `rules`); every violation
    with its impact and first nodes."""
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"axe-core not found at {AXE_JS}: {INSTALL_HINT}")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated by the browser's debugging protocol, which the page's Content-Security-Policy does not
        # govern: a <script> tag with axe inline (add_script_tag) would be refused, as it should be
        page.evaluate(AXE_JS.read_text("utf-8") + "\n;0")
    return page.evaluate(
        """async (rules) => {
          const options = { resultTypes: ["violations"] };
          if (rules) options.runOnly = { type: "rule", values: rules };
          const result = await axe.run(document, options);
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
          }));
        }""",
        rules,
    )


def vnu_messages(files: list[Path]) -> list[dict]:
    """The Nu HTML checker's messages (errors, warnings) for `files`, in one Java run."""
    java = shutil.which("java")
    if not java:
        raise FileNotFoundError(f"java is not installed (the Nu HTML checker needs it): {INSTALL_HINT}")
    if not VNU_JAR.is_file():
        raise FileNotFoundError(f"vnu.jar not found at {VNU_JAR}: {INSTALL_HINT}")
    done = subprocess.run([java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    try:
        return json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu HTML checker failed: {(done.stderr or done.stdout)[:2000]}") from None


# A point on the arrow's line (or arrowhead) where a click lands on the arrow's own link, in viewport
# coordinates, after scrolling it into view; null when nothing of it can be hit.
_SVG_LINK_POINT = """(a) => {
  const shapes = [...a.querySelectorAll("path, polygon, ellipse, polyline")];
  shapes[0].scrollIntoView({ block: "center", inline: "center" });
  for (const shape of shapes) {
    const m = shape.getScreenCTM();
    const points = [];
    if (shape.getTotalLength) {
      const length = shape.getTotalLength();
      for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) points.push(shape.getPointAtLength(length * f));
    }
    for (const p of points) {
      const x = p.x * m.a + p.y * m.c + m.e, y = p.x * m.b + p.y * m.d + m.f;
      const hit = document.elementFromPoint(x, y);
      if (hit && a.contains(hit)) return { x, y };
    }
  }
  return null;
}"""


def click_svg_link(page, selector: str) -> None:
    """Click the SVG <a> matching `selector` with the mouse, on its drawn line, as a reader would."""
    link = page.locator(selector)
    point = link.evaluate(_SVG_LINK_POINT)
    assert point, f"no visible point of {selector} can be clicked"
    page.mouse.click(point["x"], point["y"])


def build_site(project: Path, out: Path) -> Path:
    """`project` built into `out` by the command line, with relative links (no --base-url)."""
    done = subprocess.run([sys.executable, "-m", "evidmap", "build", str(project), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return out
