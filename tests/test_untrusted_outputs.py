"""Every text field of every schema, attacked: the hostile project builds, and in every output (HTML,
inline SVG, JSON, JSON-LD, CSV, XML, BibTeX) each value is inert text that a standard parser reads back.

The project comes from tests/hostile_project.py, which walks the JSON Schemas, so a field added to a
schema later is attacked too (the first test fails if any is not). Variant 0 opens every payload with
a Graphviz HTML-like label; variants 1 and 2 open them with spreadsheet formula starts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.database
import pytest

from evidmap.build import build
from evidmap.escape import FORMULA_STARTS, REPLACEMENT
from hostile_project import payload, write_hostile_project
from schema_fields import string_fields

VARIANTS = (0, 1, 2)


@pytest.fixture(scope="module", params=VARIANTS)
def hostile(request, tmp_path_factory) -> tuple[Path, Path, list[str], int]:
    """(project, built site, attacked fields, variant)."""
    root = tmp_path_factory.mktemp(f"hostile{request.param}") / "project"
    attacked = write_hostile_project(root, request.param)
    result = build(root)
    assert result.ok, "\n".join(map(str, result.diagnostics)) + "\n" + result.summary
    return root, root / "site", attacked, request.param


def free_text(variant: int) -> dict[str, str]:
    """tag -> payload for every field that carries a free-text payload."""
    return {f"[{f.schema}:{f.path}]": payload(f, variant) for f in string_fields()
            if "enum" not in f.spec and "pattern" not in f.spec}


def shown(text: str) -> str:
    """What a reader sees of `text`: code points HTML forbids replaced, white space folded."""
    text = re.sub("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", REPLACEMENT, text)
    return " ".join(text.split())


def test_every_text_field_of_every_schema_is_attacked(hostile):
    root, _, attacked, variant = hostile
    assert sorted(attacked) == sorted(f"{f.schema}:{f.path}" for f in string_fields())
    files = "".join(p.read_text("utf-8") for p in sorted(root.rglob("*")) if p.suffix in (".yaml", ".md"))
    missing = [tag for tag in free_text(variant) if tag not in files]
    assert missing == [], "fields the hostile project did not fill"


# ---------------------------------------------------------------------------------------------------
# HTML and the SVG inlined in it

URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "cite"}
FOREIGN = {"iframe", "object", "embed", "foreignobject", "style", "base", "form", "frame", "frameset", "applet",
           "animate", "set", "animatetransform", "animatemotion", "handler", "listener", "math"}


# scripts that hold data, never run: JSON-LD (claim pages), the claim cards (article pages)
DATA_SCRIPTS = ("application/ld+json", "application/json")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs_ = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if value is None:
                continue
            self.text.append(value)  # titles, aria-labels, tooltips: shown to readers too
            if name in URL_ATTRIBUTES:
                scheme = urlsplit(re.sub(r"[\x00-\x20]", "", value)).scheme.lower()
                if scheme not in ("", "http", "https", "mailto"):  # mailto: where readers report errors
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in FOREIGN:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attrs_.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            kind = attrs_.get("type") or "text/javascript"
            if kind not in DATA_SCRIPTS and not (attrs_.get("src") or "").endswith(".js"):
                self.problems.append(f"<script type={kind!r}> with a body")
            self._script = kind

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)


def test_html_and_svg_hold_every_value_as_inert_text(hostile):
    _, site, _, variant = hostile
    pages = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))
             if "pagefind" not in p.parts}
    problems, texts = [], {}
    for name, html in pages.items():
        parser = _Page()
        parser.feed(html)
        parser.close()
        problems += [f"{name}: {p}" for p in parser.problems]
        for kind, body in parser.scripts:
            if kind in DATA_SCRIPTS:
                json.loads(body)  # data, and still well-formed
                assert "</" not in body and "<!--" not in body
        texts[name] = shown(" ".join(parser.text))
        forbidden = re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", html)  # HTML's parser takes these as errors
        assert forbidden is None, (name, html[forbidden.start() - 40:forbidden.end()])
    assert problems == []
    everything = "\n".join(texts.values())
    not_shown = [tag for tag, text in free_text(variant).items()
                 if any(tag in html for html in pages.values()) and shown(text) not in everything]
    assert not_shown == [], "values that reach a page but not as the text typed"
    # Fields no page shows (the site shows what readers need, not every field). Listed, so that a field
    # that stops reaching the pages is a decision, not an accident; a new one is checked above as soon
    # as a page shows it.
    nowhere = sorted(tag for tag in free_text(variant) if not any(tag in html for html in pages.values()))
    assert nowhere == NOT_SHOWN


NOT_SHOWN = [
    "[reference:$.as_cited[].author[].family]", "[reference:$.as_cited[].author[].given]",
    "[reference:$.author[].given]", "[reference:$.issued.literal]", "[seed:$.author]",
]


# ---------------------------------------------------------------------------------------------------
# Data files: each parses with a standard parser and holds each value exactly

def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)] + [k for k in value if isinstance(k, str)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_json_exports_parse_and_hold_each_value_exactly(hostile):
    _, site, _, variant = hostile
    for name in ("claims.json", "references.json", "graph.json"):
        strings = _strings(json.loads((site / "data" / name).read_text("utf-8")))
        for tag, text in free_text(variant).items():
            holding = [s for s in strings if tag in s]
            assert all(folded(text) in folded(s) for s in holding), (name, tag)


def folded(text: str) -> str:
    """White space folded (a quote is stored as the article has it, and the article's text folds it)."""
    return " ".join(text.split())


XML_FORBIDS = "[\x00-\x08\x0b\x0c\x0e-\x1f]"  # the code points XML 1.0 forbids that a payload holds


def test_csv_has_one_row_per_claim_and_no_cell_a_spreadsheet_runs(hostile):
    root, site, _, variant = hostile
    rows = list(csv.reader(io.StringIO((site / "data" / "claims.csv").read_text("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    claims = len(json.loads((site / "data" / "claims.json").read_text("utf-8")))
    assert len(body) == claims and {len(r) for r in body} == {len(header)}
    assert [c for r in body for c in r if c.startswith(FORMULA_STARTS)] == []
    assert [c for r in rows for c in r if re.search(XML_FORBIDS, c)] == []  # NUL and the C0 controls but \t \n \r
    cells = [c.removeprefix("'") for r in body for c in r]
    for tag, text in free_text(variant).items():
        holding = [c for c in cells if tag in c]
        # controls replaced; in a quote, those that are white space (\x0b, \x0c) were folded first
        wanted = {folded(re.sub(XML_FORBIDS, REPLACEMENT, t)) for t in (text, folded(text))}
        assert all(any(w in folded(c) for w in wanted) for c in holding), tag


def test_xml_files_are_well_formed_and_hold_each_value(hostile):
    _, site, _, variant = hostile
    # (no sitemap: it is written only with an absolute base URL, and holds page paths, which are slugs)
    for name in ("data/graph.graphml",):
        tree = ET.parse(site / name)
        strings = [t for el in tree.iter() for t in (el.text, *el.attrib.values()) if t]
        for tag, text in free_text(variant).items():
            holding = [s for s in strings if tag in s]
            wanted = re.sub(XML_FORBIDS, REPLACEMENT, text)
            assert all(folded(wanted) in folded(s) for s in holding), (name, tag)


# The escapes the exporter writes; what is left once they are taken out must hold no brace, no
# backslash and no ^^ (TeX reads ^^5c as a backslash). BibTeX counts braces whatever stands before
# them, so a '\\}' the exporter wrote would close the field: braces become \\textbraceleft{}.
TEX_ESCAPES = re.compile(r"\\(textbackslash\{\}|textbraceleft\{\}|textbraceright\{\}|[&%$#_]|\^\{\}|~\{\})")
BIBTEX_FIELDS = {"title": "title", "container-title": "journal", "issued": "year", "volume": "volume",
                 "issue": "number", "page": "pages", "publisher": "publisher", "DOI": "doi", "PMID": "pmid",
                 "URL": "url"}


def test_bibtex_parses_back_to_exactly_the_records_fields(hostile):
    root, site, _, _ = hostile
    text = (site / "data" / "references.bib").read_text("utf-8")
    bib = pybtex.database.parse_string(text, "bibtex")
    assert bib.preamble == ""
    csl = {item["id"]: item for item in json.loads((site / "data" / "references.json").read_text("utf-8"))}
    assert sorted(bib.entries) == sorted(csl)  # no entry lost, none added
    for key, entry in bib.entries.items():
        # every field the record has, and no other: a value that closed its field would lose the
        # fields after it and bring in its own (note = ...)
        assert set(entry.fields) == {BIBTEX_FIELDS[k] for k in csl[key] if k in BIBTEX_FIELDS}, key
        if "title" in csl[key] and "[reference:$.title]" in csl[key]["title"]:
            assert "[reference:\\$.title]" in entry.fields["title"] and "note = " in entry.fields["title"]
        for field, value in entry.fields.items():
            bare = TEX_ESCAPES.sub("", value)
            assert "\\" not in bare and "{" not in bare and "}" not in bare and "^^" not in bare, (key, field, value[:80])
