"""Page view-models that must stay bounded as the map grows: a claim page's lists of what the other
articles say."""

from __future__ import annotations

import importlib.util
import sys
from itertools import zip_longest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, make_article, make_claim, make_entity, make_project, make_reference, make_relation
from evidmap import views
from evidmap.analyse import analyse
from evidmap.compare import stance
from evidmap.views import RELATED_LIMIT, RelatedClaims, SiteIndex, build_index
from evidmap.build import check
from evidmap.load import load_project
from evidmap.records import Project
from evidmap.paths import Linker
from evidmap.validate import validate
from evidmap.vocabulary import STANCES


def _synth():
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def _site(project: Project) -> SiteIndex:
    return build_index(project, analyse(project), {}, Linker(""))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> SiteIndex:
    """A 1,000-claim synthetic map, where popular entities are named by a hundred claims or more."""
    root = tmp_path_factory.mktemp("crowded")
    _synth().generate(1000, root)
    raw, diagnostics = load_project(root)
    project, more = validate(raw)
    assert not [d for d in diagnostics + more if d.severity == "error"]
    return _site(project)


def _pair_relations(project: Project) -> dict:
    """{a, b} -> every (claim, relation) on that pair of entities, either way round: a plain scan."""
    found: dict = {}
    for claim in project.claims:
        for relation in claim.relations:
            found.setdefault(frozenset((relation.subject, relation.object)), []).append((claim, relation))
    return found


def _relation_claims(project: Project) -> dict:
    """entity -> the claims whose relations name it, in map order: a plain scan."""
    found: dict = {}
    for claim in sorted(project.claims, key=lambda c: (c.article, c.number)):
        for entity_id in {e for r in claim.relations for e in (r.subject, r.object)}:
            found.setdefault(entity_id, []).append(claim)
    return found


def test_claim_pages_list_at_most_the_limit_and_count_the_rest(crowded):
    cut_groups = cut_pairs = 0
    related = RelatedClaims(crowded)
    pair_relations, relation_claims = _pair_relations(crowded.project), _relation_claims(crowded.project)
    for claim in crowded.project.claims:
        others = related.of(claim)
        pair_candidates = {
            (other.id, crowded.relation_text(theirs))
            for r in claim.relations
            for other, theirs in pair_relations.get(frozenset((r.subject, r.object)), [])
            if other.article != claim.article
        }
        assert len(others.pairs) == min(len(pair_candidates), RELATED_LIMIT)
        assert len(others.pairs) + others.pairs_more == len(pair_candidates)
        cut_pairs += others.pairs_more > 0
        pair_ids = {other_id for other_id, _ in pair_candidates}
        for group in others.by_entity:
            entity_id = group.entity.path.removeprefix("entities/").removesuffix(".html")
            candidates = [c for c in relation_claims[entity_id] if c.article != claim.article and c.id not in pair_ids]
            shown = [o.row.claim for o in group.claims]
            assert len(shown) == min(len(candidates), RELATED_LIMIT)
            assert len(shown) + group.more == len(candidates)
            assert set(shown) <= set(candidates)
            # as many articles as possible before a second claim of any one article
            assert len({c.article for c in shown}) == min(len(shown), len({c.article for c in candidates}))
            cut_groups += group.more > 0
    # the synthetic map is crowded enough that the limit is exercised on both kinds of list
    assert cut_groups > 100 and cut_pairs > 10


def test_claims_in_tension_are_shown_before_agreeing_ones(crowded):
    related = RelatedClaims(crowded)
    pair_relations = _pair_relations(crowded.project)
    hierarchy = crowded.analysis.hierarchy
    for claim in crowded.project.claims:
        others = related.of(claim)
        if others.pairs_more:
            stances = [p.stance for p in others.pairs]
            all_in_tension = sum(
                stance(r, theirs, hierarchy).tension
                for r in claim.relations
                for other, theirs in pair_relations.get(frozenset((r.subject, r.object)), [])
                if other.article != claim.article
            )
            assert sum(s.tension for s in stances) == min(all_in_tension, RELATED_LIMIT)


def test_the_more_line_links_to_the_entity_page_that_lists_them_all(tmp_path: Path):
    root = tmp_path / "project"
    _synth().generate(300, root)
    from evidmap.build import build

    assert build(root, out=tmp_path / "site").ok
    site = tmp_path / "site"
    pages = [p for p in (site / "claims").glob("*.html") if 'class="more"' in p.read_text("utf-8")]
    assert pages, "a 300-claim map has claim pages with more related claims than the limit"
    text = pages[0].read_text("utf-8")
    more = text[text.index('<p class="more">'):]
    href = more[more.index('href="') + 6:more.index('">', more.index('href="'))]
    assert href.startswith("../entities/") and (site / "claims" / href).resolve().is_file()


def test_a_large_map_draws_its_best_supported_arrows_and_collapses_the_rest(crowded):
    from evidmap.analyse import MAIN_MAP_LIMIT

    edges = crowded.analysis.edges
    assert len(edges) > MAIN_MAP_LIMIT  # the 1,000-claim synthetic map has more arrows than one diagram holds
    drawn = crowded.analysis.main_map
    assert len(drawn) == MAIN_MAP_LIMIT
    assert list(drawn) == [e for e in edges if e in set(drawn)]  # map order kept

    def support(edge):
        return (edge.cited, len(edge.articles), len(edge.claims))

    weakest_drawn = min(support(e) for e in drawn)
    assert all(support(e) <= weakest_drawn for e in edges if e not in set(drawn))
    from evidmap.pathway import requests

    dot, title, _ = requests(crowded.project, crowded.analysis, crowded.linker.href)["pathway"]
    assert title == f"Pathway diagram of the {MAIN_MAP_LIMIT} best-supported of {len(edges)} mechanisms the articles state"
    assert dot.count(" -> ") == MAIN_MAP_LIMIT


def test_a_map_within_the_limit_is_drawn_whole():
    project = check(ROOT).project
    analysis = analyse(project)
    assert len(analysis.edges) < 250 and analysis.main_map == analysis.edges


STANCE_ORDER = {s.id: n for n, s in enumerate(STANCES)}  # tensions first, then agree, then related


def _related_by_scanning(site: SiteIndex, claim, limit: int = RELATED_LIMIT) -> dict:
    """The lists a claim page shows, chosen the plain way: gather every candidate, sort, take turns.
    `RelatedClaims.of` must choose the same without going through every candidate."""
    strength = site.analysis.strength
    article_order = {a.id: i for i, a in enumerate(site.project.articles)}
    pair_relations, relation_claims = _pair_relations(site.project), _relation_claims(site.project)

    def pick(candidates, claim_of, tier=lambda item: 0):
        if len(candidates) <= limit:
            return list(candidates)
        tiers: dict = {}
        for item in sorted(candidates, key=lambda item: strength[claim_of(item).id]):
            tiers.setdefault(tier(item), {}).setdefault(claim_of(item).article, []).append(item)
        picked: list = []
        for level in sorted(tiers):
            lists = [tiers[level][a] for a in sorted(tiers[level], key=article_order.__getitem__)]
            picked += [item for turn in zip_longest(*lists) for item in turn if item is not None]
            if len(picked) >= limit:
                break
        return picked[:limit]

    pairs: dict = {}
    for relation in claim.relations:
        for other, theirs in pair_relations.get(frozenset((relation.subject, relation.object)), []):
            if other.article != claim.article:
                about = site.relation_text(theirs)
                found = stance(relation, theirs, site.analysis.hierarchy)
                pairs.setdefault((other.id, about), {"claim": other, "stance": found, "about": about})
    pair_ids = {other_id for other_id, _ in pairs}
    shown = pick(list(pairs.values()), lambda p: p["claim"], lambda p: STANCE_ORDER[p["stance"].id])
    shown.sort(key=lambda p: (p["claim"].id, p["about"]))
    by_entity = []
    for entity_id in dict.fromkeys(e for r in claim.relations for e in (r.subject, r.object)):
        others = [o for o in relation_claims.get(entity_id, []) if o.article != claim.article and o.id not in pair_ids]
        if others:
            picked = pick(others, lambda c: c)
            by_entity.append((entity_id, len(others) - len(picked), [c.id for c in picked]))
    return {"pairs": [(p["claim"].id, p["stance"], p["about"]) for p in shown], "pairs_more": len(pairs) - len(shown),
            "by_entity": by_entity}


def _chosen(others: views.related.OtherArticles) -> dict:
    return {
        "pairs": [(p.row.claim.id, p.stance, p.about) for p in others.pairs],
        "pairs_more": others.pairs_more,
        "by_entity": [(g.entity.path.removeprefix("entities/").removesuffix(".html"), g.more,
                       [o.row.claim.id for o in g.claims]) for g in others.by_entity],
    }


def test_claim_lists_are_the_ones_scanning_every_candidate_would_choose(crowded):
    related = RelatedClaims(crowded)
    for claim in crowded.project.claims:
        assert _chosen(related.of(claim)) == _related_by_scanning(crowded, claim), claim.id


_EFFECTS = ("positive", "negative", "unknown", "part")


@st.composite
def _small_maps(draw):
    """Small maps with what makes the choice hard: entities sharing a label, several relations on one
    pair (either way round, any effect), relations of an entity with itself, articles with no
    claims, tied strengths (claims citing works of the same or no design), and a map order of
    articles that is not their id order."""
    n_entities = draw(st.integers(2, 5))
    entities = [make_entity(f"e{i}", label=draw(st.sampled_from("XYZ"))) for i in range(n_entities)]
    article_ids = [f"a{i}" for i in range(draw(st.integers(1, 5)))]
    order = draw(st.permutations(article_ids))
    articles = [make_article(a) for a in order]
    # three strengths: a trial, a cohort study, no source
    references = [make_reference(f"r-{design}", design=design) for design in ("cohort", "rct")]
    relation = st.builds(lambda s, o, e: make_relation(f"e{s}", f"e{o}", e),
                         st.integers(0, n_entities - 1), st.integers(0, n_entities - 1), st.sampled_from(_EFFECTS))
    cites = st.sampled_from([(), ("r-cohort",), ("r-rct",)])
    claims = []
    for article in article_ids:
        for number, relations in enumerate(draw(st.lists(st.lists(relation, max_size=3), max_size=8)), start=1):
            claims.append(make_claim(f"{article}-c{number}", article, number=number, cites=draw(cites),
                                     relations=tuple(relations)))
    return _site(make_project(articles, sorted(claims, key=lambda c: c.id), references, entities))


@settings(max_examples=300, deadline=None)
@given(_small_maps(), st.sampled_from([1, 2, 3, 10]))
def test_claim_lists_match_the_plain_scan_on_awkward_small_maps(site, limit):
    related = RelatedClaims(site, limit)  # small limits make every list overflow
    for claim in site.project.claims:
        assert _chosen(related.of(claim)) == _related_by_scanning(site, claim, limit), claim.id


def test_a_row_many_pages_share_cannot_be_changed_once_made(crowded):
    """Page keys digest a row once a build; a change after that would leave pages stale in serve."""
    import dataclasses

    row = next(iter(crowded.claim_rows.values()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.path = "elsewhere.html"  # type: ignore[misc]
    for row_type in views.SHARED_ROWS:
        assert row_type.__dataclass_params__.frozen


def test_view_models_are_frozen_and_typed_without_dicts():
    """Every page's view-model and every row or group it holds: a frozen dataclass whose fields are
    typed, none a dict, a mapping or Any (templates read attributes named for what they show)."""
    import dataclasses
    import inspect
    import re

    from evidmap.views import articles, claims, entities, model, overview, pathway, references, related

    checked = []
    for module in (model, articles, claims, references, entities, pathway, overview, related):
        for name, cls in inspect.getmembers(module, dataclasses.is_dataclass):
            if cls.__module__ != module.__name__ or name.startswith("_"):
                continue
            assert cls.__dataclass_params__.frozen, name
            for field in dataclasses.fields(cls):
                annotation = str(field.type)
                assert not re.search(r"\b(dict|Dict|Mapping|Any)\b", annotation), (name, field.name, annotation)
            checked.append(name)
    assert {"ClaimPage", "ClaimRow", "EdgeRow", "OtherArticles", "MatrixPage", "AgreementPage"} <= set(checked)


def test_xref_links_percent_encode_the_identifier():
    """The schema admits only identifiers; the link is made safe on its own too, so that no value
    can add a path, query or fragment, or break out of the attribute, on a database's site."""
    from evidmap.views.entities import entity_page

    hostile = "1 \"'<x>\x07/../?a=1&b=2#top"
    entity = make_entity("e", xrefs=tuple((db, hostile) for db in ("ChEBI", "GO", "HGNC", "MeSH", "UniProt")))
    page = entity_page(_site(make_project(entities=(entity,))), entity)
    encoded = "1%20%22%27%3Cx%3E%07%2F..%2F%3Fa%3D1%26b%3D2%23top"
    assert [url for _, _, url in page.model.xrefs] == [
        f"https://www.ebi.ac.uk/chebi/searchId.do?chebiId={encoded}",
        f"https://amigo.geneontology.org/amigo/term/{encoded}",
        f"https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{encoded}",
        f"https://meshb.nlm.nih.gov/record/ui?ui={encoded}",
        f"https://www.uniprot.org/uniprotkb/{encoded}/entry",
    ]
    real = make_entity("e", xrefs=(("ChEBI", "CHEBI:6801"), ("GO", "GO:0006006"), ("HGNC", "HGNC:6091")))
    assert [url for _, _, url in entity_page(_site(make_project(entities=(real,))), real).model.xrefs] == [
        "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:6801",
        "https://amigo.geneontology.org/amigo/term/GO:0006006",
        "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:6091",
    ]


def test_an_arrow_row_counts_its_claims_verdicts_in_the_order_readers_meet_them():
    """The pathway table's Verdicts column: each verdict once, with how many of the arrow's claims
    have it, not-appraised claims counted too, in the vocabulary's order (not the claims')."""
    from conftest import make_appraisal
    from evidmap.vocabulary import READER_VERDICTS

    entities = [make_entity("x"), make_entity("y")]
    verdicts = ["contradicted", None, "supported", "contradicted", "overstated"]
    claims = [
        make_claim(f"c{i}", number=i + 1, relations=(make_relation("x", "y", "positive"),),
                   appraisal=make_appraisal(v) if v else None)
        for i, v in enumerate(verdicts)
    ]
    site = _site(make_project([make_article()], claims, entities=entities))
    [row] = site.edge_rows.values()
    assert [(v.id, n) for v, n in row.verdicts] == [("supported", 1), ("overstated", 1), ("contradicted", 2),
                                                     ("not-appraised", 1)]
    order = [v.id for v in READER_VERDICTS]
    assert [order.index(v.id) for v, _ in row.verdicts] == sorted(order.index(v.id) for v, _ in row.verdicts)


# ---------------------------------------------------------------------------------------------------
# Verdicts where readers arrive: a reference's claims added up, tables of claims that can be narrowed.

def _appraised(id: str, article: str, verdict: str | None, **fields):
    from conftest import make_appraisal

    return make_claim(id, article, appraisal=make_appraisal(verdict) if verdict else None, **fields)


def test_a_reference_page_adds_up_the_verdicts_of_the_claims_citing_it():
    from evidmap.records import BibEntry
    from evidmap.views.references import reference_page
    from evidmap.vocabulary import NOT_APPRAISED, VERDICT

    bib = (BibEntry("r", "R.", 1),)
    articles = (make_article("a", bibliography=bib), make_article("b", bibliography=bib), make_article("c"))
    claims = (
        _appraised("c1", "a", "overstated", cites=("r",), citation="numbered"),
        _appraised("c2", "b", "overstated", number=1, cites=("r",), citation="numbered"),
        _appraised("c3", "b", None, number=2, cites=("r",), citation="numbered"),
        _appraised("c4", "b", "supported", number=3),  # cites nothing: not counted
        _appraised("c5", "c", "contradicted"),
    )
    site = _site(make_project(articles, claims, (make_reference("r"),)))
    page = reference_page(site, site.references["r"]).model
    # "0 supported" is said outright, then each verdict its claims have, in the vocabulary's order
    assert page.claims == 3
    assert list(page.verdicts) == [
        (VERDICT["supported"], 0), (VERDICT["overstated"], 2), (NOT_APPRAISED, 1)]
    supported_too = _site(make_project(articles, claims[:1] + (_appraised("c2", "b", "supported", cites=("r",), citation="numbered"),),
                                       (make_reference("r"),)))
    assert [(v.id, n) for v, n in reference_page(supported_too, supported_too.references["r"]).model.verdicts] == [
        ("supported", 1), ("overstated", 1)]


def test_a_table_of_claims_offers_the_verdicts_and_articles_its_rows_have():
    from evidmap.views.claims import claims_index
    from evidmap.views.entities import entity_page

    entity = make_entity("e")
    claims = (
        _appraised("c1", "a", "overstated", relations=(make_relation("e", "e"),)),
        _appraised("c2", "a", "overstated", number=2, relations=(make_relation("e", "e"),)),
        _appraised("c3", "b", None),
        _appraised("c4", "b", "contradicted", number=2),
    )
    site = _site(make_project((make_article("a"), make_article("b")), claims, entities=(entity,)))
    filters = claims_index(site).model.filters
    assert [(v.id, n) for v, n in filters.verdicts] == [("overstated", 2), ("contradicted", 1), ("not-appraised", 1)]
    assert [(c.id, c.article.title, c.count) for c in filters.articles] == [("a", "a", 2), ("b", "b", 2)]
    # the entity's two claims share one verdict and one article: nothing to narrow
    assert not entity_page(site, entity).model.filters


def test_a_claim_page_gives_search_every_name_of_the_entities_it_speaks_of():
    """Of the entities known by more than one name: those its relations name, and those whose
    label, name or a synonym its text uses, whatever the case and punctuation ('amp kinase' names
    AMPK; 'ampkinases' does not)."""
    from evidmap.records import Setting
    from evidmap.views.claims import claim_page
    from evidmap.views.comparisons import ComparisonViews

    ampk = make_entity("ampk", label="AMPK", name="AMP-activated protein kinase", synonyms=("AMP-kinase",))
    il6 = make_entity("il-6", label="IL-6", name="Interleukin-6", synonyms=("interleukin 6",))
    mtor = make_entity("mtor", label="mTOR")
    fat = make_entity("fat", label="Adipose tissue", synonyms=("fat tissue",))
    in_fat = make_relation("mtor", "mtor", setting=Setting(tissue="fat"))  # shown on the page as "where: Adipose tissue"
    claims = (
        make_claim("c1", quote="Muscles release IL-6.", statement="The AMP kinase route.", relations=(in_fat,)),
        make_claim("c2", number=2, statement="Ampkinases and interleukins do other things."),
    )
    site = _site(make_project((make_article("a"),), claims, entities=(ampk, il6, mtor, fat)))
    related, compared = RelatedClaims(site), ComparisonViews(site)
    names = claim_page(site, related, compared, claims[0]).model.names
    # mTOR, known by its label only, has it on the page already
    assert names == (("AMPK", "AMP-activated protein kinase", "AMP-kinase"), ("Adipose tissue", "fat tissue"),
                     ("IL-6", "Interleukin-6", "interleukin 6"))
    assert claim_page(site, related, compared, claims[1]).model.names == ()


def test_a_figure_is_shown_with_its_measures_label():
    from evidmap.records import Measure, Source
    from evidmap.views.claims import claim_page
    from evidmap.views.comparisons import ComparisonViews
    from conftest import make_quantity

    claims = (make_claim("c1", quantity=make_quantity("80%")), make_claim("c2", "b", quantity=make_quantity("70%")))
    project = make_project((make_article("a"), make_article("b")), claims, measures=(Measure("m", "Muscle's share", Source("x", 1)),))
    site = _site(project)
    compared = ComparisonViews(site)
    assert claim_page(site, RelatedClaims(site), compared, claims[0]).model.measure == "Muscle's share"
    agreement = views.overview.agreement_page(site, compared).model
    assert [(f.heading, f.anchor) for f in agreement.figures] == [("Muscle's share", "figure-m")]
