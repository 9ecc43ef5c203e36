"""Render: page view-models -> HTML bytes through the Jinja templates.

Autoescaping is on for every template and an undefined variable is an error (StrictUndefined), so a
typo in a template fails the build instead of silently printing nothing. Each page gets `url(target)`,
which links from that page to any site path, relative unless a base URL is set; `page_url`, its own
absolute URL (None without an absolute base URL); and `site`, what every page shows of the map.

Each page's view-model is made just before it is rendered and dropped just after, so memory holds
the finished bytes, not every view-model. A large site is rendered by one forked process per core,
each making and rendering every n-th chunk of pages; output order, and so the bytes, are the same
whatever the number of processes.

A long-running process (`evidmap serve`) passes a `memo` that it keeps between builds: a page whose
view-model, templates, site frame and base URL hash the same as last time is not rendered again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import multiprocessing
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from evidmap.analyse import Edge
from evidmap.errors import TemplateError
from evidmap.escape import html_chars
from evidmap.memo import Kept, kept_or_made
from evidmap.paths import Linker
from evidmap.records import Article, Claim, Entity, Reference
from evidmap.views import SHARED_ROWS, Page, SiteFrame

# Below this many pages, starting processes costs more than it saves (~0.05 s against ~0.5 ms a page).
PARALLEL_FROM = 300
CHUNK = 100  # pages per task: small enough to balance two processes, large enough to amortise pickling


def environment(templates: Path, environments: Kept[jinja2.Environment] | None = None) -> jinja2.Environment:
    """The Jinja environment of a templates folder. A process that builds again (evidmap serve)
    keeps it in `environments`, so the templates are not compiled again; Jinja reloads a template
    whose file changed (auto_reload compares modification times)."""
    return kept_or_made(environments, str(templates), lambda: _environment(str(templates)))


def _environment(templates: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # every value a template prints, escaped or not (Markdown and SVG come as Markup), loses the
        # code points HTML forbids: content may carry control characters
        finalize=html_chars,
    )


# path -> (key, html): what `render_pages` rendered last time, for a process that builds again
Memo = dict[str, tuple[bytes, bytes]]


def setup_key(templates: Path, linker: Linker, site: SiteFrame) -> bytes:
    """What every page's output depends on besides its own view-model: the templates' bytes (any
    template may be included by any other), the base URL and the site frame (title, licence...)."""
    digest = hashlib.blake2b(f"{linker.base_url}\0".encode() + pickle.dumps(site, 5))
    for path in sorted(templates.rglob("*.html")):
        digest.update(path.relative_to(templates).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


# What many view-models share, so each is pickled once a build and stands in page keys as a digest:
# the records, and the rows made of them (frozen records and frozen rows)
_SHARED = (Article, Claim, Entity, Reference, Edge, *SHARED_ROWS)


class Digests:
    """The digests of the shared records and rows one build has keyed, by their id; each of them is
    kept alive in `kept`, so that its id stays its own. Not an (object, digest) tuple per entry:
    every entry outlives the pages, and each new object that does brings the garbage collector's
    full passes sooner (at 10,000 claims, 45,000 such tuples cost ~0.2 s of page keys a build)."""

    def __init__(self) -> None:
        self.of: dict[int, bytes] = {}
        self.kept: list[object] = []


class _KeyPickler(pickle.Pickler):
    """Pickles a view-model for its key, writing each shared record or row as the digest of its own
    pickle. Written out in full, the records made 5 GB of pickles at 10,000 claims (every claim page
    repeats its article, whole text included, and the index pages hold every claim), and the rows
    took as long to pickle as the pages to make (an arrow's row lists every claim that states it).

    It hooks `reducer_override`, which pickle calls only for objects that are not of a built-in
    type (not for the strings, tuples and numbers that make up most of a page), rather than
    `persistent_id`, which it calls for every object: at 10,000 claims that was 4 million Python
    calls a build, half the time of the page keys."""

    def __init__(self, buffer: io.BytesIO, digests: Digests):
        super().__init__(buffer, 5)
        self.digests = digests

    def reducer_override(self, obj: object) -> Any:
        cls = type(obj)
        if cls in _SHARED:
            return _shared, (self._digest(obj),)
        if hasattr(cls, "__dataclass_fields__"):
            # a frozen dataclass of views or records: its class, then its fields' values in order (its
            # __dict__ holds exactly them); pickle's own reduction also writes each field's name, and
            # takes three times as long for these small objects
            return cls, tuple(vars(obj).values())
        return NotImplemented  # pickled as pickle does (strings that are Markup, for instance)

    def _digest(self, obj: object) -> bytes:
        known = self.digests.of.get(id(obj))
        if known is None:
            if type(obj) in SHARED_ROWS:  # its records and rows as digests too: its fields, so not itself again
                buffer = io.BytesIO()
                _KeyPickler(buffer, self.digests).dump((type(obj).__name__, *vars(obj).values()))
                data = buffer.getvalue()
            else:
                data = pickle.dumps(obj, 5)
            known = self.digests.of[id(obj)] = hashlib.blake2b(data, digest_size=16).digest()
            self.digests.kept.append(obj)
        return known


def _shared(digest: bytes) -> None:
    """What a shared record or row stands as in a page key: a call of this with its digest (never
    made: page keys are compared, not unpickled)."""


def page_key(setup: bytes, page: Page, digests: Digests) -> bytes:
    # pickle of the view-model: frozen dataclasses of records, rows, tuples and strings, which pickle
    # to the same bytes in every process (no sets, whose order would follow the string hash seed)
    buffer = io.BytesIO()
    _KeyPickler(buffer, digests).dump((page.path, page.template, page.title, page.description, page.model))
    return hashlib.blake2b(setup + buffer.getvalue()).digest()


def _render_one(env: jinja2.Environment, templates: Path, page: Page, linker: Linker, site: SiteFrame) -> bytes:
    def url(target: str, _from: str = page.path) -> str:
        return linker.href(_from, target)

    try:
        template = env.get_template(page.template)
        fields = {f.name: getattr(page.model, f.name) for f in dataclasses.fields(page.model)}
        html = template.render(page=page, url=url, page_url=linker.page_url(page.path), site=site, **fields)
        return html.encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{exc.filename or exc.name}:{exc.lineno}:1: error: template syntax: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{templates.name}/{page.template}: error: while rendering {page.path}: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"{templates.name}/{exc.name}: error: no such template (needed by {page.path}); "
            "restore it, or delete the project's templates/ folder to use evidmap's own"
        ) from None
    except OSError as exc:
        raise TemplateError(
            f"{templates.name}/{page.template}: error: cannot read the template: {exc.strerror or exc}"
        ) from None


# What a forked rendering process works on: set just before the pool forks, inherited by the children.
_job: tuple | None = None


def _render_chunk(bounds: tuple[int, int]) -> list[tuple[str, bytes, bytes | None]]:
    assert _job is not None, "set by render_pages before the pool forks"
    makers, env, templates, linker, site, memo, setup, digests = _job
    start, end = bounds
    return [_made(make(), env, templates, linker, site, memo, setup, digests) for make in makers[start:end]]


def _made(
    page: Page, env, templates, linker, site: SiteFrame, memo: Memo | None, setup: bytes, digests: Digests
) -> tuple[str, bytes, bytes | None]:
    """(path, key, html) for one page; html is None when `memo` holds the page under the same key
    (so that rendering processes do not send back pages the parent already has)."""
    if memo is None:
        return page.path, b"", _render_one(env, templates, page, linker, site)
    key = page_key(setup, page, digests)
    before = memo.get(page.path)
    if before is not None and before[0] == key:
        return page.path, key, None
    return page.path, key, _render_one(env, templates, page, linker, site)


def render_pages(
    makers: list[Callable[[], Page]],
    templates: Path,
    linker: Linker,
    site: SiteFrame,
    workers: int = 1,
    memo: Memo | None = None,
    environments: Kept[jinja2.Environment] | None = None,
    parallel_from: int = PARALLEL_FROM,
    chunk: int = CHUNK,
) -> dict[str, bytes]:
    """Every page rendered, as site path -> UTF-8 bytes, in the order of `makers`. `memo`, when
    given, is read for unchanged pages and then replaced by this build's pages. From `parallel_from`
    pages on, `workers` forked processes render `chunk` pages a task."""
    global _job
    env = environment(templates, environments)
    setup = setup_key(templates, linker, site) if memo is not None else b""
    digests = Digests()
    parallel = workers > 1 and len(makers) >= parallel_from and "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        made = [_made(make(), env, templates, linker, site, memo, setup, digests) for make in makers]
    else:
        _job = (makers, env, templates, linker, site, memo, setup, digests)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                made = [
                    page
                    for chunk in pool.imap(
                        _render_chunk, [(start, start + chunk) for start in range(0, len(makers), chunk)]
                    )
                    for page in chunk
                ]
        finally:
            _job = None
    # a page whose html is None is one the memo holds under the same key (see _made)
    pages = [(path, key, memo[path][1] if html is None and memo is not None else html) for path, key, html in made]
    done = {path: html for path, _, html in pages if html is not None}
    if memo is not None:
        memo.clear()
        memo.update((path, (key, done[path])) for path, key, _ in pages)
    return done
