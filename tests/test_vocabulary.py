"""The fixed words of the map: every verdict a reader meets is defined once, completely."""

from __future__ import annotations

import json

from conftest import ROOT
from evidmap.vocabulary import (
    BEST_RATING, NOT_APPRAISED, READER_VERDICTS, VERDICT, VERDICT_RATING, VERDICTS, WORST_RATING, verdict_of,
)


def _verdict_enum() -> list[str]:
    schema = json.loads((ROOT / "src/evidmap/schemas/claims.schema.json").read_text())
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "appraisal" in node.get("properties", {}):
                found.append(node["properties"]["appraisal"]["properties"]["verdict"]["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(found) == 1
    return found[0]


def test_the_schema_allows_exactly_the_vocabulary_verdicts_in_their_order():
    assert _verdict_enum() == [v.id for v in VERDICTS]
    assert NOT_APPRAISED.id not in _verdict_enum()  # a state readers see, never a value curators write


def test_every_verdict_has_a_label_a_plain_meaning_and_a_symbol_of_its_own():
    for v in READER_VERDICTS:
        assert v.label and v.label[0].isupper(), v
        assert v.meaning[0].isupper() and v.meaning.endswith(".") and len(v.meaning) <= 160, v
        assert v.symbol and len(v.symbol) <= 2 and not v.symbol.isalnum(), v
    for field in ("id", "label", "meaning", "symbol"):
        values = [getattr(v, field) for v in READER_VERDICTS]
        assert len(set(values)) == len(values), field


def test_only_a_work_that_does_not_say_it_or_a_source_that_says_otherwise_takes_support_away():
    assert {v.id for v in READER_VERDICTS if v.takes_support_away} == {"unsupported", "contradicted"}
    assert not VERDICT["miscited"].takes_support_away  # a citation's wrong details are no evidence against it


def test_a_claim_without_an_appraisal_shows_as_not_appraised():
    assert verdict_of(None) is NOT_APPRAISED and READER_VERDICTS[-1] is NOT_APPRAISED
    assert verdict_of("overstated") is VERDICT["overstated"]


def test_the_content_guide_documents_every_verdict_as_the_vocabulary_defines_it():
    guide = (ROOT / "docs/content-guide.md").read_text()
    for v in READER_VERDICTS:
        row = next((line for line in guide.splitlines() if f"| {v.symbol} {v.label} | {v.meaning} |" in line), None)
        assert row, v.id
        assert row.endswith("| yes |" if v.takes_support_away else "| no |"), v.id
        assert v is NOT_APPRAISED or row.startswith(f"| `{v.id}` |"), v.id


def test_the_rating_scale_orders_the_verdicts_as_readers_see_them_and_leaves_out_only_unverifiable():
    assert set(VERDICT_RATING) == set(VERDICT) - {"unverifiable"}
    rated = [VERDICT_RATING[v.id] for v in VERDICTS if v.id in VERDICT_RATING]
    assert rated == sorted(rated, reverse=True) and len(set(rated)) == len(rated)  # one number per verdict
    assert (max(rated), min(rated)) == (BEST_RATING, WORST_RATING)
    # a verdict that takes support away rates below every one that does not
    assert max(VERDICT_RATING[v.id] for v in VERDICTS if v.takes_support_away) < min(
        VERDICT_RATING[v.id] for v in VERDICTS if v.id in VERDICT_RATING and not v.takes_support_away)


def test_the_content_guide_documents_the_rating_scale():
    guide = (ROOT / "docs/content-guide.md").read_text()
    for v in VERDICTS:
        number = VERDICT_RATING.get(v.id)
        row = next((line for line in guide.splitlines() if line.startswith(f"| `{v.id}` | ") and line.count("|") == 3), None)
        assert row, v.id
        assert row.startswith(f"| `{v.id}` | {number} |") if number else "| none" in row, row
    assert f"`worstRating` {WORST_RATING} to\n`bestRating` {BEST_RATING}" in guide
