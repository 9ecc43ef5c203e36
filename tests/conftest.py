"""Shared test helpers: copies of the small fixture project, the command line, a digest and a
crawler for built sites.

Test files import what they share from here (or from a helper module that is not a test file, such
as `schema_fields` or `hostile_project`), never from one another: `test_suite_rules.py` checks it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
EVIDMAP = [sys.executable, "-m", "evidmap"]  # the command line, run as a subprocess


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the small valid project."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def digest(site: Path, search: bool = True) -> dict[str, str]:
    """sha256 of every file; without the Pagefind bundle when `search` is False (Pagefind writes its
    filter files in hash-map order, so they are the one part of a build that is not byte-stable)."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and (search or not p.relative_to(site).as_posix().startswith("pagefind/"))
    }


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href"):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


def crawl(site: Path) -> list[str]:
    """Every broken internal link or #anchor in the site, as 'page: link (why)'."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text("utf-8"))
            parsed[path] = parser
        return parsed[path]

    problems = []
    for page in sorted(site.rglob("*.html")):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                if parts.scheme not in ("http", "https"):
                    problems.append(f"{page.relative_to(site)}: {link} (scheme not allowed)")
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if site.resolve() not in [target, *target.parents]:
                problems.append(f"{page.relative_to(site)}: {link} (leaves the site)")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                problems.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return problems
