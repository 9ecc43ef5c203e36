"""The search index as Pagefind writes it: which pages it holds, what text and which filters."""

from __future__ import annotations

import gzip
import re
import json
from pathlib import Path

from evidmap.build import build


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page (a gzipped 'pagefind_dcd' + JSON fragment), by URL."""
    found = {}
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found[record["url"]] = record
    return found


def test_index_holds_the_marked_pages_with_their_filters_and_clean_text(mini: Path):
    assert build(mini).ok
    site = mini / "site"
    records = fragments(site)
    marked = {"/" + p.relative_to(site).as_posix() for p in site.rglob("*.html")
              if b"data-pagefind-body" in p.read_bytes()}
    assert set(records) == marked and "/index.html" not in records
    claim = records["/claims/drug-d-lowers-glucose.html"]
    assert claim["filters"]["kind"] == ["claim"] and claim["filters"]["entity"]
    # the filter values live in a hidden element Pagefind reads for filters only: they are not run
    # together into the page's text, where they made words such as "claimmechanism" and led every excerpt
    assert claim["content"].startswith("Claim "), claim["content"][:80]
    for record in records.values():  # each page's text starts with its own heading ("Entity · protein. ...")
        kind = record["filters"]["kind"][0]
        assert record["content"].startswith(kind.capitalize()), (record["url"], record["content"][:80])


def test_indexed_text_keeps_the_words_of_a_facts_list_apart(mini: Path):
    """Pagefind joins <dt> and <dd> text with no space of its own: 'IdentifiersUniProt' would be one
    word, and a search for the identifier or a synonym would miss the page."""
    assert build(mini).ok
    site = mini / "site"
    labels_seen = 0
    for url, record in fragments(site).items():
        html = (site / url.lstrip("/")).read_text("utf-8")
        for label in re.findall(r"<dt>([^<]+)</dt>", html):
            labels_seen += 1
            assert f"{label} " in record["content"], (url, label, record["content"][:200])
    assert labels_seen > 20
