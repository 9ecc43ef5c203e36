"""Errors: the one tree of failures a build can report.

    EvidmapError            every failure below; str() is the line to show the curator
    ├── InvalidProject      the project's files have errors (carries every diagnostic, all at once)
    ├── LayoutError         Graphviz is missing, too slow or failed, or a diagram's SVG failed its check
    ├── TemplateError       a template has a syntax error, uses a value its page lacks, or cannot be read
    ├── SearchIndexError    Pagefind is missing, too slow or failed
    └── OutputError         the output folder cannot be used or written (a disk failing under the
                            build included)

Stages raise these and nothing else on purpose; `build.build` catches EvidmapError once and turns it
into a Result that says the previous site was left as it was. Any other exception escaping a stage is
a bug: `evidmap serve` reports it as one and keeps serving the last good site.
"""

from __future__ import annotations

from collections.abc import Iterable

from evidmap.diagnostics import Diagnostic


class EvidmapError(Exception):
    """A failure a build reports to the curator; its text is one line (or one per diagnostic)."""


class InvalidProject(EvidmapError):
    """The project's files have errors; `diagnostics` holds every problem found, errors and warnings."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics))
        self.errors = sum(1 for d in self.diagnostics if d.severity == "error")
        super().__init__(f"{self.errors} error(s) found")


class LayoutError(EvidmapError):
    """Graphviz could not lay out the diagrams, or returned an SVG that evidmap never draws."""


class TemplateError(EvidmapError):
    """A template cannot be read or compiled, or names a value its page's view-model lacks."""


class SearchIndexError(EvidmapError):
    """Pagefind could not index the site."""


class OutputError(EvidmapError):
    """The output folder cannot be used (the project itself, a symbolic link, someone else's files)
    or written (no space, no permission)."""
