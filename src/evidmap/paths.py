"""Paths: where every page of the site lives, and how one page links to another.

`page_path` is the one function that turns an id into a file name; ids are slugs (validate enforces
the pattern), and it refuses anything else, so no record can name a file outside the output folder.
`Linker` makes links relative (the site then works from a plain folder and from any subpath) unless
a base URL is given, and knows a page's absolute URL when that base is an absolute http(s) URL.
"""

from __future__ import annotations

import re

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SECTIONS = {"article": "articles", "claim": "claims", "reference": "references", "entity": "entities"}


def is_slug(text: object) -> bool:
    """Whether `text` is an id: lower-case ASCII letters, digits and single hyphens, and nothing
    else (a full match: `re.match` with `$` would let a final line break through)."""
    return isinstance(text, str) and _SLUG.fullmatch(text) is not None


def page_path(kind: str, ident: str) -> str:
    """'claims/ampk-phosphorylates-raptor.html' for ('claim', 'ampk-phosphorylates-raptor')."""
    if not is_slug(ident):
        raise ValueError(f"not a valid id for a file name: {ident!r}")
    return f"{SECTIONS[kind]}/{ident}.html"


class Linker:
    def __init__(self, base_url: str = ""):
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        # only an http(s) base names where the site is on the web: a path such as /evidmap/ does not
        self.absolute = self.base_url.startswith(("http://", "https://"))

    def page_url(self, path: str) -> str | None:
        """The absolute URL of the page at site path `path`, or None without an absolute base URL
        (Open Graph, canonical links and sitemaps need an absolute one, and nothing else would do)."""
        return self.base_url + path if self.absolute else None

    def href(self, from_page: str, target: str) -> str:
        """Link from the page at `from_page` to `target` (a site path, optionally with #fragment)."""
        if self.base_url:
            return self.base_url + target
        path, _, fragment = target.partition("#")
        if path == from_page and fragment:
            return "#" + fragment
        path = path or from_page
        from_dir = from_page.rpartition("/")[0]
        to_dir, _, name = path.rpartition("/")
        # site paths are plain "dir/name.html": climb out of the page's folder, then down (called
        # ~20,000 times a build, where posixpath.relpath cost half a second)
        rel = name if from_dir == to_dir else "../" * (from_dir.count("/") + 1 if from_dir else 0) + path
        return rel + ("#" + fragment if fragment else "")
