"""Articles: a seed's Markdown body as text units, where quotes sit in it, and its highlighted HTML.

A *text unit* is the readable text of one paragraph, heading, list item or table row (a row's cells
joined by single spaces, which is how a scraped table reads). Quotes are found inside one unit after
folding: runs of whitespace become one space and typographic quotes become straight ones, nothing
else. Caption and aside blocks (`::: caption`, `::: aside`) are shown but hold no units, so no claim
can quote an image caption or page chrome.

Rendering reuses markdown-it-py's parse: it splits text tokens at quote boundaries and inserts the
highlight markup as inline HTML tokens, so highlights never cross a tag and Markdown structure stays
intact. Raw HTML in the source stays disabled (it is escaped).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

SCRAPED_BLOCKS = {
    "caption": "Image caption from the scraped page (not article text)",
    "aside": "Page chrome from the scraped page (not article text)",
}

_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _render_scraped(kind: str):
    label = SCRAPED_BLOCKS[kind]

    def render(self, tokens, idx, options, env):
        if tokens[idx].nesting == 1:
            # numbered, so that each landmark on the page has a name of its own
            env[kind] = env.get(kind, 0) + 1
            return (f'<aside class="scraped scraped-{kind}" aria-label="{label} ({env[kind]})">'
                    f'<p class="scraped-label">{label}</p>\n')
        return "</aside>\n"

    return render


def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    for kind in SCRAPED_BLOCKS:
        md.use(container_plugin, name=kind, render=_render_scraped(kind))
    return md


_MD = markdown()


_SPACE_RUN = re.compile(r"\s+")  # the same characters as str.isspace


@dataclass(frozen=True)
class Folded:
    """A text after folding, and where each folded character came from in the original.

    Each run of whitespace became one space; every other character kept its place relative to the
    last run, so the map is stored per run (a few dozen numbers a paragraph, not one per character)."""

    text: str
    runs: tuple[int, ...]  # folded position of each space that stands for a run
    run_starts: tuple[int, ...]  # where that run starts in the original
    run_ends: tuple[int, ...]  # and where it ends

    def origin(self, position: int) -> int:
        """Index in the original text of the folded character at `position`."""
        k = bisect.bisect_right(self.runs, position) - 1
        if k < 0:
            return position
        if position == self.runs[k]:
            return self.run_starts[k]
        return self.run_ends[k] + position - self.runs[k] - 1


def fold(text: str) -> Folded:
    """`text` with every run of whitespace made one space and typographic quotes made straight."""
    translated = text.translate(_TYPOGRAPHIC)  # one character for one, so positions stay
    parts: list[str] = []
    runs: list[int] = []
    run_starts: list[int] = []
    run_ends: list[int] = []
    length = last = 0
    for match in _SPACE_RUN.finditer(translated):
        parts.append(translated[last : match.start()])
        length += match.start() - last
        runs.append(length)
        run_starts.append(match.start())
        run_ends.append(match.end())
        parts.append(" ")
        length += 1
        last = match.end()
    parts.append(translated[last:])
    return Folded("".join(parts), tuple(runs), tuple(run_starts), tuple(run_ends))


def fold_quote(text: str) -> str:
    """`fold(text).text` without its end spaces, made directly: a quote needs no map back (str.split
    splits on the characters str.isspace names, as the fold does), and every claim's quote is folded."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


@dataclass(frozen=True)
class TextUnit:
    text: str  # readable text of the block
    line: int  # 0-based body line where the block starts
    pieces: tuple[tuple[int, int, int], ...]  # (token index, start, end) of each inline token in `text`
    kind: str = "paragraph"  # paragraph | heading | item | row | header-row
    # `text` folded once, here: every quote of the article is looked up in every unit
    folded: Folded = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", fold(self.text))


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def parse(body: str) -> list[Token]:
    return _MD.parse(body)


@lru_cache(maxsize=256)
def units_of(body: str) -> tuple[TextUnit, ...]:
    """The text units of a body (cached: a rebuild parses only the articles that changed; the
    cache holds a few hundred articles, so a long `serve` session does not grow without end)."""
    return tuple(text_units(parse(body)))


def text_units(tokens: list[Token], include_scraped: bool = False) -> list[TextUnit]:
    """The units of a parsed body, in reading order, leaving out caption and aside blocks unless
    `include_scraped` (used to compare a seed with the page it was scraped from)."""
    units: list[TextUnit] = []
    scraped_depth = 0
    row: list[tuple[int, str]] | None = None
    row_line = 0
    for i, token in enumerate(tokens):
        if token.type.startswith("container_"):
            scraped_depth += token.nesting
        elif scraped_depth and not include_scraped:
            continue
        elif token.type == "tr_open":
            row, row_line = [], token.map[0] if token.map else 0
            in_head = any(t.type == "thead_open" for t in tokens[max(0, i - 2) : i])
        elif token.type == "tr_close" and row is not None:
            units.append(_joined_unit(row, row_line, "header-row" if in_head else "row"))
            row = None
        elif token.type == "inline":
            if row is not None:
                row.append((i, _inline_text(token)))
            else:
                kind = {"heading_open": "heading"}.get(tokens[i - 1].type, "paragraph")
                if kind == "paragraph" and i >= 2 and tokens[i - 2].type == "list_item_open":
                    kind = "item"
                units.append(_joined_unit([(i, _inline_text(token))], token.map[0] if token.map else 0, kind))
    return units


def _joined_unit(parts: list[tuple[int, str]], line: int, kind: str = "paragraph") -> TextUnit:
    text, pieces, pos = [], [], 0
    for n, (token_index, part) in enumerate(parts):
        if n:
            text.append(" ")
            pos += 1
        text.append(part)
        pieces.append((token_index, pos, pos + len(part)))
        pos += len(part)
    return TextUnit("".join(text), line, tuple(pieces), kind)


@dataclass(frozen=True)
class Located:
    unit: int
    start: int
    end: int


def find_all(units: list[TextUnit], quote: str) -> list[Located]:
    """Every place the folded quote occurs, as unit-text character ranges."""
    needle = fold_quote(quote)
    found: list[Located] = []
    if not needle:
        return found
    for n, unit in enumerate(units):
        folded = unit.folded
        start = folded.text.find(needle)
        while start != -1:
            end = start + len(needle)
            found.append(Located(n, folded.origin(start), folded.origin(end - 1) + 1))
            start = folded.text.find(needle, start + 1)
    return found


def nearest_passage(units: list[TextUnit], quote: str) -> tuple[str, str]:
    """(the longest start of the quote found verbatim, the passage where the text goes on differently)."""
    needle = fold_quote(quote)
    texts = [u.folded.text for u in units]
    low, high = 0, len(needle)
    while low < high:  # longest prefix that occurs somewhere
        mid = (low + high + 1) // 2
        if any(needle[:mid] in t for t in texts):
            low = mid
        else:
            high = mid - 1
    if low < 12:
        return "", ""
    prefix = needle[:low]
    text = next(t for t in texts if prefix in t)
    at = text.index(prefix)
    return prefix, text[at : at + len(needle) + 20]


@dataclass(frozen=True)
class Highlight:
    claim: str
    unit: int
    start: int
    end: int
    href: str
    title: str
    number: int


def render_html(
    body: str,
    highlights: Iterable[Highlight],
    gaps: Iterable[tuple[str, str]] = (),
) -> str:
    """The body as HTML with every highlight marked and linked, and gap markers inserted.

    `gaps` are (text just before the gap, missing words); validate has made sure each text occurs once.
    """
    tokens = parse(body)  # a fresh parse: marking rewrites its tokens
    units = units_of(body)  # the same units validation found, with their token indexes
    gaps = [(where.unit, where.end, missing) for at, missing in gaps for where in find_all(units, at)[:1]]
    by_token: dict[int, list[tuple[int, int, Highlight]]] = {}
    gap_by_token: dict[int, list[tuple[int, str]]] = {}
    for h in highlights:
        for token_index, start, end in units[h.unit].pieces:
            lo, hi = max(h.start, start), min(h.end, end)
            if lo < hi:
                by_token.setdefault(token_index, []).append((lo - start, hi - start, h))
    for unit, offset, missing in gaps:
        for token_index, start, end in units[unit].pieces:
            if start <= offset <= end:
                gap_by_token.setdefault(token_index, []).append((offset - start, missing))
                break
    anchored: set[str] = set()  # claims whose id anchor is already placed (one per page)
    for token_index in sorted(set(by_token) | set(gap_by_token)):
        token = tokens[token_index]
        children = _merge_text(token.children or [])
        token.children = _mark_children(children, by_token.get(token_index, []), gap_by_token.get(token_index, []), anchored)
    return _MD.renderer.render(tokens, _MD.options, {})


def _merge_text(children: list[Token]) -> list[Token]:
    """Adjacent text and soft line breaks as one text token (they render the same), so marks stay whole."""
    merged: list[Token] = []
    for child in children:
        content = "\n" if child.type == "softbreak" else child.content
        if child.type in ("text", "softbreak") and merged and merged[-1].type == "text":
            merged[-1] = _text_like(merged[-1], merged[-1].content + content)
        elif child.type == "softbreak":
            merged.append(_text_like(Token("text", "", 0), content))
        else:
            merged.append(child)
    return merged


def _mark_children(children: list[Token], spans, gaps, anchored: set[str]) -> list[Token]:
    """Split text children at span and gap boundaries; wrap covered pieces in <mark> links."""
    boundaries = {offset for offset, _ in gaps}
    for start, end, _ in spans:
        boundaries.update((start, end))
    pending_gaps = sorted(gaps)
    out: list[Token] = []
    pos = 0
    for child in children:
        if child.type not in ("text", "code_inline", "softbreak", "hardbreak"):
            out.append(child)
            continue
        content = child.content if child.type in ("text", "code_inline") else "\n"
        end_pos = pos + len(content)
        cuts = sorted({pos, end_pos} | {b for b in boundaries if pos < b < end_pos})
        for a, b in zip(cuts, cuts[1:]):
            while pending_gaps and pending_gaps[0][0] <= a:
                out.append(_gap_token(pending_gaps.pop(0)[1]))
            piece = content[a - pos : b - pos]
            covering = [h for s, e, h in spans if s <= a and b <= e]
            if covering:
                out.extend(_marked(child, piece, covering, anchored))
            else:
                out.append(_text_like(child, piece))
        pos = end_pos
    out.extend(_gap_token(missing) for _, missing in pending_gaps)
    return out


def _gap_token(missing: str) -> Token:
    return _html(
        '<ins class="gap" title="Words are missing here in the scraped text">'
        f"[missing: {html.escape(missing)}]</ins>"
    )


def _text_like(child: Token, content: str) -> Token:
    token = Token(child.type, "", 0)
    token.content = content
    return token


def _html(markup: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = markup
    return token


def _marked(child: Token, piece: str, covering: list[Highlight], anchored: set[str]) -> list[Token]:
    innermost = min(covering, key=lambda h: (h.end - h.start, h.claim))
    anchors = ""
    for h in sorted(covering, key=lambda h: h.claim):
        if h.claim not in anchored:
            anchored.add(h.claim)
            anchors += f'<span id="claim-{h.claim}" class="anchor"></span>'
    more = f" (and {len(covering) - 1} overlapping)" if len(covering) > 1 else ""
    open_tag = (
        f'{anchors}<mark class="claim" data-claim="{innermost.claim}">'
        f'<a href="{html.escape(innermost.href)}" title="{html.escape(innermost.title + more)}">'
    )
    return [_html(open_tag), _text_like(child, piece), _html("</a></mark>")]
