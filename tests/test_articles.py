"""articles: text units, quote folding and location, highlighted HTML."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidmap import articles as A
from evidmap.vocabulary import NOT_APPRAISED, VERDICT

BODY = """## Heading

Hello “world” said AMPK   which
inhibits mTORC1.

::: caption
A stylized bone on green.
:::

| Myokine | Target |
|---|---|
| Irisin (FNDC5) | White Adipose Tissue |

Some <script>alert(1)</script> text.
"""


def units():
    return A.text_units(A.parse(BODY))


def index():
    return A.QuoteIndex.of(units())


def test_units_skip_captions_and_join_table_rows():
    texts = [u.text for u in units()]
    assert texts[0] == "Heading"
    assert "A stylized bone on green." not in texts
    assert "Irisin (FNDC5) White Adipose Tissue" in texts
    assert "Myokine Target" in texts


def test_fold_only_whitespace_and_typographic_quotes():
    assert A.fold_quote("  a\u201cb\u201d  \n c\u2019 ") == 'a"b" c\''
    assert A.fold_quote("a\u2013b") == "a\u2013b"  # dashes are not folded


def test_quote_found_across_line_break_and_curly_quotes():
    found = index().find_all('world" said AMPK which inhibits mTORC1.')
    assert len(found) == 1
    unit = units()[found[0].unit]
    assert unit.text[found[0].start : found[0].end] == "world” said AMPK   which\ninhibits mTORC1."


def test_quote_in_caption_is_not_found():
    assert index().find_all("A stylized bone") == []


def test_nearest_passage_shows_where_the_quote_departs():
    prefix, passage = index().nearest_passage("said AMPK which inhibits mTORC2 in muscle")
    assert prefix == "said AMPK which inhibits mTORC"
    assert passage.startswith("said AMPK which inhibits mTORC1.")


def test_render_marks_each_claim_once_with_anchor_and_link():
    row = index().find_all("Irisin (FNDC5) White Adipose")[0]
    quote = index().find_all("said AMPK")[0]
    supported, unappraised = VERDICT["supported"], NOT_APPRAISED
    html = A.render_html(BODY, [
        A.Highlight("c1", quote.unit, quote.start, quote.end, "../claims/c1.html", "Claim 1", 1, supported),
        A.Highlight("c2", row.unit, row.start, row.end, "../claims/c2.html", 'Says "<b>"', 2),
    ])
    assert html.count('id="claim-c1"') == 1 and html.count('id="claim-c2"') == 1
    assert (
        f'<a class="verdict-supported" href="../claims/c1.html" title="Claim 1">'
        '<span class="visually-hidden" data-pagefind-ignore>Claim 1, Supported: </span>said AMPK</a></mark>'
        f'<span class="verdict-mark verdict-supported" aria-hidden="true" data-pagefind-ignore>{supported.symbol}</span>'
    ) in html
    # the row claim is marked in both cells, the anchor only once, its verdict's symbol after the last
    assert html.count('data-claim="c2"') == 2 and html.count('<a class="verdict-not-appraised" href="../') == 2
    assert html.count(f">Claim 2, {unappraised.label}: </span>") == 2
    assert html.count(f'"verdict-mark verdict-not-appraised" aria-hidden="true" data-pagefind-ignore>{unappraised.symbol}<') == 1
    assert html.index("White Adipose</a>") < html.index("verdict-mark verdict-not-appraised")
    assert 'title="Says &quot;&lt;b&gt;&quot;"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'aria-label="Image caption from the scraped page (not article text) (1)"' in html


def test_each_unit_with_claims_starts_with_its_verdict_rail():
    """The rail: the verdict symbols of the claims quoted in a paragraph, heading, item or table row,
    each once, in the order their quotes start, each a link to the claim's place in the text; out of
    the tab order and hidden from assistive technology (it repeats the highlights)."""
    hello = index().find_all("Hello “world” said")[0]
    inhibits = index().find_all("which inhibits mTORC1")[0]
    row = index().find_all("Irisin (FNDC5) White Adipose")[0]
    supported, overstated = VERDICT["supported"], VERDICT["overstated"]
    html = A.render_html(BODY, [
        A.Highlight("late", inhibits.unit, inhibits.start, inhibits.end, "l.html", "Late", 2, overstated),
        A.Highlight("early", hello.unit, hello.start, hello.end, "e.html", "Early", 1, supported),
        A.Highlight("row", row.unit, row.start, row.end, "r.html", "Row", 3),
    ])
    rail = '<span class="verdict-rail" aria-hidden="true" data-pagefind-ignore>'
    assert html.count(rail) == 2
    assert (
        f'<p>{rail}<a class="verdict-supported" href="#claim-early" tabindex="-1">{supported.symbol}</a>'
        f'<a class="verdict-overstated" href="#claim-late" tabindex="-1">{overstated.symbol}</a></span>'
    ) in html
    # a table row's rail is in its first cell, once, though the claim is marked in both cells
    assert f'<td>{rail}<a class="verdict-not-appraised" href="#claim-row" tabindex="-1">{NOT_APPRAISED.symbol}</a></span>' in html
    assert "<h2>Heading</h2>" in html  # no claim there, no rail


def test_overlapping_claims_link_the_innermost():
    outer = index().find_all("Hello “world” said AMPK which")[0]
    inner = index().find_all("said AMPK")[0]
    html = A.render_html(BODY, [
        A.Highlight("outer", outer.unit, outer.start, outer.end, "o.html", "Outer", 1),
        A.Highlight("inner", inner.unit, inner.start, inner.end, "i.html", "Inner", 2),
    ])
    assert 'href="i.html" title="Inner">' in html
    assert ">Claim 2, Not appraised: </span>said AMPK</a>" in html
    # one symbol each, where each quote ends: the inner one's after 'AMPK', the outer one's after 'which'
    assert html.count('class="verdict-mark') == 2
    assert 'id="claim-outer"' in html and 'id="claim-inner"' in html


def test_gap_marker_is_inserted_after_its_position():
    html = A.render_html(BODY, [], [("Hello", "a <word>")])
    assert 'Hello<ins class="gap" title="Words are missing here in the scraped text">[missing: a &lt;word&gt;]</ins>' in html


def _fold_by_character(text):
    """The rule spelled out one character at a time: what `fold` must agree with."""
    out, index = [], []
    for i, ch in enumerate(text.translate(A._TYPOGRAPHIC)):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        index.append(i)
    return "".join(out), index


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2009\u3000\x1c\u201c\u2019."), max_size=60))
def test_fold_maps_every_character_back_to_where_it_came_from(original):
    folded = A.fold(original)
    expected_text, expected_index = _fold_by_character(original)
    assert folded.text == expected_text
    assert [folded.origin(i) for i in range(len(folded.text))] == expected_index


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2009\u3000\x1c\x85\u2028\u201c\u2019."), max_size=60))
def test_fold_quote_is_the_fold_without_its_end_spaces(quote):
    assert A.fold_quote(quote) == A.fold(quote).text.strip()


# The quote index against the rule spelled out: a quote is found where its fold occurs in a unit's
# fold (every occurrence, overlapping ones too, unit by unit), and the nearest passage is the
# longest start of the quote found anywhere, shown from its first occurrence.
def _find_by_scanning(units, quote):
    needle, found = A.fold_quote(quote), []
    for n, unit in enumerate(units):
        folded = unit.folded
        start = folded.text.find(needle) if needle else -1
        while start != -1:
            found.append(A.Located(n, folded.origin(start), folded.origin(start + len(needle) - 1) + 1))
            start = folded.text.find(needle, start + 1)
    return found


def _nearest_by_scanning(units, quote):
    needle, texts = A.fold_quote(quote), [u.folded.text for u in units]
    for length in range(len(needle), 11, -1):
        prefix = needle[:length]
        for text in texts:
            if prefix in text:
                at = text.index(prefix)
                return prefix, text[at : at + len(needle) + 20]
    return "", ""


# few letters, so that words, quotes and near misses repeat: the index's anchors then have many
# candidates, and some quotes are found in the suffix array instead
_WORDS = st.text(st.sampled_from("ab"), min_size=1, max_size=3)
_PARAGRAPHS = st.lists(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=30)


def _article_and_quote(paragraphs, data):
    units = A.text_units(A.parse("\n\n".join(paragraphs)))
    text = " ".join(paragraphs)
    start = data.draw(st.integers(0, len(text)))
    quote = data.draw(st.one_of(
        st.just(text[start : start + data.draw(st.integers(1, 40))]),  # often found, sometimes across two paragraphs
        st.lists(_WORDS, min_size=1, max_size=14).map(" ".join),
        _WORDS,  # one word: found inside many words
        st.text(st.sampled_from("ab"), min_size=1, max_size=8),  # one word, often found nowhere
        st.lists(st.sampled_from(["a", "b", "ab"]), min_size=2, max_size=4).map(" ".join),  # common words only
    ))
    return units, quote


@given(paragraphs=_PARAGRAPHS, data=st.data())
def test_the_quote_index_finds_what_scanning_every_unit_finds(paragraphs, data):
    units, quote = _article_and_quote(paragraphs, data)
    assert A.QuoteIndex.of(units).find_all(quote) == _find_by_scanning(units, quote)


@given(paragraphs=_PARAGRAPHS, data=st.data())
def test_the_nearest_passage_is_the_longest_start_found_when_the_budget_allows(paragraphs, data):
    units, quote = _article_and_quote(paragraphs, data)
    index = A.QuoteIndex.of(units)
    budget = A._NEAREST_BUDGET
    try:
        A._NEAREST_BUDGET = len(index.text) + 1  # every candidate may be compared: the search is exact
        assert index.nearest_passage(quote) == _nearest_by_scanning(units, quote)
    finally:
        A._NEAREST_BUDGET = budget


@given(paragraphs=_PARAGRAPHS, data=st.data())
def test_the_nearest_passage_within_its_budget_is_a_true_start_where_it_occurs_first(paragraphs, data):
    """With the real budget (this text repeats its few words a lot) the start shown may be shorter
    than the longest, never wrong: it begins the quote, and the passage is where the text has it."""
    units, quote = _article_and_quote(paragraphs, data)
    index = A.QuoteIndex.of(units)
    prefix, passage = index.nearest_passage(quote)
    longest, _ = _nearest_by_scanning(units, quote)
    assert len(prefix) <= len(longest)
    if prefix:
        assert A.fold_quote(quote).startswith(prefix) and passage.startswith(prefix)
        assert passage in index.text and "\n" not in passage


def test_the_quote_index_narrows_a_lookup_to_the_candidates_of_one_anchor():
    """A quote is compared with the text only where one of its word starts' text begins; a one-word
    quote has no anchor and is one range of the suffix array, which is built for it, and only then."""
    index = A.QuoteIndex.of(A.text_units(A.parse("\n\n".join(f"alpha beta{n} gamma" for n in range(2000)))))
    anchor, starts = index._candidates("alpha beta7 gamma", limit=10)
    assert index.text[anchor - 1] == "alpha beta7 gamma"[anchor - 1] == " "
    assert len(starts) == 1  # the first anchor's text, "beta7 gamma", starts one word only
    assert index._candidates("alpha", limit=10**6) is None
    assert index._candidates("alpha beta7", limit=10) is None  # beta7, beta70-79, beta700-799
    assert len(index.find_all("alpha beta7 gamma")) == 1
    assert index._suffixes is None  # every quote so far had a good anchor
    assert len(index.find_all("beta7")) == 111 and index._suffixes is not None
    low, high = index._suffix_range("beta7")
    assert high - low == 111 and all(index.text.startswith("beta7", p) for p in index.suffixes[low:high])
    suffixes = index.suffixes
    assert len(index.find_all("alpha")) == 2000 and index.suffixes is suffixes  # built once


def _sorted_by_scanning(text):
    return [p for p in sorted(range(len(text)), key=lambda p: text[p:]) if text[p] not in " \n"]


@given(st.lists(st.text(st.sampled_from("ab "), max_size=200), min_size=1, max_size=4))
def test_the_suffix_array_sorts_texts_that_repeat_beyond_its_first_key(paragraphs):
    """Texts this repetitive share far more than the index's first _KEY characters at many
    positions (and, with a short key, all of them do): prefix doubling must still sort them."""
    key = A._KEY
    try:
        for A._KEY in (key, 1, 3):
            index = A.QuoteIndex.of(A.text_units(A.parse("\n\n".join(paragraphs))))
            assert list(index.suffixes) == _sorted_by_scanning(index.text)
    finally:
        A._KEY = key


REFUSED_LINKS = [
    "data:image/png;base64,iVBORw0KGgo=", "DATA:image/png;base64,iVBORw0KGgo=", "search-ms:query=x&crumb=location:\\\\evil\\s",
    "intent://evil#Intent;scheme=http;end", "chrome://settings", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)", "java&#x09;script:alert(1)", "data&colon;text/html,x", "<\tjavascript:alert(1)>",
    "<java\nscript:alert(1)>", "vbscript:x", "file:///etc/passwd", "ms-settings:", "ftp://example.org/x",
]
ALLOWED_LINKS = {
    "https://example.org/a?b=1#c": "https://example.org/a?b=1#c", "HTTP://example.org/": "HTTP://example.org/",
    "mailto:someone@example.org": "mailto:someone@example.org", "#section-2": "#section-2",
    "../claims/c1.html": "../claims/c1.html", "page.html?x=a:b": "page.html?x=a:b", "/a:b": "/a:b",
}


@pytest.mark.parametrize("url", REFUSED_LINKS)
def test_a_seed_link_or_image_with_another_scheme_stays_text(url):
    for markdown in (f"See [the page]({url}) now.", f"See ![a picture]({url}) now."):
        html = A.render_html(markdown, [])
        assert "href=" not in html and "src=" not in html, html
        assert "<a" not in html and "<img" not in html, html
    autolink = A.render_html(f"See <{url.strip('<>')}> now.", [])
    assert "href=" not in autolink


@pytest.mark.parametrize("url,href", ALLOWED_LINKS.items())
def test_a_seed_link_to_the_web_a_mail_address_or_the_site_becomes_a_link(url, href):
    assert f'<a href="{href}">the page</a>' in A.render_html(f"See [the page]({url}) now.", [])
    assert f'<img src="{href}" alt="a picture"' in A.render_html(f"See ![a picture]({url}) now.", [])
