"""Memo: everything evidmap keeps from one build of a project for the next, in one place, bounded.

A process that builds the same project again and again (`evidmap serve`) keeps a `Memo`; a single
build makes a fresh `Caches` for itself and drops it when done. No stage keeps state of its own
between builds: each cache is a `Kept` that a stage is handed, and every limit is a parameter.

    Memo
    ├── pages           render: each page's key and HTML, only the pages of the last build
    ├── search_*        the last search index and the HTML it was made from
    ├── exports*        the last data/ files and the project they were made from
    └── caches: Caches
        ├── parses          load: the last parse of each YAML text
        ├── schema_checks   schema: the last check of each document
        ├── article_texts   articles: each body's text units and quote index (also within a build:
        │                   validate finds quotes in them, the article pages mark them)
        ├── dot_texts       pathway: DOT text of each diagram's nodes and arrows
        ├── checked_svgs    pathway: digests of SVGs that passed check_svg
        └── environments    render: the Jinja environment of each templates folder
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """A cache of at most `limit` values, the least recently used dropped first."""

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError("a cache keeps at least one value")
        self.limit = limit
        self._values: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> V:
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.limit:
            self._values.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def __len__(self) -> int:
        return len(self._values)


def kept_or_made(kept: Kept[V] | None, key: Hashable, make: Callable[[], V]) -> V:
    """`make()`, or the value `kept` holds for `key` (stages take an optional cache)."""
    return make() if kept is None else kept.get_or_make(key, make)


@dataclass
class Caches:
    """The caches a build's stages are handed. The defaults hold a project many times the seed
    project's size (files, articles, diagrams) with room for the versions an editing session makes."""

    files: int = 20_000  # YAML documents: parses and schema checks
    articles: int = 256  # article bodies: text units and quote indexes
    diagrams: int = 50_000  # diagrams: DOT texts and checked SVGs
    parses: Kept[Any] = field(init=False)
    schema_checks: Kept[Any] = field(init=False)
    article_texts: Kept[Any] = field(init=False)
    dot_texts: Kept[str] = field(init=False)
    checked_svgs: Kept[bool] = field(init=False)
    environments: Kept[Any] = field(init=False)

    def __post_init__(self) -> None:
        self.parses = Kept(self.files)
        self.schema_checks = Kept(self.files)
        self.article_texts = Kept(2 * self.articles)  # each body's text units and its quote index
        self.dot_texts = Kept(self.diagrams)
        self.checked_svgs = Kept(self.diagrams)
        self.environments = Kept(4)  # templates folders: the project's own, and evidmap's


@dataclass
class Memo:
    """What one long-running process keeps between builds of one project (never written to disk)."""

    pages: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # path -> (key, html)
    search_key: bytes = b""  # hash of the HTML the search files were made from
    search_files: dict[str, bytes] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # data/ files of the last build that made them
    exports_key: bytes = b""  # hash of the project they were made from
    caches: Caches = field(default_factory=Caches)
