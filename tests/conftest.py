"""Shared test helpers: copies of the small fixture project, the command line, a digest and a
crawler for built sites, and factories for records.

Test files import what they share from here (or from a helper module that is not a test file, such
as `schema_fields` or `hostile_project`), never from one another: `test_suite_rules.py` checks it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

import pytest

from evidmap.records import Appraisal, Article, Claim, Entity, Project, Quantity, Reference, Relation, Setting, Source

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
    """Every broken internal link or #anchor in the site, as 'page: link (why)'. A #focus=<entity>
    fragment is a state of the page's diagrams (assets/pathway.js): the entity must be drawn there."""
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
                if parts.scheme not in ("http", "https", "mailto"):
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
            if parts.fragment.startswith("focus=") and target.suffix == ".html":
                if f"svg-node-{unquote(parts.fragment[len('focus='):])}" not in parse(target).ids:
                    problems.append(f"{page.relative_to(site)}: {link} (no such entity on its map)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                problems.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return problems


# --- records -----------------------------------------------------------------------------------------
# Factories for the records of evidmap.records, for tests that build a project in code rather than
# from YAML. Each takes the fields a test cares about as keywords; every other field has the value
# below, the plainest a validated project could hold. A field added to a record needs a default here
# and nowhere else.

SOURCE = Source("x", 1)


def _record(record: type, defaults: dict[str, Any], fields: dict[str, Any]) -> Any:
    return record(**{**defaults, **fields})


def make_entity(id: str = "e", **fields: Any) -> Entity:
    """A protein named by its id."""
    defaults = dict(id=id, label=id, kind="protein", name=None, synonyms=(), compartment=None, xrefs=(),
                    note=None, is_a=(), part_of=(), source=SOURCE)
    return _record(Entity, defaults, fields)


def make_reference(id: str = "r", **fields: Any) -> Reference:
    """A journal article with no bibliographic detail and an unknown design."""
    defaults = dict(id=id, type="article-journal", title=None, authors=(), year=None, container=None, volume=None,
                    issue=None, page=None, publisher=None, pmid=None, doi=None, url=None, design="unknown",
                    population=None, n=None, note=None, as_cited=(), source=SOURCE)
    return _record(Reference, defaults, fields)


def make_article(id: str = "a", **fields: Any) -> Article:
    """An article titled by its id, with an empty body, no bibliography and numbered citations."""
    defaults = dict(id=id, title=id, date=None, publisher=None, url=None, source_file=None, note=None,
                    citation_style="numbered", bibliography=(), gaps=(), body="", body_line=1, source=SOURCE)
    return _record(Article, defaults, fields)


def make_relation(subject: str = "a", object: str = "b", effect: str = "unknown", **fields: Any) -> Relation:
    """`subject` acts on `object`, with the sign `effect`, in no particular context."""
    defaults = dict(subject=subject, predicate="acts on", object=object, effect=effect, context=None, setting=Setting())
    return _record(Relation, defaults, fields)


def make_quantity(value: str = "1", **fields: Any) -> Quantity:
    return _record(Quantity, dict(measure="m", value=value), fields)


def make_appraisal(verdict: str = "supported", **fields: Any) -> Appraisal:
    """A curator's appraisal with a one-sentence note."""
    return _record(Appraisal, dict(verdict=verdict, note="Checked."), fields)


def make_claim(id: str = "c1", article: str = "a", **fields: Any) -> Claim:
    """The first claim of `article`: a mechanism that cites nothing and states no relation."""
    defaults = dict(id=id, article=article, number=1, quote="q", statement="s", type="mechanism", cites=(),
                    citation="none", relations=(), intervention=None, outcome=None, direction=None, quantity=None,
                    appraisal=None, tags=(), draft=False, source=SOURCE)
    return _record(Claim, defaults, fields)


def make_project(articles: Iterable[Article] = (), claims: Iterable[Claim] = (), references: Iterable[Reference] = (),
                 entities: Iterable[Entity] = (), **fields: Any) -> Project:
    """A project holding the records in the order given (validate sorts each collection by id; a test
    that needs that order sorts them itself)."""
    defaults = dict(articles=tuple(articles), claims=tuple(claims), references=tuple(references),
                    entities=tuple(entities), spans=())
    return _record(Project, defaults, fields)
