"""Escape: the one function per output format that turns content text into a literal of that format.

Every string from a record reaches an output through exactly one of these (or, for HTML, through
Jinja's autoescape with `html_chars` as its finalizer); none of them trusts the text to be anything
but text:

    HTML          render.py: autoescape, and html_chars for code points HTML forbids
    DOT           pathway.dot_literal (and pathway.check_svg on the SVG that Graphviz returns)
    XML           xml_chars (GraphML, sitemap: ElementTree and saxutils escape markup, not these)
    CSV           csv_cell (control characters, spreadsheet formula starts), with RFC 4180 quoting in exports
    BibTeX        bibtex_text (TeX specials and braces), bibtex_verbatim (DOI, URL)
    JSON-LD       json_in_script (inside <script type="application/ld+json">; also the claim
                  cards' data in <script type="application/json"> on article pages)
    links         link_allowed (the scheme a browser would read), doi_url, and validate's http(s)
                  URL rule (only such URLs reach an href)

Search pages are indexed from the rendered HTML, and the search page's own script shows every
value it gets from the index as text (templates/static/search.js), as the article pages' script
does with its cards' data (templates/static/article.js).
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Code points that XML 1.0 does not allow at all: C0 controls but tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF. A GraphML file holding one does not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# HTML's parser takes these as errors ("control-character-in-input-stream", "noncharacter"):
# controls other than white space, DEL and the C1 controls, and the noncharacters.
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_chars(text: str) -> str:
    """`text` with every code point XML forbids replaced by U+FFFD; markup is the writer's job."""
    return _NOT_XML.sub(REPLACEMENT, text)


def html_chars(value: object) -> object:
    """Jinja's finalizer: text with every code point HTML forbids replaced by U+FFFD (Markup, such
    as a rendered article or an SVG, stays Markup); other values pass unchanged."""
    if isinstance(value, str) and _NOT_HTML.search(value):
        return type(value)(_NOT_HTML.sub(REPLACEMENT, value))
    return value


# Spreadsheets (Excel, LibreOffice, Google Sheets) take a cell that starts with one of these as a
# formula; a tab or carriage return before one is skipped on import, so they count as starts too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: the code points XML forbids (NUL and the other C0
    controls but tab, newline and carriage return, which stay inside their quoted cell) become
    U+FFFD, as no spreadsheet or CSV reader handles them alike (a NUL ends a C string), and a formula
    start gets a leading apostrophe (the convention spreadsheets read as 'text follows'). Quoting
    is the csv writer's, with CRLF line ends so that a carriage return inside a value is quoted too."""
    value = xml_chars(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def bibtex_text(value: str) -> str:
    """A BibTeX field value that is only text: braces, backslashes and TeX specials written as TeX
    commands, so no value can close its field, open another, or run a TeX command (\\write18,
    \\input). Braces become \\textbraceleft{} and \\textbraceright{}, not \\{ and \\}: BibTeX counts
    braces whatever stands before them, so '\\}' would still close the field."""
    value = re.sub(r"([&%$#_^~\\{}])", lambda m: _TEX[m.group(1)], value)
    return _NOT_XML.sub(REPLACEMENT, value)


_TEX = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}


def bibtex_verbatim(value: str) -> str:
    """A BibTeX field read verbatim (doi, url): biblatex prints it as written, so TeX escapes would
    show; instead, every character that could end the field, start a command (a backslash, or TeX's
    ^^5c for one) or mean something to TeX is percent-encoded, which DOI and URL resolvers read as
    the same character."""
    return re.sub(
        r"[{}\\%^\"@#$&~\s\x00-\x1f\x7f]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value
    )


# What a browser could take for a URL's scheme: all before a colon that no '/', '?' or '#' precedes
# (wider than a valid scheme, so that 'java%09script:' counts too), once the leading and trailing C0
# controls and spaces, and every tab and line break, that a browser's URL parser ignores are dropped.
_SCHEME = re.compile(r"([^/?#]*):")
_IGNORED_BY_URL_PARSERS = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")
WEB_SCHEMES = ("http", "https")


def link_allowed(url: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> bool:
    """Whether `url` (entities already decoded) may become an href or src: it has one of `schemes`
    as a browser would read it, or no scheme at all (a page of the site, a #fragment; '//host/...'
    keeps the page's own)."""
    scheme = _SCHEME.match(_IGNORED_BY_URL_PARSERS.sub("", url).lower())
    return scheme is None or scheme.group(1) in schemes


def json_in_script(text: str) -> str:
    """JSON text safe inside a <script> element: no '<' (so no '</script>' or '<!--'), '>' or '&'
    survives, and U+2028/U+2029 are escaped like any other line end."""
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def doi_url(doi: str) -> str:
    """The doi.org link for a DOI, percent-encoded: DOIs may hold characters such as '<' and '#'
    (10.1002/(SICI)...<181::AID-JBM4>3.0.CO;2-N) that are not allowed, or mean something else, in a URL."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-")
