"""Render: page view-models -> HTML text through the Jinja templates.

Autoescaping is on for every template and an undefined variable is an error (StrictUndefined), so a
typo in a template fails the build instead of silently printing nothing. Each page gets `url(target)`,
which links from that page to any site path, relative unless a base URL is set.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from evidmap.paths import Linker
from evidmap.views import Page


class TemplateProblem(Exception):
    pass


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_pages(pages: list[Page], templates: Path, linker: Linker, site_title: str) -> dict[str, str]:
    env = environment(templates)
    out: dict[str, str] = {}
    for page in pages:
        def url(target: str, _from: str = page.path) -> str:
            return linker.href(_from, target)

        try:
            template = env.get_template(page.template)
            out[page.path] = template.render(page=page, url=url, site_title=site_title, **page.context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}:1: error: template syntax: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"{templates.name}/{page.template}: error: while rendering {page.path}: {exc.message}") from None
    return out
