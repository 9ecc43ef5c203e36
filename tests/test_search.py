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


def test_claim_pages_give_search_every_name_of_their_entities_and_their_verdict(mini: Path):
    """A synonym of an entity is in the indexed text of each claim about it (whether a relation
    names the entity or the claim's words do), so that it finds what the label finds; each claim's
    verdict, with its symbol, is in the page's meta for the result card."""
    entities = mini / "claims/entities/core.yaml"
    entities.write_text(entities.read_text().replace(
        "{id: kinase-x, label: Kinase X, kind: protein,", "{id: kinase-x, label: Kinase X, kind: protein, synonyms: [KX-kinase],"))
    assert build(mini).ok
    records = fragments(mini / "site")
    about = "About: Kinase X (also KX-kinase)."  # Complex Y, with one name, has it on the page already
    assert about in records["/claims/kinase-x-inhibits-complex-y.html"]["content"]  # its relation names both
    assert "KX-kinase" in records["/claims/kinase-x-activates-complex-y.html"]["content"]
    assert "KX-kinase" not in records["/claims/drug-d-lowers-glucose.html"]["content"]
    assert records["/claims/muscle-clears-80-percent.html"]["meta"]["verdict"] == "! Overstated"
    assert records["/claims/drug-d-lowers-glucose.html"]["meta"]["verdict"] == "○ Not appraised"
