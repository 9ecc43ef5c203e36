"""Articles: a seed's Markdown body as text units, where quotes sit in it, and its highlighted HTML.

A *text unit* is the readable text of one paragraph, heading, list item or table row (a row's cells
joined by single spaces, which is how a scraped table reads). Quotes are found inside one unit after
folding: runs of whitespace become one space and typographic quotes become straight ones, nothing
else. Caption and aside blocks (`::: caption`, `::: aside`) are shown but hold no units, so no claim
can quote an image caption or page chrome.

A `QuoteIndex` over an article's units finds every quote (and, for one that is not there, the
passage where the text departs from it) without reading the whole article for each quote, so
checking an article's quotes costs about its length plus the number of quotes, not their product.

Rendering reuses markdown-it-py's parse: it splits text tokens at quote boundaries and inserts the
highlight markup as inline HTML tokens, so highlights never cross a tag and Markdown structure stays
intact; each unit that holds claims starts with its verdict rail (the verdict symbols of its claims,
which the stylesheet sets in the right margin of wide screens). Raw HTML in the source stays
disabled (it is escaped), and a link or image becomes an element only when its address is http(s),
mailto, or within the site (see `safe_link`).
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from evidmap.escape import WEB_SCHEMES, link_allowed
from evidmap.memo import Kept, kept_or_made
from evidmap.vocabulary import NOT_APPRAISED, Verdict

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
            return (
                f'<aside class="scraped scraped-{kind}" aria-label="{label} ({env[kind]})">'
                f'<p class="scraped-label">{label}</p>\n'
            )
        return "</aside>\n"

    return render


SAFE_LINK_SCHEMES = (*WEB_SCHEMES, "mailto")


def safe_link(url: str) -> bool:
    """Whether a seed's link or image address may become an href or src: http(s) and mailto, and
    addresses with no scheme (a page of the site, a #fragment). markdown-it's own check refuses only
    javascript:, vbscript:, file: and some data: URLs; this one refuses every other scheme (data:,
    search-ms:, intent:, chrome: ...), which a seed from a stranger has no need of. A refused link
    shows as the text it was written as. `url` is normalized: entities decoded, then percent-encoded."""
    return link_allowed(url, SAFE_LINK_SCHEMES)


def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = safe_link  # type: ignore[method-assign]  # markdown-it-py's documented way to replace it
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


def units_of(body: str, kept: Kept[Any] | None = None) -> tuple[TextUnit, ...]:
    """The text units of a body, from `kept` when it holds them (validate finds quotes in them and
    the article page marks them; a rebuild parses only the articles that changed)."""
    return kept_or_made(kept, ("units", body), lambda: tuple(text_units(parse(body))))


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


# How many characters after a word start the index sorts by: enough to tell apart nearly all word
# starts of an article, few enough to keep the sort cheap. A longer quote is compared whole.
_KEY = 32
# How many of a quote's word starts are weighed as its anchor (the first that few places share wins)
_ANCHORS = 8
# An anchor with more candidates than the text's length over this narrows a quote too little: it is
# found in the suffix array instead (a scan in C reads about this many characters in the time one
# candidate is compared in Python's loop)
_SCAN_COST = 256
# The shortest start of a quote worth showing as where the text departs from it
_NEAREST = 12
# The most places the search for that start compares with the quote in one step
_NEAREST_BUDGET = 100


@dataclass(frozen=True, eq=False)
class QuoteIndex:
    """Where folded text occurs in an article's units, without a scan of the article per quote.

    The units' folded texts are joined by line breaks, which no folded text contains, so no match
    spans two units. Every word start of the joined text (its first position and each one after a
    space or a line break) is kept, sorted by the _KEY characters that follow it. A quote occurs at
    position p only if, after each space in the quote, the text at the word start it falls on
    begins as the quote goes on from there: binary search finds those word starts for one space of
    the quote (its *anchor*, the most selective of the first _ANCHORS), and only they, the
    *candidates*, are compared with the whole quote.

    Building costs one sort of the article's words. Finding a quote costs a few binary searches
    and a comparison per candidate. A quote of one word (no anchor), or one whose every anchor
    starts many words (common short words, a text repeating itself), is found instead as one range
    of a suffix array of the text (`suffixes`, every position where a quote can start, sorted by the
    text from it on) by binary search. That array costs 15–20 times the word sort, so it is built
    only on the first such quote, once per index: an article whose quotes all have a good anchor
    never pays for it. The nearest passage to a quote not found, the longest start of the quote that
    occurs, is searched by binary search over its length with at most _NEAREST_BUDGET comparisons
    a step and never a scan: a start found at a word start needs none, one found inside a word only
    its anchor's candidates. Where those are more than the budget (a text repeating itself), a
    shorter start, or none, may be shown."""

    units: tuple[TextUnit, ...]
    text: str
    unit_starts: tuple[int, ...]  # where each unit's folded text starts in `text`
    word_starts: array  # positions in `text`, sorted by the _KEY characters from each
    _suffixes: array | None = field(default=None, init=False, repr=False)  # see `suffixes`

    @classmethod
    def of(cls, units: Iterable[TextUnit]) -> QuoteIndex:
        units = tuple(units)
        text = "\n".join(unit.folded.text for unit in units)
        unit_starts = tuple(itertools.accumulate((len(unit.folded.text) + 1 for unit in units[:-1]), initial=0))
        starts = [0, *(match.end() for match in _WORD_GAP.finditer(text))]
        starts.sort(key=lambda start: text[start : start + _KEY])
        return cls(units, text, unit_starts if units else (), array("I", starts))

    def find_all(self, quote: str) -> list[Located]:
        """Every place the folded quote occurs, as unit-text character ranges, in reading order."""
        needle = fold_quote(quote)
        if not needle:
            return []
        candidates = self._candidates(needle, len(self.text) // _SCAN_COST)
        if candidates is None:  # no anchor narrows it: one range of the suffix array
            low, high = self._suffix_range(needle)
            starts = sorted(self.suffixes[low:high])
        else:
            starts = self._matches(needle, *candidates)
        return [self._located(start, len(needle)) for start in starts]

    def nearest_passage(self, quote: str) -> tuple[str, str]:
        """(the longest start of the quote found verbatim, the passage where the text goes on
        differently), or ('', '') when less than _NEAREST characters of it are found (see the
        class for the bound on the search)."""
        needle = fold_quote(quote)
        # binary search over the quote's starts of _NEAREST characters or more: a shorter one is no
        # help, and a longer one has a longer text after its anchor, which fewer word starts share
        low, high, at = _NEAREST - 1, len(needle), -1
        while low < high:
            mid = (low + high + 1) // 2
            first = self._first_within_budget(needle[:mid])
            if first != -1:
                low, at = mid, first
            else:
                high = mid - 1
        if at == -1:
            return "", ""
        unit_end = self.text.find("\n", at)
        return needle[:low], self.text[at : min(at + len(needle) + 20, len(self.text) if unit_end == -1 else unit_end)]

    def _located(self, start: int, length: int) -> Located:
        n = bisect.bisect_right(self.unit_starts, start) - 1
        local = start - self.unit_starts[n]
        folded = self.units[n].folded
        return Located(n, folded.origin(local), folded.origin(local + length - 1) + 1)

    def _first_within_budget(self, needle: str) -> int:
        """Where `needle` first occurs, as far as _NEAREST_BUDGET comparisons can tell, or -1. An
        occurrence at a word start is a word start whose text begins with it: binary search alone
        finds those, up to _KEY characters. One inside a word is looked for through the best
        anchor, if that has no more candidates than the budget."""
        starts: Sequence[int] = self._starting_with(needle[:_KEY])
        if len(needle) > _KEY:  # the sort tells apart only _KEY characters: compare the rest
            within = len(starts) <= _NEAREST_BUDGET
            starts = [start for start in starts if self.text.startswith(needle, start)] if within else []
        firsts = [min(starts)] if len(starts) else []
        candidates = self._candidates(needle, _NEAREST_BUDGET)
        inside_words = self._matches(needle, *candidates) if candidates else []
        return min(firsts + inside_words[:1], default=-1)

    def _matches(self, needle: str, anchor: int, starts: array) -> list[int]:
        """Where `needle` starts in `text`, in order, given its anchor and that anchor's candidates."""
        return sorted(
            start - anchor for start in starts if start >= anchor and self.text.startswith(needle, start - anchor)
        )

    def _candidates(self, needle: str, limit: int) -> tuple[int, array] | None:
        """(the anchor of `needle` that the fewest word starts may be, those word starts), or None
        when it has no anchor or even the best has more than `limit`."""
        best: tuple[int, array] | None = None
        anchor = needle.find(" ") + 1
        for _ in range(_ANCHORS):
            if not 0 < anchor < len(needle):
                break
            starts = self._starting_with(needle[anchor : anchor + _KEY])
            if best is None or len(starts) < len(best[1]):
                best = (anchor, starts)
            if len(starts) <= 1:
                break
            anchor = needle.find(" ", anchor) + 1
        return best if best is not None and len(best[1]) <= limit else None

    @property
    def suffixes(self) -> array:
        """Every position of `text` where a quote can start (not a space or a line break), sorted
        by the text from it to the end; built on the first quote that no anchor narrows."""
        if self._suffixes is None:
            built = array("I", (p for p in _suffix_array(self.text) if self.text[p] not in " \n"))
            object.__setattr__(self, "_suffixes", built)  # once per index, then kept with it
        assert self._suffixes is not None
        return self._suffixes

    def _suffix_range(self, needle: str) -> tuple[int, int]:
        """The range of `suffixes` whose text begins with `needle`."""

        def key(start: int) -> str:
            return self.text[start : start + len(needle)]

        low = bisect.bisect_left(self.suffixes, needle, key=key)
        return low, bisect.bisect_right(self.suffixes, needle, lo=low, key=key)

    def _starting_with(self, prefix: str) -> array:
        """The word starts whose text begins with `prefix` (at most _KEY characters)."""

        def key(start: int) -> str:
            return self.text[start : start + len(prefix)]

        low = bisect.bisect_left(self.word_starts, prefix, key=key)
        return self.word_starts[low : bisect.bisect_right(self.word_starts, prefix, lo=low, key=key)]


_WORD_GAP = re.compile("[ \n]")


def _suffix_array(text: str) -> list[int]:
    """Every position of `text`, sorted by the text from it to the end: by its first _KEY
    characters, then, for positions that share them (a text that repeats itself), by prefix
    doubling, each round re-sorting only the groups still tied by the rank of the position
    2ᵏ·_KEY characters on."""
    n = len(text)
    keys = [text[p : p + _KEY] for p in range(n)]
    order = sorted(range(n), key=keys.__getitem__)
    ordered = [keys[p] for p in order]
    del keys
    if all(map(str.__ne__, ordered, itertools.islice(ordered, 1, None))):
        return order  # no two positions share their first _KEY characters: sorted already
    # rank[p]: where the group of positions that share p's sort key so far starts in `order`
    rank = [0] * n
    tied: list[tuple[int, int]] = []  # (start, end) in `order` of each group of more than one
    start = 0
    for i in range(1, n + 1):
        if i == n or ordered[i] != ordered[start]:
            if i - start > 1:
                tied.append((start, i))
            for p in order[start:i]:
                rank[p] = start
            start = i
    del ordered
    # prefix doubling: positions that share their first h characters are told apart by the rank of
    # the position h on (which stands for the h characters after those); a text ending comes first
    h = _KEY
    while tied:
        refined = []
        for start, end in tied:
            group = sorted(order[start:end], key=lambda p: rank[p + h] if p + h < n else -1)
            order[start:end] = group
            refined.append((start, end, [rank[p + h] if p + h < n else -1 for p in group]))
        tied = []
        for start, end, after in refined:
            sub = start
            for i in range(start + 1, end + 1):
                if i == end or after[i - start] != after[sub - start]:
                    if i - sub > 1:
                        tied.append((sub, i))
                    for p in order[sub:i]:
                        rank[p] = sub
                    sub = i
        h *= 2
    return order


def quote_index(body: str, kept: Kept[Any] | None = None) -> QuoteIndex:
    """The quote index of a body's units, from `kept` like `units_of`."""
    return kept_or_made(kept, ("index", body), lambda: QuoteIndex.of(units_of(body, kept)))


@dataclass(frozen=True)
class Highlight:
    claim: str
    unit: int
    start: int
    end: int
    href: str
    title: str  # the claim's statement: the link's tooltip, and what its card states (article.js)
    number: int
    verdict: Verdict = NOT_APPRAISED  # shown on the link: a class, a mark after it, its accessible name

    @property
    def name(self) -> str:
        """What the link's name says before its visible text (the quote)."""
        return f"Claim {self.number}, {self.verdict.label}: "


def render_html(
    body: str,
    highlights: Iterable[Highlight],
    gaps: Iterable[tuple[str, str]] = (),
    kept: Kept[Any] | None = None,
) -> str:
    """The body as HTML with every highlight marked and linked, and gap markers inserted.

    `gaps` are (text just before the gap, missing words); validate has made sure each text occurs once.
    """
    highlights = list(highlights)
    tokens = parse(body)  # a fresh parse: marking rewrites its tokens
    units = units_of(body, kept)  # the same units validation found, with their token indexes
    index = quote_index(body, kept)
    gap_places = [(where.unit, where.end, missing) for at, missing in gaps for where in index.find_all(at)[:1]]
    # (start, end, highlight, whether the highlight ends there) of each piece of a highlight in a token
    by_token: dict[int, list[tuple[int, int, Highlight, bool]]] = {}
    gap_by_token: dict[int, list[tuple[int, str]]] = {}
    for h in highlights:
        for token_index, start, end in units[h.unit].pieces:
            lo, hi = max(h.start, start), min(h.end, end)
            if lo < hi:
                by_token.setdefault(token_index, []).append((lo - start, hi - start, h, hi == h.end))
    for unit, offset, missing in gap_places:
        for token_index, start, end in units[unit].pieces:
            if start <= offset <= end:
                gap_by_token.setdefault(token_index, []).append((offset - start, missing))
                break
    anchored: set[str] = set()  # claims whose id anchor is already placed (one per page)
    for token_index in sorted(set(by_token) | set(gap_by_token)):
        token = tokens[token_index]
        children = _merge_text(token.children or [])
        token.children = _mark_children(
            children, by_token.get(token_index, []), gap_by_token.get(token_index, []), anchored
        )
    for unit, claims in _rails(highlights).items():
        first = tokens[units[unit].pieces[0][0]]
        first.children = [_html(_rail(claims)), *(first.children or [])]
    return _MD.renderer.render(tokens, _MD.options, {})


def _rails(highlights: Iterable[Highlight]) -> dict[int, list[Highlight]]:
    """unit -> the claims quoted in it, each once, in the order their quotes start."""
    by_unit: dict[int, dict[str, Highlight]] = {}
    for h in sorted(highlights, key=lambda h: (h.unit, h.start, -h.end, h.claim)):
        by_unit.setdefault(h.unit, {}).setdefault(h.claim, h)
    return {unit: list(claims.values()) for unit, claims in by_unit.items()}


def _rail(claims: list[Highlight]) -> str:
    """The verdict rail of one text unit: its claims' verdict symbols, each a link to its claim's
    place in the text, shown in the right margin beside the unit on wide screens (style.css). It
    repeats what the highlights say, so it is hidden from assistive technology and out of the tab
    order; the script of article pages moves focus to the highlight when a symbol is clicked."""
    links = "".join(
        f'<a class="verdict-{h.verdict.id}" href="#claim-{h.claim}" tabindex="-1">{h.verdict.symbol}</a>'
        for h in claims
    )
    return f'<span class="verdict-rail" aria-hidden="true" data-pagefind-ignore>{links}</span>'


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
    for start, end, _, _ in spans:
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
            covering = [h for s, e, h, _ in spans if s <= a and b <= e]
            if covering:
                ending = {h.claim for s, e, h, last in spans if last and e == b}
                out.extend(_marked(child, piece, covering, anchored, ending))
            else:
                out.append(_text_like(child, piece))
        pos = end_pos
    out.extend(_gap_token(missing) for _, missing in pending_gaps)
    return out


def _gap_token(missing: str) -> Token:
    return _html(
        f'<ins class="gap" title="Words are missing here in the scraped text">[missing: {html.escape(missing)}]</ins>'
    )


def _text_like(child: Token, content: str) -> Token:
    token = Token(child.type, "", 0)
    token.content = content
    return token


def _html(markup: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = markup
    return token


def _marked(child: Token, piece: str, covering: list[Highlight], anchored: set[str], ending: set[str]) -> list[Token]:
    """A piece of highlighted text as a link to the innermost claim covering it: the link carries
    the claim's verdict as a class and, in visually hidden text before the quote, in its name; the
    verdict's symbol follows the piece where that claim's quote ends."""
    innermost = min(covering, key=lambda h: (h.end - h.start, h.claim))
    verdict = innermost.verdict
    anchors = ""
    for h in sorted(covering, key=lambda h: h.claim):
        if h.claim not in anchored:
            anchored.add(h.claim)
            anchors += f'<span id="claim-{h.claim}" class="anchor"></span>'
    open_tag = (
        f'{anchors}<mark class="claim" data-claim="{innermost.claim}" data-n="{innermost.number}">'
        f'<a class="verdict-{verdict.id}" href="{html.escape(innermost.href)}" title="{html.escape(innermost.title)}">'
        f'<span class="visually-hidden" data-pagefind-ignore>{html.escape(innermost.name)}</span>'
    )
    close_tag = "</a></mark>"
    if innermost.claim in ending:
        close_tag += f'<span class="verdict-mark verdict-{verdict.id}" aria-hidden="true" data-pagefind-ignore>{verdict.symbol}</span>'
    return [_html(open_tag), _text_like(child, piece), _html(close_tag)]
