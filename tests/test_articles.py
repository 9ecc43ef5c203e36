"""articles: text units, quote folding and location, highlighted HTML."""

from hypothesis import given
from hypothesis import strategies as st

from evidmap import articles as A

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
    found = A.find_all(units(), 'world" said AMPK which inhibits mTORC1.')
    assert len(found) == 1
    unit = units()[found[0].unit]
    assert unit.text[found[0].start : found[0].end] == "world” said AMPK   which\ninhibits mTORC1."


def test_quote_in_caption_is_not_found():
    assert A.find_all(units(), "A stylized bone") == []


def test_nearest_passage_shows_where_the_quote_departs():
    prefix, passage = A.nearest_passage(units(), "said AMPK which inhibits mTORC2 in muscle")
    assert prefix == "said AMPK which inhibits mTORC"
    assert passage.startswith("said AMPK which inhibits mTORC1.")


def test_render_marks_each_claim_once_with_anchor_and_link():
    u = units()
    row = A.find_all(u, "Irisin (FNDC5) White Adipose")[0]
    quote = A.find_all(u, "said AMPK")[0]
    html = A.render_html(BODY, [
        A.Highlight("c1", quote.unit, quote.start, quote.end, "../claims/c1.html", "Claim 1", 1),
        A.Highlight("c2", row.unit, row.start, row.end, "../claims/c2.html", 'Says "<b>"', 2),
    ])
    assert html.count('id="claim-c1"') == 1 and html.count('id="claim-c2"') == 1
    assert '<a href="../claims/c1.html" title="Claim 1">said AMPK</a>' in html
    # the row claim is marked in both cells, the anchor only once
    assert html.count('data-claim="c2"') == 2
    assert 'title="Says &quot;&lt;b&gt;&quot;"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'aria-label="Image caption from the scraped page (not article text) (1)"' in html


def test_overlapping_claims_link_the_innermost():
    u = units()
    outer = A.find_all(u, "Hello “world” said AMPK which")[0]
    inner = A.find_all(u, "said AMPK")[0]
    html = A.render_html(BODY, [
        A.Highlight("outer", outer.unit, outer.start, outer.end, "o.html", "Outer", 1),
        A.Highlight("inner", inner.unit, inner.start, inner.end, "i.html", "Inner", 2),
    ])
    assert '<a href="i.html" title="Inner (and 1 overlapping)">said AMPK</a>' in html
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
