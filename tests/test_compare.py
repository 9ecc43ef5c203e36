"""Comparison across articles: one small project per row of docs/agreement-rules.md (each test is
named for its row), the hierarchy it goes through, the words readers see, and properties that must
hold of any map (symmetric, each pair once, the pairs a plain scan of every pair would find)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, make_article, make_claim, make_entity, make_project, make_quantity, make_relation
from evidmap.analyse import analyse
from evidmap.compare import Comparison, classify, comparable, compare, kind_key
from evidmap.hierarchy import Link, build_hierarchy, cycles
from evidmap.paths import Linker
from evidmap.records import Entity, Project, Relation, Setting
from evidmap.views.comparisons import ComparisonViews, chain_words, mid_sentence, plural
from evidmap.views.index import build_index


def _project(statements: list[tuple[str, Relation]], entities: tuple[Entity, ...] = (), figures=()) -> Project:
    """One claim per (article, relation), numbered in the order given; figures: (article, value)."""
    named = {e.id for e in entities}
    used = {x for _, r in statements for x in (r.subject, r.object) if x not in named}
    articles = sorted({a for a, _ in statements} | {a for a, _ in figures})
    claims = [make_claim(f"c{i}", article, number=i, relations=(relation,)) for i, (article, relation) in enumerate(statements)]
    claims += [make_claim(f"f{i}", article, number=100 + i, quantity=make_quantity(value))
               for i, (article, value) in enumerate(figures)]
    return make_project([make_article(a) for a in articles], sorted(claims, key=lambda c: c.id),
                        entities=sorted([*entities, *(make_entity(e) for e in used)], key=lambda e: e.id))


def _compared(statements, entities=()) -> list[Comparison]:
    return list(analyse(_project(statements, tuple(entities))).comparisons.compared)


def _stance(statements, entities=()) -> str:
    [comparison] = _compared(statements, entities)
    return comparison.stance.id


def rel(subject="x", obj="y", effect="positive", predicate="acts on", context=None, **setting) -> Relation:
    return make_relation(subject, obj, effect, predicate=predicate, context=context, setting=Setting(**setting))


TISSUES = (make_entity("muscle", kind="tissue"), make_entity("liver", kind="tissue"),
           make_entity("fat", kind="tissue"), make_entity("visceral-fat", kind="tissue", is_a=("fat",)),
           make_entity("obesity", kind="condition"), make_entity("diabetes", kind="condition"))


# --- the rows of docs/agreement-rules.md ----------------------------------------------------------------

def test_rule_R1_the_same_effect_agrees():
    assert _stance([("a1", rel()), ("a2", rel())]) == "agree"


def test_rule_R2_claims_that_differ_only_in_wording_never_conflict():
    """No false conflict: predicates of one sign, the free-text context and the statement are wording."""
    worded = [("a1", rel(effect="negative", predicate="inhibits", context="in muscle")),
              ("a2", rel(effect="negative", predicate="reduces", context="in the skeletal muscle of older people")),
              ("a3", rel(effect="negative", predicate="phosphorylates", context="at two serines"))]
    assert [c.stance.id for c in _compared(worded)] == ["agree"]  # one kind: stated alike by three articles
    # and opposite signs worded differently are a conflict, not "depends on context": free text is no setting
    assert _stance([("a1", rel(effect="negative", context="in muscle")), ("a2", rel(context="in the liver"))]) == "conflict"


def test_rule_R3_opposite_effects_with_nothing_to_tell_their_contexts_apart_conflict():
    assert _stance([("a1", rel()), ("a2", rel(effect="negative"))]) == "conflict"
    # one states a setting, the other none: nothing tells them apart
    assert _stance([("a1", rel(tissue="muscle", timeframe="acute")), ("a2", rel(effect="negative"))], TISSUES) == "conflict"


def test_rule_R4_opposite_effects_in_different_stated_contexts_depend_on_context():
    for field, mine, theirs in (("tissue", "muscle", "liver"), ("source", "muscle", "visceral-fat"),
                                ("population", "older adults", "mice"), ("condition", "obesity", "diabetes")):
        [comparison] = _compared([("a1", rel(**{field: mine})), ("a2", rel(effect="negative", **{field: theirs}))], TISSUES)
        assert (comparison.stance.id, comparison.differs) == ("context-dependent", (field,)), field
    # the same population in other case and spacing is the same population
    assert _stance([("a1", rel(population="Older  adults")), ("a2", rel(effect="negative", population="older adults"))]) == "conflict"


def test_rule_R5_opposite_effects_over_different_timeframes_depend_on_context():
    [comparison] = _compared([("a1", rel(timeframe="acute")), ("a2", rel(effect="negative", timeframe="chronic"))])
    assert (comparison.stance.id, comparison.differs) == ("context-dependent", ("timeframe",))


def test_rule_R6_the_same_effect_over_different_timeframes():
    assert _stance([("a1", rel(timeframe="acute")), ("a2", rel(timeframe="chronic"))]) == "different-timeframes"
    # and a timeframe only one states does not make them differ
    assert _stance([("a1", rel(timeframe="acute")), ("a2", rel())]) == "agree"


def test_rule_R7_the_same_effect_in_different_contexts_agrees():
    [comparison] = _compared([("a1", rel(tissue="muscle", timeframe="acute")),
                              ("a2", rel(tissue="liver", timeframe="acute"))], TISSUES)
    assert (comparison.stance.id, comparison.differs) == ("agree", ("tissue",))


def test_rule_R8_context_entities_in_line_do_not_differ():
    [comparison] = _compared([("a1", rel(source="fat")), ("a2", rel(effect="negative", source="visceral-fat"))], TISSUES)
    assert (comparison.stance.id, comparison.differs) == ("conflict", ())


EXERCISE = (make_entity("exercise", kind="intervention"),
            make_entity("aerobic", kind="intervention", is_a=("exercise",)),
            make_entity("walking", kind="intervention", is_a=("aerobic",)),
            make_entity("resistance", kind="intervention", is_a=("exercise",)),
            make_entity("sensitivity", kind="outcome"),
            make_entity("signalling", kind="process", part_of=("sensitivity",)),
            make_entity("irs1", part_of=("signalling",)))


def test_rule_R9_a_broader_and_a_narrower_entity_are_compared_two_and_three_levels_apart():
    # two levels: aerobic training is a kind of exercise
    [two] = _compared([("a1", rel("exercise", "sensitivity")), ("a2", rel("aerobic", "sensitivity", "negative"))], EXERCISE)
    assert two.stance.id == "conflict"
    assert [(link.narrower, link.kind, link.broader) for link in two.subject_path] == [("aerobic", "is-a", "exercise")]
    # three levels: walking is a kind of aerobic training, which is a kind of exercise
    [three] = _compared([("a1", rel("walking", "sensitivity", timeframe="acute")),
                         ("a2", rel("exercise", "sensitivity", timeframe="chronic"))], EXERCISE)
    assert three.stance.id == "different-timeframes"
    assert [link.broader for link in three.subject_path] == ["aerobic", "exercise"]
    # the narrower entity on both sides at once: subject below, object above
    [both] = _compared([("a1", rel("exercise", "signalling", "negative")), ("a2", rel("walking", "sensitivity"))], EXERCISE)
    assert both.stance.id == "conflict" and both.subject_path and both.object_path


def test_rule_R10_a_part_and_its_whole_are_compared_at_any_depth():
    [comparison] = _compared([("a1", rel("tnf", "irs1", "negative")), ("a2", rel("tnf", "sensitivity"))], EXERCISE)
    assert comparison.stance.id == "conflict"
    assert [(link.narrower, link.kind, link.broader) for link in comparison.object_path] == [
        ("irs1", "part-of", "signalling"), ("signalling", "part-of", "sensitivity")]


def test_rule_R11_two_narrower_entities_of_one_broader_one_are_not_compared():
    assert _compared([("a1", rel("walking", "sensitivity")), ("a2", rel("resistance", "sensitivity", "negative"))], EXERCISE) == []


def test_rule_R12_statements_without_a_sign_memberships_and_the_other_direction_are_not_compared():
    for theirs in (rel(effect="unknown"), rel(effect="part"), rel("y", "x", "negative")):
        assert _compared([("a1", rel()), ("a2", theirs)]) == [], theirs


def test_rule_R13_two_claims_of_one_article_are_not_compared():
    assert _compared([("a1", rel()), ("a1", rel(effect="negative"))]) == []


def test_rule_R14_figures_for_one_measure_agree_or_differ():
    figures = analyse(_project([], figures=[("a1", "5%"), ("a2", "5%")])).figures
    assert [f.stance.id for f in figures] == ["agree"]
    figures = analyse(_project([], figures=[("a1", "5%"), ("a2", "about 7%")])).figures
    assert [f.stance.id for f in figures] == ["different-figures"]


def test_every_row_of_the_rule_table_has_its_test():
    rows = re.findall(r"^\| (R\d+) \|", (ROOT / "docs/agreement-rules.md").read_text("utf-8"), re.M)
    tests = {name.split("_")[2] for name in globals() if name.startswith("test_rule_R")}
    assert rows and sorted(rows, key=lambda r: int(r[1:])) == rows
    assert set(rows) == tests


# --- the hierarchy ----------------------------------------------------------------------------------------

def test_ancestors_are_transitive_and_siblings_are_not_in_line():
    hierarchy = build_hierarchy(EXERCISE)
    assert hierarchy.above("walking") == {"aerobic", "exercise"} and hierarchy.above("irs1") == {"signalling", "sensitivity"}
    assert hierarchy.in_line("walking", "exercise") and hierarchy.in_line("exercise", "walking")
    assert not hierarchy.in_line("walking", "resistance")
    assert [link.narrower for link in hierarchy.down["exercise"]] == ["aerobic", "resistance"]


def test_cycles_are_found_once_each_from_their_smallest_entity():
    assert cycles({"b": ["c"], "c": ["a"], "a": ["b"], "d": ["d"], "e": ["a"]}) == [["a", "b", "c", "a"], ["d", "d"]]
    assert cycles({"a": ["b", "c"], "b": ["c"]}) == []


# --- what readers read -----------------------------------------------------------------------------------

def test_a_tension_reads_as_one_plain_sentence_with_the_path_that_made_it_comparable():
    entities = (make_entity("il-6", label="IL-6", kind="cytokine"), make_entity("myokines", label="Myokines", kind="cytokine"),
                make_entity("sensitivity", label="Insulin sensitivity", kind="outcome"),
                make_entity("signalling", label="Insulin signalling", kind="process", part_of=("sensitivity",)),
                make_entity("muscle", label="Skeletal muscle", kind="tissue"),
                make_entity("visceral-fat", label="Visceral fat", kind="tissue"))
    project = _project([("a", rel("il-6", "sensitivity", tissue="muscle", timeframe="acute")),
                        ("b", rel("il-6", "signalling", "negative", source="visceral-fat", timeframe="chronic"))], entities)
    project = make_project([make_article("a", title="Muscle Article"), make_article("b", title="Fat Article")],
                           project.claims, entities=project.entities)
    analysis = analyse(project)
    [comparison] = analysis.comparisons.compared
    view = ComparisonViews(build_index(project, analysis, {}, Linker(""))).of(comparison)
    assert view.stance.label == "Depends on context" and view.heading == "IL-6 and insulin sensitivity"
    assert view.plain == ("“Muscle Article” says IL-6 raises insulin sensitivity in skeletal muscle acutely; "
                          "“Fat Article” says IL-6 from visceral fat lowers insulin signalling chronically.")
    assert view.path == "Compared because insulin signalling is part of insulin sensitivity."
    assert view.differs == "The stated contexts differ in the timeframe."
    assert [s.row.verdict.id for s in view.first.statements + view.second.statements] == ["not-appraised"] * 2
    assert dict(view.second.setting)["From"] == "Visceral fat"


def test_labels_inside_a_sentence_keep_the_capitals_of_names_and_their_number():
    assert [mid_sentence(x) for x in ("Insulin sensitivity", "IL-6", "AMPK", "mTORC1", "Ca2+-dependent kinases", "Exercise")] == [
        "insulin sensitivity", "IL-6", "AMPK", "mTORC1", "Ca2+-dependent kinases", "exercise"]
    assert [plural(x) for x in ("Myokines", "β-cells", "Rab GTPases", "Type 2 diabetes", "Mitochondrial biogenesis", "ROS")] == [
        True, True, True, False, False, False]
    labels = {"il-6": "IL-6", "myokines": "Myokines", "ceramides": "Ceramides", "ectopic-fat": "Ectopic fat",
              "walking": "Walking", "aerobic": "Aerobic training", "exercise": "Exercise"}
    assert chain_words((Link("il-6", "is-a", "myokines"),), labels.get) == "IL-6 is a kind of myokine"
    assert chain_words((Link("ceramides", "part-of", "ectopic-fat"),), labels.get) == "ceramides are part of ectopic fat"
    assert chain_words((Link("walking", "is-a", "aerobic"), Link("aerobic", "is-a", "exercise")), labels.get) == (
        "walking is a kind of aerobic training, which is a kind of exercise")


# --- properties of any map --------------------------------------------------------------------------------

@st.composite
def _maps(draw):
    """Up to 7 entities, each a kind or part of up to two of those before it (so no cycle), and up to
    12 statements of up to 3 articles with random signs and settings."""
    n = draw(st.integers(2, 7))
    entities = []
    for i in range(n):
        parents = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        kinds = draw(st.lists(st.booleans(), min_size=len(parents), max_size=len(parents)))
        entities.append(make_entity(f"e{i}", kind="tissue",
                                    is_a=tuple(f"e{p}" for p, k in zip(parents, kinds) if k),
                                    part_of=tuple(f"e{p}" for p, k in zip(parents, kinds) if not k)))
    entity = st.sampled_from([e.id for e in entities])
    setting = st.builds(Setting, source=st.none() | entity, tissue=st.none() | entity,
                        population=st.none() | st.sampled_from(["adults", "Adults", "mice"]),
                        timeframe=st.none() | st.sampled_from(["acute", "chronic"]))
    relation = st.builds(lambda s, o, e, setting: make_relation(s, o, e, setting=setting),
                         entity, entity, st.sampled_from(["positive", "negative", "positive", "unknown"]), setting)
    statements = draw(st.lists(st.tuples(st.sampled_from(["a1", "a2", "a3"]), relation), max_size=12))
    return _project(statements, tuple(entities))


def _found(project: Project) -> set:
    return {(frozenset((c.first.key, c.second.key)), c.stance.id) for c in analyse(project).comparisons.compared}


@settings(max_examples=200, deadline=None)
@given(_maps())
def test_comparison_is_symmetric_finds_each_pair_once_and_every_pair_a_plain_scan_finds(project):
    analysis = analyse(project)
    compared = analysis.comparisons.compared
    hierarchy = analysis.hierarchy
    pairs = [frozenset((c.first.key, c.second.key)) for c in compared]
    assert len(pairs) == len(set(pairs))  # never a pair twice
    assert len({c.id for c in compared}) == len(compared)
    # the plain scan: every two statements of different articles, each way round
    statements = [(c.article, r) for c in project.claims for r in c.relations]
    expected = set()
    for article, mine in statements:
        for other, theirs in statements:
            if article != other and comparable(mine, theirs, hierarchy):
                found = classify(mine, theirs, hierarchy)
                assert found == classify(theirs, mine, hierarchy)  # symmetric
                expected.add((frozenset((kind_key(mine), kind_key(theirs))), found.id))
    assert _found(project) == expected
    # and the same whatever order the claims come in
    backwards = make_project(project.articles, tuple(reversed(project.claims)), entities=project.entities)
    assert _found(backwards) == expected
    for comparison in compared:  # every claim lists the comparisons it is in
        for claim_id in comparison.claims:
            assert comparison in analysis.comparisons.of_claim[claim_id]


def test_compare_runs_on_the_hierarchy_it_is_given():
    project = _project([("a1", rel("walking", "sensitivity")), ("a2", rel("exercise", "sensitivity"))], EXERCISE)
    assert len(compare(project, build_hierarchy(EXERCISE)).compared) == 1
    assert compare(project, build_hierarchy(())).compared == ()
